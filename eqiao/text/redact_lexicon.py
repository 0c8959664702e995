"""Words and characters `eqiao.text.redact_names` weighs: surnames, cues, titles, frames.

Lists, not rules: to teach the redactor a new role, kinship term or surname, add it here.
Every addition is checked against the case set (tests/data/redaction_cases.jsonl): a new
surname or cue must not raise the count of findings that are no listed name.
"""

from __future__ import annotations

import re

COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 "
    "闻人 万俟 端木 南宫 西门 百里 呼延 独孤 澹台 公冶 宗政 濮阳 太史 申屠 东郭 拓跋 "
    "赫连 左丘 梁丘 第五 司空 公羊 仲孙 亓官 闾丘 漆雕 段干 巫马 夹谷 淳于 单于 太叔 乐正 "
    "谷梁 公良 微生 羊舌"
).split()
# The 百家姓 surnames and the rarer ones of Shandong (亓, 禚, 邴, 逄, 綦, 仉, 展, 初, 衣,
# 战, 矫, 鹿, 郇, 菅), less those that are mostly function words or everyday words
# (平, 明, 强, 家, 能, 双, 通, 都, 满, 后, 公, 年, 由, 位, 元…): a name with one of those
# is missed unless a cue insists on a surname the lexicon knows.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁"
    "岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆"
    "蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚"
    "岑景党宫费卜冷晏席卫米杭宗边巫苟鄢阎寇国桂丛蔺计仇麻栾全佟和楚迟商闵寿郜隋姬菊"
    "东仲伊谈柏庹揭嵇水续亢索相过敖储宣钮厉晋荣桑富铁羊廉狄巩芮荆池乐甄封弓牧宓郗班仰秋戎"
    "祖束幸韶蓟薄印宿怀邰鄂咸籍赖屠阴胥苍闻贡劳逄扶堵宰郦雍璩濮扈燕冀郏浦瞿茹习宦鱼容慎戈"
    "庾暨衡步弘匡禄阙殳沃蔚越夔隆师厍晁勾融訾阚沙乜鞠丰巢蒯查竺权逯盖桓綦仝暴门贝佘凤花冼"
    "傅萧洪郁臧云奚郎昌酆邬皮卞湛禹伏茅刁虞昝裘贲滑荀於惠羿汲邴糜隗蓬钭郤慕仉督帅缑况"
    "佴赏墨谯笪应亓禚展初衣战矫鹿郇菅谌粟邸郄卿辜檀邝茆甯禤"
)

# Roles in a case: they introduce a name even when it is an ordinary word (被告人万里).
ROLE_CUES = (
    "被告人 被告 原告人 原告 犯罪嫌疑人 嫌疑人 被害人 受害人 证人 当事人 申诉人 被申诉人 控告人 "
    "被控告人 举报人 被举报人 申请人 被申请人 上诉人 被上诉人 被不起诉人 被执行人 罪犯 服刑人员 "
    "委托代理人 法定代理人 代理人 辩护人 保证人 监护人 行贿人 受贿人 同案犯 从犯 主犯 死者 伤者 "
    "肇事者 名叫 叫做 姓名 联系人 收款人 户主 负责人 法定代表人 实际控制人 实际经营人 乘车人 "
    "债务人 债权人 担保人 受助人 求助人 来访人 信访人 报案人 救助对象"
).split()
# Descriptions of people: they introduce a name that is no ordinary word (村民夏天明, but
# not 丈夫车祸, 人员房间). Kinship terms, occupations and trades.
DESCRIPTOR_CUES = (
    "投资人 借款人 出借人 肇事司机 驾驶员 司机 乘客 行人 路人 业主 店主 老板 包工头 开发商 "
    "农民工 工人 村民 居民 市民 群众 网民 学员 学生 初中生 高中生 小学生 大学生 老人 女童 男童 "
    "男子 女子 妇女 少年 青年 邻居 同事 朋友 同学 亲属 家属 家长 伙同 代表 会计 出纳 教练 教师 "
    "职工 员工 人员 退休教师 同村 邻座 邻桌 同乡 老乡 亲戚 党员 老党员 村支书 支书 董事长 "
    "总经理 经理 厂长 股东 承包人 房东 租户 网友 工友 务工 骑车人 驾车人 开车人 "
    # kinship
    "妻子 丈夫 儿子 女儿 父亲 母亲 哥哥 弟弟 姐姐 妹妹 侄子 侄女 外甥 外甥女 表弟 表哥 表姐 "
    "表妹 堂弟 堂哥 堂兄 堂姐 堂妹 其父 其母 其子 其女 其妻 其夫 之子 之女 之妻 之夫 祖母 祖父 "
    "外祖母 外祖父 奶奶 爷爷 外婆 外公 姥姥 姥爷 孙子 孙女 外孙 外孙女 妹夫 姐夫 女婿 儿媳 "
    "儿媳妇 嫂子 弟媳 长子 次子 三子 四子 幼子 长女 次女 三女 小女儿 小儿子 养子 养女 继父 "
    "继母 前夫 前妻 公公 婆婆 岳父 岳母 叔叔 伯伯 舅舅 姑姑 姨妈 兄长 未婚妻 未婚夫 男友 女友 "
    "男朋友 女朋友 "
    # trades
    "商人 摊贩 商贩 小贩 个体户 种植户 养殖户 承包户 商户 农户 菜农 果农 渔民 牧民 店员 营业员 "
    "售货员 收银员 推销员 销售员 业务员 快递员 外卖员 保洁员 保安 保姆 护工 厨师 电工 木工 "
    "瓦工 焊工 医生 护士 村医 车主 船主 矿主 雇主 工头 债主 买家 卖家 客户 顾客 储户 患者 "
    "病人 孕妇 孤儿 残疾人 学徒 徒弟 师傅 儿童 幼童 门卫 雇员 服务员 同车人 同行人 看护人 "
    "作案人 收购商 供应商 经销商 租客 中间人 介绍人"
).split()
PARTY_CUES = ROLE_CUES + DESCRIPTOR_CUES
OFFICIAL_TITLES = (
    "检察长 副检察长 检察官 主任检察官 检察员 助理检察员 书记员 法官 审判长 审判员 人民陪审员 "
    "陪审员 人民监督员 监督员 院长 副院长 庭长 副庭长 局长 副局长 所长 副所长 科长 副科长 主任 "
    "副主任 书记 副书记 处长 副处长 厅长 部长 县长 副县长 市长 副市长 镇长 乡长 民警 警官 干警 "
    "交警 辅警 法警 律师 辩护律师 代理律师 人大代表 政协委员 检察官助理 法官助理 听证员 执法人员 "
    "承办人 承办检察官 公诉人 出庭检察员 检察长助理 律师代表"
).split()

