"""Staff build a questionnaire in the workbench, publish it, read its results and export
them; heads read the satisfaction index of their subtree and of each prosecutor."""

from __future__ import annotations

import io

import openpyxl
import pytest
import time_machine

from eqiao.followups.models import EvaluationLevel as L
from eqiao.surveys.models import QuestionKind, Survey, SurveyStatus
from eqiao.surveys.services import response_submit
from eqiao.surveys.tests.factories import answers_for, at, evaluate, make_survey
from eqiao.workbench.tests.conftest import login_as

pytestmark = pytest.mark.django_db


def test_a_head_builds_and_publishes_a_survey_through_the_pages(client, office_tree):
    login_as(client, office_tree.guanxian_head)
    response = client.post(
        "/staff/surveys/new/",
        {
            "title": "来访群众满意度调查",
            "intro": "",
            "office": office_tree.qingshui.pk,
            "anonymous": "on",
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == f"/staff/surveys/{survey.pk}/"
    new_question = f"/staff/surveys/{survey.pk}/questions/new/"
    refused = client.post(
        new_question, {"kind": "single", "text": "您来办什么事？", "choices": "咨询"}
    )
    assert refused.status_code == 400 and "至少要有两个选项" in refused.content.decode()
    client.post(
        new_question,
        {
            "kind": "single",
            "text": "您来办什么事？",
            "choices": "咨询\n控告\n申诉",
            "required": "on",
        },
    )
    client.post(
        new_question,
        {"kind": "scale", "text": "总体评价", "required": "on", "counts_toward_satisfaction": "on"},
    )
    assert [q.kind for q in survey.questions.all()] == [QuestionKind.SINGLE, QuestionKind.SCALE]
    client.post(f"/staff/surveys/{survey.pk}/act/publish/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    detail = client.get(f"/staff/surveys/{survey.pk}/").content.decode()
    assert f"/s/{survey.public_key}/" in detail and "打印二维码海报" in detail
    assert "发送邀请" in detail


def test_a_sibling_county_cannot_see_the_survey(client, office_tree):
    survey = make_survey(office_tree.guanxian_head)
    login_as(client, office_tree.linqing_head)
    assert client.get(f"/staff/surveys/{survey.pk}/").status_code == 404
    assert survey.title not in client.get("/staff/surveys/").content.decode()


def test_invitations_from_the_page_report_what_was_sent(client, office_tree, sms_outbox):
    survey = make_survey(office_tree.guanxian_head)
    login_as(client, office_tree.guanxian_head)
    page = client.post(
        f"/staff/surveys/{survey.pk}/invite/",
        {"phones": "13800000011，13800000012\n1380000", "case_number": ""},
        follow=True,
    ).content.decode()
    assert "已发送2条邀请" in page and "1380000" in page


def test_results_count_each_option_and_export_to_excel(client, office_tree):
    survey = make_survey(office_tree.guanxian_head)
    for channel, scale in ((0, 5), (0, 4), (2, 2)):
        response_submit(
            survey=survey, data=answers_for(survey, channel=channel, scale=scale, text="=1+1")
        )
    login_as(client, office_tree.guanxian_head)
    html = client.get(f"/staff/surveys/{survey.pk}/results/").content.decode()
    assert "共 3 份答卷" in html
    assert "data-average>3.67<" in html
    assert "vendor/echarts.min.js" in html and 'id="survey-charts"' in html
    export = client.get(f"/staff/surveys/{survey.pk}/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][1] == "您通过什么方式联系我院？"
    assert len(rows) == 4 and rows[1][1] == "来访" and rows[1][3] == 5
    assert rows[1][4] == "'=1+1"  # a formula typed by a citizen stays text


@time_machine.travel("2026-11-30 16:30 +0800", tick=False)
def test_the_city_sees_its_index_its_change_and_each_county(client, office_tree):
    t = office_tree
    evaluate(t.qingshui, L.SATISFIED, at=at(2026, 10), count=30)
    evaluate(t.linqing, L.BASIC, at=at(2026, 10), count=10)
    evaluate(t.qingshui, L.SATISFIED, at=at(2026, 11), count=36)
    evaluate(t.linqing, L.BASIC, at=at(2026, 11), count=4)
    login_as(client, t.city_head)
    html = client.get("/staff/satisfaction/").content.decode()
    assert "2026年11月" in html
    assert "data-index>96.00<" in html and "data-change>+6.00<" in html
    assert "冠县人民检察院" in html and "临清市人民检察院" in html
    assert 'id="trend-data"' in html
    county = client.get(f"/staff/satisfaction/?office={t.linqing.pk}&period=2026-10").content
    assert "data-index>60.00<" in county.decode() and "data-small-sample" in county.decode()
    bad = client.get("/staff/satisfaction/?period=2026-13").content.decode()
    assert "无法识别" in bad


def test_a_county_head_cannot_open_the_city_or_a_sibling(client, office_tree):
    login_as(client, office_tree.guanxian_head)
    assert client.get(f"/staff/satisfaction/?office={office_tree.linqing.pk}").status_code == 404
    assert client.get(f"/staff/satisfaction/?office={office_tree.city.pk}").status_code == 404


def test_prosecutor_scores_are_for_heads_and_administrators_only(client, office_tree):
    t = office_tree
    evaluate(t.guanxian, L.SATISFIED, at=at(2026, 11), count=3, prosecutor=t.guanxian_prosecutor)
    login_as(client, t.guanxian_head)
    page = client.get("/staff/satisfaction/prosecutors/?period=2026-11").content.decode()
    assert t.guanxian_prosecutor.full_name in page and "100.00" in page
    login_as(client, t.guanxian_prosecutor)
    assert client.get("/staff/satisfaction/prosecutors/").status_code == 403
    login_as(client, t.guanxian_editor)
    assert client.get("/staff/satisfaction/prosecutors/").status_code == 403
    login_as(client, t.guanxian_admin)
    assert client.get("/staff/satisfaction/").status_code == 200
