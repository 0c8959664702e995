"""People's supervisors: roster with terms, invitations by SMS with a signed, expiring link,
attendance, opinions recorded by staff or through the link, answered by the office."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from eqiao.cases.models import InvitationStatus, OpinionSource
from eqiao.cases.services.supervisors import (
    attendance_record,
    invitation_from_token,
    invitation_respond,
    invitation_token,
    opinion_answer,
    opinion_record,
    opinion_submit_by_link,
    supervision_activity_create,
    supervision_invite,
    supervisor_save,
)
from eqiao.cases.tests.disclosure_factories import case_make
from eqiao.core.errors import ApplicationError, NotFoundError, PermissionDeniedError

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
HEARING = dt.datetime(2026, 11, 27, 9, 30, tzinfo=TZ)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def link_for(token: str) -> str:
    return f"https://eqiao.example.cn/supervise/{token}/"


@pytest.fixture
def roster(office_tree, clock):
    make = dict(actor=office_tree.guanxian_prosecutor, office=office_tree.guanxian)
    serving = supervisor_save(
        **make,
        name="赵建国",
        phone="13906350001",
        unit="冠县清水镇中学",
        term_start=dt.date(2024, 1, 1),
        term_end=dt.date(2028, 12, 31),
    )
    expired = supervisor_save(
        **make,
        name="钱秀英",
        phone="13906350002",
        unit="冠县供销社",
        term_start=dt.date(2021, 1, 1),
        term_end=dt.date(2025, 12, 31),
    )
    return serving, expired


@pytest.fixture
def hearing(office_tree, clock):
    return supervision_activity_create(
        actor=office_tree.guanxian_prosecutor,
        office=office_tree.guanxian,
        kind="public_hearing",
        title="李某某不起诉案公开听证",
        starts_at=HEARING,
        place="冠县人民检察院听证室",
        case=case_make(office_tree.guanxian),
    )


def test_roster_validates_term_and_phone(office_tree, clock):
    with pytest.raises(ApplicationError) as exc:
        supervisor_save(
            actor=office_tree.guanxian_prosecutor,
            office=office_tree.guanxian,
            name="孙某",
            phone="12345",
            unit="",
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2030, 1, 1),
        )
    assert exc.value.field == "phone"
    with pytest.raises(ApplicationError, match="晚于开始"):
        supervisor_save(
            actor=office_tree.guanxian_prosecutor,
            office=office_tree.guanxian,
            name="孙某",
            phone="13906350009",
            unit="",
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2025, 1, 1),
        )
    with pytest.raises(PermissionDeniedError):
        supervisor_save(
            actor=office_tree.guanxian_receptionist,
            office=office_tree.guanxian,
            name="孙某",
            phone="13906350009",
            unit="",
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2030, 1, 1),
        )


def test_only_serving_supervisors_are_invited(office_tree, roster, hearing):
    serving, expired = roster
    with pytest.raises(ApplicationError, match="钱秀英在活动当天不在任期内"):
        supervision_invite(
            actor=office_tree.guanxian_prosecutor,
            activity=hearing,
            supervisors=[serving, expired],
            link_for=link_for,
        )


def test_invitation_sms_link_accept_attend_opinion_answer(
    office_tree, roster, hearing, clock, sms_outbox, django_capture_on_commit_callbacks
):
    serving, _expired = roster
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = supervision_invite(
            actor=office_tree.guanxian_prosecutor,
            activity=hearing,
            supervisors=[serving],
            link_for=link_for,
        )
    sms = sms_outbox[-1]
    assert sms.phone == "13906350001" and "公开听证" in sms.text
    token = re.search(r"/supervise/([^/]+)/", sms.text).group(1)
    assert invitation_from_token(token).pk == invitation.pk
    # Inviting again does not send a second invitation.
    assert (
        supervision_invite(
            actor=office_tree.guanxian_prosecutor,
            activity=hearing,
            supervisors=[serving],
            link_for=link_for,
        )
        == []
    )
    with pytest.raises(ApplicationError, match="先接受邀请"):
        opinion_submit_by_link(token=token, text="建议公开听证时充分听取被害人意见。")
    assert invitation_respond(token=token, accept=True).status == InvitationStatus.ACCEPTED
    with pytest.raises(ApplicationError, match="还没有开始"):
        attendance_record(
            actor=office_tree.guanxian_prosecutor, invitation=invitation, attended=True
        )
    clock.move_to(HEARING + dt.timedelta(hours=1))
    with pytest.raises(ApplicationError, match="答复期限已过"):
        invitation_respond(token=token, accept=False)
    attendance_record(actor=office_tree.guanxian_prosecutor, invitation=invitation, attended=True)
    opinion = opinion_submit_by_link(token=token, text="同意不起诉决定，建议加强释法说理。")
    assert opinion.source == OpinionSource.LINK and opinion.case == hearing.case
    with django_capture_on_commit_callbacks(execute=True):
        opinion_answer(
            actor=office_tree.guanxian_head,
            opinion=opinion,
            answer="已采纳，将在不起诉决定书中加强说理。",
            link_for=link_for,
        )
    opinion.refresh_from_db()
    assert (
        opinion.answered_by == office_tree.guanxian_head and opinion.answered_at == timezone.now()
    )
    assert "已有答复" in sms_outbox[-1].text
    assert list(hearing.case.supervision_opinions.all()) == [opinion]


def test_opinion_by_staff_for_an_invited_supervisor_only(office_tree, roster, hearing):
    serving, expired = roster
    with pytest.raises(ApplicationError, match="没有受邀"):
        opinion_record(
            actor=office_tree.guanxian_prosecutor, activity=hearing, supervisor=serving, text="x"
        )
    supervision_invite(
        actor=office_tree.guanxian_prosecutor,
        activity=hearing,
        supervisors=[serving],
        link_for=link_for,
    )
    opinion = opinion_record(
        actor=office_tree.guanxian_prosecutor,
        activity=hearing,
        supervisor=serving,
        text="听证程序规范。",
    )
    assert (
        opinion.source == OpinionSource.STAFF
        and opinion.recorded_by == office_tree.guanxian_prosecutor
    )


@pytest.mark.parametrize("token", ["", "garbage", "eyJpIjoxfQ:1abc:xyz"])
def test_forged_links_are_not_found(db, token):
    with pytest.raises(NotFoundError, match="链接无效"):
        invitation_from_token(token)


def test_a_token_for_another_nonce_is_refused(office_tree, roster, hearing):
    serving, _ = roster
    [invitation] = supervision_invite(
        actor=office_tree.guanxian_prosecutor,
        activity=hearing,
        supervisors=[serving],
        link_for=link_for,
    )
    token = invitation_token(invitation)
    invitation.nonce = "0" * 32
    invitation.save()
    with pytest.raises(NotFoundError):
        invitation_from_token(token)
