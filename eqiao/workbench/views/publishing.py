"""The studio's desk in the workbench: the editor's article form (Quill, vendored), the
article page with the review's findings highlighted in place, 待我审核 with due dates,
revisions and their diff, images, the mobile digest and the printed newsletter."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.channels.models import MessageStatus
from eqiao.channels.services import message_template_render
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import can
from eqiao.publishing.models import (
    Article,
    ArticleCorrection,
    ArticleImage,
    ArticleKind,
    ArticleStatus,
    Finding,
    FindingStatus,
    PaperSize,
    ReviewTask,
    Series,
    Subscriber,
    SubscriberGroup,
)
from eqiao.publishing.richtext import WEIBO_LIMIT, sms_count, weibo_length
from eqiao.publishing.selectors import (
    article_get_for_staff,
    article_list_for_staff,
    digests_for_staff,
    findings_of,
    issue_tasks_for,
    newsletters_for_staff,
    published_articles,
    review_tasks_for,
    security_queue_for,
)
from eqiao.publishing.services.articles import (
    HEARTBEAT_SECONDS,
    ArticleInput,
    article_create,
    article_lock,
    article_lock_holder,
    article_unlock,
    article_update,
    revision_diff,
)
from eqiao.publishing.services.correction import article_correct, pending_correction
from eqiao.publishing.services.digest import (
    digest_create,
    digest_decide,
    digest_delivery_counts,
    digest_reschedule,
    digest_send,
    digest_sms_params,
    digest_submit,
    subscriber_add,
    subscriber_remove,
    subscribers_import,
)
from eqiao.publishing.services.images import image_upload
from eqiao.publishing.services.issue_review import issue_open_task
from eqiao.publishing.services.newsletter import (
    newsletter_build,
    newsletter_create,
    newsletter_decide,
    newsletter_submit,
)
from eqiao.publishing.services.publish import article_publish, article_withdraw
from eqiao.publishing.services.review import (
    article_reschedule,
    article_submit,
    finding_waived_continue,
    review_decide,
)
from eqiao.publishing.services.screening import finding_waive, texts_of
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.views.common import form_error

MAX_UPLOAD = 8 * 1024 * 1024


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=ArticleKind.choices)
    title = forms.CharField(label=gettext_lazy("标题"), max_length=120)
    body_html = forms.CharField(
        label=gettext_lazy("正文"), widget=forms.Textarea(attrs={"rows": 14}), required=False
    )
    short_text = forms.CharField(
        label=gettext_lazy("短版（短信、微博）"),
        widget=forms.Textarea(attrs={"rows": 3, "data-count": "sms-weibo"}),
        required=False,
    )
    tags = forms.CharField(label=gettext_lazy("标签（用逗号分隔）"), max_length=200, required=False)
    series = forms.ModelChoiceField(
        label=gettext_lazy("系列"), queryset=Series.objects.all(), required=False
    )
    cover = forms.ModelChoiceField(
        label=gettext_lazy("封面图"), queryset=ArticleImage.objects.none(), required=False
    )
    important = forms.BooleanField(label=gettext_lazy("重要案件信息"), required=False)
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("定时发布（留空则审批后立即发布）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["cover"].queryset = ArticleImage.objects.filter(
                office__path__startswith=staff.office.path
            )
            self.fields["series"].queryset = Series.objects.filter(
                office__path__startswith=staff.office.path
            )

    def to_input(self) -> ArticleInput:
        d = self.cleaned_data
        tags = tuple(t for t in d["tags"].replace("，", ",").split(",") if t.strip())
        return ArticleInput(
            kind=d["kind"],
            title=d["title"],
            body_html=d["body_html"],
            short_text=d["short_text"],
            tags=tags,
            series=d["series"],
            cover=d["cover"],
            important=d["important"],
            scheduled_at=d["scheduled_at"],
        )


def _get(request, pk: int) -> Article:
    try:
        return article_get_for_staff(staff=request.staff, pk=pk)
    except Article.DoesNotExist:
        raise Http404 from None


def _counts(text: str) -> dict:
    sms = sms_count(text)
    return {"sms": sms, "weibo": weibo_length(text), "weibo_limit": WEIBO_LIMIT}


@staff_required
def desk(request):
    staff = request.staff
    status = request.GET.get("status", "")
    return render(
        request,
        "workbench/publishing/desk.html",
        {
            "tasks": review_tasks_for(staff=staff),
            "issue_tasks": issue_tasks_for(staff=staff),
            "security": security_queue_for(staff=staff) if can(staff, "article.review") else [],
            "articles": article_list_for_staff(staff=staff, status=status)[:50],
            "statuses": ArticleStatus.choices,
            "status": status,
            "now": timezone.now(),
            "may_edit": can(staff, "article.edit"),
        },
    )


def _render_form(request, form, article=None, status=200):
    text = (
        form.data.get("short_text", "")
        if form.is_bound
        else (article.short_text if article else "")
    )
    return render(
        request,
        "workbench/publishing/article_form.html",
        {
            "form": form,
            "article": article,
            "counts": _counts(text),
            "heartbeat": HEARTBEAT_SECONDS,
        },
        status=status,
    )


@staff_required
@require_POST
def article_heartbeat(request, pk: int):
    """The open editor page renews its lock (htmx, every HEARTBEAT_SECONDS). When the lock
    was lost (the page slept past its expiry and a colleague took it), the editor is told
    who holds it now instead of saving over their work."""
    article = _get(request, pk)
    try:
        article = article_lock(actor=request.staff, article=article)
    except ApplicationError as exc:
        return render(
            request,
            "workbench/publishing/_lock.html",
            {"article": article, "lost": exc.message, "heartbeat": HEARTBEAT_SECONDS},
        )
    return render(
        request,
        "workbench/publishing/_lock.html",
        {"article": article, "heartbeat": HEARTBEAT_SECONDS},
    )


@staff_required
def article_new(request):
    form = ArticleForm(request.POST or None, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        try:
            article = article_create(
                actor=request.staff, office=request.staff.office, data=form.to_input()
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("稿件已保存。"))
            return redirect("workbench:article_detail", pk=article.pk)
    return _render_form(request, form, status=400 if form.is_bound else 200)


@staff_required
def article_edit(request, pk: int):
    article = _get(request, pk)
    if request.method == "GET":
        # Opening the form takes the edit lock: a colleague opening it meanwhile is told who
        # is editing and until when (the lock expires on its own if the tab is abandoned).
        try:
            article_lock(actor=request.staff, article=article)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("workbench:article_detail", pk=article.pk)
    initial = {
        "kind": article.kind,
        "title": article.title,
        "body_html": article.body_html,
        "short_text": article.short_text,
        "tags": ", ".join(t.name for t in article.tags.all()),
        "series": article.series_id,
        "cover": article.cover_id,
        "important": article.important,
        "scheduled_at": timezone.localtime(article.scheduled_at) if article.scheduled_at else None,
    }
    form = ArticleForm(request.POST or None, initial=initial, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        try:
            article_update(
                actor=request.staff,
                article=article,
                data=form.to_input(),
                note=request.POST.get("note", ""),
            )
            article_unlock(actor=request.staff, article=article)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("修改已保存。"))
            return redirect("workbench:article_detail", pk=article.pk)
    return _render_form(request, form, article, status=400 if form.is_bound else 200)


def highlight(text: str, findings: list[Finding]) -> str:
    """`text` escaped, each finding's span wrapped in <mark> (title says what it is)."""
    spans = sorted(
        (f for f in findings if f.end > f.start and f.end <= len(text)), key=lambda f: f.start
    )
    out, pos = [], 0
    for f in spans:
        if f.start < pos:
            continue
        out.append(escape(text[pos : f.start]))
        css = "finding-open" if f.status == FindingStatus.OPEN else "finding-done"
        label = f"{f.get_kind_display()}·{f.detail_display}"
        out.append(
            f'<mark class="{css}" id="finding-{f.pk}" title="{escape(label)}">'
            f"{escape(text[f.start : f.end])}</mark>"
        )
        pos = f.end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every part escaped


