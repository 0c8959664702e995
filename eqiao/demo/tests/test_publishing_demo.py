"""The demo's month of the studio's output (eqiao/demo/publishing.py): published releases
and a legal-education series on the portal, items held and waiting on the desk, a digest
sent to subscriber groups and a newsletter PDF. Loaded once for the module, small."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from eqiao.demo.loader import DEMO_TODAY
from eqiao.publishing.models import Article, ArticleStatus, DigestIssue, NewsletterIssue, Series


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command(
                "load_demo", petitions=10, today=DEMO_TODAY.isoformat(), stdout=io.StringIO()
            )
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db):
    return demo


def test_a_month_of_output_is_on_the_portal(loaded, client):
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    assert published.count() >= 12
    dates = sorted(a.published_at.date() for a in published)
    assert (dates[-1] - dates[0]).days >= 20 and dates[-1] <= DEMO_TODAY
    series = Series.objects.get(title="食品安全法律知识")
    assert series.articles.filter(status=ArticleStatus.PUBLISHED).count() == 3
    page = client.get(reverse("portal:articles") + f"?series={series.pk}").content.decode()
    assert "买到过期食品怎么办" in page
    found = client.get(reverse("portal:articles") + "?q=农民工工资").content.decode()
    assert "拖欠农民工工资" in found


def test_the_desk_has_work_waiting_and_the_products_went_out(loaded):
    statuses = set(Article.objects.values_list("status", flat=True))
    assert {ArticleStatus.SECURITY, ArticleStatus.REVIEW, ArticleStatus.DRAFT} <= statuses
    issue = DigestIssue.objects.get(status="sent")
    assert issue.sent_at.date() < DEMO_TODAY
    assert [t.label for t in issue.review_tasks.order_by("order")] == ["保密审查", "负责人审批"]
    assert {t.state for t in issue.review_tasks.all()} == {"approved"}
    nxt = DigestIssue.objects.get(status="review")
    assert nxt.scheduled_at.date() > DEMO_TODAY
    assert nxt.review_tasks.get(state="open").label == "负责人审批"
    newsletter = NewsletterIssue.objects.get()
    assert newsletter.status == "approved" and newsletter.released_at.date() < DEMO_TODAY
    assert newsletter.pdf.read(5) == b"%PDF-"


def test_three_legal_education_series_a_scheduled_item_and_a_correction_in_review(loaded):
    for title in ("食品安全法律知识", "小微企业法律适用", "两委换届法律知识"):
        assert Series.objects.get(title=title).articles.filter(status="published").exists()
    scheduled = Article.objects.get(title__startswith="小微企业法律适用（三）")
    assert scheduled.status == "review" and scheduled.scheduled_at.date() > DEMO_TODAY
    farmland = Article.objects.get(title__startswith="冠县院依法对一起非法占用农用地")
    assert farmland.status == "published" and "养殖场" not in farmland.body_html
    correction = farmland.corrections.get()
    assert correction.state == "pending" and "养殖场" in correction.body_html
    assert farmland.review_tasks.get(correction=correction, state="open").label == "保密审查"
