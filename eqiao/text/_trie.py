"""Compile a word list into one trie-shaped regular expression.

Python's `re` tries the branches of `a|b|c|...` one by one at every position, so a plain
alternation of a few hundred names costs hundreds of comparisons per character. Nesting the
branches by shared prefix (东(?:昌(?:府区?|湖)|阿县?)) makes the engine test one character per
step, as an Aho-Corasick automaton would: region detection and the lexicons stay O(length).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_END = ""  # key marking "a word ends here" in the nested dicts


def trie_pattern(words: Mapping[str, str]) -> str:
    """A regex source matching any of `words`, longest first at each position.

    `words` maps each literal word to a regex that must follow it (a lookahead, e.g. a place
    suffix for a common word) or to "" when the word may match anywhere."""
    root: dict = {}
    for word, follow in words.items():
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        # A word listed both with and without a condition matches unconditionally.
        node[_END] = "" if node.get(_END) == "" else follow
    return _node(root)


def _node(node: dict) -> str:
    branches = [re.escape(ch) + _node(child) for ch, child in sorted(node.items()) if ch != _END]
    if _END in node:
        follow = node[_END]
        # The end comes last so the engine prefers the longer word, then backtracks to this one.
        branches.append(f"(?={follow})" if follow else "")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def compile_words(words: Mapping[str, str] | list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """Compile `words` (a list, or a mapping word -> required follow regex) with trie_pattern."""
    mapping = words if isinstance(words, Mapping) else dict.fromkeys(words, "")
    return re.compile(trie_pattern(mapping))
