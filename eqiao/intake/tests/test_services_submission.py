"""Taking a petition in: specific Chinese messages for bad input, one petition per
idempotency key, clocks that skip weekends and holidays, the receipt SMS — and the source
document's story, from the message to the closed emergency plan."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from eqiao.channels.models import OutboundMessage as OutboundSms
from eqiao.core.errors import ApplicationError
from eqiao.core.models import Holiday, Notification
from eqiao.intake.models import (
    EmergencyPlanTemplate,
    EventKind,
    Outcome,
    Petition,
    PlanStatus,
    RiskAlert,
    RiskLevel,
    Status,
)
from eqiao.intake.selectors import alert_list_for_staff, petition_list_for_staff
from eqiao.intake.services.handling import petition_close
from eqiao.intake.services.query_password import petition_password_ok
from eqiao.intake.services.risk import (
    emergency_plan_start,
    plan_close,
    plan_step_complete,
)
from eqiao.intake.services.submission import petition_submit, statutory_clocks

SH = ZoneInfo("Asia/Shanghai")
STORY = "庆海轴承拖欠我们工资,你们管不管,不管我们就去上访"
VALID_ID = "11010519491231002X"


def submit(**overrides):
    fields = {
        "kind": "complaint",
        "channel": "web",
        "name": "李秀英",
        "phone": "13912345678",
        "content": "我在工地干了半年活，老板一直拖欠工资不给，请检察院帮帮忙。",
    }
    return petition_submit(**{**fields, **overrides})


class FakeUpload(io.BytesIO):
    def __init__(self, name: str, data: bytes):
        super().__init__(data)
        self.name, self.size = name, len(data)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"content": ""}, "content", "请填写诉求内容。"),
        ({"content": "救命"}, "content", "诉求内容太短了，请至少写5个字。"),
        ({"content": "欠" * 5001}, "content", "诉求内容最多5000个字，现在有5001个字"),
        ({"content": "正常文字\x00\x01\x02"}, "content", "诉求内容里有无法识别的字符"),
        ({"name": ""}, "name", "请填写姓名。"),
        ({"phone": ""}, "phone", "请填写手机号"),
        ({"phone": "1391234567"}, "phone", "手机号应为11位数字"),
        ({"id_number": "110105194912310021"}, "id_number", "身份证号校验不通过"),
        ({"id_number": "12345"}, "id_number", "身份证号应为18位"),
        ({"anonymous": True}, "anonymous", "只有举报可以匿名提交。"),
        ({"kind": "gossip"}, "kind", "请选择诉求类别。"),
        ({"channel": "pigeon"}, "channel", "未知的来源渠道。"),
        ({"title": "标" * 101}, "title", "标题最多100个字"),
    ],
)
def test_bad_input_gets_a_specific_message(office_tree, overrides, field, message):
    with pytest.raises(ApplicationError) as exc:
        submit(office=office_tree.qingshui, **overrides)
    assert exc.value.field == field
    assert message in exc.value.message
    assert not Petition.objects.exists()


def test_attachments_are_checked_by_content(office_tree, settings):
    with pytest.raises(ApplicationError, match="格式不支持") as exc:
        submit(office=office_tree.qingshui, attachments=[FakeUpload("欠条.jpg", b"MZ\x90\x00exe")])
    assert "欠条.jpg" in exc.value.message
    settings.EQIAO_ATTACHMENT_MAX_COUNT = 1
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ApplicationError, match="最多上传1个附件"):
        submit(
            office=office_tree.qingshui,
            attachments=[FakeUpload("a.png", png), FakeUpload("b.png", png)],
        )


def test_a_long_attachment_name_keeps_its_extension(office_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
    long_name = "工资欠条照片" * 40 + ".jpg"  # 244 characters
    result = submit(office=office_tree.qingshui, attachments=[FakeUpload(long_name, jpeg)])
    petition = result.petition
    attachment = petition.attachments.get()
    assert len(attachment.original_name) <= 200
    assert attachment.original_name.endswith("….jpg")
    assert attachment.original_name.startswith("工资欠条照片工资")
    assert attachment.file.name.endswith(".jpg")


def test_file_names_are_shortened_only_when_too_long():
    from eqiao.intake.services.attachments import file_name_shorten

    assert file_name_shorten("欠条.pdf", max_chars=200) == "欠条.pdf"
    assert file_name_shorten("a" * 30 + ".docx", max_chars=12) == "aaaaaa….docx"
    assert file_name_shorten("x" * 30, max_chars=10) == "xxxxxxxxx…"


def test_valid_id_numbers_and_spaced_phones_are_accepted(office_tree):
    result = submit(
        office=office_tree.qingshui, id_number=VALID_ID.lower(), phone="+86 139-1234-5678"
    )
    assert result.petition.id_number == VALID_ID
    assert result.petition.phone == "13912345678"


def test_the_same_submission_twice_creates_one_petition(office_tree):
    first = submit(office=office_tree.qingshui, idempotency_key="abc-123")
    again = submit(office=office_tree.qingshui, idempotency_key="abc-123")
    assert first.created and not again.created
    assert again.petition.pk == first.petition.pk and again.query_password is None
    assert Petition.objects.count() == 1


def test_receipt_sms_says_the_tracking_number_and_password(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = submit(office=office_tree.qingshui)
    petition = result.petition
    assert [s.phone for s in sms_outbox] == ["13912345678"]
    assert petition.tracking_number in sms_outbox[0].text
    assert result.query_password in sms_outbox[0].text
    assert petition_password_ok(petition=petition, password=result.query_password)
    assert petition.events.get().kind == EventKind.SUBMITTED


def test_the_receipt_is_queued_with_the_petition(office_tree):
    """Even before delivery, the message is stored in the petition's transaction."""
    petition = submit(office=office_tree.qingshui).petition
    assert OutboundSms.objects.filter(purpose="receipt", ref=petition.tracking_number).exists()


