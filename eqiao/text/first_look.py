"""A first look at sealed sets, in one command: every figure NOTES.md records.

    python -m eqiao.text.first_look --releases tests/data/sealed/releases_s9.jsonl \\
        --messages tests/data/sealed/messages_s9.jsonl --split sealed-s9

Releases (the case-set format, with "plates"): name recall, the share of masked name spans
that are no listed name, numbers/plates/addresses surviving, officials kept with
keep_officials. Messages (rows of the given split): category accuracy, high-risk recall and
precision, three-level risk accuracy, region accuracy where stated. Run it against dev data
first (`--releases tests/data/redaction_cases.jsonl --split dev`); on a sealed set run it
once, with the engine frozen, and record what it prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqiao.text.quality import LABELLED_PATH, evaluate, load_labelled
from eqiao.text.redact_quality import evaluate_releases, load_releases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=Path, action="append", default=[])
    parser.add_argument("--messages", type=Path, default=LABELLED_PATH)
    parser.add_argument("--split", help="the split of --messages to evaluate (e.g. sealed-s1)")
    parser.add_argument("--errors", action="store_true", help="also list every error")
    args = parser.parse_args(argv)
    for path in args.releases:
        report = evaluate_releases(load_releases(path))
        print(f"== releases: {path}")
        print(report.summary())
        if args.errors:
            for label, items in (
                ("missed", report.missed),
                ("not a listed name", report.unlisted),
                ("surviving", report.surviving),
            ):
                for rid, value in items:
                    print(f"  {label}\t{rid}\t{value}")
    if args.split:
        rows = list(load_labelled(args.messages, split=args.split))
        quality = evaluate(rows)
        print(f"== messages: {args.messages} split {args.split}")
        print(quality.summary())
        if args.errors:
            for kind, detail, text in quality.errors:
                print(f"  {kind}\t{detail}\t{text[:80]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
