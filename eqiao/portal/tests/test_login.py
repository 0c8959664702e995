"""Citizen login by phone and SMS code: the services and the pages, including expiry,
wrong codes and the resend throttle."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.intake.models import CitizenLoginCode
from eqiao.portal.services import citizen_login_code_send, citizen_login_code_verify

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


@pytest.fixture
def send(django_capture_on_commit_callbacks, sms_outbox):
    """Send a code and return it as read from the SMS."""

    def run(phone=PHONE, ip="127.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            citizen_login_code_send(phone=phone, ip=ip)
        return re.search(r"验证码是(\d{6})", sms_outbox[-1].text).group(1)

    return run


def test_code_is_sent_by_sms_and_stored_only_hashed(send, sms_outbox):
    code = send()
    assert sms_outbox[-1].phone == PHONE
    row = CitizenLoginCode.objects.get()
    assert code not in row.code_hash
    assert row.expires_at - row.created_at == dt.timedelta(minutes=10)
    assert citizen_login_code_verify(phone=PHONE, code=code) == PHONE


def test_a_code_works_once(send):
    code = send()
    citizen_login_code_verify(phone=PHONE, code=code)
    with pytest.raises(ApplicationError, match="已过期"):
        citizen_login_code_verify(phone=PHONE, code=code)


def test_expired_code_is_refused(send):
    code = send()
    CitizenLoginCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ApplicationError, match="验证码已过期，请重新获取。"):
        citizen_login_code_verify(phone=PHONE, code=code)


def test_five_wrong_codes_spend_the_code(send):
    code = send()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(ApplicationError, match=f"还可以再试{left}次"):
            citizen_login_code_verify(phone=PHONE, code=wrong)
    with pytest.raises(ApplicationError, match="输错次数太多"):
        citizen_login_code_verify(phone=PHONE, code=wrong)
    with pytest.raises(ApplicationError, match="输错次数太多"):
        citizen_login_code_verify(phone=PHONE, code=code)  # even the right one, now


def test_a_new_code_replaces_the_old(send):
    old = send()
    from django.core.cache import cache

    cache.clear()  # let the resend throttle pass
    new = send()
    if old != new:
        with pytest.raises(ApplicationError):
            citizen_login_code_verify(phone=PHONE, code=old)
    assert citizen_login_code_verify(phone=PHONE, code=new) == PHONE


def test_resend_is_throttled_per_minute_and_per_hour(send, monkeypatch, throttle_clock):
    send()
    with pytest.raises(RateLimitedError, match="1分钟"):
        citizen_login_code_send(phone=PHONE, ip="127.0.0.1")
    # Pretend the minute has passed (per-minute windows only) and send up to the hour limit.
    from eqiao.core import ratelimit

    real_count = ratelimit.count

    def count(key, *, window_seconds):
        return 0 if window_seconds == 60 else real_count(key, window_seconds=window_seconds)

    monkeypatch.setattr(ratelimit, "count", count)
    for _ in range(4):
        send()
    with pytest.raises(RateLimitedError, match="1小时"):
        citizen_login_code_send(phone=PHONE, ip="127.0.0.1")


def test_one_address_cannot_spray_codes_at_many_phones(send):
    for i in range(3):
        send(phone=f"1380000000{i}", ip="10.1.1.1")
    with pytest.raises(RateLimitedError):
        citizen_login_code_send(phone="13800000009", ip="10.1.1.1")


@pytest.mark.parametrize(
    ("phone", "message"), [("", "请填写手机号。"), ("1234", "手机号应为11位数字")]
)
def test_bad_phone_is_refused(phone, message):
    with pytest.raises(ApplicationError, match=message) as exc:
        citizen_login_code_send(phone=phone, ip="127.0.0.1")
    assert exc.value.field == "phone"
    assert not CitizenLoginCode.objects.exists()


# --- the pages -----------------------------------------------------------------------


def _login(client, django_capture_on_commit_callbacks, sms_outbox, phone=PHONE):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:login"), {"phone": phone})
    assert response.status_code == 302 and response.url == reverse("portal:login_code")
    code = re.search(r"验证码是(\d{6})", sms_outbox[-1].text).group(1)
    return client.post(reverse("portal:login_code"), {"code": code})


def test_login_then_my_petitions_lists_only_that_phones_petitions(
    client, petition, django_capture_on_commit_callbacks, sms_outbox
):
    from eqiao.intake.services.submission import petition_submit

    other = petition_submit(
        kind="appeal",
        channel="web",
        name="王某某",
        phone="13900000000",
        content="别人的申诉内容，不应该出现在列表里。",
    ).petition
    response = _login(client, django_capture_on_commit_callbacks, sms_outbox)
    assert response.status_code == 302 and response.url == reverse("portal:my_petitions")
    html = client.get(response.url).content.decode()
    assert petition.tracking_number in html
    assert other.tracking_number not in html
    assert "138****5678" in html
    # The verified phone opens the status page without the password.
    page = client.get(reverse("portal:petition", kwargs={"number": petition.tracking_number}))
    assert page.status_code == 200
    denied = client.get(reverse("portal:petition", kwargs={"number": other.tracking_number}))
    assert denied.status_code == 302


def test_my_petitions_needs_login(client, office_tree):
    response = client.get(reverse("portal:my_petitions"))
    assert response.status_code == 302 and response.url.startswith(reverse("portal:login"))


def test_login_returns_to_the_page_asked_for(
    client, petition, django_capture_on_commit_callbacks, sms_outbox
):
    client.get(reverse("portal:login") + "?next=/my/")
    assert _login(client, django_capture_on_commit_callbacks, sms_outbox).url == "/my/"
    client.post(reverse("portal:logout"))
    from django.core.cache import cache

    cache.clear()  # let the resend throttle pass
    client.get(reverse("portal:login") + "?next=https://evil.example/")
    assert _login(client, django_capture_on_commit_callbacks, sms_outbox).url == reverse(
        "portal:my_petitions"
    )


def test_wrong_code_on_the_page_says_how_many_tries_are_left(
    client, office_tree, django_capture_on_commit_callbacks, sms_outbox
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"phone": PHONE})
    code = re.search(r"验证码是(\d{6})", sms_outbox[-1].text).group(1)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("portal:login_code"), {"code": wrong})
    assert response.status_code == 400
    assert "验证码不对，还可以再试4次。" in response.content.decode()
    short = client.post(reverse("portal:login_code"), {"code": "12345"})
    assert "验证码是6位数字" in short.content.decode()


def test_resend_too_soon_on_the_page_is_a_clear_429(
    client, office_tree, django_capture_on_commit_callbacks, sms_outbox, throttle_clock
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"phone": PHONE})
    throttle_clock.advance(15)
    response = client.post(reverse("portal:login"), {"phone": PHONE, "again": "1"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "请等45秒再重新获取" in html and "请修改下面标红的地方" not in html
    assert len(sms_outbox) == 1


def test_bad_phone_on_the_page_keeps_it(client, office_tree):
    response = client.post(reverse("portal:login"), {"phone": "1380013"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "手机号应为11位数字" in html and 'value="1380013"' in html


def test_logout_forgets_the_phone(client, petition, django_capture_on_commit_callbacks, sms_outbox):
    _login(client, django_capture_on_commit_callbacks, sms_outbox)
    client.post(reverse("portal:logout"))
    assert client.get(reverse("portal:my_petitions")).status_code == 302


def test_my_petitions_query_count_does_not_grow_with_the_list(
    client,
    petition,
    django_capture_on_commit_callbacks,
    sms_outbox,
    django_assert_max_num_queries,
):
    from eqiao.intake.services.submission import petition_submit

    for i in range(10):
        petition_submit(
            kind="consultation",
            channel="web",
            name="李某某",
            phone=PHONE,
            content=f"第{i}个法律问题：工资被拖欠怎么办？",
        )
    _login(client, django_capture_on_commit_callbacks, sms_outbox)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("portal:my_petitions")).content.decode()
    assert html.count('class="petition-card"') == 11
