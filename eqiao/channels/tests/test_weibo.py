# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests.weibo
"""Weibo: the length rule, posting and deleting against the loopback fake of Weibo's API,
and comments and mentions polled into the inbound dispatcher, each once, none lost."""

from __future__ import annotations

import pytest

from eqiao.channels.models import InboundMessage, InboundOutcome
from eqiao.channels.providers import PermanentError, TransientError
from eqiao.channels.providers.weibo import weibo_api
from eqiao.channels.providers.weibo.length import LIMIT, weibo_length, weibo_post_text
from eqiao.channels.services.inbound import (
    HandlerResult,
    inbound_handler_register,
    inbound_handler_unregister,
    inbound_handlers,
)
from eqiao.channels.services.weibo import weibo_inbound_poll
from eqiao.channels.tests.weibo import PUBLIC_BASE_URL, weibo_api_fake  # noqa: F401

LINK = f"{PUBLIC_BASE_URL}/articles/12/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("检察", 2),  # a Chinese character is one
        ("ab", 1),  # two ASCII characters are one
        ("abc", 2),  # … rounded up
        ("检察abc", 4),
        ("，。！", 3),  # full-width punctuation is one each
        ("é", 1),  # Latin-1 is half, as ASCII
        ("😀", 2),  # beyond the BMP: two
        ("看 https://www.lcjcy.example/articles/12/?utm=weibo", 12),  # 1 + ½ + 10, rounded up
        ("http://t.cn/A6abcd", 10),  # a link is ten however short
        ("链接" + "https://x.example/" + "a" * 300, 12),  # … or long
    ],
)
def test_weibo_counts_chinese_as_one_ascii_as_half_and_a_link_as_ten(text, length):
    assert weibo_length(text) == length


def test_a_post_keeps_the_title_and_the_whole_link_and_shortens_the_summary():
    text = weibo_post_text(title="以案释法：欠薪怎么办", summary="检" * 300, link=LINK)
    assert text.startswith("【以案释法：欠薪怎么办】检检")
    assert text.endswith(f"… {LINK}")
    assert weibo_length(text) <= LIMIT
    assert weibo_length(text) >= LIMIT - 1  # the room is used


def test_a_short_post_is_left_whole_and_a_huge_title_is_cut():
    short = weibo_post_text(title="标题", summary="摘要 abc", link=LINK)
    assert short == f"【标题】摘要 abc {LINK}"
    long = weibo_post_text(title="题" * 400, summary="摘要", link=LINK)
    assert weibo_length(long) <= LIMIT and long.endswith(LINK) and "摘要" not in long


@pytest.mark.django_db
def test_a_post_with_its_image_goes_out_and_is_deleted(weibo_api_fake):
    api = weibo_api()
    text = weibo_post_text(title="标题", summary="摘要", link=LINK)
    post = api.share(text=text, image=("card.png", PNG, "image/png"))
    assert weibo_api_fake.posts[post.id] == {"text": text, "pic": PNG}
    assert post.link.endswith(post.id)
    api.destroy(post_id=post.id)
    assert weibo_api_fake.posts == {} and weibo_api_fake.deleted == [post.id]
    api.destroy(post_id=post.id)  # gone already: nothing to do


@pytest.mark.django_db
def test_weibo_refusals_are_permanent_and_outages_transient(weibo_api_fake, settings):
    api = weibo_api()
    with pytest.raises(PermanentError, match="20012"):
        api.share(text="检" * 141 + " " + LINK)
    with pytest.raises(PermanentError, match="10017"):
        api.share(text="没有本站链接 https://elsewhere.example/")
    weibo_api_fake.fail_next(status=503, code=10001)
    with pytest.raises(TransientError):
        api.share(text=f"暂时不可用 {LINK}")
    weibo_api_fake.expired = True  # waiting for an administrator to renew the token
    with pytest.raises(TransientError, match="21327"):
        api.share(text=f"令牌过期 {LINK}")
    settings.EQIAO_WEIBO_ACCESS_TOKEN = ""
    with pytest.raises(TransientError):
        weibo_api().share(text=f"未配置 {LINK}")
    assert weibo_api_fake.posts == {}


@pytest.fixture
def opinion_handler():
    seen = []

    def handle(message):
        seen.append(message)
        return HandlerResult(outcome="opinion_item")

    inbound_handler_register(
        name="test.opinion", claims=lambda m: True, handle=handle, channels=("weibo",)
    )
    yield seen
    inbound_handler_unregister(name="test.opinion")


@pytest.fixture
def no_weibo_handlers():
    """Take away the handlers the installed apps registered for Weibo (opinion monitoring's),
    and put them back afterwards."""
    taken = inbound_handlers("weibo")
    for handler in taken:
        inbound_handler_unregister(name=handler.name)
    yield
    for h in taken:
        inbound_handler_register(
            name=h.name, claims=h.claims, handle=h.handle, channels=h.channels, priority=h.priority
        )


