"""FAQ entries: staff write drafts, a reviewer publishes them; the vocabulary; the starter
set the project ships."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.knowledge.models import (
    Article,
    Faq,
    FaqStatus,
    UnansweredQuestion,
    UnansweredStatus,
    VocabularyTerm,
)
from eqiao.knowledge.numerals import parse_key
from eqiao.knowledge.services.common import index_bump
from eqiao.offices.capabilities import require

DATA = Path(__file__).resolve().parent.parent / "data"
STARTER_FAQS = DATA / "faqs.jsonl"
STARTER_VOCABULARY = DATA / "vocabulary.tsv"


def _articles_of(keys: list[str], law_code: str = "criminal_law") -> list[Article]:
    """Articles named by keys ("264", "133-1"); an unknown key is an error naming it."""
    out = []
    for key in keys:
        try:
            number, sub = parse_key(key)
        except ValueError:
            raise ApplicationError(
                _("条文编号“%(key)s”格式不对，应写成 264 或 133-1。") % {"key": key},
                field="articles",
            ) from None
        article = Article.objects.filter(law__code=law_code, number=number, sub=sub).first()
        if article is None:
            raise ApplicationError(_("刑法里没有第 %(key)s 条。") % {"key": key}, field="articles")
        out.append(article)
    return out


def split_keys(text: str) -> list[str]:
    return [k for k in re.split(r"[\s,，、;；]+", text or "") if k]


def split_tags(text: str) -> list[str]:
    return list(dict.fromkeys(t for t in re.split(r"[\s,，、;；]+", text or "") if t))[:12]


def _check(question: str, answer: str) -> None:
    if not question.strip():
        raise ApplicationError(_("请填写问题。"), field="question")
    if len(question) > 300:
        raise ApplicationError(_("问题不能超过 300 字。"), field="question")
    if not answer.strip():
        raise ApplicationError(_("请填写解答。"), field="answer")


def faq_save(
    *,
    actor,
    faq: Faq | None = None,
    question: str,
    answer: str,
    article_keys: list[str],
    tags: list[str],
    references: str = "",
    from_unanswered: UnansweredQuestion | None = None,
) -> Faq:
    """Create or edit an FAQ entry. An edit of a published entry sends it back to review
    (what citizens read is always what a reviewer saw)."""
    require(actor, "knowledge.edit", None)
    _check(question, answer)
    articles = _articles_of(article_keys)
    with transaction.atomic():
        if faq is None:
            faq = Faq.objects.create(
                question=question.strip(),
                answer=answer.strip(),
                tags=tags,
                references=references.strip()[:300],
                author=actor.user,
            )
            action = "knowledge.faq_create"
        else:
            Faq.objects.filter(pk=faq.pk).update(
                question=question.strip(),
                answer=answer.strip(),
                tags=tags,
                references=references.strip()[:300],
                status=FaqStatus.DRAFT,
                reviewer=None,
            )
            faq.refresh_from_db()
            action = "knowledge.faq_edit"
        faq.articles.set(articles)
        if from_unanswered is not None:
            UnansweredQuestion.objects.filter(pk=from_unanswered.pk).update(
                status=UnansweredStatus.ANSWERED, faq=faq
            )
        audit_log(actor=actor.user, action=action, target=faq)
        index_bump()
    return faq


def faq_review(*, actor, faq: Faq, publish: bool) -> Faq:
    """Publish (or retire) an entry; the author may not publish their own."""
    require(actor, "knowledge.review", None, not_by=faq.author_id and _staff_of(faq.author_id))
    status = FaqStatus.PUBLISHED if publish else FaqStatus.RETIRED
    with transaction.atomic():
        Faq.objects.filter(pk=faq.pk).update(status=status, reviewer=actor.user)
        audit_log(
            actor=actor.user, action="knowledge.faq_review", target=faq, detail={"status": status}
        )
        index_bump()
    faq.refresh_from_db()
    return faq


def _staff_of(user_id: int):
    from eqiao.offices.models import Staff

    return Staff.objects.filter(user_id=user_id).first()


def vocabulary_add(*, actor, colloquial: str, legal: str) -> VocabularyTerm:
    """Add or change what a colloquial phrase means ("撞+跑" needs both parts)."""
    require(actor, "knowledge.edit", None)
    colloquial, legal = colloquial.strip(), legal.strip()
    if not colloquial or len(colloquial) > 40:
        raise ApplicationError(_("请填写群众说法（不超过 40 字）。"), field="colloquial")
    if not legal or len(legal) > 200:
        raise ApplicationError(_("请填写对应的法律用语（不超过 200 字）。"), field="legal")
    with transaction.atomic():
        term, _created = VocabularyTerm.objects.update_or_create(
            colloquial=colloquial, defaults={"legal": legal, "created_by": actor.user}
        )
        audit_log(actor=actor.user, action="knowledge.vocabulary", target=term)
        index_bump()
    return term


def vocabulary_delete(*, actor, term: VocabularyTerm) -> None:
    require(actor, "knowledge.edit", None)
    with transaction.atomic():
        audit_log(actor=actor.user, action="knowledge.vocabulary_delete", target=term)
        term.delete()
        index_bump()


def starter_vocabulary() -> list[tuple[str, str]]:
    out = []
    with STARTER_VOCABULARY.open(encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                colloquial, legal = line.rstrip("\n").split("\t", 1)
                out.append((colloquial.strip(), legal.strip()))
    return out


def starter_load() -> tuple[int, int]:
    """Load the starter vocabulary and the starter FAQ set (published, reviewed by the
    project); existing rows with the same phrase or question are left as staff made them."""
    with transaction.atomic():
        have = set(VocabularyTerm.objects.values_list("colloquial", flat=True))
        terms = [
            VocabularyTerm(colloquial=c, legal=legal)
            for c, legal in dict(starter_vocabulary()).items()
            if c not in have
        ]
        VocabularyTerm.objects.bulk_create(terms)
        faqs = 0
        if STARTER_FAQS.exists():
            known = set(Faq.objects.values_list("question", flat=True))
            with STARTER_FAQS.open(encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    item = json.loads(line)
                    if item["question"] in known:
                        continue
                    faq = Faq.objects.create(
                        question=item["question"],
                        answer=item["answer"],
                        tags=item.get("tags", []),
                        references=item.get("references", ""),
                        status=FaqStatus.PUBLISHED,
                    )
                    faq.articles.set(_articles_of(item.get("articles", [])))
                    faqs += 1
        index_bump()
    return len(terms), faqs
