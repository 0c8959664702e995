"""`eqiao text <subcommand>`: the engine over JSON Lines, for batches from other systems.

    eqiao text classify  < in.jsonl   {"id","text"} -> {"id","category","risk","reasons","region","sentiment"}
    eqiao text redact    < in.jsonl   {"id","text"} -> {"id","text","findings"}  [--keep-officials]
    eqiao text dedup     < in.jsonl   {"id","text"} -> {"id","dup_of"}
    eqiao text train --corrections corrections.jsonl   ({"text","category","risk"} lines)
    eqiao text train-names --corrections names.jsonl    ({"text","names","not_names"} lines)
    eqiao text evaluate [--split dev]                   quality on the labelled set

Input is stdin or --input, output stdout or --output, in input order, UTF-8, one JSON object
a line. Input is read as bytes and decoded line by line, so a bad line — invalid UTF-8,
malformed JSON, a missing or wrong field, an empty or oversized text — is reported on stderr
with its line number and skipped; the run finishes, and exits non-zero only with --strict.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

MAX_TEXT_CHARS = 20_000
# A line this long cannot hold a valid text; refuse it before decoding it.
MAX_LINE_BYTES = MAX_TEXT_CHARS * 4 + 4096

EXIT_OK, EXIT_BAD_LINES, EXIT_USAGE = 0, 1, 2

# One encoder for every line: `json.dumps(obj, ensure_ascii=False)` builds a new
# JSONEncoder on each call (about a third of its cost on a result line).
_encode = json.JSONEncoder(ensure_ascii=False).encode


class BadLine(ValueError):
    """A line that cannot be processed; the message says why, for stderr."""


@dataclasses.dataclass
class Run:
    """Where a subcommand reads, writes and reports."""

    source: IO[bytes]
    sink: IO[str]
    errors: IO[str]
    bad_lines: int = 0

    def report(self, number: int, problem: str) -> None:
        self.bad_lines += 1
        self.errors.write(f"line {number}: {problem}\n")

    def emit(self, obj: dict) -> None:
        self.sink.write(_encode(obj) + "\n")


def parse_record(raw: bytes, fields: tuple[str, ...] = ("id", "text")) -> dict:
    """One input line as a dict with the required fields checked; raises BadLine."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadLine(
            f"line too long ({len(raw)} bytes; texts are limited to {MAX_TEXT_CHARS} chars)"
        )
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(f"invalid UTF-8 at byte {exc.start}") from exc
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"malformed JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise BadLine("expected a JSON object")
    for name in fields:
        if name not in obj:
            raise BadLine(f'missing field "{name}"')
    if "id" in fields and (not isinstance(obj["id"], str | int) or isinstance(obj["id"], bool)):
        raise BadLine('"id" must be a string or an integer')
    text = obj.get("text")
    if "text" in fields:
        if not isinstance(text, str):
            raise BadLine('"text" must be a string')
        if not text.strip():
            raise BadLine("empty text")
        if len(text) > MAX_TEXT_CHARS:
            raise BadLine(f"text too long ({len(text)} chars; the limit is {MAX_TEXT_CHARS})")
    return obj


