"""The automated security review (网络安全审查 / 保密审查) of an article.

It reads the title, the body's text, the short version, the image alt texts and captions,
and finds: personal data (the text engine's redaction findings — ID, phone and bank
numbers, addresses, party names — and the ages of minors), words of the sensitive-word
list (Simplified and Traditional), and links to domains not on the allow-list. A case
release about a case whose flags forbid disclosure gets a finding nobody can waive.

Every OPEN finding blocks publication; a later scan that no longer finds it marks it FIXED;
a security reviewer may WAIVE it with a reason (audited). The scan runs the text engine
outside any transaction, then records the result in one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.publishing.models import (
    AllowedDomain,
    Article,
    Finding,
    FindingKind,
    FindingStatus,
    SensitiveWord,
)
from eqiao.publishing.richtext import extract
from eqiao.publishing.wordlist import matcher_for
from eqiao.text.redact import redact


@dataclass(frozen=True)
class Hit:
    kind: str
    detail: str
    field: str
    start: int
    end: int
    matched: str


FIELDS = ("title", "body", "short", "alt", "caption")

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_AGE = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})(?:周)?岁")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。；、）)]+", re.IGNORECASE)


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text) if len(text) == 1 else None


def _minors(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _AGE.finditer(text):
        age = _cn_number(m.group(1))
        if age is not None and age < 18:
            spans.append((m.start(), m.end()))
    return spans


def _domain_allowed(host: str, allowed: list[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in allowed)


def allowed_domains() -> list[str]:
    configured = list(getattr(settings, "EQIAO_PUBLISHING_LINK_DOMAINS", ()))
    return [d.lower() for d in configured] + list(
        AllowedDomain.objects.values_list("domain", flat=True)
    )


def sensitive_words() -> tuple[str, ...]:
    return tuple(SensitiveWord.objects.filter(active=True).values_list("word", flat=True))


def texts_of(article: Article) -> dict[str, str]:
    """What the review reads, field by field."""
    body = extract(article.body_html)
    images = list(article.images.all())
    if article.cover is not None and article.cover not in images:
        images.append(article.cover)
    alts = body.alts + [i.alt for i in images if i.alt]
    captions = [i.caption for i in images if i.caption]
    return {
        "title": article.title,
        "body": body.text,
        "short": article.short_text,
        "alt": "\n".join(alts),
        "caption": "\n".join(captions),
    }


def _link_hits(field: str, text: str, extra_links: list[str], allowed: list[str]) -> list[Hit]:
    hits = []
    for m in _URL.finditer(text):
        url = m.group(0)
        host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
        if not _domain_allowed(host, allowed):
            hits.append(Hit(FindingKind.LINK, host, field, m.start(), m.end(), url))
    for url in extra_links:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and not _domain_allowed(parts.hostname or "", allowed):
            hits.append(Hit(FindingKind.LINK, parts.hostname or "", "link", 0, 0, url[:200]))
    return hits


def scan_texts(
    texts: dict[str, str], *, words: tuple[str, ...], allowed: list[str], links: list[str]
) -> list[Hit]:
    """Every hit in `texts` (pure: no database)."""
    matcher = matcher_for(words)
    hits: list[Hit] = []
    for field in FIELDS:
        text = texts.get(field, "")
        if not text:
            continue
        for f in redact(text).findings:
            hits.append(Hit(FindingKind.PERSONAL_DATA, f.kind, field, f.start, f.end, f.original))
        for start, end in _minors(text):
            hits.append(Hit(FindingKind.PERSONAL_DATA, "minor", field, start, end, text[start:end]))
        for w in matcher.find(text):
            hits.append(Hit(FindingKind.SENSITIVE_WORD, w.word, field, w.start, w.end, w.matched))
        hits.extend(_link_hits(field, text, links if field == "body" else [], allowed))
    return hits


def _fingerprints(hits: list[Hit]) -> list[tuple[str, Hit]]:
    seen: dict[tuple, int] = {}
    out = []
    for hit in hits:
        key = (hit.kind, hit.detail, hit.field, hit.matched)
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "|".join([*map(str, key), str(n)])
        out.append((hashlib.sha256(raw.encode()).hexdigest()[:40], hit))
    return out


def article_scan(*, article: Article) -> list[Finding]:
    """Run the automated review and record it; returns the article's OPEN findings."""
    texts = texts_of(article)
    links = extract(article.body_html).links + extract(article.body_html).images
    hits = scan_texts(texts, words=sensitive_words(), allowed=allowed_domains(), links=links)
    case = article.case
    if case is not None and case.disclosure_forbidden:
        hits.append(Hit(FindingKind.CASE, "forbidden", "case", 0, 0, case.number))
    found = dict(_fingerprints(hits))
    with transaction.atomic():
        existing = {
            f.fingerprint: f for f in Finding.objects.select_for_update().filter(article=article)
        }
        for fp, old in existing.items():
            if fp not in found and old.status == FindingStatus.OPEN:
                old.status = FindingStatus.FIXED
                old.save(update_fields=["status"])
        for fp, hit in found.items():
            known = existing.get(fp)
            if known is None:
                Finding.objects.create(
                    article=article,
                    fingerprint=fp,
                    kind=hit.kind,
                    detail=str(hit.detail)[:40],
                    field=hit.field,
                    start=hit.start,
                    end=hit.end,
                    matched=hit.matched[:200],
                )
                continue
            known.start, known.end = hit.start, hit.end
            if known.status == FindingStatus.FIXED:
                known.status = FindingStatus.OPEN
            known.save(update_fields=["start", "end", "status"])
    return list(article.findings.filter(status=FindingStatus.OPEN))


def open_findings_count(article: Article) -> int:
    return article.findings.filter(status=FindingStatus.OPEN).count()


def finding_waive(*, actor, finding: Finding, reason: str) -> Finding:
    """A security reviewer accepts a finding with a reason (never the article's author; a
    case whose disclosure is forbidden is never waived). Audited."""
    article = finding.article
    require(actor, "article.review", article.office, not_by=article.author)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写豁免理由。"), field="reason")
    if finding.kind == FindingKind.CASE:
        raise ApplicationError(_("该案件禁止公开，不能豁免。"))
    if finding.status != FindingStatus.OPEN:
        raise ApplicationError(_("该问题已处理。"))
    with transaction.atomic():
        finding.status = FindingStatus.WAIVED
        finding.waived_by = actor
        finding.waive_reason = reason[:300]
        finding.waived_at = timezone.now()
        finding.save(update_fields=["status", "waived_by", "waive_reason", "waived_at"])
        audit_log(
            actor=actor.user,
            action="article.finding_waive",
            target=article,
            detail={"finding": finding.pk, "kind": finding.kind, "reason": reason[:300]},
        )
    return finding
