"""Loading thousands of sensitive words from a file; the next scan uses them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from eqiao.publishing.models import SensitiveWord
from eqiao.publishing.services.screening import article_scan
from eqiao.publishing.tests.conftest import CLEAN_BODY, write

pytestmark = pytest.mark.django_db


def test_a_file_of_thousands_of_words_is_loaded_once_and_used(desk, tmp_path):
    path = tmp_path / "words.txt"
    words = [f"测试词{i:05d}" for i in range(3000)] + ["劳动监察\t机构", "# a comment", ""]
    path.write_text("\n".join(words), encoding="utf-8")
    out = io.StringIO()
    call_command("publishing_words_import", str(path), category="导入", stdout=out)
    assert "added 3001" in out.getvalue()
    call_command("publishing_words_import", str(path), stdout=out)
    assert SensitiveWord.objects.count() == 3001 + 3  # the fixture's three
    assert SensitiveWord.objects.get(word="劳动监察").category == "机构"
    article = write(desk, body=CLEAN_BODY)
    assert [f.matched for f in article_scan(article=article)] == ["劳动监察"]
