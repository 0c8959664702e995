"""`eqiao opinion analyze`: the pipeline over JSON Lines, without a database.

Reads {"id", "source", "text"} lines in order and writes, for each good line, one
{"id", "relevant", "sentiment", "severity", "dup_of", "event"} line in the same order.
Bad lines (invalid UTF-8 or JSON, a missing field, an empty text) are reported on stderr
with their number and skipped."""

from __future__ import annotations

from typing import IO

from eqiao.opinion.pipeline import Analyzer, Post
from eqiao.opinion.rules import Terms
from eqiao.text.cli import Run, records


def analyze_stream(
    source: IO[bytes], sink: IO[str], errors: IO[str], terms: Terms | None = None
) -> int:
    """Analyse every line of `source` into `sink`; the number of bad lines."""
    run = Run(source, sink, errors)
    analyzer = Analyzer(terms)
    for _number, record in records(run, ("id", "source", "text")):
        post = Post(record["id"], str(record["source"]), record["text"])
        run.emit(analyzer.analyze(post).line())
    return run.bad_lines


def analyze_records(
    records_: list[dict], terms: Terms | None = None, severity: object = "shipped"
) -> list[dict]:
    """The output lines for records already in memory (the evaluation's entry);
    `severity`: the learned severity model to use (see `rules.Rules`)."""
    analyzer = Analyzer(terms, severity=severity)  # type: ignore[arg-type]
    posts = [Post(r["id"], str(r.get("source", "")), r["text"]) for r in records_]
    return [result.line() for result in analyzer.analyze_many(posts)]
