"""The review workflow as data per office, reminders of due steps, correction of a
published article (through the human review again), and the office scope of the desk's
pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import Notification
from eqiao.publishing.models import ArticleStatus, ReviewStepSpec, ReviewWorkflow
from eqiao.publishing.selectors import review_tasks_for
from eqiao.publishing.services.articles import ArticleInput
from eqiao.publishing.services.correction import article_correct
from eqiao.publishing.services.review import (
    article_submit,
    review_decide,
    review_reminders_send,
)
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


def test_a_correction_is_refused_when_it_adds_personal_data(
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
        article_correct(actor=desk.editor, article=article, data=bad, note="补充联系方式")
    article.refresh_from_db()
    assert "13906351234" not in article.body_html
    assert not article.corrections.exists() and not article.findings.filter(status="open")


def test_a_correction_repeats_the_human_review_before_it_replaces_the_published_text(
    desk, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    old_title = article.title
    good = ArticleInput(kind=article.kind, title=old_title + "（更正）", body_html=CLEAN_BODY)
    correction = article_correct(actor=desk.editor, article=article, data=good, note="标题更正")
    with pytest.raises(ApplicationError, match="已有一份更正"):
        article_correct(actor=desk.editor, article=article, data=good, note="再改")

    # Until the review approves it, the published version stays online unchanged.
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.title == old_title
    assert (
        old_title + "（更正）"
        not in client.get(reverse("portal:article", args=[article.pk])).content.decode()
    )
    # The proposer never decides a step of their own correction.
    assert review_tasks_for(staff=desk.editor) == []
    task = review_tasks_for(staff=desk.reviewer)[0]
    assert task.correction == correction and task.label == "保密审查"
    with pytest.raises(PermissionDeniedError):
        review_decide(actor=desk.editor, task=task, approve=True)
    review_decide(actor=desk.reviewer, task=task, approve=True)
    article.refresh_from_db()
    assert article.title == old_title  # one step left: the head's approval
    with django_capture_on_commit_callbacks(execute=True):
        article = review_decide(
            actor=desk.head, task=review_tasks_for(staff=desk.head)[0], approve=True
        )
    assert article.title == old_title + "（更正）" and article.correction_note == "标题更正"
    assert article.status == ArticleStatus.PUBLISHED
    assert article.outlets.get(outlet="portal").state == "published"
    correction.refresh_from_db()
    assert correction.state == "applied"
    page = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert old_title + "（更正）" in page and "标题更正" in page


def test_a_rejected_correction_leaves_the_published_version(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    good = ArticleInput(kind=article.kind, title="改过的标题", body_html=CLEAN_BODY)
    correction = article_correct(actor=desk.editor, article=article, data=good, note="标题")
    task = review_tasks_for(staff=desk.reviewer)[0]
    article = review_decide(actor=desk.reviewer, task=task, approve=False, reason="没有必要")
    assert article.status == ArticleStatus.PUBLISHED and article.title != "改过的标题"
    correction.refresh_from_db()
    assert correction.state == "rejected"
    assert review_tasks_for(staff=desk.head) == []
    note = Notification.objects.filter(recipient=desk.editor.user).latest("pk")
    assert "更正被退回" in note.text and "没有必要" in note.text


def test_a_sibling_countys_staff_cannot_open_the_article(desk, client):
    article = write(desk)
    login_as(client, desk.linqing_head)
    response = client.get(reverse("workbench:article_detail", args=[article.pk]))
    assert response.status_code == 404
    assert review_tasks_for(staff=desk.linqing_head) == []
