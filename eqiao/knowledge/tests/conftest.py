import pytest

from eqiao.knowledge.testing import kb_load


@pytest.fixture
def kb(db):
    """The Criminal Law, the starter vocabulary and the starter FAQ set."""
    kb_load()
