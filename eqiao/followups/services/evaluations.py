"""Replies to follow-ups become evaluations (评议).

The inbound handlers (registered in `FollowupsConfig.ready()` before intake's catch-alls)
claim an SMS from a number that was sent a follow-up within EQIAO_FOLLOWUP_REPLY_DAYS and
has not answered it yet, and a WeChat message from a follower bound to such a number. Where
the gateway says which of our messages the SMS answers (`Inbound.reply_to`), that decides
the follow-up; otherwise the newest one awaiting a reply from the number does. The reply is read (`replies.reply_parse`) and scored by the text
engine; one evaluation is stored per record the follow-up asked about, linked to the office
and the prosecutor who handled it. An unclear reply waits for a person
(`evaluation_settle`); a dissatisfied one opens a task for the office's heads
(`followup_task_open`). A reply that reads as a new complaint, or carries petition risk,
is also taken by intake as intake takes any SMS: a message on the sender's open petition
(with its risk alert) or a new petition.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eqiao.channels.selectors import wechat_bound_phone
from eqiao.channels.services import HandlerResult, Inbound
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.notifications import notification_create
from eqiao.core.workdays import add_working_days
from eqiao.followups.models import (
    Evaluation,
    EvaluationDetail,
    EvaluationLevel,
    EvaluationReview,
    EvaluationSource,
    FollowUp,
    FollowUpTask,
    TaskStatus,
)
from eqiao.followups.replies import SENTIMENT_SCORES, level_for_free_text, reply_parse
from eqiao.intake.inbound import petition_from_inbound, petition_from_wechat
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_heads
from eqiao.text import analyze

log = logging.getLogger(__name__)
HANDLER_NAME = "followups.reply"
WECHAT_HANDLER_NAME = "followups.wechat_reply"
PRIORITY = 100  # before intake's catch-all (1000)
# A reply that reads as one of these is a matter in its own right, not only a grade.
COMPLAINT_CATEGORIES = frozenset({"complaint", "report", "appeal", "aid"})
MIN_COMPLAINT_CHARS = 8


def followup_awaiting_reply(
    *, phone: str, at: dt.datetime, reply_to: str = "", provider: str = ""
) -> FollowUp | None:
    """The follow-up a reply from `phone` at `at` answers, if it awaits one (sent within
    the reply window, not answered yet). With the gateway's `reply_to` (the id `provider`
    gave our message) naming one of this phone's follow-ups, that one, or None if it is
    answered or too old; otherwise the newest awaiting follow-up to `phone`."""
    since = at - dt.timedelta(days=settings.EQIAO_FOLLOWUP_REPLY_DAYS)
    if reply_to:
        named = FollowUp.objects.filter(
            phone=phone, message__provider=provider, message__provider_id=reply_to
        ).first()
        if named is not None:
            awaiting = named.replied_at is None and named.created_at >= since
            return named if awaiting else None
    return (
        FollowUp.objects.filter(phone=phone, created_at__gte=since, replied_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def _awaiting(message: Inbound, phone: str) -> FollowUp | None:
    return followup_awaiting_reply(
        phone=phone, at=message.received_at, reply_to=message.reply_to, provider=message.provider
    )


def reply_claims(message: Inbound) -> bool:
    if not message.text.strip():
        return False
    return _awaiting(message, message.sender) is not None


def wechat_reply_claims(message: Inbound) -> bool:
    """A WeChat text from a follower bound to a phone that awaits a follow-up reply."""
    if not message.text.strip():
        return False
    phone = wechat_bound_phone(openid=message.sender)
    return bool(phone) and _awaiting(message, phone) is not None


def _analysis(text: str):
    try:
        return analyze(text)
    except Exception:  # noqa: BLE001 - an engine failure must not lose the reply
        log.exception("text engine failed on a follow-up reply")
        return None


def _reads_as_matter(remark: str, analysis) -> bool:
    if analysis is None or not remark:
        return False
    if analysis.risk == "high":
        return True
    return analysis.category in COMPLAINT_CATEGORIES and len(remark) >= MIN_COMPLAINT_CHARS


def _evaluations_store(
    followup: FollowUp,
    *,
    level: str,
    text: str,
    sentiment: float | None,
    at: dt.datetime,
    source: str = EvaluationSource.SMS,
) -> list[Evaluation]:
    stored = []
    review = EvaluationReview.PENDING if level == EvaluationLevel.UNCLEAR else ""
    for link in followup.records.select_related("case", "petition"):
        if link.case is not None:
            office_id, prosecutor_id = link.case.office_id, link.case.prosecutor_id
        elif link.petition is not None:
            office_id, prosecutor_id = link.petition.office_id, link.petition.assignee_id
        else:  # the check constraint forbids it
            continue
        evaluation = Evaluation.objects.create(
            office_id=office_id,
            prosecutor_id=prosecutor_id,
            case=link.case,
            petition=link.petition,
            level=level,
            text=text,
            sentiment=sentiment,
            source=source,
            received_at=at,
        )
        EvaluationDetail.objects.create(
            evaluation=evaluation, followup=followup, phone=followup.phone, review=review
        )
        if level == EvaluationLevel.DISSATISFIED:
            followup_task_open(evaluation=evaluation, now=at)
        stored.append(evaluation)
    return stored


def evaluation_from_reply(message: Inbound) -> HandlerResult:
    """Take one SMS reply (see the module docstring). Runs inside the dispatcher's
    transaction. The text engine reads the reply before any write."""
    return _evaluation_take(
        message, message.sender, EvaluationSource.SMS, intake=petition_from_inbound
    )


def evaluation_from_wechat(message: Inbound) -> HandlerResult:
    """Take one WeChat reply from a bound follower: the same reading and evaluations as an
    SMS reply; a reply that reads as a matter goes to intake as any WeChat message does."""
    phone = wechat_bound_phone(openid=message.sender)
    return _evaluation_take(message, phone, EvaluationSource.WECHAT, intake=petition_from_wechat)


def _evaluation_take(
    message: Inbound,
    phone: str,
    source: str,
    *,
    intake: Callable[[Inbound], HandlerResult],
) -> HandlerResult:
    parsed = reply_parse(message.text)
    analysis = _analysis(parsed.text) if parsed.remark else None
    sentiment = SENTIMENT_SCORES.get(analysis.sentiment) if analysis else None
    level = parsed.level or level_for_free_text(analysis.sentiment if analysis else "")
    followup = _awaiting(message, phone) if phone else None
    if followup is None:  # answered meanwhile by a concurrent delivery of the same reply
        return intake(message)
    FollowUp.objects.filter(pk=followup.pk).update(replied_at=message.received_at)
    evaluations = _evaluations_store(
        followup,
        level=level,
        text=parsed.text,
        sentiment=sentiment,
        at=message.received_at,
        source=source,
    )
    audit_log(
        actor=None,
        action="followup.evaluation",
        target=followup,
        detail={"level": level, "evaluations": [e.pk for e in evaluations], "channel": source},
    )
    if _reads_as_matter(parsed.remark, analysis):
        try:
            taken = intake(message)
        except RateLimitedError:
            raise
        except ApplicationError:
            log.warning(
                "follow-up reply %s could not be taken in by intake", message.provider_message_id
            )
        else:
            return HandlerResult(outcome="evaluation_petition", ref=taken.ref)
    return HandlerResult(outcome="evaluation", ref=level)


# --- unclear replies: a person settles them -------------------------------------------------


def evaluation_settle(*, evaluation: Evaluation, actor: Staff, level: str) -> Evaluation:
    """A person read an unclear reply and gives its level. Every evaluation of the same
    reply (one per record) is settled together."""
    require(actor, "followup.evaluate", evaluation.office)
    if level not in EvaluationLevel.values or level == EvaluationLevel.UNCLEAR:
        raise ApplicationError(_("请选择一个评价等级。"), field="level")
    now = timezone.now()
    with transaction.atomic():
        detail = EvaluationDetail.objects.select_for_update().get(evaluation=evaluation)
        if detail.review != EvaluationReview.PENDING:
            raise ApplicationError(_("这条回复已经有人判断过了。"))
        siblings = EvaluationDetail.objects.filter(
            followup=detail.followup, review=EvaluationReview.PENDING, phone=detail.phone
        ).select_related("evaluation")
        for sibling in siblings if detail.followup_id else [detail]:
            Evaluation.objects.filter(pk=sibling.evaluation_id).update(level=level)
            EvaluationDetail.objects.filter(pk=sibling.pk).update(
                review=EvaluationReview.SETTLED, settled_by=actor, settled_at=now
            )
            if level == EvaluationLevel.DISSATISFIED:
                sibling.evaluation.level = level
                followup_task_open(evaluation=sibling.evaluation, now=now)
        audit_log(
            actor=actor,
            action="followup.evaluation_settle",
            target=evaluation,
            detail={"level": level},
        )
    evaluation.refresh_from_db()
    return evaluation


# --- dissatisfied: a task for the heads -----------------------------------------------------


def followup_task_open(*, evaluation: Evaluation, now: dt.datetime | None = None) -> FollowUpTask:
    """A task for the heads of the office that handled the record, due in
    EQIAO_FOLLOWUP_TASK_DAYS working days, each head told in the app. Once per evaluation."""
    now = now or timezone.now()
    due = add_working_days(timezone.localdate(now), settings.EQIAO_FOLLOWUP_TASK_DAYS)
    task, created = FollowUpTask.objects.get_or_create(
        evaluation=evaluation,
        defaults={"office_id": evaluation.office_id, "text": evaluation.text, "due": due},
    )
    if created:
        with translation.override(settings.LANGUAGE_CODE):
            text = _("群众对办理工作不满意，请在%(due)s前处理并记录结果。") % {
                "due": due.strftime("%Y-%m-%d")
            }
        for head in office_heads(office=evaluation.office):
            notification_create(
                recipient=head.user,
                level="warning",
                text=text,
                target_kind="followup_task",
                target_id=task.pk,
            )
    return task


def followup_task_complete(*, task: FollowUpTask, actor: Staff, outcome: str) -> FollowUpTask:
    """The head records what was done about a dissatisfied evaluation."""
    require(actor, "followup.task", task.office)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ApplicationError(_("请填写处理结果。"), field="outcome")
    with transaction.atomic():
        done = FollowUpTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, outcome=outcome[:2000], done_by=actor, done_at=timezone.now()
        )
        if not done:
            raise ApplicationError(_("这项任务已经处理过了。"))
        audit_log(actor=actor, action="followup.task_complete", target=task)
    task.refresh_from_db()
    return task
