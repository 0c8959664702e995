"""The source document's stories, retold as demo petitions at today's dates, plus two more
high-risk cases so the alerts and plans screens show each state:

- 杨某某 of 王屯村 (东昌府区新区街道): land compensation not paid; 新区检察室 resolves it and
  a seven-year feud between two neighbouring families with it (closed, resolved).
- 张某某 of 林州 (河南): the bail deposit a county police bureau kept; the city office routes it
  down and supervises (上下级联动), the county gets it refunded within a month.
- "庆海轴承拖欠我们工资，你们管不管，不管我们就去上访" sent to 清水检察室: high risk, the head
  is alerted, 小王 (qingshui_wang) works the emergency plan — in progress.
- A wage protest at 朝城 whose plan was run to closure, and a fresh alert at 阳谷县院 that nobody
  has acknowledged yet.
"""

from __future__ import annotations

import datetime as dt

from eqiao.demo.context import Context
from eqiao.demo.places import mobile_pick
from eqiao.demo.script import Script
from eqiao.intake.models import Channel, Kind, LeadKind, LeadOutcome, Outcome

QINGSHUI_TEXT = "庆海轴承拖欠我们工资,你们管不管,不管我们就去上访"


def _days_ago(ctx: Context, days: float) -> dt.datetime:
    return ctx.hours.office_moment((ctx.now - dt.timedelta(days=days)).date())


def story_xinqu_land(ctx: Context) -> Script:
    t, c = ctx.tree, ctx.cast
    county, outpost = t.counties["dongchangfu"], t.outposts["xinqu"]
    at = ctx.hours.citizen_moment((ctx.now - dt.timedelta(days=112)).date())
    s = Script(
        kind=Kind.COMPLAINT,
        channel=Channel.WECHAT,
        submit_to=county,
        at=at,
        title="家里土地被征用后补偿款一直没有发放到位",
        content="我是东昌府区新区街道王屯村的学生。我家的地被征用好几年了，补偿款一直没有发放到位。"
        "因为这件事，我家和邻居家两代人闹了七年矛盾，父母年纪大了，经常为这事生气。"
        "希望检察室能帮忙查一查补偿款到底卡在哪里。",
        name=ctx.names.take("杨"),
        phone=mobile_pick(ctx.rng),
        address="东昌府区新区街道王屯村",
    )
    at = ctx.route_along(s, outpost, at)
    at = s.then(
        ctx.hours.after(at, hours=1),
        "assign",
        c.head(outpost),
        to=c.handler(outpost),
        note="群众通过微信公众平台反映，请尽快走访核实。",
    )
    at = s.then(
        ctx.hours.add_working_days(at, 2),
        "reply",
        c.handler(outpost),
        kind="procedural",
        text="您好，您反映的征地补偿款问题已受理，新区检察室干警将到王屯村走访，"
        "会同街道办调取补偿款发放记录，核实后答复您。",
    )
    at = s.then(
        ctx.hours.add_working_days(at, 3),
        "note",
        c.handler(outpost),
        text="走访王屯村：补偿款未发放，系杨家与邻居两户地界不清、补偿款被村里暂扣所致，"
        "两家因此积怨七年。",
    )
    at = s.then(
        ctx.hours.add_working_days(at, 6),
        "note",
        c.handler(outpost),
        text="会同新区街道办、王屯村委会重新测量确认了两户地界，双方在场签字。",
    )
    s.then(
        ctx.hours.add_working_days(at, 8),
        "close",
        c.handler(outpost),
        outcome=Outcome.RESOLVED,
        text="经新区检察室调查，补偿款未发放到位，是两户地界不清、补偿款被暂扣所致。检察室会同"
        "新区街道办、王屯村委会重新测量确认了地界，补偿款已足额发放到您家；两家签订了调解协议，"
        "七年的邻里积怨就此化解。",
    )
    return s


