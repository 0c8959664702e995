"""The mobile digest: an issue from published articles, reviewed, sent by SMS with a link to
its phone page through the channel; subscribe and unsubscribe on the web and by SMS reply,
the shared opt-out list respected; delivery counts per issue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eqiao.channels.services import inbound_dispatch
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.publishing.models import GroupKind, IssueStatus, Subscriber, SubscriberGroup
from eqiao.publishing.services.digest import (
    digest_create,
    digest_decide,
    digest_delivery_counts,
    digest_send,
    digest_submit,
    subscriber_set,
)
from eqiao.publishing.tests.test_outlets import approved

pytestmark = pytest.mark.django_db
NPC_PHONES = ["13906350001", "13906350002", "13906350003"]


@pytest.fixture
def groups(desk):
    npc = SubscriberGroup.objects.create(office=desk.office, kind=GroupKind.NPC, name="人大代表")
    public = SubscriberGroup.objects.create(
        office=desk.office, kind=GroupKind.PUBLIC, name="社会公众"
    )
    for phone in NPC_PHONES:
        subscriber_set(group=npc, phone=phone, active=True, method="staff")
    return {"npc": npc, "public": public}


def approve_issue(desk, issue):
    for actor in (desk.reviewer, desk.head):
        issue = digest_decide(actor=actor, issue=issue, approve=True)
    return issue


def sms(phone, text, mid):
    return inbound_dispatch(
        channel="sms", provider="sms_http", provider_message_id=mid, sender=phone, text=text
    )


def test_an_issue_is_reviewed_sent_once_to_each_subscriber_and_counted(
    desk, groups, sms_outbox, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    issue = digest_create(
        actor=desk.editor,
        office=desk.office,
        title="11月下半月",
        articles=[article],
        groups=[groups["npc"]],
    )
    with pytest.raises(ApplicationError):
        digest_send(actor=desk.head, issue=issue)  # not approved yet
    issue = digest_submit(actor=desk.editor, issue=issue)
    # The same steps as an article: the security review (保密审查), then the head's approval;
    # never by the issue's own editor, and the head cannot skip the security reviewer.
    assert [t.label for t in issue.review_tasks.order_by("order")] == ["保密审查", "负责人审批"]
    with pytest.raises(PermissionDeniedError):
        digest_decide(actor=desk.editor, issue=issue, approve=True)
    with pytest.raises(PermissionDeniedError):
        digest_decide(actor=desk.head, issue=issue, approve=True)
    issue = digest_decide(actor=desk.reviewer, issue=issue, approve=True)
    assert issue.status == IssueStatus.REVIEW
    with pytest.raises(ApplicationError):
        digest_send(actor=desk.head, issue=issue)  # half-way through the review
    issue = digest_decide(actor=desk.head, issue=issue, approve=True)
    assert issue.status == IssueStatus.APPROVED

    # One subscriber replied 退订 to some earlier message: the shared opt-out list.
    sms(NPC_PHONES[2], "退订", "m-optout")
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(actor=desk.head, issue=issue) == 3
    with django_capture_on_commit_callbacks(execute=True):
        digest_send(actor=desk.head, issue=issue)  # a second click sends nothing more
    assert sorted(m.phone for m in sms_outbox) == NPC_PHONES[:2]
    text = sms_outbox[0].text
    assert article.title in text and f"/digest/{issue.token}/" in text
    counts = digest_delivery_counts(issue)
    assert counts.get("sent") == 2 and counts.get("suppressed") == 1

    page = client.get(reverse("portal:digest_issue", args=[issue.token]))
    assert page.status_code == 200 and article.title in page.content.decode()


def test_subscribe_and_unsubscribe_by_sms_reply(
    desk, groups, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = sms("13906350009", "订阅手机报", "m1")
    assert record.outcome == "digest_subscribed"
    assert Subscriber.objects.get(phone="13906350009").group == groups["public"]
    with django_capture_on_commit_callbacks(execute=True):
        record = sms("13906350009", "退订手机报", "m2")
    assert record.outcome == "digest_unsubscribed"
    assert not Subscriber.objects.get(phone="13906350009").active
    assert len(sms_outbox) == 2


def test_subscribe_on_the_web_with_a_clear_error_for_a_bad_number(desk, groups, client):
    url = reverse("portal:digest_subscribe")
    bad = client.post(url, {"phone": "12345", "group": groups["public"].pk, "action": "subscribe"})
    assert bad.status_code == 400
    assert "11位手机号" in bad.content.decode()
    ok = client.post(
        url, {"phone": "13906350010", "group": groups["public"].pk, "action": "subscribe"}
    )
    assert ok.status_code == 200 and "已订阅" in ok.content.decode()
    assert Subscriber.objects.get(phone="13906350010").active
    client.post(
        url, {"phone": "13906350010", "group": groups["public"].pk, "action": "unsubscribe"}
    )
    assert not Subscriber.objects.get(phone="13906350010").active


def test_the_digest_page_previews_the_sms_and_counts_deliveries_in_words(
    desk, groups, client, django_capture_on_commit_callbacks
):
    from eqiao.publishing.tests.conftest import login_as

    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    issue = digest_create(
        actor=desk.editor,
        office=desk.office,
        title="第一期",
        articles=[article],
        groups=[groups["npc"]],
    )
    approve_issue(desk, digest_submit(actor=desk.editor, issue=issue))
    with django_capture_on_commit_callbacks(execute=True):
        digest_send(actor=desk.head, issue=issue)
    login_as(client, desk.head)
    page = client.get(reverse("workbench:digest_detail", args=[issue.pk])).content.decode()
    assert article.title in page and "条短信计费" in page
    assert "已发送：3" in page


def test_a_rejected_issue_returns_to_its_editor_with_the_reason(desk, groups):
    issue = digest_create(
        actor=desk.editor,
        office=desk.office,
        title="12月上半月",
        articles=[approved(desk)],
        groups=[groups["npc"]],
    )
    issue = digest_submit(actor=desk.editor, issue=issue)
    with pytest.raises(ApplicationError, match="理由"):
        digest_decide(actor=desk.reviewer, issue=issue, approve=False)
    issue = digest_decide(actor=desk.reviewer, issue=issue, approve=False, reason="标题太长")
    assert issue.status == IssueStatus.DRAFT and issue.reject_reason == "标题太长"
    # Sent again, a new round of the same steps opens.
    issue = digest_submit(actor=desk.editor, issue=issue)
    assert issue.review_tasks.filter(round=2, state="open").get().label == "保密审查"
    assert issue.review_tasks.filter(round=1, state="cancelled").count() == 1


def test_an_issue_scheduled_is_sent_by_the_worker_once_and_can_be_moved_or_cancelled(
    desk, groups, sms_outbox, django_capture_on_commit_callbacks
):
    import datetime as dt

    import time_machine

    from eqiao.core.models import AuditEntry
    from eqiao.publishing.services.digest import digest_reschedule, digests_send_due

    start = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            article = approved(desk)
        issue = digest_create(
            actor=desk.editor,
            office=desk.office,
            title="12月上半月",
            articles=[article],
            groups=[groups["npc"]],
        )
        with pytest.raises(ApplicationError, match="晚于现在"):
            digest_reschedule(actor=desk.head, issue=issue, when=start - dt.timedelta(hours=1))
        issue = digest_reschedule(actor=desk.head, issue=issue, when=start + dt.timedelta(hours=2))
        issue = approve_issue(desk, digest_submit(actor=desk.editor, issue=issue))
        issue = digest_reschedule(actor=desk.head, issue=issue, when=start + dt.timedelta(hours=4))
        assert digests_send_due() == []
    with time_machine.travel(start + dt.timedelta(hours=3), tick=False):
        assert digests_send_due() == []  # moved from 10:00 to 12:00
    with time_machine.travel(start + dt.timedelta(hours=5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert digests_send_due() == [issue.pk]
            assert digests_send_due() == []  # once
    assert len(sms_outbox) == 3
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.sent_at == start + dt.timedelta(hours=5)
    events = AuditEntry.objects.filter(action="digest.reschedule").order_by("pk")
    assert [e.detail["to"][:16] for e in events] == ["2026-12-01T10:00", "2026-12-01T12:00"]
    with pytest.raises(ApplicationError, match="已发送"):
        digest_reschedule(actor=desk.head, issue=issue, when=None)


def test_the_digest_reviewers_are_reminded_of_a_step_due_once_a_day(desk, groups):
    import datetime as dt

    import time_machine

    from eqiao.core.models import Notification
    from eqiao.core.notifications import notification_link
    from eqiao.publishing.services.review import review_reminders_send

    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        issue = digest_create(
            actor=desk.editor,
            office=desk.office,
            title="12月上半月",
            articles=[approved(desk)],
            groups=[groups["npc"]],
        )
        digest_submit(actor=desk.editor, issue=issue)
        assert review_reminders_send() == 0  # due in a day (保密审查: one day), not yet
    with time_machine.travel(start + dt.timedelta(hours=8), tick=False):
        assert review_reminders_send() >= 1
        assert review_reminders_send() == 0  # not twice the same day
    note = Notification.objects.filter(recipient=desk.reviewer.user, target_kind="digest").get()
    assert "12月上半月" in note.text and "保密审查" in note.text
    assert not Notification.objects.filter(recipient=desk.editor.user, target_kind="digest")
    assert notification_link(note) == reverse("workbench:digest_detail", args=[issue.pk])
