"""Articles out to WeChat and Weibo: what the publishing desk's outlets call.

Each call is made outside any transaction and is safe to repeat: a `SocialPost` row per
channel and article (`ref`) remembers what the platform named it (WeChat's draft, publish
job and article; Weibo's post), so a retry continues where the last attempt stopped and
never publishes twice, an unchanged article is not sent again, a corrected one replaces the
old publication, and a withdrawal deletes it.

WeChat publishes asynchronously: `freepublish/submit` starts a job whose status is polled
(`freepublish/get`). While it is still running `PublishPending` (a TransientError) is
raised, and the caller's retry polls again; when it fails (WeChat's review refused it, for
instance) the row says why and the next attempt starts again from a new draft.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eqiao.channels.models import MessageChannel, SocialPost, SocialPostState
from eqiao.channels.providers import PermanentError, TransientError
from eqiao.channels.providers.wechat import wechat_api
from eqiao.channels.providers.wechat.client import WeChatApi, WeChatApiError
from eqiao.channels.providers.weibo import weibo_api
from eqiao.channels.providers.weibo.client import WeiboApi
from eqiao.channels.providers.weibo.length import weibo_post_text

log = logging.getLogger(__name__)

# WeChat's limits on a draft article (characters).
TITLE_MAX, DIGEST_MAX, AUTHOR_MAX = 64, 120, 16
PUBLISH_FAILURES = {
    2: gettext_lazy("原创声明失败"),
    3: gettext_lazy("常规失败"),
    4: gettext_lazy("平台审核不通过"),
    5: gettext_lazy("发布后文章已被删除"),
    6: gettext_lazy("发布后文章已被封禁"),
}
_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc=)(["'])([^"']+)\2""", re.IGNORECASE)


class PublishPending(TransientError):
    """WeChat is still publishing: ask again later."""


@dataclass(frozen=True)
class SocialImage:
    name: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class SocialArticle:
    """An article as the platforms get it. `images` maps each `src` in `html` to its file
    (WeChat shows only images uploaded to it); `link` is the portal's public address."""

    ref: str
    title: str
    summary: str
    html: str
    link: str
    cover: SocialImage
    images: Mapping[str, SocialImage] = field(default_factory=dict)
    author: str = ""

    def digest(self, *extra: str) -> str:
        h = hashlib.sha256()
        for part in (self.title, self.summary, self.html, self.link, *extra):
            h.update(part.encode())
            h.update(b"\0")
        h.update(hashlib.sha256(self.cover.data).digest())
        return h.hexdigest()


def social_error_text(*, channel: str, error: Exception) -> str:
    """Why an article did not go out, for the desk's staff."""
    name = MessageChannel(channel).label
    if isinstance(error, TransientError):
        return _("%(channel)s暂时不可用，稍后重试：%(error)s") % {"channel": name, "error": error}
    return _("%(channel)s拒绝了稿件：%(error)s") % {"channel": name, "error": error}


def _require_link(article: SocialArticle) -> None:
    if not article.link:
        # The post must link to the portal (Weibo requires it; WeChat's 阅读原文).
        raise TransientError(_("未设置门户网站的公开地址（EQIAO_PUBLIC_BASE_URL）。"))


def _post(channel: str, ref: str) -> SocialPost:
    post, _created = SocialPost.objects.get_or_create(channel=channel, ref=ref)
    return post


def _save(post: SocialPost, **fields: object) -> None:
    for name, value in fields.items():
        setattr(post, name, value)
    post.updated_at = timezone.now()
    post.save(update_fields=[*fields, "updated_at"])


# --- WeChat ------------------------------------------------------------------------------


def _wechat_html(api: WeChatApi, article: SocialArticle) -> str:
    """The body with every image uploaded to WeChat and pointed at its copy there; an
    image we have no file for is left out rather than shown broken."""
    uploaded: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        src = match.group(3)
        image = article.images.get(src)
        if image is None:
            return ""
        if src not in uploaded:
            uploaded[src] = api.media_uploadimg(
                name=image.name, data=image.data, content_type=image.content_type
            )
        return f"{match.group(1)}{match.group(2)}{uploaded[src]}{match.group(2)}"

    html = _IMG_SRC.sub(replace, article.html)
    return re.sub(r"<img\b(?![^>]*\bsrc=)[^>]*>", "", html, flags=re.IGNORECASE)


def _wechat_draft(api: WeChatApi, article: SocialArticle) -> str:
    cover = article.cover
    thumb_id, _url = api.material_add_image(
        name=cover.name, data=cover.data, content_type=cover.content_type
    )
    item = {
        "title": article.title[:TITLE_MAX],
        "author": article.author[:AUTHOR_MAX],
        "digest": article.summary[:DIGEST_MAX],
        "content": _wechat_html(api, article),
        "content_source_url": article.link,
        "thumb_media_id": thumb_id,
        "need_open_comment": 0,
        "only_fans_can_comment": 0,
    }
    return api.draft_add(articles=[item])


