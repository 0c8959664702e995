"""Writes the workbench makes that belong to no domain service: audit entries for what a
staff member looked at or took away, and their own notifications being read."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from eqiao.core.audit import audit_log
from eqiao.core.models import Notification
from eqiao.intake.models import Attachment, Petition
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff


def petition_personal_data_reveal(*, petition: Petition, actor: Staff, ip: str | None) -> Petition:
    """Record that `actor` looked at the petitioner's full name, phone and ID number.
    Call only with a petition the actor's scope allows (`petition_get_for_staff`); the
    actor needs `petition.personal_data`."""
    require(actor, "petition.personal_data", petition.office)
    audit_log(
        actor=actor.user,
        action="personal_data_view",
        target=petition,
        ip=ip,
        detail={
            "fields": ["name", "phone", "id_number", "address"],
            "tracking_number": petition.tracking_number,
        },
    )
    return petition


def attachment_download_record(*, attachment: Attachment, actor: Staff, ip: str | None) -> None:
    """Attachments are evidence and often personal: only those who handle petitions may
    download them, and every download is logged."""
    require(actor, "petition.personal_data", attachment.petition.office)
    audit_log(
        actor=actor.user,
        action="attachment_download",
        target=attachment.petition,
        ip=ip,
        detail={"attachment": attachment.pk, "name": attachment.original_name},
    )


def notification_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one of the user's notifications read (or all when `pk` is None). Returns how
    many changed; another user's notification is never touched."""
    unread: QuerySet[Notification] = Notification.objects.filter(
        recipient=user, read_at__isnull=True
    )
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
