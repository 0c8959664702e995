"""The Liaocheng office tree of the demo: 聊城市人民检察院, its 8 grassroots procuratorates and
33 dispatched township offices (派驻检察室).

County names and division codes come from `shared/reference/liaocheng-gazetteer.md`. Which
townships have an outpost is invented but plausible; the source document's 城北, 新区, 市南
(东昌府区), 临东 (临清市) and 清水 (冠县) are among them, and 甘官屯 (冠县) is where its
庆海轴承 story happens. Phone numbers and street numbers are made up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eqiao.offices.models import Level, Procuratorate
from eqiao.offices.services import procuratorate_create, procuratorate_locate

CITY_NAME = "聊城市人民检察院"
AREA_CODE = "0635"


@dataclass(frozen=True)
class OutpostSpec:
    key: str  # the username prefix of its staff, e.g. "qingshui"
    short: str  # "清水" → 清水检察室
    township: str  # the 乡镇/街道 it sits in


@dataclass(frozen=True)
class CountySpec:
    key: str  # username prefix, e.g. "guanxian"
    region: str  # 冠县
    code: str  # division code
    address: str
    outposts: list[OutpostSpec] = field(default_factory=list)


COUNTIES: list[CountySpec] = [
    CountySpec(
        "dongchangfu",
        "东昌府区",
        "371502",
        "聊城市东昌府区柳园南路118号",
        [
            OutpostSpec("chengbei", "城北", "北城街道"),
            OutpostSpec("xinqu", "新区", "新区街道"),
            OutpostSpec("shinan", "市南", "道口铺街道"),
            OutpostSpec("tangyi", "堂邑", "堂邑镇"),
            OutpostSpec("shazhen", "沙镇", "沙镇镇"),
        ],
    ),
    CountySpec(
        "linqing",
        "临清市",
        "371581",
        "临清市青年路街道新华路86号",
        [
            OutpostSpec("lindong", "临东", "先锋路街道"),
            OutpostSpec("songlin", "松林", "松林镇"),
            OutpostSpec("yandian", "烟店", "烟店镇"),
            OutpostSpec("kangzhuang", "康庄", "康庄镇"),
        ],
    ),
    CountySpec(
        "yanggu",
        "阳谷县",
        "371521",
        "阳谷县狮子楼街道谷山路52号",
        [
            OutpostSpec("echeng", "阿城", "阿城镇"),
            OutpostSpec("qiji", "七级", "七级镇"),
            OutpostSpec("zhangqiu", "张秋", "张秋镇"),
            OutpostSpec("shouzhang", "寿张", "寿张镇"),
        ],
    ),
    CountySpec(
        "shenxian",
        "莘县",
        "371522",
        "莘县燕塔街道莘亭路39号",
        [
            OutpostSpec("chaocheng", "朝城", "朝城镇"),
            OutpostSpec("guancheng", "观城", "观城镇"),
            OutpostSpec("zhanglu", "张鲁", "张鲁回族镇"),
            OutpostSpec("guyun", "古云", "古云镇"),
        ],
    ),
    CountySpec(
        "chiping",
        "茌平区",
        "371503",
        "聊城市茌平区振兴街道新政路27号",
        [
            OutpostSpec("boping", "博平", "博平镇"),
            OutpostSpec("lepingpu", "乐平铺", "乐平铺镇"),
            OutpostSpec("dulangkou", "杜郎口", "杜郎口镇"),
            OutpostSpec("fengguantun", "冯官屯", "冯官屯镇"),
        ],
    ),
    CountySpec(
        "donge",
        "东阿县",
        "371524",
        "东阿县铜城街道曙光街61号",
        [
            OutpostSpec("liuji", "刘集", "刘集镇"),
            OutpostSpec("niujiaodian", "牛角店", "牛角店镇"),
            OutpostSpec("yaozhai", "姚寨", "姚寨镇"),
            OutpostSpec("yushan", "鱼山", "鱼山镇"),
        ],
    ),
    CountySpec(
        "guanxian",
        "冠县",
        "371525",
        "冠县清泉街道冠宇路108号",
        [
            OutpostSpec("qingshui", "清水", "清水镇"),
            OutpostSpec("ganguantun", "甘官屯", "甘官屯镇"),
            OutpostSpec("liulin", "柳林", "柳林镇"),
            OutpostSpec("beiguantao", "北馆陶", "北馆陶镇"),
        ],
    ),
    CountySpec(
        "gaotang",
        "高唐县",
        "371526",
        "高唐县鱼邱湖街道金城路73号",
        [
            OutpostSpec("liangcun", "梁村", "梁村镇"),
            OutpostSpec("qingping", "清平", "清平镇"),
            OutpostSpec("liulisi", "琉璃寺", "琉璃寺镇"),
            OutpostSpec("guhe", "固河", "固河镇"),
        ],
    ),
]


# Approximate positions (latitude, longitude; WGS 84) of the city, the county seats and the
# townships of the demo outposts, for the citizens' map of offices: well-known county-seat
# coordinates, township centres to about a kilometre. Keys as above ("city" for the city).
COORDINATES: dict[str, tuple[float, float]] = {
    "city": (36.45702, 115.98546),
    "dongchangfu": (36.43418, 115.98818),
    "chengbei": (36.50210, 115.97950),
    "xinqu": (36.46300, 116.02400),
    "shinan": (36.38600, 115.99300),
    "tangyi": (36.49400, 115.83200),
    "shazhen": (36.32900, 115.90500),
    "linqing": (36.83848, 115.70484),
    "lindong": (36.84400, 115.73600),
    "songlin": (36.76300, 115.75400),
    "yandian": (36.72900, 115.62200),
    "kangzhuang": (36.92700, 115.79200),
    "yanggu": (36.11444, 115.79131),
    "echeng": (36.17600, 115.98500),
    "qiji": (36.21300, 115.93700),
    "zhangqiu": (36.04900, 116.02800),
    "shouzhang": (35.98300, 115.93200),
    "shenxian": (36.23403, 115.67127),
    "chaocheng": (36.06200, 115.58300),
    "guancheng": (35.97500, 115.49200),
    "zhanglu": (36.30000, 115.54000),
    "guyun": (36.18300, 115.76100),
    "chiping": (36.58020, 116.25520),
    "boping": (36.59300, 116.12300),
    "lepingpu": (36.49300, 116.30400),
    "dulangkou": (36.68200, 116.16300),
    "fengguantun": (36.55400, 116.38200),
    "donge": (36.33500, 116.24710),
    "liuji": (36.23200, 116.27100),
    "niujiaodian": (36.27400, 116.13200),
    "yaozhai": (36.40300, 116.27400),
    "yushan": (36.18200, 116.33100),
    "guanxian": (36.48404, 115.44220),
    "qingshui": (36.55100, 115.53400),
    "ganguantun": (36.43200, 115.57300),
    "liulin": (36.61200, 115.39300),
    "beiguantao": (36.65300, 115.50200),
    "gaotang": (36.84640, 116.23030),
    "liangcun": (36.91100, 116.30100),
    "qingping": (36.77300, 116.06200),
    "liulisi": (36.78300, 116.33100),
    "guhe": (36.85200, 116.12300),
}


def offices_locate(tree: Tree) -> None:
    """Put every demo office on the map."""
    offices = {"city": tree.city, **tree.counties, **tree.outposts}
    for key, (latitude, longitude) in COORDINATES.items():
        procuratorate_locate(office=offices[key], latitude=latitude, longitude=longitude)


@dataclass
class Tree:
    """The created offices, by the keys used for usernames."""

    city: Procuratorate
    counties: dict[str, Procuratorate]  # key → county office
    outposts: dict[str, Procuratorate]  # key → outpost office
    county_of: dict[str, str]  # outpost key → county key

    def outposts_of(self, county_key: str) -> list[str]:
        return [k for k, c in self.county_of.items() if c == county_key]


def _phone(number: int) -> str:
    return f"{AREA_CODE}-{number}"


def offices_create() -> Tree:
    """Create the whole tree through `procuratorate_create` (which maintains the paths)."""
    city = procuratorate_create(
        name=CITY_NAME,
        short_name="聊城市院",
        level=Level.CITY,
        code="371500",
        region="聊城市",
        phone=_phone(8276100),
        address="聊城市东昌府区东昌东路156号",
    )
    tree = Tree(city=city, counties={}, outposts={}, county_of={})
    for c_index, spec in enumerate(COUNTIES, start=1):
        county = procuratorate_create(
            name=f"{spec.region}人民检察院",
            short_name=f"{spec.region}院",
            level=Level.COUNTY,
            parent=city,
            code=spec.code,
            region=spec.region,
            phone=_phone(8300000 + c_index * 11111),
            address=spec.address,
            sort=c_index,
        )
        tree.counties[spec.key] = county
        for o_index, outpost in enumerate(spec.outposts, start=1):
            tree.outposts[outpost.key] = procuratorate_create(
                name=f"{spec.region}人民检察院派驻{outpost.short}检察室",
                short_name=f"{outpost.short}检察室",
                level=Level.TOWNSHIP,
                parent=county,
                region=spec.region,
                township=outpost.township,
                phone=_phone(8400000 + c_index * 1000 + o_index * 37),
                address=f"{spec.region}{outpost.township}人民政府东侧",
                sort=o_index,
            )
            tree.county_of[outpost.key] = spec.key
    offices_locate(tree)
    return tree


def county_spec(key: str) -> CountySpec:
    return next(c for c in COUNTIES if c.key == key)


def outpost_spec(key: str) -> OutpostSpec:
    return next(o for c in COUNTIES for o in c.outposts if o.key == key)