def story_linzhou_bail(ctx: Context) -> Script:
    t, c = ctx.tree, ctx.cast
    county = t.counties["yanggu"]
    at = ctx.hours.citizen_moment((ctx.now - dt.timedelta(days=76)).date())
    s = Script(
        kind=Kind.COMPLAINT,
        channel=Channel.WEB,
        submit_to=t.city,
        at=at,
        origin="河南省",
        title="交通肇事案已结，取保候审保证金一直未退还",
        content="我是河南省林州市人。2024年1月，我因交通肇事罪被聊城市阳谷县公安局取保候审，"
        "交纳保证金一万元。案件早已审结，判决也执行完毕，但公安局一直没有退还保证金。"
        "我从林州来回跑了三趟，每次都说再等等。请求检察机关监督退还。",
        name=ctx.names.take("张"),
        phone=mobile_pick(ctx.rng),
        address="河南省林州市",
    )
    at = ctx.route_along(s, county, at)
    at = s.then(
        ctx.hours.after(at, hours=2),
        "supervise",
        c["city_head"],
        deadline=(at + dt.timedelta(days=20)).date(),
        instruction="外省群众反映保证金未退，启动上下级联动：请阳谷县院查明原因、依法监督，"
        "二十日内报告结果。",
    )
    at = s.then(
        ctx.hours.after(at, hours=1),
        "assign",
        c.receiver(county),
        to=c.handler(county),
        note="市院督办件，请优先办理。",
    )
    at = s.then(
        ctx.hours.add_working_days(at, 1),
        "reply",
        c.handler(county),
        kind="procedural",
        text="您反映的取保候审保证金未退还问题已受理，阳谷县人民检察院正在调阅案卷，"
        "核实后依法监督。",
    )
    at = s.then(
        ctx.hours.add_working_days(at, 2),
        "lead",
        c.handler(county),
        kind=LeadKind.SUPERVISION,
        summary="阳谷县公安局交警大队在交通肇事案判决执行完毕后，未依法退还取保候审保证金一万元。",
    )
    at = s.then(
        ctx.hours.add_working_days(at, 8),
        "lead_close",
        c.handler(county),
        outcome=LeadOutcome.CORRECTED,
        note="向阳谷县公安局发出纠正违法通知书，交警大队已退还保证金一万元。",
    )
    at = s.then(
        ctx.hours.after(at, hours=3),
        "close",
        c.handler(county),
        outcome=Outcome.RESOLVED,
        text="在市、县两级检察院联动监督下，阳谷县公安局交警大队已将您交纳的保证金一万元"
        "全额退还，请注意查收。感谢您对检察工作的信任。",
    )
    s.then(
        ctx.hours.add_working_days(at, 1),
        "supervise_resolve",
        c["city_head"],
        note="县院已按督办要求办结，保证金已退还，群众表示满意。",
    )
    return s


def story_qingshui_wages(ctx: Context) -> Script:
    t, c = ctx.tree, ctx.cast
    outpost = t.outposts["qingshui"]
    head, wang = c.head(outpost), c["qingshui_wang"]
    at = ctx.now - dt.timedelta(hours=20)
    s = Script(
        kind=Kind.COMPLAINT,
        channel=Channel.WECHAT,
        submit_to=outpost,
        at=at,
        content=QINGSHUI_TEXT,
        name=ctx.names.take("李"),
        phone=mobile_pick(ctx.rng),
        address="冠县甘官屯镇",
    )
    at = s.then(at + dt.timedelta(minutes=12), "raise_risk", head)
    at = s.then(
        at + dt.timedelta(minutes=5), "assign", head, to=wang, note="高风险，小王马上联系留言人。"
    )
    at = s.then(at + dt.timedelta(minutes=10), "plan_start", head)
    at = s.then(
        at + dt.timedelta(minutes=50),
        "plan_step",
        wang,
        position=1,
        note="已电话联系留言人：甘官屯庆海轴承拖欠十余名工人工资，约十三万元，年关将近，"
        "工人们打算一起越级上访。",
    )
    at = s.then(
        at + dt.timedelta(minutes=40),
        "plan_step",
        head,
        position=2,
        note="已向冠县院分管领导报告，院里同意提前介入。",
    )
    at = s.then(
        at + dt.timedelta(minutes=30),
        "reply",
        wang,
        kind="procedural",
        text="您好，您反映的庆海轴承拖欠工资问题已收到，清水检察室干警已与您电话联系。"
        "我们正会同甘官屯镇政府、县人社局核实情况，请您和工友们相信我们，依法反映诉求，"
        "我们会尽快给您答复。",
    )
    s.then(
        at + dt.timedelta(hours=2),
        "message",
        text="谢谢王检察官，我们先等等，希望年前能把钱拿到手。",
    )
    return s


