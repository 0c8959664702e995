"""Many messages at once: a campaign's batch is stored in a few queries whatever its size,
opted-out people are not written to, a key already stored is not sent again, and the batch
goes out through the real HTTP provider in batch requests over one kept-alive connection,
never faster than the gateway's per-second limit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from eqiao.channels.models import MessageStatus, OutboundMessage, WeChatFollower
from eqiao.channels.providers.sms_http import Pacer
from eqiao.channels.services import (
    BulkItem,
    messages_deliver,
    messages_queue_bulk,
    optout_record,
    sms_queue,
)
from eqiao.channels.services.outbound_bulk import DELIVER_BATCH
from eqiao.channels.services.wechat.notify import wechat_companion_register
from eqiao.channels.tasks import messages_deliver_task

pytestmark = pytest.mark.django_db


def items(count: int, start: int = 0) -> list[BulkItem]:
    return [
        BulkItem(recipient=f"138{n:08d}", params={"text": f"第{n}条"}, idempotency_key=f"t:{n}")
        for n in range(start, start + count)
    ]


def queue(count: int, start: int = 0) -> list[int]:
    return messages_queue_bulk(template="test.notice", items=items(count, start), purpose="t")


def test_a_batch_is_stored_in_a_few_queries_whatever_its_size(sms_test_templates, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with CaptureQueriesContext(connection) as small:
        queue(10)
    with CaptureQueriesContext(connection) as large:
        stored = queue(1200, start=10)

    assert len(stored) == len(set(stored)) == 1200
    texts = [OutboundMessage.objects.get(pk=pk).text[-4:] for pk in stored[:2]]
    assert texts == ["第10条", "第11条"]
    # Keys, opt-outs, the INSERT(s), a hook filter each, one delivery task per 500.
    assert len(large) <= len(small) + 6
    tasks = DBTaskResult.objects.filter(task_path=messages_deliver_task.module_path)
    sizes = sorted(len(t.args_kwargs["args"][0]) for t in tasks)
    assert sizes == [10, 200, DELIVER_BATCH, DELIVER_BATCH]


def test_a_key_already_stored_returns_that_message_and_is_not_sent_again(
    sms_test_templates, sms_outbox
):
    first = sms_queue(phone="13800000001", template="test.notice", params={"text": "早"})
    again = messages_queue_bulk(
        template="test.notice",
        items=[
            BulkItem(recipient="13800000001", params={"text": "早"}, idempotency_key="t:dup"),
            BulkItem(recipient="13800000002", params={"text": "新"}, idempotency_key="t:new"),
        ],
    )
    OutboundMessage.objects.filter(pk=first.pk).update(idempotency_key="t:old")
    before = len(sms_outbox)
    repeat = messages_queue_bulk(
        template="test.notice",
        items=[BulkItem(recipient="13800000002", params={"text": "新"}, idempotency_key="t:new")],
    )

    assert repeat[0] == again[1]
    assert len(sms_outbox) == before
    assert OutboundMessage.objects.filter(idempotency_key="t:new").count() == 1


def test_the_same_key_twice_in_one_batch_is_refused(sms_test_templates):
    twice = [items(1)[0], items(1)[0]]
    with pytest.raises(ValueError):
        messages_queue_bulk(template="test.notice", items=twice)
    assert not OutboundMessage.objects.exists()


def test_an_opted_out_person_is_stored_suppressed_and_not_written_to(
    sms_test_templates, sms_outbox, django_capture_on_commit_callbacks
):
    optout_record(address="13800000001", channel="sms")

    with django_capture_on_commit_callbacks(execute=True):
        stored = queue(3)

    assert [OutboundMessage.objects.get(pk=pk).status for pk in stored] == [
        MessageStatus.SENT,
        MessageStatus.SUPPRESSED,
        MessageStatus.SENT,
    ]
    assert sorted(m.phone for m in sms_outbox) == ["13800000000", "13800000002"]


def test_a_person_bound_on_wechat_also_gets_the_wechat_twin(sms_test_templates, wechat_twin):
    WeChatFollower.objects.create(openid="o-bound", phone="13800000001", bound_at=timezone.now())

    queue(3)

    twins = OutboundMessage.objects.filter(channel="wechat")
    assert [(m.recipient, m.text) for m in twins] == [("o-bound", "微信：第1条")]


@pytest.fixture
def wechat_twin():
    from eqiao.channels.services import message_template_unregister
    from eqiao.channels.services.wechat import notify

    wechat_companion_register(
        sms_template="test.notice",
        wechat_template="test.notice_wechat",
        text="微信：%(text)s",
        params=("text",),
    )
    yield
    notify._companions.pop("test.notice", None)
    message_template_unregister(name="test.notice_wechat")


# --- delivery ---------------------------------------------------------------------------------


def test_a_batch_goes_out_in_batch_requests_over_one_connection(sms_test_templates, http_sms):
    stored = queue_held(250)

    claimed = messages_deliver(message_ids=stored)

    assert claimed == 250
    assert http_sms.requests == 3 and http_sms.connections == 1
    assert len({m.phone for m in http_sms.messages}) == 250
    statuses = set(OutboundMessage.objects.values_list("status", flat=True))
    assert statuses == {MessageStatus.SENT}
    ids = set(OutboundMessage.objects.values_list("provider_id", flat=True))
    assert len(ids) == 250  # each message recorded with its own gateway id


def test_delivery_keeps_to_the_gateways_rate(sms_test_templates, http_sms, settings):
    http_sms.rate = 40  # the gateway answers 429 past 40 messages in a second
    settings.EQIAO_SMS_HTTP_RATE = 40
    stored = queue_held(100)

    messages_deliver(message_ids=stored)

    assert http_sms.throttled == 0
    assert len(http_sms.messages) == 100


def test_a_throttled_batch_is_retried_later_not_lost(sms_test_templates, http_sms, settings):
    http_sms.rate = 10  # a gateway stricter than we were told
    settings.EQIAO_SMS_HTTP_RATE = 1000
    stored = queue_held(30)

    messages_deliver(message_ids=stored)

    rows = OutboundMessage.objects.all()
    assert {m.status for m in rows} == {MessageStatus.QUEUED}
    assert all(m.next_attempt_at and "429" in m.last_error for m in rows)


def queue_held(count: int) -> list[int]:
    """Queue without delivering at commit (the test delivers)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("eqiao.channels.services.outbound_bulk._enqueue_batch", lambda ids: None)
        return queue(count)


