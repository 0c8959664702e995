"""Background jobs of the intake app. They take ids and dates, and are safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from eqiao.core.workdays import is_working_day
from eqiao.intake.services.digest import digest_send
from eqiao.intake.services.submission import petition_accepted_process
from eqiao.offices.models import Procuratorate, Role


@task()
def daily_digest_task(day: str | None = None) -> int:
    """Send every office head the clock digest for `day` (ISO date; default today). Runs on
    working days only: nobody needs an SMS about office deadlines on a Sunday. Returns how
    many heads were told; a second run the same day tells nobody."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    if not is_working_day(today):
        return 0
    offices = Procuratorate.objects.filter(
        staff__roles__role=Role.OFFICE_HEAD, staff__is_active=True
    ).distinct()
    return sum(digest_send(office=office, today=today) for office in offices)


@task()
def petition_accepted_task(petition_id: int, receipt_id: int | None = None) -> str:
    """The acceptance's second half (`submission.petition_accepted_process`): the text
    engine's reading, the alert for a high-risk petition, the receipt's delivery. Queued in
    the petition's own transaction."""
    return petition_accepted_process(petition_id=petition_id, receipt_id=receipt_id)
