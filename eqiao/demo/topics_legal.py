"""What the demo's citizens write about, part 2: reports (举报) on village officials and
judicial staff, public-interest tip-offs, appeals (申诉), judicial aid (司法救助), lawyers'
questions and fraud victims. See `topic.py` for the shape of a topic."""

from __future__ import annotations

from eqiao.demo.topic import PROCEDURAL, LeadPlan, Result, Topic
from eqiao.intake.models import Channel, Kind, LeadKind, LeadOutcome, Outcome

REPORT_PROCEDURAL = (
    "您的举报已受理。我们将严格为举报人保密，依法核查，并在三个月内将核查情况告知您"
    "（匿名举报无法告知的除外）。"
)
ONLINE = (Channel.WEB, Channel.WECHAT, Channel.SMS, Channel.HOTLINE)

VILLAGE_OFFICIALS = Topic(
    key="village_officials",
    kind=Kind.REPORT,
    weight=12,
    level="county",
    texts=(
        (
            "举报村支书私自承包机动地",
            "举报{village}村党支部书记{person}：把村里的{mu}亩机动地私自"
            "承包给自己亲戚，承包费不入村里的账。村民们敢怒不敢言。",
        ),
        (
            "举报村干部优亲厚友办低保",
            "{village}村会计{person}多年来把低保名额给自己家亲戚，有的人家里"
            "开着小轿车也吃低保，真正困难的户反而吃不上。",
        ),
        (
            "危房改造补助被索要好处费",
            "举报{town}有工作人员在办理危房改造补助时向村民索要好处费，每户"
            "{small_amount}元，不给就拖着不报。",
        ),
        (
            "村里修路账目不公开",
            "{village}村村主任修村内道路时和施工队串通，虚报工程量，花了多少钱"
            "从来不公开。请检察院查一查。",
        ),
        (
            "扶贫光伏收益去向不明",
            "反映{village}村扶贫光伏电站的收益这几年没有分给脱贫户，村里说钱"
            "用来修路了，可路也没修。",
        ),
    ),
    procedural=REPORT_PROCEDURAL,
    results=(
        Result(
            Outcome.TRANSFERRED,
            "经初步核查，您举报的问题属于监察机关管辖，已依法移送{county}"
            "监察委员会处理，我们将跟踪办理情况。",
            5,
        ),
        Result(
            Outcome.EXPLAINED,
            "经调取账目、走访群众核查，未发现您举报的违法违纪问题，相关账目"
            "已在村务公开栏公示。如有新的证据，欢迎继续反映。",
            2,
        ),
    ),
    lead=LeadPlan(
        LeadKind.DUTY_CRIME,
        "{village}村干部{person}涉嫌利用职务便利侵占、截留集体资金。",
        0.8,
        (
            (LeadOutcome.TRANSFERRED, "已移送{county}监察委员会，已立案调查。", 5),
            (LeadOutcome.UNFOUNDED, "经核查查无实据，已了结。", 2),
            ("", "", 2),
        ),
    ),
    channels=ONLINE,
    anonymous_share=0.5,
)

JUDICIAL_STAFF = Topic(
    key="judicial_staff",
    kind=Kind.REPORT,
    weight=4,
    level="county",
    texts=(
        (
            "举报民警收受当事人财物",
            "{police}民警{person}在办理我家亲戚的案子时，收了对方家属的钱，案子到现在压着不办。",
        ),
        (
            "举报办案人员违规插手案件",
            "我的案子在{county}，对方托关系找了办案人员，证据被换了，"
            "我要求调查办案人员徇私枉法的问题。",
        ),
    ),
    procedural=REPORT_PROCEDURAL,
    results=(
        Result(
            Outcome.RESOLVED, "我院已依法对相关司法工作人员涉嫌职务犯罪立案侦查，感谢您的举报。", 1
        ),
        Result(
            Outcome.EXPLAINED,
            "经调阅案卷、询问相关人员，未发现办案人员违法办案的问题。我们已当面向您说明核查情况。",
            2,
        ),
    ),
    lead=LeadPlan(
        LeadKind.DUTY_CRIME,
        "司法工作人员{person}涉嫌利用职权徇私枉法、收受财物。",
        1.0,
        (
            (LeadOutcome.CASE_FILED, "我院已对其立案侦查。", 2),
            (LeadOutcome.UNFOUNDED, "经初查查无实据。", 2),
            ("", "", 2),
        ),
    ),
    channels=ONLINE,
    anonymous_share=0.4,
)

