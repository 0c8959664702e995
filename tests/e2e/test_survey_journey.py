"""A citizen answers the office's questionnaire on a phone: forgets a required question,
is told in Chinese which one, answers, and is thanked; the head then sees the answer in the
results, drawn by the vendored ECharts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eqiao.surveys.models import Response
from eqiao.surveys.tests.factories import make_survey
from tests.e2e.conftest import screenshot
from tests.e2e.test_citizen_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_answers_a_survey_on_a_phone(live_server, office_tree, phone, desk):
    base = live_server.url
    survey = make_survey(office_tree.guanxian_head)

    phone.goto(f"{base}/s/{survey.public_key}/")
    expect(phone.get_by_role("heading", name="群众满意度调查")).to_be_visible()
    # Nothing wider than the screen, and the questions in large type.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    size = phone.locator("fieldset.survey-q legend").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 18

    phone.get_by_text("电话", exact=True).click()
    phone.get_by_role("button", name="提交问卷").click()  # the 1–5 question left out
    summary = phone.locator(".error-summary")
    expect(summary).to_contain_text("这道题必须回答。")
    expect(phone.locator("fieldset.has-error legend")).to_contain_text("您对我院的总体评价")
    expect(phone.get_by_label("电话")).to_be_checked()  # what was chosen is kept
    screenshot(phone, "survey-01-missing")

    phone.locator("fieldset.has-error label.choice").filter(has_text="4分").click()
    phone.get_by_label("办事效率").check()
    phone.locator("textarea").fill("希望周末也能预约。")
    phone.get_by_role("button", name="提交问卷").click()
    expect(phone.get_by_role("heading", name="提交成功，感谢您的参与！")).to_be_visible()
    screenshot(phone, "survey-02-thanks")
    stored = Response.objects.get()
    assert stored.satisfaction == 75.0

    head = desk()
    _staff_login(head, base, office_tree.guanxian_head, office_tree.password)
    head.goto(f"{base}/staff/surveys/{survey.pk}/results/")
    expect(head.locator("[data-average]")).to_have_text("4.0")
    expect(head.locator(f"#chart-{survey.questions.first().pk} svg")).to_be_visible()
    expect(head.get_by_text("希望周末也能预约。")).to_be_visible()
    screenshot(head, "survey-03-results")
