"""Staff login: password, then a TOTP code; enrolment on first login; limits on guessing."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from eqiao.core.models import AuditEntry
from eqiao.workbench.auth import PENDING_KEY

LOGIN = reverse("workbench:login")
TOTP = reverse("workbench:login_totp")
QUEUE = reverse("workbench:queue")


def enrol(user, secret=None):
    user.totp_secret = secret or pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save()
    return user.totp_secret


def password_step(client, username, password="pass-1234"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_password_then_totp_lets_an_enrolled_officer_in(client, office_tree):
    secret = enrol(office_tree.guanxian_head.user)
    response = password_step(client, "gx_head")
    assert response.status_code == 302 and response["Location"] == TOTP
    # Not in yet: the queue still sends them to the login page.
    assert client.get(QUEUE).status_code == 302
    response = client.post(TOTP, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response["Location"] == QUEUE
    page = client.get(QUEUE)
    assert page.status_code == 200
    assert "冠县人民检察院" in page.content.decode()
    assert AuditEntry.objects.filter(
        action="staff_login", actor=office_tree.guanxian_head.user
    ).exists()


def test_wrong_code_is_refused_and_a_used_code_cannot_be_replayed(client, office_tree):
    secret = enrol(office_tree.guanxian_head.user)
    password_step(client, "gx_head")
    response = client.post(
        TOTP, {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert "动态验证码不正确" in response.content.decode()
    assert client.get(QUEUE).status_code == 302

    code = pyotp.TOTP(secret).now()
    assert client.post(TOTP, {"code": code}).status_code == 302
    client.post(reverse("workbench:logout"))
    password_step(client, "gx_head")
    response = client.post(TOTP, {"code": code})
    assert response.status_code == 200, "the same code must not open a second session"


def test_wrong_password_never_reaches_the_totp_step(client, office_tree):
    enrol(office_tree.guanxian_head.user)
    response = password_step(client, "gx_head", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert PENDING_KEY not in client.session
    assert client.get(TOTP)["Location"] == LOGIN


def test_first_login_enrols_with_a_qr_code_and_a_confirming_code(client, office_tree):
    user = office_tree.linqing_head.user
    assert not user.totp_secret
    password_step(client, "lq_head")
    page = client.get(TOTP).content.decode()
    assert "<svg" in page and "绑定动态验证器" in page
    secret = client.session[PENDING_KEY]["secret"]
    assert re.sub(r"\s", "", re.search(r'class="secret">([^<]+)<', page).group(1)) == secret
    # A wrong code does not enrol.
    client.post(TOTP, {"code": "12345"})
    user.refresh_from_db()
    assert user.totp_confirmed_at is None
    response = client.post(TOTP, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == QUEUE
    user.refresh_from_db()
    assert user.totp_secret == secret and user.totp_confirmed_at is not None
    assert AuditEntry.objects.filter(action="totp_enrolled", actor=user).exists()


def test_only_active_staff_may_enter(client, office_tree, django_user_model):
    django_user_model.objects.create_user(username="citizen", password="pass-1234")
    response = password_step(client, "citizen")
    assert "没有工作台权限" in response.content.decode()
    staff = office_tree.guanxian_prosecutor
    staff.is_active = False
    staff.save()
    assert "没有工作台权限" in password_step(client, "gx_prosecutor").content.decode()


def test_a_password_only_session_does_not_open_the_workbench(client, office_tree):
    """A session from the admin's password login must still pass the TOTP step."""
    client.force_login(office_tree.guanxian_head.user)
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_failed_logins_slow_the_next_try_and_say_for_how_long(client, office_tree, throttle_clock):
    for _ in range(5):
        assert password_step(client, "gx_head", "wrong").status_code == 200
    response = password_step(client, "gx_head")  # even the right password waits a moment
    assert response.status_code == 429 and response["Retry-After"] == "5"
    assert "登录失败次数过多，请5秒后再试。" in response.content.decode()
    throttle_clock.advance(5)
    assert password_step(client, "gx_head").status_code == 302


