"""Fixtures for the studio's desk: the office tree plus a security reviewer and an editor
of 冠县, and a small sensitive-word list. Tests run in Chinese."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.utils import translation
from PIL import Image

from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.publishing.models import SensitiveWord
from eqiao.publishing.services.articles import ArticleInput, article_create


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def desk(office_tree):
    t = office_tree
    SensitiveWord.objects.bulk_create(
        [SensitiveWord(word=w, category="test") for w in ("内部资料", "绝密", "法轮")]
    )
    return SimpleNamespace(
        tree=t,
        office=t.guanxian,
        editor=t.guanxian_editor,
        head=t.guanxian_head,
        reviewer=make_staff(t.guanxian, Role.SECURITY_REVIEWER, "gx_security"),
        city_head=t.city_head,
        linqing_head=t.linqing_head,
    )


CLEAN_BODY = (
    "<p>冠县人民检察院近日办理一起拖欠农民工工资案件，依法支持起诉，帮助十二名工人追回工资。</p>"
    "<p>检察官提示：遇到欠薪，可向劳动监察部门投诉，也可向检察机关申请支持起诉。</p>"
)
DIRTY_BODY = (
    "<p>当事人张伟（电话13906351234）因工资被拖欠向冠县人民检察院求助。</p>"
    "<p>检察官提示：遇到欠薪，可向劳动监察部门投诉，也可向检察机关申请支持起诉。</p>"
)


def write(desk, *, body=CLEAN_BODY, title="以案释法：欠薪怎么办", kind="case_interpretation", **kw):
    return article_create(
        actor=desk.editor,
        office=desk.office,
        data=ArticleInput(
            kind=kind,
            title=title,
            body_html=body,
            short_text=kw.pop("short", "欠薪可申请支持起诉"),
            **kw,
        ),
    )


def png_bytes(size=(40, 30), color=(200, 20, 20)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def login_as(client, staff):
    """A staff session as after a full login, second factor included (the workbench's
    session key, named here as a string: a domain app's tests import no page module)."""
    client.force_login(staff.user)
    session = client.session
    session["workbench_otp_ok"] = True
    session.save()
    return client