def records(run: Run, fields: tuple[str, ...] = ("id", "text")) -> Iterator[tuple[int, dict]]:
    """(line number, record) for every good line; bad lines are reported and skipped."""
    for number, raw in enumerate(run.source, 1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue  # blank lines (a trailing newline) are not records
        try:
            yield number, parse_record(raw, fields)
        except BadLine as exc:
            run.report(number, str(exc))


def _jsonable(value: Any) -> Any:
    """Findings of the redactor as plain JSON (dataclasses, named tuples, objects)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if hasattr(value, "_asdict"):
        return {k: _jsonable(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _classify(run: Run, _args: argparse.Namespace) -> None:
    from eqiao.text.engine import analyze

    for _number, rec in records(run):
        a = analyze(rec["text"])
        run.emit(
            {
                "id": rec["id"],
                "category": a.category,
                "risk": a.risk,
                "reasons": list(a.reasons),
                "region": a.region,
                "sentiment": a.sentiment,
            }
        )


def _redact(run: Run, args: argparse.Namespace) -> None:
    from eqiao.text.redact import redact

    for number, rec in records(run):
        try:
            result = redact(rec["text"], keep_officials=args.keep_officials)
        except ValueError as exc:  # the redactor refuses a text: that line, not the run
            run.report(number, f"cannot redact: {exc}")
            continue
        run.emit({"id": rec["id"], "text": result.text, "findings": _jsonable(result.findings)})


def _dedup(run: Run, _args: argparse.Namespace) -> None:
    from eqiao.text.dedup import NearDuplicateIndex

    index = NearDuplicateIndex()
    for _number, rec in records(run):
        run.emit({"id": rec["id"], "dup_of": index.add(rec["id"], rec["text"])})


def _train(run: Run, args: argparse.Namespace) -> None:
    from eqiao.text.quality import LABELLED_PATH
    from eqiao.text.train import train

    labelled = args.labelled or LABELLED_PATH
    if not labelled.exists():  # only a --labelled FILE can be missing: the package ships its own
        raise ValueError(f"labelled set not found at {labelled}; pass --labelled FILE")
    corrections = []
    for path in args.corrections or []:
        with path.open("rb") as f:
            sub = Run(f, run.sink, run.errors)
            for number, rec in records(sub, fields=("text",)):
                # an empty label means "not corrected", like a missing one
                rec["category"], rec["risk"] = rec.get("category") or None, rec.get("risk") or None
                problem = _correction_problem(rec)
                if problem:
                    sub.report(number, f"{path}: {problem}")
                    continue
                corrections.append((rec["text"], rec["category"], rec["risk"]))
            run.bad_lines += sub.bad_lines
    result = train(corrections, args.model, labelled_path=labelled)
    run.errors.write(
        f"trained on {result.messages} messages ({result.corrections} corrections); "
        f"wrote {result.path}\n"
    )


def _train_names(run: Run, args: argparse.Namespace) -> None:
    from eqiao.text.name_model import (
        MODEL_PATH,
        correction_example,
        default_examples,
        train_names,
    )

    corrections = []
    for path in args.corrections or []:
        with path.open("rb") as f:
            sub = Run(f, run.sink, run.errors)
            for number, rec in records(sub, fields=("text",)):
                try:
                    corrections.append(correction_example(rec))
                except ValueError as exc:
                    sub.report(number, f"{path}: {exc}")
            run.bad_lines += sub.bad_lines
    model = args.model or MODEL_PATH
    count = train_names(default_examples(), model, corrections=corrections)
    run.errors.write(
        f"trained the name recogniser on {count} sequences ({len(corrections)} corrections); "
        f"wrote {model}\n"
    )


def _correction_problem(rec: dict) -> str | None:
    from eqiao.text.lexicon import CATEGORIES
    from eqiao.text.risk import LEVELS

    category, risk = rec.get("category"), rec.get("risk")
    if category is None and risk is None:
        return 'a correction needs "category" or "risk"'
    if category is not None and category not in CATEGORIES:
        return f"unknown category {category!r} (one of {', '.join(CATEGORIES)})"
    if risk is not None and risk not in LEVELS:
        return f"unknown risk {risk!r} (one of {', '.join(LEVELS)})"
    return None


def _evaluate(run: Run, args: argparse.Namespace) -> None:
    from eqiao.text.quality import LABELLED_PATH, evaluate, load_labelled, sealed_splits

    path = args.labelled or LABELLED_PATH
    split = {"all": None, "sealed": sealed_splits(path)}.get(args.split, args.split)
    report = evaluate(load_labelled(path, split=split))
    run.sink.write(report.summary() + "\n")


COMMANDS: dict[str, tuple[Callable[[Run, argparse.Namespace], None], str]] = {
    "classify": (_classify, "category, risk, reasons, region and sentiment of each message"),
    "redact": (_redact, "redacted text and findings of each message"),
    "dedup": (_dedup, "id of the earlier near-duplicate of each message, or null"),
    "train": (_train, "retrain the models on the labelled set plus staff corrections"),
    "train-names": (_train_names, "retrain the name recogniser, with reviewers' corrections"),
    "evaluate": (_evaluate, "quality figures on the labelled set"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eqiao text", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--input", type=Path, help="JSON Lines input (default: stdin)")
        p.add_argument("--output", type=Path, help="JSON Lines output (default: stdout)")
        p.add_argument("--strict", action="store_true", help="exit 1 if any line was bad")
        if name in ("train", "train-names"):
            p.add_argument("--corrections", type=Path, action="append", help="JSON Lines file")
            p.add_argument("--model", type=Path, help="where to write the model artefact")
        if name == "train":
            p.add_argument("--labelled", type=Path, help="labelled JSON Lines file")
        if name == "redact":
            p.add_argument(
                "--keep-officials",
                action="store_true",
                help="keep the names of officials named in their role (检察长王学军)",
            )
        if name == "evaluate":
            p.add_argument(
                "--split",
                default="dev",
                help="dev (default), train, all, sealed (every sealed-* split) or one split",
            )
            p.add_argument("--labelled", type=Path, help="labelled JSON Lines file")
    return parser


def _stdout(stack: ExitStack) -> IO[str]:
    """stdout as UTF-8 text whatever the locale says (LANG=C would make it ASCII), buffered
    even under PYTHONUNBUFFERED (one write call a line costs a batch ~20%); line-buffered
    on a terminal. Falls back to sys.stdout when it has no file descriptor (a test's)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
        return sys.stdout
    sys.stdout.flush()
    return stack.enter_context(open(fd, "w", encoding="utf-8", closefd=False))


def main(argv: list[str]) -> int:
    """Run one subcommand; returns the process exit code."""
    args = _parser().parse_args(argv)
    handler, _ = COMMANDS[args.command]
    with ExitStack() as stack:
        try:
            source = stack.enter_context(args.input.open("rb")) if args.input else sys.stdin.buffer
            sink = (
                stack.enter_context(args.output.open("w", encoding="utf-8"))
                if args.output
                else _stdout(stack)
            )
        except OSError as exc:
            sys.stderr.write(f"eqiao text {args.command}: {exc}\n")
            return EXIT_USAGE
        run = Run(source, sink, sys.stderr)
        try:
            handler(run, args)
        except ImportError as exc:
            sys.stderr.write(f"eqiao text {args.command}: not available ({exc})\n")
            return EXIT_USAGE
        except (OSError, ValueError) as exc:
            sys.stderr.write(f"eqiao text {args.command}: {exc}\n")
            return EXIT_USAGE
    if run.bad_lines:
        sys.stderr.write(f"{run.bad_lines} bad line(s) skipped\n")
        if args.strict:
            return EXIT_BAD_LINES
    return EXIT_OK
