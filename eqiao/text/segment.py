"""Chinese word segmentation with rjieba and the project's domain dictionary.

rjieba (the Rust port of jieba, `jieba-rs`) gives jieba's segmentation at a fraction of the
cost; `eqiao/text/NOTES.md` records the measured comparison. The segmenter is a private
`rjieba.Jieba` instance (not the module-level default, which other code may also use) with
the legal/procuratorate terms of `data/domain_words.txt` and every gazetteer name added, so
派驻检察室, 越级上访, 甘官屯 stay whole. Built once, on first use (about 0.4 s).

`segment(text)` expects normalised text (`eqiao.text.normalize`); the search tokeniser and
the classifier both call it, so a message is segmented once per analysis.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import rjieba

from eqiao.text.gazetteer import places

DOMAIN_WORDS_PATH = Path(__file__).parent / "data" / "domain_words.txt"

# A floor for added words: high enough that 检察室 + 派驻 do not win over 派驻检察室, low
# enough not to swallow ordinary words around it.
_MIN_FREQ = 2000


def domain_words() -> list[str]:
    """The domain dictionary: legal terms from the data file, then every gazetteer name."""
    words: list[str] = []
    with DOMAIN_WORDS_PATH.open(encoding="utf-8") as f:
        for line in f:
            word = line.split("#", 1)[0].strip()
            if word:
                words.append(word)
    for p in places():
        words.append(p.name)
        words.extend(p.aliases)
        words.extend(p.weak_aliases)
    return list(dict.fromkeys(w.split()[0] for w in words))


def _frequency(line_word: str, jieba: rjieba.Jieba) -> int:
    parts = line_word.split()
    if len(parts) > 1 and parts[1].isdigit():
        return int(parts[1])
    return max(jieba.suggest_freq(parts[0]), _MIN_FREQ)


@cache
def segmenter() -> rjieba.Jieba:
    """The shared rjieba instance with the domain dictionary loaded."""
    jieba = rjieba.Jieba()
    for word in domain_words():
        jieba.add_word(word, _frequency(word, jieba), None)
    return jieba


def segment(text: str) -> list[str]:
    """Words of `text` in order, whitespace dropped (HMM on, for names and new words)."""
    return [w for w in segmenter().cut(text) if not w.isspace()]


def segment_for_search(text: str) -> list[str]:
    """Words plus their shorter dictionary sub-words (派驻检察室 → 派驻, 检察室, 派驻检察室),
    so a search for a part finds the whole."""
    return [w for w in segmenter().cut_for_search(text) if not w.isspace()]
