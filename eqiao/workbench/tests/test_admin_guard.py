"""The admin is reached only through the workbench's password + TOTP login."""

import pyotp
from django.utils import timezone


def test_admin_login_page_sends_staff_to_the_workbench_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_password_only_session_does_not_open_the_admin(client, office_tree):
    admin_user = office_tree.city_admin.user
    client.force_login(admin_user)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/staff/login/")
    assert response.request["PATH_INFO"] == "/staff/login/"


def test_admin_opens_after_password_and_totp(client, office_tree):
    user = office_tree.city_admin.user
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_confirmed_at = secret, timezone.now()
    user.save()
    client.post("/staff/login/", {"username": user.username, "password": office_tree.password})
    client.post("/staff/login/totp/", {"code": pyotp.TOTP(secret).now()})
    assert client.get("/admin/").status_code == 200