CUE_WORDS = frozenset(PARTY_CUES + OFFICIAL_TITLES)


# Countries whose name opens with a surname's character (韩国, 越南, 印度): 韩国籍商人 holds no
# 韩某某. Names of states, not of people.
COUNTRIES = frozenset(
    "韩国 朝鲜 越南 印度 印度尼西亚 马来西亚 蒙古 老挝 泰国 缅甸 柬埔寨 菲律宾 新加坡 巴基斯坦 "
    "孟加拉国 尼泊尔 伊朗 伊拉克 叙利亚 土耳其 乌克兰 俄罗斯 白俄罗斯 哈萨克斯坦 英国 法国 德国 "
    "美国 加拿大 墨西哥 巴西 古巴 秘鲁 智利 阿根廷 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 "
    "挪威 丹麦 芬兰 波兰 希腊 匈牙利 埃及 南非 澳大利亚 新西兰 日本 沙特 卡塔尔 以色列 约旦 也门 "
    "阿富汗 斯里兰卡 文莱 东帝汶".split()
)


def alternation(words: list[str]) -> str:
    """A regex alternation of `words`, longest first (so 副检察长 wins over 检察长)."""
    return "|".join(sorted(set(words), key=len, reverse=True))


# First given-name characters that are really function words (向其, 于是, 张某).
NOT_GIVEN = frozenset("某的了和与及或在是也都就又等说称被将把对从于因系所并不没无还会要着过")
# Characters that end a name when they follow a one-character given name.
ENDS_NAME = frozenset(
    "因于在将把被等与和及系是的对从到为以经曾已便就又也都遂即趁伙携称说涉之其驾持窜私竟却并所"
    "诉不无没还会要让给请向用自了着过犯代仅受陪"
)
# A given name does not hold these, and a name is not followed by them (王庄村, 高唐县).
PLACE_CHARS = frozenset("村镇乡县市区省屯寨")
PLACE_AFTER = frozenset("村庄镇乡县市区省屯集营寨路街桥河湖湾铺")
# A "name" ending in one of these is an institution or a shop (鲍翅馆, 金苑酒店 aside).
INSTITUTION_END = frozenset("馆店厅院局厂场站社部处科队校园")

# Verbs that usually follow a name (韩春雷在…, 高明利用…).
NAME_VERBS = (
    "因 于 在 驾驶 驾车 持刀 持 将 把 伙同 趁 窜至 系 等 多次 先后 利用 担任 发现 表示 介绍 称 "
    "说 反映 报案 报警 向 到 来到 不服 诉称 供述 认为 主持 接到 收到 通过 带领 走进 一同 家中 "
    "涉嫌 作出 指出 强调 签订 交代 承认 辩称 声称 自称 谎称 冒充 酒后 作为 提出 负责 实施 参与 "
    "到案 拒不 拒绝 明知 当场 随即"
).split()

