"""Important case releases: compose, submit, approve (by someone else holding
`case.release.approve`, after the redactor's findings are fixed or acknowledged), reject,
withdraw. `release_approve` is the only code that sets the published state."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.cases.models import Case, CaseRelease, ReleaseStatus
from eqiao.cases.models.sealing import publication_seal
from eqiao.cases.registry_disclosure import RELEASE_APPROVE, RELEASE_COMPOSE
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.notifications import notification_create
from eqiao.offices.capabilities import require, roles_with
from eqiao.offices.models import Staff
from eqiao.text.redact import Finding, redact

TITLE_MAX = 120
BODY_MAX = 20_000


def forbidden_message(case: Case) -> str:
    return _("案件%(number)s涉及国家秘密、商业秘密、个人隐私或未成年人，依法不得公开任何信息。") % {
        "number": case.number
    }


NOTIFICATION_KIND = "case_release"


def _notify(recipients, *, text: str, release: CaseRelease) -> None:
    for user_id in sorted({s.user_id for s in recipients}):
        notification_create(
            recipient=user_id, text=text, target_kind=NOTIFICATION_KIND, target_id=release.pk
        )


def _approvers(release: CaseRelease):
    """Who can approve it at its office: active holders of the capability, not the author."""
    return (
        Staff.objects.filter(
            office=release.office, is_active=True, roles__role__in=roles_with(RELEASE_APPROVE)
        )
        .exclude(pk=release.author_id)
        .distinct()
    )


def _clean(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ApplicationError(_("请填写标题。"), field="title")
    if len(title) > TITLE_MAX:
        raise ApplicationError(_("标题不能超过%(n)s个字。") % {"n": TITLE_MAX}, field="title")
    if not body:
        raise ApplicationError(_("请填写正文。"), field="body")
    if len(body) > BODY_MAX:
        raise ApplicationError(_("正文不能超过%(n)s个字。") % {"n": BODY_MAX}, field="body")
    if "\x00" in title + body:
        raise ApplicationError(_("内容含有无法识别的字符，请删除后重新填写。"), field="body")
    return title, body


def release_create(*, actor: Staff, case: Case, title: str, body: str) -> CaseRelease:
    """A draft release about `case`, by `actor` (who needs `case.release.compose`)."""
    require(actor, RELEASE_COMPOSE, case.office)
    if case.disclosure_forbidden:
        raise ApplicationError(forbidden_message(case), field="case")
    title, body = _clean(title, body)
    with transaction.atomic():
        release = CaseRelease.objects.create(
            case=case, office=case.office, title=title, body=body, author=actor
        )
        audit_log(actor=actor.user, action="release.create", target=release)
    return release


def release_update(*, actor: Staff, release: CaseRelease, title: str, body: str) -> CaseRelease:
    """The author edits a draft or a returned release."""
    require(actor, RELEASE_COMPOSE, release.office)
    if release.author_id != actor.pk:
        raise ApplicationError(_("只有撰稿人可以修改这篇稿件。"))
    if release.status not in (ReleaseStatus.DRAFT, ReleaseStatus.REJECTED):
        raise ApplicationError(_("稿件已提交审批或已发布，不能再修改。"))
    release.title, release.body = _clean(title, body)
    release.updated_at = timezone.now()
    with transaction.atomic():
        release.save(update_fields=["title", "body", "updated_at"])
        audit_log(actor=actor.user, action="release.update", target=release)
    return release


def release_submit(*, actor: Staff, release: CaseRelease) -> CaseRelease:
    """The author sends a draft (or a returned release) for approval."""
    require(actor, RELEASE_COMPOSE, release.office)
    if release.author_id != actor.pk:
        raise ApplicationError(_("只有撰稿人可以提交这篇稿件。"))
    if release.status not in (ReleaseStatus.DRAFT, ReleaseStatus.REJECTED):
        raise ApplicationError(_("稿件已提交审批或已发布。"))
    if release.case.disclosure_forbidden:
        raise ApplicationError(forbidden_message(release.case))
    release.status = ReleaseStatus.PENDING
    release.submitted_at = timezone.now()
    release.rejection_reason = ""
    with transaction.atomic():
        release.save(update_fields=["status", "submitted_at", "rejection_reason"])
        audit_log(actor=actor.user, action="release.submit", target=release)
        _notify(
            _approvers(release),
            text=_("案件信息“%(title)s”待您审批。") % {"title": release.title},
            release=release,
        )
    return release


@dataclass(frozen=True)
class ReleaseFindings:
    """What the redactor finds in a release's title and body (names of parties, numbers,
    addresses; officials' names are kept)."""

    title: list[Finding]
    body: list[Finding]
    title_redacted: str
    body_redacted: str

    @property
    def all(self) -> list[Finding]:
        return self.title + self.body