@staff_required
def article_detail(request, pk: int):
    article = _get(request, pk)
    staff = request.staff
    findings = [f for f in findings_of(article) if f.status != FindingStatus.FIXED]
    texts = texts_of(article)
    highlighted = [
        (field, label, highlight(texts[field], [f for f in findings if f.field == field]))
        for field, label in (
            ("title", _("标题")),
            ("body", _("正文")),
            ("short", _("短版")),
            ("alt", _("图片替代文字")),
            ("caption", _("图片说明")),
        )
        if texts.get(field)
    ]
    my_tasks = [t for t in review_tasks_for(staff=staff) if t.article_id == article.pk]
    correction = pending_correction(article)
    return render(
        request,
        "workbench/publishing/article_detail.html",
        {
            "article": article,
            "findings": findings,
            "highlighted": highlighted,
            "my_tasks": my_tasks,
            "tasks": article.review_tasks.select_related("decided_by").order_by("-round", "order"),
            "revisions": article.revisions.select_related("editor").order_by("-number"),
            "outlets": article.outlets.all(),
            "may_waive": can(staff, "article.review", article.office, not_by=article.author),
            "may_edit": can(staff, "article.edit", article.office)
            and article.status in (ArticleStatus.DRAFT, ArticleStatus.SECURITY),
            "may_publish": can(staff, "article.approve", article.office, not_by=article.author)
            and article.status == ArticleStatus.APPROVED,
            "may_withdraw": can(staff, "article.approve", article.office)
            and article.status == ArticleStatus.PUBLISHED,
            "counts": _counts(article.short_text),
            "lock_holder": article_lock_holder(article),
            "correction": correction,
            "correction_diff": _correction_diff(article, correction) if correction else [],
            "may_correct": can(staff, "article.edit", article.office)
            and article.status == ArticleStatus.PUBLISHED
            and correction is None,
            "may_reschedule": can(staff, "article.approve", article.office)
            and article.status in (ArticleStatus.REVIEW, ArticleStatus.APPROVED),
        },
    )


