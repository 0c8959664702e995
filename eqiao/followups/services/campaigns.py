"""Campaigns: create, edit, pause and resume them, preview who a run would write to, and
start the runs that are due (the scheduled job `followups.campaigns_due`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eqiao.channels.services import message_template_render
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.scheduling import ScheduleError, next_run_after, schedule_parse
from eqiao.followups import messages
from eqiao.followups.models import Campaign, CampaignRun, CampaignStatus, RunStatus
from eqiao.followups.selection import Person, people, period_bounds
from eqiao.followups.services.runs import message_params, run_start
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff

FIELDS = (
    "name",
    "office",
    "source",
    "case_kinds",
    "petition_kinds",
    "period",
    "template",
    "schedule",
)
PREVIEW_SAMPLES = 3


def _check(fields: dict) -> None:
    try:
        schedule_parse(fields["schedule"])
    except ScheduleError as exc:
        raise ApplicationError(
            _("发送时间写法有误：%(text)s。示例：monthly 5 10:00（每月5日10:00）。")
            % {"text": fields["schedule"]},
            field="schedule",
        ) from exc
    if fields["template"] not in messages.CAMPAIGN_TEMPLATES:
        raise ApplicationError(_("请选择短信模板。"), field="template")


def campaign_create(*, actor: Staff, now: dt.datetime | None = None, **fields) -> Campaign:
    """A new campaign, active, its first run at the next time its schedule names."""
    require(actor, "followup.manage", fields["office"])
    _check(fields)
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            **{k: fields[k] for k in FIELDS},
            created_by=actor,
            created_at=now,
            updated_at=now,
            next_run_at=next_run_after(fields["schedule"], now),
        )
        audit_log(actor=actor, action="followup.campaign_create", target=campaign)
    return campaign


def campaign_update(
    *, campaign: Campaign, actor: Staff, now: dt.datetime | None = None, **fields
) -> Campaign:
    require(actor, "followup.manage", campaign.office)
    require(actor, "followup.manage", fields["office"])
    _check(fields)
    now = now or timezone.now()
    with transaction.atomic():
        for key in FIELDS:
            setattr(campaign, key, fields[key])
        campaign.updated_at = now
        if campaign.status == CampaignStatus.ACTIVE:
            campaign.next_run_at = next_run_after(campaign.schedule, now)
        campaign.save()
        audit_log(actor=actor, action="followup.campaign_update", target=campaign)
    return campaign


def campaign_pause(*, campaign: Campaign, actor: Staff) -> Campaign:
    """No scheduled run starts while paused (runs already going finish)."""
    require(actor, "followup.manage", campaign.office)
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(
            status=CampaignStatus.PAUSED, next_run_at=None
        )
        audit_log(actor=actor, action="followup.campaign_pause", target=campaign)
    campaign.refresh_from_db()
    return campaign


def campaign_resume(
    *, campaign: Campaign, actor: Staff, now: dt.datetime | None = None
) -> Campaign:
    """Active again from the next time the schedule names (missed runs are not made up)."""
    require(actor, "followup.manage", campaign.office)
    now = now or timezone.now()
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(
            status=CampaignStatus.ACTIVE, next_run_at=next_run_after(campaign.schedule, now)
        )
        audit_log(actor=actor, action="followup.campaign_resume", target=campaign)
    campaign.refresh_from_db()
    return campaign


def campaign_run_now(
    *, campaign: Campaign, actor: Staff, now: dt.datetime | None = None
) -> CampaignRun:
    """Start a run at once (staff's "run now"); refused while one is still being queued."""
    require(actor, "followup.manage", campaign.office)
    if campaign.runs.filter(status=RunStatus.RUNNING).exists():
        raise ApplicationError(_("这个回访计划已有一批正在生成，请等它完成。"))
    return run_start(campaign=campaign, now=now, actor=actor)


@dataclass(frozen=True)
class Preview:
    start: dt.date
    end: dt.date
    people: int
    records: int
    samples: list[tuple[str, str]]  # (masked phone, message text)


def campaign_preview(*, campaign: Campaign, now: dt.datetime | None = None) -> Preview:
    """How many people a run now would write to, about how many records, and the first
    few messages as they would read."""
    start, end = period_bounds(campaign.period, timezone.localdate(now or timezone.now()))
    count = records = 0
    samples: list[Person] = []
    for person in people(campaign, start, end):
        count += 1
        records += len(person.records)
        if len(samples) < PREVIEW_SAMPLES:
            samples.append(person)
    texts = []
    with translation.override(settings.LANGUAGE_CODE):
        for person in samples:
            rendered = message_template_render(
                name=campaign.template, params=message_params(campaign, person)
            )
            texts.append((person.phone[:3] + "****" + person.phone[-4:], rendered.text))
    return Preview(start=start, end=end, people=count, records=records, samples=texts)


def campaigns_run_due(*, now: dt.datetime | None = None) -> list[int]:
    """Start a run of every active campaign whose time has come; its next time is moved on
    by a conditional UPDATE first, so two schedulers never start the same run twice.
    Returns the new runs' ids."""
    now = now or timezone.now()
    started = []
    due = Campaign.objects.filter(
        status=CampaignStatus.ACTIVE, next_run_at__lte=now
    ).select_related("office")
    for campaign in due:
        nxt = next_run_after(campaign.schedule, now)
        claimed = Campaign.objects.filter(
            pk=campaign.pk, next_run_at=campaign.next_run_at, status=CampaignStatus.ACTIVE
        ).update(next_run_at=nxt)
        if claimed:
            started.append(run_start(campaign=campaign, now=now).pk)
    return started
