"""The PRC Criminal Law as data: read the vendored CSV, split what it merged, apply the
corrections file. Pure Python (no Django), so it is tested and reused alone.

Source: `data/criminal_law.csv` is the file `legal_documents_cn/criminal_law.csv` of the
PyPI package legal-documents-cn 0.0.12 (MIT licence, © its authors; text as amended by
Amendment XI, in force 1 March 2021). It is vendored rather than installed because the
package requires pandas and nltk, which nothing here needs; `data/SOURCES.md` records the
source, the checksum and the licence.

What the data gets wrong and this module fixes (`data/criminal_law_corrections.json`):
- the crime names of an inserted 之一 article sit on the article before it (危险驾驶罪 on
  第一百三十三条 instead of 第一百三十三条之一; 拒不支付劳动报酬罪 on 276 instead of 276-1);
- articles 401–409 (and 408-1) are pasted into the text of 400 as "第四百零一条　…" lines;
- repealed article 199 repeats the text of 197; 308 names a crime that does not exist;
- 452 ends with the web page the text was copied from;
- the seven articles Amendment XII rewrote (2023-12-29, in force 2024-03-01) carry their
  old text: the corrections give the text in force.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from eqiao.knowledge.numerals import article_key, article_label, parse_heading

DATA = Path(__file__).parent / "data"
CSV_PATH = DATA / "criminal_law.csv"
CORRECTIONS_PATH = DATA / "criminal_law_corrections.json"

CRIMINAL_LAW_CODE = "criminal_law"
CRIMINAL_LAW_TITLE = "中华人民共和国刑法"
CRIMINAL_LAW_SHORT = "刑法"

_HEADING = re.compile(r"^\s*【([^】]*)】?")


@dataclass
class ArticleRecord:
    number: int
    sub: int = 0
    part: str = ""
    chapter: str = ""
    section: str = ""
    heading: str = ""  # the text in 【】: crime names, or a topic in the general part
    crime_names: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def key(self) -> str:
        return article_key(self.number, self.sub)

    @property
    def label(self) -> str:
        return article_label(self.number, self.sub)


def crime_names_of(heading: str) -> list[str]:
    """The crime names in a heading: "交通肇事罪;危险驾驶罪" → both; "强制猥亵、侮辱罪、猥亵
    儿童罪" → 强制猥亵、侮辱罪 and 猥亵儿童罪 (a 、 after 罪 separates names, one inside a
    name does not); a topic such as 对犯贪污罪的处罚规定 is no crime name."""
    names: list[str] = []
    for part in re.split(r"[;；]", heading):
        for name in re.split(r"(?<=罪)、", part.strip()):
            name = name.strip()
            if name.endswith("罪") and len(name) > 1 and name not in names:
                names.append(name)
    return names


def _split_heading(content: str) -> tuple[str, str]:
    """(heading inside 【】, text after it)."""
    m = _HEADING.match(content)
    if not m:
        return "", content.strip()
    return m.group(1).strip(), content[m.end() :].strip()


def _split_merged(record: ArticleRecord) -> list[ArticleRecord]:
    """An article whose text carries further "第X条　【…】…" lines becomes several."""
    out = [record]
    lines: list[str] = []
    for line in record.text.split("\n"):
        parsed = parse_heading(line)
        if parsed is None:
            lines.append(line)
            continue
        out[-1].text = "\n".join(lines).strip()
        number, sub, rest = parsed
        heading, text = _split_heading(rest)
        out.append(
            ArticleRecord(
                number=number,
                sub=sub,
                part=record.part,
                chapter=record.chapter,
                section=record.section,
                heading=heading,
                crime_names=crime_names_of(heading),
            )
        )
        lines = [text]
    out[-1].text = "\n".join(lines).strip()
    return out


def _read_csv(path: Path) -> list[ArticleRecord]:
    records: list[ArticleRecord] = []
    pasted: list[ArticleRecord] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            code = (row.get("article_code") or "").strip()
            if not code.isdigit():
                continue  # the file ends with empty rows
            heading, text = _split_heading(row.get("article_content") or "")
            sub = (row.get("article_sub_code") or "").strip()
            record = ArticleRecord(
                number=int(code),
                sub=int(sub) if sub.isdigit() else 0,
                part=(row.get("part_name") or "").strip(),
                chapter=(row.get("chapter_name") or "").strip(),
                section=(row.get("section_name") or "").strip(),
                heading=heading,
                crime_names=crime_names_of(heading),
                text=text,
            )
            own, *split_off = _split_merged(record)
            records.append(own)
            pasted.extend(split_off)
    # A split-off article that the file also has as a row of its own (101, 301–304 are
    # pasted into 100 and 300 as well): the row wins.
    keys = {r.key for r in records}
    records += [r for r in pasted if r.key not in keys]
    for r in records:  # paragraph-level crimes: "【组织参与国（境）外赌博罪】…" in the text
        for inline in re.findall(r"【([^】]+)】", r.text):
            r.crime_names += [n for n in crime_names_of(inline) if n not in r.crime_names]
    return records


@cache
def corrections() -> dict:
    with CORRECTIONS_PATH.open(encoding="utf-8") as f:
        return json.load(f)


def _apply(records: list[ArticleRecord], fixes: dict) -> list[ArticleRecord]:
    by_key = {r.key: r for r in records}
    for key, fix in fixes.get("articles", {}).items():
        record = by_key.get(key)
        if record is None:
            raise ValueError(f"the corrections name article {key}, which the data lacks")
        if "heading" in fix:
            record.heading = fix["heading"]
            record.crime_names = crime_names_of(fix["heading"])
        if "crime_names" in fix:
            record.crime_names = list(fix["crime_names"])
        for name in ("part", "chapter", "section", "text"):
            if name in fix:
                setattr(record, name, fix[name])
        if "truncate_at" in fix and fix["truncate_at"] in record.text:
            record.text = record.text.split(fix["truncate_at"], 1)[0].rstrip()
        if "drop_last_line" in fix:
            lines = record.text.rstrip().split("\n")
            if lines and lines[-1].strip() == fix["drop_last_line"]:
                record.text = "\n".join(lines[:-1]).rstrip()
    return sorted(records, key=lambda r: (r.number, r.sub))


def criminal_law_articles(path: Path = CSV_PATH, fixes: dict | None = None) -> list[ArticleRecord]:
    """Every article of the Criminal Law, in order, corrected."""
    return _apply(_read_csv(path), corrections() if fixes is None else fixes)


def primary_articles(records: list[ArticleRecord], fixes: dict | None = None) -> dict[str, str]:
    """Crime name → the key of the article that defines it: the first article listing it
    first, else the first listing it at all; the corrections' "primary" wins."""
    first: dict[str, str] = {}
    anywhere: dict[str, str] = {}
    for r in records:
        for i, name in enumerate(r.crime_names):
            anywhere.setdefault(name, r.key)
            if i == 0:
                first.setdefault(name, r.key)
    result = anywhere | first
    result.update((corrections() if fixes is None else fixes).get("primary", {}))
    return result