@pytest.mark.django_db
def test_comments_and_mentions_are_stored_once_even_without_a_handler(
    weibo_api_fake, no_weibo_handlers
):
    post = weibo_api().share(text=f"我们的微博 {LINK}")
    weibo_api_fake.comment(post.id, "检察官辛苦了", user="网友甲")
    weibo_api_fake.mention("@聊城检察 我村的事有人管吗", user="网友乙")
    assert weibo_inbound_poll() == 2
    rows = list(InboundMessage.objects.order_by("pk"))
    assert [(r.channel, r.text, r.outcome) for r in rows] == [
        ("weibo", "检察官辛苦了", InboundOutcome.UNHANDLED),
        ("weibo", "@聊城检察 我村的事有人管吗", InboundOutcome.UNHANDLED),
    ]
    assert weibo_inbound_poll() == 0  # since_id remembered: nothing twice
    weibo_api_fake.comment(post.id, "第二条评论")
    assert weibo_inbound_poll() == 1
    assert InboundMessage.objects.count() == 3


@pytest.mark.django_db
def test_a_registered_weibo_handler_takes_each_item(weibo_api_fake, opinion_handler):
    post = weibo_api().share(text=f"我们的微博 {LINK}")
    comment_id = weibo_api_fake.comment(post.id, "评论内容", user="网友丙")
    weibo_inbound_poll()
    [message] = opinion_handler
    assert (message.channel, message.text) == ("weibo", "评论内容")
    assert message.provider_message_id == f"comment:{comment_id}"
    assert InboundMessage.objects.get().outcome == "opinion_item"


@pytest.mark.django_db
def test_weibo_down_loses_nothing_and_a_backlog_is_read_page_by_page(weibo_api_fake, settings):
    post = weibo_api().share(text=f"我们的微博 {LINK}")
    for i in range(5):
        weibo_api_fake.comment(post.id, f"评论{i}", user=f"网友{i}")
    weibo_api_fake.fail_next(2, status=502)
    assert weibo_inbound_poll() == 0  # both lists failed: the cursors did not move
    assert weibo_inbound_poll(api=weibo_api()) == 5
    assert [m.text for m in InboundMessage.objects.order_by("pk")] == [f"评论{i}" for i in range(5)]


@pytest.mark.django_db
def test_a_backlog_longer_than_a_page_is_read_whole(weibo_api_fake):
    post = weibo_api().share(text=f"我们的微博 {LINK}")
    for i in range(7):
        weibo_api_fake.comment(post.id, f"评论{i}", user=f"网友{i}")
    items = weibo_api().comments_to_me(since_id=0, count=3)  # three pages
    assert [i.text for i in items] == [f"评论{i}" for i in range(7)]


@pytest.mark.django_db
def test_without_a_token_nothing_is_polled(settings):
    settings.EQIAO_WEIBO_ACCESS_TOKEN = ""
    assert weibo_inbound_poll() == 0


@pytest.mark.django_db
def test_an_administrator_obtains_and_checks_the_token(weibo_api_fake, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    settings.EQIAO_WEIBO_APP_KEY = weibo_api_fake.app_key
    settings.EQIAO_WEIBO_APP_SECRET = weibo_api_fake.app_secret
    settings.EQIAO_WEIBO_REDIRECT_URI = f"{PUBLIC_BASE_URL}/weibo/callback"
    out = StringIO()
    call_command("weibo_token", stdout=out)
    assert f"client_id={weibo_api_fake.app_key}" in out.getvalue()
    code = weibo_api_fake.authorize()
    out = StringIO()
    call_command("weibo_token", code=code, stdout=out)
    token = out.getvalue().split("EQIAO_WEIBO_ACCESS_TOKEN=")[1].split()[0]
    assert token == weibo_api_fake.token
    with pytest.raises(CommandError, match="refused"):
        call_command("weibo_token", code=code)  # a code works once
    settings.EQIAO_WEIBO_ACCESS_TOKEN = token
    out = StringIO()
    call_command("weibo_token", check=True, stdout=out)
    assert "1824 days left" in out.getvalue()


@pytest.mark.django_db
def test_an_opt_out_word_in_a_comment_is_recorded_and_its_answer_not_sent(
    weibo_api_fake, django_capture_on_commit_callbacks
):
    from eqiao.channels.models import MessageStatus, OutboundMessage

    post = weibo_api().share(text=f"我们的微博 {LINK}")
    weibo_api_fake.comment(post.id, "退订", user="网友丁")
    with django_capture_on_commit_callbacks(execute=True):
        assert weibo_inbound_poll() == 1
    assert InboundMessage.objects.get().outcome == InboundOutcome.OPTED_OUT
    answer = OutboundMessage.objects.get(channel="weibo")
    assert answer.status == MessageStatus.FAILED  # Weibo has no private answer
