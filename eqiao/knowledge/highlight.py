"""Mark the words a search matched in a text (HTML-escaped, <mark> around each match)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, terms: Iterable[str], *, limit: int | None = None) -> SafeString:
    """`text` escaped, the longest matching term first at each place; cut at `limit`
    characters (around the first match, so it shows) when given."""
    words = sorted({t.lstrip("~") for t in terms if len(t.lstrip("~")) >= 2}, key=len, reverse=True)
    if limit is not None and len(text) > limit:
        first = min((text.find(w) for w in words if w in text), default=0)
        start = max(0, first - limit // 4)
        text = ("…" if start else "") + text[start : start + limit] + "…"
    if not words:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped
