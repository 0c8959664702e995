"""How a notification's target opens in the workbench. Intake and the other domain apps
say what a notification is about ("petition" 42); the workbench owns the pages and so
decides the link, here, once."""

from __future__ import annotations

from django.urls import reverse

from eqiao.core.notifications import notification_link_register


def _page(name: str):
    def resolve(target_id: int | None) -> str:
        return reverse(f"workbench:{name}", args=[target_id]) if target_id is not None else ""

    return resolve


def notification_links_register() -> None:
    notification_link_register("petition", _page("petition_detail"))
    notification_link_register("alert", _page("alert_detail"))
    notification_link_register("plan", _page("plan_detail"))
    notification_link_register("appointment", _page("appointment_detail"))
    notification_link_register("article", _page("article_detail"))
    notification_link_register("followup_task", _page("followup_task"))
    notification_link_register("digest", _page("digest_detail"))
    notification_link_register("newsletter", _page("newsletter_detail"))
    notification_link_register(
        "queue.overdue", lambda _target_id: f"{reverse('workbench:queue')}?due=overdue"
    )
    notification_link_register("case_release", _page("release_detail"))
    notification_link_register(
        "opinion_alert", lambda _target_id: reverse("workbench:opinion_alerts")
    )
