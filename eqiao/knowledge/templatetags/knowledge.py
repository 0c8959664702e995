from django import template

from eqiao.knowledge.highlight import highlight

register = template.Library()


@register.simple_tag
def kb_highlight(text, terms, limit=None):
    """`{% kb_highlight article.text result.terms 300 %}`"""
    return highlight(text or "", terms or [], limit=int(limit) if limit else None)
