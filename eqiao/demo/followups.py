"""A month of follow-ups in the demo, in the source report's proportions: a city-wide
campaign scheduled for the 5th of every month at 10:00, its run on 5 November over the
records closed in October — 389 people written to — and 120 replies typed back over the
following days, read into evaluations by the same inbound path a gateway's webhook takes:
mostly satisfied, some basically satisfied, a few dissatisfied (each with a task for the
head, two of them already handled) and a few unclear ones waiting for a person.

Records closed in October that the other demo modules did not make are added here: closed
cases across the counties and outposts, each with one or two parties (phones 13900xxxxxx,
nobody's), a few people in two cases so one message names both."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db.models import F
from django.utils import timezone

from eqiao.cases.models import Case, CaseKind, CaseParty, PartyRole, Stage
from eqiao.channels.models import MessageStatus, OutboundMessage
from eqiao.channels.services import inbound_dispatch
from eqiao.core.models import AuditEntry, Notification
from eqiao.demo.context import Context
from eqiao.followups.messages import EVALUATE
from eqiao.followups.models import Campaign, FollowUp, FollowUpTask, Period, RecordSource
from eqiao.followups.selection import people_count
from eqiao.followups.services.evaluations import followup_task_complete
from eqiao.followups.services.runs import run_advance, run_start
from eqiao.offices.models import Role

SENT = 389
REPLIES = (
    # (how many, the texts they typed, in turn)
    (71, ("1", "满意", "1 谢谢", "１", "1，谢谢检察官")),
    (22, ("非常满意", "非常满意，感谢你们", "很满意")),
    (17, ("2", "基本满意", "２ 还行")),
    # Short: a longer complaint would (rightly) also become a petition, dated at the wall clock.
    (5, ("3 太慢了", "不满意", "3", "３ 不认可", "不满意，太慢")),
    (5, ("你们什么时候再联系我", "收到", "请问还需要什么材料", "嗯", "好的知道了")),
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
_GIVEN = (
    "建国",
    "秀英",
    "桂兰",
    "志强",
    "海燕",
    "春生",
    "玉梅",
    "立新",
    "红霞",
    "德胜",
    "凤英",
    "永刚",
)
_CHARGES = ("盗窃", "危险驾驶", "故意伤害", "诈骗", "交通肇事", "寻衅滋事")


def _campaign(ctx: Context, run_at: dt.datetime) -> Campaign:
    return Campaign.objects.create(
        name="每月办结回访",
        office=ctx.tree.city,
        source=RecordSource.BOTH,
        period=Period.PREVIOUS_MONTH,
        template=EVALUATE,
        schedule="monthly 5 10:00",
        created_by=ctx.cast.head(ctx.tree.city),
        created_at=run_at - dt.timedelta(days=60),
        updated_at=run_at - dt.timedelta(days=60),
        next_run_at=timezone.make_aware(dt.datetime(2026, 12, 5, 10, 0)),
    )


def _name(ctx: Context) -> str:
    """An invented party name (the shared name pool is too small for hundreds)."""
    return ctx.rng.choice(_SURNAMES) + ctx.rng.choice(_GIVEN)


def _closed_cases(ctx: Context, people: int, start: dt.date) -> None:
    """Closed October cases whose parties make `people` more people to follow up."""
    offices = [ctx.tree.city, *ctx.tree.counties.values(), *ctx.tree.outposts.values()]
    phones = (f"139{n:08d}" for n in itertools.count(200000, 7))
    made = 0
    for index in itertools.count(1):
        if made >= people:
            return
        office = offices[ctx.rng.randrange(len(offices))]
        closed = start + dt.timedelta(days=ctx.rng.randrange(31))
        case = Case.objects.create(
            number=f"聊检回访〔2026〕{index}号",
            kind=CaseKind.CRIMINAL if index % 5 else CaseKind.CIVIL,
            title=f"{_name(ctx)}{_CHARGES[index % len(_CHARGES)]}案",
            charge=_CHARGES[index % len(_CHARGES)],
            office=office,
            prosecutor=ctx.cast.handler_or_head(office),
            stage=Stage.CLOSED,
            accepted_on=closed - dt.timedelta(days=60),
            closed_on=closed,
        )
        count = min(1 + (index % 3 == 0), people - made)
        names: list[str] = []
        while len(names) < count:  # two parties of one case never share a name
            name = _name(ctx)
            if name not in names:
                names.append(name)
        CaseParty.objects.bulk_create(
            [
                CaseParty(case=case, role=PartyRole.VICTIM, name=name, phone=next(phones))
                for name in names
            ]
        )
        made += count


def _second_cases(ctx: Context, start: dt.date) -> None:
    """Six people are parties in a second October case: one message names both."""
    for index, party in enumerate(CaseParty.objects.filter(phone__startswith="139")[:6], 1):
        case = Case.objects.create(
            number=f"聊检回访附〔2026〕{index}号",
            kind=CaseKind.CIVIL,
            title="民事支持起诉案",
            office=party.case.office,
            prosecutor=party.case.prosecutor,
            stage=Stage.CLOSED,
            accepted_on=start - dt.timedelta(days=30),
            closed_on=start + dt.timedelta(days=20),
        )
        CaseParty.objects.create(
            case=case, role=PartyRole.APPLICANT, name=party.name, phone=party.phone
        )


def _replies(ctx: Context, followups: list[FollowUp], run_at: dt.datetime) -> None:
    texts = [
        text
        for count, choices in REPLIES
        for text in itertools.islice(itertools.cycle(choices), count)
    ]
    chosen = ctx.rng.sample(followups, len(texts))
    for index, (followup, text) in enumerate(zip(chosen, texts, strict=True)):
        at = run_at + dt.timedelta(minutes=3 + ctx.rng.randrange(60 * 24 * 6))
        inbound_dispatch(
            channel="sms",
            provider="sms_http",
            provider_message_id=f"demo-reply-{index}",
            sender=followup.phone,
            text=text,
            received_at=at,
        )


def followups_demo_create(ctx: Context) -> int:
    """The campaign, its November run (389 people) and 120 replies; returns follow-ups sent."""
    run_at = timezone.make_aware(dt.datetime(2026, 11, 5, 10, 0))
    campaign = _campaign(ctx, run_at)
    october = dt.date(2026, 10, 1)
    existing = people_count(campaign, october, dt.date(2026, 10, 31))
    _closed_cases(ctx, max(SENT - existing, 0), october)
    _second_cases(ctx, october)
    run = run_start(campaign=campaign, now=run_at, enqueue=False)
    run_advance(run_id=run.pk)
    followups = list(FollowUp.objects.filter(run=run))
    FollowUp.objects.filter(run=run).update(created_at=run_at)
    OutboundMessage.objects.filter(pk__in=[f.message_id for f in followups]).update(
        created_at=run_at,
        status=MessageStatus.DELIVERED,
        attempts=1,
        provider_id="demo",
        sent_at=F("created_at") + dt.timedelta(seconds=4),
        delivered_at=F("created_at") + dt.timedelta(seconds=9),
    )
    for followup in followups:
        followup.created_at = run_at
    _replies(ctx, followups, run_at)
    for task in FollowUpTask.objects.order_by("pk")[:2]:
        head = ctx.cast.of(task.office, Role.OFFICE_HEAD)
        followup_task_complete(
            task=task, actor=head, outcome="已电话联系当事人，说明处理依据，当事人表示理解。"
        )
    # The services audit at the wall clock: date it within the week the replies came in.
    week_after = run_at + dt.timedelta(days=7)
    AuditEntry.objects.filter(at__gt=ctx.now).update(at=week_after)
    Notification.objects.filter(created_at__gt=ctx.now).update(created_at=week_after)
    OutboundMessage.objects.filter(created_at__gt=ctx.now).update(created_at=week_after)
    return len(followups)
