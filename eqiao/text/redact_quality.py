"""Measure the redactor on labelled releases: the figures NOTES.md reports and the tests hold.

A release is a dict in the format of `tests/data/redaction_cases.jsonl`: "text", and the
lists "names" (parties: must be masked), "officials" (named in an official role: masked by
default, kept with keep_officials), "id_numbers", "phones", "bank_cards", "plates"
(optional) and "addresses" (each must be masked; an address from the township down).
A form already written anonymised (孔某, 房某某, 欧阳某, 刘某甲) has nothing left to mask, nor has
a pseudonym the text marks as one (小雨（化名）, 小甜、小琳（均为化名）): whether a writer lists it
or not, it counts neither as a name nor as a masked non-name (NOTES.md, "Labelling policy for
case releases").

    python -m eqiao.text.redact_quality tests/data/redaction_cases.jsonl [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eqiao.text.redact import Finding, Redaction, redact
from eqiao.text.redact_lexicon import is_pseudonym

_ADMIN_PREFIX = re.compile(
    r"(?:[^\W\d_]{2,3}省)?(?:[^\W\d_]{2,4}市)?(?:[^\W\d_]{1,4}(?:县|区|市))?"
)
# A surname followed by 某 alone (or 某甲, 某乙 …): the document has anonymised the person already.
_ANONYMISED = re.compile(r"[^\W\d_]{1,2}某{1,2}[甲乙丙丁戊己庚辛]?")
# Where an address ends (the release policy): at the village, road, number or estate; a
# direction and a generic site after it (…村东侧废弃砖窑坑, …村北排水沟, …小区地下车库) may
# stay. The tail left after such an end holds no number and no further street, building or
# room; what must be masked is the label up to the end.
_ADDRESS_END_THEN_SIDE = re.compile(
    r"(?:村|庄|屯|路|街|巷|小区|花园|家园|新村|号)(?=[东西南北中]|地下|门前|门口|旁|附近|对面)"
)
_TAIL_STILL_PRECISE = re.compile(r"[\d号楼室巷街]|单元|小区")
NUMBER_KINDS = {"id_numbers": "id_number", "phones": "phone", "bank_cards": "bank_card"}


@dataclass
class RedactionReport:
    releases: int = 0
    name_total: int = 0  # occurrences of listed names and officials
    name_found: int = 0
    name_findings: int = 0
    name_findings_unlisted: int = 0  # masked spans that are no listed name
    numbers_total: int = 0
    numbers_surviving: int = 0
    plates_total: int = 0
    plates_surviving: int = 0
    addresses_total: int = 0
    addresses_surviving: int = 0
    officials_total: int = 0
    officials_lost: int = 0  # officials masked although keep_officials was asked
    missed: list[tuple[str, str]] = field(default_factory=list)
    unlisted: list[tuple[str, str]] = field(default_factory=list)
    surviving: list[tuple[str, str]] = field(default_factory=list)
    officials_missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name_recall(self) -> float:
        return self.name_found / self.name_total if self.name_total else 1.0

    @property
    def non_name_share(self) -> float:
        return self.name_findings_unlisted / self.name_findings if self.name_findings else 0.0

    def summary(self) -> str:
        return "\n".join(
            (
                f"releases              {self.releases}",
                f"name recall           {self.name_recall:.3f} ({self.name_found}/{self.name_total})",
                f"masked non-names      {self.non_name_share:.3f} "
                f"({self.name_findings_unlisted}/{self.name_findings})",
                f"numbers surviving     {self.numbers_surviving}/{self.numbers_total}",
                f"plates surviving      {self.plates_surviving}/{self.plates_total}",
                f"addresses surviving   {self.addresses_surviving}/{self.addresses_total}",
                f"officials lost (keep) {self.officials_lost}/{self.officials_total}",
            )
        )

    def error_lines(self) -> list[str]:
        """One tab-separated line per mistake: its kind, the release id and the string."""
        return [
            f"{label}\t{rid}\t{value}"
            for label, items in (
                ("missed", self.missed),
                ("not a listed name", self.unlisted),
                ("surviving", self.surviving),
                ("official lost", self.officials_missed),
            )
            for rid, value in items
        ]


def _covered(findings: list[Finding], start: int, end: int, kinds: tuple[str, ...]) -> bool:
    return any(f.kind in kinds and f.start <= start and end <= f.end for f in findings)


def address_core(address: str) -> str:
    """The part of an address label the policy asks to mask: up to the first village, road
    or estate that a direction or a generic site follows, when the tail is no more precise."""
    for m in _ADDRESS_END_THEN_SIDE.finditer(address):
        if m.start() >= 2 and not _TAIL_STILL_PRECISE.search(address, m.end()):
            return address[: m.end()]
    return address


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)] if needle else []


def _no_real_name(text: str, form: str) -> bool:
    """An already-anonymised form or a marked pseudonym: nothing of a real name to mask."""
    return bool(_ANONYMISED.fullmatch(form)) or is_pseudonym(text, form)


def evaluate_releases(
    rows: Iterable[dict], redactor: Callable[..., Redaction] = redact
) -> RedactionReport:
    """Name recall, masked non-names, and what personal data survives, over `rows`."""
    report = RedactionReport()
    for row in rows:
        report.releases += 1
        text, rid = row["text"], str(row.get("id", report.releases))
        findings = redactor(text).findings
        listed = {
            n
            for n in (*row.get("names", []), *row.get("officials", []))
            if not _no_real_name(text, n)
        }
        for name in sorted(listed):
            for start, end in _occurrences(text, name):
                report.name_total += 1
                if _covered(findings, start, end, ("name",)):
                    report.name_found += 1
                else:
                    report.missed.append((rid, name))
        for f in findings:
            if f.kind == "name" and not _no_real_name(text, f.original):
                report.name_findings += 1
                if f.original not in listed:
                    report.name_findings_unlisted += 1
                    report.unlisted.append((rid, f.original))
        for key, kind in (*NUMBER_KINDS.items(), ("plates", "plate"), ("addresses", "address")):
            for value in row.get(key, []):
                spans = _occurrences(text, value) or [(-1, -1)]
                if key == "addresses":
                    # Province, city and county stay by policy: what must be masked is the
                    # rest (a label may be written from the province down), and a direction
                    # and a generic site after the address's end may stay.
                    core = len(address_core(value))
                    spans = [(s, s + core) if s >= 0 else (s, e) for s, e in spans]
                    admin = _ADMIN_PREFIX.match(value)
                    cut = admin.end() if admin and admin.end() < len(value) else 0
                    spans = [(s + cut, e) if s >= 0 else (s, e) for s, e in spans]
                survived = any(
                    s < 0 or not _covered(findings, s, e, (kind, "phone", "address", "plate"))
                    for s, e in spans
                )
                if key == "plates":
                    report.plates_total += 1
                    report.plates_surviving += survived
                elif key == "addresses":
                    report.addresses_total += 1
                    report.addresses_surviving += survived
                else:
                    report.numbers_total += 1
                    report.numbers_surviving += survived
                if survived:
                    report.surviving.append((rid, value))
        officials = row.get("officials", [])
        if officials:
            kept = redactor(text, keep_officials=True).text
            for name in officials:
                report.officials_total += 1
                if name not in kept:
                    report.officials_lost += 1
                    report.officials_missed.append((rid, name))
    return report


def load_releases(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, nargs="+")
    parser.add_argument("--errors", action="store_true", help="list misses and wrong findings")
    args = parser.parse_args(argv)
    rows = [row for path in args.path for row in load_releases(path)]
    report = evaluate_releases(rows)
    print(report.summary())
    if args.errors:
        for line in report.error_lines():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
