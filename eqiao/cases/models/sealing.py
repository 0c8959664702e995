"""The publication seal shared by releases and legal documents.

Only the publish services set a record's published state, and they also write its seal: a
keyed hash of the record's id, its case and the exact public text. The portal and the API show
a published record only when its seal matches and its case carries no flag that forbids
disclosure. So neither an admin edit, a `queryset.update(status="published")`, a copied seal
nor a text changed after publication can put anything in front of the public, and a case
flagged later hides what was published before.
"""

from __future__ import annotations

import hashlib

from django.utils.crypto import constant_time_compare, salted_hmac

# The case flags that forbid any disclosure (Case.disclosure_forbidden), as query lookups.
FORBIDDEN_FLAGS = ("state_secret", "trade_secret", "privacy", "juvenile")


def publication_seal(*, kind: str, pk: int, case_id: int, text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return salted_hmac("eqiao.cases.publication", f"{kind}:{pk}:{case_id}:{digest}").hexdigest()


def seal_ok(seal: str, *, kind: str, pk: int, case_id: int, text: str) -> bool:
    if not seal:
        return False
    expected = publication_seal(kind=kind, pk=pk, case_id=case_id, text=text)
    return constant_time_compare(seal, expected)


def case_allows_disclosure_q(prefix: str = "case__"):
    """A Q object: the related case carries none of the forbidding flags."""
    from django.db.models import Q

    return Q(**{f"{prefix}{flag}": False for flag in FORBIDDEN_FLAGS})


class DisclosureForbidden(Exception):
    """Raised by a model's save() when a published record's case forbids disclosure."""
