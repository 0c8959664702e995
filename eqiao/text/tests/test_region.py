"""Region detection: which county's office a message should go to."""

import pytest

from eqiao.text.region import detect_region, detect_township


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("我是临清市烟店镇的", "临清市"),
        ("临清这边的工地欠钱", "临清市"),
        ("东昌府区新区街道王屯村", "东昌府区"),
        ("在甘屯乡庆海轴承上班", "冠县"),
        ("庆海轴承拖欠我们工资", "冠县"),
        ("派驻清水检察室", "冠县"),
        ("派驻市南检察室创建检察室报", "东昌府区"),
        ("派驻临东检察室", "临清市"),
        ("茌平那边", "茌平区"),
        ("阳谷县七级镇", "阳谷县"),
        ("我们姚寨这边的人商量好了", "东阿县"),
        ("王奉俺们村的支书", "莘县"),
        ("柳园一带的小区", "东昌府区"),
        ("柳园那个超市老板拖着货款", "东昌府区"),
        ("（2023）茌检刑诉12号案", "茌平区"),
        ("（2020）鲁1521民初12号民事判决", "阳谷县"),
    ],
)
def test_county_from_county_township_short_form_or_landmark(text, county):
    assert detect_region(text) == county


def test_city_only_when_no_county_is_named():
    assert detect_region("聊城市检察院你好") == "聊城市"
    assert detect_region("我在聊城打工") == "聊城市"
    assert detect_region("（2021）鲁15民终88号判决") == "聊城市"


def test_unknown_when_no_place_is_named():
    assert detect_region("请问离婚需要什么材料") is None
    assert detect_region("我在河南林州") is None


@pytest.mark.parametrize(
    "text", ["清水很干净", "新区的房价", "七级伤残怎么赔", "城北有家店", "单号已短信发送"]
)
def test_common_words_are_not_places_without_a_place_suffix(text):
    assert detect_region(text) is None


def test_the_county_named_most_wins_and_ties_go_to_the_first():
    assert detect_region("我是冠县人,在临清市松林镇打工被欠薪") == "临清市"
    assert detect_region("冠县和高唐县") == "冠县"


def test_township_for_outpost_routing():
    assert detect_township("派驻清水检察室") == ("冠县", "清水镇")
    assert detect_township("冠县") is None


def test_the_citys_organs_give_the_city():
    # Like 市院: a city-level organ named by 市 alone places the message in 聊城市.
    assert detect_region("明天我们去市政府门口反映") == "聊城市"
    assert detect_region("市中院二审维持原判") == "聊城市"
    # A county named beside it still wins.
    assert detect_region("阳谷县的事，我们去了市政府也没用") == "阳谷县"
