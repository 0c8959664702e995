"""Case disclosure in the Liaocheng demo: released case information (three published, one
waiting for approval), legal documents published in redacted form (and one under review),
an answered bribery-record query with its certificate, and a roster of people's supervisors
with a public hearing, an invitation, an opinion and its answer.

Everything goes through the services (the redactor included); afterwards the rows are dated
relative to the demo's `now`, and the random verification code is replaced by one drawn from
the seed, so the same `now` gives the same demo. The juvenile case is there to show that it
stays unpublished: nothing here, or anywhere, can publish it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F, Max
from django.utils import timezone

from eqiao.cases.models import (
    BriberyPurpose,
    BriberyRecordQuery,
    Case,
    CaseKind,
    CaseRelease,
    DocumentKind,
    LegalDocument,
    PeopleSupervisor,
    Stage,
    SupervisionActivity,
    SupervisionInvitation,
    SupervisionOpinion,
)
from eqiao.cases.models.sealing import case_allows_disclosure_q
from eqiao.cases.services import bribery, documents, releases, supervisors
from eqiao.cases.services.bribery import CODE_CHARS, CODE_LENGTH
from eqiao.channels.models import OutboundMessage
from eqiao.core.models import AuditEntry, Notification
from eqiao.demo.context import Context
from eqiao.offices.models import Procuratorate

# The demo's verification code of the answered certificate is printed in the README.
DEMO_SEED = 9

CASES = [
    # key, county, number, title, charge, kind of flag
    ("theft", "guanxian", "冠检刑诉受〔2026〕101号", "张某某盗窃案", "盗窃罪", None),
    ("fraud", "dongchangfu", "东检刑诉受〔2026〕215号", "王某某等人电信网络诈骗案", "诈骗罪", None),
    (
        "wages",
        "linqing",
        "临检刑诉受〔2026〕88号",
        "刘某某拒不支付劳动报酬案",
        "拒不支付劳动报酬罪",
        None,
    ),
    ("drunk", "shenxian", "莘检刑不诉〔2026〕12号", "赵某某危险驾驶案", "危险驾驶罪", None),
    (
        "youth",
        "shenxian",
        "莘检未检受〔2026〕7号",
        "未成年人李某某故意伤害案",
        "故意伤害罪",
        "juvenile",
    ),
]

INDICTMENT = """山东省冠县人民检察院
起诉书
冠检刑诉〔2026〕101号

被告人张小明，男，1986年4月12日出生，身份证号码372526198604121234，汉族，初中文化，农民，住冠县清水镇张庄村18号，联系电话13906351234。因涉嫌盗窃罪，于2026年8月3日被冠县公安局刑事拘留，同年8月17日经本院批准逮捕。
本案由冠县公安局侦查终结，以被告人张小明涉嫌盗窃罪，于2026年9月20日向本院移送审查起诉。本院受理后，依法告知了被告人有权委托辩护人，讯问了被告人，审查了全部案件材料。
经依法审查查明：2026年7月至8月，被告人张小明先后三次在冠县清水镇集市，盗窃村民李大海、王秀兰的电动自行车三辆，价值共计人民币6800元。
本院认为，被告人张小明以非法占有为目的，多次盗窃他人财物，数额较大，其行为已触犯《中华人民共和国刑法》第二百六十四条，犯罪事实清楚，证据确实、充分，应当以盗窃罪追究其刑事责任。根据《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉，请依法判处。
此致
冠县人民法院
检察官白云
2026年10月15日
"""

NON_PROSECUTION = """山东省莘县人民检察院
不起诉决定书
莘检刑不诉〔2026〕12号

被不起诉人赵建军，男，1979年2月3日出生，身份证号码372522197902031236，住莘县燕店镇赵庄村56号。
本案由莘县公安局侦查终结，以被不起诉人赵建军涉嫌危险驾驶罪，于2026年9月8日向本院移送审查起诉。
经本院依法审查查明：2026年7月20日晚，被不起诉人赵建军饮酒后驾驶小型轿车行驶至莘县燕店镇，被执勤民警查获，经鉴定血液中乙醇含量为86毫克/100毫升。案发后赵建军如实供述，认罪认罚，未造成其他后果。
本院认为，被不起诉人赵建军实施了《中华人民共和国刑法》第一百三十三条之一规定的行为，但犯罪情节轻微，具有坦白、认罪认罚情节，根据《中华人民共和国刑法》第三十七条的规定，不需要判处刑罚。依据《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定对赵建军不起诉。
检察官孙立新
2026年11月2日
"""

FRAUD_INDICTMENT = """山东省聊城市东昌府区人民检察院
起诉书
东检刑诉〔2026〕215号

