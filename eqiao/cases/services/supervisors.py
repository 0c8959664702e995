"""People's supervisors: the roster, activities they are invited to by SMS (accept or decline
through a signed link that expires), attendance, and their opinions with the office's answer.

The link is made by the page layer (`link_for(token)`): a domain app names no page URL."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eqiao.cases.models import (
    Case,
    InvitationStatus,
    OpinionSource,
    PeopleSupervisor,
    SupervisionActivity,
    SupervisionInvitation,
    SupervisionOpinion,
)
from eqiao.cases.models.supervisors import ActivityKind
from eqiao.cases.registry_disclosure import (
    SMS_OPINION_ANSWERED,
    SMS_SUPERVISION_INVITATION,
    SUPERVISOR_MANAGE,
)
from eqiao.channels.services import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.core.validators import normalize_mobile, validate_mobile
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff

TOKEN_SALT = "eqiao.cases.supervision_invitation"
# An invitation may be answered until the activity starts; an opinion may be written
# through the link for this long after it.
OPINION_DAYS_AFTER = 30
OPINION_MAX = 5000
LinkFor = Callable[[str], str]


def _phone(value: str) -> str:
    phone = normalize_mobile("".join(c for c in (value or "") if c.isdigit()))
    if not phone:
        raise ApplicationError(_("请填写手机号。"), field="phone")
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="phone") from exc
    return phone


def _text(value: str, *, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    if len(value) > limit:
        raise ApplicationError(_("不能超过%(n)s个字。") % {"n": limit}, field=field)
    if "\x00" in value:
        raise ApplicationError(_("含有无法识别的字符，请删除后重新填写。"), field=field)
    return value


# --- Roster -----------------------------------------------------------------------------


def supervisor_save(
    *,
    actor: Staff,
    office: Procuratorate,
    name: str,
    phone: str,
    unit: str,
    term_start: dt.date,
    term_end: dt.date,
    active: bool = True,
    supervisor: PeopleSupervisor | None = None,
) -> PeopleSupervisor:
    """Add a supervisor to `office`'s roster, or change one (`supervisor`)."""
    require(actor, SUPERVISOR_MANAGE, office)
    if supervisor is not None:
        require(actor, SUPERVISOR_MANAGE, supervisor.office)
    name = _text(name, field="name", message=_("请填写姓名。"), limit=50)
    phone = _phone(phone)
    unit = (unit or "").strip()[:100]
    if not term_start or not term_end:
        raise ApplicationError(_("请填写任期起止日期。"), field="term_end")
    if term_end <= term_start:
        raise ApplicationError(_("任期结束日期应晚于开始日期。"), field="term_end")
    record = supervisor or PeopleSupervisor(office=office)
    record.office, record.name, record.phone, record.unit = office, name, phone, unit
    record.term_start, record.term_end, record.active = term_start, term_end, active
    try:
        with transaction.atomic():
            record.save()
            audit_log(
                actor=actor.user,
                action="supervisor.update" if supervisor else "supervisor.create",
                target=record,
            )
    except IntegrityError as exc:
        raise ApplicationError(_("本单位已有使用该手机号的人民监督员。"), field="phone") from exc
    return record


# --- Activities and invitations ---------------------------------------------------------


def supervision_activity_create(
    *,
    actor: Staff,
    office: Procuratorate,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    place: str,
    case: Case | None = None,
) -> SupervisionActivity:
    require(actor, SUPERVISOR_MANAGE, office)
    if kind not in ActivityKind.values:
        raise ApplicationError(_("请选择监督事项。"), field="kind")
    title = _text(title, field="title", message=_("请填写活动名称。"), limit=120)
    place = _text(place, field="place", message=_("请填写地点。"), limit=120)
    if starts_at is None:
        raise ApplicationError(_("请填写开始时间。"), field="starts_at")
    if starts_at <= timezone.now():
        raise ApplicationError(_("开始时间应晚于现在。"), field="starts_at")
    if case is not None and not case.office.is_within(office):
        raise ApplicationError(_("该案件不属于本单位及下级单位。"), field="case")
    with transaction.atomic():
        activity = SupervisionActivity.objects.create(
            office=office,
            case=case,
            kind=kind,
            title=title,
            starts_at=starts_at,
            place=place,
            created_by=actor,
        )
        audit_log(actor=actor.user, action="supervision.activity_create", target=activity)
    return activity


