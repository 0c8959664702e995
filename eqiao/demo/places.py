"""Invented but plausible details for the demo petitions: townships (from the gazetteer),
village and company names, amounts, where the petitioner writes from.

Every value is drawn from a seeded `random.Random`, so the demo is the same on each load.
Villages and companies are made-up combinations of common local name parts; any match with a
real one is chance.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from eqiao.demo.offices import COUNTIES

# The gazetteer's townships, by county key.
TOWNSHIPS: dict[str, list[str]] = {
    "dongchangfu": [
        "古楼街道",
        "柳园街道",
        "新区街道",
        "湖西街道",
        "道口铺街道",
        "闫寺街道",
        "凤凰街道",
        "北城街道",
        "堂邑镇",
        "梁水镇",
        "斗虎屯镇",
        "郑家镇",
        "张炉集镇",
        "侯营镇",
        "沙镇镇",
        "朱老庄镇",
        "于集镇",
        "许营镇",
    ],
    "chiping": [
        "振兴街道",
        "信发街道",
        "温陈街道",
        "乐平铺镇",
        "冯官屯镇",
        "菜屯镇",
        "博平镇",
        "杜郎口镇",
        "韩屯镇",
        "胡屯镇",
        "肖家庄镇",
        "贾寨镇",
        "洪官屯镇",
        "杨官屯乡",
    ],
    "yanggu": [
        "狮子楼街道",
        "博济桥街道",
        "侨润街道",
        "阎楼镇",
        "阿城镇",
        "七级镇",
        "安乐镇",
        "定水镇",
        "石佛镇",
        "李台镇",
        "寿张镇",
        "十五里园镇",
        "张秋镇",
        "郭屯镇",
        "西湖镇",
        "高庙王镇",
        "金斗营镇",
        "大布乡",
    ],
    "shenxian": [
        "燕塔街道",
        "莘亭街道",
        "东鲁街道",
        "张鲁回族镇",
        "朝城镇",
        "观城镇",
        "古城镇",
        "大张家镇",
        "古云镇",
        "十八里铺镇",
        "燕店镇",
        "董杜庄镇",
        "王奉镇",
        "樱桃园镇",
        "河店镇",
        "妹冢镇",
        "魏庄镇",
        "张寨镇",
        "大王寨镇",
        "徐庄镇",
        "王庄集镇",
        "柿子园镇",
        "俎店镇",
    ],
    "donge": [
        "铜城街道",
        "新城街道",
        "刘集镇",
        "牛角店镇",
        "大桥镇",
        "高集镇",
        "姜楼镇",
        "姚寨镇",
        "鱼山镇",
        "陈集镇",
    ],
    "guanxian": [
        "清泉街道",
        "崇文街道",
        "烟庄街道",
        "贾镇",
        "桑阿镇",
        "柳林镇",
        "清水镇",
        "东古城镇",
        "北馆陶镇",
        "店子镇",
        "定远寨镇",
        "辛集镇",
        "梁堂镇",
        "范寨镇",
        "甘官屯镇",
        "兰沃乡",
        "斜店乡",
        "万善乡",
    ],
    "gaotang": [
        "鱼邱湖街道",
        "汇鑫街道",
        "人和街道",
        "梁村镇",
        "尹集镇",
        "清平镇",
        "固河镇",
        "三十里铺镇",
        "琉璃寺镇",
        "赵寨子镇",
        "姜店镇",
        "杨屯镇",
    ],
    "linqing": [
        "青年路街道",
        "新华路街道",
        "先锋路街道",
        "大辛庄街道",
        "松林镇",
        "老赵庄镇",
        "康庄镇",
        "魏湾镇",
        "刘垓子镇",
        "八岔路镇",
        "潘庄镇",
        "烟店镇",
        "唐园镇",
        "金郝庄镇",
        "戴湾镇",
        "尚店镇",
    ],
}
REGION = {c.key: c.region for c in COUNTIES}

_VILLAGE_SURNAMES = "王李张刘赵孙杨陈周吴郑马高朱胡郭何林徐董许宋韩冯曹袁邓彭崔程魏"
_VILLAGE_PATTERNS = [
    "{s}庄",
    "{s}楼",
    "{s}屯",
    "{s}集",
    "{s}营",
    "{s}官屯",
    "前{s}",
    "后{s}",
    "{s}寨",
    "大{s}",
    "小{s}庄",
    "{s}堤口",
    "{s}家洼",
]
_FIRM_WORDS = [
    "鑫源",
    "宏达",
    "恒泰",
    "瑞丰",
    "金鼎",
    "华宇",
    "永盛",
    "德润",
    "顺发",
    "鲁鑫",
    "隆昌",
    "兴旺",
    "盛通",
    "汇丰源",
    "福瑞",
]
# What each county is known for making, for plausible employers.
INDUSTRIES: dict[str, list[str]] = {
    "dongchangfu": ["钢管有限公司", "铝业有限公司", "建筑劳务有限公司", "物流有限公司"],
    "chiping": ["铝制品有限公司", "纸业有限公司", "建筑劳务有限公司", "食品有限公司"],
    "yanggu": ["电缆有限公司", "养殖专业合作社", "建筑劳务有限公司", "木业有限公司"],
    "shenxian": ["蔬菜专业合作社", "食用菌专业合作社", "建筑劳务有限公司", "面粉厂"],
    "donge": ["食品有限公司", "阿胶制品厂", "建筑劳务有限公司", "纺织有限公司"],
    "guanxian": ["轴承有限公司", "轴承厂", "板材有限公司", "建筑劳务有限公司"],
    "gaotang": ["纺织有限公司", "纸业有限公司", "建筑劳务有限公司", "机械厂"],
    "linqing": ["轴承有限公司", "轴承厂", "机械有限公司", "建筑劳务有限公司"],
}

# Where petitions come from: mostly Shandong, then its neighbours, a few from Beijing and
# abroad (the source document's map reaches 日本 and 韩国).
ORIGINS: list[tuple[str, int]] = [
    ("山东省", 840),
    ("河北省", 35),
    ("河南省", 35),
    ("江苏省", 15),
    ("安徽省", 10),
    ("北京市", 20),
    ("天津市", 10),
    ("山西省", 5),
    ("日本", 14),
    ("韩国", 14),
]
# How someone writing from elsewhere introduces themselves ({county} is their home county).
ORIGIN_INTROS: dict[str, list[str]] = {
    "河北省": ["我是河北邯郸的，在{county}打工，", "我是河北馆陶人，和{county}搭界，"],
    "河南省": ["我是河南林州人，在{county}干活，", "我是河南濮阳人，"],
    "江苏省": ["我老家是{county}的，现在在江苏昆山打工，"],
    "安徽省": ["我是安徽人，前些年在{county}做生意，"],
    "北京市": ["我老家是{county}{town}的，现在在北京打工，"],
    "天津市": ["我在天津上班，老家是{county}{town}的，"],
    "山西省": ["我是山西长治人，在{county}跑运输，"],
    "日本": ["我是{county}人，现在在日本务工，托家里人不如自己在网上反映，"],
    "韩国": ["我在韩国做劳务，老家是{county}{town}的，"],
}
LOCAL_INTROS = [
    "我是{county}{town}{village}村村民，",
    "我是{town}{village}村的，",
    "",
    "我家住{town}{village}村，",
    "",
]
PETITIONER_MOBILE_PREFIXES = ["1380635", "1396350", "1586355", "1356356", "1870635", "1326358"]


@dataclass
class Place:
    county_key: str
    county: str  # 冠县
    town: str  # 清水镇
    village: str  # 王屯 (without 村)


def short_town(town: str) -> str:
    for suffix in ("回族镇", "街道", "镇", "乡"):
        if town.endswith(suffix) and len(town) > len(suffix) + 1:
            return town[: -len(suffix)]
    return town


def village_name(rng: random.Random) -> str:
    return rng.choice(_VILLAGE_PATTERNS).format(s=rng.choice(_VILLAGE_SURNAMES))


def place_pick(rng: random.Random, county_key: str, town: str = "") -> Place:
    return Place(
        county_key=county_key,
        county=REGION[county_key],
        town=town or rng.choice(TOWNSHIPS[county_key]),
        village=village_name(rng),
    )


def company_name(rng: random.Random, place: Place) -> str:
    return f"{short_town(place.town)}{rng.choice(_FIRM_WORDS)}{rng.choice(INDUSTRIES[place.county_key])}"


def origin_pick(rng: random.Random) -> str:
    names, weights = zip(*ORIGINS, strict=True)
    return rng.choices(names, weights=weights)[0]


def intro_for(rng: random.Random, origin: str) -> str:
    return rng.choice(ORIGIN_INTROS.get(origin, LOCAL_INTROS))


def mobile_pick(rng: random.Random) -> str:
    return f"{rng.choice(PETITIONER_MOBILE_PREFIXES)}{rng.randrange(10000):04d}"
