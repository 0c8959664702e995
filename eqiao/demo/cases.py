"""The demo's cases: 40 cases across the eight counties and the city, at every stage, with
parties, counsel and the disclosure flags, written through the same upsert the import uses;
two verified lawyers and one pending, linked to their cases by licence number.

Deterministic: built from the demo's present (`ctx.now`) and a seeded random generator.
Logins for the README:
- demo party: case 冠检刑诉受〔2026〕100号 (on the fixed demo date), ID number `DEMO_PARTY_ID`, phone `DEMO_PARTY_PHONE`
  (the SMS code is in var/sms/outbox.log);
- demo lawyer: phone `DEMO_LAWYER_PHONE` (portal login by SMS code), licence
  `DEMO_LAWYER_LICENCE`, verified, counsel on several cases.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Max

from eqiao.cases.models import Case, CaseParty, CaseSource, CaseStage, Lawyer, Stage
from eqiao.cases.services.cases import case_upsert
from eqiao.cases.services.lawyers import lawyer_register, lawyer_review
from eqiao.cases.services.records import case_record_parse
from eqiao.channels.models import OutboundMessage
from eqiao.core.models import AuditEntry, User
from eqiao.demo.context import Context
from eqiao.offices.models import Role

CASES = 40
SEED = 2026
DEMO_PARTY_PHONE = "13800001234"
DEMO_PARTY_ID = "371525198803150025"
DEMO_LAWYER_PHONE = "13900001111"
DEMO_LAWYER_LICENCE = "13715201810000001"
OTHER_LAWYER_LICENCE = "13715202010000002"
PENDING_LAWYER_LICENCE = "13715202210000003"

# Case number prefixes (单位简称 + 检 + 刑诉受) as the case management system prints them.
PREFIX = {
    "city": "聊检",
    "dongchangfu": "东检",
    "linqing": "临检",
    "yanggu": "阳检",
    "shenxian": "莘检",
    "chiping": "茌检",
    "donge": "东阿检",
    "guanxian": "冠检",
    "gaotang": "高检",
}
CHARGES = [
    ("故意伤害罪", "故意伤害案"),
    ("盗窃罪", "盗窃案"),
    ("诈骗罪", "诈骗案"),
    ("危险驾驶罪", "危险驾驶案"),
    ("交通肇事罪", "交通肇事案"),
    ("拒不支付劳动报酬罪", "拒不支付劳动报酬案"),
    ("寻衅滋事罪", "寻衅滋事案"),
    ("非法吸收公众存款罪", "非法吸收公众存款案"),
    ("帮助信息网络犯罪活动罪", "帮助信息网络犯罪活动案"),
    ("滥伐林木罪", "滥伐林木案"),
]
# Paths a criminal case takes, stage by stage, with the usual gaps in days.
PATHS = [
    [("accepted", 0)],
    [("accepted", 0), ("arrest_review", 1)],
    [("accepted", 0), ("arrest_review", 1), ("arrested", 7)],
    [("accepted", 0), ("prosecution_review", 3)],
    [("accepted", 0), ("prosecution_review", 3), ("returned", 30)],
    [("accepted", 0), ("prosecution_review", 3), ("extended", 30)],
    [("accepted", 0), ("arrest_review", 1), ("arrested", 7), ("prosecution_review", 40)],
    [("accepted", 0), ("prosecution_review", 3), ("prosecuted", 35)],
    [("accepted", 0), ("prosecution_review", 3), ("not_prosecuted", 40), ("closed", 45)],
    [("accepted", 0), ("prosecution_review", 3), ("prosecuted", 30), ("closed", 60)],
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉梅红志新宁浩凤林春海燕文东亮辉鹏飞晨雪琳"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(rng: random.Random, area: str, born: dt.date) -> str:
    body = f"{area}{born:%Y%m%d}{rng.randrange(100, 999):03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


class _People:
    """Invented names, ID numbers and phones, each once (13800xxxxxx is no one's)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self.phones = iter(range(13800010000, 13800099999, 37))

    def name(self) -> str:
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name

    def id_number(self, area: str, *, minor: bool = False) -> str:
        year = self.rng.randrange(2009, 2011) if minor else self.rng.randrange(1960, 2000)
        return _id_number(self.rng, area, dt.date(year, self.rng.randrange(1, 13), 15))

    def phone(self) -> str:
        return str(next(self.phones))


def _case_values(ctx: Context, rng, people, *, index: int, office, key: str, code: str) -> dict:
    today = ctx.now.date()
    charge, title_suffix = CHARGES[index % len(CHARGES)]
    path = PATHS[7] if index == 0 else PATHS[index % len(PATHS)]
    start = today - dt.timedelta(
        days=rng.randrange(70, 200) if len(path) > 2 else rng.randrange(3, 60)
    )
    dates = {stage: start + dt.timedelta(days=gap) for stage, gap in path}
    dates = {stage: min(day, today - dt.timedelta(days=1)) for stage, day in dates.items()}
    juvenile = index % 9 == 4
    suspect = people.name()
    victim = people.name()
    try:
        prosecutor = ctx.cast.of(office, Role.PROSECUTOR).full_name
    except LookupError:
        prosecutor = ""
    values = {
        "number": f"{PREFIX[key]}刑诉受〔{start.year}〕{100 + index}号",
        "kind": "刑事",
        "title": f"{suspect[0]}某某{title_suffix}",
        "charge": charge,
        "prosecutor": prosecutor,
        "stage": str(Stage(path[-1][0]).label),
        "accepted_on": dates["accepted"],
        "closed_on": dates.get("closed", ""),
        "juvenile": "是" if juvenile else "否",
        "privacy": "是" if index % 13 == 6 else "否",
        "state_secret": "否",
        "trade_secret": "是" if charge == "非法吸收公众存款罪" else "否",
        "suspect.name": suspect,
        "suspect.id_number": people.id_number(code, minor=juvenile),
        "suspect.phone": people.phone(),
        "victim.name": victim,
        "victim.id_number": people.id_number(code),
        "victim.phone": people.phone(),
    }
    for stage, day in dates.items():
        values[f"date:{stage}"] = day
    if index % 3 == 0:
        values["defender.name"] = people.name()
        values["defender.licence"] = DEMO_LAWYER_LICENCE if index % 6 == 0 else OTHER_LAWYER_LICENCE
    return values


def _lawyers(ctx: Context) -> list[Lawyer]:
    head = ctx.cast.of(ctx.tree.city, Role.OFFICE_HEAD)
    made = []
    for phone, name, licence, firm, approve in (
        (DEMO_LAWYER_PHONE, "孟宪章", DEMO_LAWYER_LICENCE, "山东聊城正义律师事务所", True),
        ("13900002222", "岳清华", OTHER_LAWYER_LICENCE, "山东水城律师事务所", True),
        ("13900003333", "祁慧敏", PENDING_LAWYER_LICENCE, "山东运河律师事务所", False),
    ):
        lawyer = lawyer_register(phone=phone, name=name, licence_number=licence, firm=firm)
        if approve:
            lawyer = lawyer_review(actor=head, lawyer=lawyer, approve=True)
        made.append(lawyer)
    return made


def cases_create(ctx: Context) -> int:
    """Create the demo cases and lawyers as of `ctx.now`; returns how many cases."""
    rng = random.Random(SEED)
    people = _People(rng)
    first_audit = AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    first_sms = OutboundMessage.objects.aggregate(m=Max("pk"))["m"] or 0
    offices = [("guanxian", ctx.tree.counties["guanxian"])]
    offices += [(key, county) for key, county in ctx.tree.counties.items() if key != "guanxian"]
    offices.append(("city", ctx.tree.city))
    created = 0
    for index in range(CASES):
        key, office = offices[index % len(offices)]
        code = office.code[:6] if len(office.code) >= 6 else "371500"
        values = _case_values(ctx, rng, people, index=index, office=office, key=key, code=code)
        if index == 0:  # the documented demo party: the victim of the first 冠县 case
            values.update({"victim.id_number": DEMO_PARTY_ID, "victim.phone": DEMO_PARTY_PHONE})
        record = case_record_parse(values)
        case_upsert(record=record, office=office, source=CaseSource.IMPORT)
        created += 1
    lawyers = _lawyers(ctx)
    _backdate(ctx, first_audit=first_audit, first_sms=first_sms, lawyers=lawyers)
    return created


def _backdate(ctx: Context, *, first_audit: int, first_sms: int, lawyers: list[Lawyer]) -> None:
    """Records made now are dated in the demo's past, as if they had been made then."""
    setup = ctx.now - dt.timedelta(days=20)
    for case in Case.objects.all():
        at = min(
            ctx.now - dt.timedelta(hours=1),
            dt.datetime.combine(case.accepted_on, dt.time(10), tzinfo=ctx.now.tzinfo),
        )
        Case.objects.filter(pk=case.pk).update(created_at=at, updated_at=at)
    CaseStage.objects.update(recorded_at=ctx.now - dt.timedelta(hours=2))
    Lawyer.objects.filter(pk__in=[x.pk for x in lawyers]).update(created_at=setup)
    Lawyer.objects.exclude(reviewed_at=None).update(reviewed_at=setup + dt.timedelta(days=1))
    User.objects.filter(lawyer__in=lawyers).update(date_joined=setup)
    AuditEntry.objects.filter(pk__gt=first_audit).update(at=setup + dt.timedelta(days=1))
    # The lawyers' approval SMS, sent the day they were approved (the loader marks it sent).
    OutboundMessage.objects.filter(pk__gt=first_sms).update(
        created_at=setup + dt.timedelta(days=1, minutes=5)
    )
    assert CaseParty.objects.filter(lawyer__isnull=False).exists()
