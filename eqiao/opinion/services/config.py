"""Configuring the monitoring desk from the workbench: the sources posts come from, the
watch-list and the alert rules. Every change is checked (a clear Chinese message names what
is wrong), allowed by `opinion.configure` and written to the audit log.

Sources and alert rules serve the whole installation, so only holders of
`opinion.configure` at the city procuratorate (the root of the tree) change them; a watch
term tied to an office may be changed by a holder in that office's line."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.opinion.models import (
    AlertColour,
    AlertRule,
    AlertTrigger,
    Source,
    SourceKind,
    WatchKind,
    WatchTerm,
)
from eqiao.opinion.services.ingest import PostInput

CAPABILITY = "opinion.configure"
POLL_MIN, POLL_MAX = 5, 24 * 60
ESCALATE_MIN, ESCALATE_MAX = 5, 7 * 24 * 60
MAX_REACH = 100_000_000
MAX_BULK_LINES = 500
POLLED_KINDS = (SourceKind.RSS, SourceKind.SEARCH)
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")

AUDIT_ACTIONS = {
    "opinion.source_create": gettext_lazy("添加舆情来源"),
    "opinion.source_update": gettext_lazy("修改舆情来源"),
    "opinion.source_pause": gettext_lazy("暂停舆情来源"),
    "opinion.source_resume": gettext_lazy("恢复舆情来源"),
    "opinion.source_delete": gettext_lazy("删除舆情来源"),
    "opinion.source_fetch": gettext_lazy("立即抓取舆情来源"),
    "opinion.watch_term_add": gettext_lazy("添加监测词"),
    "opinion.watch_term_update": gettext_lazy("修改监测词"),
    "opinion.watch_term_remove": gettext_lazy("删除监测词"),
    "opinion.alert_rule_create": gettext_lazy("添加预警规则"),
    "opinion.alert_rule_update": gettext_lazy("修改预警规则"),
    "opinion.alert_rule_enable": gettext_lazy("启用预警规则"),
    "opinion.alert_rule_disable": gettext_lazy("停用预警规则"),
}


def config_register() -> None:
    """Name this module's audit actions (called from the app's `ready()`)."""
    from eqiao.core.audit import audit_actions_register

    audit_actions_register(AUDIT_ACTIONS)


def city_office() -> Procuratorate | None:
    return Procuratorate.objects.filter(parent__isnull=True).order_by("pk").first()


def _require_city(actor: Staff) -> None:
    require(actor, CAPABILITY, city_office())


def _audit(actor: Staff, action: str, target, **detail) -> None:
    audit_log(actor=actor.user, action=action, target=target, detail=detail)


# -- sources ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInput:
    name: str
    kind: str
    url: str = ""
    query: str = ""
    poll_minutes: int = 15


def _url_clean(url: str, *, kind: str) -> str:
    url = url.strip()
    if not url:
        if kind in POLLED_KINDS:
            raise ApplicationError(_("请填写抓取地址。"), field="url")
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApplicationError(
            _("抓取地址不正确：须以 http:// 或 https:// 开头并带有网站域名。"), field="url"
        )
    if any(ch.isspace() for ch in url):
        raise ApplicationError(_("抓取地址中不能有空格。"), field="url")
    if len(url) > 500:
        raise ApplicationError(_("抓取地址过长（最多 500 个字符）。"), field="url")
    return url


def source_input_clean(data: SourceInput) -> SourceInput:
    """The input with spaces trimmed; ApplicationError (naming the field) when it is wrong."""
    name = data.name.strip()
    if not name:
        raise ApplicationError(_("请填写来源名称。"), field="name")
    if len(name) > 100:
        raise ApplicationError(_("来源名称过长（最多 100 个字）。"), field="name")
    if data.kind not in SourceKind.values:
        raise ApplicationError(_("请选择来源类型。"), field="kind")
    url = _url_clean(data.url, kind=data.kind)
    query = data.query.strip()
    if data.kind == SourceKind.SEARCH and not query:
        raise ApplicationError(_("平台搜索接口须填写搜索词。"), field="query")
    if len(query) > 200:
        raise ApplicationError(_("搜索词过长（最多 200 个字）。"), field="query")
    if not POLL_MIN <= data.poll_minutes <= POLL_MAX:
        raise ApplicationError(
            _("抓取间隔须在 %(min)s 到 %(max)s 分钟之间。") % {"min": POLL_MIN, "max": POLL_MAX},
            field="poll_minutes",
        )
    return dataclasses.replace(data, name=name, url=url, query=query)


def source_create(*, actor: Staff, code: str, data: SourceInput, active: bool = True) -> Source:
    """A new source; a polled one (RSS, search) is due at once."""
    _require_city(actor)
    code = code.strip()
    if not code or not _CODE.match(code) or len(code) > 60:
        raise ApplicationError(
            _("代码只能由字母、数字、连字符和下划线组成（最多 60 个字符）。"), field="code"
        )
    data = source_input_clean(data)
    taken = Source.objects.filter(code=code).first()
    if taken is not None:
        raise ApplicationError(
            _("代码“%(code)s”已被来源“%(name)s”使用。") % {"code": code, "name": taken.name},
            field="code",
        )
    try:
        with transaction.atomic():
            source = Source.objects.create(
                code=code,
                active=active,
                next_poll_at=timezone.now() if data.kind in POLLED_KINDS else None,
                **dataclasses.asdict(data),
            )
            _audit(actor, "opinion.source_create", source, code=code, kind=data.kind)
    except IntegrityError as exc:  # a parallel request took the code first
        raise ApplicationError(
            _("代码“%(code)s”已被使用。") % {"code": code}, field="code"
        ) from exc
    return source


def source_update(*, actor: Staff, source: Source, data: SourceInput) -> Source:
    """Change a source's name, address, search words or interval (its code and kind stay).
    A new address forgets the old one's ETag, so the next poll reads the feed in full."""
    _require_city(actor)
    data = source_input_clean(dataclasses.replace(data, kind=source.kind))
    changed = {
        f: [getattr(source, f), getattr(data, f)]
        for f in ("name", "url", "query", "poll_minutes")
        if getattr(source, f) != getattr(data, f)
    }
    if not changed:
        return source
    if "url" in changed or "query" in changed:
        source.etag = source.last_modified = ""
    source.name, source.url, source.query = data.name, data.url, data.query
    source.poll_minutes = data.poll_minutes
    with transaction.atomic():
        source.save()
        _audit(actor, "opinion.source_update", source, changed=changed)
    return source


