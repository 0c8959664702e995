"""The CLI as other systems run it: a subprocess reading JSON Lines, bad lines and all."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(args, stdin: bytes, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "eqiao.cli", "text", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONPATH": str(ROOT)},
        **kwargs,
    )


def lines(*objs) -> bytes:
    return b"".join(
        (o if isinstance(o, bytes) else json.dumps(o, ensure_ascii=False).encode()) + b"\n"
        for o in objs
    )


MIXED = lines(
    {"id": 1, "text": "庆海轴承拖欠我们工资,你们管不管,不管我们就去上访"},
    b"{not json",
    {"id": 2},
    b"\xff\xfe\xfd",
    {"id": 3, "text": "   "},
    {"id": 4, "text": "x" * 20001},
    [1, 2],
    {"id": "律师-5", "text": "请问阅卷需要预约吗,我是辩护律师"},
)


def test_classify_writes_every_good_line_in_order_and_reports_the_bad_ones():
    result = run(["classify"], MIXED)
    assert result.returncode == 0
    out = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [o["id"] for o in out] == [1, "律师-5"]
    assert set(out[0]) == {"id", "category", "risk", "reasons", "region", "sentiment"}
    assert out[0]["risk"] == "high" and out[0]["region"] == "冠县"
    assert "提到集体上访" in result.stdout.decode("utf-8")  # UTF-8, not \\u escapes
    err = result.stderr.decode("utf-8")
    for number in (2, 3, 4, 5, 6, 7):
        assert f"line {number}:" in err
    assert "invalid UTF-8" in err and "missing field" in err and "too long" in err


def test_strict_exits_non_zero_when_a_line_was_bad():
    assert run(["classify", "--strict"], MIXED).returncode == 1
    assert run(["classify", "--strict"], lines({"id": 1, "text": "你好"})).returncode == 0


def test_input_and_output_files(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(lines({"id": 7, "text": "感谢检察官"}))
    result = run(["classify", "--input", str(source), "--output", str(target)], b"")
    assert result.returncode == 0
    assert json.loads(target.read_text("utf-8"))["id"] == 7


def test_a_missing_input_file_is_a_usage_error(tmp_path):
    result = run(["classify", "--input", str(tmp_path / "absent.jsonl")], b"")
    assert result.returncode == 2
    assert b"absent.jsonl" in result.stderr


def test_dedup_points_to_the_earlier_near_duplicate():
    pytest.importorskip("eqiao.text.dedup")
    post = "聊城市检察院召开新闻发布会,通报2014年度检察机关服务民生工作情况,受理群众举报265件"
    result = run(
        ["dedup"],
        lines(
            {"id": "a", "text": post},
            {"id": "b", "text": post + "。"},
            {"id": "c", "text": "今天天气很好,适合出门散步"},
        ),
    )
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert out == [
        {"id": "a", "dup_of": None},
        {"id": "b", "dup_of": "a"},
        {"id": "c", "dup_of": None},
    ]


def test_redact_returns_text_and_findings():
    pytest.importorskip("eqiao.text.redact")
    result = run(["redact"], lines({"id": 1, "text": "当事人张小明,电话13812345678"}, b"oops"))
    out = json.loads(result.stdout.decode().splitlines()[0])
    assert set(out) == {"id", "text", "findings"}
    assert "13812345678" not in out["text"]
    assert b"line 2:" in result.stderr


def test_redact_keeps_officials_only_when_asked():
    text = "检察长王学军接待了申诉人张小明"
    by_default = json.loads(run(["redact"], lines({"id": 1, "text": text})).stdout)
    kept = json.loads(run(["redact", "--keep-officials"], lines({"id": 1, "text": text})).stdout)
    assert "王学军" not in by_default["text"] and "张小明" not in by_default["text"]
    assert "王学军" in kept["text"] and "张小明" not in kept["text"]


def test_train_reads_corrections_and_skips_bad_ones(tmp_path):
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_bytes(
        lines(
            {"text": "好评,办事快", "category": "feedback", "risk": "low"},
            {"text": "x", "category": "nonsense"},
            b"[broken",
        )
    )
    model = tmp_path / "model.json.gz"
    args = ["train", "--corrections", str(corrections), "--model", str(model)]
    result = run(args, b"")
    assert result.returncode == 0, result.stderr
    assert model.exists()
    err = result.stderr.decode()
    assert "line 2:" in err and "line 3:" in err and "1 corrections" in err
    assert run([*args, "--strict"], b"").returncode == 1


def test_evaluate_prints_the_held_out_figures():
    result = run(["evaluate"], b"")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "category accuracy" in out and "high-risk recall" in out


def test_train_without_a_labelled_set_is_a_clear_usage_error(tmp_path):
    result = run(["train", "--labelled", str(tmp_path / "absent.jsonl")], b"")
    assert result.returncode == 2
    assert b"labelled set not found" in result.stderr


def test_train_rejects_corrections_with_labels_the_engine_does_not_have(tmp_path):
    """Only valid labels reach training: each bad line is named with what it should be."""
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_bytes(
        lines(
            {"text": "好评,办事快", "category": "feedback", "risk": "low"},
            {"text": "单位领导受贿", "category": "duty_crime"},
            {"text": "我要去市里上访", "category": "complaint", "risk": "extreme"},
            {"text": "只改了风险", "risk": "high"},
        )
    )
    model = tmp_path / "model.json.gz"
    args = ["train", "--corrections", str(corrections), "--model", str(model)]
    result = run([*args, "--strict"], b"")
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "line 2:" in err and "unknown category 'duty_crime'" in err and "complaint" in err
    assert "line 3:" in err and "unknown risk 'extreme'" in err and "high" in err
    assert "line 1:" not in err and "line 4:" not in err
    assert "2 corrections" in err  # the two valid lines were trained on
