"""The labelled question sets: the figures are printed and held."""

from eqiao.knowledge.evaluation import DEV_SET, evaluate, questions
from eqiao.knowledge.selectors import knowledge_search


def _rank(question: str) -> list[str]:
    return [r.article.key for r in knowledge_search(question, top=3).articles]


def test_dev_set_figures(kb):
    items = questions(DEV_SET)
    assert len(items) >= 150
    figures = evaluate(_rank, items)
    print(f"\ndev set: {figures.line()}")
    # Measured 2026-12-07 when search was frozen (see NOTES.md).
    assert figures.top3 >= 0.98, figures.misses
    assert figures.top1 >= 0.87, figures.misses