def invitation_token(invitation: SupervisionInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=TOKEN_SALT)


def invitation_from_token(token: str) -> SupervisionInvitation:
    """The invitation a link names; NotFoundError for a forged, altered or revoked link."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        invitation = SupervisionInvitation.objects.select_related(
            "activity", "activity__office", "activity__case", "supervisor"
        ).get(pk=int(data["i"]))
    except (
        signing.BadSignature,
        SupervisionInvitation.DoesNotExist,
        KeyError,
        TypeError,
        ValueError,
    ) as exc:
        raise NotFoundError(_("链接无效，请核对短信中的链接。")) from exc
    if not secrets.compare_digest(str(data.get("n", "")), invitation.nonce):
        raise NotFoundError(_("链接无效，请核对短信中的链接。"))
    return invitation


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "n月j日 H:i")


def supervision_invite(
    *,
    actor: Staff,
    activity: SupervisionActivity,
    supervisors: Iterable[PeopleSupervisor],
    link_for: LinkFor,
) -> list[SupervisionInvitation]:
    """Invite supervisors serving on the activity's day; each gets an SMS with their own link.
    Someone already invited is not invited twice."""
    require(actor, SUPERVISOR_MANAGE, activity.office)
    now = timezone.now()
    if activity.starts_at <= now:
        raise ApplicationError(_("活动已经开始，不能再邀请。"))
    day = timezone.localdate(activity.starts_at)
    chosen = list(supervisors)
    if not chosen:
        raise ApplicationError(_("请选择要邀请的人民监督员。"), field="supervisors")
    for s in chosen:
        if not s.serving_on(day):
            raise ApplicationError(
                _("%(name)s在活动当天不在任期内，不能邀请。") % {"name": s.name},
                field="supervisors",
            )
    made = []
    with transaction.atomic():
        invited = set(activity.invitations.values_list("supervisor_id", flat=True))
        for s in chosen:
            if s.pk in invited:
                continue
            invitation = SupervisionInvitation.objects.create(
                activity=activity,
                supervisor=s,
                nonce=secrets.token_hex(16),
                sent_at=now,
                expires_at=activity.starts_at,
            )
            sms_queue(
                phone=s.phone,
                template=SMS_SUPERVISION_INVITATION,
                params={
                    "name": s.name,
                    "office": activity.office.name,
                    "when": _when(activity.starts_at),
                    "place": activity.place,
                    "activity": activity.get_kind_display(),
                    "deadline": _when(invitation.expires_at),
                    "link": link_for(invitation_token(invitation)),
                },
                purpose="supervision",
                idempotency_key=f"supervision-invite:{invitation.pk}",
            )
            made.append(invitation)
        audit_log(
            actor=actor.user,
            action="supervision.invite",
            target=activity,
            detail={"supervisors": [i.supervisor_id for i in made]},
        )
    return made


def invitation_respond(*, token: str, accept: bool) -> SupervisionInvitation:
    """The supervisor accepts or declines through their link, until the activity starts
    (they may change their mind until then)."""
    invitation = invitation_from_token(token)
    if timezone.now() >= invitation.expires_at:
        raise ApplicationError(_("答复期限已过，如需变更请致电检察院。"))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    with transaction.atomic():
        invitation.save(update_fields=["status", "responded_at"])
        audit_log(
            actor=None,
            action="supervision.respond",
            target=invitation,
            detail={"accept": accept},
        )
    return invitation


def attendance_record(
    *, actor: Staff, invitation: SupervisionInvitation, attended: bool
) -> SupervisionInvitation:
    require(actor, SUPERVISOR_MANAGE, invitation.activity.office)
    if timezone.now() < invitation.activity.starts_at - dt.timedelta(hours=2):
        raise ApplicationError(_("活动还没有开始，不能记录到场情况。"))
    invitation.attended = attended
    invitation.attendance_recorded_at = timezone.now()
    with transaction.atomic():
        invitation.save(update_fields=["attended", "attendance_recorded_at"])
        audit_log(
            actor=actor.user,
            action="supervision.attendance",
            target=invitation,
            detail={"attended": attended},
        )
    return invitation


# --- Opinions ---------------------------------------------------------------------------


def _opinion_create(
    *,
    activity: SupervisionActivity,
    supervisor: PeopleSupervisor,
    text: str,
    source: str,
    staff: Staff | None,
) -> SupervisionOpinion:
    text = _text(text, field="text", message=_("请填写监督意见。"), limit=OPINION_MAX)
    with transaction.atomic():
        opinion = SupervisionOpinion.objects.create(
            activity=activity,
            case=activity.case,
            supervisor=supervisor,
            text=text,
            source=source,
            recorded_by=staff,
        )
        audit_log(
            actor=staff.user if staff else None,
            action="supervision.opinion",
            target=opinion,
            detail={"source": source},
        )
    return opinion


def opinion_record(
    *,
    actor: Staff,
    activity: SupervisionActivity,
    supervisor: PeopleSupervisor,
    text: str,
) -> SupervisionOpinion:
    """Staff write down an opinion a supervisor gave (on paper, at the hearing)."""
    require(actor, SUPERVISOR_MANAGE, activity.office)
    if not activity.invitations.filter(supervisor=supervisor).exists():
        raise ApplicationError(_("该监督员没有受邀参加这项活动。"), field="supervisor")
    return _opinion_create(
        activity=activity,
        supervisor=supervisor,
        text=text,
        source=OpinionSource.STAFF,
        staff=actor,
    )


def opinion_submit_by_link(*, token: str, text: str) -> SupervisionOpinion:
    """The supervisor writes their opinion through their invitation link: only after
    accepting, and up to 30 days after the activity."""
    invitation = invitation_from_token(token)
    if invitation.status != InvitationStatus.ACCEPTED:
        raise ApplicationError(_("请先接受邀请，再提交监督意见。"))
    closes = invitation.activity.starts_at + dt.timedelta(days=OPINION_DAYS_AFTER)
    if timezone.now() > closes:
        raise ApplicationError(_("提交监督意见的期限已过，请直接与检察院联系。"))
    if invitation.supervisor.opinions.filter(activity=invitation.activity).count() >= 10:
        raise ApplicationError(_("意见条数已达上限，请合并后提交。"))
    return _opinion_create(
        activity=invitation.activity,
        supervisor=invitation.supervisor,
        text=text,
        source=OpinionSource.LINK,
        staff=None,
    )


def opinion_answer(
    *,
    actor: Staff,
    opinion: SupervisionOpinion,
    answer: str,
    link_for: LinkFor | None = None,
) -> SupervisionOpinion:
    """The office's answer to an opinion; the supervisor is told by SMS with their link."""
    require(actor, SUPERVISOR_MANAGE, opinion.activity.office)
    answer = _text(answer, field="answer", message=_("请填写答复内容。"), limit=OPINION_MAX)
    if opinion.answered_at:
        raise ApplicationError(_("该意见已经答复过了。"))
    opinion.answer = answer
    opinion.answered_by = actor
    opinion.answered_at = timezone.now()
    with transaction.atomic():
        opinion.save(update_fields=["answer", "answered_by", "answered_at"])
        audit_log(actor=actor.user, action="supervision.answer", target=opinion)
        invitation = opinion.activity.invitations.filter(supervisor=opinion.supervisor).first()
        if invitation is not None and link_for is not None:
            sms_queue(
                phone=opinion.supervisor.phone,
                template=SMS_OPINION_ANSWERED,
                params={
                    "name": opinion.supervisor.name,
                    "activity": opinion.activity.title,
                    "link": link_for(invitation_token(invitation)),
                },
                purpose="supervision",
                idempotency_key=f"supervision-answer:{opinion.pk}",
            )
    return opinion
