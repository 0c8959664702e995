"""API calls without a session cookie skip the page middlewares (sessions, CSRF cookies,
messages, static files) and still get the site's security headers; a member of staff
calling the API from a signed-in browser session still goes through all of them."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_an_api_call_with_a_key_gets_no_cookie_but_the_security_headers(office_tree):
    answer = Client().get("/api/v1/services")
    assert answer.status_code == 200
    assert not answer.cookies
    assert "Content-Security-Policy" in answer.headers
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_session_api_still_knows_who_is_signed_in_and_checks_csrf(office_tree):
    """`django_auth` endpoints: anonymous → 401 (not a 500 for a missing user); signed in
    without the CSRF token → refused; the full middleware chain ran (a session exists)."""
    from eqiao.offices.models import Role
    from eqiao.offices.tests.factories import make_staff

    anonymous = Client(enforce_csrf_checks=True).post("/api/v1/publishing/articles/1/publish")
    assert anonymous.status_code in (401, 403)
    staff = make_staff(office_tree.city, Role.EDITOR, "lean_editor")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff.user)
    assert browser.post("/api/v1/publishing/articles/1/publish").status_code == 403
    token = "a" * 32
    browser.cookies["csrftoken"] = token
    # With the token the call reaches the endpoint as the editor: no such article.
    answer = browser.post("/api/v1/publishing/articles/999999/publish", HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 404
