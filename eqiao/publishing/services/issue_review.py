"""The review of the compiled products (the mobile digest and the printed newsletter): the
office's own human steps (its `ReviewWorkflow`, as for an article: 保密审查 by a security
reviewer, then the head's approval), each decided by someone other than the issue's
editor. `on_approved` is called, outside the transaction, when the last step approves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.notifications import notification_create
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.publishing.models import (
    DigestIssue,
    IssueReviewTask,
    IssueStatus,
    NewsletterIssue,
    ReviewTaskState,
)
from eqiao.publishing.services.review import workflow_steps

Issue = DigestIssue | NewsletterIssue


def _target(issue: Issue) -> dict:
    return {"digest": issue} if isinstance(issue, DigestIssue) else {"newsletter": issue}


def _kind(issue: Issue) -> str:
    return "digest" if isinstance(issue, DigestIssue) else "newsletter"


def issue_review_start(*, issue: Issue) -> None:
    """Create this round's steps and open the first; with no steps configured the issue is
    approved at once. Call inside a transaction."""
    now = timezone.now()
    tasks = IssueReviewTask.objects.filter(**_target(issue))
    round_ = (tasks.order_by("-round").values_list("round", flat=True).first() or 0) + 1
    steps = workflow_steps(issue.office, important=False)
    for order, step in enumerate(steps, start=1):
        IssueReviewTask.objects.create(
            **_target(issue),
            office=issue.office,
            round=round_,
            order=order,
            label=step.label,
            capability=step.capability,
            due_days=step.due_days,
            state=ReviewTaskState.OPEN if order == 1 else ReviewTaskState.WAITING,
            due_at=now + dt.timedelta(days=step.due_days) if order == 1 else None,
        )
    type(issue).objects.filter(pk=issue.pk).update(
        status=IssueStatus.REVIEW if steps else IssueStatus.APPROVED, reject_reason=""
    )


def issue_open_task(issue: Issue) -> IssueReviewTask | None:
    return (
        IssueReviewTask.objects.filter(**_target(issue), state=ReviewTaskState.OPEN)
        .order_by("round", "order")
        .first()
    )


def issue_decide(
    *,
    actor: Staff,
    issue: Issue,
    approve: bool,
    reason: str = "",
    on_approved: Callable[[Issue], object] | None = None,
) -> Issue:
    """Decide the issue's open step. A rejection needs a reason and sends the issue back to
    its editor; approving the last step approves the issue."""
    if issue.status != IssueStatus.REVIEW:
        raise ApplicationError(_("该期刊物不在审核中。"))
    task = issue_open_task(issue)
    if task is None:
        raise ApplicationError(_("该期刊物没有待处理的审核步骤。"))
    require(actor, task.capability, issue.office, not_by=issue.author)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError(_("退回时请填写理由。"), field="reason")
    now = timezone.now()
    kind = _kind(issue)
    finished = False
    with transaction.atomic():
        locked = IssueReviewTask.objects.select_for_update().get(pk=task.pk)
        if locked.state != ReviewTaskState.OPEN:
            raise ApplicationError(_("该审核步骤已处理。"))
        locked.decided_by = actor
        locked.decided_at = now
        locked.reason = reason[:300]
        if not approve:
            locked.state = ReviewTaskState.REJECTED
            locked.save()
            IssueReviewTask.objects.filter(
                **_target(issue), round=locked.round, state=ReviewTaskState.WAITING
            ).update(state=ReviewTaskState.CANCELLED)
            type(issue).objects.filter(pk=issue.pk).update(
                status=IssueStatus.DRAFT, reject_reason=reason[:300]
            )
            notification_create(
                recipient=issue.author.user_id,
                text=_("《%(title)s》被退回：%(reason)s") % {"title": str(issue), "reason": reason},
                target_kind=kind,
                target_id=issue.pk,
            )
        else:
            locked.state = ReviewTaskState.APPROVED
            locked.save()
            nxt = (
                IssueReviewTask.objects.filter(
                    **_target(issue), round=locked.round, state=ReviewTaskState.WAITING
                )
                .order_by("order")
                .first()
            )
            if nxt is not None:
                nxt.state = ReviewTaskState.OPEN
                nxt.due_at = now + dt.timedelta(days=nxt.due_days)
                nxt.save()
            else:
                finished = True
                fields: dict = {"status": IssueStatus.APPROVED}
                if isinstance(issue, DigestIssue):
                    fields["approved_by"] = actor
                type(issue).objects.filter(pk=issue.pk).update(**fields)
        audit_log(
            actor=actor.user,
            action=f"{kind}.approve" if approve else f"{kind}.reject",
            target=issue,
            detail={"step": locked.label, "reason": reason[:300]},
        )
    issue.refresh_from_db()
    if finished and on_approved is not None:
        on_approved(issue)
        issue.refresh_from_db()
    return issue