def story_chaocheng_closed(ctx: Context) -> Script:
    t, c = ctx.tree, ctx.cast
    outpost = t.outposts["chaocheng"]
    head, handler = c.head(outpost), c.handler(outpost)
    at = _days_ago(ctx, 47)
    s = Script(
        kind=Kind.COMPLAINT,
        channel=Channel.SMS,
        submit_to=outpost,
        at=at,
        title="建筑公司拖欠三十多名工人工资",
        content="朝城镇一家建筑劳务公司拖欠我们三十多个工人的工资快一年了，老板躲着不见。"
        "再不给钱，我们就一起去北京上访！",
        name=ctx.names.take(),
        phone=mobile_pick(ctx.rng),
        address="莘县朝城镇",
    )
    at = s.then(at + dt.timedelta(minutes=20), "raise_risk", head)
    at = s.then(at + dt.timedelta(minutes=5), "assign", head, to=handler)
    at = s.then(at + dt.timedelta(minutes=15), "plan_start", head)
    notes = [
        "已联系工人代表，核实欠薪人数三十二人、金额约四十六万元。",
        "已向莘县院报告。",
        "会同朝城镇政府、县人社局、住建局召开协调会，责令限期支付。",
        "约见工人代表释法说理，工人同意暂缓上访，等待协调结果。",
        "企业已分两次结清全部欠薪，回访工人代表，表示满意。",
    ]
    for position, (hours, note) in enumerate(zip((1, 3, 20, 40, 150), notes, strict=True), 1):
        s.then(at + dt.timedelta(hours=hours), "plan_step", None, position=position, note=note)
    s.then(
        at + dt.timedelta(hours=3.5),
        "reply",
        handler,
        kind="procedural",
        text="您反映的欠薪问题已受理，朝城检察室正会同镇政府和人社部门协调，请大家依法反映诉求。",
    )
    s.then(
        at + dt.timedelta(hours=152),
        "plan_close",
        head,
        summary="会同镇、县两级部门协调，三十二名工人欠薪约四十六万元全部结清，集体上访隐患已化解。",
    )
    s.then(
        at + dt.timedelta(hours=170),
        "close",
        handler,
        outcome=Outcome.RESOLVED,
        text="经朝城检察室会同镇政府、县人社局协调，公司已结清拖欠的全部工资。"
        "如还有工友没有拿到，请与我们联系。",
    )
    return s


def story_yanggu_fresh_alert(ctx: Context) -> Script:
    county = ctx.tree.counties["yanggu"]
    return Script(
        kind=Kind.COMPLAINT,
        channel=Channel.WECHAT,
        submit_to=county,
        at=ctx.now - dt.timedelta(hours=5),
        title="征地补偿款被扣两年",
        content="七级镇征地的补偿款被镇上扣了两年，一分没发。我们全村人商量好了，下周一起到省里"
        "上访，看有没有人管。",
        name=ctx.names.take(),
        phone=mobile_pick(ctx.rng),
        address="阳谷县七级镇",
    )


STORIES = (
    story_xinqu_land,
    story_linzhou_bail,
    story_qingshui_wages,
    story_chaocheng_closed,
    story_yanggu_fresh_alert,
)


def story_scripts(ctx: Context) -> list[Script]:
    return [story(ctx) for story in STORIES]
