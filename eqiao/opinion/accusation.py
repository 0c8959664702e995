"""The accusation in a post, read as structure rather than as a list of words: WHO is
accused (a target), of WHAT kind of wrong, and in what MODE it is said.

Labelling policy (data/POLICY.md): a relevant negative post is `major` when it accuses a
named person or an office's leadership of wrongful prosecution, corruption, abuse of power
or protecting an offender; when a life is at stake; for a group action; when it calls for
an accusation to be spread. It is `minor` when it complains of service (slow, rude,
unanswered). The same words serve both sides: "他们就这么拖着" is minor, "撞死人的照样开车,
检察院拖着" is major (a death, and an offender left free); "能申诉吗" after a death is a
question, "检察院收了好处在保他" is an accusation even when only "听说".

The reading is built from parts that combine, so that a writer not yet seen, who words the
same accusation otherwise, is still read:
- targets: a watched name (given by the rules), an office's leadership, the one handling
  the case, the office as such, the police or court in the case, someone "behind" it;
- wrongs, each an act joined to what it acts on: corruption (money, gifts, meals taken
  or given), protection (the other side left free, kept out, "someone protecting him",
  kin or classmates on both sides), wrongful prosecution (the victim made the accused, a
  confession tricked or forced, a debt turned into a crime), fabrication (evidence made,
  changed or lost), retaliation (getting back at the complainant, threats, posts deleted),
  abuse of power; harm (a death, a threat to one's life, a lasting injury); a group (a
  count of people or households, a whole village, going together); a call to spread;
- mode: asserted (the default), suspected (heard, "is it not…", "those who know know",
  a demand to investigate), reported (media, numbered grievances), asked (a question about
  procedure), doubted (is it true?), denied (the office's denial), official (the office's
  own voice: a release, a case report).

`read` returns a `Reading`; `Reading.features()` are the severity model's features and
`Reading.decisive()` the rules' major cue. Pure Python, no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass

_C = r"[^,.!?;:。\n]"  # a character within the same clause

# -- targets -------------------------------------------------------------------------
_LEADERSHIP = re.compile(r"检察长|领导|院长|一把手|二把手|班子|当官的|头头|负责人|主任|科长|检长")
_HANDLER = re.compile(r"检察官|承办人|办案人|经办人|公诉人|驻所检察|办案的|管这案|那个检察")
_OFFICE = re.compile(r"检察院|检察室|检察|院里|你们|恁|他们院|某院")
_ORGAN = re.compile(r"公安|派出所|警察|民警|法院|法官|看守所|拘留所")
_BEHIND = re.compile(
    r"(?:市里|县里|上面|上头|家里|里面|里头|院里)(?:有人|有关系)|有人在?(?:保|护|罩|撑)|"
    r"有后台|后台硬|靠山|关系(?:硬|户|网)|有背景|"
    # round 8: the other side's kin holding office ("他爸在县里哪个局上班", "他舅是局长")
    r"(?:爸|爹|妈|舅|叔|伯|姑|姨|亲戚|老丈人|岳父|姐夫|小舅子|家里人)" + _C + r"{0,10}?"
    r"(?:局里|局上班|局长|政府|机关|县委|市委|当官|当领导|体制内|系统里|所长|书记)"
)

# -- wrongs --------------------------------------------------------------------------
_VALUE = r"(?:钱|好处|红包|礼|烟|酒|购物卡|油卡|万|金条|回扣|土特产)"
_CORRUPTION = re.compile(
    r"(?:(?:收|捞|揣|塞)了?|(?:拿|送|吃)了)" + _C + r"{0,8}?" + _VALUE + r"|"
    r"贿|贪|腐败|权钱|利益输送|吃拿卡要|饭局|吃饭喝酒|请客|送礼|收礼|钱[能就]摆平|花钱(?:摆平|买|了事)|"
    r"交了?(?:点|些)?钱就|拿钱(?:买|了事|平事)|多少钱|给了多少|bribe|corrupt|"
    # round 8: a gift carried to someone ("提着两箱酒进…"), wealth no salary explains
    r"(?:提|拎|扛|搬|抱|揣)着?" + _C + r"{0,6}?(?:酒|烟|礼|购物卡|土特产|茶叶|红包|信封)|"
    r"大风刮来|哪来的钱|哪儿来的钱|工资" + _C + r"{0,4}买得起|豪宅|豪车|名表"
)
# the other side left free, kept out of prison, or shielded
_FREE = re.compile(
    r"(?:没进去|没抓|不抓|不起诉|没起诉|不立案|放了|放出来|放人|取保|逍遥|照样|照常|照旧|正常干活|"
    r"还在外|在外头|在外面|跟没事人|没事人|啥事没有|屁事没有|不了了之|就完了|交了?点钱|罚点钱|"
    r"轻判|判得轻|缓刑|撤案|撤诉|压下|压着|捂着|拖着不办)"
)
_SHIELD = re.compile(
    r"包庇|庇护|袒护|护着|保他|保着|保住|罩着|捂盖子|护短|纵容|放纵|偏袒|向着|撑腰|开脱|"
    r"徇私|枉法|保护伞|官官相护|勾结|串通|一伙|一家人|穿一条|打招呼|打了招呼|托关系|找关系|"
    r"不回避|该回避|没回避|回避|自己审自己|自己查自己|同学|战友|亲戚|亲家|连襟|老乡|发小|本家|"
    # round 8: close to the other side in leisure ("和开发商王总在高尔夫球场的合照")
    r"(?:和|跟|与|同)"
    + _C
    + r"{0,4}(?:开发商|老板|老总|[\u4e00-\u9fff]总|对方|被告|嫌疑人|那家)"
    + _C
    + r"{0,12}(?:合照|合影|打球|高尔夫|钓鱼|旅游|称兄道弟|洗脚|唱歌|ktv|KTV|喝酒|吃饭)"
)
_OFFENDER = re.compile(
    r"老板|对方|被告|嫌疑人|凶手|打人的|撞人的|撞死|肇事|司机|开车的|开发商|村主任|村支书|"
    r"书记|村干部|那家|他家|那人|施暴|欺负|加害|"
    r"(?:撞|打|砍|捅|骗|害|伤)了?[你我他她俺人]的"  # "撞你的那个人" (round 8)
)
# the wrong person prosecuted, a confession got by a trick or by force
_WRONGFUL = re.compile(
    r"冤|无辜|(?:反倒|反而|倒|却|明明)" + _C + r"{0,10}(?:被起诉|被抓|被告|被判|进去|坐牢|成了)|"
    r"(?:骗|逼|诱|哄|吓唬|威胁)" + _C + r"{0,6}(?:认罪|认了|签字|签了|承认)|"
    r"(?:变|变成|成了|定成|打成|当成)" + _C + r"{0,3}(?:诈骗|犯罪|罪犯|嫌疑人|黑社会|寻衅)|"
    r"乱(?:抓|判|起诉|定罪)|抓错|判错|错案|屈打|逼供|刑讯|欲加之罪|莫须有|颠倒黑白|"
    r"不该(?:起诉|抓|判)|凭什么(?:起诉|抓|判)"
)
_FABRICATION = re.compile(
    r"伪造|造假|做假|作假|假证|篡改|编造|改了?(?:笔录|证据|口供|鉴定)|"
    r"(?:证据|笔录|监控|录像|材料)"
    + _C
    + r"{0,4}(?:没了|丢了|被换|被改|不见了|删了)|栽赃|陷害|诬陷|做局"
)
_RETALIATION = re.compile(
    r"报复|打压|穿小鞋|(?:威胁|恐吓|警告)(?:我|我们|俺|家属|当事人|举报人)|"
    r"(?:让|逼|叫)(?:我|我们|俺)?删|删帖|找人(?:收拾|打|堵)|举报(?:人|的人)?(?:反倒|反而|被)"
)
_ABUSE = re.compile(
    r"滥用|以权|仗势|abuse|一手遮天|只手遮天|土皇帝|违法办案|知法犯法|执法犯法|选择性|"
    r"非法(?:拘禁|扣押|关押)|乱扣|乱罚|失职|渎职|玩忽职守|不作为"
)

# -- harm, group, spread -------------------------------------------------------------
_KIN = r"(?:人|儿子|闺女|女儿|孩子|娃|老人|父亲|母亲|爹|娘|爸|妈|老伴|丈夫|媳妇|哥|弟|姐|妹|舅|叔|姨|爷|奶)"
_DEATH = re.compile(
    r"[撞打砍捅毒害逼压]死|死了|死人|死亡|身亡|去世|过世|离世|遇难|丧命|人命|遗体|尸体|"
    + _KIN
    + _C
    + r"{0,4}(?:没了|(?<![带拉抓押接叫领])走了(?![\d一二三四五六七八九十几好半]?[趟回次遍步里])|"
    r"不在了)"
)
# "笑死了", "急死了", "一棍子打死": not a death
_NOT_DEATH = re.compile(r"[笑气累烦饿困急吓美帅乐馋冷热忙]死|死了都要|棍子打死|打死[也都]不")
_THREAT = re.compile(
    r"不活了|活不[下成了]|活着没意思|没法活|不想活|死给|一死|寻死|寻短见|想不开|轻生|自杀|跳了?楼|跳了?河|跳下|"
    r"喝了?药|农药|上了?吊|割腕|自焚|绝食|同归于尽|楼顶|天台|顶楼|跟着"
    + _C
    + r"{0,4}去了|拼了这条命|豁出去"
)
_INJURY = re.compile(
    r"重伤|致残|残疾|瘫|植物人|昏迷|抢救|icu|重症|骨折|听不见|听不清|看不见了|失明|流产|住院"
)
_NUMBER = r"(?:\d{2,}|[一二三四五六七八九十几两数]{0,2}[十百千])多?"
_COUNT = re.compile(_NUMBER + r"(?:户|家|个人|号人|口子|人|位)")
# people acting together (a crowd counted is not yet an action: "二十多人排队")
_GROUP = re.compile(
    r"全村|全小区|整个村|全体|集体|联名|横幅|静坐|堵门|围堵|堵路|聚集|请愿|上访团|"
    r"一起(?:去|到|上|找)|一块(?:去|到|上|找)|组团|约好|集合|全村去|"
    # round 8: people called out together ("叫上前屯的", "一个村出一车", "老少爷们")
    r"(?:叫上|喊上|约上|拉上|招呼上?)" + _C + r"{0,6}(?:村|屯|庄|乡亲|大伙|大家|邻居|"
    r"老少爷们|亲戚|家属|业主|家长|工友)|(?:一个村|每个村|每家|每户)(?:出|去)|老少爷们"
)
_SPREAD = re.compile(
    r"扩散|转发|转一下|帮忙转|接着转|都转|大家转|帮转|转起来|转疯|在转|刷屏|传开|传遍|"
    r"让更多人|求曝光|曝光|share|热搜"
)

# -- mode ----------------------------------------------------------------------------
_DENIED = re.compile(
    r"不实|谣言|辟谣|澄清|经查" + _C + r"{0,12}(?:不存在|没有|未发现|并无)|并无|纯属"
)
_DOUBTED = re.compile(r"真的假的|是真的吗|真的吗|不信|别信|先别|等官方|理性|别带节奏|假的吧|存疑")
_TAKEN_BACK = re.compile(
    r"(?:先别|等官方|别急|别带节奏|别被|理性)" + _C + r"{0,12}(?:但|可是|不过)"
)
_ASKED = re.compile(
    r"想问|请问|咨询|求助|能不能|可不可以|可以吗|能.{0,4}吗|怎么办|怎么(?:申请|申诉|处理|写)|"
    r"需要(?:什么|哪些|准备)|期限|流程|材料|多久|有用吗|律师|有人知道|谁知道|后续|进展"
)
_SUSPECTED = re.compile(
    r"听说|据说|传言|怀疑|是不是|会不会|莫非|难道|懂的都懂|你懂的|都知道|不然|否则|"
    r"该查|彻查|查一查|查查|严查|请" + _C + r"{0,8}(?:调查|查|说法|回应|解释|出来)|给个说法|实锤|"
    r"为啥不|为什么不|凭什么|到底"
)
_REPORTED = re.compile(r"据|媒体|记者|报道|曝光|新闻|网传|消息|爆料|诉求|[一二三四五六]、")
_OFFICIAL = re.compile(
    r"依法|提起公诉|支持起诉|公益诉讼|检察建议|开展|举办|召开|近日|日前|该院|我院|"
    r"通报|情况说明|宣判|判决|获评|表彰|普法|以案"
)

WRONGS = (
    "corruption",
    "protection",
    "left_free",
    "wrongful",
    "fabrication",
    "retaliation",
    "abuse",
)
HARMS = ("death", "threat", "injury")
MODES = ("asserted", "suspected", "reported", "asked", "doubted", "denied", "official")


@dataclass(frozen=True)
class Reading:
    """Who is accused of what, and how it is said."""

    targets: frozenset[str]  # named, leadership, handler, office, organ, behind
    wrongs: frozenset[str]  # WRONGS, HARMS, group (acting together), crowd (counted), spread
    mode: str  # one of MODES

    @property
    def accusation(self) -> bool:
        """A wrong of the accusing kind against someone the procuratorate answers for."""
        return bool(self.wrongs & set(WRONGS)) and bool(self.targets)

    @property
    def harm(self) -> bool:
        return bool(self.wrongs & set(HARMS))

    @property
    def claimed(self) -> bool:
        """Said as an accusation (asserted, suspected or reported), not asked, doubted,
        denied or in the office's own voice."""
        return self.mode in ("asserted", "suspected", "reported")

    def decisive(self) -> str | None:
        """The rules' major cue from the reading: an accusation against a person, the
        leadership or someone behind the case, made (not asked, doubted, denied); a death
        or a threat to life told as what happened; a group going together."""
        if not self.claimed:
            return None
        strong = self.targets & {"named", "leadership", "handler", "behind"}
        if strong and self.wrongs & {"corruption", "protection", "wrongful", "fabrication"}:
            return "reading:" + "+".join(sorted(self.wrongs & set(WRONGS)))
        if self.wrongs & {"death", "threat"} and self.targets:
            return "reading:" + "+".join(sorted(self.wrongs & {"death", "threat"}))
        if "group" in self.wrongs and self.targets and self.mode == "asserted":
            return "reading:group"
        return None

    def features(self) -> dict[str, int]:
        """The severity model's features: each target, wrong and the mode, and the
        crossings that carry the policy (a wrong against a target, a wrong in a mode)."""
        out = {f"t_{t}": 1 for t in self.targets}
        out.update({f"w_{w}": 1 for w in self.wrongs})
        out[f"m_{self.mode}"] = 1
        if self.accusation:
            out[f"acc_{self.mode}"] = 1
            if self.targets & {"named", "leadership", "handler", "behind"}:
                out["acc_person"] = 1
        if self.harm:
            out[f"harm_{self.mode}"] = 1
        if "group" in self.wrongs:
            out[f"group_{self.mode}"] = 1
        if "spread" in self.wrongs and (self.accusation or self.harm):
            out["spread_accusation"] = 1
        return out


