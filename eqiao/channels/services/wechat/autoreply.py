"""Keyword, menu-click and welcome answers, as data staff edit in the admin."""

from __future__ import annotations

from eqiao.channels.models import AutoReplyTrigger, WeChatAutoReply


def autoreply_for_text(*, text: str) -> str | None:
    """The first active keyword answer `text` matches (exact, or contains), or None."""
    text = text.strip()
    for rule in WeChatAutoReply.objects.filter(
        active=True,
        trigger__in=(AutoReplyTrigger.KEYWORD_EXACT, AutoReplyTrigger.KEYWORD_CONTAINS),
    ).exclude(match=""):
        keyword = rule.match.strip()
        if rule.trigger == AutoReplyTrigger.KEYWORD_EXACT and text == keyword:
            return rule.reply
        if rule.trigger == AutoReplyTrigger.KEYWORD_CONTAINS and keyword in text:
            return rule.reply
    return None


def autoreply_for_click(*, key: str) -> str:
    rule = WeChatAutoReply.objects.filter(
        active=True, trigger=AutoReplyTrigger.CLICK, match=key
    ).first()
    return rule.reply if rule else ""


def autoreply_for_subscribe() -> str:
    rule = WeChatAutoReply.objects.filter(active=True, trigger=AutoReplyTrigger.SUBSCRIBE).first()
    return rule.reply if rule else ""
