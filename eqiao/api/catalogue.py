"""The kinds of petition described as services (Open311's word) for the API: an adapter
over `intake.kinds`, the one list the portal reads too."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from eqiao.intake.kinds import KINDS

# When the service list last changed (Open311 discovery's `changeset`): bump it when the
# descriptions, keywords or groups in `intake.kinds` change, so clients refresh their caches.
SERVICES_CHANGESET = "2026-11-29T00:00:00+08:00"


@dataclass(frozen=True)
class Service:
    code: str
    name: Promise
    description: Promise
    keywords: tuple[Promise, ...]
    group: Promise
    anonymous_allowed: bool = False


SERVICES = tuple(
    Service(
        code=info.kind,
        name=info.label,
        description=info.description,
        keywords=info.keywords,
        group=info.group,
        anonymous_allowed=info.anonymous_allowed,
    )
    for info in KINDS
)
SERVICES_BY_CODE = {service.code: service for service in SERVICES}
