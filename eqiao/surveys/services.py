"""Writes of the surveys app: building a questionnaire, publishing and closing it, sending
invitations by SMS, and storing an answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.cases.models import Case
from eqiao.channels.services.optout import optout_is_active
from eqiao.channels.services.outbound import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.core.validators import normalize_mobile, validate_mobile
from eqiao.intake.models import Petition
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.surveys.messages import INVITATION
from eqiao.surveys.models import (
    Answer,
    Choice,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from eqiao.surveys.satisfaction import scale_points

MANAGE = "survey.manage"
TOKEN_SALT = "eqiao.surveys.invitation"
MAX_CHOICES = 20
MAX_TEXT = 2000


class AlreadyAnsweredError(ApplicationError):
    status_code = 409


# --- building ---------------------------------------------------------------------------


def _editable(actor: Staff, survey: Survey) -> None:
    require(actor, MANAGE, survey.office)
    if not survey.is_draft:
        raise ApplicationError(_("问卷已发布，不能再修改题目。如需修改，请新建一份问卷。"))


def _check_dates(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ApplicationError(_("截止时间应晚于开始时间。"), field="closes_at")


def survey_save(
    *,
    actor: Staff,
    survey: Survey | None = None,
    office: Procuratorate,
    title: str,
    intro: str = "",
    anonymous: bool = True,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
) -> Survey:
    """Create a draft survey, or change one's settings. Whether it is anonymous is fixed
    once published (answers already given were given on that promise)."""
    require(actor, MANAGE, office)
    _check_dates(opens_at, closes_at)
    if not title.strip():
        raise ApplicationError(_("请填写问卷标题。"), field="title")
    if survey is None:
        survey = Survey(created_by=actor)
    else:
        require(actor, MANAGE, survey.office)
        if not survey.is_draft and survey.anonymous != anonymous:
            raise ApplicationError(_("问卷发布后不能更改匿名方式。"), field="anonymous")
    survey.office = office
    survey.title = title.strip()
    survey.intro = intro.strip()
    survey.anonymous = anonymous
    survey.opens_at, survey.closes_at = opens_at, closes_at
    with transaction.atomic():
        created = survey.pk is None
        survey.save()
        audit_log(
            actor=actor.user,
            action="survey.create" if created else "survey.update",
            target=survey,
            detail={"title": survey.title},
        )
    return survey


def question_save(
    *,
    actor: Staff,
    survey: Survey,
    question: Question | None = None,
    kind: str,
    text: str,
    required: bool = True,
    counts_toward_satisfaction: bool = False,
    choices: Sequence[str] = (),
) -> Question:
    """Add a question at the end of a draft survey, or change one (its options replaced)."""
    _editable(actor, survey)
    if kind not in QuestionKind.values:
        raise ApplicationError(_("请选择题型。"), field="kind")
    if not text.strip():
        raise ApplicationError(_("请填写题目。"), field="text")
    options = [c.strip() for c in choices if c.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(options) < 2:
            raise ApplicationError(_("选择题至少要有两个选项，每行一个。"), field="choices")
        if len(options) > MAX_CHOICES:
            raise ApplicationError(_("选项不能超过20个。"), field="choices")
        if len(set(options)) != len(options):
            raise ApplicationError(_("选项有重复，请检查。"), field="choices")
    else:
        options = []
    if counts_toward_satisfaction and kind != QuestionKind.SCALE:
        raise ApplicationError(
            _("只有1–5分评分题可以计入满意度。"), field="counts_toward_satisfaction"
        )
    with transaction.atomic():
        if question is None:
            last = survey.questions.order_by("-order").first()
            question = Question(survey=survey, order=(last.order + 1) if last else 1)
        question.kind, question.text, question.required = kind, text.strip(), required
        question.counts_toward_satisfaction = counts_toward_satisfaction
        question.save()
        question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(question=question, order=i, text=t[:100]) for i, t in enumerate(options, 1)
        )
    return question


def question_delete(*, actor: Staff, question: Question) -> None:
    _editable(actor, question.survey)
    question.delete()


def question_move(*, actor: Staff, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above (or below)."""
    survey = question.survey
    _editable(actor, survey)
    ordered = list(survey.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    with transaction.atomic():
        for order, q in enumerate(ordered, 1):
            if q.order != order:
                Question.objects.filter(pk=q.pk).update(order=order)


def survey_publish(*, actor: Staff, survey: Survey) -> Survey:
    require(actor, MANAGE, survey.office)
    if survey.status != SurveyStatus.DRAFT:
        raise ApplicationError(_("只有草稿可以发布。"))
    if not survey.questions.exists():
        raise ApplicationError(_("问卷还没有题目，请先添加题目。"))
    with transaction.atomic():
        survey.status = SurveyStatus.PUBLISHED
        survey.published_at = timezone.now()
        survey.save(update_fields=["status", "published_at"])
        audit_log(actor=actor.user, action="survey.publish", target=survey)
    return survey


def survey_close(*, actor: Staff, survey: Survey) -> Survey:
    require(actor, MANAGE, survey.office)
    if survey.status != SurveyStatus.PUBLISHED:
        raise ApplicationError(_("只有已发布的问卷可以结束。"))
    with transaction.atomic():
        survey.status = SurveyStatus.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["status", "closed_at"])
        audit_log(actor=actor.user, action="survey.close", target=survey)
    return survey