def read(text: str, named: bool = False) -> Reading:
    """The reading of a normalised text; `named`: the rules found a watched name or a
    surname with a title."""
    targets = set()
    if named:
        targets.add("named")
    for label, pattern in (
        ("leadership", _LEADERSHIP),
        ("handler", _HANDLER),
        ("office", _OFFICE),
        ("organ", _ORGAN),
        ("behind", _BEHIND),
    ):
        if pattern.search(text):
            targets.add(label)
    wrongs = set()
    if _CORRUPTION.search(text):
        wrongs.add("corruption")
    if _SHIELD.search(text) or "behind" in targets:
        wrongs.add("protection")
    if _FREE.search(text) and _OFFENDER.search(text):
        wrongs.add("left_free")
    for label, pattern in (
        ("wrongful", _WRONGFUL),
        ("fabrication", _FABRICATION),
        ("retaliation", _RETALIATION),
        ("abuse", _ABUSE),
        ("threat", _THREAT),
        ("injury", _INJURY),
        ("group", _GROUP),
        ("crowd", _COUNT),
        ("spread", _SPREAD),
    ):
        if pattern.search(text):
            wrongs.add(label)
    if _DEATH.search(_NOT_DEATH.sub("", text) if _NOT_DEATH.search(text) else text):
        wrongs.add("death")
    return Reading(frozenset(targets), frozenset(wrongs), _mode(text))


def _mode(text: str) -> str:
    if _DENIED.search(text):
        return "denied"
    if _DOUBTED.search(text) and not _TAKEN_BACK.search(text):
        return "doubted"
    if _SUSPECTED.search(text):
        return "suspected"
    asking = "?" in text or text.endswith(("吗", "呢", "不", "没"))
    if asking and _ASKED.search(text):
        return "asked"
    if _OFFICIAL.search(text) and not _SPREAD.search(text):
        return "official"
    if _REPORTED.search(text):
        return "reported"
    return "asserted"
