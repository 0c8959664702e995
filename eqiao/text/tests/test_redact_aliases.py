"""Round 5's readings of the redactor: other names of a named person, officials' titles,
addresses after a township. Sentences written for these tests."""

import pytest

from eqiao.text.redact import redact
from eqiao.text.redact_aliases import familiar_names, given_name_references, marked_aliases


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("被告人郝长江（绰号“郝三”）多次寻衅滋事。", ["郝长江", "郝三"]),
        ("犯罪嫌疑人路明远（曾用名路大军），男，汉族。", ["路明远", "路大军"]),
        ("付某承认从贾麻子（外号）处购得赃物。", ["贾麻子"]),
    ],
)
def test_nicknames_and_former_names_are_masked(text, hidden):
    result = redact(text).text
    for name in hidden:
        assert name not in result, result


def test_a_pseudonym_and_an_ordinary_bracket_stay():
    assert marked_aliases("被害人小雪（化名）报案。") == []
    assert marked_aliases("涉案车辆（已扣押）停在院内。") == []


def test_the_given_name_alone_is_masked_where_it_stands_as_a_name():
    text = "被告人侯振华在仓库盗窃。门卫听见同伙喊“振华，快走”。"
    result = redact(text)
    assert "振华" not in result.text, result.text
    assert "“某某，快走”" in result.text  # nothing of the name is left


def test_a_given_name_used_as_a_word_elsewhere_stays():
    text = "振华公司的会计被告人侯振华挪用公款。"
    assert given_name_references(text, ["侯振华"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“老郑，钱什么时候还？”", ["老郑"]),
        ("他和大孟，还有两个工友一起去的。", ["大孟"]),
        ("“老师，我想问一下”", []),
        ("他被法院列为老赖，", []),
    ],
)
def test_familiar_names(text, expected):
    assert familiar_names(text) == expected


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("法警葛文亮负责押解。", "葛文亮"),
        ("检察官助理蒋雨桐送达了文书。", "蒋雨桐"),
        ("听证员韦春生发表了意见。", "韦春生"),
        ("县市场监管局执法人员褚立平到场。", "褚立平"),
        ("承办人：邓晓岚。", "邓晓岚"),
        # 前来 is no former title, 农业农村局 no village
        ("他驾车冲撞了前来处置的民警段海鹏。", "段海鹏"),
        ("县农业农村局执法人员柏文清参加了检查。", "柏文清"),
    ],
)
def test_officials_keep_their_role_when_asked(text, official):
    assert official in redact(text, keep_officials=True).text
    assert official not in redact(text).text


def test_a_former_official_and_an_accused_village_cadre_are_named_as_parties():
    assert "鲍大庆" not in redact("前局长鲍大庆涉嫌受贿。", keep_officials=True).text
    accused = "村委会主任邝玉山挪用低保金三万元。"
    assert "邝玉山" not in redact(accused, keep_officials=True).text
    # Round 6: a village cadre acting in the role (mediating) keeps it when asked.
    assert "邝玉山" in redact("村委会主任邝玉山调解无果。", keep_officials=True).text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("被告人住高唐县琉璃寺镇南村。", "琉璃寺镇南村"),
        ("村民大会在古云镇前进村召开。", "古云镇前进村"),
        ("莘县古城镇村民秦某报案。", "古城镇"),
        ("东阿县铜城街道居民申某求助。", "铜城街道"),
    ],
)
def test_addresses_after_a_township(text, address):
    assert address not in redact(text).text


@pytest.mark.parametrize("text", ["全镇村民都来了。", "该镇居民反映情况。", "到镇上村里看看。"])
def test_no_address_without_a_named_township(text):
    assert [f for f in redact(text).findings if f.kind == "address"] == []


# Round 8: other forms of a named person the text ties to the full name (sentences written
# for these tests).
@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        # a quoted alias the text then identifies with a name (即, 就是, 真实姓名)
        ("赃物都是从“老蔫”手里买的。经查，“老蔫”即被告人卜振江。", ["老蔫", "卜振江"]),
        ("聊天记录里的“坤哥”真实姓名为谭文坤，另案处理。", ["坤哥", "谭文坤"]),
        # a quoted alias right before the name: 以“X”Y为首
        ("以“大头”邹国栋为首的团伙多次强迫交易，“大头”还指使他人。", ["大头", "邹国栋"]),
        # a familiar form tied to the full name (a bracket, 本名), though it makes a word
        ("受助学生小牛（牛思远）今年上初二，小牛说想当医生。", ["小牛", "牛思远"]),
        ("小鹏本名符家鹏，案发时十五岁。小鹏的父母常年在外。", ["小鹏", "符家鹏"]),
        # the given name's last character after 小/阿, no dictionary word
        ("被告人谭文坤驾车逃逸，同伙阿坤的电话一直关机。", ["谭文坤", "阿坤"]),
        # a given name that makes no word, opening a clause, whatever follows
        ("被告人房梓睿伙同他人盗窃。案发后，梓睿主动投案。", ["房梓睿", "梓睿"]),
    ],
)
def test_forms_tied_to_a_named_person_are_masked(text, hidden):
    result = redact(text).text
    for name in hidden:
        assert name not in result, result


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a quoted term the text defines is no alias: no name follows
        ("所谓“套路贷”即以非法占有为目的的借贷。被告人解长友参与其中。", "套路贷"),
        # forms that are words, with nothing tying them to the name, stay words
        ("被告人于志强在小区门口盗窃，金额小于五千元。", "小区"),
        ("被告人于志强在小区门口盗窃，金额小于五千元。", "小于"),
        ("被告人时文斌工作了两个小时。", "小时"),
        # a given name that is a word, followed by what a word is followed by, stays
        ("振华公司的会计被告人侯振华挪用公款。", "振华公司"),
    ],
)
def test_words_like_a_named_persons_forms_stay(text, kept):
    assert kept in redact(text).text