# --- answering --------------------------------------------------------------------------


def survey_open_error(survey: Survey, *, now: dt.datetime | None = None) -> str | None:
    """Why the survey takes no answer now (in words for the citizen), or None."""
    now = now or timezone.now()
    if survey.status == SurveyStatus.DRAFT:
        return _("该问卷尚未发布。")
    if survey.status == SurveyStatus.CLOSED or (survey.closes_at and now >= survey.closes_at):
        return _("该问卷已结束，感谢您的关注。")
    if survey.opens_at and now < survey.opens_at:
        return _("该问卷将于%(when)s开始填写。") % {
            "when": timezone.localtime(survey.opens_at).strftime("%Y-%m-%d %H:%M")
        }
    return None


@dataclass(frozen=True)
class Parsed:
    choices: list[Choice]
    value: int | None
    text: str


def _parse_one(question: Question, raw: Sequence[str], choices: dict[int, Choice]) -> Parsed:
    values = [r.strip() for r in raw if r and r.strip()]
    if question.kind == QuestionKind.TEXT:
        text = "\n".join(values)
        if len(text) > MAX_TEXT:
            raise ApplicationError(_("回答太长了，请不要超过2000字。"), field=f"q{question.pk}")
        return Parsed([], None, text)
    if question.kind == QuestionKind.SCALE:
        if len(values) > 1 or (values and values[0] not in {str(v) for v in range(1, 6)}):
            raise ApplicationError(_("请在1到5分中选一个。"), field=f"q{question.pk}")
        return Parsed([], int(values[0]) if values else None, "")
    picked = []
    for value in values:
        choice = choices.get(int(value)) if value.isdigit() else None
        if choice is None or choice.question_id != question.pk:
            raise ApplicationError(_("所选的选项不存在，请重新选择。"), field=f"q{question.pk}")
        if choice not in picked:
            picked.append(choice)
    if question.kind == QuestionKind.SINGLE and len(picked) > 1:
        raise ApplicationError(_("这道题只能选一项。"), field=f"q{question.pk}")
    return Parsed(picked, None, "")


def answers_parse(survey: Survey, data: Mapping[str, Sequence[str]]) -> dict[int, Parsed]:
    """The submitted form (`q<question id>` → values) checked against the questions. Every
    missing required answer and every bad value is reported at once: ApplicationError with
    `extra["errors"]` mapping field names to messages."""
    questions = list(survey.questions.prefetch_related("choices"))
    choices = {c.pk: c for q in questions for c in q.choices.all()}
    parsed: dict[int, Parsed] = {}
    errors: dict[str, str] = {}
    for question in questions:
        try:
            answer = _parse_one(question, data.get(f"q{question.pk}", ()), choices)
        except ApplicationError as exc:
            errors[exc.field or ""] = exc.message
            continue
        if question.required and not (answer.choices or answer.value or answer.text):
            errors[f"q{question.pk}"] = _("这道题必须回答。")
            continue
        parsed[question.pk] = answer
    if errors:
        raise ApplicationError(
            _("有%(n)d道题需要修改，请看红色提示。") % {"n": len(errors)}, extra={"errors": errors}
        )
    return parsed


def _satisfaction(survey: Survey, parsed: dict[int, Parsed]) -> float | None:
    counting = set(
        survey.questions.filter(counts_toward_satisfaction=True).values_list("pk", flat=True)
    )
    points = [scale_points(a.value) for q, a in parsed.items() if q in counting and a.value]
    return sum(points) / len(points) if points else None


