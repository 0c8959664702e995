"""Redaction (脱敏) for publishing: names, ID, phone and bank numbers, detailed addresses.

`redact(text)` returns the redacted text and every finding with its offsets in the
ORIGINAL text, so a reviewer sees a diff and can restore a finding. What it does:

- person names → surname + 某 per given-name character (黄明 → 黄某, 张小明 → 张某某,
  欧阳志远 → 欧阳某某), as published Chinese legal documents write them; with
  `keep_officials=True` names given in an official role (检察长王学军, 检察官白云) stay;
- resident ID numbers (18 digits with the GB 11643 check digit, or 15 digits with a valid
  birth date), mainland mobile and landline numbers, bank card numbers (16–19 digits
  passing Luhn) → "×" per character, nothing of the number kept;
- vehicle licence plates (鲁P·3A521, 鲁PK2468, new-energy 鲁PD12345, 京A12345挂) → "×"
  per character after the province (鲁××××××), as published documents write them;
- detailed addresses (…村…号, …小区…号楼…室, …路…号) → "××" from the township down;
  province, city and county stay, as in published documents.

Numbers are found on a width-folded copy of the text (full-width digits count); names by
`eqiao.text.redact_names`. Overlaps resolve in that order: numbers, plates, addresses,
names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from eqiao.text.redact_names import find_names

Kind = Literal["name", "id_number", "phone", "bank_card", "plate", "address"]

MASK = "×"


@dataclass(frozen=True)
class Finding:
    """One redacted span: `text[start:end] == original` in the original text."""

    kind: Kind
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class Redaction:
    text: str
    findings: list[Finding]


# -- numbers ------------------------------------------------------------------------------

# Full-width digits, letters, plus, hyphen and space fold to ASCII one for one, so offsets
# found in the folded copy are offsets in the original.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2014: 0x2D}
# Digit runs, allowing single spaces or hyphens inside (6222 0216 …, 138-0635-1234) and a
# leading +86 or another country's + code; never inside a longer run of letters or digits.
_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ -]?|\+)?\d(?:\d|[ -](?=\d))*[Xx]?(?![0-9A-Za-z])")
_PLAIN_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d+[Xx]?(?![0-9A-Za-z])")
_BRACKETED_LANDLINE = re.compile(r"[（(]0\d{2,3}[)）] ?[2-9]\d{6,7}(?!\d)")
_PHONE_CUE = re.compile(r"(?:电话|手机|座机|热线|联系方式|号码|tel|Tel|TEL)[^\d\n]{0,4}$")
_CARD_CUE = re.compile(r"(?:卡号|账号|帐号|账户|帐户|银行卡|储蓄卡|信用卡)[^\d\n]{0,6}$")
# A card word earlier in the same clause also names the numbers after it: a list of cards
# (卡号A、B) or a card described before its number (银行卡包括户名为X的…). A clause break
# ends it, so an order number in the next clause is not a card.
_CARD_CLAUSE = re.compile(r"(?:卡号|账号|帐号|账户|帐户|银行卡|储蓄卡|信用卡)[^\n。；;，,]{0,30}$")
_ID_CUE = re.compile(r"(?:身份证|身份号码|证件号)[^\d\n]{0,8}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_checksum_ok(number: str) -> bool:
    """GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def _birth_date_ok(number: str) -> bool:
    if len(number) == 18:
        return _valid_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return _valid_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def luhn_ok(digits: str) -> bool:
    """The Luhn check of bank card numbers."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _classify_number(digits: str, before: str) -> Kind | None:
    """What a run of digits (separators removed) is, given the text before it."""
    international = digits.startswith("+")
    if international:
        digits = digits[1:]
    if len(digits) == 13 and digits.startswith("86") and re.fullmatch(r"861[3-9]\d{9}", digits):
        return "phone"
    if len(digits) == 18 and digits[:17].isdigit() and _birth_date_ok(digits):
        # A typo in the check digit must not publish the number: a valid birth date near
        # an ID cue is enough.
        if id_checksum_ok(digits) or _ID_CUE.search(before):
            return "id_number"
    if not digits.isdigit():
        return None
    if len(digits) == 15 and digits[0] in "12345678" and _birth_date_ok(digits):
        return "id_number"
    if 16 <= len(digits) <= 19 and (
        luhn_ok(digits) or _CARD_CUE.search(before) or _CARD_CLAUSE.search(before)
    ):
        return "bank_card"
    if re.fullmatch(r"1[3-9]\d{9}", digits):
        return "phone"
    if re.fullmatch(r"0(?:[12]\d|[3-9]\d{2})[2-9]\d{6,7}", digits):
        return "phone"  # area code (010, 02x, 0xxx) and a 7–8 digit local number
    if re.fullmatch(r"[2-9]\d{6,7}", digits) and _PHONE_CUE.search(before):
        return "phone"  # a local number the text calls a phone number
    if international and 8 <= len(digits) <= 15:
        return "phone"  # E.164: another country's code and its number (+852 …)
    return None


def find_numbers(text: str) -> list[Finding]:
    """ID, phone and bank card numbers, non-overlapping, in text order."""
    folded = text.translate(_FOLD)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def consider(start: int, end: int, kind: Kind | None) -> None:
        if kind and not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            original = text[start:end]
            found.append(Finding(kind, start, end, original, MASK * len(original)))

    for m in _BRACKETED_LANDLINE.finditer(folded):
        consider(m.start(), m.end(), "phone")
    # Separated runs first (a spaced card number), then each plain run on its own (two
    # phone numbers separated by a space are two numbers, not one).
    for pattern in (_NUMBER, _PLAIN_DIGITS):
        for m in pattern.finditer(folded):
            digits = re.sub(r"[ -]", "", m.group())
            before = folded[max(0, m.start() - 40) : m.start()]
            consider(m.start(), m.end(), _classify_number(digits, before))
    return sorted(found, key=lambda f: f.start)


# -- licence plates ------------------------------------------------------------------------

# GA 36-2018: a province's one-character abbreviation, the issuing office's letter (no I or
# O), an optional separator (鲁P·3A521, 鲁P 3A521, 鲁P-3A521), then five characters (letters
# and digits, at least one digit) or six for new-energy vehicles (D/F first or last), and an
# optional trailer/learner/police suffix (a trailer's plate has four characters before
# 挂). Full-width letters and digits are folded first.
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_SEP = r"[·・•．.\- ]"
_PLATE = re.compile(
    rf"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z]"
    rf"(?:{_SEP}?(?=[A-HJ-NP-Z]{{0,3}}\d)(?:[DF][A-HJ-NP-Z0-9]\d{{4}}|\d{{5}}[DF]|[A-HJ-NP-Z0-9]{{5}})"
    # The separator written one character late (鲁PA·12345): mask it all the same.
    rf"|[A-HJ-NP-Z0-9]{_SEP}(?=[A-HJ-NP-Z]{{0,2}}\d)[A-HJ-NP-Z0-9]{{4,5}}"
    # A trailer's plate: four characters before 挂 (鲁A·1234挂).
    rf"|{_SEP}?(?=[A-HJ-NP-Z]{{0,2}}\d)[A-HJ-NP-Z0-9]{{4}}(?=挂))"
    r"(?:挂|学|警|临)?(?![A-Za-z0-9])"
)


def find_plates(text: str) -> list[Finding]:
    """Vehicle licence plates; the province character stays (鲁P·3A521 → 鲁××××××)."""
    folded = text.translate(_FOLD)
    found: list[Finding] = []
    for m in _PLATE.finditer(folded):
        original = text[m.start() : m.end()]
        found.append(
            Finding("plate", m.start(), m.end(), original, original[0] + MASK * (len(original) - 1))
        )
    return found


# -- addresses ----------------------------------------------------------------------------

_NUM = r"(?:\d+|[一二三四五六七八九十百零〇两]+)"
_NAME = r"[^\W\d_省市县区镇乡村路街道号室楼住在于的与及至到是为]"
# A street name may hold 道 (官道街), though not the 道 of a 街道 before it, and 楼 not
# after a number (a building's).
_STREET_NAME = rf"(?:{_NAME}|(?<!街)道|(?<![\d号一二三四五六七八九十])楼|(?<=[^\W\d_])市(?=街|巷))"
_VILLAGE_NAME = (
    r"[^\W\d_省市县区镇乡村道号室住在于的和与及至到是为我你他她们俺咱某各全该本同邻每一这那其]"
)
_ROOM = rf"(?:{_NUM}(?:号楼|栋|幢|座|号院|号))?(?:{_NUM}单元)?(?:{_NUM}(?:室|号|户))?"
# A part of a village: a side, a numbered lane or row (村东区, 村东二街, 村西头).
_VILLAGE_PART = rf"(?:[东西南北中]{_NUM}?(?:区|头|街|边|巷)?)"
_STREET = r"(?:大街|大道|路|街|巷|胡同|弄)"
# A side or an end of a street before its number (阿胶街东首12号, …路北侧).
_STREET_SIDE = r"(?:[东西南北中](?:段|首|头|口|侧))"
# The side of a village a place stands on, after a bare village (…村北头, …村东边).
_VILLAGE_SIDE = r"(?:[东西南北](?:头|边|侧|路段))"
# A site on the street, already left unnamed (…路某网吧, …街8号某超市).
_SITE = (
    r"(?:某[^\W\d_]{0,4}?(?:网吧|超市|饭店|酒店|宾馆|旅馆|商店|门市|市场|浴池|厂房|仓库|厂|店|馆))"
)
_COMPOUND = r"(?:小区|花园|家园|公寓|新村|大厦|广场|社区|宿舍|家属院|大院|苑)"
# Characters no village or street name holds in the bare form below: pronouns, numerals of
# amount, function and motion words (俺村, 三个村, 进村, 修路, 那条路).
_NOT_IN_BARE = "俺咱我你他她们个几多部分等各全该本同邻每一这那其某农进组织里上下给修占说转看弄把将被从向对跟和的地得了着过条就要去来门口"
_BARE_VILLAGE_NAME = rf"[^\W\d_省市县区镇乡村道号室住在于与及至到是为{_NOT_IN_BARE}]"
_TOWNSHIP_VILLAGE_NAME = (
    rf"[^\W\d_省市县区镇乡村道号室住在于与及至到是为{_NOT_IN_BARE.replace('进', '')}]"
)
_BARE_STREET_NAME = rf"[^\W\d_省市县区镇乡村路街道号室楼住在于与及至到是为{_NOT_IN_BARE}]"
_DETAIL = re.compile(
    "|".join(
        (
            # A side of the street before the number (…街东首12号); a road before it is
            # taken in `find_addresses`.
            rf"(?P<street>{_STREET_NAME}{{1,6}}{_STREET}{_STREET_SIDE}?{_NUM}号院?{_ROOM}{_SITE}?)",
            rf"(?P<compound>{_NAME}{{1,8}}{_COMPOUND}{_NUM}(?:号楼|栋|幢|座|号院|号){_ROOM})",
            # A numbered building with its unit or room is an address whatever the
            # compound is called (…嘉园9号楼3单元601室).
            rf"(?P<building>{_NAME}{{2,8}}{_NUM}(?:号楼|栋|幢|座)(?:{_NUM}单元)?{_NUM}(?:室|号|户|层)"
            rf"|{_NAME}{{2,8}}{_NUM}号楼{_NUM}单元)",
            rf"(?P<village>{_VILLAGE_NAME}{{1,5}}村{_VILLAGE_PART}?(?:{_NUM}(?:号|组|队|排)|\d+)(?:{_NUM}号)?)",
            rf"(?P<village_site>{_VILLAGE_NAME}{{1,5}}村[东西南北](?:头|边|侧)?[^\W\d_]{{0,4}}?(?:厂房|场|厂|院|店|站))",
            # Bare: a village, a community or a street with no number. An address only
            # where a township, a county or an address cue stands right before it; not
            # where it opens a township's name (梁村镇, 凤凰街道).
            rf"(?P<bare_village>{_BARE_VILLAGE_NAME}{{2,4}}村{_VILLAGE_SIDE}?(?![镇乡道庄民]))",
            # Right after a township a village's name may be one character (…镇北村) or
            # hold a motion word (…镇前进村).
            # 里 may stand inside the name, not first (三里庄村, 五里铺村; 镇里 is no village).
            rf"(?P<bare_township_village>(?<=[镇乡道]){_TOWNSHIP_VILLAGE_NAME}(?:{_TOWNSHIP_VILLAGE_NAME}|里){{0,3}}村{_VILLAGE_SIDE}?(?![镇乡道庄民]))",
            rf"(?P<bare_community>{_BARE_VILLAGE_NAME}{{2,4}}(?:社区|居委会))",
            # A housing estate named with no building (…街道三和小区): the names of
            # estates hold words a village's name does not (和, 平, 福).
            rf"(?P<bare_compound>{_NAME}{{2,6}}(?:小区|新村|家园|花园))",
            rf"(?P<bare_street>(?:{_BARE_STREET_NAME}|(?<![\d号一二三四五六七八九十])楼){{2,4}}"
            r"(?:大街|大道|路|街|巷|胡同)(?![道镇乡街])"
            rf"(?:{_SITE}|{_STREET_SIDE}(?![^\W\d_])|[东西南北中]段)?)",
        )
    )
)
_ADMIN_BEFORE = re.compile(r"(?:省|市|县|区|镇|乡|街道|办事处)$")
_TOWNSHIP_BEFORE = re.compile(r"[^\W\d_省市县区]{2,}(?:镇|乡|街道|办事处)$")
_ADDRESS_CUE = re.compile(
    r"(?:住|住址|家住|住所地|户籍地|户籍所在地|所在地|居住地|居住在|暂住|现住|位于|地址)[:：]?$"
)
_ROAD_BEFORE = re.compile(rf"{_STREET_NAME}{{1,6}}(?:大街|大道|路|街)(?:[东西南北中]段)?$")
_STREET_END = re.compile(r"(?:大街|大道|路|街)(?:[东西南北中]段)?$")
_CROSSING = re.compile(
    rf"(?:与|和|、){_STREET_NAME}{{1,6}}(?:大街|大道|路|街)(?:交叉口|交汇处|交界处|十字路口|路口)"
)
_RESIDENT_AFTER = re.compile(r"(?:镇|乡|街道)(?=村民|居民)")
_TOWNSHIP = re.compile(r"[^\W\d_省市县区镇乡]{1,5}(?:镇|乡|街道)$")
# A township and a park in it: 道口铺街道工业园区纬三路19号.
_TOWNSHIP_PARK = re.compile(
    r"[^\W\d_省市县区镇乡]{1,5}(?:镇|乡|街道)[^\W\d_省市县镇乡]{1,6}(?:园区|开发区)$"
)


@cache
def _townships() -> tuple[str, ...]:
    """Township names of the shipped gazetteer, longest first (they hold 路, 街, 楼)."""
    try:
        from eqiao.text.gazetteer import places
    except ImportError:  # pragma: no cover - only when the package is used piecemeal
        return ()
    names = {p.name for p in places() if p.kind == "township"}
    return tuple(sorted(names, key=len, reverse=True))


def _township_before(text: str, start: int) -> int:
    """Where a township name ending at `start` begins (or `start` when there is none)."""
    head = text[max(0, start - 8) : start]
    for name in _townships():
        if head.endswith(name):
            return start - len(name)
    m = _TOWNSHIP.search(head) or _TOWNSHIP_PARK.search(text[max(0, start - 16) : start])
    return start - len(m.group()) if m else start


def find_addresses(text: str) -> list[Finding]:
    """Detailed addresses, from the township (if written) down to the room."""
    found: list[Finding] = []
    for m in _DETAIL.finditer(text):
        start = m.start()
        head = text[max(0, start - 8) : start]
        kind = m.lastgroup or ""
        if kind.startswith("bare_"):
            # A bare village name ("邱楼村") is an address only after a place or an address
            # cue ("同村", "邻村" and "该村" are not); a bare community or street only after
            # a township or an address cue (a county's road is no detailed address).
            anchor = _ADMIN_BEFORE if kind == "bare_village" else _TOWNSHIP_BEFORE
            cue = kind != "bare_township_village" and _ADDRESS_CUE.search(head)
            if not (anchor.search(head) or cue):
                continue
        if kind == "street":
            # A road may come first: …路东段…胡同5号.
            road = _ROAD_BEFORE.search(text, max(0, start - 10), start)
            start = road.start() if road else start
        start = _township_before(text, start)
        original = text[start : m.end()]
        found.append(Finding("address", start, m.end(), original, MASK * 2))
    # A resident named by the township (…镇村民, …街道居民): the township is where the
    # person lives, the top of the detailed address the policy masks.
    for m in _RESIDENT_AFTER.finditer(text):
        start = _township_before(text, m.end())
        named = text[start : m.start()]
        if (
            len(named) >= 2
            and named[0] not in _NOT_IN_BARE
            and not any(f.start <= start < f.end for f in found)
        ):
            found.append(Finding("address", start, m.end(), text[start : m.end()], MASK * 2))
    # The second road of an intersection (…A路与B路交叉口): the place is where both meet.
    for i, f in enumerate(found):
        cross = _CROSSING.match(text, f.end)
        if cross and _STREET_END.search(f.original):
            found[i] = Finding(
                "address", f.start, cross.end(), text[f.start : cross.end()], MASK * 2
            )
    # Parts written one after another or overlapping (a road, then an alley and its
    # number) are one address.
    merged: list[Finding] = []
    for f in sorted(found, key=lambda f: f.start):
        if merged and merged[-1].end >= f.start:
            last = merged.pop()
            end = max(last.end, f.end)
            f = Finding("address", last.start, end, text[last.start : end], MASK * 2)
        merged.append(f)
    return merged


# -- assembly -----------------------------------------------------------------------------


def _merge(groups: list[list[Finding]], length: int) -> list[Finding]:
    """Findings of all groups without overlaps; an earlier group wins a conflict."""
    taken = bytearray(length)
    kept: list[Finding] = []
    for group in groups:
        for f in group:
            if not any(taken[f.start : f.end]):
                taken[f.start : f.end] = b"\x01" * (f.end - f.start)
                kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def apply(text: str, findings: list[Finding]) -> str:
    """`text` with each (non-overlapping, sorted) finding replaced."""
    parts: list[str] = []
    at = 0
    for f in findings:
        parts.append(text[at : f.start])
        parts.append(f.replacement)
        at = f.end
    parts.append(text[at:])
    return "".join(parts)


def redact(text: str, *, keep_officials: bool = False) -> Redaction:
    """Redact `text` for publishing (see the module docstring)."""
    numbers = _merge([find_numbers(text), find_plates(text)], len(text))
    addresses = _merge([numbers, find_addresses(text)], len(text))
    addresses = [f for f in addresses if f.kind == "address"]
    blocked = [(f.start, f.end) for f in numbers + addresses]
    names = [
        Finding("name", n.start, n.end, n.text, n.replacement)
        for n in find_names(text, blocked=blocked)
        if not (keep_officials and n.official)
    ]
    findings = _merge([numbers, addresses, names], len(text))
    return Redaction(apply(text, findings), findings)
