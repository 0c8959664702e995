"""Background delivery of queued SMS."""

from __future__ import annotations

from django_tasks import task

from eqiao.channels.services import sms_deliver


@task()
def sms_deliver_task(sms_id: int) -> str:
    return sms_deliver(sms_id=sms_id)
