"""Looking a petition up by tracking number and password, and the status page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eqiao.intake.models import EventKind, PetitionEvent, RiskAlert
from eqiao.portal import services

pytestmark = pytest.mark.django_db

TRACK = "/track/"
GENERIC = "受理编号或查询密码不对"


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


def test_empty_fields_are_named(client, office_tree):
    assert "请填写受理编号。" in _track(client, "", "123456").content.decode()
    assert "请填写查询密码。" in _track(client, "250101123456", "").content.decode()


def test_five_wrong_passwords_lock_the_number_even_from_other_addresses(client, petition):
    wrong = "000000" if petition.password != "000000" else "111111"
    for i in range(4):
        response = _track(client, petition.tracking_number, wrong, REMOTE_ADDR=f"10.0.0.{i + 1}")
        assert response.status_code == 400
    locked = _track(client, petition.tracking_number, wrong, REMOTE_ADDR="10.0.0.5")
    assert locked.status_code == 429
    assert "请15分钟后再试" in locked.content.decode()
    # Even the right password is refused while locked, from anywhere.
    again = _track(client, petition.tracking_number, petition.password, REMOTE_ADDR="10.0.0.6")
    assert again.status_code == 429


def test_lockouts_grow_on_repeat():
    lock = services.TRACK_BY_NUMBER
    waits = []
    for _round in range(3):
        for _ in range(lock.max_failures):
            caused = lock.fail("250101000001")
        waits.append(caused)
        from django.core.cache import cache

        cache.delete(lock._key("250101000001", "until"))  # as if the wait had passed
    assert waits == [900, 1800, 3600]


def test_one_address_guessing_many_numbers_is_locked(client, office_tree):
    for i in range(services.TRACK_BY_IP.max_failures - 1):
        assert _track(client, f"2501010000{i:02d}", "123456").status_code == 400
    response = _track(client, "250101999999", "123456")
    assert response.status_code == 429
    # The lock is per address: someone else can still look up.
    assert _track(client, "250101999999", "123456", REMOTE_ADDR="10.9.9.9").status_code == 400


def test_success_clears_the_wrong_count(client, petition):
    wrong = "000000" if petition.password != "000000" else "111111"
    for _ in range(4):
        _track(client, petition.tracking_number, wrong)
    assert _track(client, petition.tracking_number, petition.password).status_code == 302
    assert _track(client, petition.tracking_number, wrong).status_code == 400


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


def test_follow_up_messages_are_rate_limited(client, petition):
    _track(client, petition.tracking_number, petition.password)
    url = reverse("portal:petition_message", kwargs={"number": petition.tracking_number})
    for i in range(services.MESSAGE_PER_HOUR):
        assert client.post(url, {"text": f"第{i}条补充说明"}).status_code == 302
    response = client.post(url, {"text": "再补充一条"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "这一小时留言次数太多了" in html and "再补充一条" in html


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
