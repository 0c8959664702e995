"""Chinese article numbers: 第二百六十四条 ↔ 264, 第一百三十三条之一 ↔ "133-1".

An article's key is its number as a string, with "-N" for an inserted 之N article
("133-1"); the label is the way the law writes it (第一百三十三条之一).
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"
_CN_OF = "零一二三四五六七八九"


def cn_to_int(text: str) -> int:
    """一百三十三 → 133, 十五 → 15, 二〇八 → 208; ValueError on anything else."""
    if not text or any(ch not in CN_NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in _UNITS for ch in text):  # digit by digit: 二〇八
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


def int_to_cn(number: int) -> str:
    """133 → 一百三十三, 15 → 十五, 105 → 一百零五, 110 → 一百一十."""
    if number <= 0 or number >= 10000:
        raise ValueError(f"out of range: {number}")
    if number < 10:
        return _CN_OF[number]
    if number < 20:
        return "十" + (_CN_OF[number - 10] if number > 10 else "")
    out = ""
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _CN_OF[digit] + name
    return out


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def article_key(number: int, sub: int = 0) -> str:
    return f"{number}-{sub}" if sub else str(number)


def article_label(number: int, sub: int = 0) -> str:
    """第一百三十三条之一."""
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")


def parse_key(key: str) -> tuple[int, int]:
    """ "133-1" → (133, 1); "264" → (264, 0); ValueError otherwise."""
    m = re.fullmatch(r"\s*(\d{1,4})(?:\s*-\s*(\d{1,2}))?\s*", key)
    if not m:
        raise ValueError(f"not an article key: {key!r}")
    return int(m.group(1)), int(m.group(2) or 0)


_NUM = f"(?:\\d{{1,4}}|[{CN_NUMERAL}]{{1,8}})"
# 第X条, 第X条之Y (the heading of an article in a law's text).
ARTICLE_HEADING = re.compile(f"^\\s*第({_NUM})条(?:之({_NUM}))?(?=[\\s\\u3000【]|$)")
# A reference in a question: 第264条, 刑法264条, 刑法第二百六十四条, 264条之一, 刑法264.
_REFERENCE = re.compile(
    f"(?:(刑法)\\s*(?:第\\s*)?|第\\s*)({_NUM})\\s*(条)?(?:\\s*之\\s*({_NUM}))?"
    f"|({_NUM})\\s*条(?:\\s*之\\s*({_NUM}))?"
)


def parse_heading(line: str) -> tuple[int, int, str] | None:
    """(number, sub, rest of the line) when `line` starts an article, else None."""
    m = ARTICLE_HEADING.match(line)
    if not m:
        return None
    try:
        number = _number(m.group(1))
        sub = _number(m.group(2)) if m.group(2) else 0
    except ValueError:
        return None
    return number, sub, line[m.end() :].strip(" \u3000")


def find_reference(text: str) -> tuple[int, int] | None:
    """The article a question names (第264条, 刑法264, 刑法第二百六十四条, 133条之一), or None.
    A bare number needs 第, 条 or 刑法 beside it: "偷了264元" names no article."""
    for m in _REFERENCE.finditer(text):
        law, num, tiao, sub, num2, sub2 = m.groups()
        raw, raw_sub = (num, sub) if num else (num2, sub2)
        if num and not law and not tiao:  # 第三 alone ("第三者") is no article
            continue
        if num and law and not tiao and not raw.isdigit():
            continue  # 刑法三 is no reference either
        try:
            number = _number(raw)
            sub_number = _number(raw_sub) if raw_sub else 0
        except ValueError:
            continue
        if 0 < number < 10000:
            return number, sub_number
    return None
