"""Normalise citizen text before analysis: one canonical form for every rule and model.

Steps, in order: full-width ASCII → half-width and lower case; meaningful emoji → a word
(😡 → 愤怒) and the rest dropped; decorative symbols → space; Traditional → Simplified with
OpenCC (t2s); runs of the same punctuation capped at three (the "!!!" still shows anger);
whitespace collapsed. For analysis only: redaction and display keep the citizen's own text.

Speed (the engine's budget is 200 µs a message, all fields): `str.translate` costs about
0.3 µs a character, so the common full-width punctuation goes through `str.replace` and the
translate table runs only when a character-class regex finds something else it would change.
OpenCC is likewise called only when the text holds a character that t2s changes (a 0.5 µs
search, against 8 µs for an OpenCC call that changes nothing: most messages are already
Simplified).
"""

from __future__ import annotations

import re
from functools import cache

import opencc

# Emoji that carry what the writer means; every other emoji is noise.
_EMOJI_WORDS = {
    "愤怒": "😡🤬😠👿💢🖕",
    "哭": "😭😢😿💔",
    "点赞": "👍👏🌹💐🎉❤💯",
    "求求": "🙏",
}

_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),  # pictographs, emoticons, transport, supplemental symbols
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x2B00, 0x2BFF),  # arrows and stars used as decoration
    (0xFE00, 0xFE0F),  # variation selectors
    (0x200B, 0x200F),  # zero-width spaces and joiners
    (0xE000, 0xF8FF),  # private use area (phone-vendor emoji)
)
_DECORATION = "【】〖〗「」『』《》〈〉★☆◆◇■□●○▲△▼▽※→←↑↓～~|_^`=+*#&@\\/…·•"

# The full-width punctuation almost every message has: plain str.replace calls (a fast scan
# each) handle them, so the slower translate below runs only for the rare other characters.
_COMMON = (
    ("，", ","),
    ("！", "!"),
    ("？", "?"),
    ("：", ":"),
    ("；", ";"),
    ("（", "("),
    ("）", ")"),
    ("\n", " "),
)
_RUNS = ("!!!!", "????", "....", "。。。。", ",,,,", "~~~~")
_PUNCT_RUN = re.compile(r"([!?,.。、;:\-])\1{3,}")
_SPACES = re.compile(r"\s{2,}")
MAX_REPEAT = 3


@cache
def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for lo, hi in _EMOJI_RANGES:
        for cp in range(lo, hi + 1):
            table[cp] = None
    for word, chars in _EMOJI_WORDS.items():
        for ch in chars:
            table[ord(ch)] = word
    for ch in _DECORATION:
        table[ord(ch)] = " "
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[cp] = chr(cp - 0xFEE0).lower()
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    table[0x3000] = " "  # ideographic space
    for ch in "\t\r\n\u00a0":
        table[ord(ch)] = " "
    # Full-width forms of the decorations are decorations too (＃ → space, not #).
    for ch in _DECORATION:
        if 0x21 <= ord(ch) <= 0x7E:
            table[ord(ch) + 0xFEE0] = " "
    return table


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _traditional_chars() -> re.Pattern[str]:
    """A character class of every CJK character that t2s converts on its own.

    Computed from the installed OpenCC in one call (about 40 ms, once), so it cannot drift
    from the converter; phrase-only conversions need a changed character anyway."""
    chars = [chr(cp) for cp in range(0x3400, 0xA000)] + [chr(cp) for cp in range(0xF900, 0xFB00)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a multi-character mapping shifted the lines
        return re.compile(r"[^\x00-\u33ff]")  # then always convert: correct, only slower
    changed = [ord(c) for c, s in zip(chars, converted, strict=True) if c != s]
    return re.compile("[" + _char_ranges(changed) + "]")


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s), skipping the call when nothing would change."""
    if _traditional_chars().search(text) is None:
        return text
    return _converter().convert(text)


@cache
def _special() -> re.Pattern[str]:
    """A character class of everything `_table` changes: when absent, translate is skipped."""
    return re.compile("[" + _char_ranges(sorted(_table())) + "]")


def _char_ranges(codepoints: list[int]) -> str:
    """Regex class body for sorted code points as ranges: a list of ten thousand single
    characters (the emoji blocks lie above U+FFFF) makes `re` test them one by one."""
    parts: list[str] = []
    start = prev = codepoints[0]
    for cp in [*codepoints[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = cp
    return "".join(parts)


def _cap_run(m: re.Match[str]) -> str:
    return m.group()[:MAX_REPEAT]


def normalize(text: str) -> str:
    """The canonical analysis form of `text` (see the module docstring for the steps)."""
    for wide, narrow in _COMMON:
        text = text.replace(wide, narrow)
    if _special().search(text) is not None:
        text = text.translate(_table())
    text = to_simplified(text)
    if any(run in text for run in _RUNS):
        text = _PUNCT_RUN.sub(_cap_run, text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()
