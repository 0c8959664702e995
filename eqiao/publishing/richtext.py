"""Rich text: the allow-list sanitiser, the plain text and image texts the automated review
reads, and the lengths SMS and Weibo count.

Sanitising (nh3, the Ammonia sanitiser): only the tags and attributes below survive; no
script or style (their content is dropped too), no event handlers, and links only to
http, https and mailto (a `javascript:` href is removed).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "blockquote",
    "ol", "ul", "li", "a", "img", "figure", "figcaption", "span", "sub", "sup", "hr",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "span": {"class"},
    "p": {"class"},
    "li": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """The allow-listed form of `html` (see the module docstring)."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


_BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "figcaption", "br", "hr", "figure"}


@dataclass
class Extract:
    text: str = ""
    alts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.out = Extract()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _BLOCKS and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")
        if tag == "img":
            if values.get("alt"):
                self.out.alts.append(values["alt"] or "")
            if values.get("src"):
                self.out.images.append(values["src"] or "")
        if tag == "a" and values.get("href"):
            self.out.links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def extract(html: str) -> Extract:
    """The body's plain text (one line per block), its image alt texts, links and images."""
    parser = _Parser()
    parser.feed(html or "")
    parser.close()
    parser.out.text = "".join(parser.parts).strip()
    return parser.out


# -- lengths as the channels count them ---------------------------------------------------

_GSM7 = re.compile(
    r"^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\\[~\]|€]*$"
)


@dataclass(frozen=True)
class SmsCount:
    chars: int
    segments: int
    per_segment: int


def sms_count(text: str) -> SmsCount:
    """Segments an SMS takes: with any Chinese (UCS-2) 70 characters in one message, 67 per
    segment once it is split; plain GSM-7 text 160 and 153."""
    n = len(text)
    single, multi = (160, 153) if _GSM7.match(text) else (70, 67)
    if n <= single:
        return SmsCount(chars=n, segments=1 if n else 0, per_segment=single)
    return SmsCount(chars=n, segments=math.ceil(n / multi), per_segment=multi)


WEIBO_LIMIT = 2000


def weibo_length(text: str) -> int:
    """Weibo's count: a Chinese (or any non-ASCII) character is 1, two ASCII characters are
    1 (rounded up)."""
    ascii_chars = sum(1 for ch in text if ord(ch) < 128)
    return (len(text) - ascii_chars) + math.ceil(ascii_chars / 2)
