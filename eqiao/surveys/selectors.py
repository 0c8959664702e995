"""Reads of the surveys app: the lists staff see (scoped to their subtree), the public
survey behind a link, and a survey's results, counted by the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone

from eqiao.core.errors import NotFoundError
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_scope_filter
from eqiao.surveys.models import Answer, Question, QuestionKind, Response, Survey, SurveyStatus


def survey_list_for_staff(*, staff: Staff, status: str = "") -> QuerySet[Survey]:
    surveys = office_scope_filter(Survey.objects.all(), staff=staff).select_related("office")
    if status in SurveyStatus.values:
        surveys = surveys.filter(status=status)
    return surveys.annotate(
        response_count=Count("responses", distinct=True),
        question_count=Count("questions", distinct=True),
    )


def survey_get_for_staff(*, staff: Staff, pk: int) -> Survey:
    try:
        return (
            office_scope_filter(Survey.objects.all(), staff=staff)
            .select_related("office")
            .get(pk=pk)
        )
    except Survey.DoesNotExist as exc:
        raise NotFoundError("survey not found") from exc


def survey_get_public(*, key: str) -> Survey:
    """The survey behind a public link (any status: the page explains a closed one)."""
    survey = Survey.objects.select_related("office").filter(public_key=key).first()
    if survey is None or survey.status == SurveyStatus.DRAFT:
        raise NotFoundError("survey not found")
    return survey


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices"))


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    options: list[tuple[str, int]] = field(default_factory=list)  # (choice, count)
    scale: list[tuple[int, int]] = field(default_factory=list)  # (1..5, count)
    average: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    invitations: int
    questions: list[QuestionResult]


TEXTS_SHOWN = 200


def survey_results(survey: Survey) -> SurveyResults:
    """Counts per option, the spread and mean of each scale question and the latest free
    texts: grouped queries, a fixed number whatever the number of answers."""
    questions = survey_questions(survey)
    results = {q.pk: QuestionResult(q) for q in questions}
    answers = Answer.objects.filter(response__survey=survey)
    for row in answers.values("question_id").annotate(n=Count("response_id", distinct=True)):
        results[row["question_id"]].answered = row["n"]
    per_choice = dict(
        answers.filter(choice__isnull=False)
        .values("choice_id")
        .annotate(n=Count("pk"))
        .values_list("choice_id", "n")
    )
    per_value: dict[tuple[int, int], int] = {}
    averages: dict[int, float] = {}
    for row in (
        answers.filter(value__isnull=False)
        .values("question_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_value[(row["question_id"], row["value"] or 0)] = row["n"]
    for question_id, average in (
        answers.filter(value__isnull=False)
        .values("question_id")
        .annotate(a=Avg("value"))
        .order_by()
        .values_list("question_id", "a")
    ):
        averages[question_id] = round(average, 2)
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    for question_id, text in (
        answers.filter(question_id__in=text_ids)
        .exclude(text="")
        .order_by("-response__submitted_at", "-pk")
        .values_list("question_id", "text")[: TEXTS_SHOWN * max(len(text_ids), 1)]
    ):
        if len(results[question_id].texts) < TEXTS_SHOWN:
            results[question_id].texts.append(text)
    for question in questions:
        result = results[question.pk]
        if question.has_choices:
            result.options = [(c.text, per_choice.get(c.pk, 0)) for c in question.choices.all()]
        elif question.kind == QuestionKind.SCALE:
            result.scale = [(v, per_value.get((question.pk, v), 0)) for v in range(1, 6)]
            result.average = averages.get(question.pk)
    return SurveyResults(
        survey=survey,
        responses=survey.responses.count(),
        invitations=survey.invitations.count(),
        questions=[results[q.pk] for q in questions],
    )


def _cell(question: Question, values: list[str]) -> str | int:
    """A scale answer stays a number (the spreadsheet can average it); others are text."""
    if question.kind == QuestionKind.SCALE and len(values) == 1:
        return int(values[0])
    return "；".join(values)


def survey_export_rows(survey: Survey) -> tuple[list[str], Iterator[list]]:
    """One row per response (time, then each question's answer), streamed in batches."""
    questions = survey_questions(survey)
    header = ["提交时间", *[q.text for q in questions]]

    def rows() -> Iterator[list]:
        responses = (
            Response.objects.filter(survey=survey)
            .order_by("submitted_at", "pk")
            .prefetch_related("answers__choice")
        )
        for response in responses.iterator(chunk_size=500):
            by_question: dict[int, list[str]] = {}
            for answer in response.answers.all():
                value = (
                    answer.choice.text
                    if answer.choice is not None
                    else (str(answer.value) if answer.value else answer.text)
                )
                by_question.setdefault(answer.question_id, []).append(value)
            yield [
                timezone.localtime(response.submitted_at),
                *[_cell(q, by_question.get(q.pk, [])) for q in questions],
            ]

    return header, rows()
