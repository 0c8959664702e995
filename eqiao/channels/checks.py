"""Deploy check: in production every channel uses a real provider with its settings."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from eqiao.channels.providers import provider_classes


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