def _correction_diff(article: Article, correction: ArticleCorrection):
    """What the correction changes, line by line, against the published text."""
    from types import SimpleNamespace

    published = SimpleNamespace(
        title=article.title, body_html=article.body_html, short_text=article.short_text
    )
    return revision_diff(old=published, new=correction)  # type: ignore[arg-type]


def _when(value: str) -> dt.datetime | None:
    """A datetime-local field's value (empty: cancel the schedule)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        naive = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ApplicationError(
            _("请填写正确的时间，例如 2026-12-01 09:00。"), field="scheduled_at"
        ) from None
    return timezone.make_aware(naive) if timezone.is_naive(naive) else naive


def _new_time(post, *, cancel: bool) -> dt.datetime | None:
    if cancel:
        return None
    when = _when(post.get("scheduled_at", ""))
    if when is None:
        raise ApplicationError(_("请填写新的定时时间。"), field="scheduled_at")
    return when


def _waive(staff, finding: Finding, reason: str) -> None:
    finding_waive(actor=staff, finding=finding, reason=reason)
    finding_waived_continue(article=finding.article)


def _act(request, pk: int, fn, success: str):
    try:
        fn()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("workbench:article_detail", pk=pk)


@staff_required
@require_POST
def article_act(request, pk: int, action: str):
    article = _get(request, pk)
    staff = request.staff
    post = request.POST
    if action == "submit":
        return _act(
            request, pk, lambda: article_submit(actor=staff, article=article), _("已送审。")
        )
    if action == "waive":
        finding = article.findings.filter(pk=post.get("finding") or 0).first()
        if finding is None:
            raise Http404
        return _act(
            request,
            pk,
            lambda: _waive(staff, finding, post.get("reason", "")),
            _("已豁免。"),
        )
    if action == "decide":
        task = ReviewTask.objects.filter(article=article, pk=post.get("task") or 0).first()
        if task is None:
            raise Http404
        approve = post.get("decision") == "approve"
        return _act(
            request,
            pk,
            lambda: review_decide(
                actor=staff, task=task, approve=approve, reason=post.get("reason", "")
            ),
            _("审核通过。") if approve else _("已退回。"),
        )
    if action == "publish":
        return _act(
            request, pk, lambda: article_publish(actor=staff, article=article), _("已发布。")
        )
    if action == "correct":
        data = ArticleInput(
            kind=article.kind,
            title=post.get("title", article.title),
            body_html=post.get("body_html", article.body_html),
            short_text=post.get("short_text", article.short_text),
            tags=tuple(t.name for t in article.tags.all()),
            series=article.series,
            cover=article.cover,
            case=article.case,
            important=article.important,
        )
        return _act(
            request,
            pk,
            lambda: article_correct(
                actor=staff, article=article, data=data, note=post.get("note", "")
            ),
            _("更正已送审，审核通过后替换已发布的版本。"),
        )
    if action == "reschedule":
        cancel = post.get("cancel") == "1"
        return _act(
            request,
            pk,
            lambda: article_reschedule(
                actor=staff, article=article, when=_new_time(post, cancel=cancel)
            ),
            _("已取消定时发布。") if cancel else _("定时发布时间已修改。"),
        )
    if action == "withdraw":
        return _act(
            request,
            pk,
            lambda: article_withdraw(actor=staff, article=article, reason=post.get("reason", "")),
            _("已撤回。"),
        )
    raise Http404


@staff_required
def revision_compare(request, pk: int):
    article = _get(request, pk)
    revs = {r.number: r for r in article.revisions.all()}
    try:
        old = revs[int(request.GET.get("a", 1))]
        new = revs[int(request.GET.get("b", article.revision))]
    except (KeyError, ValueError):
        raise Http404 from None
    return render(
        request,
        "workbench/publishing/diff.html",
        {"article": article, "old": old, "new": new, "diff": revision_diff(old=old, new=new)},
    )


@staff_required
@require_POST
def image_new(request):
    """Upload an image (the editor's image button, or the form on the article page):
    JSON {id, url} for the editor, else back to where it came from."""
    upload = request.FILES.get("file")
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        if upload is None or upload.size > MAX_UPLOAD:
            raise ApplicationError(_("请选择不超过8MB的图片文件。"), field="file")
        image = image_upload(
            actor=request.staff,
            office=request.staff.office,
            data=upload.read(),
            alt=request.POST.get("alt", ""),
            caption=request.POST.get("caption", ""),
        )
    except ApplicationError as exc:
        if wants_json:
            return JsonResponse({"detail": exc.message}, status=400)
        messages.error(request, exc.message)
        return redirect("workbench:publishing")
    if wants_json:
        return JsonResponse({"id": image.pk, "url": image.file.url})
    messages.success(request, _("图片已上传。"))
    return redirect("workbench:publishing")


# -- the mobile digest ----------------------------------------------------------------------


@staff_required
def digests(request):
    staff = request.staff
    error = ""
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("articles") if x.isdigit()]
        gids = [int(x) for x in request.POST.getlist("groups") if x.isdigit()]
        try:
            issue = digest_create(
                actor=staff,
                office=staff.office,
                title=request.POST.get("title", ""),
                articles=list(published_articles().filter(pk__in=ids)),
                groups=list(SubscriberGroup.objects.filter(pk__in=gids)),
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            return redirect("workbench:digest_detail", pk=issue.pk)
    return render(
        request,
        "workbench/publishing/digests.html",
        {
            "issues": digests_for_staff(staff=staff)[:30],
            "articles": published_articles().filter(office__path__startswith=staff.office.path)[
                :40
            ],
            "groups": SubscriberGroup.objects.filter(office__path__startswith=staff.office.path),
            "error": error,
        },
        status=400 if error else 200,
    )


@staff_required
def digest_detail(request, pk: int):
    issue = digests_for_staff(staff=request.staff).filter(pk=pk).first()
    if issue is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        staff = request.staff
        try:
            if action == "submit":
                digest_submit(actor=staff, issue=issue)
            elif action in ("approve", "reject"):
                digest_decide(
                    actor=staff,
                    issue=issue,
                    approve=action == "approve",
                    reason=request.POST.get("reason", ""),
                )
            elif action == "send":
                n = digest_send(actor=staff, issue=issue)
                messages.success(request, _("已向%(n)s位订阅者发送。") % {"n": n})
            elif action in ("reschedule", "unschedule"):
                cancel = action == "unschedule"
                digest_reschedule(
                    actor=staff, issue=issue, when=_new_time(request.POST, cancel=cancel)
                )
                messages.success(
                    request, _("已取消定时发送。") if cancel else _("定时发送时间已修改。")
                )
            else:
                raise Http404
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("workbench:digest_detail", pk=pk)
    preview = message_template_render(name="publishing.digest", params=digest_sms_params(issue))
    return render(
        request,
        "workbench/publishing/digest_detail.html",
        {
            "issue": issue,
            "preview": preview.text,
            "counts": _counts(preview.text),
            "delivery": {
                MessageStatus(status).label: n
                for status, n in digest_delivery_counts(issue).items()
                if status in MessageStatus.values
            },
            "articles": issue.articles.order_by("-published_at"),
            **_issue_review_context(request.staff, issue),
            "may_reschedule": can(request.staff, "article.approve", issue.office)
            and issue.status in ("draft", "review", "approved"),
        },
    )


def _issue_review_context(staff, issue) -> dict:
    """The issue's review record and the step this person may decide now, if any."""
    task = issue_open_task(issue)
    mine = (
        task
        if task is not None and can(staff, task.capability, issue.office, not_by=issue.author)
        else None
    )
    return {
        "review_tasks": issue.review_tasks.select_related("decided_by").order_by("-round", "order"),
        "my_task": mine,
        "may_submit": can(staff, "article.edit", issue.office) and issue.status == "draft",
    }


# -- the printed newsletter -----------------------------------------------------------------


@staff_required
def newsletters(request):
    staff = request.staff
    error = ""
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("articles") if x.isdigit()]
        try:
            issue_date = dt.date.fromisoformat(request.POST.get("issue_date", ""))
        except ValueError:
            error = _("请填写正确的出版日期。")
        else:
            try:
                issue = newsletter_create(
                    actor=staff,
                    office=staff.office,
                    masthead=request.POST.get("masthead", ""),
                    issue_date=issue_date,
                    articles=list(published_articles().filter(pk__in=ids)),
                    paper=request.POST.get("paper", PaperSize.A4),
                )
                newsletter_build(actor=staff, issue=issue)
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(request, _("样稿已生成，请送审。"))
                return redirect("workbench:newsletter_detail", pk=issue.pk)
    return render(
        request,
        "workbench/publishing/newsletters.html",
        {
            "issues": newsletters_for_staff(staff=staff)[:30],
            "articles": published_articles().filter(office__path__startswith=staff.office.path)[
                :40
            ],
            "papers": PaperSize.choices,
            "error": error,
            "today": timezone.localdate(),
        },
        status=400 if error else 200,
    )


