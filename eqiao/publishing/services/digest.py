"""The mobile digest (手机报): subscriber groups, issues compiled from published articles,
reviewed like an article (the automated review on its SMS text, then the office's human
steps, each by someone other than its editor), and sent, at once or at a scheduled time,
as one SMS per subscriber with a link to the issue's phone page. Staff keep the subscriber
lists (add, remove, import a CSV of phone numbers).

Subscriptions are per group; a person subscribes on the web or by replying 订阅手机报, and
leaves with 退订手机报 (this digest only) or 退订 (every message: the shared opt-out list,
which the SMS channel checks on every send).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.channels.models import OptOut, OutboundMessage
from eqiao.channels.services import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.validators import normalize_mobile, validate_mobile
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.publishing.models import (
    Article,
    ArticleStatus,
    DigestIssue,
    IssueStatus,
    Subscriber,
    SubscriberGroup,
)
from eqiao.publishing.services.issue_review import issue_decide, issue_review_start
from eqiao.publishing.services.screening import allowed_domains, scan_texts, sensitive_words

DIGEST_TEMPLATE = "publishing.digest"
SUBSCRIBED_TEMPLATE = "publishing.digest_subscribed"
UNSUBSCRIBED_TEMPLATE = "publishing.digest_unsubscribed"


def _phone(phone: str) -> str:
    try:
        validate_mobile(phone or "")
    except ValidationError:
        raise ApplicationError(_("请输入正确的11位手机号码。"), field="phone") from None
    return normalize_mobile(phone)


def subscriber_set(
    *, group: SubscriberGroup, phone: str, active: bool, method: str = "web"
) -> Subscriber:
    """Subscribe `phone` to `group` (or end it). Idempotent."""
    phone = _phone(phone)
    with transaction.atomic():
        sub, _created = Subscriber.objects.select_for_update().get_or_create(
            group=group, phone=phone, defaults={"active": active, "method": method}
        )
        if sub.active != active or _created:
            sub.active = active
            sub.method = method
            sub.changed_at = timezone.now()
            sub.save()
    return sub


def digest_create(
    *,
    actor: Staff,
    office: Procuratorate,
    title: str,
    articles: list[Article],
    groups: list[SubscriberGroup],
) -> DigestIssue:
    """A new issue numbered after the office's last, from published articles."""
    require(actor, "article.edit", office)
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("请填写标题。"), field="title")
    if not articles:
        raise ApplicationError(_("请至少选择一篇已发布的稿件。"), field="articles")
    if any(a.status != ArticleStatus.PUBLISHED for a in articles):
        raise ApplicationError(_("手机报只能收录已发布的稿件。"), field="articles")
    if not groups:
        raise ApplicationError(_("请选择发送的订阅群体。"), field="groups")
    with transaction.atomic():
        last = DigestIssue.objects.filter(office=office).aggregate(n=Max("number"))["n"] or 0
        issue = DigestIssue.objects.create(
            office=office, number=last + 1, title=title[:60], author=actor
        )
        issue.articles.set(articles)
        issue.groups.set(groups)
        audit_log(actor=actor.user, action="digest.create", target=issue)
    return issue


