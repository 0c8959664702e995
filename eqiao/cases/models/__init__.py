"""Cases from the case management system, their parties and lawyers; the disclosure records
(releases, legal documents, bribery-record queries) and people's supervisors live in
sibling modules of this package."""

from eqiao.cases.models.case import (
    Case,
    CaseKind,
    CaseParty,
    CasePetitionLink,
    CaseQueryCode,
    CaseSource,
    CaseStage,
    PartyRole,
    Stage,
)
from eqiao.cases.models.imports import (
    CaseImportError,
    CaseImportMapping,
    CaseImportRun,
    ImportLayout,
    ImportStatus,
)
from eqiao.cases.models.lawyer import Lawyer, LawyerStatus

__all__ = [
    "Case",
    "CaseKind",
    "CaseImportError",
    "CaseImportMapping",
    "CaseImportRun",
    "CaseParty",
    "CasePetitionLink",
    "CaseQueryCode",
    "CaseSource",
    "CaseStage",
    "ImportLayout",
    "ImportStatus",
    "Lawyer",
    "LawyerStatus",
    "PartyRole",
    "Stage",
]

# The disclosure records and people's supervisors (their own modules).
from eqiao.cases.models.bribery import (  # noqa: E402
    BriberyPurpose,
    BriberyQueryStatus,
    BriberyRecordQuery,
    BriberyResult,
    SubjectKind,
)
from eqiao.cases.models.documents import (  # noqa: E402
    CorrectionAction,
    DocumentKind,
    DocumentStatus,
    FindingKind,
    LegalDocument,
    RedactionCorrection,
)
from eqiao.cases.models.releases import CaseRelease, ReleaseStatus  # noqa: E402
from eqiao.cases.models.supervisors import (  # noqa: E402
    ActivityKind,
    InvitationStatus,
    OpinionSource,
    PeopleSupervisor,
    SupervisionActivity,
    SupervisionInvitation,
    SupervisionOpinion,
)

__all__ += [
    "ActivityKind",
    "BriberyPurpose",
    "BriberyQueryStatus",
    "BriberyRecordQuery",
    "BriberyResult",
    "CaseRelease",
    "CorrectionAction",
    "DocumentKind",
    "DocumentStatus",
    "FindingKind",
    "InvitationStatus",
    "LegalDocument",
    "OpinionSource",
    "PeopleSupervisor",
    "RedactionCorrection",
    "ReleaseStatus",
    "SubjectKind",
    "SupervisionActivity",
    "SupervisionInvitation",
    "SupervisionOpinion",
]
