# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests
"""The WeChat and Weibo outlets against the loopback fakes of both APIs: an approved
article becomes a published WeChat article (cover as permanent material, body images
uploaded to WeChat, the status polled until it is out) and a Weibo post (title, summary and
portal link within 140 characters, with the share card); withdrawal deletes both; a
platform that is down or still publishing is asked again by the desk's retry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from eqiao.channels.models import SocialPost, SocialPostState
from eqiao.channels.providers.weibo.length import LIMIT, weibo_length
from eqiao.channels.tests.wechat import wechat_api_fake  # noqa: F401 - fixture
from eqiao.channels.tests.weibo import PUBLIC_BASE_URL, weibo_api_fake  # noqa: F401
from eqiao.publishing.models import OutletState
from eqiao.publishing.outlets import outlet_register, outlet_unregister
from eqiao.publishing.selectors import review_tasks_for
from eqiao.publishing.services.images import image_upload
from eqiao.publishing.services.publish import article_withdraw, outlets_retry_due
from eqiao.publishing.services.review import article_submit, review_decide
from eqiao.publishing.social import WeChatOutlet, WeiboOutlet, social_outlets_register
from eqiao.publishing.tests.conftest import CLEAN_BODY, png_bytes, write

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def social(wechat_api_fake, weibo_api_fake):
    outlet_register(WeChatOutlet())
    outlet_register(WeiboOutlet())
    yield wechat_api_fake, weibo_api_fake
    outlet_unregister("wechat")
    outlet_unregister("weibo")


def publish(desk, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_submit(actor=desk.editor, article=write(desk, **kw))
        for actor in (desk.reviewer, desk.head):
            task = review_tasks_for(staff=actor)[0]
            article = review_decide(actor=actor, task=task, approve=True)
    return article


def rows(article):
    return {r.outlet: r for r in article.outlets.all()}


def test_an_approved_article_is_published_on_wechat_and_weibo(
    desk, social, django_capture_on_commit_callbacks
):
    wechat, weibo = social
    image = image_upload(actor=desk.editor, office=desk.office, data=png_bytes(), alt="现场")
    body = CLEAN_BODY + f'<p><img src="{image.file.url}" alt="现场"></p>'
    article = publish(desk, django_capture_on_commit_callbacks, body=body, cover=image)
    outlets = rows(article)
    assert outlets["wechat"].state == OutletState.PUBLISHED
    assert outlets["weibo"].state == OutletState.PUBLISHED

    # WeChat: one published article with our title, a cover that is permanent material,
    # the body's image served from WeChat, and the portal as the original.
    [(article_id, [item])] = wechat.articles.items()
    assert item["title"] == "以案释法：欠薪怎么办"
    assert item["thumb_media_id"] in wechat.materials
    assert "追回工资" in item["content"]
    [uploaded] = wechat.images
    assert uploaded in item["content"] and image.file.url not in item["content"]
    assert item["content_source_url"] == f"{PUBLIC_BASE_URL}/articles/{article.pk}/"
    assert outlets["wechat"].link == f"http://mp.example/{article_id}/1"

    # Weibo: the title, the short version and the link, within the limit, with the card.
    [(post_id, post)] = weibo.posts.items()
    assert post["text"] == (
        f"【以案释法：欠薪怎么办】欠薪可申请支持起诉 {PUBLIC_BASE_URL}/articles/{article.pk}/"
    )
    assert weibo_length(post["text"]) <= LIMIT
    assert post["pic"].startswith(b"\x89PNG")
    assert outlets["weibo"].link.endswith(post_id)


def test_withdrawal_deletes_the_wechat_article_and_the_weibo_post(
    desk, social, django_capture_on_commit_callbacks
):
    wechat, weibo = social
    article = publish(desk, django_capture_on_commit_callbacks)
    [article_id] = wechat.articles
    [post_id] = weibo.posts
    with django_capture_on_commit_callbacks(execute=True):
        article_withdraw(actor=desk.head, article=article, reason="案件信息有误")
    assert {o: r.state for o, r in rows(article).items()} == {
        "portal": OutletState.WITHDRAWN,
        "wechat": OutletState.WITHDRAWN,
        "weibo": OutletState.WITHDRAWN,
    }
    assert wechat.articles == {} and wechat.deleted == [article_id]
    assert weibo.posts == {} and weibo.deleted == [post_id]


def test_while_wechat_is_still_publishing_the_desk_asks_again_later(
    desk, social, django_capture_on_commit_callbacks
):
    wechat, _weibo = social
    wechat.publishing_polls = 2  # "publishing" for the first two status polls
    with time_machine.travel(NOW, tick=False):
        article = publish(desk, django_capture_on_commit_callbacks)
        row = rows(article)["wechat"]
        assert row.state == OutletState.FAILED and "正在发布" in row.last_error
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        outlets_retry_due()
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        outlets_retry_due()
    row = rows(article)["wechat"]
    assert (row.state, row.attempts) == (OutletState.PUBLISHED, 3)
    assert row.link.startswith("http://mp.example/")
    assert len(wechat.articles) == 1  # polled, never submitted twice
    assert wechat.requests.count("POST /cgi-bin/freepublish/submit") == 1


def test_a_refused_publication_is_recorded_and_the_retry_starts_again(
    desk, social, django_capture_on_commit_callbacks
):
    wechat, _weibo = social
    wechat.publish_fails_with = 4  # WeChat's review refused it
    with time_machine.travel(NOW, tick=False):
        article = publish(desk, django_capture_on_commit_callbacks)
    row = rows(article)["wechat"]
    assert row.state == OutletState.FAILED and "平台审核不通过" in row.last_error
    post = SocialPost.objects.get(channel="wechat")
    assert post.state == SocialPostState.FAILED
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        outlets_retry_due()
    assert rows(article)["wechat"].state == OutletState.PUBLISHED
    assert wechat.requests.count("POST /cgi-bin/draft/add") == 2


def test_platforms_that_are_down_are_retried_and_nothing_goes_out_twice(
    desk, social, django_capture_on_commit_callbacks
):
    wechat, weibo = social
    wechat.fail_next(1, errcode=-1)  # the first call after the token: system busy
    weibo.fail_next(1, status=503)
    with time_machine.travel(NOW, tick=False):
        article = publish(desk, django_capture_on_commit_callbacks)
    outlets = rows(article)
    assert outlets["wechat"].state == outlets["weibo"].state == OutletState.FAILED
    assert "暂时不可用" in outlets["weibo"].last_error
    assert outlets["portal"].state == OutletState.PUBLISHED
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        outlets_retry_due()
    outlets = rows(article)
    assert outlets["wechat"].state == outlets["weibo"].state == OutletState.PUBLISHED
    assert len(wechat.articles) == 1 and len(weibo.posts) == 1
    # Asked again (a second worker, a re-run): the same publication, nothing new.
    WeChatOutlet().publish(article)
    WeiboOutlet().publish(article)
    assert len(wechat.articles) == 1 and len(weibo.posts) == 1


def test_without_a_public_address_the_outlets_wait(
    desk, social, settings, django_capture_on_commit_callbacks
):
    settings.EQIAO_PUBLIC_BASE_URL = ""
    article = publish(desk, django_capture_on_commit_callbacks)
    assert "EQIAO_PUBLIC_BASE_URL" in rows(article)["weibo"].last_error
    assert social[1].posts == {}


def test_the_outlets_are_registered_only_for_configured_accounts(settings):
    from eqiao.publishing.outlets import outlet_get

    settings.EQIAO_WECHAT_PROVIDER = "wechat_locmem"
    settings.EQIAO_WEIBO_ACCESS_TOKEN = ""
    social_outlets_register()
    assert outlet_get("wechat") is None and outlet_get("weibo") is None
    settings.EQIAO_WECHAT_PROVIDER, settings.EQIAO_WECHAT_APP_ID = "wechat_api", "wx1"
    settings.EQIAO_WEIBO_ACCESS_TOKEN = "2.00token"
    try:
        social_outlets_register()
        assert outlet_get("wechat") is not None and outlet_get("weibo") is not None
    finally:
        outlet_unregister("wechat")
        outlet_unregister("weibo")


def test_a_correction_replaces_the_wechat_article_and_the_weibo_post(
    desk, social, django_capture_on_commit_callbacks
):
    from eqiao.publishing.selectors import review_tasks_for
    from eqiao.publishing.services.articles import ArticleInput
    from eqiao.publishing.services.correction import article_correct
    from eqiao.publishing.services.review import review_decide

    wechat, weibo = social
    article = publish(desk, django_capture_on_commit_callbacks)
    [old_article] = wechat.articles
    [old_post] = weibo.posts
    data = ArticleInput(
        kind=article.kind,
        title="以案释法：欠薪怎么办（更正）",
        body_html=CLEAN_BODY,
        short_text="欠薪可申请支持起诉",
    )
    article_correct(actor=desk.editor, article=article, data=data, note="标题有误")
    # The correction is reviewed again by people before it replaces anything.
    review_decide(actor=desk.reviewer, task=review_tasks_for(staff=desk.reviewer)[0], approve=True)
    assert wechat.deleted == [] and weibo.deleted == []
    with django_capture_on_commit_callbacks(execute=True):
        review_decide(actor=desk.head, task=review_tasks_for(staff=desk.head)[0], approve=True)
    assert wechat.deleted == [old_article] and weibo.deleted == [old_post]
    [(_id, [item])] = wechat.articles.items()
    [(_pid, post)] = weibo.posts.items()
    assert item["title"] == post["text"][1:15] == "以案释法：欠薪怎么办（更正）"
    assert {r.outlet: r.state for r in article.outlets.all()}["wechat"] == OutletState.PUBLISHED