def source_pause(*, actor: Staff, source: Source) -> Source:
    _require_city(actor)
    if not source.active:
        raise ApplicationError(_("该来源已暂停。"))
    source.active = False
    with transaction.atomic():
        source.save(update_fields=["active"])
        _audit(actor, "opinion.source_pause", source)
    return source


def source_resume(*, actor: Staff, source: Source) -> Source:
    """Resume a paused source; a polled one is due at once (its back-off forgotten)."""
    _require_city(actor)
    if source.active:
        raise ApplicationError(_("该来源正在使用，无需恢复。"))
    source.active = True
    if source.kind in POLLED_KINDS:
        source.failures = 0
        source.next_poll_at = timezone.now()
    with transaction.atomic():
        source.save(update_fields=["active", "failures", "next_poll_at"])
        _audit(actor, "opinion.source_resume", source)
    return source


def source_delete(*, actor: Staff, source: Source) -> bool:
    """Delete a source that has no posts (True); one with posts is paused instead (False),
    since its posts and their events must keep where they came from."""
    _require_city(actor)
    posts = source.posts.count()
    if posts:
        if source.active:
            source_pause(actor=actor, source=source)
        return False
    with transaction.atomic():
        _audit(actor, "opinion.source_delete", source, code=source.code, name=source.name)
        source.delete()
    return True


