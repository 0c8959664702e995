"""The watch-list: terms added, changed, removed one by one or in bulk (by holders of
`opinion.configure` in the office's line)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.opinion.models import (
    WatchKind,
    WatchTerm,
)
from eqiao.opinion.services.config.common import (
    CAPABILITY,
    MAX_BULK_LINES,
    _audit,
    city_office,
)

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
