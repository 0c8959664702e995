"""The kinds of appointment and what each kind decides: who may book it (a verified lawyer
account, or a citizen who proved their phone by SMS code) and whether a booking is
confirmed at once or waits for staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentKind(models.TextChoices):
    FILE_REVIEW = "file_review", _("律师阅卷")
    MEETING = "meeting", _("律师会见、听取意见")
    SUBMISSION = "submission", _("递交材料")
    RECEPTION_DAY = "reception_day", _("检察长接待日")
    WALK_IN = "walk_in", _("来访")
    VIDEO_RECEPTION = "video_reception", _("视频接访")


class Booker(models.TextChoices):
    LAWYER = "lawyer", _("已认证律师")
    CITIZEN = "citizen", _("群众（手机验证）")


@dataclass(frozen=True)
class KindRule:
    kind: str
    booker: str
    auto_confirm: bool
    summary: object  # a lazy translation


K = AppointmentKind
KIND_RULES: dict[str, KindRule] = {
    K.FILE_REVIEW: KindRule(
        K.FILE_REVIEW,
        Booker.LAWYER,
        True,
        _("辩护人、诉讼代理人查阅、摘抄、复制案卷材料。所填案件须是您作为辩护人或代理人的案件。"),
    ),
    K.MEETING: KindRule(
        K.MEETING,
        Booker.LAWYER,
        False,
        _("律师约见承办检察官、当面提出意见，须经工作人员确认。"),
    ),
    K.SUBMISSION: KindRule(
        K.SUBMISSION,
        Booker.LAWYER,
        True,
        _("律师当面递交申请书、证据材料等。"),
    ),
    K.RECEPTION_DAY: KindRule(
        K.RECEPTION_DAY,
        Booker.CITIZEN,
        False,
        _("检察长当面接待来访群众，须经工作人员确认。"),
    ),
    K.WALK_IN: KindRule(K.WALK_IN, Booker.CITIZEN, True, _("到检察院或检察室当面反映问题、咨询。")),
    K.VIDEO_RECEPTION: KindRule(
        K.VIDEO_RECEPTION,
        Booker.CITIZEN,
        True,
        _("在就近的检察室通过视频与上级院检察官面谈。"),
    ),
}


def kind_rule(kind: str) -> KindRule:
    return KIND_RULES[kind]


def kind_is_lawyers(kind: str) -> bool:
    return KIND_RULES[kind].booker == Booker.LAWYER
