"""`eqiao load_demo` builds the Liaocheng demo through the real services, once, and
`eqiao demo_banner` tells a newcomer how to log in.

The demo is loaded once for the module (a small one: 30 petitions) as it stands on the fixed
DEMO_TODAY, inside a transaction that is rolled back at the end, so other tests never see it.
Nothing here reads the wall clock: test_demo_dates.py loads it under other clocks."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from eqiao.channels.models import MessageStatus as SmsStatus
from eqiao.channels.models import OutboundMessage as OutboundSms
from eqiao.channels.providers import sms_locmem as locmem
from eqiao.core.models import AuditEntry, Holiday, Notification, User
from eqiao.demo.loader import DEMO_PASSWORD, DEMO_QUERY_PASSWORD, DEMO_TODAY, demo_now
from eqiao.demo.stories import QINGSHUI_TEXT
from eqiao.intake.models import (
    EmergencyPlan,
    Lead,
    LeadOutcome,
    Outcome,
    Petition,
    PetitionEvent,
    PlanStatus,
    RiskAlert,
    RiskLevel,
    Status,
    Supervision,
)
from eqiao.intake.selectors import petitions_with_clocks
from eqiao.intake.services.access import petition_unlock
from eqiao.intake.services.query_password import query_password_hash
from eqiao.offices.models import Level, Procuratorate, Role, Staff
from eqiao.text.cli import main as text_cli

PETITIONS = 30
NOW = demo_now(DEMO_TODAY)
COUNTIES = {"东昌府区", "临清市", "阳谷县", "莘县", "茌平区", "东阿县", "冠县", "高唐县"}


# First in the module: before the module-wide demo is loaded.
@pytest.mark.django_db
def test_the_banner_without_a_demo_says_how_to_make_an_administrator():
    out = io.StringIO()
    call_command("demo_banner", url="http://localhost:9000", stdout=out)
    assert "eqiao staff_add" in out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            locmem.outbox.clear()
            out = io.StringIO()
            call_command("load_demo", petitions=PETITIONS, today=DEMO_TODAY.isoformat(), stdout=out)
            yield {"stdout": out.getvalue(), "sms_sent_while_loading": len(locmem.outbox)}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db):
    return demo


def test_the_office_tree_is_the_city_its_8_counties_and_33_outposts(loaded):
    city = Procuratorate.objects.get(level=Level.CITY)
    assert (city.name, city.code, city.parent) == ("聊城市人民检察院", "371500", None)
    counties = Procuratorate.objects.filter(level=Level.COUNTY)
    assert {c.region for c in counties} == COUNTIES
    assert all(c.parent_id == city.pk and c.name == f"{c.region}人民检察院" for c in counties)
    assert counties.get(region="冠县").code == "371525"
    outposts = Procuratorate.objects.filter(level=Level.TOWNSHIP)
    assert outposts.count() == 33
    for county in counties:
        below = outposts.filter(parent=county)
        assert below.count() >= 4
        assert all(o.region == county.region and o.is_within(county) for o in below)
    qingshui = outposts.get(short_name="清水检察室")
    assert qingshui.name == "冠县人民检察院派驻清水检察室"
    assert (qingshui.township, qingshui.parent.region) == ("清水镇", "冠县")
    named = set(outposts.values_list("short_name", flat=True))
    assert {"城北检察室", "新区检察室", "市南检察室", "临东检察室", "甘官屯检察室"} <= named


def test_there_are_staff_for_every_role_and_every_office(loaded):
    city = Procuratorate.objects.get(level=Level.CITY)
    assert set(Staff.objects.filter(office=city).values_list("roles__role", flat=True)) == set(
        Role.values
    )
    for county in Procuratorate.objects.filter(level=Level.COUNTY):
        roles = set(Staff.objects.filter(office=county).values_list("roles__role", flat=True))
        assert {Role.RECEPTIONIST, Role.PROSECUTOR, Role.OFFICE_HEAD} <= roles
    for outpost in Procuratorate.objects.filter(level=Level.TOWNSHIP):
        roles = set(Staff.objects.filter(office=outpost).values_list("roles__role", flat=True))
        assert {Role.PROSECUTOR, Role.OFFICE_HEAD} <= roles
    both = Staff.objects.get(user__username="guanxian_prosecutor")
    assert both.role_codes == {Role.PROSECUTOR, Role.EDITOR}  # one person, two roles
    wang = Staff.objects.get(user__username="qingshui_wang")
    assert wang.office.short_name == "清水检察室" and wang.full_name.startswith("王")
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="guanxian_head").check_password(DEMO_PASSWORD)
    mobiles = Staff.objects.values_list("mobile", flat=True)
    assert all(m.startswith("1390635") for m in mobiles)


def test_petitions_come_in_several_states_and_from_many_places(loaded):
    petitions = Petition.objects.all()
    assert petitions.count() == PETITIONS
    statuses = set(petitions.values_list("status", flat=True))
    assert {Status.CLOSED, Status.REPLIED} <= statuses
    assert statuses & {Status.ACCEPTED, Status.ASSIGNED}
    assert len(set(petitions.values_list("channel", flat=True))) >= 4
    assert {"日本", "韩国", "北京市"} <= set(petitions.values_list("origin", flat=True))
    clocks = petitions_with_clocks(petitions, today=DEMO_TODAY)
    assert clocks.filter(overdue=True).exists() and clocks.filter(due_soon=True).exists()
    assert petitions.filter(status=Status.CLOSED).exclude(result_replied_at=None).exists()
    assert Procuratorate.objects.filter(level=Level.TOWNSHIP, petitions__isnull=False).exists()
    assert Lead.objects.filter(outcome=LeadOutcome.CORRECTED).exists()


def test_every_demo_petition_opens_with_the_printed_query_password(loaded):
    """Stored as the keyed hash (not a password hasher's) of the password the banner prints."""
    stored = set(Petition.objects.values_list("query_password_hash", flat=True))
    assert stored == {query_password_hash(DEMO_QUERY_PASSWORD)}
    petition = Petition.objects.first()
    opened = petition_unlock(
        tracking_number=petition.tracking_number,
        password=DEMO_QUERY_PASSWORD,
        address="127.0.0.1",
    )
    assert opened.pk == petition.pk


def test_everything_is_dated_before_the_demos_present_and_nothing_was_sent(loaded):
    now = NOW
    for model, field in (
        (Petition, "submitted_at"),
        (PetitionEvent, "at"),
        (AuditEntry, "at"),
        (Notification, "created_at"),
        (OutboundSms, "created_at"),
    ):
        assert not model.objects.filter(**{f"{field}__gt": now}).exists(), model
    oldest = Petition.objects.order_by("submitted_at").first().submitted_at
    assert (now - oldest).days >= 80
    for petition in Petition.objects.all():
        first = petition.events.order_by("at").first()
        assert first.kind == "submitted" and first.at >= petition.submitted_at
        assert petition.tracking_number.startswith(
            timezone.localtime(petition.submitted_at).strftime("%y%m%d")
        )
    assert loaded["sms_sent_while_loading"] == 0
    assert not OutboundSms.objects.exclude(status=SmsStatus.SENT).exists()
    receipt = OutboundSms.objects.filter(purpose="receipt").first()
    assert f"查询密码{DEMO_QUERY_PASSWORD}" in receipt.text


def test_the_qingshui_wage_story_is_high_risk_with_a_plan_in_progress(loaded):
    petition = Petition.objects.get(content=QINGSHUI_TEXT)
    assert petition.office.short_name == "清水检察室"
    assert petition.risk_level == RiskLevel.HIGH
    assert petition.assignee.user.username == "qingshui_wang"
    alert = RiskAlert.objects.get(petition=petition)
    plan = EmergencyPlan.objects.get(alert=alert)
    assert plan.status == PlanStatus.ACTIVE
    done = plan.steps.exclude(done_at=None).count()
    assert 0 < done < plan.steps.count()


def test_the_source_documents_other_stories_are_closed(loaded):
    land = Petition.objects.get(address="东昌府区新区街道王屯村")
    assert land.name.startswith("杨") and land.office.short_name == "新区检察室"
    assert (land.status, land.outcome) == (Status.CLOSED, Outcome.RESOLVED)
    bail = Petition.objects.get(address="河南省林州市")
    assert bail.origin == "河南省" and bail.office.region == "阳谷县"
    assert bail.status == Status.CLOSED
    assert (bail.closed_at - bail.submitted_at).days < 31
    supervision = Supervision.objects.get(petition=bail)
    assert supervision.by_office.level == Level.CITY and supervision.resolved_at


def test_loading_twice_creates_nothing(loaded):
    models = (Procuratorate, Staff, User, Petition, Holiday, OutboundSms, Notification)
    before = {m: m.objects.count() for m in models}
    out = io.StringIO()
    call_command("load_demo", today=DEMO_TODAY.isoformat(), stdout=out)
    assert {m: m.objects.count() for m in models} == before
    assert "nothing loaded" in out.getvalue()


def test_holidays_cover_2026_and_2027_and_ask_to_be_checked(loaded):
    spring = Holiday.objects.get(date="2026-02-17")
    assert not spring.is_workday and "请核对" in spring.name
    assert Holiday.objects.get(date="2026-10-10").is_workday
    assert Holiday.objects.filter(date__year=2027).exists()


def test_the_banner_lists_addresses_and_logins_in_both_languages(loaded):
    out = io.StringIO()
    call_command("demo_banner", url="http://127.0.0.1:8765/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8765/staff/" in text and "http://127.0.0.1:8765/admin/" in text
    assert DEMO_PASSWORD in text and "qingshui_wang" in text and "admin" in text
    assert "干警工作台" in text and "Staff workbench" in text
    prosecutor_line = next(line for line in text.splitlines() if "guanxian_prosecutor" in line)
    assert "检察官" in prosecutor_line and "编辑" in prosecutor_line  # both roles listed
    assert Petition.objects.get(content=QINGSHUI_TEXT).tracking_number in text


def _run_text_cli(tmp_path, command: str, rows: list[dict]) -> list[dict]:
    source, sink = tmp_path / f"{command}-in.jsonl", tmp_path / f"{command}-out.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    assert text_cli([command, "--strict", "--input", str(source), "--output", str(sink)]) == 0
    return [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines()]


def test_the_text_clis_read_the_demo_petitions(loaded, tmp_path):
    """`eqiao text classify` places the demo's petitions in the county of the office that
    handles them (the city office takes petitions from every county), and `redact` leaves
    no mobile number of the demo in what it returns."""
    petitions = list(Petition.objects.select_related("office").order_by("pk"))
    rows = [{"id": p.tracking_number, "text": p.content} for p in petitions]
    read = _run_text_cli(tmp_path, "classify", rows)
    assert [r["id"] for r in read] == [p.tracking_number for p in petitions]
    placed = [
        (r["region"], p.office.region)
        for r, p in zip(read, petitions, strict=True)
        if r["region"] and p.office.level != Level.CITY
    ]
    assert len(placed) >= PETITIONS // 3
    assert sum(got == want for got, want in placed) >= 0.9 * len(placed), placed
    assert {r["category"] for r in read} >= {"complaint", "consultation"}
    assert any(r["risk"] == "high" and r["reasons"] for r in read)

    with_mobile = [
        {"id": p.tracking_number, "text": f"{p.content}联系电话{p.phone}。"}
        for p in petitions
        if p.phone
    ]
    assert with_mobile
    for row, out in zip(with_mobile, _run_text_cli(tmp_path, "redact", with_mobile), strict=True):
        mobile = row["text"].rsplit("联系电话", 1)[1].rstrip("。")
        assert mobile not in out["text"]
        assert any(f["kind"] == "phone" for f in out["findings"])
