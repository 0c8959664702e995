"""Writing cases: the upsert that spreadsheet imports and the connector API share, the stage
history and its SMS to the parties, and linking a petition to a case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.cases.models import (
    Case,
    CaseParty,
    CasePetitionLink,
    CaseSource,
    CaseStage,
    Lawyer,
    LawyerStatus,
    Stage,
)
from eqiao.cases.services.records import (
    COUNSEL_ROLES,
    CaseRecord,
    RecordError,
    case_record_parse,
)
from eqiao.channels.services import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.intake.models import Petition
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_subtree

STAGE_SMS_TEMPLATE = "cases.stage_changed"
STAGE_SMS_TEXT = gettext_noop(
    "您涉及的案件%(number)s已进入%(stage)s阶段（%(date)s），承办单位：%(office)s。"
    "可在检察院网站凭案件编号和身份证号查询进度。"
)


def BUSY() -> str:  # noqa: N802 - reads like the constant message it is
    return _("这个案件正在被另一次导入或同步写入，本条未保存，请稍后重试。")


@dataclass
class UpsertResult:
    case: Case
    outcome: str  # "created", "updated", "unchanged"
    stage_changed: bool


class OfficeResolver:
    """The handling office named in a row, within the importing office's subtree (by name
    or short name); cached for a whole run."""

    def __init__(self, office: Procuratorate):
        self.office = office
        self._by_name: dict[str, Procuratorate] | None = None

    def resolve(self, name: str) -> Procuratorate:
        if not name:
            return self.office
        if self._by_name is None:
            self._by_name = {}
            for office in office_subtree(office=self.office):
                self._by_name[office.name] = office
                if office.short_name:
                    self._by_name.setdefault(office.short_name, office)
        found = self._by_name.get(name)
        if found is None:
            raise RecordError(
                [
                    _("承办单位“%(name)s”不是%(office)s或其下级单位。")
                    % {"name": name[:40], "office": self.office.name}
                ]
            )
        return found


def _stage_history(record: CaseRecord, today: dt.date) -> list[tuple[str, dt.date]]:
    """(stage, date) pairs the record states; the current stage dated by its own column,
    else by 当前阶段日期, else today (the day the change became known)."""
    history = dict(record.stage_dates)
    history.setdefault(Stage.ACCEPTED.value, record.accepted_on)
    if record.closed_on and record.stage == Stage.CLOSED.value:
        history.setdefault(Stage.CLOSED.value, record.closed_on)
    if record.stage not in history:
        history[record.stage] = record.stage_on or today
    return sorted(history.items(), key=lambda item: (item[1], Stage.values.index(item[0])))


def _case_fields(record: CaseRecord, office: Procuratorate, source: str) -> dict:
    return {
        "kind": record.kind,
        "title": record.title,
        "charge": record.charge,
        "office": office,
        "prosecutor_name": record.prosecutor_name,
        "stage": record.stage,
        "accepted_on": record.accepted_on,
        "closed_on": record.closed_on,
        **record.flags,
    }


def _prosecutor(office: Procuratorate, name: str) -> Staff | None:
    if not name:
        return None
    return Staff.objects.filter(office=office, full_name=name, is_active=True).first()


def _parties_apply(
    case: Case, record: CaseRecord, *, created: bool, lookups: BatchLookups | None
) -> None:
    """Add the record's parties and update their details; parties the record does not name
    stay (an export may list only some roles, and staff may have linked a lawyer)."""
    existing = {} if created else {(p.role, p.name): p for p in case.parties.all()}
    licences = {p.licence_number for p in record.parties if p.licence_number}
    lawyers = (
        lookups.lawyers
        if lookups is not None
        else (
            {
                lawyer.licence_number: lawyer
                for lawyer in Lawyer.objects.filter(
                    licence_number__in=licences, status=LawyerStatus.APPROVED
                )
            }
            if licences
            else {}
        )
    )
    new: list[CaseParty] = []
    for item in record.parties:
        party = existing.get((item.role, item.name))
        lawyer = lawyers.get(item.licence_number) if item.role in COUNSEL_ROLES else None
        if party is None:
            new.append(
                CaseParty(
                    case=case,
                    role=item.role,
                    name=item.name,
                    id_number=item.id_number,
                    phone=item.phone,
                    licence_number=item.licence_number,
                    lawyer=lawyer,
                )
            )
            continue
        changed = False
        for attr, value in (
            ("id_number", item.id_number),
            ("phone", item.phone),
            ("licence_number", item.licence_number),
        ):
            if value and getattr(party, attr) != value:
                setattr(party, attr, value)
                changed = True
        if lawyer is not None and party.lawyer_id != lawyer.pk:
            party.lawyer = lawyer
            changed = True
        if changed:
            party.save()
    if new:
        CaseParty.objects.bulk_create(new)


def stage_notify(*, case: Case, stage: CaseStage) -> int:
    """Queue the stage SMS to every party with a phone (sent on commit; an opted-out phone
    gets nothing). The key case+stage+date+party makes a repeated import send nothing."""
    sent = 0
    for party in case.parties.exclude(phone=""):
        sms_queue(
            phone=party.phone,
            template=STAGE_SMS_TEMPLATE,
            purpose="case_stage",
            ref=f"case:{case.pk}",
            idempotency_key=f"case-stage:{case.pk}:{stage.stage}:{stage.on}:{party.pk}",
            params={
                "number": case.number,
                "stage": str(Stage(stage.stage).label),
                "date": stage.on.isoformat(),
                "office": case.office.name,
            },
        )
        sent += 1
    stage.notified_at = timezone.now()
    stage.save(update_fields=["notified_at"])
    return sent


@dataclass
class BatchLookups:
    """What a batch of rows looks up once instead of row by row: which of its case numbers
    exist, and the approved lawyers holding its licence numbers."""

    existing: set[str]
    lawyers: dict[str, Lawyer]

    @classmethod
    def load(cls, records: list[CaseRecord]) -> BatchLookups:
        numbers = [r.number for r in records]
        licences = {p.licence_number for r in records for p in r.parties if p.licence_number}
        lawyers = Lawyer.objects.filter(licence_number__in=licences, status=LawyerStatus.APPROVED)
        return cls(
            existing=set(Case.objects.filter(number__in=numbers).values_list("number", flat=True)),
            lawyers={lawyer.licence_number: lawyer for lawyer in lawyers} if licences else {},
        )


def case_upsert(
    *,
    record: CaseRecord,
    office: Procuratorate,
    source: str = CaseSource.IMPORT,
    actor=None,
    lookups: BatchLookups | None = None,
) -> UpsertResult:
    """Create or update the case with `record.number`, in one transaction (a savepoint
    inside a caller's batch): either the whole row is written or none of it.

    A changed stage adds its CaseStage entries and queues the stage SMS to the parties; a
    new case records its history without SMS (the first import of an office's backlog must
    not text thousands of people about old news). `office` is the handling office,
    already resolved and scope-checked by the caller. `lookups`, loaded by the caller for
    a batch inside the same transaction, saves two queries a row."""
    today = timezone.localdate()
    fields = _case_fields(record, office, source)
    with transaction.atomic():
        case = None
        if lookups is None or record.number in lookups.existing:
            case = Case.objects.select_for_update().filter(number=record.number).first()
        created = case is None
        if case is None:
            # A parallel import or API call creating the same number makes this raise
            # IntegrityError: the whole row is rolled back and the caller reports it.
            case = Case.objects.create(
                number=record.number,
                source=source,
                prosecutor=_prosecutor(office, record.prosecutor_name),
                **fields,
            )
        old_stage = None if created else case.stage
        changed = created
        if not created:
            for attr, value in fields.items():
                if getattr(case, attr) != value:
                    setattr(case, attr, value)
                    changed = True
            if changed:
                case.updated_at = timezone.now()
                case.save()
        known = set() if created else set(case.stages.values_list("stage", "on"))
        new_entries = [
            CaseStage(case=case, stage=stage, on=day)
            for stage, day in _stage_history(record, today)
            if (stage, day) not in known
        ]
        CaseStage.objects.bulk_create(new_entries, ignore_conflicts=True)
        _parties_apply(case, record, created=created, lookups=lookups)
        stage_changed = old_stage is not None and old_stage != case.stage
        if stage_changed:
            current = case.stages.filter(stage=case.stage).order_by("-on", "-id").first()
            if current is not None and current.notified_at is None:
                stage_notify(case=case, stage=current)
            audit_log(
                actor=actor,
                action="case.stage_change",
                target=case,
                detail={"from": old_stage, "to": case.stage, "source": source},
            )
        if created:
            outcome = "created"
        else:
            outcome = "updated" if changed or new_entries else "unchanged"
    return UpsertResult(case=case, outcome=outcome, stage_changed=stage_changed)


def cases_upsert_batch(*, items: list[dict], client_name: str) -> list[dict]:
    """Upsert cases sent by the connector, each checked and written on its own; the
    handling office is looked up in the whole office tree. Returns one result per item."""
    root = Procuratorate.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise ApplicationError(_("还没有建立单位。"))
    resolver = OfficeResolver(root)
    results: list[dict] = []
    seen: set[str] = set()
    for index, values in enumerate(items):
        number = str(values.get("number") or "")[:64]
        try:
            record = case_record_parse(values)
            if not record.office_name:
                raise RecordError([_("缺少承办单位。")])
            if record.number in seen:
                raise RecordError([_("同一批次中案件编号重复。")])
            seen.add(record.number)
            office = resolver.resolve(record.office_name)
            result = case_upsert(record=record, office=office, source=CaseSource.API)
        except IntegrityError:
            results.append(
                {"index": index, "number": number, "outcome": "rejected", "errors": [BUSY()]}
            )
            continue
        except RecordError as exc:
            results.append(
                {"index": index, "number": number, "outcome": "rejected", "errors": exc.reasons}
            )
            continue
        if result.outcome != "unchanged":
            audit_log(
                actor=None,
                action="case.api_upsert",
                target=result.case,
                detail={"client": client_name, "outcome": result.outcome},
            )
        results.append(
            {
                "index": index,
                "number": result.case.number,
                "outcome": result.outcome,
                "stage_changed": result.stage_changed,
                "errors": [],
            }
        )
    return results


# --- Petitions --------------------------------------------------------------------------


def case_petition_link(*, actor: Staff, case: Case, tracking_number: str) -> CasePetitionLink:
    """Link the petition with `tracking_number` to `case`. The actor needs `case.link` on
    the case's office and must see the petition's office too."""
    require(actor, "case.link", case.office)
    number = "".join(ch for ch in tracking_number if ch.isdigit())
    petition = Petition.objects.filter(tracking_number=number).select_related("office").first()
    if petition is None or not petition.office.is_within(actor.office):
        raise NotFoundError(
            _("没有找到受理编号为“%(number)s”的信访件（或不在您的管辖范围内）。")
            % {"number": tracking_number[:30]},
        )
    link, created = CasePetitionLink.objects.get_or_create(
        case=case, petition=petition, defaults={"linked_by": actor.user}
    )
    if not created:
        raise ApplicationError(_("该信访件已关联到本案。"), field="tracking_number")
    audit_log(
        actor=actor.user,
        action="case.petition_link",
        target=case,
        detail={"petition": petition.tracking_number},
    )
    return link


def case_petition_unlink(*, actor: Staff, link: CasePetitionLink) -> None:
    require(actor, "case.link", link.case.office)
    audit_log(
        actor=actor.user,
        action="case.petition_unlink",
        target=link.case,
        detail={"petition": link.petition.tracking_number},
    )
    link.delete()
