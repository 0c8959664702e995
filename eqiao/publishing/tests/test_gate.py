"""An article with an unresolved finding is published by no path: the service, the
scheduler, the admin (its action and its change form) or the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from eqiao.core.errors import ApplicationError
from eqiao.publishing.models import Article, ArticleStatus, FindingStatus
from eqiao.publishing.services.publish import article_publish, articles_publish_due
from eqiao.publishing.services.review import article_submit
from eqiao.publishing.services.screening import finding_waive
from eqiao.publishing.tests.conftest import login_as, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def sneaky(desk):
    """An approved article whose body was changed behind the desk's back (straight in the
    database) to hold a phone number: the approval happened on clean text."""
    article = article_submit(actor=desk.editor, article=write(desk))
    Article.objects.filter(pk=article.pk).update(
        status=ArticleStatus.APPROVED,
        body_html="<p>联系人手机13906351234，内部资料请勿外传。</p>",
        scheduled_at=timezone.now(),
    )
    article.refresh_from_db()
    return article


def assert_unpublished(article):
    article.refresh_from_db()
    assert article.status != ArticleStatus.PUBLISHED
    assert article.findings.filter(status=FindingStatus.OPEN).exists()


def test_service(desk, sneaky):
    with pytest.raises(ApplicationError, match="安全审查"):
        article_publish(actor=desk.head, article=sneaky)
    assert_unpublished(sneaky)


def test_scheduler(desk, sneaky):
    assert articles_publish_due() == []
    assert_unpublished(sneaky)


def test_admin_action_and_change_form(desk, sneaky, client):
    login_as(client, desk.tree.city_admin)
    url = reverse("admin:publishing_article_changelist")
    response = client.post(
        url, {"action": "publish_selected", "_selected_action": [sneaky.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "安全审查" in response.content.decode()
    assert_unpublished(sneaky)
    # The change form shows every field read-only: posting a status changes nothing.
    change = reverse("admin:publishing_article_change", args=[sneaky.pk])
    client.post(change, {"status": "published", "title": "x"})
    assert_unpublished(sneaky)


def test_api(desk, sneaky, client):
    client.force_login(desk.head.user)
    response = client.post(f"/api/v1/publishing/articles/{sneaky.pk}/publish")
    assert response.status_code == 400
    assert "安全审查" in response.json()["detail"]
    assert_unpublished(sneaky)


def test_a_waiver_by_a_security_reviewer_lets_it_through_and_is_audited(desk, sneaky):
    from eqiao.core.models import AuditEntry

    article_publish_blocked = sneaky
    with pytest.raises(ApplicationError):
        article_publish(actor=desk.head, article=article_publish_blocked)
    for finding in sneaky.findings.filter(status=FindingStatus.OPEN):
        with pytest.raises(ApplicationError):
            finding_waive(actor=desk.reviewer, finding=finding, reason="")
        with pytest.raises(ApplicationError):  # the author is never the one to waive
            finding_waive(actor=desk.editor, finding=finding, reason="是单位电话")
        finding_waive(actor=desk.reviewer, finding=finding, reason="单位公开电话，经核实可发布")
    article = article_publish(actor=desk.head, article=sneaky)
    assert article.status == ArticleStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="article.finding_waive").count() >= 2