def test_the_receipt_is_sent_by_template_in_chinese_whatever_the_submitters_language(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    """Stored as template + parameters (what a template-only provider sends) and the text
    the citizen reads, in the site's language."""
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        result = submit(office=office_tree.qingshui)
    petition = result.petition
    receipt = OutboundSms.objects.get(purpose="receipt", ref=petition.tracking_number)
    assert receipt.template == "intake.receipt"
    assert receipt.params["number"] == petition.tracking_number
    assert receipt.params["password"] == result.query_password
    assert receipt.params["kind"] == "控告"
    assert receipt.text.startswith("【聊城检察】您的控告已受理，受理编号")
    assert [s.text for s in sms_outbox] == [receipt.text]
    assert sms_outbox[0].template == "intake.receipt"


def test_an_anonymous_report_needs_no_phone_and_gets_no_sms(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = submit(
            office=office_tree.guanxian,
            kind="report",
            anonymous=True,
            name="",
            phone="",
            content="某镇干部收受工程老板红包，请查处。",
        )
    assert result.petition.anonymous and result.petition.masked_name == "匿名"
    assert sms_outbox == []


class TestClocks:
    def test_seven_working_days_skip_the_weekend(self, db):
        friday = dt.datetime(2025, 3, 7, 10, 0, tzinfo=SH)
        assert statutory_clocks(friday) == (dt.date(2025, 3, 18), dt.date(2025, 6, 7))

    def test_configured_holidays_move_the_procedural_clock(self, db):
        monday = dt.datetime(2025, 3, 3, 16, 0, tzinfo=SH)
        assert statutory_clocks(monday)[0] == dt.date(2025, 3, 12)
        Holiday.objects.create(date=dt.date(2025, 3, 5), name="测试假日")
        Holiday.objects.create(date=dt.date(2025, 3, 6), name="测试假日")
        assert statutory_clocks(monday)[0] == dt.date(2025, 3, 14)
        Holiday.objects.create(date=dt.date(2025, 3, 8), name="调休", is_workday=True)
        assert statutory_clocks(monday)[0] == dt.date(2025, 3, 13)

    def test_acceptance_late_in_the_evening_counts_in_china_time(self, db):
        # 17:00 UTC on Thursday is 01:00 on Friday in Shanghai: the Friday clock applies.
        utc = dt.datetime(2025, 3, 6, 17, 0, tzinfo=dt.UTC)
        assert statutory_clocks(utc)[0] == dt.date(2025, 3, 18)

    def test_a_submitted_petition_carries_the_clocks(self, office_tree):
        for offset in range(1, 4):
            day = timezone.localdate() + dt.timedelta(days=offset)
            Holiday.objects.create(date=day, name="测试假日")
        petition = submit(office=office_tree.qingshui).petition
        assert (petition.procedural_reply_due, petition.result_reply_due) == statutory_clocks(
            petition.accepted_at
        )
        accepted = petition.accepted_at.astimezone(SH).date()
        day, remaining = accepted, 7
        holidays = set(Holiday.objects.values_list("date", flat=True))
        while remaining:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                remaining -= 1
        assert petition.procedural_reply_due == day


def test_the_source_documents_story(office_tree, sms_outbox, django_capture_on_commit_callbacks):
    """“庆海轴承拖欠我们工资，你们管不管，不管我们就去上访” sent to the 清水 outpost: high
    risk, its head alerted in the app and by SMS, the emergency plan run to closure."""
    t = office_tree
    with django_capture_on_commit_callbacks(execute=True):
        result = submit(office=t.qingshui, channel="sms", content=STORY)
    petition = result.petition
    assert petition.office == t.qingshui
    assert petition.risk_level == RiskLevel.HIGH and petition.risk_reasons

    alert = RiskAlert.objects.get(petition=petition)
    assert alert.office == t.qingshui and alert.level == RiskLevel.HIGH
    assert Notification.objects.filter(recipient=t.qingshui_head.user, level="danger").exists()
    head_sms = [s for s in sms_outbox if s.phone == t.qingshui_head.mobile]
    assert len(head_sms) == 1 and petition.tracking_number in head_sms[0].text
    assert "13912345678" in [s.phone for s in sms_outbox]  # the citizen's receipt
    # The county above sees the alert; the sibling county does not.
    assert alert in alert_list_for_staff(staff=t.guanxian_head)
    assert alert not in alert_list_for_staff(staff=t.linqing_head)
    assert petition in petition_list_for_staff(staff=t.qingshui_head, risk=RiskLevel.HIGH)

    template = EmergencyPlanTemplate.objects.get(name="集体访/越级访应急预案")
    plan = emergency_plan_start(alert=alert, template=template, actor=t.qingshui_head)
    for step in plan.steps.order_by("position"):
        plan_step_complete(step=step, actor=step.owner, note="已完成")
    plan_close(
        plan=plan, actor=t.qingshui_head, summary="会同劳动监察部门督促庆海轴承补发工资，群众息访。"
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED

    petition_close(
        petition=petition,
        actor=t.qingshui_head,
        outcome=Outcome.RESOLVED,
        text="经协调，拖欠工资已补发。",
    )
    petition.refresh_from_db()
    assert petition.status == Status.CLOSED


def test_a_petition_without_an_office_goes_to_the_county_it_names(office_tree):
    result = submit(content="我是冠县清水镇村民，村干部侵占土地补偿款，请检察院监督。")
    assert result.petition.office == office_tree.guanxian


def test_a_petition_naming_no_county_goes_to_the_city(office_tree):
    result = submit(content="我想咨询一下离婚财产怎么分割，谢谢。", kind="consultation")
    assert result.petition.office == office_tree.city