def _wechat_poll(api: WeChatApi, post: SocialPost) -> str:
    status = api.freepublish_get(publish_id=post.publish_id)
    if status["status"] == 0:
        link = next((u for u in status["urls"] if u), "")
        _save(
            post,
            state=SocialPostState.PUBLISHED,
            remote_id=status["article_id"],
            link=link,
            last_error="",
        )
        return link
    if status["status"] == 1:
        raise PublishPending(_("微信正在发布，稍后查询结果。"))
    reason = str(PUBLISH_FAILURES.get(status["status"], f"publish_status {status['status']}"))
    _save(post, state=SocialPostState.FAILED, draft_id="", publish_id="", last_error=reason)
    raise WeChatApiError(status["status"], _("微信发布失败：%(reason)s") % {"reason": reason})


def _wechat_delete(api: WeChatApi, post: SocialPost) -> None:
    if post.remote_id:
        try:
            api.freepublish_delete(article_id=post.remote_id)
        except WeChatApiError as exc:
            if exc.code != 53600:  # already gone (deleted in WeChat's own admin)
                raise


def wechat_article_publish(*, article: SocialArticle, api: WeChatApi | None = None) -> str:
    """Publish `article` on the official account (see the module docstring); returns the
    article's address on WeChat. TransientError/PermanentError from WeChat;
    PublishPending while WeChat is still publishing."""
    _require_link(article)
    api = api or wechat_api()
    digest = article.digest()
    post = _post(MessageChannel.WECHAT, article.ref)
    if post.state == SocialPostState.PUBLISHED:
        if post.digest == digest:
            return post.link
        _wechat_delete(api, post)  # a correction: the new version replaces the old
        _save(post, state=SocialPostState.WITHDRAWN, remote_id="", publish_id="", draft_id="")
    if post.state == SocialPostState.PUBLISHING and post.publish_id and post.digest == digest:
        return _wechat_poll(api, post)
    if post.state != SocialPostState.PUBLISHING or post.digest != digest:
        _save(post, state=SocialPostState.PUBLISHING, digest=digest, draft_id="", publish_id="")
    if not post.draft_id:
        _save(post, draft_id=_wechat_draft(api, article))
    try:
        publish_id = api.freepublish_submit(media_id=post.draft_id)
    except PermanentError:
        _save(post, draft_id="")  # the draft is gone or refused: the next try makes a new one
        raise
    _save(post, publish_id=publish_id)
    return _wechat_poll(api, post)


def wechat_article_withdraw(*, ref: str, api: WeChatApi | None = None) -> None:
    """Delete the publication of `ref` from the official account (nothing to do when it
    never went out). PublishPending while a publication is still running."""
    post = SocialPost.objects.filter(channel=MessageChannel.WECHAT, ref=ref).first()
    if post is None or post.state in (SocialPostState.WITHDRAWN, SocialPostState.FAILED):
        return
    api = api or wechat_api()
    if post.state == SocialPostState.PUBLISHING:
        if not post.publish_id:
            _save(post, state=SocialPostState.WITHDRAWN, draft_id="")
            return
        try:
            _wechat_poll(api, post)
        except PermanentError:
            return  # it failed: nothing is public
    _wechat_delete(api, post)
    _save(post, state=SocialPostState.WITHDRAWN, last_error="")


# --- Weibo -------------------------------------------------------------------------------


def weibo_article_post(
    *, article: SocialArticle, image: SocialImage | None = None, api: WeiboApi | None = None
) -> str:
    """Post the article's title, summary and portal link (within Weibo's length) with one
    image; returns the post's address. A changed article replaces its earlier post."""
    _require_link(article)
    api = api or weibo_api()
    text = weibo_post_text(title=article.title, summary=article.summary, link=article.link)
    digest = hashlib.sha256(text.encode() + (image.data if image else b"")).hexdigest()
    post = _post(MessageChannel.WEIBO, article.ref)
    if post.state == SocialPostState.PUBLISHED:
        if post.digest == digest:
            return post.link
        api.destroy(post_id=post.remote_id)
        _save(post, state=SocialPostState.WITHDRAWN, remote_id="")
    _save(post, state=SocialPostState.PUBLISHING, digest=digest)
    picture = (image.name, image.data, image.content_type) if image else None
    try:
        result = api.share(text=text, image=picture)
    except PermanentError as exc:
        _save(post, state=SocialPostState.FAILED, last_error=str(exc)[:500])
        raise
    _save(
        post, state=SocialPostState.PUBLISHED, remote_id=result.id, link=result.link, last_error=""
    )
    return result.link


def weibo_article_delete(*, ref: str, api: WeiboApi | None = None) -> None:
    """Delete the post of `ref` (nothing to do when there is none)."""
    post = SocialPost.objects.filter(channel=MessageChannel.WEIBO, ref=ref).first()
    if post is None or post.state != SocialPostState.PUBLISHED:
        return
    (api or weibo_api()).destroy(post_id=post.remote_id)
    _save(post, state=SocialPostState.WITHDRAWN, last_error="")