def source_fetch_now(*, actor: Staff, source: Source) -> Source:
    """Make the source due now and queue the polling task (after the commit)."""
    _require_city(actor)
    if source.kind not in POLLED_KINDS:
        raise ApplicationError(
            _("“%(kind)s”类型的来源由对方推送或导入，不能主动抓取。")
            % {"kind": source.get_kind_display()}
        )
    if not source.active:
        raise ApplicationError(_("该来源已暂停，请先恢复再抓取。"))
    source.next_poll_at = timezone.now()
    with transaction.atomic():
        source.save(update_fields=["next_poll_at"])
        _audit(actor, "opinion.source_fetch", source)
        transaction.on_commit(_enqueue_poll)
    return source


def _enqueue_poll() -> None:
    from eqiao.opinion.tasks import opinion_poll_task

    opinion_poll_task.enqueue()


@dataclass(frozen=True)
class Probe:
    """What a test fetch found: the first posts, how many there were in all."""

    posts: list[PostInput]
    total: int


def source_probe(*, actor: Staff, data: SourceInput, limit: int = 20) -> Probe:
    """Read a feed or search API once, as the poller would, and store nothing (not even
    the ETag). Call outside any transaction: it waits on the network (10 s at most)."""
    import httpx

    from eqiao.opinion.services.feeds import TIMEOUT, JsonSearchClient, SourceError, feed_fetch

    require(actor, CAPABILITY, None)
    data = source_input_clean(data)
    if data.kind not in POLLED_KINDS:
        raise ApplicationError(_("只有 RSS/Atom 订阅和平台搜索接口可以试抓取。"), field="kind")
    scratch = Source(code="probe", name=data.name, kind=data.kind, url=data.url, query=data.query)
    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=True) as client:
            if data.kind == SourceKind.RSS:
                posts = feed_fetch(scratch, client) or []
            else:
                posts = JsonSearchClient(data.url, client).search(data.query)
    except SourceError as exc:
        raise ApplicationError(_("试抓取失败：%(error)s") % {"error": exc}) from exc
    return Probe(posts=posts[:limit], total=len(posts))


# -- watch terms ---------------------------------------------------------------------------


def _term_clean(term: str) -> str:
    term = " ".join(term.split())
    if not term:
        raise ApplicationError(_("请填写监测词。"), field="term")
    if len(term) < 2:
        raise ApplicationError(
            _("监测词“%(term)s”太短，至少两个字。") % {"term": term}, field="term"
        )
    if len(term) > 60:
        raise ApplicationError(_("监测词过长（最多 60 个字）。"), field="term")
    return term


def _term_require(actor: Staff, office: Procuratorate | None) -> None:
    require(actor, CAPABILITY, office or city_office())


def _term_conflict(kind: str, term: str, exclude_pk: int | None = None) -> str | None:
    """Why (kind, term) cannot be stored: the same term is listed already."""
    others = WatchTerm.objects.filter(term=term)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    same = others.filter(kind=kind).first()
    if same is not None:
        return _("监测词“%(term)s”已存在（%(kind)s）。") % {
            "term": term,
            "kind": same.get_kind_display(),
        }
    # One word cannot both make a post relevant and rule it out.
    opposite = (
        [WatchKind.NAME, WatchKind.KEYWORD]
        if kind == WatchKind.EXCLUSION
        else [WatchKind.EXCLUSION]
    )
    clash = others.filter(kind__in=opposite).first()
    if clash is not None:
        return _("“%(term)s”已是%(kind)s，不能同时作为%(new)s。") % {
            "term": term,
            "kind": clash.get_kind_display(),
            "new": WatchKind(kind).label,
        }
    return None


