"""Creating API clients: the management command prints the key once; the admin shows it
once; only its hash is stored."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from eqiao.api.models import ApiClient
from eqiao.api.services.clients import api_client_authenticate, api_client_rotate_key, key_hash

pytestmark = pytest.mark.django_db


def test_the_command_prints_the_key_once_and_stores_its_hash():
    out, err = io.StringIO(), io.StringIO()
    call_command("api_client_create", "清水镇查询机", "--channel", "kiosk", stdout=out, stderr=err)

    key = out.getvalue().strip()
    client = ApiClient.objects.get(name="清水镇查询机")
    assert client.channel == "kiosk" and key.startswith("eqk_")
    assert client.key_hash == key_hash(key) and key not in client.key_hash
    assert api_client_authenticate(key=key) == client


def test_the_command_refuses_bad_input():
    call_command(
        "api_client_create", "同名", "--channel", "web", stdout=io.StringIO(), stderr=io.StringIO()
    )
    with pytest.raises(CommandError, match="已有同名"):
        call_command(
            "api_client_create",
            "同名",
            "--channel",
            "web",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    with pytest.raises(CommandError):
        call_command("api_client_create", "x", "--channel", "hotline")


def test_rotating_the_key_retires_the_old_one(kiosk):
    new = api_client_rotate_key(client=kiosk.client)
    assert api_client_authenticate(key=kiosk.key) is None
    assert api_client_authenticate(key=new) == kiosk.client


def test_the_admin_shows_a_new_key_once(admin_client, settings):
    settings.EQIAO_STAFF_TOTP_REQUIRED = False  # the admin's TOTP guard is tested in workbench
    response = admin_client.post(
        "/admin/api/apiclient/add/",
        {"name": "微信公众号", "channel": "wechat", "submit_per_hour": 300},
        follow=True,
    )
    assert response.status_code == 200
    client = ApiClient.objects.get(name="微信公众号")
    shown = [str(m) for m in response.context["messages"]]
    [key] = [m.rsplit("：", 1)[1] for m in shown if "只显示这一次" in m]
    assert api_client_authenticate(key=key) == client
    page = admin_client.get(f"/admin/api/apiclient/{client.pk}/change/").content.decode()
    assert key not in page and client.key_hash not in page
