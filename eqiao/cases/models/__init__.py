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
