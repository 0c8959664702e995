"""The staff write API: a client with the scope `articles.write` creates and updates a
draft on behalf of an editor and sends it for review; review cannot be skipped through it
(the automated review stops what it finds, nothing approves or publishes with the key)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.utils import translation

from eqiao.api.services.clients import api_client_create
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.publishing.models import Article, ArticleStatus
from eqiao.publishing.selectors import review_tasks_for
from eqiao.publishing.tests.conftest import CLEAN_BODY, DIRTY_BODY

pytestmark = pytest.mark.django_db
BASE = "/api/v1/publishing"


@pytest.fixture
def desk(office_tree):
    """冠县's editor, head and a security reviewer (as the studio's desk tests have them)."""
    t = office_tree
    with translation.override("zh-hans"):
        yield SimpleNamespace(
            office=t.guanxian,
            editor=t.guanxian_editor,
            head=t.guanxian_head,
            reviewer=make_staff(t.guanxian, Role.SECURITY_REVIEWER, "gx_security"),
            linqing_head=t.linqing_head,
        )


@pytest.fixture
def writer(db):
    _client, key = api_client_create(name="融媒体编辑器", channel="web", scopes="articles.write")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, data, headers, method="post"):
    return getattr(client, method)(
        url, data=json.dumps(data), content_type="application/json", **headers
    )


def draft(desk, **kw):
    return {
        "author": desk.editor.user.username,
        "kind": "case_interpretation",
        "title": "以案释法：欠薪怎么办",
        "body_html": DIRTY_BODY,
        "short_text": "欠薪可申请支持起诉",
        "tags": ["欠薪", "支持起诉"],
        **kw,
    }


def test_create_update_and_submit_a_draft_then_the_review_is_still_done_by_people(
    desk, writer, client
):
    created = post(client, f"{BASE}/drafts", draft(desk), writer)
    assert created.status_code == 200, created.content
    body = created.json()
    assert body["status"] == "draft" and body["revision"] == 1
    article = Article.objects.get(pk=body["id"])
    assert article.author == desk.editor and article.lock_holder is None
    assert {t.name for t in article.tags.all()} == {"欠薪", "支持起诉"}

    # Submitted as is, the automated review stops it and says why.
    submitted = post(
        client, f"{BASE}/drafts/{article.pk}/submit", {"author": desk.editor.user.username}, writer
    ).json()
    assert submitted["status"] == "security" and submitted["status_label"] == "安全审查"
    assert {("phone", "13906351234"), ("name", "张伟")} <= {
        (f["detail"], f["matched"]) for f in submitted["open_findings"]
    }
    # The fix through the API: the open findings are gone, the human steps open.
    fixed = post(
        client,
        f"{BASE}/drafts/{article.pk}",
        draft(desk, body_html=DIRTY_BODY.replace("张伟（电话13906351234）", "张某")),
        writer,
        method="put",
    ).json()
    assert fixed["status"] == "review" and fixed["open_findings"] == []
    assert fixed["review_steps"] == ["保密审查：待审核", "负责人审批：未开始"]
    assert review_tasks_for(staff=desk.reviewer)[0].article_id == article.pk

    # Nothing through the key approves or publishes; a draft in review is not editable.
    publish = client.post(f"{BASE}/articles/{article.pk}/publish", **writer)
    assert publish.status_code == 401
    again = post(client, f"{BASE}/drafts/{article.pk}", draft(desk), writer, method="put")
    assert again.status_code == 400 and "当前状态不能修改" in again.json()["detail"]
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW and article.lock_holder is None


def test_the_key_needs_the_scope_and_the_author_must_be_an_editor(desk, client):
    _c, key = api_client_create(name="乡镇一体机", channel="kiosk")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    refused = post(client, f"{BASE}/drafts", draft(desk), headers)
    assert refused.status_code == 403 and "articles.write" in refused.json()["detail"]
    assert (
        client.post(f"{BASE}/drafts", data="{}", content_type="application/json").status_code == 401
    )
    _c, key = api_client_create(name="融媒体编辑器", channel="web", scopes="articles.write")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    nobody = post(client, f"{BASE}/drafts", draft(desk, author="nobody"), headers)
    assert nobody.status_code == 400 and "找不到该干警" in nobody.json()["detail"]
    # A security reviewer is no editor: they cannot write articles, with or without the API.
    reviewer = post(
        client, f"{BASE}/drafts", draft(desk, author=desk.reviewer.user.username), headers
    )
    assert reviewer.status_code == 403
    bad = post(client, f"{BASE}/drafts", draft(desk, kind="poem", title=""), headers)
    assert bad.status_code in (400, 422)
    assert not Article.objects.exists()


def test_another_countys_article_is_not_found_and_a_held_lock_is_respected(desk, writer, client):
    from eqiao.publishing.services.articles import article_lock

    created = post(client, f"{BASE}/drafts", draft(desk, body_html=CLEAN_BODY), writer).json()
    other = draft(desk, author=desk.linqing_head.user.username)
    response = post(client, f"{BASE}/drafts/{created['id']}", other, writer, method="put")
    assert response.status_code in (403, 404)
    article = Article.objects.get(pk=created["id"])
    colleague = make_staff(desk.office, Role.EDITOR, "gx_editor2")
    article_lock(actor=colleague, article=article)
    held = post(client, f"{BASE}/drafts/{article.pk}", draft(desk), writer, method="put")
    assert held.status_code == 400 and "正在编辑" in held.json()["detail"]


def test_the_write_endpoints_are_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "post" in paths[f"{BASE}/drafts"]
    assert "put" in paths[f"{BASE}/drafts/{{article_id}}"]
    assert "post" in paths[f"{BASE}/drafts/{{article_id}}/submit"]
