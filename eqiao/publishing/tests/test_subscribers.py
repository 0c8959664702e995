"""The staff page for the mobile digest's subscribers: the list with opt-outs shown, add,
remove, and a CSV import that reports each bad row with its line and why."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eqiao.channels.services.optout import optout_record
from eqiao.core.models import AuditEntry
from eqiao.publishing.models import GroupKind, Subscriber, SubscriberGroup
from eqiao.publishing.services.digest import subscriber_set
from eqiao.publishing.tests.conftest import login_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def npc(desk):
    group = SubscriberGroup.objects.create(office=desk.office, kind=GroupKind.NPC, name="人大代表")
    subscriber_set(group=group, phone="13906350001", active=True, method="sms")
    return group


def page_url(group):
    return reverse("workbench:digest_subscribers") + f"?group={group.pk}"


def test_staff_add_and_remove_a_subscriber_and_see_who_opted_out(desk, npc, client):
    optout_record(address="13906350001")
    login_as(client, desk.editor)
    page = client.get(page_url(npc)).content.decode()
    assert "13906350001" in page and "已退订全部短信" in page
    assert "订阅中1人，其中1人已退订全部短信" in page

    bad = client.post(
        reverse("workbench:digest_subscribers"),
        {"group": npc.pk, "action": "add", "phone": "1390635"},
        follow=True,
    )
    assert bad.status_code == 400 and "请输入正确的11位手机号码" in bad.content.decode()
    client.post(
        reverse("workbench:digest_subscribers"),
        {"group": npc.pk, "action": "add", "phone": "139 0635 0002"},
    )
    added = Subscriber.objects.get(group=npc, phone="13906350002")
    assert added.active and added.method == "staff"
    client.post(
        reverse("workbench:digest_subscribers"),
        {"group": npc.pk, "action": "remove", "sub": added.pk},
    )
    added.refresh_from_db()
    assert not added.active
    assert "已停止订阅" in client.get(page_url(npc)).content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"digest.subscriber_add", "digest.subscriber_remove"} <= actions


def test_a_csv_import_adds_the_good_rows_and_names_each_bad_one(desk, npc, client):
    optout_record(address="13906350005")
    rows = [
        "手机号,姓名",
        "13906350001,已在名单",
        "13906350002,李代表",
        "1390635000,少一位",
        "13906350002,重复",
        ",没有号码",
        "",
        "13906350005,退订过",
        "２３９０６３５０００６,全角",
    ]
    data = "\r\n".join(rows).encode("gbk")  # as Excel saves it on a Chinese Windows
    login_as(client, desk.editor)
    response = client.post(
        reverse("workbench:digest_subscribers"),
        {
            "group": npc.pk,
            "action": "import",
            "file": SimpleUploadedFile("名单.csv", data, content_type="text/csv"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "新增2个，已在名单中1个，有问题4行。" in page
    result = response.context["result"]
    assert [(p.line, p.message) for p in result.errors] == [
        (4, "不是正确的11位手机号码。"),
        (5, "与第3行的号码重复。"),
        (6, "第一列没有手机号码。"),
        (9, "不是正确的11位手机号码。"),
    ]
    assert [(p.line, p.value) for p in result.opted_out] == [(8, "13906350005")]
    assert "不会收到手机报" in page
    phones = set(Subscriber.objects.filter(group=npc, active=True).values_list("phone", flat=True))
    assert phones == {"13906350001", "13906350002", "13906350005"}


def test_a_file_that_is_not_text_gets_a_clear_error(desk, npc, client):
    login_as(client, desk.editor)
    response = client.post(
        reverse("workbench:digest_subscribers"),
        {
            "group": npc.pk,
            "action": "import",
            "file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x81\x00" * 10),
        },
        follow=True,
    )
    assert response.status_code == 400
    assert "无法识别文件编码" in response.content.decode()
    missing = client.post(
        reverse("workbench:digest_subscribers"), {"group": npc.pk, "action": "import"}
    )
    assert missing.status_code == 400 and "请选择CSV文件" in missing.content.decode()


def test_a_sibling_countys_staff_do_not_see_the_group(desk, npc, client):
    login_as(client, desk.linqing_head)
    page = client.get(page_url(npc)).content.decode()
    assert "13906350001" not in page


def test_an_import_brings_back_a_removed_subscriber_and_loads_thousands_of_rows(desk, npc):
    from eqiao.publishing.services.digest import subscriber_remove, subscribers_import

    subscriber_remove(actor=desk.editor, subscriber=npc.subscribers.get())
    phones = ["13906350001"] + [f"1370635{n:04d}" for n in range(5000)]
    result = subscribers_import(actor=desk.editor, group=npc, data="\n".join(phones).encode())
    assert (result.added, result.already, result.errors) == (5001, 0, [])
    assert npc.subscribers.filter(active=True).count() == 5001
    again = subscribers_import(actor=desk.editor, group=npc, data="\n".join(phones).encode())
    assert (again.added, again.already) == (0, 5001)
