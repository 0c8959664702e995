"""Fixtures for the loopback fake of Weibo's API. Import into a test module:
``from eqiao.channels.tests.weibo import weibo_api_fake  # noqa: F401``."""

from __future__ import annotations

import pytest

from eqiao.channels.providers.weibo.fake_server import FakeWeiboApi

PUBLIC_BASE_URL = "https://www.lcjcy.example"


@pytest.fixture
def weibo_api_fake(settings):
    """The Weibo client talking to the loopback fake, whose safe domain is the portal's."""
    with FakeWeiboApi(safe_domain="lcjcy.example") as fake:
        settings.EQIAO_WEIBO_API_BASE = fake.url
        settings.EQIAO_WEIBO_ACCESS_TOKEN = fake.token
        settings.EQIAO_PUBLIC_BASE_URL = PUBLIC_BASE_URL
        yield fake
