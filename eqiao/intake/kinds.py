"""The kinds of petition (诉求类别) as citizens and integrators see them: the one list that
the portal's buttons and help, the API's service list and Open311's services all read.
The stored values are `intake.models.Kind`; this adds the words around them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eqiao.intake.models import Kind

COMPLAINTS_GROUP = _("控告申诉")
LEGAL_SERVICES_GROUP = _("法律服务")


@dataclass(frozen=True)
class KindInfo:
    """One kind of petition.

    `summary` and `example` are for a citizen who has never dealt with a procuratorate;
    `description` is the fuller wording an integrator shows in its own forms."""

    kind: str
    button: Promise
    summary: Promise
    example: Promise
    description: Promise
    keywords: tuple[Promise, ...]
    group: Promise
    anonymous_allowed: bool = False

    @property
    def label(self) -> Promise:
        """The kind's name ("控告"), translated when shown."""
        return Kind(self.kind).label


KINDS: tuple[KindInfo, ...] = (
    KindInfo(
        Kind.COMPLAINT,
        button=_("我要控告"),
        summary=_("国家机关或工作人员违法办事，损害了您自己的权益。"),
        example=_("例如：案子结了，公安局一直不退还取保候审保证金。"),
        description=_("控告国家机关或者工作人员侵害您合法权益的违法行为。"),
        keywords=(_("控告"), _("违法"), _("侵权"), _("公职人员")),
        group=COMPLAINTS_GROUP,
    ),
    KindInfo(
        Kind.APPEAL,
        button=_("我要申诉"),
        summary=_("不服公安机关、法院或检察院作出的决定、判决，请检察院再审查。"),
        example=_("例如：认为法院判错了，想请检察院监督。"),
        description=_("不服司法机关的决定、判决或裁定，提出申诉。"),
        keywords=(_("申诉"), _("判决"), _("裁定"), _("不服")),
        group=COMPLAINTS_GROUP,
    ),
    KindInfo(
        Kind.REPORT,
        button=_("我要举报"),
        summary=_("举报国家工作人员贪污、受贿、失职渎职等违法犯罪。可以匿名。"),
        example=_("例如：村干部侵占征地补偿款。"),
        description=_("举报贪污贿赂、渎职侵权等职务犯罪线索。可以匿名举报。"),
        keywords=(_("举报"), _("贪污"), _("贿赂"), _("渎职")),
        group=COMPLAINTS_GROUP,
        anonymous_allowed=True,
    ),
    KindInfo(
        Kind.CONSULTATION,
        button=_("法律咨询"),
        summary=_("有法律上的问题想问，检察官给您解答。"),
        example=_("例如：工资被拖欠，该找哪个部门？"),
        description=_("向检察机关咨询法律问题，检察官在线解答。"),
        keywords=(_("咨询"), _("法律问题"), _("怎么办")),
        group=LEGAL_SERVICES_GROUP,
    ),
    KindInfo(
        Kind.AID,
        button=_("申请司法救助"),
        summary=_("因为案件受到伤害、生活有困难，申请国家救助。"),
        example=_("例如：家人被害，凶手赔不起，家里生活困难。"),
        description=_("刑事案件被害人等因案致贫、生活困难的，申请司法救助。"),
        keywords=(_("司法救助"), _("困难"), _("被害人"), _("救助")),
        group=LEGAL_SERVICES_GROUP,
    ),
)
KIND_BY_VALUE: dict[str, KindInfo] = {info.kind: info for info in KINDS}


def anonymous_allowed(kind: str) -> bool:
    """Whether a petition of this kind may be filed without a name (举报 only)."""
    info = KIND_BY_VALUE.get(kind)
    return bool(info and info.anonymous_allowed)
