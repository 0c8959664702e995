"""The pipeline's `Terms` from the lexicon plus the installation's `WatchTerm` rows."""

from __future__ import annotations

from eqiao.opinion.models import WatchKind, WatchTerm
from eqiao.opinion.rules import Terms


def terms_current() -> tuple[Terms, tuple]:
    """The terms in force and a fingerprint that changes when a watch term does."""
    rows = list(
        WatchTerm.objects.filter(active=True)
        .select_related("office")
        .order_by("pk")
        .values_list("pk", "kind", "term", "office__name")
    )
    names = {term: office or "" for _pk, kind, term, office in rows if kind == WatchKind.NAME}
    keywords = [term for _pk, kind, term, _o in rows if kind == WatchKind.KEYWORD]
    exclusions = [term for _pk, kind, term, _o in rows if kind == WatchKind.EXCLUSION]
    terms = Terms().extended(names=names, keywords=keywords, exclusions=exclusions)
    return terms, tuple(rows)
