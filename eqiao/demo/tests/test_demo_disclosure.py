"""The demo's disclosure records: releases (published and one pending), redacted legal
documents, a verifiable bribery-record certificate, a supervisor roster with an opinion and
its answer — and nothing published for the juvenile case. Loaded at the fixed demo date."""

from __future__ import annotations

import random

import pytest

from eqiao.cases.models import (
    BriberyQueryStatus,
    BriberyRecordQuery,
    Case,
    CaseRelease,
    LegalDocument,
    PeopleSupervisor,
    ReleaseStatus,
    SupervisionOpinion,
)
from eqiao.cases.selectors_disclosure import document_list_public, release_list_public
from eqiao.cases.services.bribery import CODE_CHARS, CODE_LENGTH, bribery_certificate_verify
from eqiao.demo.disclosure import DEMO_SEED
from eqiao.demo.loader import DEMO_TODAY, demo_load, demo_now

NOW = demo_now(DEMO_TODAY)


@pytest.fixture
def demo(db):
    demo_load(now=NOW, petitions=8)


def test_demo_disclosure_records(demo):
    public = release_list_public()
    assert len(public) == 3
    assert all(r.published_at < NOW for r in public)
    assert [r.published_at for r in public] == sorted(
        (r.published_at for r in public), reverse=True
    )
    assert CaseRelease.objects.filter(status=ReleaseStatus.PENDING).count() == 1
    docs = document_list_public()
    assert len(docs) == 2
    for d in docs:
        assert "张小明" not in d.redacted_text and "赵建军" not in d.redacted_text
        assert "372526198604121234" not in d.redacted_text
    assert LegalDocument.objects.filter(status="review").count() == 1
    answered = BriberyRecordQuery.objects.get(status=BriberyQueryStatus.ANSWERED)
    assert bribery_certificate_verify(code=answered.verification_code, ip="127.0.0.5") == answered
    assert PeopleSupervisor.objects.count() == 8
    opinion = SupervisionOpinion.objects.get()
    assert opinion.answer and opinion.case.office.name.startswith("冠县")
    assert not opinion.case.disclosure_forbidden
    assert opinion.created_at < NOW


def test_demo_never_publishes_the_flagged_case(demo):
    flagged = Case.objects.filter(juvenile=True)
    assert flagged.exists()
    assert not CaseRelease.objects.filter(case__in=flagged).exists()
    assert not LegalDocument.objects.filter(case__in=flagged).exists()


def test_demo_certificate_code_is_drawn_from_the_seed(demo):
    # The same every load, so the README can print it.
    rng = random.Random(DEMO_SEED)
    expected = "".join(rng.choice(CODE_CHARS) for _i in range(CODE_LENGTH))
    answered = BriberyRecordQuery.objects.get(status=BriberyQueryStatus.ANSWERED)
    assert answered.verification_code == expected
    assert answered.answered_at < NOW
