"""The provider registry: chosen per channel from settings, the old setting name still
works, and the deploy check refuses a fake or an unconfigured provider."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from eqiao.channels.checks import providers_real_and_configured
from eqiao.channels.providers import provider_class, provider_classes, provider_get
from eqiao.channels.providers.sms_http import HttpSmsProvider
from eqiao.channels.providers.sms_locmem import LocmemSmsProvider


def test_every_provider_declares_its_channel_and_capabilities():
    classes = provider_classes()
    assert set(classes) >= {"sms_http", "sms_file", "sms_locmem"}
    assert {cls.channel for cls in classes.values()} == {"sms", "wechat", "weibo"}
    assert HttpSmsProvider.supports_batch and HttpSmsProvider.supports_idempotency_key
    assert not HttpSmsProvider.fake and classes["sms_file"].fake


def test_the_setting_chooses_the_provider(settings):
    assert isinstance(provider_get("sms"), LocmemSmsProvider)
    settings.EQIAO_SMS_PROVIDER = "sms_http"
    assert provider_class("sms") is HttpSmsProvider


def test_an_unknown_provider_is_a_clear_configuration_error(settings):
    settings.EQIAO_SMS_PROVIDER = "sms_aliyun"
    with pytest.raises(ImproperlyConfigured, match="sms_aliyun"):
        provider_get("sms")


def test_the_old_gateway_setting_still_chooses_the_provider(monkeypatch):
    import importlib

    import config.settings.base as base

    monkeypatch.delenv("EQIAO_SMS_PROVIDER", raising=False)
    monkeypatch.setenv("EQIAO_SMS_GATEWAY", "eqiao.channels.sms.backends.http.HttpSmsGateway")
    try:
        assert importlib.reload(base).EQIAO_SMS_PROVIDER == "sms_http"
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_the_deploy_check_refuses_a_fake_and_a_provider_without_credentials(settings):
    settings.EQIAO_WECHAT_PROVIDER = "wechat_off"  # an office without an official account
    assert [e.id for e in providers_real_and_configured()] == ["channels.E002"]
    settings.EQIAO_SMS_PROVIDER = "sms_http"
    settings.EQIAO_SMS_HTTP_URL = ""
    [error] = providers_real_and_configured()
    assert error.id == "channels.E003" and "EQIAO_SMS_HTTP_URL" in error.msg
    settings.EQIAO_SMS_HTTP_URL, settings.EQIAO_SMS_HTTP_KEY = "https://sms.example.cn", "k"
    assert providers_real_and_configured() == []


def test_the_retry_job_seeded_by_an_older_release_still_resolves():
    from eqiao.core.scheduling import task_resolve

    task = task_resolve("eqiao.channels.tasks.sms_retry_due_task")
    assert task.module_path == "eqiao.channels.tasks.message_retry_due_task"


def test_the_file_provider_writes_a_batch_one_line_a_message(settings, tmp_path, capsys):
    from eqiao.channels.providers import Outgoing

    settings.EQIAO_SMS_FILE_DIR = tmp_path
    provider = provider_classes()["sms_file"]()
    outgoing = [
        Outgoing(recipient=f"1390635000{i}", text=f"第{i}条", template="", params={})
        for i in range(3)
    ]
    results = provider.send_batch(outgoing)
    lines = [json.loads(line) for line in (tmp_path / "outbox.log").read_text().splitlines()]
    assert [line["phone"] for line in lines] == [m.recipient for m in outgoing]
    assert [line["id"] for line in lines] == [r.provider_id for r in results]
    assert len({r.provider_id for r in results}) == 3
    assert "[SMS → 13906350002] 第2条" in capsys.readouterr().err
    assert provider.batch_size() == provider.max_batch > 1