def watch_term_add(
    *, actor: Staff, kind: str, term: str, office: Procuratorate | None = None, note: str = ""
) -> WatchTerm:
    if kind not in WatchKind.values:
        raise ApplicationError(_("请选择监测词类别。"), field="kind")
    term = _term_clean(term)
    _term_require(actor, office)
    conflict = _term_conflict(kind, term)
    if conflict:
        raise ApplicationError(conflict, field="term")
    try:
        with transaction.atomic():
            watch = WatchTerm.objects.create(
                kind=kind, term=term, office=office, note=note.strip()[:200]
            )
            _audit(actor, "opinion.watch_term_add", watch, kind=kind, term=term)
    except IntegrityError as exc:
        raise ApplicationError(
            _("监测词“%(term)s”已存在。") % {"term": term}, field="term"
        ) from exc
    return watch


def watch_term_update(
    *,
    actor: Staff,
    watch: WatchTerm,
    term: str,
    office: Procuratorate | None,
    note: str = "",
    active: bool = True,
) -> WatchTerm:
    """Change a term's wording, office, note or whether it is in force (its kind stays)."""
    _term_require(actor, watch.office)
    term = _term_clean(term)
    _term_require(actor, office)
    conflict = _term_conflict(watch.kind, term, exclude_pk=watch.pk)
    if conflict:
        raise ApplicationError(conflict, field="term")
    before = {"term": watch.term, "office": watch.office_id, "active": watch.active}
    watch.term, watch.office, watch.note, watch.active = term, office, note.strip()[:200], active
    with transaction.atomic():
        watch.save()
        _audit(
            actor,
            "opinion.watch_term_update",
            watch,
            before=before,
            after={"term": term, "office": watch.office_id, "active": active},
        )
    return watch


def watch_term_remove(*, actor: Staff, watch: WatchTerm) -> None:
    _term_require(actor, watch.office)
    with transaction.atomic():
        _audit(actor, "opinion.watch_term_remove", watch, kind=watch.kind, term=watch.term)
        watch.delete()


@dataclass
class BulkResult:
    added: list[WatchTerm]
    skipped: list[str]  # already listed, or repeated in the pasted lines


def watch_terms_parse(lines: str) -> list[tuple[str, str]]:
    """(term, note) per non-empty pasted line: "词语" or "词语，备注" (a comma or a tab
    separates the note). ApplicationError names the first bad line."""
    rows = []
    numbered = [(n, line.strip()) for n, line in enumerate(lines.splitlines(), start=1)]
    numbered = [(n, line) for n, line in numbered if line]
    if not numbered:
        raise ApplicationError(_("请粘贴监测词，每行一个。"), field="lines")
    if len(numbered) > MAX_BULK_LINES:
        raise ApplicationError(
            _("一次最多添加 %(n)s 个监测词。") % {"n": MAX_BULK_LINES}, field="lines"
        )
    for number, line in numbered:
        parts = re.split(r"[,，\t]", line, maxsplit=1)
        term, note = parts[0], parts[1] if len(parts) > 1 else ""
        try:
            rows.append((_term_clean(term), note.strip()))
        except ApplicationError as exc:
            raise ApplicationError(
                _("第 %(line)s 行：%(error)s") % {"line": number, "error": exc.message},
                field="lines",
            ) from exc
    return rows


def watch_terms_bulk_add(
    *, actor: Staff, kind: str, lines: str, office: Procuratorate | None = None
) -> BulkResult:
    """Add every pasted term; ones already listed (or pasted twice) are skipped and named.
    A line that cannot be a term, or a term listed with the opposite meaning, stops the
    whole paste with its line number: nothing is stored."""
    if kind not in WatchKind.values:
        raise ApplicationError(_("请选择监测词类别。"), field="kind")
    _term_require(actor, office)
    rows = watch_terms_parse(lines)
    fresh: dict[str, str] = {}
    skipped: list[str] = []
    for number, (term, note) in enumerate(rows, start=1):
        if term in fresh or WatchTerm.objects.filter(kind=kind, term=term).exists():
            skipped.append(term)
            continue
        conflict = _term_conflict(kind, term)
        if conflict:
            raise ApplicationError(
                _("第 %(line)s 个：%(error)s") % {"line": number, "error": conflict},
                field="lines",
            )
        fresh[term] = note
    added = []
    with transaction.atomic():
        for term, note in fresh.items():
            watch = WatchTerm.objects.create(kind=kind, term=term, office=office, note=note[:200])
            _audit(actor, "opinion.watch_term_add", watch, kind=kind, term=term, bulk=True)
            added.append(watch)
    return BulkResult(added=added, skipped=skipped)


