"""What the demo's citizens write about, part 1: money and daily life — wages, land
compensation, bail deposits, traffic accidents, neighbours, police cases, detention.
See `topic.py` for the shape of a topic."""

from __future__ import annotations

from eqiao.demo.topic import PROCEDURAL, LeadPlan, Result, Topic
from eqiao.intake.models import Kind, LeadKind, LeadOutcome, Outcome

WAGES = Topic(
    key="wages",
    kind=Kind.COMPLAINT,
    weight=16,
    level="outpost",
    texts=(
        (
            "{company}拖欠工资",
            "{intro}我在{company}干了{months}个月，老板一直拖欠我们{count}个人的工资，"
            "一共{amount}元。找了好几次，老板总说厂里没钱，让我们再等等。家里老人看病、孩子上学都等着"
            "用钱，请检察院帮帮我们。",
        ),
        (
            "包工头拖欠农民工工资",
            "{intro}去年在{town}的工地上干活，包工头{person}拖欠我们{count}个人"
            "工资{amount}元，现在电话也不接了。我们去劳动监察大队反映过，说会处理，到现在也没有结果。"
            "请问检察院能不能管？",
        ),
        (
            "替父亲反映欠薪",
            "我父亲在{company}打零工，干了大半年，只给了生活费，剩下的{amount}元一直"
            "不给。我父亲年纪大了，不会用手机，我替他反映，希望能帮忙要回来。",
        ),
        (
            "欠薪能否支持起诉",
            "{intro}我们在{company}上班，厂子停产后拖欠了{months}个月工资。听说检察院"
            "可以支持起诉，我们{count}个人想一起起诉，需要准备什么材料？",
        ),
    ),
    procedural="您反映{company}拖欠工资的问题已受理，已交{office}办理。承办干警将尽快与您联系核实，"
    "并会同人社部门了解情况，办理结果将在三个月内答复您。",
    results=(
        Result(
            Outcome.RESOLVED,
            "经{office}会同{county}人社局劳动监察大队协调，{company}已结清所欠"
            "{count}名工人工资共计{amount}元。如还有未结清的款项，请及时与我们联系。",
            5,
        ),
        Result(
            Outcome.TRANSFERRED,
            "经核实，该欠薪问题属于劳动保障监察职责范围，我们已将情况移送"
            "{county}人社局劳动监察大队，并跟进督促处理。对有能力支付而拒不支付、涉嫌犯罪的，"
            "检察机关将依法监督公安机关立案。",
            2,
        ),
        Result(
            Outcome.RESOLVED,
            "我院已依法支持{count}名工人向{county}人民法院提起诉讼，法院已立案"
            "并促成调解，企业承诺分三期支付欠薪，首期已到账。",
            2,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "{company}负责人经政府部门责令支付仍拒不支付劳动报酬{amount}元，"
        "涉嫌拒不支付劳动报酬罪，需监督公安机关立案。",
        0.15,
        (
            (LeadOutcome.CASE_FILED, "经监督，{county}公安局已立案侦查，欠薪已全部追回。", 3),
            (LeadOutcome.TRANSFERRED, "已移送{county}人社局依法处理。", 1),
            ("", "", 1),
        ),
    ),
)

LAND = Topic(
    key="land",
    kind=Kind.COMPLAINT,
    weight=14,
    level="outpost",
    texts=(
        (
            "征地补偿款没有发放到位",
            "{intro}我家{mu}亩承包地{year}年被征用修路，村里说补偿款早就拨下来了，"
            "可到现在我家只领到一部分，还差{amount}元。找村委会，村干部总是推来推去。",
        ),
        (
            "征地补偿款分配不公开",
            "我们{village}村的征地补偿款分配不公平，我家和邻居家被征的地一样多，我家却少领了"
            "{amount}元。村里也从来不公开账目，请检察室帮忙查一查这笔钱到底怎么分的。",
        ),
        (
            "厂房占地补偿不到位",
            "{intro}我们组的地{year}年被{company}占了建厂房，当时签了协议，"
            "青苗补偿和地上附着物补偿一直没给够，村里说企业没给，企业说给了村里。",
        ),
    ),
    procedural="您反映的征地补偿款问题已受理。{office}将会同{town}调取补偿款拨付和发放记录，"
    "核实后答复您。",
    results=(
        Result(
            Outcome.RESOLVED,
            "经{office}调查核实，所欠您家的补偿款{amount}元已由{town}足额发放，您已签字确认。",
            4,
        ),
        Result(
            Outcome.EXPLAINED,
            "经核实，{village}村的补偿款已按村民代表会议通过的方案发放，方案和"
            "发放明细已在村务公开栏公示。对方案仍有异议的，可以向{town}申请复核或依法起诉，"
            "我们可以为您提供法律咨询。",
            2,
        ),
        Result(
            Outcome.TRANSFERRED,
            "您反映的村干部截留补偿款问题属于监察机关管辖，已依法移送{county}监察委员会处理。",
            1,
        ),
    ),
    lead=LeadPlan(
        LeadKind.DUTY_CRIME,
        "{village}村干部涉嫌截留、挪用征地补偿款约{amount}元。",
        0.2,
        (
            (LeadOutcome.TRANSFERRED, "已移送{county}监察委员会，对方已立案调查。", 3),
            (LeadOutcome.UNFOUNDED, "经调取账目核查，补偿款均已发放到户，未发现截留。", 1),
            ("", "", 1),
        ),
    ),
)

BAIL = Topic(
    key="bail",
    kind=Kind.COMPLAINT,
    weight=6,
    level="county",
    texts=(
        (
            "取保候审保证金一直不退",
            "{intro}{year}年我因为交通肇事被{police}取保候审，交了保证金{amount}元。"
            "案子早就判了，判决也执行完了，可公安局一直不退保证金，找了几次都说经办人不在。"
            "请检察院监督。",
        ),
        (
            "撤案后保证金未退还",
            "我弟弟的案子{police}已经撤案了，当时交的{amount}元取保候审保证金到现在"
            "没退。请问保证金应该多长时间退还？我们该找谁？",
        ),
    ),
    procedural="您反映{police}未退还取保候审保证金的问题已受理，我院刑事执行检察部门正在调阅"
    "相关案卷，核实后依法监督。",
    results=(
        Result(
            Outcome.RESOLVED,
            "经我院向{police}提出纠正意见，保证金{amount}元已退还到您的账户。"
            "感谢您对检察工作的信任。",
            3,
        ),
        Result(
            Outcome.EXPLAINED,
            "经核实，您的案件尚在执行期内，依法应在执行完毕后退还保证金，"
            "我们已提醒公安机关届时及时退还，并将跟踪落实。",
            1,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "{police}在案件办结后未依法退还取保候审保证金{amount}元。",
        0.9,
        ((LeadOutcome.CORRECTED, "已制发纠正违法通知书，保证金已全额退还。", 4), ("", "", 1)),
    ),
)

TRAFFIC = Topic(
    key="traffic",
    kind=Kind.COMPLAINT,
    weight=9,
    level="county",
    texts=(
        (
            "肇事司机逃逸后迟迟不移送",
            "{date}我父亲在{town}路口被一辆货车撞伤，司机{person}逃逸后被抓，"
            "交警队到现在{months}个月了还没移送起诉，医疗费我们已经花了{amount}元，对方一分钱没赔。",
        ),
        (
            "对交通事故处理有意见",
            "{intro}我在{town}骑电动车被小轿车撞了，腿骨折，交警认定我负次要"
            "责任，我不服。对方有关系，事故处理一直拖着。请问检察院能不能监督？",
        ),
        (
            "申请交通肇事案刑事和解",
            "去年我家亲戚在{town}出交通事故去世，肇事司机已经被移送起诉，"
            "他家里人来赔礼道歉了，我们也愿意和解。请问在检察院怎么办理和解？",
        ),
    ),
    procedural=PROCEDURAL,
    results=(
        Result(
            Outcome.CRIMINAL_RECONCILIATION,
            "在我院主持下，双方自愿达成和解协议，肇事方一次性"
            "赔偿{amount}元并取得被害方谅解，我院将依法对其从宽处理。",
            3,
        ),
        Result(
            Outcome.RESOLVED,
            "经我院监督，{police}交警大队已将该案移送审查起诉，我院已依法"
            "受理，赔偿问题可在审查起诉阶段一并协商。",
            2,
        ),
        Result(
            Outcome.EXPLAINED,
            "交通事故责任认定不属于行政复议和诉讼的范围，但可在民事赔偿诉讼"
            "中对认定书提出异议。我们已向您详细说明了程序，并告知了法律援助的申请方式。",
            2,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "{person}交通肇事案，{police}交警大队久拖不移送，需监督。",
        0.45,
        (
            (LeadOutcome.CRIMINAL_RECONCILIATION, "双方达成刑事和解，已依法从宽处理。", 3),
            (LeadOutcome.CORRECTED, "已发出检察建议，案件已移送审查起诉。", 2),
            ("", "", 1),
        ),
    ),
)

NEIGHBOURS = Topic(
    key="neighbours",
    kind=Kind.COMPLAINT,
    weight=9,
    level="outpost",
    texts=(
        (
            "邻居房檐滴水纠纷",
            "{intro}邻居{person}家盖新房，把房檐伸到我家院子上空，一下雨水全流到我家，"
            "说了好几次都不听，还骂人。村里调解了两次没有用。",
        ),
        (
            "宅基地纠纷被打伤",
            "我和邻居因为宅基地界线吵了好几年，上个月他家儿子把我打伤了，鉴定是轻伤，"
            "派出所到现在也没给个说法。",
        ),
        (
            "胡同里堆满柴火出不去",
            "前院邻居在两家中间的胡同里堆柴火、放农机，我家的三轮车进不去也"
            "出不来，找村干部也不管，请检察室帮忙调解一下。",
        ),
    ),
    procedural="您反映的纠纷已受理，{office}干警将到{village}村实地了解情况，尽快为你们调解。",
    results=(
        Result(
            Outcome.RESOLVED,
            "{office}干警会同{village}村委会、{town}司法所对双方进行了调解，双方"
            "达成书面调解协议，表示不再因此事发生争执。",
            4,
        ),
        Result(
            Outcome.CRIMINAL_RECONCILIATION,
            "在{office}主持下，双方就伤害一事达成刑事和解，"
            "{person}赔偿医疗费等{small_amount}元并当面赔礼道歉。",
            2,
        ),
        Result(
            Outcome.EXPLAINED,
            "宅基地使用权的争议由乡镇人民政府处理，建议您向{town}申请确权，"
            "对处理决定不服的可依法复议或起诉。我们可以为您提供法律咨询。",
            1,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "邻里纠纷引发的轻伤害案件，{police}未及时处理，可促成刑事和解。",
        0.2,
        ((LeadOutcome.CRIMINAL_RECONCILIATION, "双方达成和解，被害人出具谅解书。", 3), ("", "", 1)),
    ),
    note="已电话联系信访人，约定到现场查看，并通知{village}村调解委员会参加。",
)

ECONOMIC_CASE = Topic(
    key="economic_case",
    kind=Kind.COMPLAINT,
    weight=6,
    level="county",
    texts=(
        (
            "公安机关插手经济纠纷",
            "{intro}我和{person}是生意上的欠款纠纷，对方报案说我诈骗，{police}就以"
            "合同诈骗立了案，还冻结了我的账户。这明明是民事纠纷，请检察院监督撤案。",
        ),
        (
            "鱼塘承包纠纷被立案",
            "我家承包的鱼塘和村里有合同纠纷，村里报案说我非法占用农用地，派出所"
            "立了案。合同还没到期，请求检察院监督。",
        ),
        (
            "案子挂了一年多不撤不诉",
            "{police}对我丈夫以寻衅滋事立案已经一年多了，人早就放了，案子一直"
            "不撤销也不移送，影响孩子考公务员政审。",
        ),
    ),
    procedural="您反映{police}立案的问题已受理，我院已要求公安机关说明立案理由，审查后依法答复您。",
    results=(
        Result(
            Outcome.SUPERVISED_WITHDRAWAL,
            "经审查，{police}对该案立案不当，我院依法通知撤销案件，"
            "公安机关已撤案并解除了账户冻结。",
            4,
        ),
        Result(
            Outcome.EXPLAINED,
            "经审查，公安机关的立案理由成立，我院已向您当面说明理由，并将继续监督其依法及时办理。",
            1,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "{police}以刑事手段插手经济纠纷，涉嫌违法立案。",
        1.0,
        (
            (LeadOutcome.SUPERVISED_WITHDRAWAL, "公安机关已撤销案件。", 4),
            (LeadOutcome.UNFOUNDED, "立案理由成立，不予监督。", 1),
            ("", "", 1),
        ),
    ),
)

DETENTION = Topic(
    key="detention",
    kind=Kind.COMPLAINT,
    weight=4,
    level="county",
    texts=(
        (
            "看守所里被欺负",
            "我儿子关在{county}看守所，上次律师会见说他被同监室的人欺负，身上有伤。"
            "家属很着急，请检察院去看看。",
        ),
        (
            "社区矫正人员长期外出",
            "我们村的社区矫正人员{person}经常外出好几天不请假，还在村里耀武扬威，村民都很害怕。",
        ),
    ),
    procedural="您反映的情况已受理，我院驻所检察（刑事执行检察）人员将核查处理。",
    results=(
        Result(
            Outcome.RESOLVED,
            "经驻所检察人员调取监控、个别谈话核实，已督促看守所调整监室并对"
            "相关人员进行处理，您儿子的伤已由所内医生诊治。",
            2,
        ),
        Result(
            Outcome.RESOLVED,
            "经核查，{person}确有违反外出审批规定的情况，我院已向{county}司法局"
            "发出检察建议，对其依法给予警告并加强监管。",
            1,
        ),
    ),
    lead=LeadPlan(
        LeadKind.SUPERVISION,
        "刑事执行活动中存在违法情形，需监督纠正。",
        0.8,
        ((LeadOutcome.CORRECTED, "已发出纠正违法通知书，对方已整改。", 3), ("", "", 1)),
    ),
)

TOPICS_PEOPLE = (WAGES, LAND, BAIL, TRAFFIC, NEIGHBOURS, ECONOMIC_CASE, DETENTION)
