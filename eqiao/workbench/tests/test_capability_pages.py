"""Pages offer only what the person's capabilities allow: an editor reads an alert but is
not offered to acknowledge it or start a plan; a prosecutor who is also the editor handles
petitions as a prosecutor does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eqiao.intake.models import RiskAlert
from eqiao.intake.services.risk import emergency_plan_start, emergency_plan_templates_ensure
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.workbench.tests.conftest import submit

STORY = "庆海轴承拖欠我们工资,你们管不管,不管我们就去上访"


@pytest.fixture
def alert(office_tree):
    emergency_plan_templates_ensure()
    return RiskAlert.objects.get(petition=submit(office_tree.qingshui, content=STORY))


def test_an_editor_sees_the_alert_but_no_buttons_to_act_on_it(as_staff, office_tree, alert):
    editor = make_staff(office_tree.qingshui, Role.EDITOR, "qs_editor")
    page = as_staff(editor).get(reverse("workbench:alert_detail", args=[alert.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "待签收" in text
    assert "签收预警" not in text and "启动应急预案</button>" not in text
    assert "应急预案由单位负责人启动" in text
    response = as_staff(editor).post(reverse("workbench:alert_ack", args=[alert.pk]))
    alert.refresh_from_db()
    assert response.status_code == 302 and alert.acknowledged_at is None


def test_the_head_is_offered_both(as_staff, office_tree, alert):
    text = as_staff(office_tree.qingshui_head).get(
        reverse("workbench:alert_detail", args=[alert.pk])
    )
    assert "签收预警" in text.content.decode() and "启动应急预案</button>" in text.content.decode()


def test_only_owners_and_heads_are_offered_to_complete_a_step(as_staff, office_tree, alert):
    template = (
        alert.office.plan_templates.first() if hasattr(alert.office, "plan_templates") else None
    )
    from eqiao.intake.models import EmergencyPlanTemplate

    template = template or EmergencyPlanTemplate.objects.first()
    plan = emergency_plan_start(alert=alert, template=template, actor=office_tree.qingshui_head)
    url = reverse("workbench:plan_detail", args=[plan.pk])
    head_page = as_staff(office_tree.qingshui_head).get(url).content.decode()
    assert head_page.count("完成此步骤") == plan.steps.count()
    receptionist = make_staff(office_tree.qingshui, Role.RECEPTIONIST, "qs_reception")
    page = as_staff(receptionist).get(url).content.decode()
    assert "完成此步骤" not in page and "由单位负责人填写处置总结" in page


def test_a_prosecutor_who_is_also_editor_replies_like_a_prosecutor(as_staff, office_tree):
    petition = submit(office_tree.guanxian)
    page = as_staff(office_tree.guanxian_editor).get(
        reverse("workbench:petition_detail", args=[petition.pk])
    )
    text = page.content.decode()
    assert "/act/reply_procedural/" in text and "/act/lead/" in text
    assert "/act/supervise/" not in text  # same office: only an office above supervises


def test_only_those_who_handle_petitions_enter_them_for_citizens(as_staff, office_tree):
    editor = make_staff(office_tree.guanxian, Role.EDITOR, "gx_editor_only")
    client = as_staff(editor)
    assert "录入信访" not in client.get(reverse("workbench:queue")).content.decode()
    assert client.get(reverse("workbench:petition_new")).status_code == 403
    client = as_staff(office_tree.guanxian_receptionist)
    assert "录入信访" in client.get(reverse("workbench:queue")).content.decode()
    assert client.get(reverse("workbench:petition_new")).status_code == 200


def test_the_service_refuses_an_entry_by_someone_without_the_capability(office_tree):
    from eqiao.core.errors import PermissionDeniedError

    editor = make_staff(office_tree.guanxian, Role.EDITOR, "gx_editor_only")
    with pytest.raises(PermissionDeniedError, match="代群众录入信访件"):
        submit(office_tree.guanxian, channel="hotline", entered_by=editor)


def test_an_editor_sees_masked_data_only_and_cannot_download_attachments(as_staff, office_tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eqiao.core.models import AuditEntry

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    petition = submit(
        office_tree.guanxian,
        attachments=[SimpleUploadedFile("证据.png", png, content_type="image/png")],
    )
    attachment = petition.attachments.get()
    editor = make_staff(office_tree.guanxian, Role.EDITOR, "gx_editor_only")
    client = as_staff(editor)
    page = client.get(reverse("workbench:petition_detail", args=[petition.pk])).content.decode()
    assert "显示完整信息" not in page and "证据.png" in page
    assert "13812345678" not in page
    reveal = client.post(reverse("workbench:petition_reveal", args=[petition.pk]))
    download = client.get(
        reverse("workbench:attachment_download", args=[petition.pk, attachment.pk])
    )
    assert reveal.status_code == 403 and download.status_code == 403
    # The refusal says what is missing, not "this page needs you to log in first".
    refusal = reveal.content.decode()
    assert "您没有“查看信访人完整信息和附件”的权限" in refusal, refusal
    assert "需要先登录" not in refusal
    assert not AuditEntry.objects.filter(
        action__in=["personal_data_view", "attachment_download"]
    ).exists()
    # The prosecutor who is also the editor may.
    client = as_staff(office_tree.guanxian_editor)
    page = client.post(reverse("workbench:petition_reveal", args=[petition.pk])).content.decode()
    assert "13812345678" in page
