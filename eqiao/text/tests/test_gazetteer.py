"""The gazetteer other code builds office trees from."""

from eqiao.text.gazetteer import counties, places


def test_eight_counties_with_division_codes():
    result = counties()
    assert len(result) == 8
    assert {c.name for c in result} == {
        "东昌府区",
        "茌平区",
        "阳谷县",
        "莘县",
        "东阿县",
        "冠县",
        "高唐县",
        "临清市",
    }
    assert all(c.code.startswith("3715") and len(c.code) == 6 for c in result)


def test_townships_belong_to_their_county():
    by_name = {c.name: c for c in counties()}
    assert "清水镇" in by_name["冠县"].townships
    assert "甘官屯镇" in by_name["冠县"].townships
    assert "松林镇" in by_name["临清市"].townships
    assert "新区街道" in by_name["东昌府区"].townships
    assert sum(len(c.townships) for c in by_name.values()) > 120


def test_short_forms_are_what_people_write():
    short = {c.name: c.short for c in counties()}
    assert short["东昌府区"] == "东昌府"
    assert short["临清市"] == "临清"


def test_counties_returns_a_fresh_list():
    first = counties()
    first.clear()
    assert len(counties()) == 8


def test_every_row_names_a_known_county():
    names = {c.name for c in counties()} | {"聊城市"}
    assert all(p.county in names for p in places())
