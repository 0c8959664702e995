"""The sensitive-word matcher alone: thousands of words, one pass, both scripts."""

from __future__ import annotations

from eqiao.publishing.wordlist import WordMatcher


def test_thousands_of_words_in_one_pass_with_offsets_in_the_original_text():
    words = [f"词{i:04d}" for i in range(5000)] + ["内部资料", "绝密文件", "绝密"]
    matcher = WordMatcher(words)
    text = "這份內部資料屬於絕密文件，另有词0042。"
    hits = matcher.find(text)
    assert [(h.word, h.matched) for h in hits] == [
        ("内部资料", "內部資料"),
        ("绝密文件", "絕密文件"),  # the longest match wins
        ("词0042", "词0042"),
    ]
    for h in hits:
        assert text[h.start : h.end] == h.matched
