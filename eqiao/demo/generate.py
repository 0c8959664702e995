"""The bulk of the demo petitions: drawn from the topics with a seeded random generator,
spread over the last four months, over all counties, outposts and channels, each with a
plausible life — routed, assigned, answered, sometimes supervised, sometimes late."""

from __future__ import annotations

import datetime as dt

from eqiao.demo.context import Context
from eqiao.demo.places import (
    Place,
    company_name,
    intro_for,
    mobile_pick,
    origin_pick,
    place_pick,
)
from eqiao.demo.script import Script
from eqiao.demo.topic import Result, Topic
from eqiao.demo.topics import TOPICS_PEOPLE
from eqiao.demo.topics_legal import TOPICS_LEGAL
from eqiao.demo.topics_questions import CONSULTATIONS
from eqiao.intake.models import Channel, Outcome
from eqiao.offices.models import Procuratorate

TOPICS: tuple[Topic, ...] = (*TOPICS_PEOPLE, *TOPICS_LEGAL, *CONSULTATIONS)
WINDOW_DAYS = 120  # about August to November when loaded at the end of November
COUNTY_WEIGHTS = {
    "dongchangfu": 18,
    "linqing": 13,
    "guanxian": 13,
    "shenxian": 12,
    "yanggu": 11,
    "chiping": 11,
    "donge": 9,
    "gaotang": 9,
}
CHANNEL_WEIGHTS = {
    Channel.WEB: 24,
    Channel.WECHAT: 30,
    Channel.SMS: 8,
    Channel.HOTLINE: 12,
    Channel.WALK_IN: 13,
    Channel.KIOSK: 6,
    Channel.VIDEO: 7,
}
REMOTE_CHANNELS = (Channel.WEB, Channel.WECHAT, Channel.SMS)
AMOUNTS = {
    "wages": (8000, 120000),
    "land": (6000, 60000),
    "bail": (5000, 30000),
    "traffic": (20000, 160000),
    "fraud": (3000, 90000),
    "aid": (3000, 40000),
}
LAWYER_INTROS = ["我是受委托的辩护律师，", "本人系执业律师，", "我是{person}的辩护人，"]
SLOW_REPLY_SHARE = 0.08  # procedural reply later than the 7 working days
SLOW_RESULT_SHARE = 0.08  # result later than the 3 months
SUPERVISED_SHARE = 0.1
# Petitions whose clocks are pinned, and their age (working days for the 7-day procedural
# reply, calendar days for the 3-month result): the queue always shows some overdue and some
# due soon.
PINNED_PROFILES = ["overdue_reply", "due_soon_reply", "overdue_result", "due_soon_result"] * 3
PROFILE_AGES = {
    "overdue_reply": (9, 12),
    "due_soon_reply": (6, 7),
    "overdue_result": (95, 112),
    "due_soon_result": (80, 86),
}
# The source document's map reaches abroad and to the capital: a few always come from there.
PINNED_ORIGINS = ["日本", "韩国", "北京市", "河南省", "日本", "韩国", "北京市"]
# Petition results that are also the outcome of the lead behind them.
LEAD_RESULTS = (Outcome.SUPERVISED_WITHDRAWAL, Outcome.CRIMINAL_RECONCILIATION)
FOLLOW_UP = "我反映的事已经过去十多天了，一直没有人联系我，请问办得怎么样了？"


def _weighted(ctx: Context, weights: dict):
    keys = list(weights)
    return ctx.rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _handling_office(ctx: Context, topic: Topic, county_key: str) -> Procuratorate:
    roll = ctx.rng.random()
    tree = ctx.tree
    if topic.level == "outpost":
        level = "outpost" if roll < 0.75 else "county" if roll < 0.95 else "city"
    else:
        level = "county" if roll < 0.72 else "outpost" if roll < 0.9 else "city"
    if level == "city":
        return tree.city
    if level == "county":
        return tree.counties[county_key]
    return tree.outposts[ctx.rng.choice(tree.outposts_of(county_key))]


def _slots(ctx: Context, topic: Topic, place: Place, origin: str, office: Procuratorate) -> dict:
    rng = ctx.rng
    low, high = AMOUNTS.get(topic.key, (2000, 50000))
    person = f"{rng.choice('王李张刘赵孙杨陈周吴郑马高朱胡郭何林徐董许宋韩冯')}某"
    month = rng.randint(1, 10)
    slots = {
        "county": place.county,
        "town": place.town,
        "village": place.village,
        "company": company_name(rng, place),
        "person": person,
        "police": f"{place.county}公安局",
        # An outpost is known by its short name (清水检察室), a procuratorate by its full one.
        "office": office.short_name if office.level == "township" else office.name,
        "amount": rng.randrange(low, high, 100),
        "small_amount": rng.randrange(200, 3000, 50),
        "aid_amount": rng.randrange(5000, 30000, 1000),
        "count": rng.randint(5, 28),
        "months": rng.randint(2, 9),
        "mu": rng.choice(["1.5", "2", "2.6", "3", "4.2", "5"]),
        "year": rng.randint(2019, 2025),
        "days": rng.randint(10, 30),
        "date": rng.choice([f"今年{month}月", f"{month}月{rng.randint(1, 28)}日", "去年冬天"]),
    }
    slots["town"] = place.town
    slots["intro"] = intro_for(rng, origin).format(**slots)
    slots["lawyer_intro"] = rng.choice(LAWYER_INTROS).format(**slots)
    return slots