被告人王志强，男，1993年11月5日出生，住聊城市东昌府区新区街道花园北路26号3单元502室，电话15963581234。
被告人陈小军，男，1995年6月18日出生，住聊城市东昌府区北城街道。
经依法审查查明：2026年3月至6月，被告人王志强、陈小军冒充电商客服，以退款为名骗取被害人刘红梅等12人钱款共计人民币31万余元。
本院认为，被告人王志强、陈小军以非法占有为目的，骗取他人财物，数额巨大，应当以诈骗罪追究其刑事责任。
检察官马文静
"""

RELEASES = [
    # case key, days before now, title, body, published
    (
        "wages",
        24,
        "临清市院支持农民工讨薪 包工头拒不支付劳动报酬被提起公诉",
        "近日，临清市人民检察院以拒不支付劳动报酬罪对刘某某提起公诉。经查，刘某某承包临清市某建筑工程后，"
        "拖欠26名农民工工资共计41万余元，经人社部门责令支付后仍拒不支付。检察机关在审查起诉阶段督促其"
        "筹措资金，目前已有部分工资发放到位。",
        True,
    ),
    (
        "theft",
        15,
        "冠县院依法起诉一起多次盗窃电动车案",
        "冠县人民检察院近日依法对张某某盗窃案提起公诉。张某某在冠县清水镇集市多次盗窃群众电动自行车，"
        "价值共计6800元。检察官提醒广大群众停放车辆时加装防盗锁，发现被盗及时报警。",
        True,
    ),
    (
        "fraud",
        6,
        "东昌府区院起诉一起冒充电商客服电信网络诈骗案",
        "东昌府区人民检察院以诈骗罪对王某某等二人提起公诉。二人冒充电商客服，以“退款”为名诱骗12名"
        "群众转账31万余元。检察机关提示：凡是自称客服要求转账、共享屏幕的，都是诈骗。",
        True,
    ),
    (
        "drunk",
        1,
        "莘县院对一起情节轻微的危险驾驶案作出不起诉决定",
        "莘县人民检察院经审查，对赵某某危险驾驶案依法作出不起诉决定。赵某某醉酒驾驶后如实供述、"
        "认罪认罚，未造成其他后果。检察机关同时建议公安机关对其依法给予行政处罚。",
        False,
    ),
]

SUPERVISORS = [
    # county, name, unit, phone suffix
    ("city", "高建华", "聊城大学法学院", 1),
    ("city", "孟庆玲", "聊城市东昌府区古楼街道办事处", 2),
    ("guanxian", "赵建国", "冠县清水镇中学", 3),
    ("guanxian", "刘桂芝", "冠县甘官屯镇卫生院", 4),
    ("guanxian", "孙永胜", "冠县个体工商户协会", 5),
    ("linqing", "郭志强", "临清市先锋路街道社区居委会", 6),
    ("linqing", "何秀英", "临清市第二中学", 7),
    ("shenxian", "张德明", "莘县燕店镇人民政府", 8),
]


def _office(ctx: Context, key: str) -> Procuratorate:
    return ctx.tree.city if key == "city" else ctx.tree.counties[key]


def _cases(ctx: Context) -> dict[str, Case]:
    """The demo's cases (eqiao/demo/cases.py) where it has one of the kind in that county;
    otherwise a case of our own."""
    out = {}
    taken: set[int] = set()
    for key, county, number, title, charge, flag in CASES:
        office = _office(ctx, county)
        if flag:
            existing = Case.objects.filter(**{flag: True}).order_by("pk").first()
        else:
            free = (
                Case.objects.filter(case_allows_disclosure_q(prefix=""))
                .exclude(pk__in=taken)
                .order_by("pk")
            )
            existing = free.filter(office__path__startswith=office.path).first() or free.first()
        if existing is not None:
            out[key] = existing
            taken.add(existing.pk)
            continue
        case, _created = Case.objects.get_or_create(
            number=number,
            defaults={
                "kind": CaseKind.CRIMINAL,
                "title": title,
                "charge": charge,
                "office": office,
                "stage": Stage.NOT_PROSECUTED if "不诉" in number else Stage.PROSECUTED,
                "accepted_on": ctx.now.date() - dt.timedelta(days=90),
                **({flag: True} if flag else {}),
            },
        )
        out[key] = case
        taken.add(case.pk)
    return out


def _releases(ctx: Context, cases: dict[str, Case], dates: dict) -> None:
    for key, days, title, body, publish in RELEASES:
        case = cases[key]
        author = ctx.cast.handler_or_head(case.office)
        release = releases.release_create(actor=author, case=case, title=title, body=body)
        releases.release_submit(actor=author, release=release)
        when = ctx.now - dt.timedelta(days=days, hours=3)
        fields = {"created_at": when, "updated_at": when, "submitted_at": when}
        if publish:
            releases.release_approve(
                actor=ctx.cast.head(case.office), release=release, apply_redaction=True
            )
            fields |= {
                "reviewed_at": when + dt.timedelta(hours=2),
                "published_at": when + dt.timedelta(hours=2),
            }
        dates[CaseRelease].append((release.pk, fields))


def _documents(ctx: Context, cases: dict[str, Case], dates: dict) -> None:
    plan = [
        (
            "theft",
            DocumentKind.INDICTMENT,
            "张某某盗窃案起诉书",
            "冠检刑诉〔2026〕101号",
            INDICTMENT,
            20,
            True,
        ),
        (
            "drunk",
            DocumentKind.NON_PROSECUTION,
            "赵某某危险驾驶案不起诉决定书",
            "莘检刑不诉〔2026〕12号",
            NON_PROSECUTION,
            9,
            True,
        ),
        (
            "fraud",
            DocumentKind.INDICTMENT,
            "王某某等人诈骗案起诉书",
            "东检刑诉〔2026〕215号",
            FRAUD_INDICTMENT,
            2,
            False,
        ),
    ]
    for key, kind, title, number, text, days, publish in plan:
        case = cases[key]
        reviewer = ctx.cast.handler_or_head(case.office)
        document = documents.document_upload(
            actor=reviewer, case=case, kind=kind, title=title, number=number, text=text
        )
        when = ctx.now - dt.timedelta(days=days, hours=5)
        fields = {"uploaded_at": when}
        if publish:
            # The reviewer's usual correction: the date of birth, which the engine leaves.
            birth = next(line for line in text.splitlines() if "出生" in line)
            born = birth[birth.index("，男，") + 3 : birth.index("出生")]
            documents.document_mask_text(actor=reviewer, document=document, text=born, kind="other")
            documents.document_publish(actor=reviewer, document=document)
            fields["published_at"] = when + dt.timedelta(hours=4)
        dates[LegalDocument].append((document.pk, fields))


def _bribery(ctx: Context, rng: random.Random, dates: dict) -> None:
    office = ctx.tree.counties["guanxian"]
    answered = bribery.bribery_query_apply(
        phone="13963500101",
        office=office,
        applicant_unit="冠县公共资源交易中心",
        applicant_credit_code="12371525MB1849763E",
        contact_name="马丽",
        purpose=BriberyPurpose.BIDDING,
        purpose_note="冠县乡村道路提升工程施工招标",
        subject_kind="company",
        subject_name="聊城市路通建设工程有限公司",
        subject_credit_code="91371500MA3C4KX12K",
    )
    answered = bribery.bribery_query_answer(
        actor=ctx.cast.receiver(office), query=answered, result="none"
    )
    code = "".join(rng.choice(CODE_CHARS) for _i in range(CODE_LENGTH))
    BriberyRecordQuery.objects.filter(pk=answered.pk).update(verification_code=code)
    when = ctx.now - dt.timedelta(days=4, hours=2)
    dates[BriberyRecordQuery].append(
        (
            answered.pk,
            {
                "created_at": when,
                "answered_at": when + dt.timedelta(days=1),
                "valid_until": (when + dt.timedelta(days=91)).date(),
            },
        )
    )
    pending = bribery.bribery_query_apply(
        phone="13963500102",
        office=office,
        applicant_unit="山东鲁西建材有限公司",
        applicant_credit_code="91371525MA3P7L0N89",
        contact_name="周强",
        purpose=BriberyPurpose.QUALIFICATION,
        subject_kind="person",
        subject_name="周强",
        subject_id_number="372525198001010021",
    )
    dates[BriberyRecordQuery].append((pending.pk, {"created_at": ctx.now - dt.timedelta(hours=20)}))


def _supervisors(ctx: Context, cases: dict[str, Case], shift: dt.timedelta, dates: dict) -> None:
    roster = {}
    term_start = dt.date(ctx.now.year - 1, 1, 1)
    for county, name, unit, n in SUPERVISORS:
        office = _office(ctx, county)
        actor = ctx.cast.head(office)
        roster[name] = supervisors.supervisor_save(
            actor=actor,
            office=office,
            name=name,
            phone=f"139635002{n:02d}",
            unit=unit,
            term_start=term_start,
            term_end=term_start.replace(year=term_start.year + 5) - dt.timedelta(days=1),
        )
    office = ctx.tree.counties["guanxian"]
    organiser = ctx.cast.handler_or_head(office)
    # Created at the real clock (the service wants a future start), then dated with the rest.
    real_start = timezone.now() + dt.timedelta(days=1)
    activity = supervisors.supervision_activity_create(
        actor=organiser,
        office=office,
        kind="public_hearing",
        title="张某某盗窃案公开听证",
        starts_at=real_start,
        place="冠县人民检察院听证室",
        case=cases["theft"],
    )
    invited = supervisors.supervision_invite(
        actor=organiser,
        activity=activity,
        supervisors=[roster["赵建国"], roster["刘桂芝"], roster["孙永胜"]],
        link_for=lambda token: f"/supervise/{token}/",
    )
    for invitation, accept in zip(invited, (True, True, False), strict=True):
        supervisors.invitation_respond(
            token=supervisors.invitation_token(invitation), accept=accept
        )
    hearing = ctx.now - dt.timedelta(days=3)
    hearing = hearing.replace(hour=9, minute=30)
    SupervisionActivity.objects.filter(pk=activity.pk).update(
        starts_at=hearing, created_at=hearing - dt.timedelta(days=6)
    )
    for invitation, attended in zip(invited, (True, True, None), strict=True):
        SupervisionInvitation.objects.filter(pk=invitation.pk).update(
            sent_at=hearing - dt.timedelta(days=6),
            expires_at=hearing,
            responded_at=hearing - dt.timedelta(days=5),
            attended=attended,
            attendance_recorded_at=hearing if attended is not None else None,
        )
    activity.refresh_from_db()
    opinion = supervisors.opinion_record(
        actor=organiser,
        activity=activity,
        supervisor=roster["赵建国"],
        text="听证程序规范，各方意见表达充分。建议在起诉书中对退赃退赔情况作出说明，并向被害人释法说理。",
    )
    supervisors.opinion_answer(
        actor=ctx.cast.head(office),
        opinion=opinion,
        answer="意见已采纳：起诉书已写明退赃情况，承办检察官已于听证次日向两名被害人当面释法说理。",
    )
    SupervisionOpinion.objects.filter(pk=opinion.pk).update(
        created_at=hearing + dt.timedelta(hours=2), answered_at=hearing + dt.timedelta(days=1)
    )
    PeopleSupervisor.objects.filter(pk__in=[s.pk for s in roster.values()]).update(
        created_at=F("created_at") + shift
    )


def disclosure_demo_create(ctx: Context) -> None:
    """Add the disclosure records to the demo (inside the loader's transaction)."""
    # What the services stamp at the real clock lands a few hours before the demo's present
    # (the rows that matter are dated explicitly below).
    shift = ctx.now - dt.timedelta(hours=6) - timezone.now()
    first_audit = AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    first_sms = OutboundMessage.objects.aggregate(m=Max("pk"))["m"] or 0
    first_note = Notification.objects.aggregate(m=Max("pk"))["m"] or 0
    rng = random.Random(DEMO_SEED)
    dates: dict = {CaseRelease: [], LegalDocument: [], BriberyRecordQuery: []}
    cases = _cases(ctx)
    _releases(ctx, cases, dates)
    _documents(ctx, cases, dates)
    _bribery(ctx, rng, dates)
    _supervisors(ctx, cases, shift, dates)
    for model, rows in dates.items():
        for pk, fields in rows:
            model.objects.filter(pk=pk).update(**fields)
    # The audit trail and the SMS of all this happened in the demo's past, not today.
    AuditEntry.objects.filter(pk__gt=first_audit).update(at=F("at") + shift)
    OutboundMessage.objects.filter(pk__gt=first_sms).update(created_at=F("created_at") + shift)
    Notification.objects.filter(pk__gt=first_note).update(created_at=F("created_at") + shift)
