"""The demo's questionnaire and satisfaction figures: the city's published "群众满意度
调查" with about a hundred answers over the six months before the demo's present, a draft
the city's editor is still building, and six months of evaluations spread over the counties
and outposts, so that the city's index for the demo's month reads like the source report:
92.14, up 1.98 on the month before.

The evaluations here are the surveys app's own (as if entered by staff from paper forms and
the hotline), counted so that the index reaches its target together with whatever
evaluations are already there (the follow-ups demo's SMS replies, loaded before).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from eqiao.cases.models import Case
from eqiao.core.models import AuditEntry
from eqiao.demo.context import Context
from eqiao.followups.models import Evaluation, EvaluationLevel, EvaluationSource
from eqiao.offices.models import Role
from eqiao.surveys.models import QuestionKind, Response, Survey
from eqiao.surveys.periods import Period
from eqiao.surveys.satisfaction import LEVEL_POINTS
from eqiao.surveys.services import question_save, response_submit, survey_publish, survey_save

SEED = 9214
# The city's index per month, oldest first, ending with the demo's month: 90.16 → 92.14.
TARGETS = (88.73, 89.52, 90.41, 89.87, 90.16, 92.14)
ANSWERS = 100
TEXTS = (
    "接待人员很耐心，把法律规定讲得很清楚。",
    "希望网上预约能多开放一些时段。",
    "回复很及时，谢谢检察官。",
    "派驻检察室离家近，办事方便多了。",
    "希望多到村里开展法治宣传。",
    "",
)


def surveys_demo_create(ctx: Context) -> Survey:
    rng = random.Random(SEED)
    first_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    months = [Period.containing("month", ctx.now.date()).shifted(-i) for i in range(5, -1, -1)]
    survey = _city_survey(ctx, start=months[0])
    _answers(survey, rng, months=months, now=ctx.now)
    _draft(ctx)
    _evaluations(ctx, rng, months=months)
    AuditEntry.objects.filter(pk__gt=first_audit).update(at=survey.published_at)
    return survey


def _city_survey(ctx: Context, *, start: Period) -> Survey:
    head = ctx.cast.head(ctx.tree.city)
    survey = survey_save(
        actor=head,
        office=ctx.tree.city,
        title="聊城市检察机关群众满意度调查",
        intro="为改进检察工作，请您花两分钟填写本问卷。问卷匿名，不记录您的姓名和手机号。",
    )
    questions = [
        (
            QuestionKind.SINGLE,
            "您与检察机关打交道的方式",
            ["来访", "电话或12309热线", "网上或微信", "派驻检察室"],
            True,
            False,
        ),
        (QuestionKind.SCALE, "您对接待人员的态度是否满意？", [], True, True),
        (QuestionKind.SCALE, "您对办事效率是否满意？", [], True, True),
        (
            QuestionKind.MULTIPLE,
            "您认为哪些方面还需改进？",
            ["接待态度", "办事效率", "答复质量", "公开透明", "便民措施"],
            False,
            False,
        ),
        (QuestionKind.TEXT, "其他意见和建议", [], False, False),
    ]
    for kind, text, choices, required, counts in questions:
        question_save(
            actor=head,
            survey=survey,
            kind=kind,
            text=text,
            choices=choices,
            required=required,
            counts_toward_satisfaction=counts,
        )
    survey_publish(actor=head, survey=survey)
    opened = timezone.make_aware(dt.datetime.combine(start.start, dt.time(9)))
    Survey.objects.filter(pk=survey.pk).update(
        created_at=opened - dt.timedelta(days=3), published_at=opened
    )
    survey.refresh_from_db()
    return survey


def _answers(survey: Survey, rng: random.Random, *, months: list[Period], now: dt.datetime):
    questions = list(survey.questions.prefetch_related("choices"))
    for index in range(ANSWERS):
        month = months[index * len(months) // ANSWERS]
        start, end = month.bounds()
        end = min(end, now - dt.timedelta(hours=1))
        moment = start + (end - start) * rng.random()
        data: dict[str, list[str]] = {}
        for q in questions:
            choices = list(q.choices.all())
            if q.kind == QuestionKind.SINGLE:
                data[f"q{q.pk}"] = [str(rng.choice(choices).pk)]
            elif q.kind == QuestionKind.MULTIPLE:
                data[f"q{q.pk}"] = [str(c.pk) for c in rng.sample(choices, rng.randint(0, 2))]
            elif q.kind == QuestionKind.SCALE:
                data[f"q{q.pk}"] = [str(rng.choices((5, 4, 3, 2), weights=(70, 22, 6, 2))[0])]
            else:
                data[f"q{q.pk}"] = [rng.choice(TEXTS)]
        response_submit(survey=survey, data=data, now=moment)


def _draft(ctx: Context) -> None:
    editor = ctx.cast.of(ctx.tree.city, Role.EDITOR)
    survey = survey_save(actor=editor, office=ctx.tree.city, title="法治宣传进村入户效果调查")
    question_save(
        actor=editor,
        survey=survey,
        kind=QuestionKind.SINGLE,
        text="您是否参加过检察院组织的法治宣传活动？",
        choices=["参加过", "没参加过"],
    )


def _counts(*, points: float, people: int, target: float, rng: random.Random) -> tuple[int, ...]:
    """How many satisfied (very or not), basic and dissatisfied evaluations, about 150–230,
    make the month's index exactly `target` with the survey answers already there."""
    best: tuple[float, tuple[int, ...]] | None = None
    for total in rng.sample(range(150, 230), 80):
        for basic in range(0, 30):
            need = target * (people + total) - points - 60 * basic
            satisfied = round(need / 100)
            dissatisfied = total - satisfied - basic
            if satisfied < 0 or dissatisfied < 0:
                continue
            value = (points + 100 * satisfied + 60 * basic) / (people + total)
            error = abs(round(value, 2) - target)
            if best is None or error < best[0]:
                best = (error, (satisfied, basic, dissatisfied))
            if error < 0.005:
                return best[1]
    assert best is not None
    return best[1]


