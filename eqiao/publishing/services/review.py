"""The review workflow: submit → automated security review → human review steps (the
office's workflow, as data) → approved; rejections with a reason; reminders of due steps.

The author never decides a step of their own article (`require(..., not_by=author)`). An
important case release adds the steps marked `important_only` (by default the deputy
chief's approval, capability `article.approve_important`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.notifications import notification_create
from eqiao.offices.capabilities import can, require, roles_with
from eqiao.offices.models import Procuratorate, Staff
from eqiao.publishing.models import (
    Article,
    ArticleStatus,
    IssueReviewTask,
    ReviewStepSpec,
    ReviewTask,
    ReviewTaskState,
    ReviewWorkflow,
)
from eqiao.publishing.services.publish import article_approved_next
from eqiao.publishing.services.screening import article_scan

# The daily reminder job warns of steps due before its next run.
REMIND_AHEAD = dt.timedelta(hours=20)


@dataclass(frozen=True)
class Step:
    label: str
    capability: str
    due_days: int
    important_only: bool = False


DEFAULT_STEPS = (
    Step(gettext_noop("保密审查"), "article.review", 1),
    Step(gettext_noop("分管副检察长审批"), "article.approve_important", 2, important_only=True),
    Step(gettext_noop("负责人审批"), "article.approve", 2),
)


def workflow_steps(office: Procuratorate, *, important: bool) -> list[Step]:
    """The steps for an article of `office`: its own workflow, its nearest ancestor's, or
    the built-in one."""
    ancestors = [int(pk) for pk in office.path.strip("/").split("/") if pk.isdigit()]
    rows = {
        w.office_id: w
        for w in ReviewWorkflow.objects.filter(office_id__in=ancestors or [office.pk])
    }
    chain = [office.pk, *reversed(ancestors)]
    workflow = next((rows[pk] for pk in chain if pk in rows), None)
    if workflow is None:
        steps = [
            Step(_(s.label), s.capability, s.due_days, s.important_only) for s in DEFAULT_STEPS
        ]
    else:
        specs = ReviewStepSpec.objects.filter(workflow=workflow).order_by("order")
        steps = [Step(s.label, s.capability, s.due_days, s.important_only) for s in specs]
    return [s for s in steps if important or not s.important_only]


def _open(task: ReviewTask, now: dt.datetime, due_days: int) -> None:
    task.state = ReviewTaskState.OPEN
    task.due_at = now + dt.timedelta(days=due_days)


def _start_review(article: Article) -> None:
    """Create this round's steps and open the first; call inside a transaction."""
    now = timezone.now()
    last = article.review_tasks.order_by("-round").values_list("round", flat=True).first()
    round_ = (last or 0) + 1
    steps = workflow_steps(article.office, important=article.important)
    if not steps:
        article.status = ArticleStatus.APPROVED
        article.save(update_fields=["status"])
        return
    for order, step in enumerate(steps, start=1):
        task = ReviewTask(
            article=article,
            round=round_,
            order=order,
            label=step.label,
            capability=step.capability,
        )
        if order == 1:
            _open(task, now, step.due_days)
        else:
            task.reason = str(step.due_days)  # due days, until the step opens
        task.save()
    article.status = ArticleStatus.REVIEW
    article.save(update_fields=["status"])


def open_first_step(*, article: Article, round_: int) -> None:
    """Open the first step of a round whose tasks were created WAITING (a correction)."""
    first = article.review_tasks.filter(round=round_).order_by("order").first()
    if first is not None:
        _open(first, timezone.now(), int(first.reason or 2))
        first.reason = ""
        first.save()


def article_rescreen(*, article: Article) -> Article:
    """Scan again; an article waiting on the automated review goes on to human review once
    nothing is left open."""
    findings = article_scan(article=article)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.status == ArticleStatus.SECURITY and not findings:
            _start_review(locked)
    article.refresh_from_db()
    return article


