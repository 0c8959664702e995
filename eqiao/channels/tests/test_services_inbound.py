"""The inbound dispatcher: every message recorded once, opt-out words handled before any
handler, handlers asked in priority order, the first that claims it takes it."""

from __future__ import annotations

import pytest

from eqiao.channels.models import InboundMessage, MessageStatus, OptOut, OutboundMessage
from eqiao.channels.services import (
    HandlerResult,
    inbound_dispatch,
    inbound_handler_register,
    inbound_handler_unregister,
    optout_is_active,
    sms_queue,
)
from eqiao.channels.services.inbound import inbound_handlers
from eqiao.channels.services.optout import optout_word
from eqiao.core.errors import RateLimitedError

pytestmark = pytest.mark.django_db
PHONE = "13906350077"
_ids = iter(range(1, 10_000))


def receive(text: str, phone: str = PHONE, message_id: str | None = None) -> InboundMessage:
    return inbound_dispatch(
        channel="sms",
        provider="sms_http",
        provider_message_id=message_id or f"m{next(_ids)}",
        sender=phone,
        text=text,
    )


@pytest.fixture
def only_test_handlers():
    """Set the registered handlers (intake's catch-all among them) aside for the test."""
    from eqiao.channels.services import inbound

    saved = dict(inbound._handlers)
    inbound._handlers.clear()
    yield
    inbound._handlers.clear()
    inbound._handlers.update(saved)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("退订", "out"),
        (" TD ", "out"),
        ("ｔｄ", "out"),
        ("Stop", "out"),
        ("n", "out"),
        ("Ｎ。", "out"),
        ("订阅", "in"),
        ("START", "in"),
        ("我不想退订", ""),
        ("no", ""),
        ("", ""),
    ],
)
def test_opt_out_words_in_any_case_and_width(text, word):
    assert optout_word(text) == word


def test_td_opts_out_with_a_confirmation_and_later_messages_are_suppressed(
    sms_outbox, django_capture_on_commit_callbacks, only_test_handlers, sms_test_templates
):
    with django_capture_on_commit_callbacks(execute=True):
        record = receive("ＴＤ")
        survey = sms_queue(
            phone=PHONE,
            template="test.notice",
            params={"text": "请为我们的工作打分"},
            purpose="survey",
        )

    assert (record.handler, record.outcome) == ("channels.optout", "opted_out")
    entry = OptOut.objects.get(address=PHONE)
    assert entry.active and entry.inbound == record and entry.method == "reply"
    [confirmation] = sms_outbox
    assert "已退订" in confirmation.text and "订阅" in confirmation.text
    survey.refresh_from_db()
    assert survey.status == MessageStatus.SUPPRESSED and survey.last_error

    with django_capture_on_commit_callbacks(execute=True):
        assert receive("订阅").outcome == "opted_in"
    assert not optout_is_active(address=PHONE)
    assert "恢复订阅" in sms_outbox[-1].text


def test_the_same_message_is_recorded_and_handled_once(only_test_handlers):
    taken = []
    inbound_handler_register(
        name="test.all",
        claims=lambda m: True,
        handle=lambda m: taken.append(m) or HandlerResult("x"),
    )
    first = receive("你好", message_id="dup")
    again = receive("你好", message_id="dup")
    assert first.pk == again.pk and len(taken) == 1
    assert InboundMessage.objects.count() == 1


def test_handlers_are_asked_in_priority_order_and_the_first_claim_wins(only_test_handlers):
    asked = []

    def handler(name: str, claims: bool):
        def claim(message):
            asked.append(name)
            return claims

        inbound_handler_register(
            name=name,
            claims=claim,
            handle=lambda m: HandlerResult(outcome=f"{name} took it", ref="R1"),
            priority={"late": 900, "picky": 10, "early": 50}[name],
        )

    handler("late", True)
    handler("picky", False)
    handler("early", True)

    record = receive("1")

    assert asked == ["picky", "early"]
    assert (record.handler, record.outcome, record.ref) == ("early", "early took it", "R1")
    assert [h.name for h in inbound_handlers("sms")] == ["picky", "early", "late"]
    assert inbound_handlers("wechat") == []


def test_a_message_nobody_claims_is_kept_as_unhandled(only_test_handlers):
    record = receive("在吗")
    assert (record.handler, record.outcome) == ("", "unhandled")
    assert record.text == "在吗" and record.sender == PHONE


def test_a_flood_from_one_sender_is_refused_and_not_recorded(only_test_handlers):
    for _i in range(20):
        receive("第几条")
    with pytest.raises(RateLimitedError):
        receive("又一条")
    assert InboundMessage.objects.count() == 20


def test_unregistered_handlers_are_not_asked(only_test_handlers):
    inbound_handler_register(name="test.gone", claims=lambda m: True, handle=lambda m: None)
    inbound_handler_unregister(name="test.gone")
    assert receive("你好").outcome == "unhandled"
    assert not OutboundMessage.objects.exists()


def test_a_handler_that_cannot_take_it_now_leaves_nothing_recorded(only_test_handlers):
    def busy(message):
        raise RateLimitedError("稍后再试")

    inbound_handler_register(name="test.busy", claims=lambda m: True, handle=busy)
    with pytest.raises(RateLimitedError):
        receive("你好", message_id="later")
    assert not InboundMessage.objects.exists()  # the provider's retry is taken in then
