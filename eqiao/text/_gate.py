"""Skip regular expressions that cannot match, with one scan for the literals they need.

The risk rules and cue patterns are a few dozen regexes; running each over every message
costs more than everything else in the engine. But each pattern needs some literal text to
match at all (跳下去, 上访, 横幅...). `required_literals` reads that set off the pattern's parse
tree — derived, not hand-written, so it cannot drift from the pattern — and a `Gate` finds
which of them may be present from the message's characters and bigrams. Only patterns whose literals
occur are then run. Sound by construction: a pattern without a derivable requirement is
always run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10 and older
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_MAX_CLASS = 24  # a character class wider than this is no useful requirement
_ZERO_WIDTH = {C.ASSERT, C.ASSERT_NOT, C.AT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | (
    {C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set()
)

Literals = frozenset[str] | None  # None: no requirement (the pattern may match anything)


def required_literals(pattern: str) -> Literals:
    """Strings of which every match of `pattern` contains at least one, or None."""
    return _sequence(list(sre_parse.parse(pattern)))


def _better(a: Literals, b: Literals) -> Literals:
    """The more selective of two requirements: longer shortest string, then fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    key_a = (min(map(len, a)), -len(a))
    key_b = (min(map(len, b)), -len(b))
    return a if key_a >= key_b else b


def _sequence(items: list) -> Literals:
    best: Literals = None
    run = ""
    for op, av in items:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if run:
            best = _better(best, frozenset([run]))
            run = ""
        if op in _ZERO_WIDTH:
            continue
        best = _better(best, _element(op, av))
    if run:
        best = _better(best, frozenset([run]))
    return best


def _element(op, av) -> Literals:
    if op is C.IN:
        return _char_class(av)
    if op is C.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            req = _sequence(list(alternative))
            if req is None:
                return None
            found |= req
        return frozenset(found)
    if op is C.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op in _REPEATS:
        low, _high, item = av
        return _sequence(list(item)) if low >= 1 else None
    if hasattr(C, "ATOMIC_GROUP") and op is C.ATOMIC_GROUP:
        return _sequence(list(av))
    return None


def _char_class(av) -> Literals:
    chars: set[str] = set()
    for op, value in av:
        if op is C.LITERAL:
            chars.add(chr(value))
        elif op is C.RANGE and value[1] - value[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None  # negated, a category (\w), or a wide range
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def text_units(text: str, bigrams: Iterable[str] | None = None) -> set[str]:
    """The characters and two-character slices of `text`: what a Gate looks up. A plain
    set: the gates only read it, and a frozen copy would cost a second hashing pass."""
    units = set(text)
    units.update(
        bigrams if bigrams is not None else (text[i : i + 2] for i in range(len(text) - 1))
    )
    return units


class Gate:
    """Which of several patterns may match a text, from the characters and bigrams it holds.

    Each required literal is keyed by its first two characters (or its one character): a
    literal can only be present if its key is, so the keys found over-approximate the
    literals found, which keeps the gate sound while costing one set intersection."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        # parsed once per pattern: re's parser is most of the gates' start-up cost
        required = [required_literals(p.pattern) for p in patterns]
        self.always: frozenset[int] = frozenset(i for i, r in enumerate(required) if r is None)
        owners: dict[str, set[int]] = {}
        for i, literals in enumerate(required):
            for literal in literals or ():
                owners.setdefault(literal[:2], set()).add(i)
        self._owners = {key: frozenset(v) for key, v in owners.items()}
        self._keys = frozenset(owners)

    def candidates(self, text: str, units: Set[str] | None = None) -> set[int]:
        """Indexes of the patterns that may match `text`. `units` is `text_units(text)` if
        the caller already has it (the engine computes it once for all gates)."""
        if units is None:
            units = text_units(text)
        found = set(self.always)
        for key in self._keys & units:
            found |= self._owners[key]
        return found
