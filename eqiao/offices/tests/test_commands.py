"""A fresh install gets its first administrator (and the city office) from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from eqiao.offices.models import Level, Procuratorate, Role, Staff

pytestmark = pytest.mark.django_db


def _run(*args, password="Kaishi-2026-admin"):
    import sys

    stdin, sys.stdin = sys.stdin, io.StringIO(password + "\n")
    try:
        out = io.StringIO()
        call_command("staff_add", *args, "--password-stdin", stdout=out)
        return out.getvalue()
    finally:
        sys.stdin = stdin


def test_the_first_administrator_and_the_city_office():
    out = _run(
        "admin",
        "--full-name",
        "王明",
        "--roles",
        "administrator",
        "--city-name",
        "聊城市人民检察院",
    )
    staff = Staff.objects.get(user__username="admin")
    assert staff.office.level == Level.CITY and staff.office.path == f"{staff.office.pk}/"
    assert staff.role_codes == {Role.ADMINISTRATOR}
    assert staff.user.is_superuser and staff.user.check_password("Kaishi-2026-admin")
    assert "admin" in out


def test_two_roles_at_a_given_office(office_tree):
    _run(
        "gx_zhao",
        "--full-name",
        "赵雨萱",
        "--office",
        str(office_tree.guanxian.pk),
        "--roles",
        "prosecutor,editor",
    )
    staff = Staff.objects.get(user__username="gx_zhao")
    assert staff.office == office_tree.guanxian
    assert staff.role_codes == {Role.PROSECUTOR, Role.EDITOR}


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["x", "--full-name", "王", "--roles", "janitor"], "Kaishi-2026-admin", "unknown roles"),
        (["x", "--full-name", "王", "--roles", "administrator"], "Kaishi-2026-admin", "city-name"),
        (
            ["x", "--full-name", "王", "--roles", "administrator", "--city-name", "市院"],
            "123",
            None,
        ),
    ],
)
def test_mistakes_are_reported(args, password, message):
    with pytest.raises(CommandError, match=message):
        _run(*args, password=password)
    assert not Procuratorate.objects.exists()
