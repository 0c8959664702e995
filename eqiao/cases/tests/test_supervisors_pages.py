"""People's supervisors through the pages: the roster, an activity, the SMS invitation whose
link the supervisor opens to accept and write an opinion, the office's answer."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from eqiao.cases.models import InvitationStatus, PeopleSupervisor, SupervisionActivity
from eqiao.cases.tests.test_never_publish import login_as

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)


def test_roster_invitation_link_opinion_answer(
    client, office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False) as clock:
        login_as(client, office_tree.guanxian_prosecutor)
        response = client.post(
            "/staff/supervisors/new/",
            {
                "name": "赵建国",
                "phone": "13906350001",
                "unit": "冠县清水镇中学",
                "term_start": "2024-01-01",
                "term_end": "2028-12-31",
                "active": "on",
            },
        )
        assert response.status_code == 302
        bad = client.post(
            "/staff/supervisors/new/",
            {"name": "钱某", "phone": "123", "term_start": "2024-01-01", "term_end": "2028-12-31"},
        )
        assert bad.status_code == 200 and "手机" in bad.content.decode()
        client.post(
            "/staff/supervision/activities/new/",
            {
                "kind": "public_hearing",
                "title": "不起诉案件公开听证",
                "starts_at": "2026-11-27T09:30",
                "place": "冠县人民检察院听证室",
            },
        )
        activity = SupervisionActivity.objects.get()
        supervisor = PeopleSupervisor.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/staff/supervision/activities/{activity.pk}/invite/",
                {"supervisors": [supervisor.pk]},
            )
        link = re.search(r"https?://\S+/supervise/\S+/", sms_outbox[-1].text).group(0)
        path = link[link.index("/supervise/") :]

        citizen = client.__class__()
        page = citizen.get(path).content.decode()
        assert "不起诉案件公开听证" in page and "赵建国" in page
        citizen.post(path, {"action": "accept"})
        assert activity.invitations.get().status == InvitationStatus.ACCEPTED
        clock.move_to(dt.datetime(2026, 11, 27, 11, 0, tzinfo=TZ))
        citizen.post(path, {"action": "opinion", "text": "同意不起诉决定，建议加强释法说理。"})
        opinion = activity.opinions.get()
        assert (
            "同意不起诉决定"
            in client.get(f"/staff/supervision/activities/{activity.pk}/").content.decode()
        )
        client.post(
            f"/staff/supervision/activities/{activity.pk}/answer/",
            {"opinion": opinion.pk, "answer": "已采纳。"},
        )
        opinion.refresh_from_db()
        assert (
            opinion.answer == "已采纳。" and opinion.answered_by == office_tree.guanxian_prosecutor
        )
        assert "已采纳。" in citizen.get(path).content.decode()


def test_a_forged_link_is_a_clear_404(client, db):
    response = client.get("/supervise/not-a-token/")
    assert response.status_code == 404 and "链接无效" in response.content.decode()


def test_every_disclosure_page_opens(client, office_tree):
    """Each staff list and form page renders for a county head, and the public pages for
    anyone (empty lists say so)."""
    login_as(client, office_tree.guanxian_head)
    for path in (
        "/staff/releases/",
        "/staff/releases/?status=pending",
        "/staff/releases/new/",
        "/staff/documents/",
        "/staff/documents/new/",
        "/staff/bribery/",
        "/staff/bribery/?status=pending",
        "/staff/supervisors/",
        "/staff/supervisors/new/",
        "/staff/supervision/activities/new/",
    ):
        assert client.get(path).status_code == 200, path
    public = client.__class__()
    for path, text in (
        ("/cases/releases/", "暂无发布的案件信息"),
        ("/cases/documents/?kind=protest&office=abc", "暂无公开的法律文书"),
        ("/bribery/verify/", "验证码"),
    ):
        response = public.get(path)
        assert response.status_code == 200 and text in response.content.decode(), path
