"""The sensitive-word matcher (eqiao.publishing.wordlist): building it and scanning an article.

    .venv/bin/python benchmarks/publishing_wordlist_bench.py
    .venv/bin/python benchmarks/publishing_wordlist_bench.py --words 20000 --chars 20000

Builds a list of N synthetic Chinese words (2–6 characters, drawn with a fixed seed from
the 3,500 most common characters' range), compiles the matcher (each word plus its OpenCC
Traditional forms, one Aho-Corasick automaton, ahocorasick-rs) and scans a text of M
characters with a few planted words, many times; prints build time, scan time per text and
throughput. Needs no database (the matcher has no Django in it).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eqiao.publishing.wordlist import WordMatcher  # noqa: E402

COMMON = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(2015)
    words = sorted({"".join(rng.choices(COMMON, k=rng.randint(2, 6))) for _ in range(args.words)})
    started = time.perf_counter()
    matcher = WordMatcher(words)
    build = time.perf_counter() - started
    text = list("".join(rng.choices(COMMON, k=args.chars)))
    for i in range(10):  # plant ten words
        word = words[i * len(words) // 10]
        at = rng.randrange(0, args.chars - len(word))
        text[at : at + len(word)] = word
    text_s = "".join(text)
    timings = []
    hits = 0
    for _ in range(args.reps):
        t0 = time.perf_counter()
        hits = len(matcher.find(text_s))
        timings.append(time.perf_counter() - t0)
    median = statistics.median(timings)
    print(f"words: {len(words)} (patterns with Traditional forms: {len(matcher)})")
    print(f"build: {build * 1000:.1f} ms")
    print(f"scan of {args.chars} characters: median {median * 1000:.3f} ms, {hits} hits")
    print(f"throughput: {args.chars / median / 1e6:.1f} M characters/s")


if __name__ == "__main__":
    main()
