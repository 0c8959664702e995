"""The review workflow as data per office, reminders of due steps, correction of a
published article, and the office scope of the desk's pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from eqiao.core.errors import ApplicationError
from eqiao.core.models import Notification
from eqiao.publishing.models import ReviewStepSpec, ReviewWorkflow
from eqiao.publishing.selectors import review_tasks_for
from eqiao.publishing.services.articles import ArticleInput
from eqiao.publishing.services.correction import article_correct
from eqiao.publishing.services.review import article_submit, review_reminders_send
from eqiao.publishing.tests.conftest import CLEAN_BODY, login_as, write
from eqiao.publishing.tests.test_outlets import approved

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_an_office_configures_its_own_steps_and_its_outposts_inherit_them(desk):
    workflow = ReviewWorkflow.objects.create(office=desk.office, name="冠县院三审")
    for order, (label, cap) in enumerate(
        [("初审", "article.review"), ("复审", "article.review"), ("终审", "article.approve")], 1
    ):
        ReviewStepSpec.objects.create(
            workflow=workflow, order=order, label=label, capability=cap, due_days=1
        )
    article = article_submit(actor=desk.editor, article=write(desk))
    assert list(article.review_tasks.values_list("label", flat=True)) == ["初审", "复审", "终审"]
    # A sibling county without a workflow of its own uses the built-in steps.
    from eqiao.publishing.services.review import workflow_steps

    labels = [s.label for s in workflow_steps(desk.tree.linqing, important=False)]
    assert labels == ["保密审查", "负责人审批"]
    assert [s.label for s in workflow_steps(desk.tree.qingshui, important=False)] == [
        "初审",
        "复审",
        "终审",
    ]


def test_reviewers_are_reminded_of_steps_due_within_a_day_once_a_day(desk):
    with time_machine.travel(NOW, tick=False):
        article = article_submit(actor=desk.editor, article=write(desk))
        assert review_reminders_send() == 0  # due in a day: tomorrow's run reminds
    with time_machine.travel(NOW + dt.timedelta(hours=10), tick=False):
        sent = review_reminders_send()
        assert sent >= 1
        note = Notification.objects.filter(recipient=desk.reviewer.user).get()
        assert article.title in note.text and note.target_kind == "article"
        assert review_reminders_send() == 0  # not twice the same day
    assert not Notification.objects.filter(recipient=desk.editor.user).exists()


def test_a_correction_is_reviewed_and_refused_when_it_adds_personal_data(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    bad = ArticleInput(
        kind=article.kind,
        title=article.title,
        body_html=CLEAN_BODY + "<p>联系电话13906351234</p>",
    )
    with pytest.raises(ApplicationError, match="安全审查"):
        article_correct(actor=desk.head, article=article, data=bad, note="补充联系方式")
    article.refresh_from_db()
    assert "13906351234" not in article.body_html
    good = ArticleInput(kind=article.kind, title=article.title + "（更正）", body_html=CLEAN_BODY)
    with django_capture_on_commit_callbacks(execute=True):
        article = article_correct(actor=desk.head, article=article, data=good, note="标题更正")
    assert article.correction_note == "标题更正"
    assert article.outlets.get(outlet="portal").state == "published"


def test_a_sibling_countys_staff_cannot_open_the_article(desk, client):
    article = write(desk)
    login_as(client, desk.linqing_head)
    response = client.get(reverse("workbench:article_detail", args=[article.pk]))
    assert response.status_code == 404
    assert review_tasks_for(staff=desk.linqing_head) == []
