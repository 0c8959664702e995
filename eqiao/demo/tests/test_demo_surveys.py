"""The demo's survey and satisfaction figures: the city's index reads like the source
report (92.14, up 1.98) in the demo's month, with a trend and every county."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from eqiao.demo.loader import DEMO_TODAY, demo_now
from eqiao.offices.models import Level, Procuratorate
from eqiao.surveys.models import Response, Survey, SurveyStatus
from eqiao.surveys.periods import Period
from eqiao.surveys.satisfaction import satisfaction_overview


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command(
                "load_demo", petitions=5, today=DEMO_TODAY.isoformat(), stdout=io.StringIO()
            )
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_city_survey_is_published_with_about_a_hundred_answers(demo):
    survey = Survey.objects.get(status=SurveyStatus.PUBLISHED)
    answers = Response.objects.filter(survey=survey)
    assert answers.count() == 100
    months = {timezone.localtime(r.submitted_at).strftime("%Y-%m") for r in answers}
    assert months == {"2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"}
    assert all(r.submitted_at < demo_now(DEMO_TODAY) for r in answers)
    assert Survey.objects.filter(status=SurveyStatus.DRAFT).count() == 1


def test_the_city_index_reads_like_the_source_report(demo):
    city = Procuratorate.objects.get(level=Level.CITY)
    overview = satisfaction_overview(office=city, period=Period.parse("2026-11"), trend_length=6)
    assert (overview.index.value, overview.index.change) == (92.14, 1.98)
    assert overview.index.reliable
    assert all(t.value is not None for t in overview.trend)
    assert len(overview.children) == 8
    assert all(c.index.n > 0 for c in overview.children)
