"""Submitting from the web: the petition, the receipt, every bad input with its own
Chinese message and the typed text kept, idempotency, upload limits, the rate limit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from eqiao.intake.models import Attachment, Petition, RiskAlert

pytestmark = pytest.mark.django_db

SUBMIT = "/submit/"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def test_form_carries_a_fresh_idempotency_key_and_the_kind(client, office_tree):
    first = client.get(SUBMIT + "?kind=report").content.decode()
    second = client.get(SUBMIT).content.decode()
    assert 'name="idempotency_key"' in first
    key1 = first.split('name="idempotency_key" value="')[1].split('"')[0]
    key2 = second.split('name="idempotency_key" value="')[1].split('"')[0]
    assert key1 != key2 and len(key1) >= 16
    assert 'value="report" checked' in first
    assert "匿名举报" in first


def test_submit_creates_one_petition_and_shows_the_receipt(
    client, office_tree, valid_form, submit_committed, sms_outbox
):
    valid_form["attachments"] = [SimpleUploadedFile("发票.jpg", JPEG, content_type="image/jpeg")]
    response = submit_committed(SUBMIT, valid_form)
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:receipt", kwargs={"number": petition.tracking_number})
    assert petition.channel == "web" and petition.kind == "complaint"
    assert Attachment.objects.filter(petition=petition, content_type="image/jpeg").count() == 1

    receipt = client.get(response.url)
    assert "no-store" in receipt.headers["Cache-Control"]  # not in a kiosk's back button
    page = receipt.content.decode()
    assert petition.tracking_number in page
    assert "请记下或截图保存" in page
    assert "138****5678" in page  # the SMS went to this phone
    password = page.split('data-testid="query-password">')[1].split("<")[0]
    assert len(password) == 6

    assert len(sms_outbox) == 1
    assert sms_outbox[0].phone == "13812345678"
    assert petition.tracking_number in sms_outbox[0].text
    assert password in sms_outbox[0].text


def test_double_submit_with_the_same_key_creates_one_petition(
    client, office_tree, valid_form, submit_committed, sms_outbox
):
    first = submit_committed(SUBMIT, valid_form)
    second = submit_committed(SUBMIT, valid_form)
    assert Petition.objects.count() == 1
    assert second.status_code == 302 and second.url == first.url
    assert "请记下或截图保存" in client.get(second.url).content.decode()  # same receipt again
    assert len(sms_outbox) == 1


def test_retry_from_another_session_gets_the_number_but_not_the_password(
    client, office_tree, valid_form, submit_committed
):
    from django.test import Client

    submit_committed(SUBMIT, valid_form)
    other = Client()
    response = other.post(SUBMIT, valid_form, follow=True)
    html = response.content.decode()
    petition = Petition.objects.get()
    assert Petition.objects.count() == 1
    assert "您已经提交过了" in html and petition.tracking_number in html
    assert 'data-testid="query-password"' not in html


def test_receipt_of_someone_else_redirects_to_tracking(client, petition):
    response = client.get(reverse("portal:receipt", kwargs={"number": petition.tracking_number}))
    assert response.status_code == 302 and response.url.startswith(reverse("portal:track"))


def _assert_refused(response, message, *kept):
    html = response.content.decode()
    assert response.status_code in (200, 400), response.status_code
    assert message in html, html[:3000]
    for text in kept:
        assert text in html
    assert not Petition.objects.exists()
    return html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"content": ""}, "content", "请填写诉求内容。"),
        ({"content": "   "}, "content", "请填写诉求内容。"),
        ({"content": "太短"}, "content", "诉求内容太短了"),
        ({"content": "字" * 5001}, "content", "诉求内容最多5000个字，现在有5001个字"),
        ({"content": "正常文字\x00\x01\x02二进制"}, "content", "诉求内容里有无法识别的字符"),
        ({"id_number": "110105194912310021"}, "id_number", "身份证号校验不通过"),
        ({"id_number": "12345"}, "id_number", "身份证号应为18位"),
        ({"phone": "12345"}, "phone", "手机号应为11位数字"),
        ({"phone": ""}, "phone", "请填写手机号"),
        ({"name": ""}, "name", "请填写姓名。"),
        ({"kind": ""}, "kind", "请选择诉求类别。"),
        ({"kind": "complaint", "anonymous": "on"}, "anonymous", "只有举报可以匿名提交。"),
        ({"title": "标" * 101}, "title", "标题最多100个字"),
    ],
)
def test_bad_input_gets_its_own_message_and_keeps_what_was_typed(
    client, office_tree, valid_form, change, field, message
):
    data = {**valid_form, **change, "address": "冠县清水镇东街8号"}
    html = _assert_refused(client.post(SUBMIT, data), message, "冠县清水镇东街8号")
    assert f'id="{field}-error"' in html  # the message sits by its field
    if field != "content" and data["content"].strip():
        assert data["content"] in html  # the long text survives
    if field != "name":
        assert "张某某" in html


def test_several_problems_are_shown_at_once(client, office_tree, valid_form):
    data = {**valid_form, "content": "", "phone": "123", "id_number": "110105194912310021"}
    html = _assert_refused(client.post(SUBMIT, data), "请填写诉求内容。")
    assert "手机号应为11位数字" in html and "身份证号校验不通过" in html


def test_anonymous_report_needs_no_name_or_phone(client, office_tree, valid_form):
    data = {**valid_form, "kind": "report", "anonymous": "on", "name": "", "phone": ""}
    response = client.post(SUBMIT, data, follow=True)
    petition = Petition.objects.get()
    assert petition.anonymous and not petition.phone
    assert "您没有留手机号" in response.content.decode()


def test_exe_renamed_to_jpg_is_refused_and_files_must_be_chosen_again(
    client, office_tree, valid_form
):
    valid_form["attachments"] = [SimpleUploadedFile("照片.jpg", EXE, content_type="image/jpeg")]
    html = _assert_refused(client.post(SUBMIT, valid_form), "附件“照片.jpg”的格式不支持")
    assert "刚才选的附件没有保存，请重新选择。" in html
    assert valid_form["content"] in html


@override_settings(EQIAO_ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_oversized_upload_is_refused(client, office_tree, valid_form):
    big = JPEG + b"\x00" * (1024 * 1024 + 1)
    valid_form["attachments"] = [SimpleUploadedFile("大照片.jpg", big, content_type="image/jpeg")]
    _assert_refused(
        client.post(SUBMIT, valid_form), "附件“大照片.jpg”太大了", valid_form["content"]
    )


def test_too_many_attachments_are_refused(client, office_tree, valid_form):
    valid_form["attachments"] = [
        SimpleUploadedFile(f"{i}.jpg", JPEG, content_type="image/jpeg") for i in range(6)
    ]
    _assert_refused(client.post(SUBMIT, valid_form), "最多上传5个附件。", valid_form["content"])


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_django_refusing_too_many_files_gets_a_chinese_message_not_a_500(
    client, office_tree, valid_form
):
    valid_form["attachments"] = [
        SimpleUploadedFile(f"{i}.jpg", JPEG, content_type="image/jpeg") for i in range(3)
    ]
    response = client.post(SUBMIT, valid_form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "一次选的附件太多了" in html and "刚才填写的内容没能收到" in html
    assert not Petition.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_django_refusing_a_too_big_body_gets_a_chinese_message_not_a_500(
    client, office_tree, valid_form
):
    valid_form["content"] = "长" * 2000
    response = client.post(SUBMIT, valid_form)
    assert response.status_code == 400
    assert "提交的内容太大了" in response.content.decode()


def test_submit_still_checks_csrf(office_tree, valid_form):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(SUBMIT, valid_form)
    assert response.status_code == 403
    assert not Petition.objects.exists()


def test_submissions_are_rate_limited_per_address(client, office_tree, valid_form, throttle_clock):
    for i in range(10):
        response = client.post(SUBMIT, {**valid_form, "idempotency_key": f"rate-limit-key-{i:04d}"})
        assert response.status_code == 302
    throttle_clock.advance(90)
    response = client.post(SUBMIT, {**valid_form, "idempotency_key": "rate-limit-key-last"})
    assert response.status_code == 429 and response["Retry-After"] == "3510"
    html = response.content.decode()
    assert "请58分30秒后再试" in html and "请修改下面标红的地方" not in html
    assert valid_form["content"] in html  # refused, but nothing typed is lost
    assert Petition.objects.count() == 10
    # Another address is not affected.
    other = client.post(
        SUBMIT, {**valid_form, "idempotency_key": "rate-limit-key-else"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_submit_to_the_qingshui_outpost_is_routed_there_and_alerts_its_head(
    client, office_tree, valid_form, submit_committed, sms_outbox
):
    """The source story: a threat of a collective visit, sent to the 清水 outpost."""
    url = reverse("portal:submit_to_office", kwargs={"office_id": office_tree.qingshui.pk})
    page = client.get(url).content.decode()
    assert office_tree.qingshui.name in page
    data = {**valid_form, "content": "庆海轴承拖欠我们工资,你们管不管,不管我们就去上访"}
    response = submit_committed(url, data)
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.office == office_tree.qingshui
    assert petition.risk_level == "high"
    assert RiskAlert.objects.filter(petition=petition, office=office_tree.qingshui).exists()


def test_submit_to_an_unknown_office_is_404(client, office_tree):
    assert client.get("/o/99999/submit/").status_code == 404


def test_receipt_with_the_password_is_shown_again_only_for_half_an_hour(
    client, office_tree, valid_form, monkeypatch
):
    """A kiosk is shared: the next person must not find the password in the history."""
    import time

    from eqiao.portal.views import common

    response = client.post(SUBMIT, valid_form)
    assert "请记下或截图保存" in client.get(response.url).content.decode()
    later = time.time() + common.RECEIPT_SECONDS + 60
    monkeypatch.setattr(common.time, "time", lambda: later)
    again = client.get(response.url)
    assert again.status_code == 302 and again.url.startswith(reverse("portal:track"))


def test_full_width_digits_from_a_chinese_input_method_are_accepted(
    client, office_tree, valid_form
):
    full_width = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    data = {
        **valid_form,
        "phone": valid_form["phone"].translate(full_width),
        "id_number": valid_form["id_number"].translate(full_width),
    }
    assert client.post(SUBMIT, data).status_code == 302
    assert Petition.objects.get().phone == valid_form["phone"]


def test_the_form_says_what_intake_says_for_each_field(client, office_tree, valid_form):
    """The portal checks nothing of its own: each message on the form is intake's."""
    from eqiao.intake.services.validation import SubmissionInvalid, petition_validate

    bad = {"content": "救命", "phone": "1391234567", "id_number": "12345", "title": "标" * 101}
    html = client.post(SUBMIT, {**valid_form, **bad}).content.decode()
    values = {k: v for k, v in {**valid_form, **bad}.items() if k != "idempotency_key"}
    with pytest.raises(SubmissionInvalid) as refused:
        petition_validate(channel="web", **values)
    assert set(refused.value.errors) == {"content", "phone", "id_number", "title"}
    for field, message in refused.value.errors.items():
        assert f'id="{field}-error"' in html and message in html
