"""Owning up to a late reply, in both APIs: what the portal's status page says
(`portal/_clock.html`), in one sentence a kiosk, a WeChat page or an Open311 client can
show. Dates are ISO dates: the caller's software may format them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from eqiao.intake.selectors import CitizenClock


def late_notice(clock: CitizenClock) -> str:
    """Owning up to a late reply, and what happens now ('' when nothing is late)."""
    if not clock.overdue:
        return ""
    office = clock.office.name
    if clock.late == "result":
        return _(
            "办理结果本应在%(due)s前答复，已经晚了%(days)d天，对不起。"
            "系统每天都在催%(office)s尽快答复。"
        ) % {"due": clock.result_due.isoformat(), "days": clock.late_days, "office": office}
    return _(
        "本应在%(due)s前告知由谁办理，已经晚了%(days)d天，对不起。"
        "系统每天都在催%(office)s尽快答复；办理结果仍会在%(result)s前答复。"
    ) % {
        "due": clock.procedural_due.isoformat() if clock.procedural_due else "",
        "days": clock.late_days,
        "office": office,
        "result": clock.result_due.isoformat(),
    }
