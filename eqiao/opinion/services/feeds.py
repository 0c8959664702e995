"""Polling sources on their own schedule: RSS/Atom feeds (feedparser, conditional GET with
ETag/Last-Modified) and platform search APIs (`SearchClient`). A source that fails is
marked, waits twice as long each time (up to a day) and never stops the others."""

from __future__ import annotations

import datetime as dt
import logging
from calendar import timegm
from typing import Protocol

import feedparser
import httpx
from django.utils import timezone

from eqiao.opinion.models import Source, SourceKind
from eqiao.opinion.services.ingest import PostInput, posts_ingest

log = logging.getLogger(__name__)

TIMEOUT = 10.0
MAX_BACKOFF_MINUTES = 24 * 60
USER_AGENT = "EQiao-opinion/1 (+procuratorate monitoring; honours robots and ETag)"


class SourceError(Exception):
    """The source could not be read; the message is stored on the source."""


def _entry_time(entry) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(timegm(parsed), tz=dt.UTC)


def feed_fetch(source: Source, client: httpx.Client) -> list[PostInput] | None:
    """The feed's entries (None when unchanged since the last poll: HTTP 304)."""
    headers = {"User-Agent": USER_AGENT}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        response = client.get(source.url, headers=headers)
    except httpx.HTTPError as exc:
        raise SourceError(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code == 304:
        return None
    if response.status_code != 200:
        raise SourceError(f"HTTP {response.status_code}")
    posts = feed_posts(response.content)
    source.etag = response.headers.get("ETag", "")[:200]
    source.last_modified = response.headers.get("Last-Modified", "")[:100]
    return posts


def feed_posts(content: bytes) -> list[PostInput]:
    """The entries of an RSS/Atom document as posts; SourceError when it is no feed."""
    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        raise SourceError(f"not a feed: {feed.get('bozo_exception')}")
    posts = []
    for entry in feed.entries:
        text = " ".join(
            part for part in (entry.get("title", ""), entry.get("summary", "")) if part
        ).strip()
        post_id = entry.get("id") or entry.get("link") or entry.get("title")
        if not text or not post_id:
            continue
        posts.append(
            PostInput(
                source_post_id=str(post_id)[:120],
                text=_plain(text)[:5000],
                author=str(entry.get("author", ""))[:100],
                url=str(entry.get("link", ""))[:500],
                posted_at=_entry_time(entry),
                platform="rss",
            )
        )
    return posts


def _plain(html: str) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(html).split())


class SearchClient(Protocol):
    """A platform's search API: posts matching `query` (Weibo and others)."""

    def search(self, query: str) -> list[PostInput]: ...


class JsonSearchClient:
    """A search API answering GET `url`?q=QUERY with {"posts": [{"id", "text", "author",
    "url", "posted_at"}]} (the shape the connectors of commercial services are set up to
    give). Only documented APIs: no scraping of sites that forbid it."""

    def __init__(self, url: str, client: httpx.Client) -> None:
        self.url, self.client = url, client

    def search(self, query: str) -> list[PostInput]:
        from eqiao.opinion.services.ingest import post_input_from

        try:
            response = self.client.get(self.url, params={"q": query})
        except httpx.HTTPError as exc:
            raise SourceError(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise SourceError(f"HTTP {response.status_code}")
        try:
            records = response.json()["posts"]
            return [post_input_from(r) for r in records]
        except Exception as exc:  # a connector's bad answer is the source's failure
            raise SourceError(f"bad answer: {exc}") from exc


def source_poll(source: Source, client: httpx.Client | None = None) -> int:
    """Poll one source now; the number of new posts. Failures are recorded on the source
    (and back off), never raised."""
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True)
    now = timezone.now()
    source.last_polled_at = now
    try:
        if source.kind == SourceKind.RSS:
            posts = feed_fetch(source, http)
        elif source.kind == SourceKind.SEARCH:
            posts = JsonSearchClient(source.url, http).search(source.query)
        else:
            return 0
    except SourceError as exc:
        source.failures += 1
        source.last_error = str(exc)[:300]
        wait = min(source.poll_minutes * 2**source.failures, MAX_BACKOFF_MINUTES)
        source.next_poll_at = now + dt.timedelta(minutes=wait)
        source.save()
        log.warning("opinion source %s failed (%s): %s", source.code, source.failures, exc)
        return 0
    finally:
        if own:
            http.close()
    created = posts_ingest(source=source, posts=posts)[0] if posts else 0
    source.failures, source.last_error, source.last_ok_at = 0, "", now
    source.next_poll_at = now + dt.timedelta(minutes=source.poll_minutes)
    source.save()
    return created


def sources_poll_due(now: dt.datetime | None = None) -> int:
    """Poll every active feed or search source that is due; the number of new posts."""
    now = now or timezone.now()
    total = 0
    due = Source.objects.filter(active=True, kind__in=[SourceKind.RSS, SourceKind.SEARCH])
    with httpx.Client(timeout=TIMEOUT, follow_redirects=True) as client:
        for source in due:
            if source.next_poll_at is not None and source.next_poll_at > now:
                continue
            try:
                total += source_poll(source, client)
            except Exception:  # one source's surprise never blocks the others
                log.exception("opinion source %s", source.code)
    return total