def test_failures_from_one_address_do_not_lock_out_the_others_behind_it(
    client, office_tree, throttle_clock
):
    """An office logs in from behind one router: one officer's (or a script's) wrong
    passwords do not stop colleagues at the same address."""
    for _ in range(20):
        password_step(client, "gx_head", "wrong")
    assert password_step(client, "gx_head").status_code == 429
    assert password_step(client, "gx_reception").status_code == 302


def test_a_username_under_attack_lets_the_right_password_in_within_a_minute(
    client, office_tree, throttle_clock
):
    """Many addresses guess one officer's password for ten minutes; the officer, at a new
    address, is told to wait at most a minute and is then let in."""
    for second in range(0, 600, 4):
        for bot in range(4):
            client.post(
                LOGIN,
                {"username": "gx_head", "password": f"guess-{second}-{bot}"},
                REMOTE_ADDR=f"172.16.{bot}.{second % 250}",
            )
        throttle_clock.advance(4)
    officer = client.post(
        LOGIN, {"username": "gx_head", "password": "pass-1234"}, REMOTE_ADDR="10.8.8.8"
    )
    if officer.status_code == 429:
        wait = int(officer["Retry-After"])
        assert wait <= 60
        throttle_clock.advance(wait)
        officer = client.post(
            LOGIN, {"username": "gx_head", "password": "pass-1234"}, REMOTE_ADDR="10.8.8.8"
        )
    assert officer.status_code == 302


def test_a_generous_budget_still_slows_one_address_trying_many_usernames(
    client, office_tree, throttle_clock
):
    for i in range(50):
        assert password_step(client, f"guess{i}", "wrong").status_code == 200
    assert password_step(client, "gx_reception").status_code == 429
    assert (
        client.post(
            LOGIN, {"username": "gx_reception", "password": "pass-1234"}, REMOTE_ADDR="10.8.8.8"
        ).status_code
        == 302
    )


@override_settings(EQIAO_TRUSTED_PROXY_DEPTH=1)
def test_behind_the_reverse_proxy_each_officer_is_counted_at_their_own_address(
    client, office_tree, throttle_clock
):
    """All requests come from the proxy (REMOTE_ADDR), which names the real address in
    X-Forwarded-For: one address's failures do not slow another behind the same proxy."""
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for i in range(60):
        client.post(
            LOGIN,
            {"username": f"guess{i}", "password": "x"},
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.23",
            **proxy,
        )
    officer = client.post(
        LOGIN,
        {"username": "gx_head", "password": "pass-1234"},
        HTTP_X_FORWARDED_FOR="198.51.100.24",
        **proxy,
    )
    assert officer.status_code == 302
    forged = client.post(
        LOGIN,
        {"username": "gx_head", "password": "pass-1234"},
        HTTP_X_FORWARDED_FOR="198.51.100.24, 198.51.100.23",  # a forged prefix changes nothing
        **proxy,
    )
    assert forged.status_code == 429


def test_wrong_totp_codes_are_slowed(client, office_tree, throttle_clock):
    secret = enrol(office_tree.guanxian_head.user)
    password_step(client, "gx_head")
    for _ in range(5):
        client.post(TOTP, {"code": "999999"})
    response = client.post(TOTP, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert "登录失败次数过多，请30秒后再试。" in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_next_cannot_point_off_site(client, office_tree, settings, target):
    settings.EQIAO_STAFF_TOTP_REQUIRED = False
    response = client.post(LOGIN, {"username": "gx_head", "password": "pass-1234", "next": target})
    assert response["Location"] == QUEUE


def test_demo_without_second_factor_goes_straight_in(client, office_tree, settings):
    settings.EQIAO_STAFF_TOTP_REQUIRED = False
    response = client.post(
        LOGIN, {"username": "gx_head", "password": "pass-1234", "next": reverse("workbench:alerts")}
    )
    assert response["Location"] == reverse("workbench:alerts")
    assert client.get(QUEUE).status_code == 200


def test_logout_ends_the_session(client, office_tree, settings):
    settings.EQIAO_STAFF_TOTP_REQUIRED = False
    password_step(client, "gx_head")
    assert client.get(reverse("workbench:logout")).status_code == 405
    client.post(reverse("workbench:logout"))
    assert client.get(QUEUE).status_code == 302
