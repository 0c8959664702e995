"""For tests of any app: the knowledge base as `eqiao kb load_criminal_law` loads it."""

from __future__ import annotations


def kb_load() -> None:
    from eqiao.knowledge.services.faqs import starter_load
    from eqiao.knowledge.services.laws import criminal_law_load

    criminal_law_load()
    starter_load()
