# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests.wechat
"""The WeChat API client and provider against the loopback fake of WeChat's API: the shared
access token (fetched once for every process, refreshed before it expires, refreshed once
on an invalid-credential answer), messages, the menu, media, and the publishing calls."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from eqiao.channels.models import MessageStatus, OutboundMessage, WeChatAccessToken
from eqiao.channels.providers import PermanentError, TransientError
from eqiao.channels.providers.wechat import wechat_api
from eqiao.channels.services import message_deliver, message_queue
from eqiao.channels.services.templates import message_template_unregister
from eqiao.channels.services.wechat import wechat_template_register
from eqiao.channels.tests.wechat import wechat_api_fake  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
OPENID = "oFollower000000000000000001"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def notice():
    wechat_template_register(name="test.wechat_notice", text="通知：%(text)s", params=("text",))
    yield "test.wechat_notice"
    message_template_unregister(channel="wechat", name="test.wechat_notice")


def send(template: str, text: str = "您好") -> OutboundMessage:
    message = message_queue(
        channel="wechat", recipient=OPENID, template=template, params={"text": text}
    )
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    return message


def test_a_message_goes_out_as_a_customer_service_message(wechat_api_fake, notice):
    message = send(notice)
    assert message.status == MessageStatus.SENT
    [sent] = wechat_api_fake.sent
    assert sent == {"touser": OPENID, "msgtype": "text", "text": {"content": "通知：您好"}}


def test_with_a_template_id_it_goes_out_as_a_template_message(wechat_api_fake, notice, settings):
    settings.EQIAO_WECHAT_TEMPLATE_IDS = {notice: "TPL-reply-1"}
    assert send(notice).status == MessageStatus.SENT
    [sent] = wechat_api_fake.templates
    assert sent["template_id"] == "TPL-reply-1" and sent["touser"] == OPENID
    assert sent["data"]["text"] == {"value": "您好"}
    assert not wechat_api_fake.sent


def test_the_token_is_fetched_once_for_every_process(wechat_api_fake, notice):
    """Two clients (as two processes would have) share the row: one fetch."""
    send(notice)
    wechat_api().custom_send_text(openid=OPENID, content="再一条")
    assert wechat_api_fake.token_fetches == 1
    row = WeChatAccessToken.objects.get()
    assert row.token in wechat_api_fake.tokens and row.expires_at > timezone.now()


def test_the_token_is_refreshed_before_it_expires(wechat_api_fake, notice):
    send(notice)
    later = timezone.now() + dt.timedelta(seconds=7200 - 200)  # within the 5-minute margin
    with time_machine.travel(later, tick=False):
        send(notice)
    assert wechat_api_fake.token_fetches == 2


def test_an_expired_token_is_refreshed_once_and_the_call_retried(wechat_api_fake, notice):
    send(notice)
    wechat_api_fake.expire_tokens()  # WeChat answers 42001
    assert send(notice).status == MessageStatus.SENT
    assert wechat_api_fake.token_fetches == 2 and len(wechat_api_fake.sent) == 2


def test_a_token_another_process_replaced_is_refreshed_once(wechat_api_fake, notice):
    send(notice)
    WeChatAccessToken.objects.update(token="replaced-elsewhere")  # WeChat answers 40001
    assert send(notice).status == MessageStatus.SENT
    assert wechat_api_fake.token_fetches == 2


def test_a_busy_wechat_is_retried_later_and_a_refusal_is_final(wechat_api_fake, notice):
    wechat_api_fake.fail_next(errcode=-1, errmsg="system error")
    busy = send(notice)
    assert busy.status == MessageStatus.QUEUED and busy.next_attempt_at is not None
    wechat_api_fake.fail_next(errcode=45015, errmsg="response out of time limit")
    refused = send(notice, "晚了")
    assert refused.status == MessageStatus.FAILED and "45015" in refused.last_error


def test_a_wrong_secret_is_reported_and_nothing_is_lost(wechat_api_fake, notice, settings):
    settings.EQIAO_WECHAT_APP_SECRET = "wrong"
    message = send(notice)
    assert message.status == MessageStatus.QUEUED and "40125" in message.last_error
    assert not WeChatAccessToken.objects.exclude(token="").exists()


def test_the_menu_is_pushed_from_the_data(wechat_api_fake, settings, capsys):
    settings.EQIAO_PUBLIC_BASE_URL = "https://eqiao.example.gov.cn"
    call_command("wechat_menu_push")
    [menu] = wechat_api_fake.menus
    assert [b["name"] for b in menu] == ["提交信访", "查询进度", "服务"]
    assert menu[0] == {
        "type": "view",
        "name": "提交信访",
        "url": "https://eqiao.example.gov.cn/submit/",
    }
    assert [s["name"] for s in menu[2]["sub_button"]] == ["预约", "法律咨询"]
    assert "menu pushed" in capsys.readouterr().out


def test_a_menu_without_a_public_address_is_refused_before_sending(wechat_api_fake, settings):
    settings.EQIAO_PUBLIC_BASE_URL = ""
    with pytest.raises(CommandError, match="EQIAO_PUBLIC_BASE_URL"):
        call_command("wechat_menu_push")
    assert not wechat_api_fake.menus


def test_media_is_downloaded_and_a_vanished_one_is_a_clear_error(wechat_api_fake):
    wechat_api_fake.media["m-1"] = (PNG, "image/png")
    media = wechat_api().media_get(media_id="m-1")
    assert (media.data, media.content_type) == (PNG, "image/png")
    with pytest.raises(PermanentError, match="40007"):
        wechat_api().media_get(media_id="gone")
    with pytest.raises(PermanentError, match="larger"):
        wechat_api().media_get(media_id="m-1", max_bytes=10)


def test_an_article_is_drafted_published_and_withdrawn(wechat_api_fake):
    """The calls the publishing desk will make: cover as permanent material, draft, publish,
    poll the status, delete on withdrawal."""
    api = wechat_api()
    cover, _url = api.material_add_image(name="cover.png", data=PNG, content_type="image/png")
    article = {"title": "检察开放日", "content": "<p>欢迎</p>", "thumb_media_id": cover}
    draft = api.draft_add(articles=[article])
    publish_id = api.freepublish_submit(media_id=draft)
    status = api.freepublish_get(publish_id=publish_id)
    assert status["status"] == 0 and status["article_id"] and len(status["urls"]) == 1
    api.freepublish_delete(article_id=status["article_id"])
    assert wechat_api_fake.deleted == [status["article_id"]]
    with pytest.raises(PermanentError, match="40007"):
        api.draft_add(articles=[{**article, "thumb_media_id": "not-uploaded"}])


def test_an_unreachable_api_is_transient(settings):
    settings.EQIAO_WECHAT_API_BASE = "http://127.0.0.1:9"
    settings.EQIAO_WECHAT_APP_ID, settings.EQIAO_WECHAT_APP_SECRET = "wx1", "s"
    with pytest.raises(TransientError, match="unreachable"):
        wechat_api().custom_send_text(openid=OPENID, content="x")


def test_the_checks_name_a_missing_credential_and_a_bad_aes_key(settings):
    from eqiao.channels.checks import providers_real_and_configured, wechat_settings_valid

    settings.EQIAO_SMS_PROVIDER = "sms_http"
    settings.EQIAO_SMS_HTTP_URL, settings.EQIAO_SMS_HTTP_KEY = "https://sms.example.cn", "k"
    settings.EQIAO_WECHAT_PROVIDER = "wechat_api"
    settings.EQIAO_WECHAT_APP_ID, settings.EQIAO_WECHAT_APP_SECRET = "wx1", ""
    [error] = providers_real_and_configured()
    assert error.id == "channels.E003" and "EQIAO_WECHAT_APP_SECRET" in error.msg
    settings.EQIAO_WECHAT_AES_KEY = "too-short"
    assert [e.id for e in wechat_settings_valid()] == ["channels.E005"]
    settings.EQIAO_WECHAT_AES_KEY = "A" * 43
    assert wechat_settings_valid() == []


def test_the_access_token_never_reaches_the_log(wechat_api_fake, notice, caplog):
    """httpx logs every request line; the console handler's filter masks the token."""
    from eqiao.core.logs import credentials_masked

    caplog.set_level("INFO", logger="httpx")
    send(notice)
    token = WeChatAccessToken.objects.get().token
    lines = [credentials_masked(r.getMessage()) for r in caplog.records]
    assert any("access_token=***" in line for line in lines)
    assert not any(token in line or wechat_api_fake.app_secret in line for line in lines)
