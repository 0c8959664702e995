"""The demo's disclosure records: releases (published and one pending), redacted legal
documents, a verifiable bribery-record certificate, a supervisor roster with an opinion and
its answer — and nothing published for the juvenile case. Loaded at the fixed demo date."""

from __future__ import annotations

import random
import re

import pytest

from eqiao.cases.models import (
    BriberyQueryStatus,
    BriberyRecordQuery,
    Case,
    CaseRelease,
    LegalDocument,
    PartyRole,
    PeopleSupervisor,
    ReleaseStatus,
    SupervisionOpinion,
)
from eqiao.cases.selectors_disclosure import document_list_public, release_list_public
from eqiao.cases.services.bribery import CODE_CHARS, CODE_LENGTH, bribery_certificate_verify
from eqiao.cases.services.releases import release_findings
from eqiao.demo.disclosure import DEMO_SEED, RELEASES
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


def test_redacting_the_demo_releases_leaves_no_party_name(demo):
    """The demo's releases as an author might first write them — the case's own parties
    named where the published text has 某某 — come out of the approval's redaction (the one
    `release_approve(apply_redaction=True)` publishes) with no party's name; the published
    releases carry none either."""
    people = (PartyRole.SUSPECT, PartyRole.DEFENDANT, PartyRole.VICTIM)
    bodies = {title: body for _key, _days, title, body, _publish in RELEASES}
    checked = 0
    for release in CaseRelease.objects.filter(title__in=bodies).select_related("case"):
        names = list(release.case.parties.filter(role__in=people).values_list("name", flat=True))
        assert names, release.case
        for name in names:
            assert name not in release.title and name not in release.body
        # Each person the published text calls X某某 gets a party's full name, in turn.
        draft, count = bodies[release.title], 0
        for pseudonym in dict.fromkeys(re.findall(r".某某", draft)):
            draft = draft.replace(pseudonym, names[count % len(names)])
            count += 1
        assert count and any(n in draft for n in names)
        found = release_findings(release=CaseRelease(title=release.title, body=draft))
        for name in names:
            assert name not in found.body_redacted, (name, found.body_redacted)
        checked += 1
    assert checked == len(RELEASES)
