"""Replies typed back to a follow-up become evaluations of the office and the prosecutor;
unclear ones wait for a person; dissatisfied ones open a task for the head; a reply that is
a new complaint is taken in by intake as well."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from eqiao.channels.services import inbound_dispatch
from eqiao.core.errors import ApplicationError
from eqiao.core.models import Notification
from eqiao.followups.models import (
    Evaluation,
    EvaluationLevel,
    EvaluationReview,
    FollowUpTask,
    TaskStatus,
)
from eqiao.followups.selectors import evaluations_for_index, followup_stats
from eqiao.followups.services.evaluations import (
    evaluation_settle,
    followup_task_complete,
)
from eqiao.followups.services.runs import run_start
from eqiao.followups.tests.factories import make_campaign, make_closed_case, make_closed_petition
from eqiao.intake.models import Petition

pytestmark = pytest.mark.django_db
PHONE = "13800000001"
_ids = itertools.count(1)


@pytest.fixture
def sent(office_tree, at_run_time, commit):
    """One person, a party in a Qingshui case and a Guanxian petition, sent one follow-up."""
    t = office_tree
    case = make_closed_case(t.qingshui, parties=[("李四", PHONE)], prosecutor=t.qingshui_prosecutor)
    petition = make_closed_petition(t.guanxian, phone=PHONE, assignee=t.guanxian_prosecutor)
    with commit(execute=True):
        run_start(campaign=make_campaign(t.guanxian))
    at_run_time.shift(dt.timedelta(hours=2))
    return case, petition


def reply(text, sender=PHONE):
    return inbound_dispatch(
        channel="sms",
        provider="fake",
        provider_message_id=f"in{next(_ids)}",
        sender=sender,
        text=text,
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("1", EvaluationLevel.SATISFIED),
        ("１ 谢谢", EvaluationLevel.SATISFIED),
        ("非常满意", EvaluationLevel.VERY_SATISFIED),
        ("２", EvaluationLevel.BASIC),
        ("基本满意", EvaluationLevel.BASIC),
    ],
)
def test_a_reply_evaluates_each_record_with_its_office_and_prosecutor(
    sent, office_tree, text, level
):
    case, petition = sent
    record = reply(text)
    assert record.handler == "followups.reply"
    by_record = {(e.case_id, e.petition_id): e for e in Evaluation.objects.all()}
    on_case = by_record[(case.pk, None)]
    on_petition = by_record[(None, petition.pk)]
    assert on_case.level == on_petition.level == level
    assert (on_case.office, on_case.prosecutor) == (
        office_tree.qingshui,
        office_tree.qingshui_prosecutor,
    )
    assert (on_petition.office, on_petition.prosecutor) == (
        office_tree.guanxian,
        office_tree.guanxian_prosecutor,
    )
    assert on_case.text == text.strip() and on_case.source == "sms"
    assert not FollowUpTask.objects.exists()


def test_a_second_message_after_the_reply_goes_to_intake(sent):
    reply("1")
    second = reply("我还有一件事想反映一下，村里的低保发放不公平，请检察院监督")
    assert second.handler == "intake.petition"
    assert Evaluation.objects.count() == 2


def test_a_number_that_got_no_follow_up_is_not_claimed(sent):
    assert reply("1", sender="13800009999").handler == "intake.petition"
    assert not Evaluation.objects.exists()


def test_a_reply_after_the_window_is_not_claimed(sent, at_run_time):
    at_run_time.shift(dt.timedelta(days=15))
    assert reply("1").handler == "intake.petition"


def test_dissatisfied_opens_a_task_for_the_head_due_in_working_days(sent, office_tree):
    reply("3 办案人员态度不好")
    tasks = FollowUpTask.objects.order_by("office__path")
    assert [t.office for t in tasks] == [office_tree.guanxian, office_tree.qingshui]
    task = tasks[1]
    assert task.text == "3 办案人员态度不好"
    # Replied Thursday 5 November 2026: five working days later is Thursday 12 November.
    assert task.due == dt.date(2026, 11, 12)
    note = Notification.objects.get(recipient=office_tree.qingshui_head.user)
    assert note.target_kind == "followup_task" and note.target_id == task.pk
    with pytest.raises(ApplicationError):
        followup_task_complete(task=task, actor=office_tree.qingshui_head, outcome=" ")
    followup_task_complete(task=task, actor=office_tree.qingshui_head, outcome="已电话回访并道歉")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_by == office_tree.qingshui_head
    with pytest.raises(ApplicationError):
        followup_task_complete(task=task, actor=office_tree.qingshui_head, outcome="再次处理")


def test_an_unclear_reply_waits_for_a_person_and_counts_nowhere_until_settled(sent, office_tree):
    reply("你们什么时候再联系我")
    evaluations = list(Evaluation.objects.all())
    assert {e.level for e in evaluations} == {EvaluationLevel.UNCLEAR}
    assert {e.detail.review for e in evaluations} == {EvaluationReview.PENDING}
    start = timezone.now() - dt.timedelta(days=1)
    end = timezone.now() + dt.timedelta(days=1)
    ids = [office_tree.qingshui.pk, office_tree.guanxian.pk]
    assert not evaluations_for_index(office_ids=ids, start=start, end=end).exists()
    evaluation_settle(evaluation=evaluations[0], actor=office_tree.guanxian_head, level="basic")
    assert {e.level for e in Evaluation.objects.all()} == {EvaluationLevel.BASIC}
    assert evaluations_for_index(office_ids=ids, start=start, end=end).count() == 2
    with pytest.raises(ApplicationError):
        evaluation_settle(evaluation=evaluations[0], actor=office_tree.guanxian_head, level="basic")
    stats = followup_stats(office_ids=ids, start=start, end=end)
    assert (stats.sent, stats.replied, stats.evaluations) == (1, 1, 2)


def test_a_reply_that_is_a_new_complaint_also_becomes_a_petition(sent):
    before = Petition.objects.count()
    record = reply("3 我要举报派出所民警收受贿赂，他们一直刁难我们家，再不处理我就去北京上访")
    assert record.outcome == "evaluation_petition"
    assert Petition.objects.count() == before + 1
    new = Petition.objects.latest("pk")
    assert new.phone == PHONE and record.ref == new.tracking_number
    assert set(Evaluation.objects.values_list("level", flat=True)) == {EvaluationLevel.DISSATISFIED}


def test_a_reply_typed_at_the_command_line_becomes_an_evaluation(sent):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("followups_reply", PHONE, "１", "谢谢", stdout=out)
    assert out.getvalue().strip() == "followups.reply: evaluation satisfied"
    assert set(Evaluation.objects.values_list("text", flat=True)) == {"１ 谢谢"}


def test_the_index_reads_a_period_given_as_dates_as_whole_days(sent, office_tree):
    reply("1")
    ids = [office_tree.qingshui.pk, office_tree.guanxian.pk]
    day = dt.date(2026, 11, 5)
    assert evaluations_for_index(office_ids=ids, start=day, end=day).count() == 2
    assert not evaluations_for_index(
        office_ids=ids, start=day - dt.timedelta(days=3), end=day - dt.timedelta(days=1)
    ).exists()
    stats = followup_stats(office_ids=ids, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert (stats.sent, stats.replied, stats.by_level) == (1, 1, {"satisfied": 2})
