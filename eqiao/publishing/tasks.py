"""Background jobs of the studio's desk. They take ids and are safe to run twice."""

from __future__ import annotations

from django_tasks import task

from eqiao.publishing.services.publish import (
    article_outlets_deliver,
    articles_publish_due,
    outlets_retry_due,
)
from eqiao.publishing.services.review import review_reminders_send


@task()
def article_outlets_task(article_id: int) -> dict[str, str]:
    """Publish (or withdraw) one article at each of its outlets that is due."""
    return article_outlets_deliver(article_id=article_id)


@task()
def publishing_due_task() -> int:
    """Every minute: publish what is scheduled (and what a stopped worker missed, once),
    then retry the outlets that failed."""
    published = articles_publish_due()
    return len(published) + outlets_retry_due()


@task()
def review_reminders_task() -> int:
    """Remind reviewers of steps due within a day or overdue."""
    return review_reminders_send()
