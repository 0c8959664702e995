"""A post's text as the pipeline reads it: URLs out, the text engine's normaliser, and a
repost split into the poster's own comment and the reposted content. Pure Python."""

from __future__ import annotations

import re
from typing import Literal

from eqiao.text.normalize import normalize

Sentiment = Literal["positive", "neutral", "negative"]
Severity = Literal["major", "minor"]

_URL = re.compile(r"(?:https?://|www\.)[\w\-./?%&=#:~+]*|\b[\w-]+\.(?:cn|com|net)/[\w\-./?%&=]*")
# "//@某某:" or "//@某某：" starts the reposted text in a Weibo chain.
_CHAIN = re.compile(r"//\s*@[^:：\s]{1,30}\s*[:：]")
_REPOST_WORDS = re.compile(r"^\s*(?:转发微博|转发|repost|轉發微博|轉發|rt)\s*[:：]?\s*", re.I)

# Round 9: an advertisement riding a hashtag (an account to add, a code to scan, fans for
# sale): its hashtags are not what the post is about, so they are dropped.
_ADVERT = re.compile(
    r"加(?:微信|v|vx|wx|q|qq|群)|vx|v信|wx[:：]|扫码|进群|代刷|刷粉|涨粉|低价|一元|诚信经营|"
    r"领取|私信|同城速配|包过|押题|兼职日结",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"[#＃][^#＃\n]{1,30}[#＃]")


def strip_urls(text: str) -> str:
    return _URL.sub(" ", text)


def normalise(text: str) -> str:
    """The analysis form of a post: URLs out (and an advert's hashtags), then the engine's
    normaliser."""
    if ("#" in text or "＃" in text) and _ADVERT.search(text):
        text = _HASHTAG.sub(" ", text)
    return normalize(strip_urls(text))


def split_repost(text: str) -> tuple[str, str]:
    """(the poster's own comment, the reposted content) of a post; ("", text) for a post
    that only says 转发微博, (text, "") for a post that reposts nothing."""
    parts = _CHAIN.split(text)
    if len(parts) > 1:
        content = parts[-1].strip()
        comment = _REPOST_WORDS.sub("", parts[0]).strip()
        return comment, content
    stripped = _REPOST_WORDS.sub("", text)
    if stripped != text:
        return "", stripped.strip()
    return text, ""
