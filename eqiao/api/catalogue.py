"""The five kinds of petition, described as services (Open311's word) for the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eqiao.intake.models import Kind

# When the service list last changed (Open311 discovery's `changeset`): bump it when the
# descriptions, keywords or groups below change, so clients refresh their caches.
SERVICES_CHANGESET = "2026-11-29T00:00:00+08:00"
COMPLAINTS_GROUP = _("控告申诉")
LEGAL_SERVICES_GROUP = _("法律服务")


@dataclass(frozen=True)
class Service:
    code: str
    name: Promise
    description: Promise
    keywords: tuple[Promise, ...]
    group: Promise
    anonymous_allowed: bool = False


SERVICES = (
    Service(
        code=Kind.COMPLAINT.value,
        name=Kind.COMPLAINT.label,
        description=_("控告国家机关或者工作人员侵害您合法权益的违法行为。"),
        keywords=(_("控告"), _("违法"), _("侵权"), _("公职人员")),
        group=COMPLAINTS_GROUP,
    ),
    Service(
        code=Kind.APPEAL.value,
        name=Kind.APPEAL.label,
        description=_("不服司法机关的决定、判决或裁定，提出申诉。"),
        keywords=(_("申诉"), _("判决"), _("裁定"), _("不服")),
        group=COMPLAINTS_GROUP,
    ),
    Service(
        code=Kind.REPORT.value,
        name=Kind.REPORT.label,
        description=_("举报贪污贿赂、渎职侵权等职务犯罪线索。可以匿名举报。"),
        keywords=(_("举报"), _("贪污"), _("贿赂"), _("渎职")),
        group=COMPLAINTS_GROUP,
        anonymous_allowed=True,
    ),
    Service(
        code=Kind.CONSULTATION.value,
        name=Kind.CONSULTATION.label,
        description=_("向检察机关咨询法律问题，检察官在线解答。"),
        keywords=(_("咨询"), _("法律问题"), _("怎么办")),
        group=LEGAL_SERVICES_GROUP,
    ),
    Service(
        code=Kind.AID.value,
        name=Kind.AID.label,
        description=_("刑事案件被害人等因案致贫、生活困难的，申请司法救助。"),
        keywords=(_("司法救助"), _("困难"), _("被害人"), _("救助")),
        group=LEGAL_SERVICES_GROUP,
    ),
)
SERVICES_BY_CODE = {service.code: service for service in SERVICES}
