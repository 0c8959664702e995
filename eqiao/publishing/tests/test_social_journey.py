"""By hand, as a new office would try it: the fake WeChat and Weibo servers started as their
own processes (``python -m …fake_server``, on loopback), EQiao pointed at them with the
settings they print, the outlets registered as at start-up; an approved article appears as
a published WeChat article and a Weibo post, and its withdrawal removes both — read from
what the fake servers print, as a person watching them would."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time

import pytest

from eqiao.publishing.models import OutletState
from eqiao.publishing.outlets import outlet_unregister
from eqiao.publishing.selectors import review_tasks_for
from eqiao.publishing.services.publish import article_withdraw
from eqiao.publishing.services.review import article_submit, review_decide
from eqiao.publishing.social import social_outlets_register
from eqiao.publishing.tests.conftest import write

pytestmark = pytest.mark.django_db
PORTAL = "https://www.lcjcy.example"


class FakeProcess:
    """A fake server run as `python -m module --port 0`, its output read line by line."""

    def __init__(self, module: str, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", module, "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, seconds: float = 20.0) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        for line in self.seen:
            if match := re.search(pattern, line):
                return match
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"the fake server never printed {pattern!r}: {self.seen}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def fakes(settings):
    wechat = FakeProcess("eqiao.channels.providers.wechat.fake_server")
    weibo = FakeProcess(
        "eqiao.channels.providers.weibo.fake_server", "--safe-domain", "lcjcy.example"
    )
    try:
        base = wechat.wait_for(r"EQIAO_WECHAT_API_BASE=(\S+)").group(1)
        app = wechat.wait_for(r"EQIAO_WECHAT_APP_ID=(\S+) EQIAO_WECHAT_APP_SECRET=(\S+)")
        settings.EQIAO_WECHAT_PROVIDER = "wechat_api"
        settings.EQIAO_WECHAT_API_BASE = base
        settings.EQIAO_WECHAT_APP_ID, settings.EQIAO_WECHAT_APP_SECRET = app.groups()
        weibo_settings = weibo.wait_for(
            r"EQIAO_WEIBO_API_BASE=(\S+) EQIAO_WEIBO_ACCESS_TOKEN=(\S+)"
        )
        settings.EQIAO_WEIBO_API_BASE, settings.EQIAO_WEIBO_ACCESS_TOKEN = weibo_settings.groups()
        settings.EQIAO_PUBLIC_BASE_URL = PORTAL
        social_outlets_register()  # what PublishingConfig.ready() does with these settings
        yield wechat, weibo
    finally:
        outlet_unregister("wechat")
        outlet_unregister("weibo")
        wechat.stop()
        weibo.stop()


def test_an_approved_article_goes_to_wechat_and_weibo_and_its_withdrawal_removes_both(
    desk, fakes, django_capture_on_commit_callbacks
):
    wechat, weibo = fakes
    with django_capture_on_commit_callbacks(execute=True):
        article = article_submit(actor=desk.editor, article=write(desk))
        for actor in (desk.reviewer, desk.head):
            article = review_decide(
                actor=actor, task=review_tasks_for(staff=actor)[0], approve=True
            )
    article_id = wechat.wait_for(r"\[WeChat article (\S+) published\] 以案释法：欠薪怎么办").group(
        1
    )
    post = weibo.wait_for(r"\[Weibo post (\d+), image \d+ bytes\] (.*)")
    assert (
        post.group(2)
        == f"【以案释法：欠薪怎么办】欠薪可申请支持起诉 {PORTAL}/articles/{article.pk}/"
    )
    rows = {r.outlet: r for r in article.outlets.all()}
    assert rows["wechat"].state == rows["weibo"].state == OutletState.PUBLISHED
    assert article_id in rows["wechat"].link and rows["weibo"].link.endswith(post.group(1))

    with django_capture_on_commit_callbacks(execute=True):
        article_withdraw(actor=desk.head, article=article, reason="案件信息有误")
    wechat.wait_for(rf"\[WeChat article {re.escape(article_id)} deleted\]")
    weibo.wait_for(rf"\[Weibo post {post.group(1)} deleted\]")
    states = {r.outlet: r.state for r in article.outlets.all()}
    assert states == {o: OutletState.WITHDRAWN for o in ("portal", "wechat", "weibo")}