PUBLIC_INTEREST = Topic(
    key="public_interest",
    kind=Kind.REPORT,
    weight=6,
    level="county",
    texts=(
        (
            "工厂夜里偷排污水",
            "{company}晚上偷偷往{village}村边的沟里排污水，味道很大，浇地的水都"
            "变黑了，庄稼死了一片。",
        ),
        (
            "集市小作坊食品不卫生",
            "{town}集上有个小作坊用回收的油炸油条、做麻花，卫生条件很差，"
            "孩子们天天买着吃，希望有关部门管一管。",
        ),
        ("河道被非法采砂", "{town}附近的河道有人晚上偷偷采砂，河堤都挖空了，明年汛期很危险。"),
    ),
    procedural="您反映的问题已受理，我院公益诉讼检察部门将进行调查核实。",
    results=(
        Result(
            Outcome.TRANSFERRED,
            "我院已立案开展公益诉讼诉前程序，向{county}有关行政主管部门"
            "发出检察建议，督促其依法查处。对方已责令停产整改并回复了我院。",
            3,
        ),
        Result(
            Outcome.RESOLVED,
            "经我院督促，{county}市场监管部门已依法查处该作坊，没收了不合格的原料。",
            1,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "{company}等污染环境、危害食品安全线索，需公益诉讼诉前督促。",
        0.5,
        ((LeadOutcome.CORRECTED, "行政机关已按检察建议整改到位。", 3), ("", "", 1)),
    ),
    anonymous_share=0.3,
)

APPEAL_CIVIL = Topic(
    key="appeal_civil",
    kind=Kind.APPEAL,
    weight=8,
    level="county",
    texts=(
        (
            "不服借款纠纷判决",
            "{intro}我和{person}的借款纠纷，{county}法院判我败诉，二审维持原判。"
            "那张借条是对方伪造的，我申请笔迹鉴定法院不准。请求检察院抗诉。",
        ),
        (
            "不服离婚财产分割",
            "我对{county}人民法院的离婚判决不服。房子是我婚前父母出钱买的，"
            "法院判了一半给对方，我申请再审被驳回了。",
        ),
        (
            "劳动争议再审被驳回",
            "我的工伤待遇劳动争议，二审判决后申请再审被驳回了，请问还能向"
            "检察院申请监督吗？需要什么材料？",
        ),
    ),
    procedural="您的监督申请已受理，我院民事检察部门将调阅原审卷宗进行审查，审查结论将书面答复您。",
    results=(
        Result(
            Outcome.EXPLAINED,
            "经审查，原判决认定事实清楚、适用法律正确，我院依法作出不支持监督"
            "申请决定，已向您当面送达并释法说理。",
            4,
        ),
        Result(Outcome.RESOLVED, "经审查，原判决确有错误，我院已提请聊城市人民检察院抗诉。", 1),
        Result(
            Outcome.NOT_ACCEPTED,
            "根据民事诉讼监督的有关规定，当事人应当先向人民法院申请再审，"
            "您尚未申请再审，暂不符合受理条件。我们已告知您申请再审的途径。",
            1,
        ),
    ),
    channels=(Channel.WEB, Channel.WALK_IN, Channel.WECHAT, Channel.VIDEO),
)

APPEAL_CRIMINAL = Topic(
    key="appeal_criminal",
    kind=Kind.APPEAL,
    weight=5,
    level="county",
    texts=(
        (
            "不服不起诉决定",
            "我被{person}打伤了，检察院作出不起诉决定，我不服。他打完人一分钱都没赔，"
            "凭什么不起诉？",
        ),
        (
            "申诉：亲属被判刑过重",
            "我儿子因为帮别人取钱被判帮助信息网络犯罪活动罪，他根本不知道那是"
            "诈骗的钱，判得太重了，我们要申诉。",
        ),
    ),
    procedural="您的刑事申诉已受理，我院将依法审查，审查结果将书面答复您。",
    results=(
        Result(
            Outcome.CRIMINAL_RECONCILIATION,
            "经复查，我院维持原不起诉决定；同时组织双方协商，"
            "对方赔偿{small_amount}元并赔礼道歉，双方达成和解。",
            2,
        ),
        Result(
            Outcome.EXPLAINED,
            "经审查，原判决认定事实和适用法律并无不当，申诉理由不能成立。我们"
            "已向您当面说明审查结论。",
            2,
        ),
    ),
)

AID = Topic(
    key="aid",
    kind=Kind.AID,
    weight=7,
    level="county",
    texts=(
        (
            "申请司法救助",
            "我丈夫{date}被人打成重伤，打人的人判了刑，可他家没钱赔。我家两个孩子上学，"
            "丈夫干不了活，生活非常困难，申请司法救助。",
        ),
        (
            "交通事故死者家属申请救助",
            "我儿子在交通事故中死亡，肇事司机没有赔偿能力，家里老人生病"
            "没钱治，请求检察院给予救助。",
        ),
        (
            "被骗积蓄追不回来",
            "{intro}我是残疾人，被人骗走{amount}元积蓄，骗子判了刑，可钱追不回来，生活没有着落。",
        ),
    ),
    procedural="您的司法救助申请已受理，我院将入户调查您家的困难情况，审查后答复您。",
    results=(
        Result(
            Outcome.AID_GRANTED,
            "经审查，您符合国家司法救助条件，我院决定给予司法救助金"
            "{aid_amount}元，已发放到您的账户；我们还协调{town}民政部门为您家办理了临时救助。",
            4,
        ),
        Result(
            Outcome.EXPLAINED,
            "经审查，您的情况不属于国家司法救助的范围，我们已协调{town}"
            "民政部门，帮助您申请社会救助。",
            1,
        ),
    ),
    channels=(Channel.WALK_IN, Channel.HOTLINE, Channel.VIDEO, Channel.KIOSK, Channel.WECHAT),
)

LAWYERS = Topic(
    key="lawyers",
    kind=Kind.CONSULTATION,
    weight=8,
    level="county",
    texts=(
        (
            "阅卷预约咨询",
            "{lawyer_intro}我代理的{person}涉嫌盗窃一案已移送贵院审查起诉，请问阅卷"
            "需要提前几天预约？能不能在网上预约？",
        ),
        (
            "查询是否报请逮捕",
            "{lawyer_intro}委托人{person}被{police}刑事拘留已经{days}天，家属想知道"
            "是否已报请批准逮捕，律师能否查询？",
        ),
        (
            "申请调取同步录音录像",
            "{lawyer_intro}我想申请调取{person}案讯问时的同步录音录像，应当向哪个部门提交申请？",
        ),
        ("不起诉决定书送达", "{lawyer_intro}请问不起诉决定书能否邮寄送达给辩护律师？"),
    ),
    procedural=PROCEDURAL,
    results=(
        Result(
            Outcome.EXPLAINED,
            "您好，辩护律师可以通过本平台的“律师阅卷预约”或12309中国检察网"
            "提前一至三个工作日预约，持律师执业证、委托书和律师事务所证明到{office}案件管理"
            "部门办理。案件程序性信息也可以在平台上查询。",
            1,
        ),
    ),
    channels=(Channel.WEB, Channel.WECHAT, Channel.HOTLINE),
    quick=True,
)

FRAUD = Topic(
    key="fraud",
    kind=Kind.COMPLAINT,
    weight=5,
    level="county",
    texts=(
        (
            "被电信诈骗后案件没有进展",
            "{intro}我被冒充客服的人骗了{amount}元，{police}立案半年了，"
            "一直没有消息，我想知道案子到哪一步了。",
        ),
        (
            "合作社高息揽储老板跑了",
            "{town}有个合作社说存钱给高利息，我们村好多户都把钱存进去了，"
            "我家存了{amount}元，现在老板跑了，报了案也没动静。",
        ),
    ),
    procedural="您反映的问题已受理，我院将向公安机关了解案件办理情况，并依法监督。",
    results=(
        Result(
            Outcome.EXPLAINED,
            "经向{police}了解，该案仍在侦查中，已冻结部分涉案资金，待案件"
            "审结后依法返还。我院将继续跟踪监督。",
            2,
        ),
        Result(
            Outcome.RESOLVED,
            "经我院监督，{police}已抓获主要犯罪嫌疑人，该案已移送审查起诉，"
            "追回的资金将按比例发还。",
            1,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "涉众型诈骗案件侦查进展缓慢，需监督公安机关依法及时侦查。",
        0.4,
        ((LeadOutcome.CORRECTED, "已发出侦查活动监督通知书，公安机关加快了侦办。", 2), ("", "", 1)),
    ),
)

TOPICS_LEGAL = (
    VILLAGE_OFFICIALS,
    JUDICIAL_STAFF,
    PUBLIC_INTEREST,
    APPEAL_CIVIL,
    APPEAL_CRIMINAL,
    AID,
    LAWYERS,
    FRAUD,
)
