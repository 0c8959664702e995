"""The mobile digest (手机报): subscriber groups, issues compiled from published articles,
reviewed (the automated review on its SMS text, then approval by someone other than its
editor), and sent as one SMS per subscriber with a link to the issue's phone page.

Subscriptions are per group; a person subscribes on the web or by replying 订阅手机报, and
leaves with 退订手机报 (this digest only) or 退订 (every message: the shared opt-out list,
which the SMS channel checks on every send).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.channels.models import OutboundMessage
from eqiao.channels.services import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.validators import normalize_mobile, validate_mobile
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.publishing.models import (
    Article,
    ArticleStatus,
    DigestIssue,
    IssueStatus,
    Subscriber,
    SubscriberGroup,
)
from eqiao.publishing.services.screening import allowed_domains, scan_texts, sensitive_words

DIGEST_TEMPLATE = "publishing.digest"
SUBSCRIBED_TEMPLATE = "publishing.digest_subscribed"
UNSUBSCRIBED_TEMPLATE = "publishing.digest_unsubscribed"


def _phone(phone: str) -> str:
    try:
        validate_mobile(phone or "")
    except ValidationError:
        raise ApplicationError(_("请输入正确的11位手机号码。"), field="phone") from None
    return normalize_mobile(phone)


def subscriber_set(
    *, group: SubscriberGroup, phone: str, active: bool, method: str = "web"
) -> Subscriber:
    """Subscribe `phone` to `group` (or end it). Idempotent."""
    phone = _phone(phone)
    with transaction.atomic():
        sub, _created = Subscriber.objects.select_for_update().get_or_create(
            group=group, phone=phone, defaults={"active": active, "method": method}
        )
        if sub.active != active or _created:
            sub.active = active
            sub.method = method
            sub.changed_at = timezone.now()
            sub.save()
    return sub


def digest_create(
    *,
    actor: Staff,
    office: Procuratorate,
    title: str,
    articles: list[Article],
    groups: list[SubscriberGroup],
) -> DigestIssue:
    """A new issue numbered after the office's last, from published articles."""
    require(actor, "article.edit", office)
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("请填写标题。"), field="title")
    if not articles:
        raise ApplicationError(_("请至少选择一篇已发布的稿件。"), field="articles")
    if any(a.status != ArticleStatus.PUBLISHED for a in articles):
        raise ApplicationError(_("手机报只能收录已发布的稿件。"), field="articles")
    if not groups:
        raise ApplicationError(_("请选择发送的订阅群体。"), field="groups")
    with transaction.atomic():
        last = DigestIssue.objects.filter(office=office).aggregate(n=Max("number"))["n"] or 0
        issue = DigestIssue.objects.create(
            office=office, number=last + 1, title=title[:60], author=actor
        )
        issue.articles.set(articles)
        issue.groups.set(groups)
        audit_log(actor=actor.user, action="digest.create", target=issue)
    return issue


def digest_link(issue: DigestIssue) -> str:
    base = getattr(settings, "EQIAO_PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/digest/{issue.token}/"


def digest_sms_params(issue: DigestIssue) -> dict[str, str]:
    titles = "；".join(a.title for a in issue.articles.order_by("-published_at")[:3])
    return {
        "office": issue.office.short_name,
        "number": str(issue.number),
        "titles": titles,
        "link": digest_link(issue),
    }


def digest_submit(*, actor: Staff, issue: DigestIssue) -> DigestIssue:
    """Send the issue for approval after the automated review of its SMS text."""
    require(actor, "article.edit", issue.office)
    if issue.status != IssueStatus.DRAFT:
        raise ApplicationError(_("只有编辑中的手机报可以送审。"))
    params = digest_sms_params(issue)
    hits = scan_texts(
        {"title": issue.title, "short": params["titles"]},
        words=sensitive_words(),
        allowed=allowed_domains(),
        links=[],
    )
    if hits:
        raise ApplicationError(
            _("手机报内容未通过安全审查：%(items)s")
            % {"items": "、".join(sorted({h.matched for h in hits}))}
        )
    DigestIssue.objects.filter(pk=issue.pk).update(status=IssueStatus.REVIEW, reject_reason="")
    audit_log(actor=actor.user, action="digest.submit", target=issue)
    issue.refresh_from_db()
    return issue


def digest_decide(
    *, actor: Staff, issue: DigestIssue, approve: bool, reason: str = ""
) -> DigestIssue:
    """Approve (never the issue's own editor) or send back with a reason."""
    require(actor, "article.approve", issue.office, not_by=issue.author)
    if issue.status != IssueStatus.REVIEW:
        raise ApplicationError(_("该期手机报不在待审批状态。"))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ApplicationError(_("退回时请填写理由。"), field="reason")
    if approve:
        DigestIssue.objects.filter(pk=issue.pk).update(
            status=IssueStatus.APPROVED, approved_by=actor
        )
    else:
        DigestIssue.objects.filter(pk=issue.pk).update(
            status=IssueStatus.DRAFT, reject_reason=reason[:300]
        )
    audit_log(
        actor=actor.user,
        action="digest.approve" if approve else "digest.reject",
        target=issue,
        detail={"reason": reason[:300]},
    )
    issue.refresh_from_db()
    return issue


def digest_send(*, actor: Staff, issue: DigestIssue) -> int:
    """Queue one SMS per active subscriber of the issue's groups (a phone in two groups
    gets one). The idempotency key per issue and phone makes a second send a no-op; the
    channel skips numbers on the opt-out list. Returns how many were queued."""
    require(actor, "article.approve", issue.office)
    if issue.status not in (IssueStatus.APPROVED, IssueStatus.SENT):
        raise ApplicationError(_("手机报审批通过后才能发送。"))
    params = digest_sms_params(issue)
    phones = sorted(
        set(
            Subscriber.objects.filter(group__in=issue.groups.all(), active=True).values_list(
                "phone", flat=True
            )
        )
    )
    with transaction.atomic():
        for phone in phones:
            sms_queue(
                phone=phone,
                template=DIGEST_TEMPLATE,
                params=params,
                purpose="mobile_digest",
                ref=f"digest:{issue.pk}",
                idempotency_key=f"digest:{issue.pk}:{phone}",
            )
        DigestIssue.objects.filter(pk=issue.pk).update(
            status=IssueStatus.SENT, sent_at=issue.sent_at or timezone.now()
        )
        audit_log(
            actor=actor.user, action="digest.send", target=issue, detail={"recipients": len(phones)}
        )
    return len(phones)


def digest_delivery_counts(issue: DigestIssue) -> dict[str, int]:
    """How the issue's messages stand: status → count."""
    rows = (
        OutboundMessage.objects.filter(ref=f"digest:{issue.pk}")
        .values("status")
        .annotate(n=Count("id"))
    )
    return {r["status"]: r["n"] for r in rows}
