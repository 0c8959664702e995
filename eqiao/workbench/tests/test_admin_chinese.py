"""The admin reads in Chinese: its titles, the name of every model and every column heading
(the task tables included); audit entries are read-only for everyone."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.urls import reverse
from django.utils import timezone, translation

from eqiao.core.models import AuditEntry
from eqiao.intake.models import EmergencyPlanTemplate
from eqiao.workbench.tests.conftest import login_as

LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def admin_client(client, office_tree):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return login_as(client, office_tree.city_admin)


def _headings(html: str) -> list[str]:
    table = html[html.index('id="result_list"') :]
    thead = table[: table.index("</thead>")]
    cells = re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in cells]


def test_the_index_has_chinese_titles_and_model_names(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Django" not in page
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "E桥" in title
    names = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>(.*?)</a>', page, re.S)
    captions = re.findall(r"<caption>\s*<a [^>]*>(.*?)</a>", page, re.S)
    assert names and captions
    assert "审计日志" in names and "后台任务记录" in names and "后台任务" in captions
    assert not [n for n in names + captions if LATIN.search(n)], names + captions
    hidden = re.findall(r'<th scope="col">(.*?)</th>', page)
    assert hidden and not [h for h in hidden if LATIN.search(h)], hidden


ALLOWED = {"IP地址"}  # the usual Chinese name


def _labels(model, request) -> list[str]:
    """The model's names, its list columns and filters, and its change form's labels."""
    model_admin = admin.site._registry[model]
    labels = [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
    names = [n for n in model_admin.list_display if isinstance(n, str) and n != "__str__"]
    # A filter's title is the verbose name of the last field on its path ("roles__role").
    labels += [
        str(get_fields_from_path(model, n)[-1].verbose_name)
        for n in model_admin.list_filter
        if isinstance(n, str)
    ]
    names += list(model_admin.get_readonly_fields(request))
    labels += [str(label_for_field(name, model, model_admin)) for name in names]
    form = model_admin.get_form(request)
    labels += [str(field.label) for field in form.base_fields.values() if field.label]
    return [label for label in labels if label not in ALLOWED]


@pytest.mark.parametrize(
    "model", sorted(admin.site._registry, key=lambda m: m._meta.label), ids=lambda m: m._meta.label
)
def test_every_model_column_and_field_is_named_in_chinese(rf, office_tree, model):
    request = rf.get("/admin/")
    request.user = office_tree.city_admin.user
    with translation.override("zh-hans"):
        english = [label for label in _labels(model, request) if LATIN.search(label)]
        app = str(apps.get_app_config(model._meta.app_label).verbose_name)
    assert not english, f"{model._meta.label}: {english}"
    assert not LATIN.search(app), app


def test_the_audit_log_page_reads_in_chinese(admin_client):
    AuditEntry.objects.create(action="petition.close", target_type="intake.petition", target_id="1")
    page = admin_client.get(reverse("admin:core_auditentry_changelist")).content.decode()
    headings = _headings(page)
    assert "时间" in headings and not [h for h in headings if LATIN.search(h)], headings


def _cells(html: str) -> list[str]:
    """The visible text of the change list's rows and of its filters."""
    rows = html[html.index('id="result_list"') :]
    rows = rows[rows.index("<tbody>") : rows.index("</tbody>")]
    filters = html[html.index('id="changelist-filter"') :] if "changelist-filter" in html else ""
    text = re.sub(r"<[^>]+>", "\n", rows + filters)
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_audit_log_names_actions_and_record_types_in_chinese(admin_client, office_tree):
    """An administrator reads "交办信访件" and "信访件", not petition.assign and intake.petition."""
    from eqiao.workbench.tests.conftest import submit

    petition = submit(office_tree.guanxian)
    for action in ("petition.assign", "petition.reply_result", "staff_login", "office.move"):
        AuditEntry.objects.create(
            action=action, target_type="intake.petition", target_id=str(petition.pk)
        )
    page = admin_client.get(reverse("admin:core_auditentry_changelist")).content.decode()
    cells = _cells(page)
    assert "交办信访件" in cells and "答复办理结果" in cells and "干警登录" in cells
    assert "调整上级单位" in cells
    assert not [c for c in cells if re.fullmatch(r"[a-z_]+\.[a-z_]+|[a-z]+_[a-z_]+", c)], cells
    entry = AuditEntry.objects.filter(action="petition.assign").first()
    change = admin_client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert "交办信访件" in change.content.decode()
    heading = re.search(r"<h2>(.*?)</h2>", change.content.decode(), re.S).group(1)
    local = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M")
    assert local in heading and "petition.assign" not in heading, heading
    filtered = admin_client.get(
        reverse("admin:core_auditentry_changelist"), {"action": "petition.assign"}
    ).content.decode()
    assert "干警登录" not in _cells(filtered)[: len(_cells(filtered)) // 2]


def test_every_audit_action_the_code_writes_has_a_chinese_name():
    """Scans the services for the action codes they write: a new one without a registered
    name would show as a code in the admin."""
    from pathlib import Path

    from eqiao.core.audit import audit_action_label

    root = Path(apps.get_app_config("core").path).parent
    codes: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "audit_log(" not in source and "_ACTION = " not in source:
            continue
        codes |= set(re.findall(r'action="([a-z_.]+)"', source))
        codes |= set(re.findall(r'(?:if \w+ else|_ACTION =) "([a-z_.]+)"', source))
    codes |= {"petition.reply_procedural", "petition.reply_result"}  # f"petition.reply_{kind}"
    assert len(codes) > 20, codes
    with translation.override("zh-hans"):
        unnamed = sorted(code for code in codes if audit_action_label(code) == code)
    assert not unnamed, unnamed


def test_audit_entries_cannot_be_added_changed_or_deleted(admin_client, office_tree):
    entry = AuditEntry.objects.create(action="x", target_type="t", target_id="1")
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:core_auditentry_add"), {"action": "forged", "target_type": "t"}
    )
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="forged").exists()
    change = admin_client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    delete = admin_client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]))
    assert delete.status_code == 403 and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_form_is_in_chinese_with_role_choices(admin_client):
    template = EmergencyPlanTemplate.objects.get(name="集体访/越级访应急预案")
    page = admin_client.get(
        f"/admin/intake/emergencyplantemplate/{template.pk}/change/"
    ).content.decode()
    assert "处置步骤" in page and "负责角色" in page and "完成时限（小时）" in page
    assert 'value="立即联系信访人核实情况"' in page
    assert '<option value="office_head">负责人</option>' in page
    assert "owner_role&quot;" not in page and '"due_hours"' not in page


