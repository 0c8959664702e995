"""The admin's view of the disclosure records: read-only. Releases and legal documents are
published only by their services (author → approver, reviewer), never by an admin edit or a
bulk action, so the admin offers no change form and no action but looking."""

from __future__ import annotations

from django.contrib import admin

from eqiao.cases.models import (
    BriberyRecordQuery,
    CaseRelease,
    LegalDocument,
    PeopleSupervisor,
    RedactionCorrection,
    SupervisionActivity,
    SupervisionOpinion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None  # no bulk action (not even delete) can touch a published record

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseRelease)
class CaseReleaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "case", "office", "status", "author", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "case__number")
    exclude = ("seal",)


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "case", "office", "status", "published_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "number", "case__number")
    # The original (names and all) is for the workbench's reviewer, not the admin's lists.
    exclude = ("seal", "original_text", "findings")


@admin.register(RedactionCorrection)
class RedactionCorrectionAdmin(ReadOnlyAdmin):
    list_display = ("document", "action", "kind", "text", "created_by", "created_at")


@admin.register(BriberyRecordQuery)
class BriberyRecordQueryAdmin(ReadOnlyAdmin):
    list_display = ("number", "applicant_unit", "subject_name", "status", "created_at")
    list_filter = ("status", "purpose")
    exclude = ("phone", "subject_id_number", "verification_code")


@admin.register(PeopleSupervisor)
class PeopleSupervisorAdmin(ReadOnlyAdmin):
    list_display = ("name", "office", "unit", "term_start", "term_end", "active")
    exclude = ("phone",)


@admin.register(SupervisionActivity)
class SupervisionActivityAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "office", "starts_at")


@admin.register(SupervisionOpinion)
class SupervisionOpinionAdmin(ReadOnlyAdmin):
    list_display = ("supervisor", "activity", "source", "created_at", "answered_at")
