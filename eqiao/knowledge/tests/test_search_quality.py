"""The labelled question sets: the figures are printed and held."""

from eqiao.knowledge.evaluation import DEV_SET, SEALED_S1, evaluate, questions
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


def test_sealed_set_s1_figures(kb):
    """Questions written by a colleague who never saw the vocabulary (286, mostly in the
    words of rural Shandong: 俺, 逮住, 犯法不). First and only look on 2026-12-07, after the
    search was frozen (commit "Freeze knowledge search before the first look at sealed set
    s1"): top-1 0.727, top-3 0.871, so the issue's goals were met and are held here."""
    items = questions(SEALED_S1)
    assert len(items) == 286
    figures = evaluate(_rank, items)
    print(f"\nsealed set s1: {figures.line()}")
    assert figures.top3 >= 0.85, figures.misses
    assert figures.top1 >= 0.65, figures.misses