def _channel(ctx: Context, topic: Topic, origin: str) -> str:
    channel = ctx.rng.choice(topic.channels) if topic.channels else _weighted(ctx, CHANNEL_WEIGHTS)
    if origin != "山东省" and channel not in REMOTE_CHANNELS:
        channel = ctx.rng.choice(REMOTE_CHANNELS)
    return channel


def _entry(ctx: Context, channel: str, office: Procuratorate, county_key: str):
    """(office the petition is submitted to, the staff member who typed it in or None)."""
    tree, cast, rng = ctx.tree, ctx.cast, ctx.rng
    if channel == Channel.HOTLINE:
        return tree.city, cast["city_reception"]
    if channel in (Channel.WALK_IN, Channel.VIDEO):
        return office, cast.receiver(office)
    if channel == Channel.KIOSK:
        if office.level == "township":
            return office, None
        return tree.outposts[rng.choice(tree.outposts_of(county_key))], None
    if office.level == "city" or rng.random() < 0.3:
        return tree.city, None
    return tree.counties[county_key], None


def _submitted_at(ctx: Context, channel: str, profile: str) -> dt.datetime:
    """When the petition came in: anywhere in the window, or where its profile puts it."""
    hours, rng = ctx.hours, ctx.rng
    if profile in PROFILE_AGES:
        low, high = PROFILE_AGES[profile]
        if profile.endswith("_reply"):  # counted in working days, like the 7-day clock
            return hours.office_moment(hours.working_days_before(ctx.now, rng.randint(low, high)))
        return hours.office_moment((ctx.now - dt.timedelta(days=rng.randint(low, high))).date())
    for _attempt in range(20):
        day = (ctx.now - dt.timedelta(days=rng.uniform(0.2, WINDOW_DAYS))).date()
        if channel in REMOTE_CHANNELS:
            at = hours.citizen_moment(day)
        elif hours.is_working_day(day):
            at = hours.office_moment(day)
        else:
            continue
        if at < ctx.now - dt.timedelta(minutes=30):
            return at
    return ctx.now - dt.timedelta(days=3)


def script_generate(ctx: Context, *, profile: str = "normal", origin: str = "") -> Script:
    """One petition. `profile` pins its clocks ("overdue_reply", "due_soon_reply",
    "overdue_result", "due_soon_result"; "normal" lets chance decide); `origin` pins where
    the petitioner writes from."""
    rng = ctx.rng
    topics = TOPICS if profile == "normal" else tuple(t for t in TOPICS if not t.quick)
    topic = rng.choices(topics, weights=[t.weight for t in topics])[0]
    county_key = _weighted(ctx, COUNTY_WEIGHTS)
    office = _handling_office(ctx, topic, county_key)
    town = office.township if office.level == "township" else ""
    place = place_pick(rng, county_key, town)
    if not origin:
        origin = origin_pick(rng) if not topic.quick or rng.random() < 0.5 else "山东省"
    channel = _channel(ctx, topic, origin)
    submit_to, entered_by = _entry(ctx, channel, office, county_key)
    slots = _slots(ctx, topic, place, origin, office)
    title, content = rng.choice(topic.texts)
    anonymous = rng.random() < topic.anonymous_share
    script = Script(
        kind=topic.kind,
        channel=channel,
        submit_to=submit_to,
        entered_by=entered_by,
        at=_submitted_at(ctx, channel, profile),
        title=title.format(**slots),
        content=content.format(**slots),
        origin=origin,
        anonymous=anonymous,
        name="" if anonymous else ctx.names.take(),
        phone="" if anonymous else mobile_pick(rng),
        address=""
        if anonymous or origin != "山东省"
        else f"{place.county}{place.town}{place.village}村",
    )
    _life(ctx, script, topic, office, slots, profile)
    return script


def scripts_generate(ctx: Context, count: int) -> list[Script]:
    """`count` petitions: first the ones that pin a clock state or a far-away origin (so even
    a small demo shows them), then chance."""
    pinned = [{"profile": p} for p in PINNED_PROFILES] + [{"origin": o} for o in PINNED_ORIGINS]
    return [script_generate(ctx, **(pinned[i] if i < len(pinned) else {})) for i in range(count)]


