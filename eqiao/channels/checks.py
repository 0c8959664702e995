"""Checks: in production every channel uses a real provider with its settings (deploy);
every SMS template has a provider code where the gateway sends templates only."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from eqiao.channels.models import MessageChannel
from eqiao.channels.providers import provider_classes, provider_get
from eqiao.channels.services.templates import message_templates


@checks.register(checks.Tags.security, deploy=True)
def providers_real_and_configured(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    channels = {cls.channel for cls in provider_classes().values()}
    for channel in sorted(channels):
        setting = f"EQIAO_{channel.upper()}_PROVIDER"
        slug = getattr(settings, setting, "")
        cls = provider_classes().get(slug)
        if cls is None:
            errors.append(checks.Error(f"{setting}={slug!r} names no provider", id="channels.E001"))
        elif cls.fake:
            errors.append(
                checks.Error(f"{setting}={slug!r} is a fake provider", id="channels.E002")
            )
        elif missing := cls.missing_settings():
            errors.append(checks.Error(f"{slug} needs {', '.join(missing)}", id="channels.E003"))
    return errors


@checks.register("channels")
def sms_templates_have_codes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A gateway that sends templates only needs a provider code for every registered SMS
    template (else that message is refused when sent); a code for a name nobody registered
    is a typo in EQIAO_SMS_TEMPLATE_CODES."""
    messages: list[checks.CheckMessage] = []
    names = {t.name for t in message_templates(channel=MessageChannel.SMS)}
    if unknown := sorted(set(settings.EQIAO_SMS_TEMPLATE_CODES) - names):
        messages.append(
            checks.Warning(
                f"EQIAO_SMS_TEMPLATE_CODES names templates nobody registered: {', '.join(unknown)}",
                hint=f"registered SMS templates: {', '.join(sorted(names))}",
                id="channels.W001",
            )
        )
    try:
        provider = provider_get(MessageChannel.SMS)
    except ImproperlyConfigured:
        return messages  # channels.E001 (deploy) names the wrong setting
    if provider.template_only:
        missing = sorted(name for name in names if not provider.template_code(name))
        if missing:
            messages.append(
                checks.Error(
                    f"{provider.slug} sends templates only, and these SMS templates have no "
                    f"provider code: {', '.join(missing)}",
                    hint="add name=code pairs to EQIAO_SMS_TEMPLATE_CODES once the provider "
                    "has approved the wording",
                    id="channels.E004",
                )
            )
    return messages


@checks.register("channels")
def wechat_settings_valid(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The EncodingAESKey, when set, must be the 43 characters WeChat's admin generated."""
    from eqiao.channels.providers.wechat.callback import aes_key_valid

    key = settings.EQIAO_WECHAT_AES_KEY
    if key and not aes_key_valid(key):
        return [
            checks.Error(
                "EQIAO_WECHAT_AES_KEY is not a valid EncodingAESKey (43 characters of base64)",
                hint="copy it again from 设置与开发 → 基本配置 → 服务器配置",
                id="channels.E005",
            )
        ]
    return []
