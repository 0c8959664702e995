"""How Weibo counts a post's length, and how we fit a post into it. No Django here.

Weibo allows 140 characters, counted in halves: a character in U+0000–U+00FF (ASCII and
Latin-1) is half a character, any other BMP character (Chinese, full-width punctuation) one,
and a character beyond the BMP (most emoji) two; the total is rounded up. Every link is
replaced by a t.cn short link and counts as a fixed 10 characters (20 halves) however long
it is. `statuses/share` refuses a longer text (error 20012).
"""

from __future__ import annotations

import math
import re

LIMIT = 140
LINK_HALVES = 20  # a link counts as 10 characters: its t.cn short link
URL_RE = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
ELLIPSIS = "…"


def _halves(ch: str) -> int:
    code = ord(ch)
    if code <= 0xFF:
        return 1
    if code <= 0xFFFF:
        return 2
    return 4


def _text_halves(text: str) -> int:
    return sum(_halves(ch) for ch in text)


def weibo_length(text: str) -> int:
    """The length Weibo gives `text` (see the module docstring)."""
    halves, last = 0, 0
    for match in URL_RE.finditer(text):
        halves += _text_halves(text[last : match.start()]) + LINK_HALVES
        last = match.end()
    halves += _text_halves(text[last:])
    return math.ceil(halves / 2)


def _cut(text: str, halves: int) -> str:
    """The longest start of `text` within `halves`, with an ellipsis when cut."""
    if _text_halves(text) <= halves:
        return text
    budget = halves - _halves(ELLIPSIS)
    out, used = [], 0
    for ch in text:
        cost = _halves(ch)
        if used + cost > budget:
            break
        out.append(ch)
        used += cost
    return "".join(out).rstrip() + ELLIPSIS


def weibo_post_text(*, title: str, summary: str, link: str, limit: int = LIMIT) -> str:
    """「title」summary link, within `limit`: the summary is shortened first, then the title;
    the link (which Weibo requires, from the app's safe domain) is always whole."""
    title = " ".join(title.split())
    summary = " ".join(summary.split())
    budget = limit * 2 - LINK_HALVES - 1  # the link and the space before it
    head = f"【{title}】"
    if _text_halves(head) > budget:
        head = "【" + _cut(title, budget - _text_halves("【】")) + "】"
    rest = budget - _text_halves(head)
    body = _cut(summary, rest) if rest > _halves(ELLIPSIS) else ""
    return f"{head}{body} {link}" if link else f"{head}{body}"