def response_submit(
    *,
    survey: Survey,
    data: Mapping[str, Sequence[str]],
    invitation: Invitation | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Store one person's answers. Through an invitation, once: a second submission (another
    tab, a double tap) raises AlreadyAnsweredError, the database's unique invitation being the
    judge. A linked survey takes answers only through invitations."""
    now = now or timezone.now()
    reason = survey_open_error(survey, now=now)
    if reason:
        raise ApplicationError(reason)
    if invitation is None and not survey.anonymous:
        raise ApplicationError(_("该问卷只能通过短信邀请链接填写。"))
    if invitation is not None and invitation.survey_id != survey.pk:
        raise NotFoundError(_("邀请链接无效。"))
    if invitation is not None and Response.objects.filter(invitation=invitation).exists():
        raise AlreadyAnsweredError(_("您已经提交过这份问卷，每个邀请只能填写一次。感谢您的参与！"))
    parsed = answers_parse(survey, data)
    answers: list[Answer] = []
    for question_id, given in parsed.items():
        if given.choices:
            answers += [Answer(question_id=question_id, choice=c) for c in given.choices]
        elif given.value or given.text:
            answers.append(Answer(question_id=question_id, value=given.value, text=given.text))
    office_id = invitation.office_id if invitation else survey.office_id
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                invitation=invitation,
                office_id=office_id,
                satisfaction=_satisfaction(survey, parsed),
                submitted_at=now,
            )
            for row in answers:
                row.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError as exc:
        raise AlreadyAnsweredError(
            _("您已经提交过这份问卷，每个邀请只能填写一次。感谢您的参与！")
        ) from exc
    return response


# --- invitations ------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The signed token of the invitation's link (`<id>:<signature>`)."""
    return signing.Signer(salt=TOKEN_SALT).sign(str(invitation.pk))


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link's token names; NotFoundError for a forged or mangled token."""
    try:
        pk = signing.Signer(salt=TOKEN_SALT).unsign(token or "")
    except signing.BadSignature as exc:
        raise NotFoundError(_("邀请链接无效，请核对短信中的链接。")) from exc
    invitation = (
        Invitation.objects.select_related("survey", "survey__office").filter(pk=int(pk)).first()
    )
    if invitation is None:
        raise NotFoundError(_("邀请链接无效，请核对短信中的链接。"))
    return invitation


@dataclass(frozen=True)
class InvitationResult:
    sent: int
    skipped_opted_out: int
    skipped_invalid: list[str]
    skipped_already: int


_pages: dict[str, Callable[[str], str]] = {}


def invitation_page_register(resolver: Callable[[str], str]) -> None:
    """`resolver(token)` → the path of the page where an invited person answers (the portal
    registers it; this app names no URL)."""
    _pages["invitation"] = resolver


def invitation_link(invitation: Invitation) -> str:
    """The absolute link for the SMS: EQIAO_PUBLIC_BASE_URL + the registered page's path."""
    token = invitation_token(invitation)
    resolver = _pages.get("invitation")
    path = resolver(token) if resolver else f"/s/i/{token}/"
    return settings.EQIAO_PUBLIC_BASE_URL.rstrip("/") + path


def invitations_send(
    *,
    actor: Staff,
    survey: Survey,
    phones: Sequence[str] = (),
    case: Case | None = None,
    petition: Petition | None = None,
) -> InvitationResult:
    """Invite people by SMS: the listed phones, every party of `case` with a mobile, and the
    petitioner of `petition`; the answers of the last two are linked to that record.
    A number that opted out (退订) is skipped, as is one already invited to this survey; each
    SMS carries a link with a signed token of its invitation."""
    require(actor, MANAGE, survey.office)
    if survey.status != SurveyStatus.PUBLISHED:
        raise ApplicationError(_("问卷发布后才能发送邀请。"))
    if case is not None:
        require(actor, MANAGE, case.office)
    if petition is not None:
        require(actor, MANAGE, petition.office)
    targets: list[tuple[str, Case | Petition | None]] = []
    invalid: list[str] = []
    for raw in phones:
        phone = normalize_mobile(raw)
        if not phone:
            continue
        try:
            validate_mobile(phone)
        except ValidationError:
            invalid.append(raw.strip()[:20])
            continue
        targets.append((phone, None))
    if case is not None:
        targets += [(normalize_mobile(p.phone), case) for p in case.parties.exclude(phone="")]
    if petition is not None and petition.phone:
        targets.append((normalize_mobile(petition.phone), petition))
    if not targets and not invalid:
        raise ApplicationError(
            _("请填写手机号码，或选择一个有当事人手机号的案件。"), field="phones"
        )
    sent = opted_out = already = 0
    seen: set[str] = set()
    for phone, record in targets:
        if phone in seen:
            continue
        seen.add(phone)
        if optout_is_active(address=phone):
            opted_out += 1
            continue
        if _invite_one(survey=survey, phone=phone, record=record):
            sent += 1
        else:
            already += 1
    audit_log(
        actor=actor.user,
        action="survey.invite",
        target=survey,
        detail={"sent": sent, "opted_out": opted_out, "already": already},
    )
    return InvitationResult(sent, opted_out, invalid, already)


def _invite_one(*, survey: Survey, phone: str, record: Case | Petition | None) -> bool:
    """Create the invitation and queue its SMS in one transaction; False when this number
    was invited to the survey before."""
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                survey=survey,
                phone=phone,
                case=record if isinstance(record, Case) else None,
                petition=record if isinstance(record, Petition) else None,
                office_id=record.office_id if record is not None else survey.office_id,
            )
            message = sms_queue(
                phone=phone,
                template=INVITATION,
                params={"office": survey.office.short_name, "title": survey.title[:30]}
                | {"link": invitation_link(invitation)},
                purpose="survey",
                ref=f"survey:{survey.pk}",
                idempotency_key=f"survey-invitation:{invitation.pk}",
            )
            invitation.message = message
            invitation.save(update_fields=["message"])
    except IntegrityError:
        return False
    return True