@staff_required
def newsletter_detail(request, pk: int):
    issue = newsletters_for_staff(staff=request.staff).filter(pk=pk).first()
    if issue is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        staff = request.staff
        try:
            if action == "submit":
                newsletter_submit(actor=staff, issue=issue)
                messages.success(request, _("已送审。"))
            elif action in ("approve", "reject"):
                issue = newsletter_decide(
                    actor=staff,
                    issue=issue,
                    approve=action == "approve",
                    reason=request.POST.get("reason", ""),
                )
                if action == "reject":
                    messages.success(request, _("已退回。"))
                elif issue.status == "approved":
                    messages.success(request, _("审核通过，PDF已印发。"))
                else:
                    messages.success(request, _("审核通过。"))
            else:
                raise Http404
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("workbench:newsletter_detail", pk=pk)
    return render(
        request,
        "workbench/publishing/newsletter_detail.html",
        {
            "issue": issue,
            "articles": issue.articles.order_by("-published_at"),
            **_issue_review_context(request.staff, issue),
        },
    )


@staff_required
def newsletter_pdf(request, pk: int) -> HttpResponse:
    issue = newsletters_for_staff(staff=request.staff).filter(pk=pk).first()
    if issue is None or not issue.pdf:
        raise Http404
    return FileResponse(
        issue.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{issue.masthead}-{issue.number}.pdf",
    )


