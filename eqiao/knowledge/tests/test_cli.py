"""`eqiao kb …` from the console."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from eqiao.knowledge.models import Article
from eqiao.knowledge.tests.docx_files import docx_bytes


def _run(*args) -> str:
    out = io.StringIO()
    call_command("kb", *args, stdout=out)
    return out.getvalue()


def test_load_then_search_as_json(db):
    assert "505 articles" in _run("load_criminal_law")
    data = json.loads(_run("search", "喝了酒开车把人撞了然后跑了会判几年", "--top", "5", "--json"))
    assert len(data["results"]) == 5
    first = data["results"][0]
    assert set(first) >= {"law", "article", "crime_names", "score"}
    assert isinstance(first["article"], str)
    assert "133" in [r["article"] for r in data["results"][:2]]
    data = json.loads(_run("search", "危险驾驶罪", "--json"))
    assert data["results"][0]["article"] == "133-1"
    assert data["results"][0]["crime_names"] == ["危险驾驶罪"]


def test_import_text_and_docx(db, tmp_path):
    text = tmp_path / "law.txt"
    text.write_text(
        "中华人民共和国测试法\n第一章 总则\n第一条 为了测试，制定本法。\n第二条 本法自公布之日起施行。\n"
        "第二条之一 插入的条文。\n",
        encoding="gb18030",
    )
    assert "3 articles" in _run("import", str(text), "--code", "test_law", "--title", "测试法")
    path = tmp_path / "law.docx"
    path.write_bytes(
        docx_bytes(
            ["第一编 总则", "第一章 一般规定", "第十条 第一段。", "第二段。", "第十一条 又一条。"]
        )
    )
    assert "2 articles" in _run("import", str(path), "--code", "test_law2", "--title", "测试法二")
    ten = Article.objects.get(law__code="test_law2", number=10)
    assert ten.text == "第一段。\n第二段。" and ten.part == "第一编 总则"
    assert ten.label == "第十条"


def test_import_dry_run_previews_and_stores_nothing(db, tmp_path):
    text = tmp_path / "law.txt"
    text.write_text("第一条 甲。\n第二条 乙。\n", encoding="utf-8")
    _run("import", str(text), "--code", "town_law", "--title", "乡规")
    text.write_text("第一条 甲。\n第二条 乙改。\n第四条 丁。\n", encoding="utf-8")
    out = _run("import", str(text), "--code", "town_law", "--title", "乡规", "--dry-run")
    assert "3 articles found; nothing stored" in out
    assert "1 new, 1 changed, 0 removed, 1 unchanged" in out
    assert "numbering gaps: 第三条" in out
    assert Article.objects.get(law__code="town_law", number=2).text == "乙。"


def test_bad_input_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _run("import", str(tmp_path / "none.txt"), "--code", "x_law", "--title", "X")
    bad = tmp_path / "law.pdf"
    bad.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match=".txt 或 .docx"):
        _run("import", str(bad), "--code", "x_law", "--title", "X")
    broken = tmp_path / "law.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="Word"):
        _run("import", str(broken), "--code", "x_law", "--title", "X")
    with pytest.raises(CommandError, match="--top"):
        _run("search", "盗窃", "--top", "0")
