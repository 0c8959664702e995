"""A receptionist enters a hotline petition; a staff member reads their notifications."""

from __future__ import annotations

from django.urls import reverse

from eqiao.core.models import Notification
from eqiao.intake.models import Channel, Petition

NEW = reverse("workbench:petition_new")


def form_data(office, **extra):
    return {
        "idempotency_key": "k-1",
        "channel": Channel.HOTLINE,
        "kind": "complaint",
        "office": office.pk,
        "name": "李秀英",
        "phone": "13912345678",
        "id_number": "",
        "address": "",
        "origin": "山东省",
        "title": "",
        "content": "邻村企业长期排污，影响饮水安全。",
        **extra,
    }


def test_hotline_petition_shows_the_number_and_password_to_read_out(
    as_staff, office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    client = as_staff(office_tree.guanxian_receptionist)
    assert "录入信访" in client.get(NEW).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form_data(office_tree.qingshui))
    petition = Petition.objects.get()
    assert response["Location"] == reverse("workbench:petition_receipt", args=[petition.pk])
    assert petition.channel == Channel.HOTLINE and petition.office == office_tree.qingshui
    assert petition.events.get().actor == office_tree.guanxian_receptionist
    page = client.get(response["Location"]).content.decode()
    assert petition.tracking_number in page
    password = sms_outbox[0].text.split("查询密码")[1][:6]
    assert password in page
    # Shown once only.
    assert password not in client.get(response["Location"]).content.decode()
    # The same form posted again (a double click) creates nothing new.
    client.post(NEW, form_data(office_tree.qingshui))
    assert Petition.objects.count() == 1


def test_bad_input_is_explained_and_what_was_typed_is_kept(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_receptionist)
    response = client.post(NEW, form_data(office_tree.guanxian, phone="12345"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "手机号应为11位数字" in page
    assert "邻村企业长期排污" in page and "李秀英" in page
    assert not Petition.objects.exists()


def test_office_outside_the_subtree_cannot_be_chosen(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_receptionist)
    response = client.post(NEW, form_data(office_tree.lindong))
    assert response.status_code == 200
    assert not Petition.objects.exists()


def test_notifications_are_marked_read_one_by_one_or_all(as_staff, office_tree):
    user = office_tree.guanxian_head.user
    first = Notification.objects.create(recipient=user, text="第一条")
    Notification.objects.create(recipient=user, text="第二条")
    other = Notification.objects.create(recipient=office_tree.linqing_head.user, text="别人的")
    client = as_staff(office_tree.guanxian_head)
    page = client.get(reverse("workbench:notifications")).content.decode()
    assert "第一条" in page and "别人的" not in page
    assert '<span class="badge badge-danger">2</span>' in page
    client.post(reverse("workbench:notification_read", args=[first.pk]))
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("workbench:notification_read", args=[other.pk]))
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("workbench:notifications_read_all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_notification_next_must_stay_on_site(as_staff, office_tree):
    note = Notification.objects.create(recipient=office_tree.guanxian_head.user, text="x")
    response = as_staff(office_tree.guanxian_head).post(
        reverse("workbench:notification_read", args=[note.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("workbench:notifications")


def test_language_switch_to_english(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_head)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("workbench:queue")})
    page = client.get(reverse("workbench:queue")).content.decode()
    assert 'lang="en"' in page
    assert "Queue" in page
