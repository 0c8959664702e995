"""The satisfaction index: the formula, the periods, subtrees, small samples, the change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eqiao.core.errors import ApplicationError
from eqiao.followups.models import EvaluationLevel as L
from eqiao.surveys.periods import Period
from eqiao.surveys.satisfaction import (
    satisfaction_by_prosecutor,
    satisfaction_index,
    satisfaction_overview,
)
from eqiao.surveys.services import response_submit
from eqiao.surveys.tests.factories import answers_for, at, evaluate, make_survey

pytestmark = pytest.mark.django_db
NOV, OCT = Period.parse("2026-11"), Period.parse("2026-10")


def test_levels_score_100_100_60_0_and_unclear_counts_nowhere(office_tree):
    t = office_tree
    evaluate(t.guanxian, L.VERY_SATISFIED, at=at(2026, 11), count=10)
    evaluate(t.guanxian, L.SATISFIED, at=at(2026, 11), count=10)
    evaluate(t.guanxian, L.BASIC, at=at(2026, 11), count=10)
    evaluate(t.guanxian, L.DISSATISFIED, at=at(2026, 11), count=10)
    evaluate(t.guanxian, L.UNCLEAR, at=at(2026, 11), count=50)
    index = satisfaction_index(office=t.guanxian, period=NOV)
    assert index.value == 65.0  # (1000 + 1000 + 600 + 0) / 40
    assert (index.n, index.evaluations, index.responses) == (40, 40, 0)


def test_the_change_against_the_previous_month_reads_like_the_report(office_tree):
    t = office_tree
    # October: 90.16 from 100 people; November: 92.14 from 100 people.
    evaluate(t.city, L.SATISFIED, at=at(2026, 10), count=84)
    evaluate(t.city, L.BASIC, at=at(2026, 10), count=4)
    evaluate(t.city, L.DISSATISFIED, at=at(2026, 10), count=12)
    evaluate(t.city, L.SATISFIED, at=at(2026, 11), count=87)
    evaluate(t.city, L.BASIC, at=at(2026, 11), count=3)
    evaluate(t.city, L.DISSATISFIED, at=at(2026, 11), count=10)
    october = satisfaction_index(office=t.city, period=OCT)
    november = satisfaction_index(office=t.city, period=NOV)
    assert october.value == 86.4
    assert november.value == 88.8
    assert (november.previous, november.change) == (86.4, 2.4)


def test_survey_answers_count_once_per_person_mapped_to_0_100(office_tree):
    t = office_tree
    survey = make_survey(t.guanxian_head, scale_required=False)
    for scale in (5, 4, 3):  # 100, 75, 50
        response_submit(survey=survey, data=answers_for(survey, scale=scale), now=at(2026, 11))
    response_submit(survey=survey, data=answers_for(survey, scale=0), now=at(2026, 11))  # none
    evaluate(t.guanxian, L.DISSATISFIED, at=at(2026, 11))
    index = satisfaction_index(office=t.guanxian, period=NOV)
    assert (index.responses, index.evaluations) == (3, 1)
    assert index.value == 56.25  # (100 + 75 + 50 + 0) / 4


def test_a_county_sees_its_outposts_and_never_its_sibling(office_tree):
    t = office_tree
    evaluate(t.qingshui, L.SATISFIED, at=at(2026, 11), count=3)
    evaluate(t.guanxian, L.DISSATISFIED, at=at(2026, 11))
    evaluate(t.linqing, L.DISSATISFIED, at=at(2026, 11), count=5)
    assert satisfaction_index(office=t.guanxian, period=NOV).value == 75.0
    assert satisfaction_index(office=t.qingshui, period=NOV).value == 100.0
    assert satisfaction_index(office=t.city, period=NOV).n == 9


def test_periods_follow_china_time_at_the_month_boundary(office_tree):
    import datetime as dt

    from django.utils import timezone

    # 2026-11-01 00:30 in Beijing is still October in UTC: it belongs to November.
    moment = timezone.make_aware(dt.datetime(2026, 11, 1, 0, 30))
    evaluate(office_tree.city, L.SATISFIED, at=moment)
    assert satisfaction_index(office=office_tree.city, period=NOV).n == 1
    assert satisfaction_index(office=office_tree.city, period=OCT).n == 0


def test_small_samples_get_a_value_but_no_change(office_tree):
    t = office_tree
    evaluate(t.linqing, L.SATISFIED, at=at(2026, 10), count=40)
    evaluate(t.linqing, L.BASIC, at=at(2026, 11), count=5)
    index = satisfaction_index(office=t.linqing, period=NOV)
    assert index.value == 60.0 and not index.reliable
    assert index.previous == 100.0 and index.change is None


def test_no_data_is_no_index(office_tree):
    index = satisfaction_index(office=office_tree.city, period=NOV)
    assert index.value is None and index.n == 0 and index.change is None


def test_quarters_and_years_add_up_their_months(office_tree):
    t = office_tree
    evaluate(t.city, L.SATISFIED, at=at(2026, 10), count=3)
    evaluate(t.city, L.DISSATISFIED, at=at(2026, 12), count=1)
    evaluate(t.city, L.DISSATISFIED, at=at(2026, 9), count=1)
    assert satisfaction_index(office=t.city, period=Period.parse("2026-Q4")).value == 75.0
    assert satisfaction_index(office=t.city, period=Period.parse("2026")).value == 60.0


def test_overview_gives_trend_and_each_county_in_two_queries(office_tree):
    t = office_tree
    for month in range(1, 12):
        evaluate(t.qingshui, L.SATISFIED, at=at(2026, month), count=2)
        evaluate(t.linqing, L.BASIC, at=at(2026, month), count=1)
    with CaptureQueriesContext(connection) as queries:
        overview = satisfaction_overview(office=t.city, period=NOV, trend_length=12)
    assert len(queries) == 3  # evaluations, survey responses, the subtree's offices
    assert [i.period.key for i in overview.trend][-2:] == ["2026-10", "2026-11"]
    assert overview.trend[0].period.key == "2025-12" and overview.trend[0].value is None
    assert overview.index.value == round((200 + 60) / 3, 2)
    by_name = {c.office.short_name: c.index.value for c in overview.children}
    assert by_name == {"冠县院": 100.0, "临清市院": 60.0}


def test_prosecutors_are_ranked_reliable_first(office_tree):
    t = office_tree
    evaluate(t.guanxian, L.BASIC, at=at(2026, 11), count=30, prosecutor=t.guanxian_prosecutor)
    evaluate(t.qingshui, L.SATISFIED, at=at(2026, 11), count=2, prosecutor=t.qingshui_prosecutor)
    evaluate(t.linqing, L.SATISFIED, at=at(2026, 11), count=40, prosecutor=t.linqing_prosecutor)
    rows = satisfaction_by_prosecutor(office=t.guanxian, period=NOV)
    assert [r.staff for r in rows] == [t.guanxian_prosecutor, t.qingshui_prosecutor]
    assert [r.index.value for r in rows] == [60.0, 100.0]
    assert not rows[1].index.reliable


@pytest.mark.parametrize(
    "key,start,end",
    [
        ("2026-11", "2026-11-01", "2026-12-01"),
        ("2026-Q4", "2026-10-01", "2027-01-01"),
        ("2026", "2026-01-01", "2027-01-01"),
        ("2027-1", "2027-01-01", "2027-02-01"),
    ],
)
def test_period_keys(key, start, end):
    period = Period.parse(key)
    assert (str(period.start), str(period.end)) == (start, end)
    assert Period.parse(period.key) == period


@pytest.mark.parametrize("key", ["2026-13", "11-2026", "2026-Q5", "", "二〇二六"])
def test_bad_period_keys_say_what_is_understood(key):
    with pytest.raises(ApplicationError, match="2026-Q4"):
        Period.parse(key)


@pytest.mark.parametrize("key", ["0000-01", "9999-12", "1066"])
def test_periods_out_of_any_sensible_range_are_refused_not_crashed(key):
    with pytest.raises(ApplicationError):
        Period.parse(key)
