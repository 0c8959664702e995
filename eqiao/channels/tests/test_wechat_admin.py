"""The WeChat account's data in the admin: auto-replies and the menu are edited there (and
take effect at once), followers and messages are listed with masked ids and phones."""

from __future__ import annotations

import pytest
from django.utils import timezone

from eqiao.channels.models import WeChatAutoReply, WeChatFollower, WeChatMenuItem
from eqiao.channels.services.wechat.autoreply import autoreply_for_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(admin_client, settings):
    settings.EQIAO_STAFF_TOTP_REQUIRED = False
    return admin_client


def test_staff_add_a_keyword_answer_in_the_admin(admin):
    response = admin.post(
        "/admin/channels/wechatautoreply/add/",
        {
            "trigger": "keyword_contains",
            "match": "地址",
            "reply": "本院地址：聊城市…",
            "active": "on",
            "priority": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert autoreply_for_text(text="请问你们的地址在哪") == "本院地址：聊城市…"
    assert autoreply_for_text(text="你好") is None


def test_the_starting_menu_and_answers_are_listed_in_chinese(admin):
    page = admin.get("/admin/channels/wechatmenuitem/").content.decode()
    assert "微信菜单" in page and "提交信访" in page and "法律咨询" in page
    assert WeChatMenuItem.objects.filter(parent__name="服务").count() == 2
    assert "关注时" in admin.get("/admin/channels/wechatautoreply/").content.decode()
    assert WeChatAutoReply.objects.filter(trigger="click", match="CONSULT").exists()


def test_followers_are_listed_masked(admin):
    WeChatFollower.objects.create(
        openid="oSecretOpenId00000000000001", phone="13906350077", bound_at=timezone.now()
    )
    page = admin.get("/admin/channels/wechatfollower/").content.decode()
    assert "139****0077" in page and "13906350077" not in page
    assert "oSecretOpenId" not in page
    assert admin.get("/admin/channels/wechatmessage/").status_code == 200
