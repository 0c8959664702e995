"""The WeChat official account and Weibo as outlets of the publishing desk.

Registered from `PublishingConfig.ready()` when the account is configured (WeChat: the
``wechat_api`` provider with its app id; Weibo: an access token). Each turns the article
into what the platform takes and calls channels (`channels.services.social`), which keeps
what the platform named it: WeChat gets a draft with the cover uploaded as permanent
material and the body's images uploaded to it, published with `freepublish/submit` and
polled until WeChat says it is out (the desk's retry with back-off does the polling: while
WeChat is still publishing the outlet raises OutletError and is asked again); Weibo gets
the title, the short version and the portal link within its 140 characters, with the
article's share card as the image. Withdrawal deletes both.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.urls import reverse

from eqiao.channels.models import MessageChannel
from eqiao.channels.providers import PermanentError, TransientError
from eqiao.channels.providers.weibo import weibo_configured
from eqiao.channels.services.social import (
    SocialArticle,
    SocialImage,
    social_error_text,
    wechat_article_publish,
    wechat_article_withdraw,
    weibo_article_delete,
    weibo_article_post,
)
from eqiao.publishing.models import Article, ArticleImage
from eqiao.publishing.outlets import Outlet, OutletError, OutletResult, outlet_register
from eqiao.publishing.richtext import extract
from eqiao.publishing.share import share_image

SUMMARY_CHARS = 120


def article_ref(article: Article) -> str:
    return f"publishing.article:{article.pk}"


def _public_link(article: Article) -> str:
    """The portal's address of the article ("" while EQIAO_PUBLIC_BASE_URL is not set:
    channels then refuses, for now, to publish without it)."""
    base = settings.EQIAO_PUBLIC_BASE_URL
    return base + reverse("portal:article", args=[article.pk]) if base else ""


def _image(image: ArticleImage) -> SocialImage:
    with image.file.open("rb") as handle:
        data = handle.read()
    name = PurePosixPath(image.file.name or "image.jpg").name
    kind = mimetypes.guess_type(name)[0] or "image/jpeg"
    return SocialImage(name=name, data=data, content_type=kind)


def _share_card(article: Article) -> SocialImage:
    png = share_image(
        title=article.title, kind=article.get_kind_display(), office=article.office.name
    )
    return SocialImage(name=f"article-{article.pk}.png", data=png, content_type="image/png")


def _summary(article: Article) -> str:
    text = " ".join((article.short_text or extract(article.body_html).text).split())
    return text[:SUMMARY_CHARS]


def social_article(article: Article) -> SocialArticle:
    """The article as WeChat and Weibo get it (files read, links made absolute)."""
    images = {image.file.url: _image(image) for image in article.images.all()}
    cover = _image(article.cover) if article.cover is not None else _share_card(article)
    return SocialArticle(
        ref=article_ref(article),
        title=article.title,
        summary=_summary(article),
        html=article.body_html,
        link=_public_link(article),
        cover=cover,
        images=images,
        author=article.office.name,
    )


def _outlet_error(channel: str, exc: Exception) -> OutletError:
    # The words are channels' (its catalogue), so this module adds no strings of its own.
    return OutletError(social_error_text(channel=channel, error=exc))


class WeChatOutlet(Outlet):
    code = "wechat"
    label = MessageChannel.WECHAT.label
    supports_withdraw = True

    def publish(self, article: Article) -> OutletResult:
        try:
            return OutletResult(link=wechat_article_publish(article=social_article(article)))
        except (TransientError, PermanentError) as exc:
            raise _outlet_error(self.code, exc) from exc

    def withdraw(self, article: Article) -> None:
        try:
            wechat_article_withdraw(ref=article_ref(article))
        except (TransientError, PermanentError) as exc:
            raise _outlet_error(self.code, exc) from exc


class WeiboOutlet(Outlet):
    code = "weibo"
    label = MessageChannel.WEIBO.label
    supports_withdraw = True

    def publish(self, article: Article) -> OutletResult:
        try:
            link = weibo_article_post(article=social_article(article), image=_share_card(article))
        except (TransientError, PermanentError) as exc:
            raise _outlet_error(self.code, exc) from exc
        return OutletResult(link=link)

    def withdraw(self, article: Article) -> None:
        try:
            weibo_article_delete(ref=article_ref(article))
        except (TransientError, PermanentError) as exc:
            raise _outlet_error(self.code, exc) from exc


def social_outlets_register() -> None:
    """Register the outlets of the accounts that are configured (from `ready()`)."""
    if settings.EQIAO_WECHAT_PROVIDER == "wechat_api" and settings.EQIAO_WECHAT_APP_ID:
        outlet_register(WeChatOutlet())
    if weibo_configured():
        outlet_register(WeiboOutlet())
