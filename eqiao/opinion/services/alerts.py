"""Alerts: the rules are data (`AlertRule`); a post, a burst or a watch-listed name raises
an `OpinionAlert` (once per key), shown on the workbench's alert page and delivered to the
people its rule chooses (the duty analysts, the head of the office concerned, named staff)
as a workbench notification and, when the rule says so, by SMS; unacknowledged in time, it
escalates when its rule says so."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.channels.services import sms_template_register
from eqiao.channels.services.outbound import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.notifications import notification_create
from eqiao.offices.models import Procuratorate, Role, Staff
from eqiao.opinion.models import (
    COLOUR_RANK,
    AlertRule,
    AlertTrigger,
    OpinionAlert,
    OpinionEvent,
    OpinionPost,
    Source,
)
from eqiao.opinion.pipeline import Result

ALERT_TEMPLATE = "opinion.alert"
NOTIFICATION_KIND = "opinion_alert"
_RANK: dict[str, int] = {str(colour): rank for colour, rank in COLOUR_RANK.items()}
ESCALATION_TEMPLATE = "opinion.escalation"


def sms_templates_register() -> None:
    sms_template_register(
        name=ALERT_TEMPLATE,
        text=gettext_noop("【舆情%(colour)s预警】%(title)s。请登录工作台确认处置。"),
        params=("colour", "title"),
    )
    sms_template_register(
        name=ESCALATION_TEMPLATE,
        text=gettext_noop("【舆情预警升级】%(title)s，%(minutes)s分钟内无人确认，请立即处置。"),
        params=("title", "minutes"),
    )


def default_rules_create() -> list[AlertRule]:
    """The starting rules of an installation (also the demo's): editable data afterwards."""
    specs = [
        (_("重大负面信息，传播量大"), AlertTrigger.MAJOR_POST, "red", 50, 15),
        (_("重大负面信息"), AlertTrigger.MAJOR_POST, "orange", 0, 30),
        (_("信息量突增"), AlertTrigger.BURST, "yellow", 0, 60),
        (_("涉及监测人员"), AlertTrigger.WATCH_NAME, "blue", 0, 120),
    ]
    rules = []
    for name, trigger, colour, min_reach, minutes in specs:
        rule, _created = AlertRule.objects.get_or_create(
            trigger=trigger,
            min_reach=min_reach,
            defaults={"name": name, "colour": colour, "escalate_minutes": minutes},
        )
        rules.append(rule)
    return rules


def _city() -> Procuratorate | None:
    return Procuratorate.objects.filter(parent__isnull=True).order_by("pk").first()


def recipients(rule: AlertRule, office: Procuratorate | None) -> list[Staff]:
    """Who a rule's alert about `office` goes to, as the rule chooses: the duty analysts
    (active opinion analysts of the city office, the office concerned and its parent), the
    head of the office concerned (the city's when none), and the rule's named staff
    (active ones)."""
    city = _city()
    found: dict[int, Staff] = {}
    if rule.to_analysts:
        offices = {o for o in (office, office.parent if office else None, city) if o is not None}
        for staff in Staff.objects.filter(
            is_active=True, roles__role=Role.OPINION_ANALYST, office__in=offices
        ).select_related("user"):
            found.setdefault(staff.pk, staff)
    head_office = office or city
    if rule.to_office_head and head_office is not None:
        for staff in Staff.objects.filter(
            is_active=True, roles__role=Role.OFFICE_HEAD, office=head_office
        ).select_related("user"):
            found.setdefault(staff.pk, staff)
    for staff in rule.recipients.filter(is_active=True).select_related("user"):
        found.setdefault(staff.pk, staff)
    return list(found.values())


def _deliver(
    alert: OpinionAlert, people: list[Staff], *, text: str, sms: dict | None, kind: str
) -> None:
    """A workbench notification for each person and, when `sms` gives the template and
    its parameters, an SMS to each one with a mobile number."""
    for staff in people:
        notification_create(
            recipient=staff.user_id,
            text=text,
            level="danger" if alert.colour in ("red", "orange") else "warning",
            target_kind=NOTIFICATION_KIND,
            target_id=alert.pk,
        )
        if sms is not None and staff.mobile:
            sms_queue(
                phone=staff.mobile,
                template=sms["template"],
                params=sms["params"],
                purpose=f"opinion.{kind}",
                ref=str(alert.pk),
                idempotency_key=f"opinion-{kind}:{alert.pk}:{staff.pk}",
            )


def _rule_for(
    trigger: str, reach: int = 0, rules: list[AlertRule] | None = None
) -> AlertRule | None:
    if rules is None:
        rules = list(AlertRule.objects.filter(active=True, trigger=trigger))
    found = [r for r in rules if r.trigger == trigger and r.min_reach <= reach]
    if not found:
        return None
    return max(found, key=lambda r: (_RANK.get(r.colour, 0), r.min_reach))


def alert_raise(
    *,
    rule: AlertRule,
    key: str,
    title: str,
    post: OpinionPost | None = None,
    event: OpinionEvent | None = None,
    source: Source | None = None,
    office: Procuratorate | None = None,
) -> OpinionAlert | None:
    """Raise an alert once per `key` (None when it was raised before) and send its SMS."""
    if OpinionAlert.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            alert = OpinionAlert.objects.create(
                rule=rule,
                colour=rule.colour,
                title=title[:200],
                key=key,
                post=post,
                event=event,
                source=source,
                office=office,
            )
    except IntegrityError:
        return None
    sms = None
    if rule.send_sms:
        params = {"colour": alert.get_colour_display(), "title": alert.title[:40]}
        sms = {"template": ALERT_TEMPLATE, "params": params}
    text = _("【舆情%(colour)s预警】%(title)s") % {
        "colour": alert.get_colour_display(),
        "title": alert.title,
    }
    _deliver(alert, recipients(rule, office), text=text, sms=sms, kind="alert")
    return alert


def alerts_for_result(
    *,
    post: OpinionPost,
    result: Result,
    event_reach: int | None = None,
    rules: list[AlertRule] | None = None,
) -> list[OpinionAlert]:
    """The alerts one analysed post raises (a repost only through its event's reach).
    `event_reach`: the event's reach when the caller knows it; `rules`: the active rules
    when the caller has loaded them."""
    raised: list[OpinionAlert | None] = []
    event = post.event
    if result.severity == "major" and event is not None:
        if event_reach is None:
            event.refresh_from_db(fields=["reach"])
            event_reach = event.reach
        rule = _rule_for(AlertTrigger.MAJOR_POST, event_reach, rules)
        if rule is not None:
            raised.append(
                alert_raise(
                    rule=rule,
                    key=f"major:{event.pk}:{rule.pk}",
                    title=_("重大负面舆情：%(title)s") % {"title": event.title},
                    post=post,
                    event=event,
                    office=post.office,
                )
            )
    if result.names and result.relevant and result.dup_of is None:
        rule = _rule_for(AlertTrigger.WATCH_NAME, 0, rules)
        if rule is not None:
            raised.append(
                alert_raise(
                    rule=rule,
                    key=f"name:{post.pk}",
                    title=_("涉及监测人员%(names)s：%(text)s")
                    % {"names": "、".join(result.names), "text": post.text[:40]},
                    post=post,
                    event=event,
                    office=post.office,
                )
            )
    if result.burst is not None:
        rule = _rule_for(AlertTrigger.BURST, 0, rules)
        if rule is not None:
            burst = result.burst
            raised.append(
                alert_raise(
                    rule=rule,
                    key=f"burst:{post.source_id}:{burst.hour:%Y%m%d%H}",
                    title=_("%(source)s 信息量突增：本小时 %(volume)s 条（平时约 %(baseline)s 条）")
                    % {
                        "source": post.source.name,
                        "volume": burst.volume,
                        "baseline": round(burst.baseline, 1),
                    },
                    post=post,
                    source=post.source,
                    office=post.office,
                )
            )
    return [a for a in raised if a is not None]


def alerts_for_batch(
    *,
    results: list[Result],
    event_reach: dict,
) -> list[OpinionAlert]:
    """The alerts of a batch the worker merged: the rules are read once, and only the
    posts that can raise one (major, naming a watched person, closing a burst) are read
    back from the database."""
    wanted = [
        r
        for r in results
        if (r.severity == "major" and r.event is not None)
        or (r.names and r.relevant and r.dup_of is None)
        or r.burst is not None
    ]
    if not wanted:
        return []
    rules = list(AlertRule.objects.filter(active=True))
    rows = OpinionPost.objects.select_related("event", "office", "source").in_bulk(
        [r.id for r in wanted]
    )
    raised: list[OpinionAlert] = []
    for result in wanted:
        post = rows[result.id]
        raised += alerts_for_result(
            post=post,
            result=result,
            event_reach=event_reach.get(result.event) if result.event is not None else None,
            rules=rules,
        )
    return raised


def alert_acknowledge(*, actor: Staff, alert: OpinionAlert) -> OpinionAlert:
    from eqiao.offices.capabilities import require

    require(actor, "opinion.analyse", None)
    if alert.acknowledged_at is not None:
        raise ApplicationError(_("该预警已确认。"))
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor.user
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_log(actor=actor.user, action="opinion.alert_acknowledge", target=alert)
    return alert


def alerts_escalate(now: dt.datetime | None = None) -> int:
    """Escalate every alert of a rule that escalates, not acknowledged within the rule's
    minutes: the heads of the office concerned and of the city office, and the rule's
    named staff, are told again (in the workbench, and by SMS when the rule sends SMS).
    Each alert escalates once."""
    now = now or timezone.now()
    count = 0
    for alert in (
        OpinionAlert.objects.filter(
            acknowledged_at__isnull=True, escalated_at__isnull=True, rule__escalate=True
        )
        .select_related("rule", "office")
        .prefetch_related("rule__recipients")
    ):
        rule = alert.rule
        if alert.created_at + dt.timedelta(minutes=rule.escalate_minutes) > now:
            continue
        alert.escalated_at = now
        alert.save(update_fields=["escalated_at"])
        offices = [o for o in {alert.office, _city()} if o is not None]
        people = {
            s.pk: s
            for s in Staff.objects.filter(
                is_active=True, roles__role=Role.OFFICE_HEAD, office__in=offices
            ).select_related("user")
        }
        for staff in rule.recipients.all():
            if staff.is_active:
                people.setdefault(staff.pk, staff)
        minutes = rule.escalate_minutes
        sms = None
        if rule.send_sms:
            sms = {
                "template": ESCALATION_TEMPLATE,
                "params": {"title": alert.title[:40], "minutes": minutes},
            }
        text = _("【舆情预警升级】%(title)s，%(minutes)s分钟内无人确认，请立即处置。") % {
            "title": alert.title,
            "minutes": minutes,
        }
        _deliver(alert, list(people.values()), text=text, sms=sms, kind="escalation")
        count += 1
    return count
