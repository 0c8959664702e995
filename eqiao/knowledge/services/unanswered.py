"""Questions the knowledge base could not answer, kept for staff."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from eqiao.knowledge.engine import words
from eqiao.knowledge.models import UnansweredQuestion, UnansweredStatus
from eqiao.knowledge.selectors import clean_query
from eqiao.offices.capabilities import require


def question_fingerprint(text: str) -> str:
    """The same question in other punctuation or particles counts once."""
    key = " ".join(sorted(set(words(text)))) or text.strip()
    return hashlib.sha256(key.encode()).hexdigest()


def unanswered_record(*, text: str, confidence: float, channel: str = "") -> None:
    """Count a question that found nothing or found it without confidence."""
    text = clean_query(text)
    if not text:
        return
    fp = question_fingerprint(text)
    now = timezone.now()
    updated = UnansweredQuestion.objects.filter(fingerprint=fp).update(
        times=F("times") + 1,
        last_asked_at=now,
        best_confidence=Greatest("best_confidence", confidence),
    )
    if updated:
        return
    try:
        with transaction.atomic():
            UnansweredQuestion.objects.create(
                text=text,
                fingerprint=fp,
                channel=channel[:24],
                best_confidence=confidence,
                last_asked_at=now,
            )
    except IntegrityError:  # asked at the same moment by someone else
        UnansweredQuestion.objects.filter(fingerprint=fp).update(times=F("times") + 1)


def unanswered_dismiss(*, actor, question: UnansweredQuestion) -> None:
    require(actor, "knowledge.edit", None)
    UnansweredQuestion.objects.filter(pk=question.pk).update(status=UnansweredStatus.DISMISSED)
