"""Factories for offices and staff (test data only; names from Faker zh_CN)."""

from __future__ import annotations

from types import SimpleNamespace

from faker import Faker

from eqiao.offices.models import Level, Role
from eqiao.offices.services import procuratorate_create, staff_create

fake = Faker("zh_CN")
PASSWORD = "pass-1234"


def make_staff(office, role, username: str, *, mobile: str = ""):
    """A staff member holding `role` (one role, or a list of roles)."""
    roles = [role] if isinstance(role, str) else list(role)
    return staff_create(
        username=username,
        password=PASSWORD,
        office=office,
        roles=roles,
        full_name=fake.name(),
        mobile=mobile or fake.phone_number(),
    )


def build_office_tree() -> SimpleNamespace:
    city = procuratorate_create(
        name="聊城市人民检察院",
        short_name="聊城市院",
        level=Level.CITY,
        code="371500",
        region="聊城市",
    )
    guanxian = procuratorate_create(
        name="冠县人民检察院",
        short_name="冠县院",
        level=Level.COUNTY,
        parent=city,
        code="371525",
        region="冠县",
    )
    linqing = procuratorate_create(
        name="临清市人民检察院",
        short_name="临清市院",
        level=Level.COUNTY,
        parent=city,
        code="371581",
        region="临清市",
    )
    qingshui = procuratorate_create(
        name="冠县人民检察院驻清水检察室",
        short_name="清水检察室",
        level=Level.TOWNSHIP,
        parent=guanxian,
        township="清水镇",
    )
    ganguantun = procuratorate_create(
        name="冠县人民检察院驻甘官屯检察室",
        short_name="甘官屯检察室",
        level=Level.TOWNSHIP,
        parent=guanxian,
        township="甘官屯镇",
    )
    lindong = procuratorate_create(
        name="临清市人民检察院驻临东检察室",
        short_name="临东检察室",
        level=Level.TOWNSHIP,
        parent=linqing,
        township="先锋路街道",
    )
    ns = SimpleNamespace(
        city=city,
        guanxian=guanxian,
        linqing=linqing,
        qingshui=qingshui,
        ganguantun=ganguantun,
        lindong=lindong,
        password=PASSWORD,
    )
    ns.city_receptionist = make_staff(city, Role.RECEPTIONIST, "city_reception")
    ns.city_head = make_staff(city, Role.OFFICE_HEAD, "city_head")
    ns.city_admin = make_staff(city, Role.ADMINISTRATOR, "city_admin")
    ns.guanxian_head = make_staff(guanxian, Role.OFFICE_HEAD, "gx_head")
    ns.guanxian_receptionist = make_staff(guanxian, Role.RECEPTIONIST, "gx_reception")
    ns.guanxian_prosecutor = make_staff(guanxian, Role.PROSECUTOR, "gx_prosecutor")
    # Two roles: the county's prosecutor who is also its editor.
    ns.guanxian_editor = make_staff(guanxian, [Role.PROSECUTOR, Role.EDITOR], "gx_editor")
    ns.guanxian_admin = make_staff(guanxian, Role.ADMINISTRATOR, "gx_admin")
    ns.qingshui_head = make_staff(qingshui, Role.OFFICE_HEAD, "qs_head", mobile="13906351234")
    ns.qingshui_prosecutor = make_staff(qingshui, Role.PROSECUTOR, "qs_prosecutor")
    ns.linqing_head = make_staff(linqing, Role.OFFICE_HEAD, "lq_head")
    ns.linqing_prosecutor = make_staff(linqing, Role.PROSECUTOR, "lq_prosecutor")
    ns.lindong_head = make_staff(lindong, Role.OFFICE_HEAD, "ld_head")
    return ns