def release_findings(*, release: CaseRelease) -> ReleaseFindings:
    title = redact(release.title, keep_officials=True)
    body = redact(release.body, keep_officials=True)
    return ReleaseFindings(title.findings, body.findings, title.text, body.text)


def release_approve(
    *,
    actor: Staff,
    release: CaseRelease,
    acknowledge_findings: bool = False,
    apply_redaction: bool = False,
) -> CaseRelease:
    """Publish a pending release. The approver holds `case.release.approve` and is not the
    author. When the redactor finds personal data, the approver either applies its redaction
    (`apply_redaction`) or states that what it found may stand (`acknowledge_findings`,
    recorded on the release). The case's flags are read under a row lock, so a flag set at
    the same moment wins."""
    require(actor, RELEASE_APPROVE, release.office, not_by=release.author)
    found = release_findings(release=release)  # the text engine runs outside the transaction
    if found.all and not (acknowledge_findings or apply_redaction):
        listed = "、".join(f"{f.original}" for f in found.all[:8])
        raise ApplicationError(
            _("正文含有可能需要脱敏的内容（%(found)s）：请脱敏后发布，或确认可以公开。")
            % {"found": listed},
            field="findings",
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=release.case_id)
        locked = CaseRelease.objects.select_for_update().get(pk=release.pk)
        if case.disclosure_forbidden:
            raise ApplicationError(forbidden_message(case))
        if locked.status != ReleaseStatus.PENDING:
            raise ApplicationError(_("这篇稿件不在待审批状态。"))
        if locked.title != release.title or locked.body != release.body:
            raise ApplicationError(_("稿件在您审阅后被修改过，请重新审阅。"))
        if apply_redaction:
            locked.title, locked.body = found.title_redacted, found.body_redacted
            acknowledged: list[dict] = []
        else:
            acknowledged = [{"kind": f.kind, "original": f.original} for f in found.all]
        now = timezone.now()
        locked.case = case
        locked.status = ReleaseStatus.PUBLISHED
        locked.reviewed_by = actor
        locked.reviewed_at = now
        locked.published_at = now
        locked.acknowledged_findings = acknowledged
        locked.seal = publication_seal(
            kind="release", pk=locked.pk, case_id=case.pk, text=locked.public_text
        )
        locked.save()
        audit_log(
            actor=actor.user,
            action="release.approve",
            target=locked,
            detail={"redacted": apply_redaction, "acknowledged": len(acknowledged)},
        )
        _notify(
            [locked.author],
            text=_("案件信息“%(title)s”已批准发布。") % {"title": locked.title},
            release=locked,
        )
    return locked


def release_reject(*, actor: Staff, release: CaseRelease, reason: str) -> CaseRelease:
    """Return a pending release to its author with a reason."""
    require(actor, RELEASE_APPROVE, release.office, not_by=release.author)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请写明退回理由。"), field="reason")
    if len(reason) > 500:
        raise ApplicationError(_("退回理由不能超过500个字。"), field="reason")
    if release.status != ReleaseStatus.PENDING:
        raise ApplicationError(_("这篇稿件不在待审批状态。"))
    release.status = ReleaseStatus.REJECTED
    release.rejection_reason = reason
    release.reviewed_by = actor
    release.reviewed_at = timezone.now()
    with transaction.atomic():
        release.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
        audit_log(actor=actor.user, action="release.reject", target=release)
        _notify(
            [release.author],
            text=_("案件信息“%(title)s”被退回：%(reason)s")
            % {"title": release.title, "reason": reason},
            release=release,
        )
    return release


def release_withdraw(*, actor: Staff, release: CaseRelease) -> CaseRelease:
    """Take a published release off the portal."""
    require(actor, RELEASE_APPROVE, release.office)
    if release.status != ReleaseStatus.PUBLISHED:
        raise ApplicationError(_("只能撤回已发布的稿件。"))
    release.status = ReleaseStatus.WITHDRAWN
    release.seal = ""
    with transaction.atomic():
        release.save(update_fields=["status", "seal"])
        audit_log(actor=actor.user, action="release.withdraw", target=release)
    return release
