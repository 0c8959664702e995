"""The Criminal Law data and its corrections."""

import pytest

from eqiao.knowledge.lawdata import crime_names_of, criminal_law_articles, primary_articles
from eqiao.knowledge.numerals import article_label, cn_to_int, find_reference, int_to_cn


@pytest.fixture(scope="module")
def articles():
    return {a.key: a for a in criminal_law_articles()}


def test_every_article_once_including_the_inserted_ones(articles):
    numbers = {a.number for a in articles.values()}
    assert numbers == set(range(1, 453))  # 401–409 were pasted into 400's text
    assert {"133-1", "133-2", "276-1", "408-1", "120-6", "291-2"} <= set(articles)
    assert "第四百零一条" not in articles["400"].text


@pytest.mark.parametrize(
    "key, names",
    [
        ("133", ["交通肇事罪"]),
        ("133-1", ["危险驾驶罪"]),
        ("276", ["破坏生产经营罪"]),
        ("276-1", ["拒不支付劳动报酬罪"]),
        ("224-1", ["组织、领导传销活动罪"]),
        ("388-1", ["利用影响力受贿罪"]),
        ("308", ["打击报复证人罪"]),
        ("199", []),
        ("303", ["赌博罪", "开设赌场罪", "组织参与国（境）外赌博罪"]),
    ],
)
def test_crime_names_sit_on_the_right_article(articles, key, names):
    assert articles[key].crime_names == names


def test_place_in_the_law(articles):
    a = articles["264"]
    assert (a.part, a.chapter, a.section) == ("分则", "侵犯财产罪", "")
    assert articles["20"].section == "犯罪和刑事责任"
    assert articles["452"].part == "附则"
    assert "延伸阅读" not in articles["452"].text and "xingfa" not in articles["452"].text


def test_primary_article_of_a_crime(articles):
    primary = primary_articles(list(articles.values()))
    assert primary["盗窃罪"] == "264"
    assert primary["妨害公务罪"] == "277"
    assert primary["职务侵占罪"] == "271"


def test_crime_names_of_a_heading():
    assert crime_names_of("强制猥亵、侮辱罪、猥亵儿童罪") == ["强制猥亵、侮辱罪", "猥亵儿童罪"]
    assert crime_names_of("对犯贪污罪的处罚规定") == []


@pytest.mark.parametrize("n", [1, 10, 11, 20, 101, 110, 133, 264, 408, 452, 1000, 1260])
def test_numerals_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


def test_article_labels_and_references():
    assert article_label(133, 1) == "第一百三十三条之一"
    assert article_label(105) == "第一百零五条"
    assert find_reference("刑法第二百六十四条规定") == (264, 0)
    assert find_reference("刑法264") == (264, 0)
    assert find_reference("第133条之一") == (133, 1)
    assert find_reference("偷了264元") is None
    assert find_reference("第三者插足") is None


def test_text_is_the_law_in_force_after_amendment_xii(articles):
    """The data stops at Amendment XI; the corrections carry Amendment XII's seven articles."""
    bribery = articles["390"].text
    assert bribery.startswith("对犯行贿罪的，处三年以下有期徒刑或者拘役")
    assert "(四)为谋取职务、职级晋升、调整行贿的" in bribery
    assert "对调查突破、侦破重大案件起关键作用" in bribery
    assert articles["390"].crime_names == ["行贿罪"]
    # Private companies' insiders are now covered too (the second paragraphs).
    for key in ("165", "166", "169"):
        assert "其他公司、企业" in articles[key].text, key
    assert "接受不合格商品、服务" in articles["166"].text
    # The new brackets of the unit crimes.
    assert "情节特别严重的，处三年以上十年以下有期徒刑" in articles["387"].text
    assert "情节严重的，处三年以上七年以下有期徒刑" in articles["391"].text
    assert "情节特别严重的，处三年以上十年以下有期徒刑，并处罚金" in articles["393"].text
    assert "处五年以下" not in articles["393"].text
    # Supplement VIII of the crime-name rules renamed the crime of article 169.
    assert articles["169"].crime_names == ["徇私舞弊低价折股、出售公司、企业资产罪"]
    assert articles["169-1"].crime_names == ["背信损害上市公司利益罪"]
