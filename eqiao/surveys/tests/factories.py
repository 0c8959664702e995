"""Surveys built through the services, and evaluations written directly (the follow-ups app
owns how they are made; the index only reads them)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from eqiao.cases.models import Case
from eqiao.cases.tests.factories import make_case
from eqiao.followups.models import Evaluation
from eqiao.surveys.models import QuestionKind, Survey
from eqiao.surveys.services import question_save, survey_publish, survey_save


def make_survey(
    staff, *, office=None, anonymous=True, publish=True, scale_required=True, **fields
) -> Survey:
    """A survey of four questions: a single choice (3 options), a multiple choice (3), a
    1–5 scale that counts toward satisfaction, and an optional free text."""
    survey = survey_save(
        actor=staff,
        office=office or staff.office,
        title=fields.pop("title", "群众满意度调查"),
        intro="请您对我院工作提出宝贵意见。",
        anonymous=anonymous,
        **fields,
    )
    question_save(
        actor=staff,
        survey=survey,
        kind=QuestionKind.SINGLE,
        text="您通过什么方式联系我院？",
        choices=["来访", "电话", "网上"],
    )
    question_save(
        actor=staff,
        survey=survey,
        kind=QuestionKind.MULTIPLE,
        text="您认为哪些方面需要改进？",
        choices=["接待态度", "办事效率", "公开透明"],
        required=False,
    )
    question_save(
        actor=staff,
        survey=survey,
        kind=QuestionKind.SCALE,
        text="您对我院的总体评价",
        counts_toward_satisfaction=True,
        required=scale_required,
    )
    question_save(
        actor=staff, survey=survey, kind=QuestionKind.TEXT, text="其他意见和建议", required=False
    )
    if publish:
        survey_publish(actor=staff, survey=survey)
    return survey


def answers_for(survey: Survey, *, channel: int = 0, improve=(), scale=5, text="") -> dict:
    """The form data a person submits: option indexes, a scale value, a text."""
    q = list(survey.questions.prefetch_related("choices"))
    data = {f"q{q[0].pk}": [str(list(q[0].choices.all())[channel].pk)]}
    data[f"q{q[1].pk}"] = [str(list(q[1].choices.all())[i].pk) for i in improve]
    data[f"q{q[2].pk}"] = [str(scale)] if scale else []
    data[f"q{q[3].pk}"] = [text]
    return data


def record_of(office) -> Case:
    """One case per office to hang evaluations on."""
    number = f"测检〔2026〕{office.pk}号"
    return Case.objects.filter(number=number).first() or make_case(office, number=number)


def evaluate(office, level, *, at: dt.datetime, count: int = 1, prosecutor=None):
    case = record_of(office)
    Evaluation.objects.bulk_create(
        Evaluation(
            office=office,
            prosecutor=prosecutor,
            case=case,
            level=level,
            source="sms",
            received_at=at,
        )
        for _ in range(count)
    )


def at(year: int, month: int, day: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))