# -- alert rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInput:
    name: str
    trigger: str
    colour: str
    min_reach: int = 0
    send_sms: bool = True
    escalate_minutes: int = 30


def rule_input_clean(data: RuleInput, *, exclude_pk: int | None = None) -> RuleInput:
    name = data.name.strip()
    if not name:
        raise ApplicationError(_("请填写规则名称。"), field="name")
    if len(name) > 80:
        raise ApplicationError(_("规则名称过长（最多 80 个字）。"), field="name")
    if data.trigger not in AlertTrigger.values:
        raise ApplicationError(_("请选择触发条件。"), field="trigger")
    if data.colour not in AlertColour.values:
        raise ApplicationError(_("请选择预警级别（红、橙、黄、蓝）。"), field="colour")
    if not 0 <= data.min_reach <= MAX_REACH:
        raise ApplicationError(
            _("最低传播量须在 0 到 %(max)s 之间。") % {"max": MAX_REACH}, field="min_reach"
        )
    if not ESCALATE_MIN <= data.escalate_minutes <= ESCALATE_MAX:
        raise ApplicationError(
            _("升级时间须在 %(min)s 到 %(max)s 分钟之间。")
            % {"min": ESCALATE_MIN, "max": ESCALATE_MAX},
            field="escalate_minutes",
        )
    twin = AlertRule.objects.filter(trigger=data.trigger, min_reach=data.min_reach)
    if exclude_pk is not None:
        twin = twin.exclude(pk=exclude_pk)
    found = twin.first()
    if found is not None:
        raise ApplicationError(
            _("已有触发条件和最低传播量都相同的规则“%(name)s”，请修改那一条。")
            % {"name": found.name},
            field="min_reach",
        )
    return dataclasses.replace(data, name=name)


def alert_rule_create(*, actor: Staff, data: RuleInput, active: bool = True) -> AlertRule:
    _require_city(actor)
    data = rule_input_clean(data)
    with transaction.atomic():
        rule = AlertRule.objects.create(active=active, **dataclasses.asdict(data))
        _audit(actor, "opinion.alert_rule_create", rule, **dataclasses.asdict(data))
    return rule


def alert_rule_update(*, actor: Staff, rule: AlertRule, data: RuleInput) -> AlertRule:
    _require_city(actor)
    data = rule_input_clean(data, exclude_pk=rule.pk)
    values = dataclasses.asdict(data)
    changed = {f: [getattr(rule, f), v] for f, v in values.items() if getattr(rule, f) != v}
    if not changed:
        return rule
    for f, v in values.items():
        setattr(rule, f, v)
    with transaction.atomic():
        rule.save()
        _audit(actor, "opinion.alert_rule_update", rule, changed=changed)
    return rule


def alert_rule_set_active(*, actor: Staff, rule: AlertRule, active: bool) -> bool:
    """Enable or disable a rule; True when its trigger still has an active rule after."""
    _require_city(actor)
    if rule.active == active:
        raise ApplicationError(_("该规则已启用。") if active else _("该规则已停用。"))
    rule.active = active
    with transaction.atomic():
        rule.save(update_fields=["active"])
        action = "opinion.alert_rule_enable" if active else "opinion.alert_rule_disable"
        _audit(actor, action, rule)
    return AlertRule.objects.filter(trigger=rule.trigger, active=True).exists()
