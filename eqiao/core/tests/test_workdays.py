"""The working-day calendar behind the 7-working-day procedural clock."""

from __future__ import annotations

import datetime as dt

import pytest

from eqiao.core.models import Holiday
from eqiao.core.workdays import add_months, add_working_days, is_working_day, working_days_between

MON = dt.date(2025, 3, 3)  # a Monday with no holiday nearby


def test_weekends_are_not_working_days():
    assert [is_working_day(MON + dt.timedelta(days=i), {}) for i in range(7)] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_seven_working_days_skip_the_weekend():
    # Friday + 7 working days = the Tuesday of the week after next.
    assert add_working_days(dt.date(2025, 3, 7), 7, {}) == dt.date(2025, 3, 18)
    assert add_working_days(MON, 7, {}) == dt.date(2025, 3, 12)


def test_start_day_is_not_counted_even_on_a_weekend():
    assert add_working_days(dt.date(2025, 3, 8), 1, {}) == dt.date(2025, 3, 10)


@pytest.mark.django_db
def test_configured_holidays_and_adjusted_workdays_from_the_database():
    # National Day 2025: 1–8 October off; Sunday 28 Sept and Saturday 11 Oct worked (调休).
    for day in range(1, 9):
        Holiday.objects.create(date=dt.date(2025, 10, day), name="国庆节、中秋节")
    Holiday.objects.create(date=dt.date(2025, 9, 28), name="调休", is_workday=True)
    Holiday.objects.create(date=dt.date(2025, 10, 11), name="调休", is_workday=True)
    assert is_working_day(dt.date(2025, 9, 28))
    assert not is_working_day(dt.date(2025, 10, 1))
    # Accepted Tuesday 30 Sept: 9 Oct, 10 Oct, 11 Oct (Sat, worked), 13–16 Oct.
    assert add_working_days(dt.date(2025, 9, 30), 7) == dt.date(2025, 10, 16)
    assert working_days_between(dt.date(2025, 9, 30), dt.date(2025, 10, 16)) == 7


def test_working_days_between_is_signed():
    assert working_days_between(MON, MON, {}) == 0
    assert working_days_between(MON, dt.date(2025, 3, 10), {}) == 5
    assert working_days_between(dt.date(2025, 3, 10), MON, {}) == -5


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2025, 3, 15), 3, dt.date(2025, 6, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected
