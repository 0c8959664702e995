"""Public pages of the studio's desk: published articles (list, series, tags, search),
one article with its share image, the RSS and Atom feeds, the mobile digest's phone page,
and subscribing to the digest."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eqiao.core import ratelimit
from eqiao.core.errors import ApplicationError
from eqiao.publishing.models import Article, DigestIssue, Series, SubscriberGroup, Tag
from eqiao.publishing.richtext import extract
from eqiao.publishing.selectors import (
    digest_public_get,
    published_article_get,
    published_articles,
    published_search,
    series_list,
)
from eqiao.publishing.services.digest import subscriber_set
from eqiao.publishing.share import share_image

PAGE_SIZE = 10


def articles(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:50]
    qs = published_search(query=query) if query else published_articles()
    heading = _("检务发布")
    tag = request.GET.get("tag")
    series_id = request.GET.get("series")
    if tag:
        qs = qs.filter(tags__name=tag)
        heading = _("标签：%(tag)s") % {"tag": tag}
    if series_id and series_id.isdigit():
        series = Series.objects.filter(pk=int(series_id)).first()
        if series is None:
            raise Http404
        qs = qs.filter(series=series)
        heading = series.title
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/publishing/articles.html",
        {
            "page": page,
            "query": query,
            "heading": heading,
            "series_list": series_list(),
            "tags": Tag.objects.filter(articles__status="published").distinct()[:30],
        },
    )


def _article(pk: int) -> Article:
    try:
        return published_article_get(pk=pk)
    except Article.DoesNotExist:
        raise Http404 from None


def article(request: HttpRequest, pk: int) -> HttpResponse:
    item = _article(pk)
    summary = item.short_text or extract(item.body_html).text[:120]
    return render(
        request,
        "portal/publishing/article.html",
        {
            "article": item,
            "summary": summary,
            "share_url": request.build_absolute_uri(
                reverse("portal:article_share", args=[item.pk])
            ),
            "page_url": request.build_absolute_uri(),
        },
    )


def article_share(request: HttpRequest, pk: int) -> HttpResponse:
    item = _article(pk)
    png = share_image(title=item.title, kind=item.get_kind_display(), office=item.office.name)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response


class ArticlesFeed(Feed):
    title = gettext_lazy("聊城市人民检察院 检务发布")
    description = gettext_lazy("案件信息发布、以案释法、法治宣传和工作动态")

    def link(self) -> str:
        return reverse("portal:articles")

    def items(self):
        return published_articles()[:30]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.short_text or extract(item.body_html).text[:300]

    def item_link(self, item: Article) -> str:
        return reverse("portal:article", args=[item.pk])

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_categories(self, item: Article):
        return [t.name for t in item.tags.all()]


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description


def digest_issue(request: HttpRequest, token: str) -> HttpResponse:
    try:
        issue = digest_public_get(token=token)
    except DigestIssue.DoesNotExist:
        raise Http404 from None
    items = [
        {"article": a, "paragraphs": extract(a.body_html).text.splitlines()}
        for a in issue.articles.order_by("-published_at", "pk")
    ]
    return render(request, "portal/publishing/digest.html", {"issue": issue, "items": items})


def digest_subscribe(request: HttpRequest) -> HttpResponse:
    groups = SubscriberGroup.objects.select_related("office").order_by("office__path", "kind")
    context: dict = {"groups": groups, "errors": {}, "done": ""}
    if request.method == "POST":
        phone = request.POST.get("phone", "")
        action = request.POST.get("action", "subscribe")
        context["phone"] = phone
        budget = f"digest-subscribe:{ratelimit.client_ip(request)}"
        if not ratelimit.hit(budget, limit=20, window_seconds=3600):
            context["errors"]["phone"] = _("操作太频繁，请一小时后再试。")
            return render(request, "portal/publishing/subscribe.html", context, status=429)
        group = groups.filter(pk=request.POST.get("group") or 0).first()
        if group is None:
            context["errors"]["group"] = _("请选择订阅的类别。")
            return render(request, "portal/publishing/subscribe.html", context, status=400)
        try:
            subscriber_set(group=group, phone=phone, active=action != "unsubscribe", method="web")
        except ApplicationError as exc:
            context["errors"][exc.field or "phone"] = exc.message
            return render(request, "portal/publishing/subscribe.html", context, status=400)
        context["done"] = (
            _("已退订%(group)s手机报。")
            if action == "unsubscribe"
            else _("已订阅%(group)s手机报。")
        ) % {"group": group.name}
    return render(request, "portal/publishing/subscribe.html", context)
