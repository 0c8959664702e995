"""Every list page reads a bounded number of queries, however many rows it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from eqiao.core.models import Notification
from eqiao.intake.models import LeadKind
from eqiao.intake.services.handling import petition_supervise
from eqiao.intake.services.leads import lead_create
from eqiao.intake.services.risk import risk_alert_raise
from eqiao.intake.tests.factories import make_petition


def add_rows(office_tree, n: int) -> None:
    deadline = timezone.localdate() + dt.timedelta(days=5)
    for i in range(n):
        petition = make_petition(office_tree.qingshui, title=f"件{i}")
        risk_alert_raise(petition=petition, level="high", reasons=["扬言上访"], excerpt="x")
        lead_create(
            petition=petition,
            actor=office_tree.qingshui_head,
            kind=LeadKind.SUPERVISION,
            summary=f"线索{i}",
        )
        petition_supervise(
            petition=petition,
            actor=office_tree.guanxian_head,
            deadline=deadline,
            instruction=f"督办{i}",
        )
        Notification.objects.create(recipient=office_tree.guanxian_head.user, text=f"通知{i}")


@pytest.mark.parametrize(
    "url_name",
    ["workbench:alerts", "workbench:leads", "workbench:supervision", "workbench:notifications"],
)
def test_list_queries_do_not_grow_with_rows(
    as_staff, office_tree, django_assert_max_num_queries, url_name
):
    client = as_staff(office_tree.guanxian_head)
    url = reverse(url_name)
    add_rows(office_tree, 2)
    client.get(url)
    # 11: the page, plus one for the staff member's roles (read once per request).
    with django_assert_max_num_queries(11) as few:
        small = client.get(url).content.decode()
    add_rows(office_tree, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get(url).content.decode()
    assert len(large) > len(small)