def digest_link(issue: DigestIssue) -> str:
    base = getattr(settings, "EQIAO_PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/digest/{issue.token}/"


def digest_sms_params(issue: DigestIssue) -> dict[str, str]:
    titles = "；".join(a.title for a in issue.articles.order_by("-published_at")[:3])
    return {
        "office": issue.office.short_name,
        "number": str(issue.number),
        "titles": titles,
        "link": digest_link(issue),
    }


def digest_submit(*, actor: Staff, issue: DigestIssue) -> DigestIssue:
    """Send the issue for review: the automated review of its SMS text first (refused with
    what it found), then the office's human steps, as for an article."""
    require(actor, "article.edit", issue.office)
    if issue.status != IssueStatus.DRAFT:
        raise ApplicationError(_("只有编辑中的手机报可以送审。"))
    params = digest_sms_params(issue)
    hits = scan_texts(
        {"title": issue.title, "short": params["titles"]},
        words=sensitive_words(),
        allowed=allowed_domains(),
        links=[],
    )
    if hits:
        raise ApplicationError(
            _("手机报内容未通过安全审查：%(items)s")
            % {"items": "、".join(sorted({h.matched for h in hits}))}
        )
    with transaction.atomic():
        locked = DigestIssue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != IssueStatus.DRAFT:
            raise ApplicationError(_("只有编辑中的手机报可以送审。"))
        issue_review_start(issue=locked)
        audit_log(actor=actor.user, action="digest.submit", target=issue)
    issue.refresh_from_db()
    return issue


def digest_decide(
    *, actor: Staff, issue: DigestIssue, approve: bool, reason: str = ""
) -> DigestIssue:
    """Decide the issue's open review step (never its own editor): the last approval lets
    it be sent, at once by hand or at its scheduled time by the worker; a rejection needs
    a reason and returns it to its editor."""
    result = issue_decide(actor=actor, issue=issue, approve=approve, reason=reason)
    assert isinstance(result, DigestIssue)
    return result


def digest_reschedule(*, actor: Staff, issue: DigestIssue, when: dt.datetime | None) -> DigestIssue:
    """Set, change or cancel (None) the time the worker sends an approved issue."""
    require(actor, "article.approve", issue.office)
    if when is not None and when <= timezone.now():
        raise ApplicationError(_("定时时间必须晚于现在。"), field="scheduled_at")
    with transaction.atomic():
        locked = DigestIssue.objects.select_for_update().get(pk=issue.pk)
        if locked.status not in (IssueStatus.DRAFT, IssueStatus.REVIEW, IssueStatus.APPROVED):
            raise ApplicationError(_("已发送的手机报不能再改定时。"))
        before = locked.scheduled_at
        locked.scheduled_at = when
        locked.save(update_fields=["scheduled_at"])
        audit_log(
            actor=actor.user,
            action="digest.reschedule",
            target=locked,
            detail={
                "from": before.isoformat() if before else "",
                "to": when.isoformat() if when else "",
            },
        )
    issue.refresh_from_db()
    return issue


def digest_send(*, actor: Staff | None, issue: DigestIssue) -> int:
    """Queue one SMS per active subscriber of the issue's groups (a phone in two groups
    gets one). Only an issue whose review approved it is sent. The idempotency key per
    issue and phone makes a second send a no-op; the channel skips numbers on the opt-out
    list. Returns how many were queued. `actor` None: the worker, at the scheduled time."""
    if actor is not None:
        require(actor, "article.approve", issue.office)
    issue.refresh_from_db()
    if issue.status not in (IssueStatus.APPROVED, IssueStatus.SENT):
        raise ApplicationError(_("手机报审核通过后才能发送。"))
    params = digest_sms_params(issue)
    phones = sorted(
        set(
            Subscriber.objects.filter(group__in=issue.groups.all(), active=True).values_list(
                "phone", flat=True
            )
        )
    )
    with transaction.atomic():
        for phone in phones:
            sms_queue(
                phone=phone,
                template=DIGEST_TEMPLATE,
                params=params,
                purpose="mobile_digest",
                ref=f"digest:{issue.pk}",
                idempotency_key=f"digest:{issue.pk}:{phone}",
            )
        DigestIssue.objects.filter(pk=issue.pk).update(
            status=IssueStatus.SENT, sent_at=issue.sent_at or timezone.now()
        )
        audit_log(
            actor=actor.user if actor else None,
            action="digest.send",
            target=issue,
            detail={"recipients": len(phones)},
        )
    return len(phones)


def digests_send_due(*, now: dt.datetime | None = None) -> list[int]:
    """Send every approved issue whose scheduled time has come (or was missed while the
    worker was down), each once: the status moves to SENT in the same transaction."""
    now = now or timezone.now()
    sent = []
    due = DigestIssue.objects.filter(
        status=IssueStatus.APPROVED, scheduled_at__isnull=False, scheduled_at__lte=now
    ).order_by("scheduled_at", "pk")
    for issue in due:
        digest_send(actor=None, issue=issue)
        sent.append(issue.pk)
    return sent


def digest_delivery_counts(issue: DigestIssue) -> dict[str, int]:
    """How the issue's messages stand: status → count."""
    rows = (
        OutboundMessage.objects.filter(ref=f"digest:{issue.pk}")
        .values("status")
        .annotate(n=Count("id"))
    )
    return {r["status"]: r["n"] for r in rows}


# -- the subscriber lists, kept by staff ---------------------------------------------------

MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 20_000


@dataclass
class ImportProblem:
    line: int
    value: str
    message: str


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    opted_out: list[ImportProblem] = field(default_factory=list)


def subscriber_add(*, actor: Staff, group: SubscriberGroup, phone: str) -> Subscriber:
    require(actor, "article.edit", group.office)
    sub = subscriber_set(group=group, phone=phone, active=True, method="staff")
    audit_log(actor=actor.user, action="digest.subscriber_add", target=group)
    return sub


def subscriber_remove(*, actor: Staff, subscriber: Subscriber) -> Subscriber:
    require(actor, "article.edit", subscriber.group.office)
    sub = subscriber_set(
        group=subscriber.group, phone=subscriber.phone, active=False, method="staff"
    )
    audit_log(actor=actor.user, action="digest.subscriber_remove", target=subscriber.group)
    return sub


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApplicationError(_("无法识别文件编码，请另存为UTF-8编码的CSV文件。"), field="file")


def subscribers_import(*, actor: Staff, group: SubscriberGroup, data: bytes) -> ImportResult:
    """Subscribe the phone numbers of a CSV file (first column; a header row is skipped)
    to `group`. Each bad row is reported with its line number and why; the good rows
    are added all the same. A number on the shared opt-out list is added but reported:
    it receives nothing until its owner opts in again."""
    require(actor, "article.edit", group.office)
    if len(data) > MAX_IMPORT_BYTES:
        raise ApplicationError(_("文件不能超过1MB。"), field="file")
    rows = list(csv.reader(io.StringIO(_decode(data))))
    if len(rows) > MAX_IMPORT_ROWS:
        raise ApplicationError(_("一次最多导入%(n)s行。") % {"n": MAX_IMPORT_ROWS}, field="file")
    result = ImportResult()
    seen: dict[str, int] = {}
    good: list[tuple[int, str, str]] = []
    for line, row in enumerate(rows, start=1):
        value = (row[0] if row else "").strip()
        if line == 1 and value and not any(ch.isdigit() for ch in value):
            continue  # a header: 手机号, phone
        if not value:
            if any(cell.strip() for cell in row):
                result.errors.append(ImportProblem(line, "", _("第一列没有手机号码。")))
            continue
        try:
            validate_mobile(value)
        except ValidationError:
            result.errors.append(ImportProblem(line, value, _("不是正确的11位手机号码。")))
            continue
        phone = normalize_mobile(value)
        if phone in seen:
            result.errors.append(
                ImportProblem(line, value, _("与第%(line)s行的号码重复。") % {"line": seen[phone]})
            )
            continue
        seen[phone] = line
        good.append((line, value, phone))
    phones = [p for _l, _v, p in good]
    opted = set(
        OptOut.objects.filter(address__in=phones, active=True).values_list("address", flat=True)
    )
    now = timezone.now()
    with transaction.atomic():
        known = dict(
            Subscriber.objects.select_for_update()
            .filter(group=group, phone__in=phones)
            .values_list("phone", "active")
        )
        fresh = [p for p in phones if p not in known]
        back = [p for p in phones if p in known and not known[p]]
        Subscriber.objects.bulk_create(
            [
                Subscriber(group=group, phone=p, active=True, method="staff", changed_at=now)
                for p in fresh
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        Subscriber.objects.filter(group=group, phone__in=back).update(
            active=True, method="staff", changed_at=now
        )
        result.added = len(fresh) + len(back)
        result.already = len(phones) - result.added
        result.opted_out = [
            ImportProblem(line, value, _("该号码已退订全部短信，不会收到手机报。"))
            for line, value, phone in good
            if phone in opted
        ]
        audit_log(
            actor=actor.user,
            action="digest.subscribers_import",
            target=group,
            detail={"added": result.added, "errors": len(result.errors)},
        )
    return result