def article_reschedule(*, actor: Staff, article: Article, when: dt.datetime | None) -> Article:
    """Change, set or cancel (None: hold it until someone publishes it by hand) the time
    an approved article is published. Audited with the old and new times."""
    require(actor, "article.approve", article.office)
    if when is not None and when <= timezone.now():
        raise ApplicationError(_("定时时间必须晚于现在。"), field="scheduled_at")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.status not in (
            ArticleStatus.DRAFT,
            ArticleStatus.SECURITY,
            ArticleStatus.REVIEW,
            ArticleStatus.APPROVED,
        ):
            raise ApplicationError(_("已发布或已撤回的稿件不能再改定时。"))
        before = locked.scheduled_at
        locked.scheduled_at = when
        locked.save(update_fields=["scheduled_at"])
        audit_log(
            actor=actor.user,
            action="article.reschedule",
            target=locked,
            detail={
                "from": before.isoformat() if before else "",
                "to": when.isoformat() if when else "",
            },
        )
    article.refresh_from_db()
    return article


def article_submit(*, actor: Staff, article: Article) -> Article:
    """Send a draft for review: the automated review first (stopping at SECURITY with what
    it found), then the human steps."""
    require(actor, "article.edit", article.office)
    if article.status != ArticleStatus.DRAFT:
        raise ApplicationError(_("只有草稿可以送审。"))
    if not article.title.strip() or not article.body_html.strip():
        raise ApplicationError(_("标题和正文不能为空。"))
    findings = article_scan(article=article)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.status != ArticleStatus.DRAFT:
            raise ApplicationError(_("只有草稿可以送审。"))
        locked.lock_holder = None
        locked.lock_expires_at = None
        if findings:
            locked.status = ArticleStatus.SECURITY
            locked.save(update_fields=["status", "lock_holder", "lock_expires_at"])
        else:
            locked.save(update_fields=["lock_holder", "lock_expires_at"])
            _start_review(locked)
        audit_log(
            actor=actor.user,
            action="article.submit",
            target=locked,
            detail={"open_findings": len(findings)},
        )
    article.refresh_from_db()
    return article


def finding_waived_continue(*, article: Article) -> Article:
    """After a waiver: an article with nothing left open goes on to human review."""
    return article_rescreen(article=article)


def review_decide(*, actor: Staff, task: ReviewTask, approve: bool, reason: str = "") -> Article:
    """Approve or reject one open step. A rejection needs a reason and sends the article
    back to draft; approving the last step approves the article, which is then published
    now or at its scheduled time (`publish.article_publish_if_due`).

    A step of a correction (`task.correction`) is decided by someone other than its
    proposer; its rejection leaves the published version online, and its last approval
    puts the corrected text in its place (`correction.correction_apply`)."""
    from eqiao.publishing.services.correction import correction_apply, correction_rejected

    article = task.article
    require(actor, task.capability, article.office, not_by=task.submitter)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError(_("退回时请填写理由。"), field="reason")
    now = timezone.now()
    correction = task.correction
    apply_correction = False
    with transaction.atomic():
        locked = ReviewTask.objects.select_for_update().get(pk=task.pk)
        if locked.state != ReviewTaskState.OPEN:
            raise ApplicationError(_("该审核步骤已处理。"))
        locked.decided_by = actor
        locked.decided_at = now
        locked.reason = reason[:300]
        art = Article.objects.select_for_update().get(pk=article.pk)
        if not approve:
            locked.state = ReviewTaskState.REJECTED
            locked.save()
            if correction is not None:
                correction_rejected(correction=correction, round_=locked.round)
                recipient, text = (
                    correction.proposed_by.user_id,
                    _("稿件《%(title)s》的更正被退回：%(reason)s"),
                )
            else:
                art.review_tasks.filter(
                    round=locked.round,
                    state__in=[ReviewTaskState.WAITING, ReviewTaskState.OPEN],
                ).update(state=ReviewTaskState.CANCELLED)
                art.status = ArticleStatus.DRAFT
                art.save(update_fields=["status"])
                recipient, text = art.author.user_id, _("稿件《%(title)s》被退回：%(reason)s")
            notification_create(
                recipient=recipient,
                text=text % {"title": art.title, "reason": reason},
                target_kind="article",
                target_id=art.pk,
            )
        else:
            locked.state = ReviewTaskState.APPROVED
            locked.save()
            nxt = (
                art.review_tasks.filter(round=locked.round, state=ReviewTaskState.WAITING)
                .order_by("order")
                .first()
            )
            if nxt is not None:
                _open(nxt, now, int(nxt.reason or 2))
                nxt.reason = ""
                nxt.save()
            elif correction is not None:
                apply_correction = True
            else:
                art.status = ArticleStatus.APPROVED
                art.save(update_fields=["status"])
        audit_log(
            actor=actor.user,
            action="article.approve_step" if approve else "article.reject",
            target=art,
            detail={
                "step": locked.label,
                "reason": reason[:300],
                "correction": correction.pk if correction else None,
            },
        )
    if apply_correction and correction is not None:
        return correction_apply(correction=correction, actor=actor)
    article.refresh_from_db()
    if approve and correction is None:
        article = article_approved_next(article=article)
    return article


