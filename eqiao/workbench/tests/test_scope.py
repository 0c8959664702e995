"""A county never sees a sibling county's records: every list, detail, download and export
of the workbench answers 404 (or leaves the record out) for 临清市, while the city sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eqiao.intake.models import Kind, LeadKind
from eqiao.intake.services.handling import petition_supervise
from eqiao.intake.services.leads import lead_create
from eqiao.intake.services.risk import (
    emergency_plan_start,
    emergency_plan_templates_ensure,
    risk_alert_raise,
)
from eqiao.workbench.tests.conftest import submit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(office_tree):
    """A 冠县 petition with an attachment, an alert, a plan, a lead and a supervision."""
    petition = submit(
        office_tree.guanxian,
        kind=Kind.REPORT,
        title="冠县举报件",
        attachments=[SimpleUploadedFile("证据.png", PNG, content_type="image/png")],
    )
    alert = risk_alert_raise(
        petition=petition, level="high", reasons=["扬言集体上访"], excerpt=petition.content
    )
    template = emergency_plan_templates_ensure()[0]
    plan = emergency_plan_start(alert=alert, template=template, actor=office_tree.guanxian_head)
    lead = lead_create(
        petition=petition,
        actor=office_tree.guanxian_head,
        kind=LeadKind.DUTY_CRIME,
        summary="村干部涉嫌截留补偿款",
    )
    petition_supervise(
        petition=petition,
        actor=office_tree.city_head,
        deadline=timezone.localdate() + dt.timedelta(days=10),
        instruction="限期办结",
    )
    return {
        "petition": petition,
        "alert": alert,
        "plan": plan,
        "lead": lead,
        "attachment": petition.attachments.get(),
        "step": plan.steps.first(),
    }


def detail_urls(w):
    p = w["petition"]
    return {
        "petition": reverse("workbench:petition_detail", args=[p.pk]),
        "receipt": reverse("workbench:petition_receipt", args=[p.pk]),
        "attachment": reverse("workbench:attachment_download", args=[p.pk, w["attachment"].pk]),
        "alert": reverse("workbench:alert_detail", args=[w["alert"].pk]),
        "plan": reverse("workbench:plan_detail", args=[w["plan"].pk]),
        "lead": reverse("workbench:lead_detail", args=[w["lead"].pk]),
    }


def post_urls(w):
    p = w["petition"]
    return {
        "note": (reverse("workbench:petition_act", args=[p.pk, "note"]), {"text": "越界备注"}),
        "reveal": (reverse("workbench:petition_reveal", args=[p.pk]), {}),
        "ack": (reverse("workbench:alert_ack", args=[w["alert"].pk]), {}),
        "step": (reverse("workbench:plan_step_done", args=[w["plan"].pk, w["step"].pk]), {}),
        "plan_close": (reverse("workbench:plan_finish", args=[w["plan"].pk]), {"summary": "x"}),
        "lead_close": (
            reverse("workbench:lead_close", args=[w["lead"].pk]),
            {"outcome": "unfounded", "note": "x"},
        ),
    }


@pytest.mark.parametrize("name", ["petition", "receipt", "attachment", "alert", "plan", "lead"])
def test_sibling_county_gets_404_and_the_city_sees_it(as_staff, office_tree, world, name):
    url = detail_urls(world)[name]
    assert as_staff(office_tree.linqing_head).get(url).status_code == 404
    response = as_staff(office_tree.city_head).get(url)
    assert response.status_code == 200
    if name == "attachment":
        assert b"".join(response.streaming_content) == PNG
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["note", "reveal", "ack", "step", "plan_close", "lead_close"])
def test_sibling_county_cannot_act_on_the_record(as_staff, office_tree, world, name):
    url, data = post_urls(world)[name]
    assert as_staff(office_tree.linqing_head).post(url, data).status_code == 404


@pytest.mark.parametrize(
    "url_name, needle",
    [
        ("workbench:queue", "冠县举报件"),
        ("workbench:alerts", "扬言集体上访"),
        ("workbench:leads", "村干部涉嫌截留补偿款"),
        ("workbench:supervision", "限期办结"),
    ],
)
def test_lists_leave_out_the_sibling_and_show_the_city(
    as_staff, office_tree, world, url_name, needle
):
    url = reverse(url_name)
    assert needle not in as_staff(office_tree.linqing_head).get(url).content.decode()
    assert needle in as_staff(office_tree.city_head).get(url).content.decode()
    if url_name != "workbench:supervision":  # the supervising office is the city
        assert needle in as_staff(office_tree.guanxian_head).get(url).content.decode()


def test_export_leaves_out_the_sibling_and_shows_the_city(as_staff, office_tree, world):
    number = world["petition"].tracking_number
    url = reverse("workbench:queue_export") + "?format=csv"
    assert number not in as_staff(office_tree.linqing_head).get(url).content.decode("utf-8-sig")
    assert number in as_staff(office_tree.city_head).get(url).content.decode("utf-8-sig")


def test_office_filter_outside_the_subtree_shows_nothing_of_it(as_staff, office_tree, world):
    url = reverse("workbench:queue") + f"?office={office_tree.guanxian.pk}"
    page = as_staff(office_tree.linqing_head).get(url).content.decode()
    assert "冠县举报件" not in page


def test_an_outpost_does_not_see_its_county(as_staff, office_tree, world):
    url = detail_urls(world)["petition"]
    assert as_staff(office_tree.qingshui_head).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, world):
    for url in detail_urls(world).values():
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]