# Frames: words around a span that make it a name when it is no ordinary word and starts
# with a surname (被罗长顺打成重伤, 由白天明驾驶, 从苏海涛处收购). Each pairs what ends
# right before the span with what starts right after it.
FRAMES = tuple(
    (re.compile(f"(?:{before})$"), re.compile(after))
    for before, after in (
        (
            "被|遭",
            "打|殴打|砍|刺|捅|撞|推|踢|咬|骗|诈骗|拖欠|强奸|猥亵|侵害|伤害|杀害|抢|盗|"
            "威胁|恐吓|胁迫|拘禁|非法|控制|辱骂|诽谤|举报|起诉|控告|雇佣|拉|带|逼|持|用|以",
        ),
        ("由", "驾驶|驾车|负责|实施|出资|提供|带领|主持|担任|陪同|经营|承包|保管|代为|签字"),
        ("造成|致使|致", "受伤|死亡|重伤|轻伤|伤残|当场|经抢救|及|、|和|等"),
        (
            "组织|纠集|召集|雇佣|雇用|指使|教唆|唆使|安排|伙同|邀约|叫上|带领",
            "[、和及]|等|到|至|在|前往|实施|参与|为",
        ),
        ("从|在|到|至|向|去|往|来到|赶到", "处(?![理罚分置])|手中|手里|那里|那儿"),
        (
            "卖给|借给|交给|转给|送给|售给|出售给|转卖给|租给|出租给|转交给|汇给|转账给|支付给|"
            "介绍给|嫁给|寄给|发给|赔偿给|出借给",
            "[，。；、和及]|的|$|用于|使用|手中|名下|等",
        ),
        (
            "向",
            "[、和]|借款|借钱|借|索要|讨要|催要|行贿|支付|转账|购买|出售|推销|诈骗|骗取|谎称|承诺|"
            "求助|道歉|赔偿|赔礼",
        ),
        # Who someone claims to be, then the name (一名自称是快递员的X打来电话).
        (
            "自称[^，。；！？]{1,12}的",
            "[，。；、（(]|打|来|到|在|向|与|以|将|把|称|说|表示|联系|要求|主动|多次|先后",
        ),
    )
)
# After a span: it is one of a number of people (杨树林等人, 常青等多人, 翟明亮等426人).
PEOPLE_AFTER = re.compile(r"等(?:\d+|[一二三四五六七八九十百千两多数余]+)?[名位个]?人(?!员)")
# Parts of the names of other nationalities as Chinese writes them without a middle dot
# (Tibetan 次仁, 卓玛; Mongolian 巴图, 图雅; Uyghur 买买提, 古丽; Japanese family and given
# names 山本, 太郎), written from common usage of those names, not from any set: a name made of two or more of them is read as one unit, and one
# alone after a role or a description is a name (`redact_names._other_nationality`).
OTHER_NATIONALITY_PARTS = frozenset(
    (
        # Tibetan
        "次仁 扎西 顿珠 卓玛 格桑 多吉 尼玛 达瓦 平措 央金 拉姆 德吉 索朗 旺堆 洛桑 丹增 强巴 "
        "白玛 边巴 普布 巴桑 次旦 曲珍 央宗 益西 贡布 措姆 旺姆 群培 罗布 加措 嘉措 仁增 顿多 "
        "拉巴 米玛 次珠 旦增 德庆 阿旺 桑珠 巴珠 曲吉 卓嘎 玉珍 "
        # Mongolian
        "巴特尔 乌兰 其其格 图雅 苏和 巴雅尔 额尔敦 斯琴 宝音 那仁 敖登 孟和 满都拉 阿拉坦 萨仁 "
        "格日勒 乌力吉 吉日嘎拉 哈斯 巴图 布和 呼和 朝格图 特木尔 阿古拉 通拉嘎 乌日娜 娜仁 "
        "高娃 图门 达来 额尔德尼 "
        # Uyghur, Kazakh
        "买买提 艾力 阿不都 吐尔逊 古丽 热依拉 阿依 努尔 艾山 伊力 玉素甫 热合曼 帕提曼 依明 "
        "肉孜 库尔班 阿迪力 艾买提 吐尔洪 阿卜杜 热西提 克里木 加依 别克 巴合提 叶尔兰 "
        # Japanese
        "宫本 山本 佐藤 铃木 渡边 高桥 山田 吉田 井上 木村 松本 中岛 "
        "一郎 二郎 三郎 太郎 次郎 健一 浩二 美子 惠子 和子 明美 直树 拓也 翔太 大辅 健太 由美 "
        "裕子 洋子 正雄 秀夫"
    ).split()
)
# A name given as a pseudonym is not a real name: 张丽（化名）, 小宇（化名，16岁）, and every name
# of a list the bracket says are all pseudonyms: 小甜、16岁的小琳（均为化名）.
PSEUDONYM_AFTER = re.compile(r"[（(][^（）()\n]{0,4}化名[^（）()\n]{0,12}[）)]")
_PSEUDONYM_LIST_END = r"(?:、[^、，,。；;：:！？\s（）()]{1,10}){1,8}[（(](?:均|皆|都)[为系是]?化名[^（）()\n]{0,12}[）)]"


def is_pseudonym(text: str, name: str) -> bool:
    """Whether `text` marks `name` as a pseudonym: right before a bracket holding 化名, or in a
    、-list that a bracket after it says is all pseudonyms (均为化名)."""
    escaped = re.escape(name)
    return bool(
        re.search(escaped + PSEUDONYM_AFTER.pattern, text)
        or re.search(escaped + _PSEUDONYM_LIST_END, text)
    )