def reviewers_for(task: ReviewTask) -> list[Staff]:
    """The active staff who may decide `task` (never the author)."""
    roles = roles_with(task.capability)
    candidates = (
        Staff.objects.filter(is_active=True, roles__role__in=roles)
        .select_related("office", "user")
        .prefetch_related("roles")
        .distinct()
    )
    article = task.article
    return [s for s in candidates if can(s, task.capability, article.office, not_by=task.submitter)]


def review_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the reviewers of every open step due before the next run (within REMIND_AHEAD)
    or overdue, at most once a day."""
    now = now or timezone.now()
    due = ReviewTask.objects.filter(
        state=ReviewTaskState.OPEN, due_at__lte=now + REMIND_AHEAD
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - dt.timedelta(hours=20)))
    sent = 0
    for task in due.select_related("article", "article__office", "article__author"):
        overdue = task.due_at is not None and task.due_at < now
        text = (
            _("稿件《%(title)s》的“%(step)s”已超期，请尽快审核。")
            if overdue
            else _("稿件《%(title)s》的“%(step)s”将于明天到期，请及时审核。")
        ) % {"title": task.article.title, "step": task.label}
        for staff in reviewers_for(task):
            notification_create(
                recipient=staff.user_id,
                text=text,
                level=("info", "warning")[overdue],
                target_kind="article",
                target_id=task.article_id,
            )
            sent += 1
        ReviewTask.objects.filter(pk=task.pk).update(reminded_at=now)
    return sent + _issue_reminders_send(now)


def _issue_reminders_send(now: dt.datetime) -> int:
    """The same reminders for the steps of the digest's and the newsletter's review."""
    due = IssueReviewTask.objects.filter(
        state=ReviewTaskState.OPEN, due_at__lte=now + REMIND_AHEAD
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - dt.timedelta(hours=20)))
    sent = 0
    for task in due.select_related("office", "digest__author", "newsletter__author"):
        issue = task.issue
        overdue = task.due_at is not None and task.due_at < now
        text = (
            _("《%(title)s》的“%(step)s”已超期，请尽快审核。")
            if overdue
            else _("《%(title)s》的“%(step)s”将于明天到期，请及时审核。")
        ) % {"title": str(issue), "step": task.label}
        candidates = (
            Staff.objects.filter(is_active=True, roles__role__in=roles_with(task.capability))
            .select_related("office", "user")
            .prefetch_related("roles")
            .distinct()
        )
        for staff in candidates:
            if not can(staff, task.capability, task.office, not_by=issue.author):
                continue
            notification_create(
                recipient=staff.user_id,
                text=text,
                level=("info", "warning")[overdue],
                target_kind="digest" if task.digest_id else "newsletter",
                target_id=issue.pk,
            )
            sent += 1
        IssueReviewTask.objects.filter(pk=task.pk).update(reminded_at=now)
    return sent
