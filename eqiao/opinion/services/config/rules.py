"""The alert rules: when to alert, how loudly, whom to tell and how (only at the city
procuratorate)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.offices.models import Staff
from eqiao.opinion.models import (
    AlertColour,
    AlertRule,
    AlertTrigger,
)
from eqiao.opinion.services.config.common import (
    ESCALATE_MAX,
    ESCALATE_MIN,
    MAX_REACH,
    MAX_RECIPIENTS,
    _audit,
    _require_city,
)


@dataclass(frozen=True)
class RuleInput:
    name: str
    trigger: str
    colour: str
    min_reach: int = 0
    to_analysts: bool = True
    to_office_head: bool = True
    recipients: tuple[int, ...] = ()  # named staff (primary keys)
    send_sms: bool = True
    escalate: bool = True
    escalate_minutes: int = 30


def rule_input_clean(data: RuleInput, *, exclude_pk: int | None = None) -> RuleInput:
    name = data.name.strip()
    if not name:
        raise ApplicationError(_("请填写规则名称。"), field="name")
    if len(name) > 80:
        raise ApplicationError(_("规则名称过长（最多 80 个字）。"), field="name")
    if data.trigger not in AlertTrigger.values:
        raise ApplicationError(_("请选择触发条件。"), field="trigger")
    if data.colour not in AlertColour.values:
        raise ApplicationError(_("请选择预警级别（红、橙、黄、蓝）。"), field="colour")
    if not 0 <= data.min_reach <= MAX_REACH:
        raise ApplicationError(
            _("最低传播量须在 0 到 %(max)s 之间。") % {"max": MAX_REACH}, field="min_reach"
        )
    if not ESCALATE_MIN <= data.escalate_minutes <= ESCALATE_MAX:
        raise ApplicationError(
            _("升级时间须在 %(min)s 到 %(max)s 分钟之间。")
            % {"min": ESCALATE_MIN, "max": ESCALATE_MAX},
            field="escalate_minutes",
        )
    recipients = tuple(sorted(set(data.recipients)))
    if len(recipients) > MAX_RECIPIENTS:
        raise ApplicationError(
            _("指定人员最多 %(max)s 人。") % {"max": MAX_RECIPIENTS}, field="recipients"
        )
    known = set(
        Staff.objects.filter(pk__in=recipients, is_active=True).values_list("pk", flat=True)
    )
    if len(known) != len(recipients):
        raise ApplicationError(_("指定人员中有不存在或已停用的人员。"), field="recipients")
    if not (data.to_analysts or data.to_office_head or recipients):
        raise ApplicationError(
            _("请至少选择一类接收人（值班分析员、涉及单位负责人或指定人员）。"),
            field="to_analysts",
        )
    twin = AlertRule.objects.filter(trigger=data.trigger, min_reach=data.min_reach)
    if exclude_pk is not None:
        twin = twin.exclude(pk=exclude_pk)
    found = twin.first()
    if found is not None:
        raise ApplicationError(
            _("已有触发条件和最低传播量都相同的规则“%(name)s”，请修改那一条。")
            % {"name": found.name},
            field="min_reach",
        )
    return dataclasses.replace(data, name=name, recipients=recipients)


def _fields(data: RuleInput) -> dict:
    values = dataclasses.asdict(data)
    del values["recipients"]
    return values


def alert_rule_create(*, actor: Staff, data: RuleInput, active: bool = True) -> AlertRule:
    _require_city(actor)
    data = rule_input_clean(data)
    with transaction.atomic():
        rule = AlertRule.objects.create(active=active, **_fields(data))
        rule.recipients.set(data.recipients)
        _audit(actor, "opinion.alert_rule_create", rule, **dataclasses.asdict(data))
    return rule


def alert_rule_update(*, actor: Staff, rule: AlertRule, data: RuleInput) -> AlertRule:
    _require_city(actor)
    data = rule_input_clean(data, exclude_pk=rule.pk)
    values = _fields(data)
    changed = {f: [getattr(rule, f), v] for f, v in values.items() if getattr(rule, f) != v}
    before = tuple(sorted(rule.recipients.values_list("pk", flat=True)))
    if before != data.recipients:
        changed["recipients"] = [list(before), list(data.recipients)]
    if not changed:
        return rule
    for f, v in values.items():
        setattr(rule, f, v)
    with transaction.atomic():
        rule.save()
        rule.recipients.set(data.recipients)
        _audit(actor, "opinion.alert_rule_update", rule, changed=changed)
    return rule


def alert_rule_set_active(*, actor: Staff, rule: AlertRule, active: bool) -> bool:
    """Enable or disable a rule; True when its trigger still has an active rule after."""
    _require_city(actor)
    if rule.active == active:
        raise ApplicationError(_("该规则已启用。") if active else _("该规则已停用。"))
    rule.active = active
    with transaction.atomic():
        rule.save(update_fields=["active"])
        action = "opinion.alert_rule_enable" if active else "opinion.alert_rule_disable"
        _audit(actor, action, rule)
    return AlertRule.objects.filter(trigger=rule.trigger, active=True).exists()
