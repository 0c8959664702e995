"""Search tokens that SQLite FTS5 and PostgreSQL full-text read the same way.

Neither engine segments Chinese, so the text is tokenised here and stored pre-tokenised:

- documents (`search_tokens`): every character unigram and bigram of each CJK run, so any
  part of a word can be found ("察室" finds 派驻检察室), and each Latin/digit run as one
  lower-case token;
- queries (`search_query`): the query is segmented into words and each word gives its
  bigrams (a one-character word its unigram). All tokens must match, so "检察院工作" finds
  "检察院的工作": no bigram across the word boundary (院工) is required.

Only letters and digits ever reach a token: FTS5's default `unicode61` tokenizer and
PostgreSQL's parser (`to_tsvector('simple', …)`) disagree about punctuation, symbols,
underscores, "3.5" and accents, and agree on space-separated runs of letters or digits
that are already lower case without diacritics. Use the helpers `fts5_match` and
`tsquery` to turn query tokens into each engine's syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

try:  # the engine's normaliser: full width, Traditional → Simplified, emoji as words
    from eqiao.text.normalize import normalize as _normalize
except ImportError:  # pragma: no cover - only when the package is used piecemeal

    def _normalize(text: str) -> str:
        return unicodedata.normalize("NFKC", text)


_CJK = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs, extension A, compatibility
    "\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af"  # kana, Hangul syllables
    "\U00020000-\U0003134f"  # extensions B–G
)
# A run of CJK characters, or a run of other letters/digits ([^\W_] is a letter or digit).
_RUN = re.compile(f"([{_CJK}]+)|((?:(?![{_CJK}])[^\\W_])+)")
_COMBINING = re.compile(r"[\u0300-\u036f]")
# PostgreSQL skips words over 2047 bytes and FTS5 does not: such runs (base64, hashes)
# are dropped so both indexes hold the same tokens; nobody types them as a query.
MAX_TOKEN = 255
# Words a query can drop: particles and question words match almost every document, or
# none ("拖欠工资怎么办" is about 拖欠工资; the answer does not say 怎么办).
_QUERY_STOP = frozenset(
    [*"的了吗呢啊吧呀么哦嘛之和与及或是在我你他她它有要想请问"]
    + "怎么办 怎么 怎样 如何 什么 为什么 为啥 请问 请教 咨询 一下 可以 可不可以 能不能 能否 "
    "是否 应该 哪里 哪儿 哪个 哪些 我们 你们 他们 这个 那个 有没有 还是 需要 知道 谢谢".split()
)


def _fold(text: str) -> str:
    """Lower case without diacritics (café → cafe), as unicode61 folds and 'simple' keeps."""
    text = _normalize(text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed))


@cache
def _segmenter() -> Callable[[str], list[str]]:
    """The engine's segmenter with the domain dictionary, else rjieba's default one."""
    try:
        from eqiao.text.segment import segment

        return segment
    except ImportError:  # pragma: no cover - only when the package is used piecemeal
        import rjieba

        return rjieba.cut


@cache
def _search_segmenter() -> Callable[[str], list[str]]:
    """The segmenter's search mode (a word and its dictionary sub-words)."""
    try:
        from eqiao.text.segment import segment_for_search

        return segment_for_search
    except ImportError:  # pragma: no cover - only when the package is used piecemeal
        import rjieba

        return rjieba.cut_for_search


def _runs(text: str) -> list[tuple[str, bool]]:
    """(run, is_cjk) for each letter/digit run of the folded text, in order."""
    runs = ((m.group(), m.group(1) is not None) for m in _RUN.finditer(_fold(text)))
    return [(run, cjk) for run, cjk in runs if cjk or len(run) <= MAX_TOKEN]


def _grams(run: str) -> list[str]:
    """Unigrams then bigrams of a CJK run."""
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def search_tokens(text: str) -> str:
    """The document form to store in an FTS5 column or feed to to_tsvector('simple', …)."""
    tokens: list[str] = []
    for run, cjk in _runs(text):
        tokens.extend(_grams(run) if cjk else (run,))
    return " ".join(tokens)


def _bigrams(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)] or [word]


def _word_tokens(word: str) -> list[str]:
    """The tokens a query word requires: its bigrams, except that a long word made of
    shorter dictionary words requires only theirs (派驻检察室 = 派驻 + 检察室, so 驻检 is not
    required and "派驻清水检察室" matches); a character no sub-word covers is a unigram."""
    if len(word) < 4:
        return _bigrams(word)
    subs = [s for s in _search_segmenter()(word) if 2 <= len(s) < len(word)]
    maximal = [s for s in subs if not any(s != t and s in t for t in subs)]
    pieces: dict[int, str] = {}  # start → piece, so tokens come out in word order
    covered = [False] * len(word)
    for sub in maximal:
        at = word.find(sub)
        pieces[at] = sub
        covered[at : at + len(sub)] = [True] * len(sub)
    if not any(covered):
        return _bigrams(word)
    pieces.update((i, ch) for i, ch in enumerate(word) if not covered[i])
    return [t for _, piece in sorted(pieces.items()) for t in _bigrams(piece)]


def search_query(text: str) -> list[str]:
    """Query tokens in order, distinct; particles and question words dropped unless the
    query has nothing else. Combine them with `fts5_match` / `tsquery`."""
    tokens: list[str] = []
    stopped: list[str] = []
    for run, cjk in _runs(text):
        if not cjk:
            tokens.append(run)
            continue
        for word in _segmenter()(run):
            if word in _QUERY_STOP:
                stopped.extend(_bigrams(word))
            else:
                tokens.extend(_word_tokens(word))
    # A query of stop words only ("是的") still searches for them.
    return list(dict.fromkeys(tokens or stopped))


def fts5_match(tokens: list[str], *, require_all: bool = True) -> str:
    """An FTS5 MATCH expression: every token (AND, for staff looking for one petition) or
    any token (OR, ranked by bm25, for citizens' questions to the knowledge base). Each
    token is quoted, so nothing a user types becomes an FTS5 operator."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in tokens]
    return (" " if require_all else " OR ").join(quoted)


def tsquery(tokens: list[str], *, require_all: bool = True) -> str:
    """The same for to_tsquery('simple', …): each token a quoted lexeme, & or |."""
    quoted = ["'" + t.replace("'", "''") + "'" for t in tokens]
    return (" & " if require_all else " | ").join(quoted)
