"""API test fixtures: clients with keys, and helpers to call the API as a client would."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eqiao.api.services.clients import api_client_create

SMS_SECRET = "test-inbound-secret-0123456789"


@pytest.fixture
def kiosk(db):
    """An API client filing as a township kiosk: `.client`, `.key`, `.auth` (v1 header)."""
    client, key = api_client_create(name="冠县清水镇便民查询机", channel="kiosk")
    return SimpleNamespace(client=client, key=key, auth={"HTTP_AUTHORIZATION": f"Bearer {key}"})


@pytest.fixture
def wechat(db):
    client, key = api_client_create(name="聊城检察微信公众号", channel="wechat")
    return SimpleNamespace(client=client, key=key, auth={"HTTP_AUTHORIZATION": f"Bearer {key}"})


@pytest.fixture
def sms_secret(settings):
    settings.EQIAO_SMS_INBOUND_SECRET = SMS_SECRET
    return {"HTTP_X_EQIAO_SMS_SECRET": SMS_SECRET}


PETITION = {
    "kind": "complaint",
    "name": "李秀英",
    "phone": "13912345678",
    "id_number": "11010519491231002X",
    "address": "冠县清水镇东街12号",
    "content": "我在工地干了半年活，老板一直拖欠工资不给，请检察院帮帮忙。",
}


@pytest.fixture
def petition_payload():
    return dict(PETITION)
