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
    issue = DigestIssue.objects.get()
    assert issue.status == "sent" and issue.sent_at.date() < DEMO_TODAY
    newsletter = NewsletterIssue.objects.get()
    assert newsletter.pdf.read(5) == b"%PDF-"