def _result(ctx: Context, topic: Topic) -> Result:
    return ctx.rng.choices(topic.results, weights=[r.weight for r in topic.results])[0]


def _life(
    ctx: Context, s: Script, topic: Topic, office: Procuratorate, slots: dict, profile: str
) -> None:
    """Route, assign, answer and close, with the odd delay, supervision and lead. A pinned
    profile's reply or result is planned for after the load, so its clock is still running."""
    rng, hours, cast = ctx.rng, ctx.hours, ctx.cast
    handler = cast.handler(office)
    later = ctx.now + dt.timedelta(days=60)
    at = ctx.route_along(s, office, s.at)
    s.then(hours.after(at, hours=rng.uniform(0.1, 2)), "alerts_ack")  # if the engine raised one
    at = s.then(
        hours.after(at, hours=rng.uniform(0.2, 4)), "assign", cast.receiver(office), to=handler
    )
    slow_reply = profile.endswith("_reply") or rng.random() < SLOW_REPLY_SHARE
    slow_result = profile.endswith("_result") or rng.random() < SLOW_RESULT_SHARE
    result = _result(ctx, topic)
    reply_days = rng.randint(9, 14) if slow_reply else rng.randint(0 if topic.quick else 1, 5)
    if slow_reply:  # the citizen asks after the 7 working days have passed
        s.then(hours.add_working_days(s.at, 8), "message", text=FOLLOW_UP)
    reply_at = later if profile.endswith("_reply") else hours.add_working_days(at, reply_days)
    if topic.quick:
        s.then(reply_at, "close", handler, outcome=result.outcome, text=result.text.format(**slots))
        return
    s.then(reply_at, "reply", handler, kind="procedural", text=topic.procedural.format(**slots))
    if topic.note:
        s.then(
            hours.after(reply_at, hours=rng.uniform(2, 40)),
            "note",
            handler,
            text=topic.note.format(**slots),
        )
    close_days = rng.uniform(85, 118) if slow_result else rng.uniform(12, 70)
    close_at = hours.after(max(s.at + dt.timedelta(days=close_days), reply_at), hours=24)
    if profile != "normal":
        close_at = later + dt.timedelta(days=30)
    if topic.lead and (result.outcome in LEAD_RESULTS or rng.random() < topic.lead.share):
        _lead(ctx, s, topic, handler, reply_at, close_at, result, slots)
    if office.parent_id and rng.random() < SUPERVISED_SHARE:
        _supervision(ctx, s, office, at, close_at)
    s.then(close_at, "close", handler, outcome=result.outcome, text=result.text.format(**slots))


def _lead(
    ctx: Context,
    s: Script,
    topic: Topic,
    handler,
    after: dt.datetime,
    close_at: dt.datetime,
    result: Result,
    slots: dict,
) -> None:
    """Record the topic's lead. When the petition's result is itself a lead outcome (监督撤案,
    刑事和解) the lead closes with it before the petition does; otherwise its outcome is
    drawn, and it may still be open."""
    lead, rng = topic.lead, ctx.rng
    at = s.then(
        ctx.hours.after(after + (close_at - after) * rng.uniform(0.1, 0.4)),
        "lead",
        handler,
        kind=lead.kind,
        summary=lead.summary.format(**slots),
    )
    if result.outcome in LEAD_RESULTS:
        notes = [o[1] for o in lead.outcomes if o[0] == result.outcome]
        outcome, note = result.outcome, notes[0] if notes else result.text
        closed = at + max(close_at - at, dt.timedelta(0)) * rng.uniform(0.5, 0.9)
        s.then(
            ctx.hours.after(closed, hours=1),
            "lead_close",
            handler,
            outcome=outcome,
            note=note.format(**slots),
        )
        return
    outcomes = [o for o in lead.outcomes if o[0] not in LEAD_RESULTS]
    outcome, note, _weight = rng.choices(outcomes, weights=[o[2] for o in outcomes])[0]
    if outcome:
        s.then(
            ctx.hours.add_working_days(at, rng.randint(5, 40)),
            "lead_close",
            handler,
            outcome=outcome,
            note=note.format(**slots),
        )


def _supervision(
    ctx: Context, s: Script, office: Procuratorate, after: dt.datetime, close_at: dt.datetime
) -> None:
    upper = office.parent
    head = ctx.cast.head(upper)
    at = ctx.hours.add_working_days(after, ctx.rng.randint(2, 8))
    if at >= close_at:
        return
    s.then(
        at,
        "supervise",
        head,
        deadline=(after + dt.timedelta(days=30)).date(),
        instruction=f"请{office.short_name}加快办理，三十日内办结并报{upper.short_name}。",
    )
    s.then(
        ctx.hours.add_working_days(close_at, 1),
        "supervise_resolve",
        head,
        note="已办结，督办事项完成。",
    )
