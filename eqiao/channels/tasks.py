"""Background delivery of queued messages."""

from __future__ import annotations

from django_tasks import task

from eqiao.channels.services import message_deliver, messages_deliver, messages_deliver_due
from eqiao.channels.services.wechat import wechat_message_process, wechat_messages_process_due


@task()
def message_deliver_task(message_id: int) -> str:
    return message_deliver(message_id=message_id)


@task()
def messages_deliver_task(message_ids: list[int]) -> int:
    """Deliver a batch queued by `messages_queue_bulk`, through the provider's batch call
    over one kept-alive connection, at the provider's rate. Safe to run twice."""
    return messages_deliver(message_ids=message_ids)


@task()
def message_retry_due_task() -> int:
    """Deliver every message that is due again (back-off passed, or abandoned by a worker
    that died between claim and record); scheduled every few minutes."""
    return messages_deliver_due()


# The names before the channel registry: databases seeded by core migration 0003 hold
# `sms_retry_due_task` in their scheduled job, and tasks queued before the upgrade name
# `sms_deliver_task`.
sms_retry_due_task = message_retry_due_task


@task()
def sms_deliver_task(sms_id: int) -> str:
    return message_deliver(message_id=sms_id)


@task()
def wechat_message_process_task(message_id: int) -> str:
    """Hand a WeChat message the callback acknowledged to the inbound dispatcher."""
    return wechat_message_process(message_id=message_id)


@task()
def wechat_messages_retry_task() -> int:
    """Process the WeChat messages whose worker never ran or died; scheduled."""
    return wechat_messages_process_due()


@task()
def weibo_inbound_poll_task() -> int:
    """Store the new comments on our Weibo posts and mentions of us; scheduled."""
    from eqiao.channels.services.weibo import weibo_inbound_poll

    return weibo_inbound_poll()