def test_the_pacer_never_lets_more_than_the_rate_into_a_second():
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    pacer = Pacer(50, window=1.0, clock=lambda: now[0], sleep=sleep)
    sent_at: list[float] = []
    for _ in range(12):
        pacer.acquire(20)
        sent_at += [now[0]] * 20
        now[0] += 0.01

    for t in sent_at:
        assert sum(1 for s in sent_at if t <= s < t + 1.0) <= 50
    assert waits  # it had to wait
    with pytest.raises(ValueError):
        pacer.acquire(51)


def test_messages_queued_while_gathered_share_one_delivery_task(sms_test_templates, settings):
    """`deliveries_gathered`: single messages queued inside it (an alert's SMS to each
    office head) go out with one batch task; outside it each has its own task; a block that
    fails queues none."""
    from django.db import transaction

    from eqiao.channels.services import deliveries_gathered
    from eqiao.channels.tasks import message_deliver_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def single(n: int) -> int:
        return sms_queue(
            phone=f"1380000{n:04d}", template="test.notice", params={"text": f"{n}"}, purpose="t"
        ).pk

    def tasks(task) -> list[list]:
        rows = DBTaskResult.objects.filter(task_path=task.module_path).order_by("enqueued_at")
        return [row.args_kwargs["args"] for row in rows]

    alone = single(1)
    assert tasks(message_deliver_task) == [[alone]]
    with transaction.atomic(), deliveries_gathered():
        with deliveries_gathered():  # nested: the outer block sends
            first = single(2)
        second = single(3)
        assert tasks(messages_deliver_task) == []
    assert tasks(messages_deliver_task) == [[sorted([first, second])]]
    assert tasks(message_deliver_task) == [[alone]]

    with pytest.raises(RuntimeError), transaction.atomic(), deliveries_gathered():
        single(4)
        raise RuntimeError("the batch fails")
    assert not OutboundMessage.objects.filter(recipient="13800000004").exists()
    assert len(tasks(messages_deliver_task)) == 1
    with deliveries_gathered():  # the failed block left nothing behind
        pass
    assert len(tasks(messages_deliver_task)) == 1
    after = single(5)
    assert tasks(message_deliver_task) == [[alone], [after]]
