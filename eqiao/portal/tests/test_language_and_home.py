"""The home page costs no query and carries nothing per visitor (so it can be cached), and
the language switch is a plain link that works without a form or a CSRF token."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_home_makes_no_query_and_sets_no_csrf_cookie(client):
    client.get("/")  # the first visit fills the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert len(queries) == 0
    assert "csrftoken" not in response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.django_db
def test_language_link_switches_and_returns_to_the_page(client):
    html = client.get("/track/").content.decode()
    assert 'href="/lang/en/?next=/track/"' in html
    response = client.get("/lang/en/", {"next": "/track/"})
    assert response.status_code == 302 and response["Location"] == "/track/"
    assert response.cookies["django_language"].value == "en"
    english = client.get("/").content.decode()
    assert "File a complaint" in english and "Liaocheng" in english
    # Back in Chinese: the cached home is kept per language, never served in the other.
    client.get("/lang/zh-hans/", {"next": "/"})
    chinese = client.get("/").content.decode()
    assert "您要办什么事？" in chinese and "File a complaint" not in chinese


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
def test_language_link_never_leaves_the_site(client, target):
    response = client.get("/lang/en/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_unknown_language_is_404_and_post_is_refused(client):
    assert client.get("/lang/xx/").status_code == 404
    assert client.post("/lang/en/").status_code == 405


@pytest.mark.django_db
def test_the_cached_home_still_shows_a_visitors_waiting_message(client, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    client.get("/")  # the page is in the cache now
    storage = CookieStorage(rf.get("/"))
    storage.add(constants.SUCCESS, "您的留言已提交")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    assert "您的留言已提交" in client.get("/").content.decode()
    # Shown once, and the next visit is the cached page again, without it.
    assert "您的留言已提交" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_language_links_of_home_keep_its_query_string(client):
    client.get("/")
    html = client.get("/", {"from": "sms"}).content.decode()
    assert 'href="/lang/en/?next=/%3Ffrom%3Dsms"' in html
    assert 'href="/lang/en/?next=/"' in client.get("/").content.decode()
