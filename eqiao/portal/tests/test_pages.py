"""Home, services, the error pages, the language switch and the page rules (no inline
script, large type)."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_offers_every_service_in_big_buttons(client):
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "聊城市人民检察院 E桥" in html
    for label in (
        "我要控告",
        "我要申诉",
        "我要举报",
        "法律咨询",
        "申请司法救助",
        "查询办理进度",
        "手机号登录",
    ):
        assert label in html
    assert "12309" in html
    assert "群众信访件件有回复" in html
    assert 'href="/submit/?kind=report"' in html


def test_services_page_explains_each_kind(client):
    html = client.get(reverse("portal:services")).content.decode()
    assert "控告" in html and "申诉" in html and "匿名" in html


@pytest.mark.parametrize(
    "name", ["portal:home", "portal:services", "portal:submit", "portal:track", "portal:login"]
)
def test_pages_have_no_inline_script_and_load_our_own_assets(client, name):
    response = client.get(reverse(name))
    html = response.content.decode()
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> found"
    assert "/static/portal/portal.js" in html and "/static/vendor/htmx.min.js" in html
    assert "http://" not in html and "https://" not in html  # no CDN
    assert "onclick" not in html and "onload" not in html


def test_base_font_is_at_least_18px():
    from django.contrib.staticfiles import finders

    css = open(finders.find("portal/portal.css"), encoding="utf-8").read()
    match = re.search(r"html\s*{[^}]*font-size:\s*(\d+)%", css)
    assert match and int(match.group(1)) * 16 / 100 >= 18
    assert "--tap: 56px" in css


def test_language_switch_shows_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert "Liaocheng" in html
    assert "File a complaint" in html


@override_settings(DEBUG=False)
def test_unknown_page_gets_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html and 'href="/"' in html


def test_error_templates_render_without_a_request():
    from django.template.loader import render_to_string

    for name in ("400.html", "403.html", "403_csrf.html", "404.html", "429.html", "500.html"):
        html = render_to_string(name)
        assert "回到首页" in html, name


def test_csrf_failure_shows_the_chinese_page(office_tree):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("portal:track"), {})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