def test_a_plan_template_is_saved_through_the_admin_form(admin_client):
    response = admin_client.post(
        "/admin/intake/emergencyplantemplate/add/",
        {
            "name": "欠薪集体访预案",
            "description": "",
            "is_active": "on",
            "step_1_title": "联系劳动监察部门",
            "step_1_owner_role": "office_head",
            "step_1_due_hours": "8",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    template = EmergencyPlanTemplate.objects.get(name="欠薪集体访预案")
    assert template.steps == [
        {"title": "联系劳动监察部门", "owner_role": "office_head", "due_hours": 8}
    ]


def test_staff_pages_admin_and_exports_are_not_stored(client, office_tree, admin_client):
    for url in ("/staff/login/", reverse("workbench:queue"), "/admin/", "/admin/core/auditentry/"):
        response = admin_client.get(url)
        assert "no-store" in response["Cache-Control"], url
    export = admin_client.get(reverse("workbench:queue_export") + "?format=csv")
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]
    assert "no-store" not in client.get(reverse("portal:home")).get("Cache-Control", "")


def test_message_lists_name_purposes_and_handlers_in_chinese(admin_client, office_tree):
    """The outbound list says 受理回执 and 风险预警, not receipt and alert."""
    from eqiao.channels.labels import message_label
    from eqiao.workbench.tests.conftest import submit

    submit(office_tree.qingshui, content="庆海轴承拖欠我们工资,你们管不管,不管我们就去上访")
    page = admin_client.get(reverse("admin:channels_outboundmessage_changelist")).content.decode()
    cells = _cells(page)
    assert "受理回执" in cells and "风险预警" in cells, cells
    assert "receipt" not in cells and "alert" not in cells

    from pathlib import Path

    root = Path(apps.get_app_config("core").path).parent
    codes: set[str] = {"intake.petition", "channels.optout"}
    for path in root.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            source = path.read_text(encoding="utf-8")
            codes |= set(re.findall(r'\bpurpose="([a-z_]+)",\n', source))
    codes -= {"id_number"}  # the keyed hash's purpose, not a message's
    with translation.override("zh-hans"):
        unnamed = sorted(code for code in codes if message_label(code) == code)
    assert len(codes) >= 7 and not unnamed, (codes, unnamed)


def test_every_model_of_ours_has_a_chinese_name():
    """Names show beyond the admin's own lists: audit entries' record types, deletion pages."""
    with translation.override("zh-hans"):
        english = [
            f"{model._meta.label}: {model._meta.verbose_name}"
            for model in apps.get_models()
            if model.__module__.startswith("eqiao.") and LATIN.search(str(model._meta.verbose_name))
        ]
    assert not english, english


def test_user_pages_offer_no_english_django_permissions(admin_client, office_tree):
    """Roles are assigned on the people page; Django's groups and "Can add …" rows are not
    offered, and the add form's hint is in Chinese."""
    assert admin_client.get("/admin/auth/group/").status_code == 404
    user = office_tree.guanxian_head.user
    page = admin_client.get(reverse("admin:core_user_change", args=[user.pk])).content.decode()
    assert "Can add" not in page and 'name="user_permissions"' not in page
    page = admin_client.get(reverse("admin:core_user_add")).content.decode()
    assert "After you" not in page and "保存后可以再修改其他信息" in page


def test_task_tables_name_the_tasks_in_chinese(admin_client, office_tree):
    """The task queue and the scheduled jobs say 发送消息 and 每日待办提醒, not module paths."""
    from django_tasks_db.models import DBTaskResult

    from eqiao.channels.tasks import message_deliver_task
    from eqiao.core.scheduling import scheduled_jobs_ensure, scheduled_jobs_registered, task_label

    task_admin = admin.site._registry[DBTaskResult]
    with translation.override("zh-hans"):
        row = DBTaskResult(task_path=message_deliver_task.module_path)
        assert task_admin.task_label(row) == "发送消息"
        unnamed = [
            spec.task_path
            for spec in scheduled_jobs_registered()
            if task_label(spec.task_path) == spec.task_path
        ]
    assert not unnamed, unnamed
    scheduled_jobs_ensure()
    page = admin_client.get(reverse("admin:core_scheduledjob_changelist")).content.decode()
    assert "每日待办提醒" in _cells(page) and "重发未发出的消息" in _cells(page)


def test_a_nul_in_an_admin_form_gets_a_readable_message(admin_client):
    response = admin_client.post(
        reverse("admin:core_holiday_add"), {"date": "2027-10-01", "name": "国庆\x00节"}
    )
    page = response.content.decode()
    assert "输入的内容里有无法识别的字符，请只输入文字。" in page
    assert "不允许是用空字符串" not in page


def test_the_password_page_has_no_english_warning(admin_client, office_tree):
    user = office_tree.guanxian_head.user
    page = admin_client.get(reverse("admin:auth_user_password_change", args=[user.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "If disabled" not in text and "现有密码将失效" in text
