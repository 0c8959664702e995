"""Words the portal shows beyond the kinds of petition (those are `intake.kinds`, shared
with the API): the hotline."""

from __future__ import annotations

from django.conf import settings

# 12309 is the procuratorates' national service hotline (12309检察服务热线).
DEFAULT_HOTLINE = "12309"


def hotline() -> str:
    return getattr(settings, "EQIAO_HOTLINE", DEFAULT_HOTLINE)
