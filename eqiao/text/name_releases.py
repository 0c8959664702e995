"""Training releases for the name recogniser, written for it: names in many sentence frames.

`python -m eqiao.text.name_releases` (re)writes `data/name_releases.jsonl` deterministically
(seeded): releases in the format of `tests/data/redaction_cases.jsonl` (with "plates"),
split "train". Each release tells one case in sentences drawn from `FRAMES`, where {A},
{B}, {C} are parties, {O} an official, {K} a kinship word, {R} a role; the names are drawn
from surnames and given-name characters, so no frame is tied to one name. These are
training data only: the recogniser is measured on releases written by other hands.

The frames describe how names sit in legal prose in general — between a verb and its
object (收受{A}贿赂款), after a kinship word and before a bracket (其母亲{A}（电话…）),
after a preposition (与{A}发生口角), before a possessive (在{A}家中), in lists — not any
sentence of an evaluation set.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "name_releases.jsonl"

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严武戴莫孔向汤常温康施文牛樊葛邢安齐乔庞颜倪庄聂鲁岳翟殷申耿关兰焦俞左柳甘祝包宁"
    "尚舒柯纪梅童凌毕单季裴霍涂成苗谷盛曲冉骆路辛靳管柴鲍华祁房滕屈解牟艾尤时穆司卓古吉车项连"
    "褚娄窦戚景党宫费卜冷晏席卫米杭宗边寇国桂丛蔺计仇栾全佟楚迟商闵隋姬仲伊谈柏揭水亢索荣桑"
    "富铁廉狄巩芮荆池乐甄封宓郗班戎祖束幸薄印宿邰赖屠胥苍闻劳逄扶燕冀浦瞿茹习鱼容慎戈步师晁"
    "阚沙鞠丰巢查权逯盖桓綦仝暴门贝佘花傅萧洪郁臧云奚郎邬皮卞禹伏茅刁虞裘荀惠羿邴慕帅应亓禚展"
    "初衣战矫鹿郇菅"
)
_COMMON = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "令狐", "慕容", "皇甫", "公孙", "司徒")
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲梅海燕鹏飞辉建国志宏斌林琳"
    "波宇浩凯健俊帆帅旭宁雪晶欣颖倩婷慧莉春晓亮成龙新峰宝东晨阳彬琴云丹凤霞翠菊金荣德福"
    "祥瑞庆喜顺利发富贵财永长水山海江河松柏竹兰菊梅荷莲花香月星雨雷电文武忠孝仁义礼智信"
    "厚德贤良广涛泽润清淑贞爱珍珠彩秋冬夏青立振兴昌盛安康乐天佳家鑫淼森磊晶鹤翔鸣凤娇媛"
    "妍婉姗璐瑶琪琦璇茜薇蕾芸莹萌蒙朦胜利保卫先锋向东红旗援朝继承书田来喜根生铁柱狗蛋二妮"
    "大壮小龙小燕金花银花满仓秋生冬梅春雷夏荷丰收树林德胜培元振华和平安成为"
)
_DOTTED = ("买买提·吐尔逊", "阿不都·热合曼", "古丽·艾力", "努尔·买买提", "艾力·阿不拉")
# Names of other nationalities, composed from common syllables (no surname in the Han
# sense, so the recogniser must learn them from where they stand): Uyghur given and
# father's names joined by a middle dot, Tibetan, Mongolian and Yi names written as one
# run, Dai names opening with 岩 (men) or 玉 (women).
_UYGHUR = (
    "阿不都 买买提 艾力 热合曼 古丽 努尔 吐尔逊 阿依 帕提 依明 托合提 亚森 麦麦提 吾斯曼 "
    "阿布力孜 艾合买提 卡地尔 玉素甫 吐逊 阿迪力 米娜 再努尔 阿曼 伊力哈木 热依汗 祖力"
).split()
_TIBETAN = "扎西 次仁 多吉 卓玛 格桑 平措 达瓦 央金 旦增 尼玛 拉姆 索朗 顿珠 德吉 洛桑 白玛".split()
_MONGOLIAN = "巴特尔 其木格 斯琴 高娃 那仁 图雅 宝音 朝鲁 额尔敦 苏和 巴雅尔 萨仁 阿拉坦".split()
_YI = "阿牛 木呷 吉克 阿说 曲比 沙马 阿西 依火 尔古 拉且".split()
_DAI = "温 罕 香 应 叫 坎 光 喃 恩 院 胆 丙".split()
# Given names that are ordinary words with the surname (石磊, 田野, 高峰): only the frame
# tells them from the word.
_WORDS = (
    "石磊 田野 高峰 金鑫 林森 方圆 万里 马力 江山 武林 文明 高明 夏雨 常青 白云 黎明 "
    "程序 安全 路平 凌云 向阳 柏林 洪波 龙飞 雷鸣 海洋 钱财 宁静 严肃"
).split()

# What follows a surname in a nickname (秦三, 刘胖子).
_NICK = "二 三 四 五 老大 老二 胖子 瘸子 麻子 大个".split()


def _han(name: str) -> bool:
    """A surname of the lists and a one- or two-character given name."""
    surname = name[:2] if name[:2] in _COMPOUND else name[:1]
    return surname in _SURNAMES + "".join(_COMPOUND) and 1 <= len(name) - len(surname) <= 2


def _nickname(number: int, name: str) -> str:
    """A nickname from the surname (no draw: the releases of FRAMES stay as they were)."""
    return (name[:2] if name[:2] in _COMPOUND else name[:1]) + _NICK[number % len(_NICK)]


def _given_alone(name: str) -> str:
    """The two-character given name alone, as people call one another; else the name."""
    if _han(name) and not any(name.startswith(c) for c in _COMPOUND) and len(name) == 3:
        return name[1:]
    return name


_KIN = (
    "母亲 父亲 妻子 丈夫 儿子 女儿 哥哥 弟弟 姐姐 妹妹 侄子 外甥 表弟 堂兄 女婿 儿媳 "
    "岳父 岳母 公公 婆婆 姑姑 舅舅 叔叔 孙子 外孙女 前妻 前夫 继母 养子 小舅子 连襟 弟媳"
).split()
_ROLE = (
    "被告人 犯罪嫌疑人 被害人 证人 申诉人 控告人 举报人 被执行人 原告 被告 当事人 上诉人 "
    "申请人 受助人 债权人 债务人"
).split()
_TITLE = (
    "检察官 承办检察官 检察长 副检察长 员额检察官 检察官助理 审判长 法官 书记员 民警 办案民警 "
    "派出所所长 局长 律师 辩护人律师 人民监督员"
).split()
_PLATE_HEAD = "鲁鲁鲁鲁京冀豫苏晋辽浙皖"
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_COUNTIES = "东昌府区 茌平区 临清市 冠县 莘县 阳谷县 东阿县 高唐县".split()
_TOWNS = "古楼街道 博平镇 烟店镇 清水镇 张鲁回族镇 阿城镇 梁村镇 姜店镇 朝城镇 温陈街道".split()

# Sentence frames. {A} {B} {C}: parties; {O}: an official; {K}: a kinship word; {R}: a role;
# {P}: a plate; {T}: a landline or mobile; {M}: an amount; {D}: a date; {Y}: a county;
# {W}: a township. Names stand in every position a name takes in legal prose.
FRAMES = (
    "{D}，{R}{A}利用担任某局科长的职务便利，先后{N}次收受{B}贿赂款共计{M}元。",
    "经查，{A}在担任村委会主任期间，收受{B}好处费{M}元，为其承揽工程提供帮助。",
    "{A}多次收受{B}、{C}给予的财物，为二人谋取利益。",
    "{D}，{A}向{B}索要“辛苦费”{M}元，{B}被迫支付。",
    "{A}以帮忙办理低保为由，骗取{B}现金{M}元。",
    "{A}谎称能为{B}的儿子安排工作，先后骗取{B}钱款{M}元。",
    "其{K}{A}（电话{T}）到庭作证。",
    "{R}{B}的{K}{A}（联系电话{T}）代为领取救助金。",
    "{A}的{K}{B}当即报警。",
    "{A}与其{K}{B}发生争执后，持木棍将{B}打伤。",
    "{D}晚，{A}因琐事与邻居{B}发生口角，继而互相厮打，致{B}轻伤二级。",
    "{A}酒后驾驶车牌号为{P}的小型轿车，将骑电动车的{B}撞伤。",
    "{A}驾驶{P}号重型货车行驶至{Y}{W}路口时，与{B}驾驶的摩托车相撞。",
    "{A}伙同{B}窜至{W}某超市，盗窃香烟若干条。",
    "{A}纠集{B}、{C}等人，持棍棒将{K}打伤。",
    "{A}和{B}共同出资开办养殖场，后因分红问题产生矛盾。",
    "事后，{A}将赃款交给{B}保管。",
    "{A}在{B}家中盗走现金{M}元。",
    "{A}趁{B}不备，抢走其手机一部。",
    "{A}冒用{B}的身份信息办理贷款{M}元。",
    "{A}以{B}的名义向银行贷款{M}元，至今未还。",
    "{A}将{B}骗至宾馆，非法拘禁两日。",
    "经{A}介绍，{B}认识了{C}。",
    "{A}通过{B}结识了时任某局局长的{C}。",
    "{A}雇请{B}、{C}到其工地干活，拖欠三人工资{M}元。",
    "包工头{A}拖欠农民工{B}等十二人工资共计{M}元。",
    "{A}让{B}帮忙取款，后将卡内{M}元据为己有。",
    "{A}替{B}顶罪，谎称自己是驾驶人。",
    "{A}帮{B}隐匿赃物，被依法追究刑事责任。",
    "{A}给{B}打电话，约其到村口见面。",
    "{A}告诉{B}，钱已经转到{C}的账户上。",
    "{B}将{M}元转账给{A}。",
    "{A}欠{B}借款{M}元，经多次催要仍拒不归还。",
    "{A}于{D}向{B}借款{M}元，约定三个月内归还。",
    "证人{A}证实，案发时看到{B}手持菜刀。",
    "{A}、{B}夫妇二人均表示认罪认罚。",
    "{A}与{B}系夫妻关系，{C}系二人之子。",
    "{A}（另案处理）负责联系买家。",
    "同案人{A}（已判刑）供述，赃物由{B}销售。",
    "{A}，男，{N}岁，{Y}人，农民。",
    "{A}，女，汉族，初中文化，住{Y}{W}。",
    "{R}{A}，男，{D}出生，个体经营户。",
    "{A}的{K}称，{A}案发前精神状况正常。",
    "承办检察官{O}多次与{R}{A}沟通，释法说理。",
    "{Y}人民检察院检察官{O}对该案提起公诉。",
    "检察官{O}、{O2}主持召开公开听证会，{R}{A}及其{K}{B}参加。",
    "审判长{O}宣读了判决书。",
    "民警{O}接警后赶到现场，将{A}抓获。",
    "{A}的辩护律师{O}提出，{A}系初犯。",
    "在检察官{O}的主持下，{A}与{B}达成和解协议。",
    "{A}对{B}实施殴打，致其左臂骨折。",
    "{A}辱骂{B}后扬长而去。",
    "{A}把{B}推倒在地，又踢了数脚。",
    "{A}拿走了{B}放在桌上的手机。",
    "{A}趁夜将{B}家的羊牵走。",
    "{A}找到{B}，要求其归还欠款。",
    "{A}联系{B}，商定以每吨{M}元的价格收购废铁。",
    "{A}委托{B}代为出售房屋，{B}收款后拒不交付。",
    "{A}称，{B}曾答应还钱。",
    "{A}在微信上向{B}转账{M}元。",
    "{B}经{A}之手办理了营业执照。",
    "老人{A}独自生活，其子{B}常年在外务工。",
    "{A}之女{B}年仅九岁，因车祸致残。",
    "{A}家中还有年迈的{K}需要照顾。",
    "{A}夫妻二人靠打零工维持生活。",
    "检察机关为{R}{A}发放司法救助金{M}元。",
    "检察院支持{A}等二十名农民工起诉，帮助其追回欠薪{M}元。",
    "{A}不服{Y}人民法院的判决，向检察院申诉。",
    "{A}向检察院控告{B}非法占用其承包地。",
    "{A}举报{B}虚报冒领补贴{M}元。",
    "{B}向{A}支付了{M}元押金。",
    "{A}开着{P}号车将货物运至{B}的仓库。",
    "车牌号为{P}的货车登记在{A}名下。",
    "{A}名下的{P}号轿车已被依法扣押。",
    "{A}所有的房屋被{B}强行占用。",
    "{A}随即将{B}送往医院救治。",
    "{A}与{B}、{C}三人一同前往{W}。",
    "{A}和{B}是同乡，平时关系不错。",
    "{A}还是{B}的远房{K}。",
    "村民{A}、{B}反映，{C}长期霸占集体土地。",
    "{A}以每月{M}元的价格将门面房租给{B}。",
    "{A}将价值{M}元的手机卖给{B}。",
    "{A}让其{K}{B}出面作证。",
    "{R}{A}的联系电话为{T}。",
    "如有线索，可联系{A}，电话{T}。",
    "{A}供述，{B}、{C}均参与了分赃。",
    "{A}在{B}开办的饭店内吃饭时与人发生冲突。",
    "{A}先后三次到{B}处购买毒品。",
    "{A}收到{B}转来的{M}元后，未按约定供货。",
    "{A}帮助{B}非法获取公民个人信息一千余条。",
    "{A}为{B}提供银行卡用于收取诈骗款。",
    "法院判处{A}有期徒刑三年，缓刑四年。",
    "{A}当庭表示认罪认罚，并向{B}赔礼道歉。",
    "{A}主动赔偿{B}各项损失{M}元，取得谅解。",
    "{A}的行为已涉嫌故意伤害罪。",
    "{O}检察官表示，将持续跟进该案。",
    "{A}、{B}和{C}均已到案。",
    "{A}及其{K}{B}共同经营一家五金店。",
    "因{A}未按期还款，{B}诉至法院。",
    "{A}在{Y}{W}经营一家加油站，雇用{B}为收银员。",
    "{A}出于报复心理，将{B}的车辆划伤。",
    "据{A}交代，作案工具已丢弃。",
    "{A}对检察机关的处理决定表示满意。",
)

# Round 5's frames, drawn with the others in releases of their own (appended after the 700
# drawn from FRAMES alone, which stay as they were): names after an occupation or a
# relation the lexicon may not list, after 为 at the end of a sentence, before 犯…罪 and
# 代为, beside 时 closing a clause of time, in a list closed by 等N人, given again as the
# given name alone or with a nickname.
MORE_FRAMES = (
    "{A}在饭店内无故殴打服务员{B}，并砸毁桌椅。",
    "{A}被工地保安{B}当场发现。",
    "经查，冒用者为其原雇员{A}。",
    "真正的作案人为{A}。",
    "{A}向对方{B}发送威胁短信。",
    "{R}{A}犯盗窃罪，被判处有期徒刑一年。",
    "{A}的{K}{B}代为退赔全部赃款。",
    "{A}在工地务工时发现{B}偷拿钢材。",
    "{A}下班时遇到{B}，二人发生争吵。",
    "参保人员包括{A}、{B}、{C}等{N}人。",
    "{A}的同车人{B}证实曾劝阻其驾车。",
    "{A}从{B}手中以低价购得手机一部。",
    "{R}{A}（绰号“{G}”）纠集多人寻衅滋事。",
    "{A}（曾用名{B}），男，汉族。",
    "证人听到有人喊“{GA}，快走”。",
)

_FILLER = (
    "案件办理过程中，检察机关依法保障了当事人的诉讼权利。",
    "经审查，该案事实清楚，证据确实、充分。",
    "检察机关认为，应当以盗窃罪追究其刑事责任。",
    "目前，该案已移送审查起诉。",
    "办案检察官结合案情开展了释法说理工作。",
    "检察机关依法对其作出不起诉决定。",
    "公安机关依法立案侦查。",
    "案发后，涉案款项已全部追回。",
    "法院采纳了检察机关的量刑建议。",
    "该案的办理取得了良好的社会效果。",
)


def _other_nationality(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(_UYGHUR) + "·" + rng.choice(_UYGHUR)
    if kind == 1:
        return rng.choice(_TIBETAN) + (rng.choice(_TIBETAN) if rng.random() < 0.6 else "")
    if kind == 2:
        return rng.choice(_MONGOLIAN) + (rng.choice(_MONGOLIAN) if rng.random() < 0.4 else "")
    if kind == 3:
        return rng.choice(_YI) + rng.choice(_YI)
    return rng.choice("岩玉") + rng.choice(_DAI)


def _name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.02:
        return rng.choice(_DOTTED)
    if roll < 0.08:
        return _other_nationality(rng)
    if roll < 0.12:
        return rng.choice(_WORDS)
    if roll < 0.15:
        surname = rng.choice(_COMPOUND)
    elif roll < 0.55:
        surname = rng.choice(_COMMON)
    else:
        surname = rng.choice(_SURNAMES)
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return surname + given


def _plate(rng: random.Random) -> str:
    head = rng.choice(_PLATE_HEAD) + rng.choice("PPPPA" + _LETTERS)
    sep = rng.choice(("", "", "·", " "))
    if rng.random() < 0.2:
        tail = (
            rng.choice("DF") + rng.choice(_LETTERS + "0123456789") + f"{rng.randrange(10000):04d}"
        )
    else:
        chars = [rng.choice("0123456789") for _ in range(5)]
        chars[rng.randrange(5)] = rng.choice(_LETTERS)
        tail = "".join(chars)
    return head + sep + tail


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    local = f"{rng.choice('2345678')}{rng.randrange(10**6):06d}"
    return rng.choice((f"0635-{local}", f"（0635）{local}", f"0635{local}"))


def release(
    rng: random.Random, number: int, frames: tuple[str, ...] = FRAMES, extra: tuple[str, ...] = ()
) -> dict:
    cast: list[str] = []
    while len(cast) < 3:
        name = _name(rng)
        if name not in cast and all(name not in c and c not in name for c in cast):
            cast.append(name)
    officials = [_name(rng), _name(rng)]
    while officials[1] == officials[0] or officials[1] in cast or officials[0] in cast:
        officials = [_name(rng), _name(rng)]
    plates: list[str] = []
    phones: list[str] = []
    used_officials: set[str] = set()
    used_names: set[str] = set()
    sentences = []
    drawn = rng.sample(frames, rng.randint(3, 6)) + [rng.choice(_FILLER)]
    if extra:
        drawn[rng.randrange(len(drawn))] = rng.choice(extra)
    for frame in drawn:
        values = {
            "A": cast[0],
            "B": cast[1],
            "C": cast[2],
            "O": officials[0],
            "O2": officials[1],
            "K": rng.choice(_KIN),
            "R": rng.choice(_ROLE),
            "M": str(rng.choice((2000, 5600, 13000, 28000, 150000, 3.6))) + rng.choice(("", "万")),
            "N": str(rng.randint(2, 60)),
            "D": f"20{rng.randint(15, 25)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            "Y": rng.choice(_COUNTIES),
            "W": rng.choice(_TOWNS),
            "P": _plate(rng),
            "T": _phone(rng),
            "G": _nickname(number, cast[0]),
            "GA": _given_alone(cast[0]),
        }
        if rng.random() < 0.5:  # parties change places between sentences
            values["A"], values["B"] = values["B"], values["A"]
        for key in ("A", "B", "C", "G", "GA"):
            if "{" + key + "}" in frame and len(values[key]) >= 2:
                used_names.add(values[key])
        for key in ("O", "O2"):
            if "{" + key + "}" in frame:
                used_officials.add(values[key])
        if "{P}" in frame:
            plates.append(values["P"])
        if "{T}" in frame:
            phones.append(values["T"])
        sentences.append(frame.format(**values))
    text = "".join(sentences)
    return {
        "id": f"nr-{number:04d}",
        "split": "train",
        "text": text,
        "names": sorted(used_names),
        "officials": sorted(used_officials),
        "id_numbers": [],
        "phones": phones,
        "bank_cards": [],
        "plates": plates,
        "addresses": [],
    }


def releases(count: int = 700, seed: int = 20261207, more: int = 300) -> list[dict]:
    """`count` releases drawn from FRAMES, then `more` that each hold one of MORE_FRAMES."""
    rng = random.Random(seed)
    out = [release(rng, i + 1) for i in range(count)]
    rng = random.Random(seed + 5)
    return out + [release(rng, count + i + 1, FRAMES, MORE_FRAMES) for i in range(more)]


def main() -> None:
    with PATH.open("w", encoding="utf-8") as f:
        for row in releases():
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {PATH}")


if __name__ == "__main__":
    main()
