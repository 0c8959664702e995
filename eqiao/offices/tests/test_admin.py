"""Offices created and moved in the Django admin go through the tree services: the path is
right, a bad parent is a form error (not a 500), and staff are shown, not edited, there."""

from __future__ import annotations

import pytest

from eqiao.core.models import AuditEntry
from eqiao.offices.models import Level, Procuratorate
from eqiao.offices.selectors import office_paths_inconsistent

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/offices/procuratorate/add/"


@pytest.fixture
def admin_client(client, office_tree, settings):
    settings.EQIAO_STAFF_TOTP_REQUIRED = False  # the second factor has its own tests
    client.force_login(office_tree.city_admin.user)
    return client


def _form(**values):
    return {
        "name": "冠县人民检察院驻北馆陶检察室",
        "short_name": "北馆陶检察室",
        "level": Level.TOWNSHIP,
        "parent": "",
        "code": "",
        "region": "",
        "township": "北馆陶镇",
        "phone": "",
        "address": "",
        "sort": "0",
    } | values


def test_an_office_added_in_the_admin_gets_its_path(admin_client, office_tree):
    response = admin_client.post(ADD_URL, _form(parent=office_tree.guanxian.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    office = Procuratorate.objects.get(short_name="北馆陶检察室")
    assert office.path == f"{office_tree.guanxian.path}{office.pk}/"
    assert office.region == "冠县"
    assert AuditEntry.objects.filter(action="office.create", actor=office_tree.city_admin.user)
    # Its head sees the outpost's records only, not the city's.
    assert not office_tree.city.is_within(office)


def test_a_wrong_parent_is_a_form_error(admin_client, office_tree):
    response = admin_client.post(ADD_URL, _form(parent=office_tree.city.pk))
    assert response.status_code == 200
    assert "派驻检察室的上级单位必须是基层院" in response.content.decode()
    assert not Procuratorate.objects.filter(short_name="北馆陶检察室").exists()


def test_an_outpost_moved_in_the_admin_takes_the_new_path(admin_client, office_tree):
    t = office_tree
    url = f"/admin/offices/procuratorate/{t.qingshui.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        _form(
            name=t.qingshui.name,
            short_name=t.qingshui.short_name,
            parent=t.linqing.pk,
            region=t.qingshui.region,
            township=t.qingshui.township,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    t.qingshui.refresh_from_db()
    assert t.qingshui.path == f"{t.linqing.path}{t.qingshui.pk}/"
    assert office_paths_inconsistent() == []


def test_an_office_cannot_be_moved_under_a_wrong_level(admin_client, office_tree):
    t = office_tree
    url = f"/admin/offices/procuratorate/{t.guanxian.pk}/change/"
    response = admin_client.post(
        url, _form(name=t.guanxian.name, short_name="冠县院", level=Level.COUNTY, parent="")
    )
    assert response.status_code == 200
    assert "基层院的上级单位必须是市院" in response.content.decode()
    t.guanxian.refresh_from_db()
    assert t.guanxian.parent_id == t.city.pk


def test_staff_and_their_roles_are_shown_read_only(admin_client, office_tree):
    editor = office_tree.guanxian_editor
    page = admin_client.get(f"/admin/offices/staff/{editor.pk}/change/").content.decode()
    assert "检察官" in page and "编辑" in page
    listing = admin_client.get("/admin/offices/staff/").content.decode()
    assert "检察官、编辑" in listing
    assert admin_client.get("/admin/offices/staff/add/").status_code == 403
