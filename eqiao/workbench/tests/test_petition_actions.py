"""The petition page's actions through the test client: the journey from intake to a
closed petition across the office tree, and what a mistake looks like."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from eqiao.core.models import AuditEntry, Notification
from eqiao.intake.models import EventKind, Kind, Lead, RiskLevel, Status, Supervision
from eqiao.workbench.tests.conftest import submit

HTMX = {"HTTP_HX_REQUEST": "true"}


def act(client, petition, action, data, *, htmx=True):
    url = reverse("workbench:petition_act", args=[petition.pk, action])
    return client.post(url, data, **(HTMX if htmx else {}))


def test_route_to_an_outpost_and_the_outpost_replies_and_closes(
    as_staff, office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        petition = submit(office_tree.guanxian, title="清水镇拖欠工资")
    assert [sms.phone for sms in sms_outbox] == ["13812345678"]  # the receipt
    number = petition.tracking_number

    client = as_staff(office_tree.guanxian_receptionist)
    page = client.get(reverse("workbench:petition_detail", args=[petition.pk])).content.decode()
    assert office_tree.qingshui.name in page  # a route target
    response = act(
        client, petition, "route", {"to_office": office_tree.qingshui.pk, "reason": "属清水镇辖区"}
    )
    assert response.status_code == 200
    assert "已转冠县人民检察院驻清水检察室办理" in response.content.decode()
    petition.refresh_from_db()
    assert petition.office == office_tree.qingshui

    client = as_staff(office_tree.qingshui_prosecutor)
    assert number in client.get(reverse("workbench:queue")).content.decode()
    act(client, petition, "assign", {"assignee": office_tree.qingshui_prosecutor.pk, "note": ""})
    with django_capture_on_commit_callbacks(execute=True):
        act(client, petition, "reply_procedural", {"text": "您的诉求已收到，我们正在核实。"})
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED and petition.procedural_replied_at

    assert len(sms_outbox) == 2
    reply_sms = sms_outbox[-1]
    assert reply_sms.phone == "13812345678" and number in reply_sms.text
    assert "新的答复" in reply_sms.text

    response = act(
        client, petition, "close", {"outcome": "resolved", "text": "经协调，企业已补发工资。"}
    )
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.status == Status.CLOSED and petition.outcome == "resolved"
    history = list(petition.events.values_list("kind", flat=True))
    assert history == [
        EventKind.SUBMITTED,
        EventKind.ROUTED,
        EventKind.ASSIGNED,
        EventKind.PROCEDURAL_REPLY,
        EventKind.RESULT_REPLY,
        EventKind.CLOSED,
    ]
    page = client.get(reverse("workbench:petition_detail", args=[petition.pk])).content.decode()
    assert office_tree.qingshui_prosecutor.full_name in page  # who did it, in the history


def test_routing_up_out_of_sight_returns_to_the_queue(as_staff, office_tree):
    petition = submit(office_tree.qingshui)
    client = as_staff(office_tree.qingshui_head)
    response = act(
        client, petition, "route", {"to_office": office_tree.guanxian.pk, "reason": "需县院办理"}
    )
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("workbench:queue")
    response = act(petition=petition, client=client, action="note", data={"text": "x"})
    assert response.status_code == 404  # no longer theirs


def test_plain_form_posts_work_without_htmx(as_staff, office_tree):
    petition = submit(office_tree.guanxian)
    client = as_staff(office_tree.guanxian_head)
    response = act(client, petition, "note", {"text": "已电话联系信访人"}, htmx=False)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已电话联系信访人" in page and "已添加内部备注" in page


def test_a_service_error_is_shown_by_the_form_and_keeps_what_was_typed(as_staff, office_tree):
    petition = submit(office_tree.guanxian)
    client = as_staff(office_tree.city_head)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = act(
        client,
        petition,
        "supervise",
        {"deadline": yesterday.isoformat(), "instruction": "请尽快核实并答复"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "督办期限不能早于今天" in page
    assert "请尽快核实并答复" in page  # kept
    assert not Supervision.objects.exists()


def test_supervise_is_offered_only_to_offices_above(as_staff, office_tree):
    petition = submit(office_tree.guanxian)
    url = reverse("workbench:petition_detail", args=[petition.pk])
    assert (
        'id="action-supervise"' not in as_staff(office_tree.guanxian_head).get(url).content.decode()
    )
    response = act(
        as_staff(office_tree.guanxian_head),
        petition,
        "supervise",
        {"deadline": "2099-01-01", "instruction": "x"},
    )
    assert "此操作当前不可用" in response.content.decode()
    client = as_staff(office_tree.city_head)
    assert 'id="action-supervise"' in client.get(url).content.decode()
    deadline = timezone.localdate() + dt.timedelta(days=5)
    act(
        client, petition, "supervise", {"deadline": deadline.isoformat(), "instruction": "限期办结"}
    )
    supervision = Supervision.objects.get()
    assert Notification.objects.filter(
        recipient=office_tree.guanxian_head.user, text__contains="督办"
    ).exists()
    page = client.get(reverse("workbench:supervision")).content.decode()
    assert petition.tracking_number in page and deadline.isoformat() in page
    act(client, petition, "supervision_resolve", {"supervision": supervision.pk, "note": "已落实"})
    supervision.refresh_from_db()
    assert supervision.resolved_at is not None


def test_reclassify_and_record_a_lead(as_staff, office_tree):
    petition = submit(office_tree.guanxian, kind=Kind.REPORT)
    client = as_staff(office_tree.guanxian_prosecutor)
    act(
        client,
        petition,
        "reclassify",
        {"kind": Kind.REPORT, "category": "report", "risk": RiskLevel.MEDIUM},
    )
    petition.refresh_from_db()
    assert petition.category_suggested == "report" and petition.risk_level == RiskLevel.MEDIUM
    act(client, petition, "lead", {"kind": "duty_crime", "summary": "村干部涉嫌截留补偿款"})
    lead = Lead.objects.get()
    assert lead.petition == petition
    response = client.post(
        reverse("workbench:lead_close", args=[lead.pk]),
        {"outcome": "supervised_withdrawal", "note": "公安机关已撤案"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.outcome == "supervised_withdrawal"
    assert "监督撤案" in client.get(reverse("workbench:leads")).content.decode()


def test_corrections_are_chosen_from_chinese_lists(as_staff, office_tree):
    petition = submit(office_tree.guanxian, kind=Kind.REPORT)
    client = as_staff(office_tree.guanxian_prosecutor)
    page = client.get(reverse("workbench:petition_detail", args=[petition.pk])).content.decode()
    assert '<select name="category"' in page
    for value, label in (("report", "举报"), ("lawyer", "律师事务"), ("feedback", "意见建议")):
        assert f'<option value="{value}"' in page and label in page
    response = act(
        client, petition, "reclassify", {"kind": "report", "category": "duty_crime", "risk": "low"}
    )
    assert "duty_crime" not in petition.corrections.values_list("category", flat=True)
    assert "选择" in response.content.decode()  # the form says to pick from the list
    act(client, petition, "reclassify", {"kind": "report", "category": "lawyer", "risk": "high"})
    page = client.get(reverse("workbench:petition_detail", args=[petition.pk])).content.decode()
    assert "举报 / 律师事务 / 高" in page  # the history reads in words, not codes


def test_personal_data_is_masked_until_revealed_and_the_reveal_is_audited(as_staff, office_tree):
    petition = submit(office_tree.guanxian)
    client = as_staff(office_tree.guanxian_prosecutor)
    page = client.get(reverse("workbench:petition_detail", args=[petition.pk])).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    assert "11010519491231002X" not in page
    response = client.post(reverse("workbench:petition_reveal", args=[petition.pk]), **HTMX)
    assert "13812345678" in response.content.decode()
    assert "11010519491231002X" in response.content.decode()
    entry = AuditEntry.objects.get(action="personal_data_view")
    assert entry.actor == office_tree.guanxian_prosecutor.user
    assert entry.target_id == str(petition.pk)


def test_a_prosecutor_may_assign_only_to_themselves(as_staff, office_tree):
    petition = submit(office_tree.guanxian)
    client = as_staff(office_tree.guanxian_prosecutor)
    page = client.get(reverse("workbench:petition_detail", args=[petition.pk])).content.decode()
    assert office_tree.guanxian_receptionist.full_name not in page
    response = act(client, petition, "assign", {"assignee": office_tree.guanxian_head.pk})
    assert (
        "选择一个有效的选项" in response.content.decode()
        or "Select a valid" in response.content.decode()
    )
    petition.refresh_from_db()
    assert petition.assignee is None


def test_unknown_action_is_404(as_staff, office_tree):
    petition = submit(office_tree.guanxian)
    assert act(as_staff(office_tree.guanxian_head), petition, "delete", {}).status_code == 404


@pytest.mark.parametrize("bad", ["已联系\x00信访人", "已联系\x07信访人", "\x1b[31m"])
def test_control_characters_in_staff_forms_get_the_specific_message(as_staff, office_tree, bad):
    petition = submit(office_tree.guanxian)
    client = as_staff(office_tree.guanxian_prosecutor)
    response = act(client, petition, "note", {"text": bad})
    page = response.content.decode()
    assert "里有无法识别的字符，请只输入文字。" in page
    assert "Null characters" not in page and "空字符" not in page
    assert not petition.events.filter(kind="note").exists()
