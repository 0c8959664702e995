"""Campaign runs: who is written to, once, about all their records; opt-outs hold."""

import datetime as dt

import pytest
from django.utils import timezone

from eqiao.cases.models import CaseKind
from eqiao.channels.models import OptOut, OutboundMessage
from eqiao.channels.services import inbound_dispatch
from eqiao.followups.models import CampaignRun, FollowUp, RecordSource, RunStatus
from eqiao.followups.services.campaigns import campaign_preview, campaigns_run_due
from eqiao.followups.services.runs import run_advance, run_start
from eqiao.followups.tests.factories import make_campaign, make_closed_case, make_closed_petition

pytestmark = pytest.mark.django_db


def _texts(outbox, phone):
    return [m.text for m in outbox if m.phone == phone]


def test_a_person_in_two_records_gets_one_message_naming_both(
    office_tree, at_run_time, sms_outbox, commit
):
    t = office_tree
    make_closed_case(t.qingshui, number="冠检刑诉受〔2026〕7号", parties=[("李四", "13800000001")])
    make_closed_petition(t.guanxian, phone="13800000001")
    make_closed_case(t.guanxian, parties=[("王五", "13800000002"), ("赵六", "13800000003")])
    with commit(execute=True):
        run = run_start(campaign=make_campaign(t.guanxian))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert (run.total, run.queued) == (3, 3)
    texts = _texts(sms_outbox, "13800000001")
    assert len(texts) == 1
    assert "案件冠检刑诉受〔2026〕7号" in texts[0] and "信访件X2026" in texts[0]
    assert texts[0].startswith("【聊城检察】您好！您在冠县院的")
    assert len(sms_outbox) == 3
    assert FollowUp.objects.get(phone="13800000001").records.count() == 2


def test_selection_keeps_to_the_office_subtree_the_period_and_the_kinds(
    office_tree, at_run_time, sms_outbox, commit
):
    t = office_tree
    make_closed_case(t.linqing, parties=[("邻县", "13800000011")])  # a sibling county
    make_closed_case(t.guanxian, parties=[("九月", "13800000012")], closed_on=dt.date(2026, 9, 30))
    make_closed_case(t.guanxian, parties=[("民事", "13800000013")], kind=CaseKind.CIVIL)
    make_closed_case(t.guanxian, parties=[("刑事", "13800000014")])
    make_closed_case(t.guanxian, parties=[("座机", "0635-8888888")])
    make_closed_petition(t.guanxian, phone="13800000015")
    campaign = make_campaign(t.guanxian, source=RecordSource.CASES, case_kinds=[CaseKind.CRIMINAL])
    preview = campaign_preview(campaign=campaign)
    assert (preview.start, preview.end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert preview.people == 1
    assert "冠县院" in preview.samples[0][1] and preview.samples[0][0] == "138****0014"
    with commit(execute=True):
        run_start(campaign=campaign)
    assert [m.phone for m in sms_outbox] == ["13800000014"]


def test_an_opt_out_by_reply_holds_for_the_next_run_and_its_time_is_recorded(
    office_tree, at_run_time, sms_outbox, commit
):
    t = office_tree
    make_closed_case(t.guanxian, parties=[("甲", "13800000021"), ("乙", "13800000022")])
    campaign = make_campaign(t.guanxian, period="last_30_days")
    with commit(execute=True):
        run_start(campaign=campaign)
    assert len(sms_outbox) == 2
    at_run_time.shift(dt.timedelta(hours=1))
    with commit(execute=True):
        inbound_dispatch(
            channel="sms", provider="t", provider_message_id="r1", sender="13800000021", text="ＴＤ"
        )
    entry = OptOut.objects.get(address="13800000021")
    assert entry.active and entry.changed_at == timezone.now()
    sms_outbox.clear()
    at_run_time.shift(dt.timedelta(days=1))
    with commit(execute=True):
        run = run_start(campaign=campaign)
    assert [m.phone for m in sms_outbox if "评价" in m.text] == ["13800000022"]
    assert not FollowUp.objects.filter(run=run, phone="13800000021").exists()


def test_running_again_queues_nobody_twice(office_tree, at_run_time, sms_outbox, commit):
    t = office_tree
    make_closed_case(t.guanxian, parties=[(f"人{i}", f"138000001{i:02d}") for i in range(30)])
    run = run_start(campaign=make_campaign(t.guanxian), enqueue=False)
    with commit(execute=True):
        run_advance(run_id=run.pk, chunk_size=7)
    CampaignRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, cursor="")
    with commit(execute=True):
        run = run_advance(run_id=run.pk, chunk_size=7)  # a replayed run meets the constraint
    assert FollowUp.objects.filter(run=run).count() == 30
    assert OutboundMessage.objects.filter(purpose="followup").count() == 30
    assert len(sms_outbox) == 30


def test_a_due_campaign_starts_once_and_moves_to_next_month(
    office_tree, at_run_time, sms_outbox, commit
):
    t = office_tree
    make_closed_case(t.guanxian, parties=[("甲", "13800000031")])
    campaign = make_campaign(t.guanxian)
    campaign.next_run_at = timezone.now()
    campaign.save()
    with commit(execute=True):
        assert len(campaigns_run_due()) == 1
    assert campaigns_run_due() == []
    campaign.refresh_from_db()
    assert timezone.localtime(campaign.next_run_at).date() == dt.date(2026, 12, 5)
    assert len(sms_outbox) == 1
