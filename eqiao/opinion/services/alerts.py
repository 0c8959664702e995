"""Alerts: the rules are data (`AlertRule`); a post, a burst or a watch-listed name raises
an `OpinionAlert` (once per key), shown in the workbench and sent by SMS to the duty
analysts and the head of the office concerned; unacknowledged in time, it escalates."""

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


def _recipients(office: Procuratorate | None) -> list[Staff]:
    """Duty analysts (of the city office and the office concerned) and the office head."""
    offices = {o for o in (office, office.parent if office else None) if o is not None}
    city = Procuratorate.objects.filter(parent__isnull=True).first()
    if city is not None:
        offices.add(city)
    analysts = Staff.objects.filter(
        is_active=True, roles__role=Role.OPINION_ANALYST, office__in=offices
    )
    heads = Staff.objects.filter(
        is_active=True, roles__role=Role.OFFICE_HEAD, office=office or city
    )
    found = {s.pk: s for s in [*analysts, *heads] if s.mobile}
    return list(found.values())


def _rule_for(
    trigger: str, reach: int = 0, rules: list[AlertRule] | None = None
) -> AlertRule | None:
    if rules is None:
        rules = list(AlertRule.objects.filter(active=True, trigger=trigger))
    found = [r for r in rules if r.trigger == trigger and r.min_reach <= reach]
    if not found:
        return None
    return max(found, key=lambda r: (COLOUR_RANK.get(r.colour, 0), r.min_reach))


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
    if rule.send_sms:
        for staff in _recipients(office):
            sms_queue(
                phone=staff.mobile,
                template=ALERT_TEMPLATE,
                params={"colour": alert.get_colour_display(), "title": alert.title[:40]},
                purpose="opinion.alert",
                ref=str(alert.pk),
                idempotency_key=f"opinion-alert:{alert.pk}:{staff.pk}",
            )
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
    """Escalate every alert not acknowledged within its rule's minutes: the office head
    (and the city office's head) are told again. Each alert escalates once."""
    now = now or timezone.now()
    count = 0
    for alert in OpinionAlert.objects.filter(
        acknowledged_at__isnull=True, escalated_at__isnull=True
    ).select_related("rule", "office"):
        if alert.created_at + dt.timedelta(minutes=alert.rule.escalate_minutes) > now:
            continue
        alert.escalated_at = now
        alert.save(update_fields=["escalated_at"])
        offices = {alert.office, Procuratorate.objects.filter(parent__isnull=True).first()}
        heads = Staff.objects.filter(
            is_active=True, roles__role=Role.OFFICE_HEAD, office__in=[o for o in offices if o]
        ).exclude(mobile="")
        for staff in heads:
            sms_queue(
                phone=staff.mobile,
                template=ESCALATION_TEMPLATE,
                params={"title": alert.title[:40], "minutes": alert.rule.escalate_minutes},
                purpose="opinion.escalation",
                ref=str(alert.pk),
                idempotency_key=f"opinion-escalation:{alert.pk}:{staff.pk}",
            )
        count += 1
    return count
