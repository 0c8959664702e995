"""The engine alone (no database): vocabulary mechanics and the shipped vocabulary."""

import pytest

from eqiao.knowledge.engine import Index, article_entry, faq_entry
from eqiao.knowledge.lawdata import criminal_law_articles, primary_articles
from eqiao.knowledge.services.faqs import starter_vocabulary


@pytest.fixture(scope="module")
def law():
    return criminal_law_articles()


def _index(law, vocabulary, faqs=()):
    entries = [
        article_entry(
            pk=i,
            law="criminal_law",
            number=a.number,
            sub=a.sub,
            key=a.key,
            heading=a.heading,
            crime_names=a.crime_names,
            text=a.text,
            chapter=a.chapter,
            section=a.section,
        )
        for i, a in enumerate(law)
    ]
    entries += list(faqs)
    return Index(entries, vocabulary=vocabulary, primary=primary_articles(law))


def _top(ix, law, q):
    return [law[h.pk].key for h in ix.search(q, top=3).articles]


def test_a_neutral_phrase_keeps_its_parts_from_firing(law):
    vocabulary = [("偷", "盗窃罪")]
    question = "有人偷偷在我家地里倒垃圾"
    assert _index(law, vocabulary).expand(question)[2] == ["偷"]
    vocabulary.append(("偷偷", "-"))
    assert _index(law, vocabulary).expand(question)[2] == []
    # "secretly stole": the third 偷 still counts
    assert _index(law, vocabulary).expand("他偷偷偷了我的钱")[2] == ["偷"]


def test_both_parts_of_a_plus_phrase_are_needed(law):
    ix = _index(law, [("撞+跑", "交通肇事罪 逃逸")])
    assert "撞+跑" in ix.expand("撞了人就跑了")[2]
    assert ix.expand("撞了人")[2] == []


def test_a_general_part_concept_outranks_the_crime_it_mentions(law):
    ix = _index(law, [("偷东西", "盗窃罪"), ("没偷成", "犯罪未遂")])
    assert _top(ix, law, "偷东西没偷成会怎么判")[0] == "23"


def test_an_faq_lifts_the_article_it_cites(law):
    keys = {a.key: i for i, a in enumerate(law)}
    faq = faq_entry(
        pk=10_000,
        question="包工头卷铺盖走人了怎么办",
        answer="可以投诉。",
        tags=[],
        cites=[keys["276-1"]],
    )
    assert _top(_index(law, [], [faq]), law, "包工头卷铺盖走人了")[0] == "276-1"


def test_the_shipped_vocabulary_names_only_real_crimes_and_no_phrase_twice(law):
    vocabulary = starter_vocabulary()
    ix = _index(law, vocabulary)
    colloquial = [c for c, _ in vocabulary]
    assert len(colloquial) == len(set(colloquial))
    unknown = {
        term
        for _c, legal in vocabulary
        for term in legal.split()
        if term.endswith("罪") and ix._crime_of(term) is None
    }
    assert not unknown, unknown
    pointers = {
        term
        for _c, legal in vocabulary
        for term in legal.split()
        if term.startswith("刑法第") and ix._concept_of(term) is None
    }
    assert not pointers, pointers
