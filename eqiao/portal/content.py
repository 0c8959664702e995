"""The words the portal shows about each kind of request, written for a reader who has never
dealt with a procuratorate: what it is, with an everyday example."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eqiao.intake.models import Kind

# 12309 is the procuratorates' national service hotline (12309检察服务热线).
DEFAULT_HOTLINE = "12309"


def hotline() -> str:
    return getattr(settings, "EQIAO_HOTLINE", DEFAULT_HOTLINE)


@dataclass(frozen=True)
class KindHelp:
    kind: str
    button: Promise
    label: Promise
    summary: Promise
    example: Promise


KINDS = [
    KindHelp(
        Kind.COMPLAINT,
        _("我要控告"),
        _("控告"),
        _("国家机关或工作人员违法办事，损害了您自己的权益。"),
        _("例如：案子结了，公安局一直不退还取保候审保证金。"),
    ),
    KindHelp(
        Kind.APPEAL,
        _("我要申诉"),
        _("申诉"),
        _("不服公安机关、法院或检察院作出的决定、判决，请检察院再审查。"),
        _("例如：认为法院判错了，想请检察院监督。"),
    ),
    KindHelp(
        Kind.REPORT,
        _("我要举报"),
        _("举报"),
        _("举报国家工作人员贪污、受贿、失职渎职等违法犯罪。可以匿名。"),
        _("例如：村干部侵占征地补偿款。"),
    ),
    KindHelp(
        Kind.CONSULTATION,
        _("法律咨询"),
        _("法律咨询"),
        _("有法律上的问题想问，检察官给您解答。"),
        _("例如：工资被拖欠，该找哪个部门？"),
    ),
    KindHelp(
        Kind.AID,
        _("申请司法救助"),
        _("司法救助"),
        _("因为案件受到伤害、生活有困难，申请国家救助。"),
        _("例如：家人被害，凶手赔不起，家里生活困难。"),
    ),
]

KIND_BY_VALUE = {k.kind: k for k in KINDS}
