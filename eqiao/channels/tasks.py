"""Background delivery of queued SMS."""

from __future__ import annotations

from django_tasks import task

from eqiao.channels.services import sms_deliver, sms_retry_due


@task()
def sms_deliver_task(sms_id: int) -> str:
    return sms_deliver(sms_id=sms_id)


@task()
def sms_retry_due_task() -> int:
    """Retry every message whose back-off has passed (scheduled every few minutes)."""
    return sms_retry_due()