# -- the mobile digest's subscribers --------------------------------------------------------

MAX_CSV = 1024 * 1024


@staff_required
def subscribers(request):
    """The subscriber groups of the staff member's offices: who is subscribed, who has
    left, who is on the shared opt-out list; add, remove, import a CSV of phone numbers
    (each bad row reported with its line)."""
    from eqiao.channels.models import OptOut

    staff = request.staff
    groups = SubscriberGroup.objects.filter(office__path__startswith=staff.office.path)
    group = groups.filter(pk=request.GET.get("group") or request.POST.get("group") or 0).first()
    group = group or groups.first()
    result = None
    status = 200
    if request.method == "POST" and group is not None:
        action = request.POST.get("action")
        try:
            if action == "add":
                subscriber_add(actor=staff, group=group, phone=request.POST.get("phone", ""))
                messages.success(request, _("已添加。"))
            elif action == "remove":
                sub = Subscriber.objects.filter(group=group, pk=request.POST.get("sub") or 0)
                if not sub.exists():
                    raise Http404
                subscriber_remove(actor=staff, subscriber=sub.get())
                messages.success(request, _("已移除。"))
            elif action == "import":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ApplicationError(_("请选择CSV文件。"), field="file")
                if upload.size > MAX_CSV:
                    raise ApplicationError(_("文件不能超过1MB。"), field="file")
                result = subscribers_import(actor=staff, group=group, data=upload.read())
            else:
                raise Http404
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 400
        if result is None and status == 200:
            return redirect(f"{request.path}?group={group.pk}")
    subs = list(group.subscribers.order_by("-active", "phone")) if group else []
    opted = set(
        OptOut.objects.filter(address__in=[s.phone for s in subs], active=True).values_list(
            "address", flat=True
        )
    )
    return render(
        request,
        "workbench/publishing/subscribers.html",
        {
            "groups": groups,
            "group": group,
            "rows": [(s, s.phone in opted) for s in subs],
            "active_count": sum(1 for s in subs if s.active),
            "opted_count": sum(1 for s in subs if s.active and s.phone in opted),
            "result": result,
        },
        status=status,
    )
