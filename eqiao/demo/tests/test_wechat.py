"""The demo's WeChat followers: the people whose petitions came by WeChat, bound to their
phone, one follower a phone."""

from __future__ import annotations

import pytest

from eqiao.channels.models import WeChatFollower, WeChatMessage
from eqiao.demo.wechat import wechat_demo_create
from eqiao.intake.models import Channel
from eqiao.intake.tests.factories import make_petition

pytestmark = pytest.mark.django_db


def test_wechat_petitioners_follow_the_account_bound_to_their_phone(office_tree):
    make_petition(office_tree.qingshui, channel=Channel.WECHAT, phone="13906350011")
    make_petition(office_tree.qingshui, channel=Channel.WECHAT, phone="13906350011")
    make_petition(office_tree.qingshui, channel=Channel.SMS, phone="13906350022")
    assert wechat_demo_create() == 1
    follower = WeChatFollower.objects.get()
    assert follower.phone == "13906350011" and follower.bound_at is not None
    assert WeChatMessage.objects.filter(openid=follower.openid).count() == 2
