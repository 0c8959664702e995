"""WeChat and Weibo publishing against the loopback fakes, and Weibo's length counting.

    .venv/bin/python benchmarks/social_bench.py                # 50 articles
    .venv/bin/python benchmarks/social_bench.py --articles 200

Builds a temporary SQLite database, starts the fake WeChat and Weibo APIs in-process on
loopback, and publishes N articles (an 800-character body with two images, a cover) through
`wechat_article_publish` (cover as permanent material, body images, draft, submit, status)
and `weibo_article_post` (title + summary + link with a 60 KB image), then deletes them all.
Prints per-article latency p50/p95 (ms, wall clock, loopback: our own overhead plus the HTTP
round trips, not WeChat's) and the throughput of `weibo_length` / `weibo_post_text`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="eqiao-social-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command

    from eqiao.channels.providers.wechat.fake_server import FakeWeChatApi
    from eqiao.channels.providers.weibo.fake_server import FakeWeiboApi
    from eqiao.channels.providers.weibo.length import weibo_length, weibo_post_text
    from eqiao.channels.services.social import (
        SocialArticle,
        SocialImage,
        wechat_article_publish,
        wechat_article_withdraw,
        weibo_article_delete,
        weibo_article_post,
    )

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    call_command("migrate", verbosity=0)
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(60_000)
    image = SocialImage(name="i.png", data=png, content_type="image/png")
    wechat_ms, weibo_ms, delete_ms = [], [], []
    with FakeWeChatApi() as wechat, FakeWeiboApi(safe_domain="lcjcy.example") as weibo:
        settings.EQIAO_WECHAT_API_BASE, settings.EQIAO_WECHAT_APP_ID = wechat.url, wechat.app_id
        settings.EQIAO_WECHAT_APP_SECRET = wechat.app_secret
        settings.EQIAO_WEIBO_API_BASE, settings.EQIAO_WEIBO_ACCESS_TOKEN = weibo.url, weibo.token
        for n in range(args.articles):
            body = "<p>" + "检察机关依法支持起诉，帮助工人追回工资。" * 40 + "</p>"
            body += '<p><img src="/media/a.png"></p><p><img src="/media/b.png"></p>'
            article = SocialArticle(
                ref=f"bench:{n}",
                title=f"以案释法：欠薪怎么办（第{n}期）",
                summary="欠薪可申请支持起诉，检察机关帮助追回工资。",
                html=body,
                link=f"https://www.lcjcy.example/articles/{n}/",
                cover=image,
                images={"/media/a.png": image, "/media/b.png": image},
                author="冠县人民检察院",
            )
            started = time.perf_counter()
            wechat_article_publish(article=article)
            wechat_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            weibo_article_post(article=article, image=image)
            weibo_ms.append((time.perf_counter() - started) * 1000)
        for n in range(args.articles):
            started = time.perf_counter()
            wechat_article_withdraw(ref=f"bench:{n}")
            weibo_article_delete(ref=f"bench:{n}")
            delete_ms.append((time.perf_counter() - started) * 1000)
        assert not wechat.articles and not weibo.posts
    print(f"articles: {args.articles}")
    for name, values in (
        ("wechat publish", wechat_ms),
        ("weibo post", weibo_ms),
        ("withdraw both", delete_ms),
    ):
        print(
            f"{name:15s} p50 {statistics.median(values):7.1f} ms  p95 {pct(values, 0.95):7.1f} ms"
        )
    text = "【以案释法】检察机关依法支持起诉 abc https://www.lcjcy.example/articles/12/ " * 3
    started = time.perf_counter()
    for _ in range(20_000):
        weibo_length(text)
    per = (time.perf_counter() - started) / 20_000 * 1e6
    started = time.perf_counter()
    for _ in range(5_000):
        weibo_post_text(
            title="以案释法：欠薪怎么办", summary="检" * 300, link="https://x.example/a/1/"
        )
    fit = (time.perf_counter() - started) / 5_000 * 1e6
    print(f"weibo_length   {per:7.1f} µs per {len(text)}-character text")
    print(f"weibo_post_text {fit:6.1f} µs per post (300-character summary cut to fit)")


if __name__ == "__main__":
    main()
