"""Edits made outside the services (the admin) also move the index version."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from eqiao.knowledge.models import Article, Faq, Law, VocabularyTerm


@receiver([post_save, post_delete], sender=Law)
@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Faq)
@receiver([post_save, post_delete], sender=VocabularyTerm)
@receiver(m2m_changed, sender=Faq.articles.through)
def _bump(sender, raw: bool = False, **kwargs) -> None:
    if raw:  # fixtures
        return
    from eqiao.knowledge.services.common import index_bump

    index_bump()