def _evaluations(ctx: Context, rng: random.Random, *, months: list[Period]) -> None:
    offices = [*ctx.tree.counties.values(), *ctx.tree.outposts.values()]
    weights = [4 if o.level == "county" else 1 for o in offices]
    cases = _cases_by_county(ctx)
    rows = []
    for month, target in zip(months, TARGETS, strict=True):
        start, end = month.bounds()
        end = min(end, ctx.now - dt.timedelta(hours=1))
        survey = Response.objects.filter(
            submitted_at__gte=start, submitted_at__lt=end, satisfaction__isnull=False
        ).values_list("satisfaction", flat=True)
        # The evaluations already there (the follow-ups demo's SMS replies) count too.
        earlier = Evaluation.objects.filter(
            received_at__gte=start, received_at__lt=end, level__in=list(LEVEL_POINTS)
        ).values_list("level", flat=True)
        points = sum(survey) + sum(LEVEL_POINTS[level] for level in earlier)
        people = len(survey) + len(earlier)
        satisfied, basic, dissatisfied = _counts(
            points=points, people=people, target=target, rng=rng
        )
        levels = (
            [
                rng.choice((EvaluationLevel.VERY_SATISFIED, EvaluationLevel.SATISFIED))
                for _ in range(satisfied)
            ]
            + [EvaluationLevel.BASIC] * basic
            + [EvaluationLevel.DISSATISFIED] * dissatisfied
        )
        rng.shuffle(levels)
        for level in levels:
            office = rng.choices(offices, weights=weights)[0]
            county = office if office.level == "county" else office.parent
            rows.append(
                Evaluation(
                    office=office,
                    prosecutor=ctx.cast.handler_or_head(office),
                    case=rng.choice(cases[county.pk]),
                    level=level,
                    source=rng.choice((EvaluationSource.STAFF, EvaluationSource.WEB)),
                    received_at=start + (end - start) * rng.random(),
                )
            )
        rows += [
            Evaluation(
                office=rng.choice(offices),
                case=rng.choice(cases[ctx.tree.city.pk]),
                level=EvaluationLevel.UNCLEAR,
                text="再说吧",
                source=EvaluationSource.WEB,
                received_at=start + (end - start) * rng.random(),
            )
            for _ in range(3)
        ]
    Evaluation.objects.bulk_create(rows, batch_size=500)


def _cases_by_county(ctx: Context) -> dict[int, list[Case]]:
    every = list(Case.objects.select_related("office").order_by("pk"))
    found: dict[int, list[Case]] = {}
    for office in [ctx.tree.city, *ctx.tree.counties.values()]:
        own = [c for c in every if c.office_id == office.pk or c.office.parent_id == office.pk]
        found[office.pk] = own or every
    return found
