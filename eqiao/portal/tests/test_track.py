"""Looking a petition up by tracking number and password, and the status page."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import override_settings
from django.urls import reverse

from eqiao.intake.models import EventKind, Petition, PetitionEvent, RiskAlert
from eqiao.intake.services.query_password import query_password_hash
from eqiao.portal import services

pytestmark = pytest.mark.django_db

TRACK = "/track/"
GENERIC = "受理编号或查询密码不对"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def _track(client, number, password, **extra):
    return client.post(TRACK, {"tracking_number": number, "password": password}, **extra)


def test_right_password_opens_the_status_page(client, petition):
    response = _track(client, petition.tracking_number, petition.password)
    assert response.status_code == 302
    assert response.url == reverse("portal:petition", kwargs={"number": petition.tracking_number})
    html = client.get(response.url).content.decode()
    assert petition.tracking_number in html
    assert "当前进度" in html and "已受理" in html and "已办结" in html
    assert "公安局一直不退还取保候审保证金" in html


def test_full_width_digits_and_spaces_are_accepted(client, petition):
    number = " ".join(petition.tracking_number).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    assert _track(client, number, petition.password).status_code == 302


def test_wrong_password_and_unknown_number_get_the_same_message(client, petition):
    wrong = _track(
        client, petition.tracking_number, "000000" if petition.password != "000000" else "111111"
    )
    unknown = _track(client, "999999999999", petition.password)
    assert wrong.status_code == unknown.status_code == 400
    assert GENERIC in wrong.content.decode() and GENERIC in unknown.content.decode()


def test_a_petition_with_an_old_password_hash_opens_and_is_upgraded(client, petition):
    """Filed before the keyed hash: a Django password hash still opens it, once."""
    hasher = PBKDF2PasswordHasher()
    old = hasher.encode(petition.password, hasher.salt(), iterations=1000)
    Petition.objects.filter(pk=petition.pk).update(query_password_hash=old)
    with override_settings(PASSWORD_HASHERS=[PBKDF2]):
        assert _track(client, petition.tracking_number, petition.password).status_code == 302
    petition.refresh_from_db()
    assert petition.query_password_hash == query_password_hash(petition.password)


def test_empty_fields_are_named(client, office_tree):
    assert "请填写受理编号。" in _track(client, "", "123456").content.decode()
    assert "请填写查询密码。" in _track(client, "250101123456", "").content.decode()


def _wrong(petition) -> str:
    return "000000" if petition.password != "000000" else "111111"


def test_a_strangers_wrong_guesses_do_not_lock_the_owner_out(client, petition, throttle_clock):
    """Someone at another address tries the owner's number again and again: they are
    slowed down, and the owner, with the right password, gets in at once."""
    codes = [
        _track(
            client, petition.tracking_number, _wrong(petition), REMOTE_ADDR="10.0.0.66"
        ).status_code
        for _i in range(8)
    ]
    assert codes[:3] == [400, 400, 400] and set(codes[3:]) == {429}
    owner = _track(client, petition.tracking_number, petition.password, REMOTE_ADDR="10.0.0.7")
    assert owner.status_code == 302


def test_mistyping_the_password_only_makes_the_next_try_wait_a_little(
    client, petition, throttle_clock
):
    for _i in range(3):
        assert _track(client, petition.tracking_number, _wrong(petition)).status_code == 400
    slowed = _track(client, petition.tracking_number, petition.password)
    assert slowed.status_code == 429
    html = slowed.content.decode()
    assert "请5秒后再试" in html and "请修改下面标红的地方" not in html
    throttle_clock.advance(5)
    assert _track(client, petition.tracking_number, petition.password).status_code == 302


def test_an_attack_from_many_addresses_keeps_the_owner_out_a_minute_at_most(
    client, petition, throttle_clock
):
    for second in range(0, 300, 3):  # five minutes of guessing from 100 addresses
        for bot in range(0, 100, 10):
            _track(
                client,
                petition.tracking_number,
                f"{second:06d}",
                REMOTE_ADDR=f"172.16.{bot + second % 10}.9",
            )
        throttle_clock.advance(3)
    refused = _track(client, petition.tracking_number, petition.password, REMOTE_ADDR="10.9.9.9")
    if refused.status_code == 429:
        assert "秒后再试" in refused.content.decode()
        throttle_clock.advance(60)
    owner = _track(client, petition.tracking_number, petition.password, REMOTE_ADDR="10.9.9.9")
    assert owner.status_code == 302


def test_one_address_guessing_many_numbers_is_slowed_but_not_its_neighbours(
    client, office_tree, throttle_clock
):
    codes = [_track(client, f"2501010000{i:02d}", "123456").status_code for i in range(22)]
    assert codes[:20] == [400] * 20 and codes[21] == 429
    # Another address (another family behind another router) looks up as usual.
    assert _track(client, "250101999999", "123456", REMOTE_ADDR="10.9.9.9").status_code == 400


def test_status_page_without_proof_sends_to_tracking(client, petition):
    response = client.get(reverse("portal:petition", kwargs={"number": petition.tracking_number}))
    assert response.status_code == 302
    assert response.url.startswith(TRACK)
    unknown = client.get(reverse("portal:petition", kwargs={"number": "000000000000"}))
    assert unknown.status_code == 302 and unknown.url.startswith(TRACK)


def test_status_page_shows_public_events_and_never_internal_notes(client, petition, office_tree):
    PetitionEvent.objects.create(
        petition=petition,
        kind=EventKind.NOTE,
        public=False,
        text="内部备注：此人多次来访，注意方式",
    )
    PetitionEvent.objects.create(
        petition=petition,
        kind=EventKind.PROCEDURAL_REPLY,
        public=True,
        text="您反映的问题已转冠县人民检察院办理。",
    )
    _track(client, petition.tracking_number, petition.password)
    html = client.get(
        reverse("portal:petition", kwargs={"number": petition.tracking_number})
    ).content.decode()
    assert "您反映的问题已转冠县人民检察院办理。" in html
    assert "内部备注" not in html and "注意方式" not in html


def test_follow_up_message_is_added_and_shown(client, petition, django_capture_on_commit_callbacks):
    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition_message", kwargs={"number": petition.tracking_number})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "保证金收据我已经找到了，可以提供。"}, follow=True)
    html = response.content.decode()
    assert "已收到您的补充说明" in html
    assert "保证金收据我已经找到了，可以提供。" in html
    assert (
        PetitionEvent.objects.filter(petition=petition, kind=EventKind.CITIZEN_MESSAGE).count() == 1
    )


def test_follow_up_threatening_a_visit_alerts_the_office(
    client, petition, django_capture_on_commit_callbacks
):
    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition_message", kwargs={"number": petition.tracking_number})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": "再不退钱，我们就集体去北京上访"})
    petition.refresh_from_db()
    assert petition.risk_level == "high"
    assert RiskAlert.objects.filter(petition=petition).exists()


def test_empty_follow_up_is_refused_by_the_field(client, petition):
    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition_message", kwargs={"number": petition.tracking_number})
    response = client.post(url, {"text": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="text-error"' in html and "请填写留言内容。" in html


def test_follow_up_with_binary_keeps_the_text(client, petition):
    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition_message", kwargs={"number": petition.tracking_number})
    response = client.post(url, {"text": "补充\x00内容"})
    assert response.status_code == 400
    assert "无法识别的字符" in response.content.decode()


def test_follow_up_without_proof_is_not_accepted(client, petition):
    url = reverse("portal:petition_message", kwargs={"number": petition.tracking_number})
    response = client.post(url, {"text": "冒充别人留言"})
    assert response.status_code == 302
    assert not PetitionEvent.objects.filter(kind=EventKind.CITIZEN_MESSAGE).exists()


def test_follow_up_messages_are_rate_limited(client, petition, throttle_clock):
    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition_message", kwargs={"number": petition.tracking_number})
    for i in range(services.MESSAGE_PER_HOUR):
        assert client.post(url, {"text": f"第{i}条补充说明"}).status_code == 302
    throttle_clock.advance(20 * 60)
    response = client.post(url, {"text": "再补充一条"})
    assert response.status_code == 429 and response["Retry-After"] == "2400"
    html = response.content.decode()
    assert "留言次数太多了，请40分钟后再试" in html and "再补充一条" in html
    assert "请修改下面标红的地方" not in html


def test_a_password_lookup_opens_the_status_page_for_two_hours_only(client, petition, monkeypatch):
    import time

    from eqiao.portal.views import common

    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition", kwargs={"number": petition.tracking_number})
    assert client.get(url).status_code == 200
    later = time.time() + common.PROOF_SECONDS + 60
    monkeypatch.setattr(common.time, "time", lambda: later)
    assert client.get(url).status_code == 302


def test_status_page_query_count_does_not_grow_with_history(
    client, petition, django_assert_max_num_queries
):
    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition", kwargs={"number": petition.tracking_number})
    for i in range(10):
        PetitionEvent.objects.create(
            petition=petition, kind=EventKind.ROUTED, public=True, text=f"转办{i}"
        )
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_status_page_in_english_says_the_status_in_english(client, petition):
    _track(client, petition.tracking_number, petition.password)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(
        reverse("portal:petition", kwargs={"number": petition.tracking_number})
    ).content.decode()
    assert "We have it and are assigning someone to handle it." in html
    assert "Progress so far" in html


# --- ending the viewing (shared phones and kiosks) ------------------------------------------


def test_ending_the_viewing_forgets_the_petition_on_this_browser(client, petition):
    _track(client, petition.tracking_number, petition.password)
    page_url = reverse("portal:petition", kwargs={"number": petition.tracking_number})
    html = client.get(page_url).content.decode()
    end_url = reverse("portal:petition_end", kwargs={"number": petition.tracking_number})
    assert "结束查看" in html and f'action="{end_url}"' in html

    ended = client.post(end_url, follow=True)
    assert ended.redirect_chain[-1][0] == TRACK
    assert "已结束查看" in ended.content.decode()
    # The next person at the kiosk gets the lookup form, not the petition.
    again = client.get(page_url)
    assert again.status_code == 302 and again.url.startswith(TRACK)
    assert (
        "公安局一直不退还取保候审保证金" not in client.get(page_url, follow=True).content.decode()
    )


def test_ending_the_viewing_of_a_fresh_receipt_forgets_the_password_too(
    client, office_tree, valid_form, submit_committed
):
    response = submit_committed("/submit/", valid_form)
    number = response.url.rstrip("/").rsplit("/", 1)[-1]
    receipt_url = reverse("portal:receipt", kwargs={"number": number})
    assert "查询密码" in client.get(receipt_url).content.decode()
    client.post(reverse("portal:petition_end", kwargs={"number": number}))
    assert client.get(receipt_url).status_code == 302
    assert client.get(reverse("portal:petition", kwargs={"number": number})).status_code == 302


def test_ending_the_viewing_after_a_phone_login_ends_the_login(
    client, petition, django_capture_on_commit_callbacks, sms_outbox
):
    from eqiao.portal.tests.test_login import _login

    _login(client, django_capture_on_commit_callbacks, sms_outbox)
    page_url = reverse("portal:petition", kwargs={"number": petition.tracking_number})
    assert client.get(page_url).status_code == 200
    client.post(reverse("portal:petition_end", kwargs={"number": petition.tracking_number}))
    assert client.get(page_url).status_code == 302
    assert client.get(reverse("portal:my_petitions")).status_code == 302


def test_ending_the_viewing_needs_a_post_with_the_csrf_token(petition):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    end_url = reverse("portal:petition_end", kwargs={"number": petition.tracking_number})
    assert browser.get(end_url).status_code == 405
    assert browser.post(end_url).status_code == 403
