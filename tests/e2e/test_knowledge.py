"""The knowledge base in a real browser: a citizen asks in plain words on a phone and reads
the article; a staff member answering a consultation inserts a suggested answer and cites
an article into the reply box."""

from __future__ import annotations

import pytest

from eqiao.intake.models import Kind
from eqiao.knowledge.testing import kb_load
from eqiao.workbench.tests.conftest import submit
from tests.e2e.conftest import screenshot
from tests.e2e.test_citizen_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_asks_in_plain_words_and_reads_the_article(live_server, phone):
    kb_load()
    phone.goto(f"{live_server.url}/law/")
    phone.get_by_label("您想问什么？").fill("喝了酒开车把人撞了然后跑了会判几年")
    phone.get_by_role("button", name="查找答案").click()
    article = phone.locator(".kb-article").filter(has_text="第一百三十三条【交通肇事罪").first
    article.wait_for()
    assert "分则 · 危害公共安全罪" in article.inner_text()
    assert article.locator("mark").count() > 0, "matched words are highlighted"
    screenshot(phone, "kb-01-citizen-answer")
    # An empty question gets a plain message, not an error page.
    phone.get_by_label("您想问什么？").fill("")
    phone.get_by_role("button", name="查找答案").click()
    phone.get_by_text("请输入您想问的问题。").wait_for()


def test_staff_inserts_a_suggested_answer_into_the_reply(live_server, office_tree, desk):
    kb_load()
    petition = submit(
        office_tree.guanxian,
        kind=Kind.CONSULTATION,
        title="工钱要不回来",
        content="包工头欠我八千块工钱一直不给，我该怎么办？",
    )
    page = desk()
    _staff_login(page, live_server.url, office_tree.guanxian_head, office_tree.password)
    page.goto(f"{live_server.url}/staff/petitions/{petition.pk}/")
    panel = page.locator(".kb-suggest")
    panel.get_by_role("button", name="插入答复").first.wait_for()
    panel.get_by_role("button", name="插入答复").first.click()
    box = page.locator("details.action[open] textarea").first
    assert "劳动" in box.input_value()
    panel.get_by_role("button", name="引用法条").first.click()
    assert "根据《中华人民共和国刑法》" in box.input_value()
    screenshot(page, "kb-02-staff-suggested-answer")
