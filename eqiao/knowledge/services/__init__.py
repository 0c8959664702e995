"""Every write to the knowledge base: laws, FAQ entries, vocabulary, unanswered questions;
and `auto_reply(text)`, which a channel's inbound handler calls for a citizen's question."""

from eqiao.knowledge.services.answers import Answer, auto_reply

__all__ = ["Answer", "auto_reply"]
