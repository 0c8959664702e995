"""Near-duplicate index: reposts with small edits are found, distinct texts are not."""

from __future__ import annotations

import random

import pytest

from eqiao.text.dedup import NearDuplicateIndex, canonical

# Common characters: random strings of them share almost no 3-shingles, so every
# near-duplicate in the stream below is one the test planted.
_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小"
    "物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形"
    "相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建"
    "月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长"
)
_EDITS = ("prefix", "suffix", "replace", "delete", "insert", "punctuate")


def _base_text(rng: random.Random) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(rng.randint(25, 90)))


def _edit(text: str, rng: random.Random) -> str:
    """One or two small edits a repost typically has."""
    for kind in rng.sample(_EDITS, rng.randint(1, 2)):
        at = rng.randrange(1, len(text) - 1)
        if kind == "prefix":
            text = rng.choice(["转发：", "转：", "//@网友：", "【扩散】"]) + text
        elif kind == "suffix":
            text = text + rng.choice(["（转）", " 求扩散！！", "#聊城#"])
        elif kind == "replace":
            text = text[:at] + rng.choice(_CHARS) + text[at + 1 :]
        elif kind == "delete":
            text = text[:at] + text[at + 1 :]
        elif kind == "insert":
            text = text[:at] + rng.choice(_CHARS) + text[at:]
        else:
            text = text[:at] + rng.choice("，。！？ 、") + text[at:]
    return text


def _jaccard(a: str, b: str) -> float:
    sa = {a[i : i + 3] for i in range(len(a) - 2)}
    sb = {b[i : i + 3] for i in range(len(b) - 2)}
    return len(sa & sb) / len(sa | sb)


@pytest.fixture(scope="module")
def stream() -> list[tuple[int, str, int | None]]:
    """(id, text, planted source id or None): 1,500 distinct texts, 500 edited reposts."""
    rng = random.Random(20150601)
    items: list[tuple[int, str, int | None]] = []
    for i in range(2000):
        if i > 50 and rng.random() < 0.25:
            source = rng.randrange(i)
            planted = items[source][2]
            root = planted if planted is not None else source
            items.append((i, _edit(items[root][1], rng), root))
        else:
            items.append((i, _base_text(rng), None))
    return items


def _same_family(found, source, stream) -> bool:
    root = stream[found][2] if stream[found][2] is not None else found
    return root == source


def test_planted_reposts_are_found_and_distinct_texts_are_not(stream):
    index = NearDuplicateIndex(threshold=0.7)
    results = [index.add(i, text) for i, text, _ in stream]
    planted = [
        (found, src)
        for (i, text, src), found in zip(stream, results, strict=True)
        if src is not None and _jaccard(canonical(text), canonical(stream[src][1])) >= 0.75
    ]
    recall = sum(f is not None and _same_family(f, s, stream) for f, s in planted) / len(planted)
    false = [f for (_, _, src), f in zip(stream, results, strict=True) if src is None and f]
    assert len(planted) > 300
    assert recall >= 0.95
    assert false == []


def test_recall_at_least_datasketch(stream):
    """The issue's bar: equal or better recall than datasketch's MinHash LSH (128
    permutations, character 3-shingles, same threshold) on the same planted reposts."""
    datasketch = pytest.importorskip("datasketch")
    lsh = datasketch.MinHashLSH(threshold=0.7, num_perm=128)
    index = NearDuplicateIndex(threshold=0.7)
    ours = theirs = 0
    for i, text, source in stream:
        key = canonical(text)
        m = datasketch.MinHash(num_perm=128)
        m.update_batch([key[j : j + 3].encode() for j in range(max(len(key) - 2, 1))])
        candidates = lsh.query(m)
        lsh.insert(i, m)
        found = index.add(i, text)
        if source is not None:
            theirs += any(_same_family(c, source, stream) for c in candidates)
            ours += found is not None and _same_family(found, source, stream)
    assert ours >= theirs


def test_exact_repost_and_query():
    index = NearDuplicateIndex()
    text = "工地上二十来个工友被欠了五个月工钱，包工头不接电话，人社局说再等等，请检察院给做主。"
    assert index.add("a", text) is None
    assert index.add("b", "转发：" + text + "！！") == "a"
    assert index.add("c", "ＷｅＣｈａｔ上看到：" + text.replace("，", " ")) in {"a", "b"}
    matches = index.query(text)
    assert [m.id for m in matches][:1] == ["a"]
    assert all(m.similarity >= index.threshold for m in matches)
    assert len(index) == 3  # query does not index


def test_the_most_similar_earlier_text_is_returned():
    index = NearDuplicateIndex(threshold=0.5)
    base = "聊城市东昌府区某小区业主反映物业公司强行收取停车费并殴打业主，请求有关部门调查处理此事"
    index.add(1, base[:30] + "其他内容完全不同的一段话在这里")
    index.add(2, base)
    assert index.add(3, base + "。") == 2


def test_texts_without_letters_are_never_duplicates():
    index = NearDuplicateIndex()
    assert index.add(1, "") is None
    assert index.add(2, "！！！") is None
    assert index.add(3, "？？ ") is None
    assert index.add(4, "好") is None
    assert index.add(5, "好！") == 4  # a one-character text is its own single shingle


def test_traditional_and_simplified_reposts_match():
    index = NearDuplicateIndex()
    index.add(1, "檢察院幫助我們討回了被拖欠的工資，非常感謝檢察官的辛苦付出")
    assert index.add(2, "检察院帮助我们讨回了被拖欠的工资，非常感谢检察官的辛苦付出！") == 1
