import pytest

from eqiao.knowledge.selectors import knowledge_search


@pytest.mark.parametrize(
    "query, key",
    [
        ("盗窃罪", "264"),
        ("第264条", "264"),
        ("刑法264", "264"),
        ("刑法第二百六十四条", "264"),
        ("刑法133条之一", "133-1"),
        ("危险驾驶罪", "133-1"),
        ("拒不支付劳动报酬罪", "276-1"),
    ],
)
def test_crime_names_and_article_numbers_go_straight_to_the_article(kb, query, key):
    result = knowledge_search(query)
    assert result.articles[0].article.key == key
    assert result.articles[0].how in {"reference", "crime_name"}
    assert result.confidence == 1.0


def test_colloquial_question_finds_the_article_with_its_place(kb):
    result = knowledge_search("喝了酒开车把人撞了然后跑了会判几年")
    keys = [r.article.key for r in result.articles[:2]]
    assert "133" in keys
    top = next(r for r in result.articles if r.article.key == "133")
    assert top.article.place == "分则 · 危害公共安全罪"
    assert "交通肇事罪" in result.terms  # the vocabulary's legal word was searched for


def test_vocabulary_maps_wage_arrears(kb):
    result = knowledge_search("老板欠薪不给怎么办")
    assert result.articles[0].article.key == "276-1"
    assert any("工资" in f.faq.question for f in result.faqs)


def test_a_staff_vocabulary_term_changes_the_next_search(kb, office_tree):
    from eqiao.knowledge.services.faqs import vocabulary_add

    assert "232" not in [r.article.key for r in knowledge_search("把人整没了").articles[:1]]
    vocabulary_add(actor=office_tree.city_head, colloquial="整没了", legal="故意杀人罪")
    assert knowledge_search("把人整没了").articles[0].article.key == "232"


def test_a_question_about_nothing_finds_nothing_confidently(kb):
    result = knowledge_search("今天天气怎么样")
    assert result.confidence < 0.3


def test_a_bare_number_is_no_article_reference(kb):
    result = knowledge_search("偷了264元")
    assert result.articles[0].article.key == "264"
    assert result.articles[0].how == "bm25"
