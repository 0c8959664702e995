"""Small builders for the disclosure tests: a case in an office, with flags."""

from __future__ import annotations

import datetime as dt
import itertools

from eqiao.cases.models import Case, CaseKind, Stage

_numbers = itertools.count(1)

INDICTMENT = """山东省冠县人民检察院
起诉书
冠检刑诉〔2026〕12号

被告人张小明，男，1980年5月3日出生，身份证号码372526198005031234，住冠县清水镇张庄村18号，电话13906351234。
被告人张小明因涉嫌盗窃罪，于2026年3月1日被冠县公安局刑事拘留。
经依法审查查明：2026年2月，被告人张小明在冠县清水镇盗窃村民李大海的电动车一辆。
检察官白云
"""


def case_make(office, *, number: str = "", **flags) -> Case:
    n = next(_numbers)
    return Case.objects.create(
        number=number or f"冠检刑诉受〔2026〕{n}号",
        kind=CaseKind.CRIMINAL,
        title=f"张某某盗窃案{n}",
        charge="盗窃罪",
        office=office,
        stage=Stage.PROSECUTED,
        accepted_on=dt.date(2026, 3, 1),
        **flags,
    )
