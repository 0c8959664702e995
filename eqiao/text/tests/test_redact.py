"""Redaction on realistic case releases (tests/data/redaction_cases.jsonl) and edge cases."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from eqiao.text.redact import Finding, apply, id_checksum_ok, luhn_ok, redact
from eqiao.text.redact_quality import _ADMIN_PREFIX, address_core

CASES_PATH = Path(__file__).resolve().parents[3] / "tests" / "data" / "redaction_cases.jsonl"
NUMBER_KINDS = {"id_numbers": "id_number", "phones": "phone", "bank_cards": "bank_card"}


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    with CASES_PATH.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _covered(findings: list[Finding], start: int, end: int, kind: str) -> bool:
    return any(f.kind == kind and f.start <= start and end <= f.end for f in findings)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def test_the_case_set_is_large_and_varied(cases):
    assert len(cases) >= 190
    assert sum(len(c["names"]) + len(c["officials"]) for c in cases) >= 500
    assert sum(len(c[k]) for c in cases for k in NUMBER_KINDS) >= 40


def test_name_recall_is_at_least_95_percent(cases):
    found = total = 0
    missed = []
    for case in cases:
        findings = redact(case["text"]).findings
        for name in case["names"] + case["officials"]:
            for start, end in _occurrences(case["text"], name):
                total += 1
                if _covered(findings, start, end, "name"):
                    found += 1
                else:
                    missed.append((case["id"], name))
    assert found / total >= 0.99, missed  # 0.997 (training data: the CRF learns from it; round 9)


def test_names_are_precise_on_the_case_set(cases):
    """Over-redaction costs readers: almost every name finding is a listed name."""
    findings = [
        (case["id"], f.original)
        for case in cases
        for f in redact(case["text"]).findings
        if f.kind == "name"
    ]
    listed = {(c["id"], n) for c in cases for n in c["names"] + c["officials"]}
    wrong = [f for f in findings if f not in listed]
    assert len(wrong) <= 0.01 * len(findings), wrong  # 0.005 (training data, round 9)


@pytest.mark.parametrize("keep_officials", [False, True])
def test_no_id_phone_or_bank_number_survives(cases, keep_officials):
    for case in cases:
        result = redact(case["text"], keep_officials=keep_officials)
        for key, kind in NUMBER_KINDS.items():
            for number in case[key]:
                assert number not in result.text, (case["id"], number)
                for start, end in _occurrences(case["text"], number):
                    assert _covered(result.findings, start, end, kind), (case["id"], number)
        digits = re.sub(r"\D", "", result.text.translate({0xFF10 + i: 0x30 + i for i in range(10)}))
        for key in NUMBER_KINDS:
            for number in case[key]:
                tail = re.sub(
                    r"\D", "", number.translate({0xFF10 + i: 0x30 + i for i in range(10)})
                )
                assert tail[-7:] not in digits, (case["id"], number)


def test_detailed_addresses_are_masked(cases):
    surviving = []
    for case in cases:
        result = redact(case["text"])
        for address in case["addresses"]:
            start = case["text"].index(address)
            address = address_core(address)  # a direction and a site after it may stay
            # Province, city and county stay by policy (as redact_quality reads a label
            # written from the county down); the rest must be masked.
            admin = _ADMIN_PREFIX.match(address)
            if admin and admin.end() < len(address):
                start, address = start + admin.end(), address[admin.end() :]
            covered = set()
            for f in result.findings:
                if f.kind == "address":
                    covered.update(range(f.start, f.end))
            if not set(range(start, start + len(address))) <= covered:
                surviving.append((case["id"], address))
    # s5's releases joined in round 6 with 5 of their 30 addresses surviving at the first
    # look (a village's side, a street's end, a road before an alley, a site on a street);
    # round 6 reads those kinds: none survives. s6's releases joined in round 7 with the one
    # of their 33 addresses the first look found surviving (a village whose name opens with
    # a rare character, right after its township): held at that (round 7 did not read it).
    # Round 9 (s8 joined with 9 of 31 surviving): the policy lets a direction and a generic
    # site after the village or road stay (address_core); the second road of an
    # intersection and a village whose name holds 里 are read: none of s8's survives.
    assert len(surviving) <= 1, surviving


def test_officials_are_kept_only_when_asked(cases):
    """keep_officials keeps officials named in their role, and only them: every private
    name redacted by default is redacted with keep_officials too (the recall test above
    measures how many are found)."""
    lost, leaked, unmasked = [], [], []
    for case in cases:
        kept = redact(case["text"], keep_officials=True).text
        removed = redact(case["text"]).text
        for name in case["officials"]:
            if name not in kept:
                lost.append((case["id"], name))
            if name in removed:
                unmasked.append((case["id"], name))
        for name in case["names"]:
            if name not in removed and name in kept:
                leaked.append((case["id"], name))
    # s1's and s2's releases joined the case set after their first looks (NOTES.md); held at
    # what the engine does on them: one of 124 officials is masked (a duty lawyer, 值班律师).
    # Parties named with a title whom the case accuses (a private hospital's 院长, a former
    # 所长 or 局长, followed by 涉嫌, 等人…提起公诉, 以…罪被…) are no officials. s3's releases
    # joined in round 4 with the two of 53 officials its first look masked (no goal): 3 of 177.
    # Round 5 (s4 joined): the duty lawyer; two village cadres, whom s4's writer listed as
    # officials while every earlier writer listed them as parties (the policy: a village
    # cadre is no state official, see redact_names); an official named after a department
    # (…部 + name) with no title: 4 of 249.
    # Round 6 (s5 joined): s5's writer, like s4's, listed village cadres acting in their
    # role as officials (every earlier writer listed the accused ones as parties: the
    # policy now reads both), and prosecutors (公诉人). Still lost: the duty lawyer, a
    # village cadre in a sentence telling of another's violence, an official named after
    # a department (接待人), a contact person (联系人, a party cue) and the head of an
    # evaluation team: 5 of 313.
    # Round 7 (s6 joined, its lawyers acting as counsel relabelled as officials, as the
    # policy and every earlier set keep them): s6's writer named prosecutors after 为
    # (承办检察官为X), a hearing's 检察长助理 and 律师代表 — read since round 7. Still lost:
    # the five above and a procuratorate's contact person in s6: 6 of 400.
    # Round 9 (s8 joined): signatures with a space between the title and the name (检察员
    # X) and the office's own contact person in its notices (联系人：X 联系电话…) are read;
    # lost: the duty lawyer, a village cadre, 接待人, an evaluation team's head and an
    # official after a second, non-official title (s8): 5 of 534.
    assert len(lost) <= 5, lost
    # Officials whose names are ordinary words, signing a decision (s5, s6): masked since
    # round 7 (a signature introduces the recogniser's name though it makes a word).
    # Round 9 (s8 joined): a lawyer acting as counsel whose given name makes an adverb the
    # tagger reads as one word (律师 + 高远 + 向本院…) is not read yet: 1.
    assert len(unmasked) <= 1, unmasked
    # One of s3's private names is read as an official with keep_officials (held, not fixed:
    # round 4 changed no redaction reading). s4's writer listed two defence lawyers (律师)
    # as parties, where the policy and every earlier writer keep a lawyer in an official
    # role: 3.
    # s5's writer listed a nursing home's 院长 as a party: the head of a private body is no
    # official since round 6: 3. Round 7: s4's two lawyers relabelled as officials (the
    # policy); s6's former officer against whom a case is opened (对X以涉嫌…罪立案) and a
    # foreign victim named after a prosecutor and 为 are read since round 7: s3's one.
    assert len(leaked) <= 1, leaked


def test_findings_point_into_the_original_text(cases):
    for case in cases:
        text = case["text"]
        result = redact(text)
        assert apply(text, result.findings) == result.text
        for f in result.findings:
            assert text[f.start : f.end] == f.original
        starts = [f.start for f in result.findings]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in itertools.pairwise(result.findings))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人黄明驾驶货车逃逸。", "被告人黄某驾驶货车逃逸。"),
        ("被告人张小明，男，1985年出生。", "被告人张某某，男，1985年出生。"),
        ("犯罪嫌疑人欧阳志远于2014年被抓获。", "犯罪嫌疑人欧阳某某于2014年被抓获。"),
        (
            "犯罪嫌疑人黄某，男，因涉嫌寻衅滋事罪被取保候审。",
            "犯罪嫌疑人黄某，男，因涉嫌寻衅滋事罪被取保候审。",
        ),
        ("证人王强、李军和赵小红均证实。", "证人王某、李某和赵某某均证实。"),
        ("其女婿司马文斌转交现金五万元。", "其女婿司马某某转交现金五万元。"),
        ("被告人高明利用职务便利。", "被告人高某利用职务便利。"),
        ("被告人向卞小龙、傅海军借款20万元。", "被告人向卞某某、傅某某借款20万元。"),
        (
            "被告人组织矫建民、鹿小华、邸红卫等人赌博。",
            "被告人组织矫某某、鹿某某、邸某某等人赌博。",
        ),
        ("挖掘机司机柏林、夏雨等人参与采砂。", "挖掘机司机柏某、夏某等人参与采砂。"),
        ("被害人在集市上被郇志强殴打致伤。", "被害人在集市上被郇某某殴打致伤。"),
        ("由蔺大勇驾驶的货车与电动车相撞。", "由蔺某某驾驶的货车与电动车相撞。"),
        ("他以低价从初建国处购买赃车。", "他以低价从初某某处购买赃车。"),
        ("犯罪嫌疑人艾力·买买提到案后如实供述。", "犯罪嫌疑人艾某·买某某到案后如实供述。"),
        ("张丽（化名）与丈夫分居，张丽向法院起诉。", "张丽（化名）与丈夫分居，张丽向法院起诉。"),
        # A bracket that says more than 化名, and a list the bracket says is all pseudonyms.
        (
            "被害人王秀兰（化名，68岁）独自在家，王秀兰随后报警。",
            "被害人王秀兰（化名，68岁）独自在家，王秀兰随后报警。",
        ),
        (
            "被害人王秀兰、李桂芝（均为化名）系同村村民，被告人张建国骗走二人3万元。",
            "被害人王秀兰、李桂芝（均为化名）系同村村民，被告人张某某骗走二人3万元。",
        ),
    ],
)
def test_names_become_surname_and_mou(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "申请人向法院提出申请。",
        "申请人向检察院提出申诉。",
        "醉驾者即被执勤民警查获。",
        "三头黄牛被盗。",
        "他在高唐县高速公路服务区被查获。",
        "张秋镇派出所民警由东向西行驶至金郝庄镇。",
        "我们于是决定向上级反映，常常有人来问。",
        "谢谢检察官，问题解决了。",
        "以收取服装费为名，骗取求职者钱财。",
        "丈夫车祸没了，家里没有钱。",
        "未经林业主管部门批准，擅自砍伐。",
        "申诉人曾向法院提出再审申请。",
        "案件由公安机关移送审查起诉，双方经协商解决纠纷。",
        "公安、检察等部门联合执法，法官、检察官等人参加。",
        "车辆由西向东行驶，被高空坠物砸伤，应当依法从轻处罚。",
    ],
)
def test_ordinary_words_are_not_names(text):
    assert [f for f in redact(text).findings if f.kind == "name"] == []


def test_official_roles_and_former_officials():
    text = "检察长王学军接待了申诉人单立国。原局长李建华因受贿被起诉，李建华认罪。"
    kept = redact(text, keep_officials=True).text
    assert "王学军" in kept
    assert "单立国" not in kept and "李建华" not in kept
    assert "王学军" not in redact(text).text


@pytest.mark.parametrize(
    ("number", "ok"),
    [("11010519491231002X", True), ("110105194912310021", False), ("440524188001010014", True)],
)
def test_id_checksum(number, ok):
    assert id_checksum_ok(number) is ok


def test_id_numbers_need_a_check_digit_or_a_cue():
    assert redact("身份证号11010519491231002X").findings[0].kind == "id_number"
    assert redact("身份证号码：110105194912310021").findings[0].kind == "id_number"  # typo
    assert redact("快递单号110105194912310021已签收").findings == []
    assert redact("旧身份证号码370102780512123").findings[0].kind == "id_number"


def test_bank_cards_need_luhn_or_a_cue():
    assert luhn_ok("6222021234567890128")
    assert redact("转入6222021234567890128").findings[0].kind == "bank_card"
    assert redact("转入6222 0212 3456 7890 128").findings[0].kind == "bank_card"
    assert redact("订单号6222021234567890121").findings == []
    assert redact("银行卡号6222021234567890121").findings[0].kind == "bank_card"


def test_a_card_word_earlier_in_the_clause_names_every_card_after_it():
    # A hand-copied card number may fail Luhn; the card word still names it, in a list or
    # after a description of whose card it is, but not across a clause break.
    listed = redact("名下两张银行卡（卡号6222021234567890128、6222021234567890121）出借")
    assert [f.kind for f in listed.findings] == ["bank_card", "bank_card"]
    described = redact("所用银行卡包括户名为本人之妻的6222021234567890121等三张")
    assert [f.kind for f in described.findings] == ["bank_card"]
    other_clause = redact("卡号6222021234567890128，订单号6222021234567890121")
    assert [f.original for f in other_clause.findings] == ["6222021234567890128"]


@pytest.mark.parametrize(
    "text",
    [
        "手机13863512345",
        "电话：+86 138 6351 2345",
        "联系电话138-6351-2345",
        "来电号码１３８６３５１２３４５",
        "举报电话0635-8272309",
        "举报电话（0635）8272309",
        "值班电话8272309",
        "电话13863512345 13963512345",
        "陌生电话（号码为+85255321876）",
        "境外号码+1 4155550123",
    ],
)
def test_phone_formats(text):
    result = redact(text)
    assert not re.search(r"[0-9０-９]{4}", result.text), result.text
    assert {f.kind for f in result.findings} == {"phone"}


def test_numbers_that_are_not_personal_stay():
    text = "2015年3月12日，涉案金额86万元，案号（2015）冠检刑诉字第123号，（2021）鲁15刑终8号。"
    assert redact(text).findings == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("驾驶鲁P·3A521号小型轿车", "驾驶鲁×××××××号小型轿车"),
        ("车牌号鲁PK2468的货车", "车牌号鲁××××××的货车"),
        ("新能源车鲁PD12345停在路边", "新能源车鲁×××××××停在路边"),
        # A trailer's plate has four characters before 挂 (GA 36-2018); round 7 masks it,
        # where earlier rounds read four characters as no plate.
        ("挂车冀E 6532挂被扣押", "挂车冀×××××××被扣押"),
        ("牵引车所拖挂车鲁R·7A36挂", "牵引车所拖挂车鲁×××××××"),
        ("鲁R 7A36号", "鲁R 7A36号"),  # four characters and no 挂: no plate
        ("挂车冀E65321挂被扣押", "挂车冀×××××××被扣押"),
        ("苏E·88D2F轿车", "苏×××××××轿车"),
        ("京A·F0236", "京×××××××"),
        ("登记为豫CK·2Q586的轿车", "登记为豫××××××××的轿车"),  # the separator one late
    ],
)
def test_licence_plates_keep_only_the_province(text, expected):
    result = redact(text)
    assert result.text == expected
    assert all(f.kind == "plate" for f in result.findings)


@pytest.mark.parametrize(
    "text",
    ["联系电话0635-2101234", "座机（0635）8321456", "电话(0635)8321456", "0635－2101234"],
)
def test_landlines_are_masked(text):
    result = redact(text)
    assert [f.kind for f in result.findings] == ["phone"]
    assert not any(
        c.isdigit() for c in result.text.translate({0xFF10 + i: 0x30 + i for i in range(10)})
    )


def test_court_case_numbers_are_no_plates():
    assert redact("（2022）鲁1502民初123号，鲁15刑终").findings == []


def test_street_addresses_with_a_section():
    assert redact("户籍地址高唐县人和街道官道街东段58号").text == "户籍地址高唐县××"


def test_addresses_keep_the_county():
    result = redact("住山东省聊城市东昌府区古楼街道光岳路17号。")
    assert result.text == "住山东省聊城市东昌府区××。"
    assert result.findings[0].original == "古楼街道光岳路17号"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # A village, community or street after its township, whatever follows it.
        ("他在临清市八岔路镇高庄村附近务工", "八岔路镇高庄村"),
        ("店铺开在东昌府区柳园街道花园社区东侧", "柳园街道花园社区"),
        ("在阳谷县侨润街道枣林街一间仓库里", "侨润街道枣林街"),
        # Parts of a village with a row or house number.
        ("住冠县烟庄街道小李村南区7排12号。", "烟庄街道小李村南区7排12号"),
        ("住莘县古云镇赵楼村西三巷15号，", "古云镇赵楼村西三巷15号"),
        # A numbered building with a unit or room, whatever the compound is called.
        ("家住高唐县鱼邱湖街道金色华府3号楼2单元502室。", "鱼邱湖街道金色华府3号楼2单元502室"),
        # After an address cue.
        ("户籍所在地孙庄村，", "孙庄村"),
        # A housing estate named with no building, after its township.
        ("家住临清市青年路街道和平小区的老人", "青年路街道和平小区"),
        # A community, then a street holding 市 (an old market street) and its number.
        ("居住在东昌府区古楼街道东关社区菜市街8号，", "古楼街道东关社区菜市街8号"),
    ],
)
def test_addresses_from_the_township_down(text, masked):
    assert [f.original for f in redact(text).findings if f.kind == "address"] == [masked]


@pytest.mark.parametrize(
    "text",
    [
        "俺村三十多户都没拿到钱",
        "东昌府区东昌湖环湖路上追逐竞驶",  # a county's road: no detailed address
        "镇上村里来回推",
        "柳林镇三个村颗粒无收",
        "十五里园镇修路占了我们的地",
        "在博平镇周边村庄盗窃",
        "你们就是走过场糊弄老百姓",
    ],
)
def test_no_address_in_ordinary_words(text):
    assert [f for f in redact(text).findings if f.kind == "address"] == []


def test_a_transliterated_name_is_read_where_its_occurrences_agree():
    # A character that could end a name (都, 原) does not cut one every occurrence
    # continues with, and one occurrence's extra character is not the name's.
    for text, name in (
        (
            "被告人依明·阿布都拉于2024年3月在某超市盗窃。依明·阿布都拉到案后如实供述。",
            "依明·阿布都拉",
        ),
        ("被害人米娜·吐尔洪原系其同事，案发后米娜·吐尔洪的家属报警。", "米娜·吐尔洪"),
    ):
        names = [f.original for f in redact(text).findings if f.kind == "name"]
        assert names == [name, name], text


def test_an_occupation_the_lexicon_does_not_list_introduces_a_name():
    result = redact("话务员严明与钢筋工高峰均被告知。")
    assert [f.original for f in result.findings] == ["严明", "高峰"]


def test_an_accused_named_with_a_title_is_no_official():
    for text, accused in (
        ("原某县水利局局长郑大海涉嫌受贿一案，已移送审查起诉。", "郑大海"),
        ("检察院对某公司经理宋天明、副经理刘小东等人提起公诉。", "宋天明"),
        ("某镇原所长乔建民以玩忽职守罪被提起公诉。", "乔建民"),
    ):
        assert accused not in redact(text, keep_officials=True).text, text
    kept = redact("检察官张学文以涉嫌盗窃罪对被告人李某提起公诉。", keep_officials=True)
    assert "张学文" in kept.text


def test_village_cadres_acting_in_their_role_are_kept_with_keep_officials():
    text = "检察机关向该村发出检察建议，村委会主任郝振东已签收，并组织人员整改。"
    assert "郝振东" in redact(text, keep_officials=True).text
    assert "郝振东" not in redact(text).text
    # A cadre the release accuses is a party.
    accused = "经查，村党支部书记郝振东利用职务便利，截留村集体资金十二万元。"
    assert "郝振东" not in redact(accused, keep_officials=True).text
    # The head of a private body is no official.
    private = "该敬老院院长符秋云称，整改已经完成。"
    assert "符秋云" not in redact(private, keep_officials=True).text


def test_prosecutors_named_as_such_are_kept_with_keep_officials():
    text = "公诉人石海波、杭静出庭支持公诉。"
    kept = redact(text, keep_officials=True).text
    assert "石海波" in kept and "杭静" in kept


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("本院在办理童童（13岁）盗窃案中发现，网吧违规接纳未成年人。", "童童"),
        ("被不起诉人高原（男，1990年出生）醉酒驾驶机动车。", "高原"),
        ("被告人平安，男，1985年出生，汉族。", "平安"),
    ],
)
def test_a_name_marked_by_a_gender_or_an_age_is_masked(text, name):
    assert name not in redact(text).text


def test_a_bracket_after_a_word_for_a_person_is_no_name():
    assert redact("一名男孩（10岁）在河边玩耍。").text == "一名男孩（10岁）在河边玩耍。"


@pytest.mark.parametrize(
    "text",
    [
        "被告人家住沙镇镇柳营村东头。",
        "案发地点位于古楼街道振华路某超市。",
        "在梁水镇街道刘庄村南厂房内。",
        "住柳园街道光岳路西首8号。",
        "住古楼街道东关大街北段牌坊胡同7号。",
    ],
)
def test_a_sides_and_sites_of_an_address_are_masked(text):
    result = redact(text)
    assert "××" in result.text
    assert not any(c in result.text for c in "头某厂首号"), result.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names of other nationalities without a dot, read as a unit
        ("经查明，格桑卓玛于当日下午窜至某商店。", "格某某某于当日"),
        ("同日，阿拉坦图雅驾驶农用车返回。", "阿某某某某驾驶"),
        ("外籍游客山本太郎报警称钱包被盗。", "山某某某报警"),
        ("被告人多吉，男，1992年出生。", "被告人多某，男"),
        ("被告人拉巴（藏族）、旺堆驾驶货车离开。", "被告人拉某（藏族）、旺某驾驶"),
        ("证人阿古拉（蒙古族）证实了此事。", "证人阿某某（蒙古族）证实"),
        # a given name ending in 和 before a pause, a negation or a verb that follows names
        ("同村村民鲍春和、石秀云到场作证。", "村民鲍某某、石某某到场"),
        ("检察院对戚永和不起诉的决定已经生效。", "对戚某某不起诉"),
        ("被告人熊立和驾驶货车逃离现场。", "被告人熊某某驾驶"),
        # 和 as "and" stays out of the name
        ("被告人郜明和妻子一起到案。", "被告人郜某和妻子"),
        ("被告人隗强和邻居发生争执。", "被告人隗某和邻居"),
        # a quoted alias with its real name in a bracket
        ("其同伙“瘦猴”（本名詹立新）负责望风。", "”（本名詹某某）负责"),
        # a list closed by a count without 等: as many items as the count
        ("嫌疑人蒯国平、薄一鸣、冷秋三人分头行动。", "蒯某某、薄某某、冷某三人"),
        # an old woman called by her surname; a compound surname the lexicon lacked
        ("邻居范老太说她看见了。", "邻居某某某说"),
        ("被告人淳于春生驾驶货车逃离。", "被告人淳于某某驾驶"),
        # a signature: a title and a colon, then a name that makes a word
        ("承办检察员：丰收", "承办检察员：丰某"),
        # who someone claims to be, then the name
        ("一名自称是客服的司小川，要求被害人转账。", "自称是客服的司某某，"),
        # a dotted name right after a function character, its right part one character
        ("检察官为热依拉·汗指定了翻译人员。", "检察官为热某某·汗指定"),
    ],
)
def test_round_7_name_readings(text, expected):
    assert expected in redact(text).text
    assert "瘦猴" not in redact("其同伙“瘦猴”（本名詹立新）负责望风。").text


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("本案承办检察官为钮志航，联系电话0635-8212345。", "钮志航"),
        ("听证会由检察长助理阙立新主持。", "阙立新"),
        ("听证员律师代表栾冬梅发表了意见。", "栾冬梅"),
    ],
)
def test_round_7_officials_in_their_role(text, official):
    assert official in redact(text, keep_officials=True).text
    assert official not in redact(text).text


def test_a_former_officer_accused_by_a_case_opened_against_him_is_a_party():
    text = "原某派出所民警郁长海在办案中收受财物。检察院依法对郁长海以涉嫌受贿罪立案侦查。"
    assert "郁长海" not in redact(text, keep_officials=True).text


@pytest.mark.parametrize(
    "text",
    ["来自少数民族（傣族）地区的学生。", "途经呼和浩特、乌兰察布等地。", "该村（回族聚居）群众。"],
)
def test_nationalities_and_places_are_no_names(text):
    assert [f for f in redact(text).findings if f.kind == "name"] == []


# Round 9 (issue 8): general readings; every sentence here was written for the test.


@pytest.mark.parametrize(
    "text, official",
    [
        ("此致 东阿县人民法院 检察员 邵明远 2025年3月2日", "邵明远"),
        ("此致 阳谷县人民法院 公诉人 鲁嘉怡", "鲁嘉怡"),
        ("书记员\u3000范思琪", "范思琪"),
    ],
)
def test_a_signature_with_a_space_keeps_the_official(text, official):
    assert official in redact(text, keep_officials=True).text
    assert official not in redact(text).text


def test_the_offices_own_contact_person_is_an_official():
    notice = "本院拟对该线索立案调查，现予公告。联系人：管玉洁 联系电话：0635-8123456"
    assert "管玉洁" in redact(notice, keep_officials=True).text
    assert "管玉洁" not in redact(notice).text
    # A party's contact person in a case (no telephone of the office after it) stays a party.
    party = "被告人在借条上写明联系人：管玉洁，后拒不还款。"
    assert "管玉洁" not in redact(party, keep_officials=True).text


@pytest.mark.parametrize(
    "text, name, after",
    [
        ("经查，犯罪嫌疑人韦勇使用他人银行卡转账。", "韦勇", "使用"),
        ("被告人孔涛侵犯他人隐私。", "孔涛", "侵犯"),
        ("被害人的母亲童娟既要照看孩子，又要打工。", "童娟", "既"),
    ],
)
def test_a_name_closes_before_a_word_of_its_own(text, name, after):
    result = redact(text)
    assert [f.original for f in result.findings if f.kind == "name"] == [name]
    assert after in result.text


def test_a_preposition_is_no_part_of_a_familiar_form():
    text = "被告人葛某、被害人祝某系同学。检察院为小雯申请了救助，并对小雯的家长开展家庭教育指导。"
    names = {f.original for f in redact(text).findings if f.kind == "name"}
    assert "为小雯" not in names and "对小雯" not in names


def test_familiar_forms_stand_for_one_person():
    quoted = "饭店老板郑国栋说：“老郑我在这条街干了十年。”邻居卖水果的老符也说：“他不讲理。”"
    assert "老郑" not in redact(quoted).text and "老符" not in redact(quoted).text
    elder = "卖煎饼的宫大娘作证说，那天他没给钱。"
    assert "宫大娘" not in redact(elder).text
    child = "骗子冒充其外孙小韬打来电话。"
    assert "小韬" not in redact(child).text
    foreign = "日本籍商人松本健一与本地公司签约。事后松本先生报了警。"
    assert "松本先生" not in redact(foreign).text
    # A dictionary word after a kinship word is no child's name: 小区, 小时 stay.
    assert "小时" in redact("她的儿子小时候住在这里。").text


@pytest.mark.parametrize("text", ["韩国籍商人崔在民在冠县开店。", "越南籍务工人员阮文雄到案。"])
def test_a_country_is_no_name(text):
    names = {f.original for f in redact(text).findings if f.kind == "name"}
    assert not any(n.startswith(("韩国", "越南")) for n in names)


@pytest.mark.parametrize(
    "text, place",
    [
        ("事发于新华街道长江路与黄河路交叉口。", "长江路与黄河路交叉口"),
        ("车辆停在柳林镇五里铺村北路段。", "五里铺村"),
    ],
)
def test_an_intersection_and_a_village_with_li_are_addresses(text, place):
    assert place not in redact(text).text


def test_an_address_ends_at_the_village_or_the_road():
    # The policy: a direction and a generic site after the address's end may stay.
    assert address_core("柳林镇小王庄村南侧废弃水塘") == "柳林镇小王庄村"
    assert address_core("新华街道花园小区地下车库") == "新华街道花园小区"
    # A tail that is still precise (a street and a number) is part of the address.
    assert address_core("柳林镇小王庄村东街8号") == "柳林镇小王庄村东街8号"
    assert "小王庄村南侧" not in redact("尸体在柳林镇小王庄村南侧废弃水塘内被发现。").text
