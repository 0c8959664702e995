import pytest


@pytest.fixture
def kb(db):
    """The Criminal Law, the starter vocabulary and the starter FAQ set, as `eqiao kb
    load_criminal_law` loads them."""
    from eqiao.knowledge.services.faqs import starter_load
    from eqiao.knowledge.services.laws import criminal_law_load

    criminal_law_load()
    starter_load()
