"""Staff handling a petition: every step checks scope and role, is kept in the history with
who and when, and the citizen hears about replies by SMS."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from eqiao.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from eqiao.core.models import AuditEntry, Notification
from eqiao.intake.models import (
    ClassificationCorrection,
    EventKind,
    Outcome,
    RiskAlert,
    RiskLevel,
    Status,
    Supervision,
)
from eqiao.intake.selectors import petition_get_for_staff, petition_history
from eqiao.intake.services.handling import (
    petition_assign,
    petition_citizen_message,
    petition_close,
    petition_note_add,
    petition_reclassify,
    petition_reply,
    petition_route,
    petition_supervise,
    supervision_resolve,
)
from eqiao.intake.tests.factories import make_petition
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff


@pytest.fixture
def petition(office_tree):
    return make_petition(office_tree.qingshui)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the SMS deliveries queued on commit, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def last_event(petition):
    return petition.events.order_by("-pk").first()


def audited(action: str, petition) -> bool:
    return AuditEntry.objects.filter(action=action, target_id=str(petition.pk)).exists()


class TestAssign:
    def test_receptionist_of_an_upper_office_assigns(self, office_tree, petition):
        t = office_tree
        petition_assign(
            petition=petition,
            assignee=t.qingshui_prosecutor,
            actor=t.guanxian_receptionist,
            note="请三日内联系信访人",
        )
        assert petition.assignee == t.qingshui_prosecutor and petition.status == Status.ASSIGNED
        event = last_event(petition)
        assert (event.kind, event.actor, event.public) == (
            EventKind.ASSIGNED,
            t.guanxian_receptionist,
            False,
        )
        assert event.text == "请三日内联系信访人"
        assert audited("petition.assign", petition)
        assert Notification.objects.filter(recipient=t.qingshui_prosecutor.user).exists()

    def test_assignee_must_work_in_the_handling_office(self, office_tree, petition):
        with pytest.raises(ApplicationError, match="清水") as exc:
            petition_assign(
                petition=petition,
                assignee=office_tree.guanxian_prosecutor,
                actor=office_tree.qingshui_head,
            )
        assert exc.value.field == "assignee"

    def test_a_sibling_county_cannot_assign(self, office_tree, petition):
        with pytest.raises(PermissionDeniedError):
            petition_assign(
                petition=petition,
                assignee=office_tree.qingshui_prosecutor,
                actor=office_tree.linqing_head,
            )
        assert petition.events.count() == 0

    def test_a_prosecutor_may_only_take_it_himself(self, office_tree, petition):
        t = office_tree
        other = make_staff(t.qingshui, Role.PROSECUTOR, "qs_prosecutor2")
        with pytest.raises(PermissionDeniedError):
            petition_assign(petition=petition, assignee=other, actor=t.qingshui_prosecutor)
        petition_assign(
            petition=petition, assignee=t.qingshui_prosecutor, actor=t.qingshui_prosecutor
        )
        assert petition.assignee == t.qingshui_prosecutor

    def test_an_editor_cannot_assign(self, office_tree, petition):
        editor = make_staff(office_tree.qingshui, Role.EDITOR, "qs_editor")
        with pytest.raises(PermissionDeniedError):
            petition_assign(
                petition=petition, assignee=office_tree.qingshui_prosecutor, actor=editor
            )


class TestRoute:
    def test_down_to_an_outpost(self, office_tree):
        t = office_tree
        p = make_petition(t.guanxian, assignee=t.guanxian_prosecutor, status=Status.ASSIGNED)
        petition_route(
            petition=p, to_office=t.qingshui, actor=t.guanxian_receptionist, reason="属清水镇辖区"
        )
        p.refresh_from_db()
        assert (p.office, p.assignee, p.status) == (t.qingshui, None, Status.ACCEPTED)
        event = last_event(p)
        assert (event.kind, event.from_office, event.to_office) == (
            EventKind.ROUTED,
            t.guanxian,
            t.qingshui,
        )
        assert event.public and event.data["reason"] == "属清水镇辖区"
        assert "清水" in event.text
        assert Notification.objects.filter(recipient=t.qingshui_head.user).exists()
        assert petition_get_for_staff(staff=t.qingshui_head, pk=p.pk)

    def test_up_to_the_county_leaves_the_outposts_view(self, office_tree, petition):
        t = office_tree
        petition_route(
            petition=petition,
            to_office=t.guanxian,
            actor=t.qingshui_prosecutor,
            reason="涉及县级部门，需县院办理",
        )
        assert petition.office == t.guanxian
        with pytest.raises(NotFoundError):
            petition_get_for_staff(staff=t.qingshui_prosecutor, pk=petition.pk)
        assert last_event(petition).data["direction"] == "up"

    def test_only_one_step_to_a_parent_or_child(self, office_tree, petition):
        t = office_tree
        for target in (t.city, t.ganguantun, t.lindong):
            with pytest.raises(ApplicationError) as exc:
                petition_route(
                    petition=petition, to_office=target, actor=t.city_head, reason="转办"
                )
            assert exc.value.field == "to_office"

    def test_a_sibling_cannot_route_and_a_reason_is_required(self, office_tree, petition):
        t = office_tree
        with pytest.raises(PermissionDeniedError):
            petition_route(
                petition=petition, to_office=t.guanxian, actor=t.lindong_head, reason="转办"
            )
        with pytest.raises(ApplicationError, match="转办理由"):
            petition_route(
                petition=petition, to_office=t.guanxian, actor=t.qingshui_head, reason="  "
            )


def test_internal_notes_never_reach_the_citizen(office_tree, petition):
    petition_note_add(petition=petition, actor=office_tree.qingshui_prosecutor, text="已电话联系")
    assert [e.kind for e in petition_history(petition=petition, public_only=False)] == [
        EventKind.NOTE
    ]
    assert list(petition_history(petition=petition, public_only=True)) == []
    with pytest.raises(ApplicationError):
        petition_note_add(petition=petition, actor=office_tree.qingshui_prosecutor, text="")


class TestSupervise:
    def test_an_upper_office_supervises_and_the_handling_head_is_told(self, office_tree, petition):
        t = office_tree
        deadline = timezone.localdate() + dt.timedelta(days=5)
        s = petition_supervise(
            petition=petition,
            actor=t.guanxian_head,
            deadline=deadline,
            instruction="五日内报告核查情况",
        )
        assert (s.by_office, s.by_staff, s.deadline) == (t.guanxian, t.guanxian_head, deadline)
        event = last_event(petition)
        assert event.kind == EventKind.SUPERVISED and not event.public
        note = Notification.objects.get(recipient=t.qingshui_head.user)
        assert petition.tracking_number in note.text and "督办" in note.text
        assert audited("petition.supervise", petition)

    def test_only_strictly_above(self, office_tree, petition):
        t = office_tree
        deadline = timezone.localdate()
        with pytest.raises(PermissionDeniedError):
            petition_supervise(
                petition=petition, actor=t.qingshui_head, deadline=deadline, instruction="督办"
            )
        with pytest.raises(PermissionDeniedError):
            petition_supervise(
                petition=petition, actor=t.linqing_head, deadline=deadline, instruction="督办"
            )
        petition_supervise(
            petition=petition, actor=t.city_head, deadline=deadline, instruction="督办"
        )

    def test_deadline_not_in_the_past(self, office_tree, petition):
        with pytest.raises(ApplicationError) as exc:
            petition_supervise(
                petition=petition,
                actor=office_tree.guanxian_head,
                deadline=timezone.localdate() - dt.timedelta(days=1),
                instruction="督办",
            )
        assert exc.value.field == "deadline"

    def test_resolve_by_the_supervising_office_only_once(self, office_tree, petition):
        t = office_tree
        s = petition_supervise(
            petition=petition,
            actor=t.guanxian_head,
            deadline=timezone.localdate(),
            instruction="督办",
        )
        with pytest.raises(PermissionDeniedError):
            supervision_resolve(supervision=s, actor=t.qingshui_head)
        supervision_resolve(supervision=s, actor=t.guanxian_head, note="已按期报告")
        assert Supervision.objects.get(pk=s.pk).resolved_at is not None
        with pytest.raises(ApplicationError):
            supervision_resolve(supervision=s, actor=t.guanxian_head)


class TestReplyAndClose:
    def test_procedural_reply_is_public_and_the_citizen_gets_an_sms(
        self, office_tree, petition, sms_outbox, committed
    ):
        with committed():
            event = petition_reply(
                petition=petition,
                actor=office_tree.qingshui_prosecutor,
                kind="procedural",
                text="已受理，正在核查。",
            )
        assert event.public and event.kind == EventKind.PROCEDURAL_REPLY
        assert petition.status == Status.REPLIED and petition.procedural_replied_at
        assert petition.result_replied_at is None
        assert [s.phone for s in sms_outbox] == [petition.phone]
        assert petition.tracking_number in sms_outbox[0].text
        assert "已受理，正在核查" not in sms_outbox[0].text  # the reply itself stays on the site

    def test_result_reply_stops_both_clocks(self, office_tree, petition):
        petition_reply(
            petition=petition,
            actor=office_tree.qingshui_head,
            kind="result",
            text="经核查，已督促支付。",
        )
        petition.refresh_from_db()
        assert petition.procedural_replied_at and petition.result_replied_at
        assert petition.status == Status.REPLIED

    def test_bad_replies(self, office_tree, petition):
        actor = office_tree.qingshui_prosecutor
        with pytest.raises(ApplicationError) as exc:
            petition_reply(petition=petition, actor=actor, kind="maybe", text="x")
        assert exc.value.field == "kind"
        with pytest.raises(ApplicationError, match="答复内容"):
            petition_reply(petition=petition, actor=actor, kind="procedural", text="")
        with pytest.raises(ApplicationError, match="无法识别"):
            petition_reply(petition=petition, actor=actor, kind="procedural", text="a\x00b")
        with pytest.raises(PermissionDeniedError):
            petition_reply(
                petition=petition, actor=office_tree.lindong_head, kind="procedural", text="答复"
            )

    def test_close_needs_a_result_reply_or_gives_it(
        self, office_tree, petition, sms_outbox, committed
    ):
        actor = office_tree.qingshui_head
        with pytest.raises(ApplicationError, match="结果答复"):
            petition_close(petition=petition, actor=actor, outcome=Outcome.RESOLVED, text="")
        with pytest.raises(ApplicationError) as exc:
            petition_close(petition=petition, actor=actor, outcome="fine", text="x")
        assert exc.value.field == "outcome"
        with committed():
            petition_close(
                petition=petition, actor=actor, outcome=Outcome.RESOLVED, text="工资已全部补发。"
            )
        petition.refresh_from_db()
        assert petition.status == Status.CLOSED and petition.outcome == Outcome.RESOLVED
        assert petition.result_replied_at and petition.closed_at
        kinds = [e.kind for e in petition_history(petition=petition, public_only=True)]
        assert kinds == [EventKind.RESULT_REPLY, EventKind.CLOSED]
        assert len(sms_outbox) == 1
        with pytest.raises(ApplicationError, match="已办结"):
            petition_reply(petition=petition, actor=actor, kind="procedural", text="再答复")

    def test_close_after_a_result_reply_keeps_one_reply(self, office_tree, petition):
        actor = office_tree.qingshui_head
        petition_reply(petition=petition, actor=actor, kind="result", text="已解决")
        petition_close(petition=petition, actor=actor, outcome=Outcome.EXPLAINED, text="")
        kinds = [e.kind for e in petition_history(petition=petition, public_only=True)]
        assert kinds == [EventKind.RESULT_REPLY, EventKind.CLOSED]
        assert audited("petition.close", petition)


class TestReclassify:
    def test_the_correction_is_kept_for_training(self, office_tree, petition):
        petition_reclassify(
            petition=petition,
            actor=office_tree.qingshui_prosecutor,
            kind="report",
            category="report",
            risk=RiskLevel.MEDIUM,
        )
        correction = ClassificationCorrection.objects.get(petition=petition)
        assert (correction.category, correction.risk) == ("report", RiskLevel.MEDIUM)
        assert petition.content in correction.text
        petition.refresh_from_db()
        assert (petition.kind, petition.risk_level) == ("report", RiskLevel.MEDIUM)
        event = last_event(petition)
        assert event.kind == EventKind.RECLASSIFIED
        assert event.data["before"]["kind"] == "complaint"

    def test_raising_to_high_alerts_the_head(self, office_tree, petition, sms_outbox, committed):
        with committed():
            petition_reclassify(
                petition=petition,
                actor=office_tree.qingshui_prosecutor,
                category="complaint",
                risk=RiskLevel.HIGH,
            )
        assert RiskAlert.objects.filter(petition=petition, level=RiskLevel.HIGH).count() == 1
        assert office_tree.qingshui_head.mobile in [s.phone for s in sms_outbox]

    def test_bad_values(self, office_tree, petition):
        actor = office_tree.qingshui_prosecutor
        with pytest.raises(ApplicationError):
            petition_reclassify(petition=petition, actor=actor, category="x", risk="extreme")
        with pytest.raises(ApplicationError):
            petition_reclassify(
                petition=petition, actor=actor, kind="gossip", category="x", risk="low"
            )

    def test_an_unknown_category_code_is_refused_in_chinese(self, office_tree, petition):
        actor = office_tree.qingshui_prosecutor
        with pytest.raises(ApplicationError, match="不是可选的分类.*控告、申诉") as refused:
            petition_reclassify(petition=petition, actor=actor, category="duty_crime", risk="low")
        assert refused.value.field == "category"
        assert not ClassificationCorrection.objects.exists()


class TestCitizenMessage:
    def test_a_calm_message_is_public_and_keeps_the_risk(self, office_tree, petition):
        event = petition_citizen_message(petition=petition, text="请问现在办到哪一步了？谢谢。")
        assert event.public and event.kind == EventKind.CITIZEN_MESSAGE and event.actor is None
        petition.refresh_from_db()
        assert petition.risk_level == RiskLevel.LOW
        assert not RiskAlert.objects.exists()

    def test_a_threat_to_petition_upwards_alerts_the_head_in_the_same_transaction(
        self, office_tree, petition, sms_outbox, committed
    ):
        with committed():
            event = petition_citizen_message(
                petition=petition, text="再不解决，我们几十个工友就一起去北京上访，堵政府大门！"
            )
        assert event.data["risk"] == RiskLevel.HIGH and event.data["reasons"]
        petition.refresh_from_db()
        assert petition.risk_level == RiskLevel.HIGH
        alert = RiskAlert.objects.get(petition=petition)
        assert "北京" in alert.excerpt or "上访" in alert.excerpt
        assert Notification.objects.filter(
            recipient=office_tree.qingshui_head.user, level="danger"
        ).exists()
        assert office_tree.qingshui_head.mobile in [s.phone for s in sms_outbox]

    def test_a_double_tap_is_one_message(self, office_tree, petition):
        first = petition_citizen_message(petition=petition, text="我补充一份欠条照片。")
        again = petition_citizen_message(petition=petition, text="我补充一份欠条照片。")
        assert first.pk == again.pk
        assert petition.events.filter(kind=EventKind.CITIZEN_MESSAGE).count() == 1

    def test_bad_messages(self, petition):
        with pytest.raises(ApplicationError, match="留言内容"):
            petition_citizen_message(petition=petition, text="   ")
        with pytest.raises(ApplicationError):
            petition_citizen_message(petition=petition, text="字" * 2001)
        with pytest.raises(ApplicationError, match="无法识别"):
            petition_citizen_message(petition=petition, text="\x07\x08binary")


def test_what_others_read_is_in_the_site_language_whatever_the_actors_ui(
    office_tree, petition, sms_outbox, committed
):
    """A prosecutor using the English UI gets English errors, but the citizen's SMS, the
    public history and the head's notification stay in Chinese."""
    t = office_tree
    with translation.override("en"):
        with pytest.raises(ApplicationError, match="routing reason"):
            petition_route(
                petition=petition, to_office=t.guanxian, actor=t.qingshui_head, reason=""
            )
        with committed():
            petition_reply(
                petition=petition, actor=t.qingshui_head, kind="procedural", text="Received."
            )
        petition_route(
            petition=petition, to_office=t.guanxian, actor=t.qingshui_head, reason="county matter"
        )
    assert "有新的答复" in sms_outbox[0].text
    assert last_event(petition).text == "转冠县人民检察院办理。"
    assert "转来信访件" in Notification.objects.get(recipient=t.guanxian_head.user).text
