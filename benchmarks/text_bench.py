"""Benchmark the Chinese text engine against its baselines, in one run, on the same data.

    .venv/bin/python benchmarks/text_bench.py            # the full run (a few minutes)
    .venv/bin/python benchmarks/text_bench.py --quick    # smaller samples (under a minute)

Prints one table: `analyze` messages per second on one core (every field); sentiment
speed and held-out accuracy against SnowNLP; segmentation characters per second of rjieba
with the domain dictionary against jieba; near-duplicate inserts+queries per second on
100,000 texts against datasketch's MinHash + MinHashLSH (128 permutations, character
3-shingles, same threshold), with the recall of both on planted reposts; `redact()` CPU
time per case release against a baseline git revision (`--baseline`, default main), both
in child processes of the same run.

Throughput is CPU time of this process (one core), so other load on the machine does not
count against either side; every engine and model is loaded and warmed before timing.
Needs the test extras (snownlp, jieba, datasketch).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eqiao.text import analyze  # noqa: E402
from eqiao.text.dedup import NearDuplicateIndex, canonical  # noqa: E402
from eqiao.text.segment import segment  # noqa: E402
from eqiao.text.sentiment import polarity  # noqa: E402
from eqiao.text.sentiment_train import load_corpus, split  # noqa: E402

MESSAGES = ROOT / "eqiao" / "text" / "data" / "messages.jsonl"
THRESHOLD = 0.7  # near-duplicate Jaccard threshold, the index's default, for both sides
SEED = 20150601


@dataclass(frozen=True)
class Row:
    task: str
    ours: str
    baseline: str
    ratio: str


def cpu_rate(work: Callable[[], int]) -> float:
    """Items per CPU-second of `work`, which returns how many items it did."""
    start = time.process_time()
    items = work()
    return items / max(time.process_time() - start, 1e-9)


# -- classify -----------------------------------------------------------------------------


def bench_classify(quick: bool) -> list[Row]:
    with MESSAGES.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    batch = texts * (8 if quick else 40)
    analyze(texts[0])  # load the model, the gazetteer and the segmenter

    def work() -> int:
        for text in batch:
            analyze(text)
        return len(batch)

    rate = cpu_rate(work)
    cli = cli_rate(batch)
    return [
        Row("analyze, all fields (1 core)", f"{rate:,.0f} msg/s", "—", "goal ≥ 5,000"),
        Row("eqiao text classify (CLI, 1 core)", f"{cli:,.0f} msg/s", "—", "goal ≥ 5,000"),
    ]


def cli_rate(texts: list[str]) -> float:
    """Messages per CPU-second of `eqiao text classify` run from outside on JSON Lines: the
    child's start-up, model loading, JSON parsing and writing all count."""
    lines = "".join(
        json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "eqiao.cli", "text", "classify"],
        input=lines.encode("utf-8"),
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    written = done.stdout.count(b"\n")
    if written != len(texts):
        raise RuntimeError(f"classify wrote {written} lines for {len(texts)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return len(texts) / max(cpu, 1e-9)


# -- sentiment ----------------------------------------------------------------------------


def bench_sentiment(quick: bool) -> list[Row]:
    from snownlp import sentiment as snownlp_sentiment

    _, test = split(load_corpus())
    pairs = list(zip(test.texts, test.labels, strict=True))
    sample = pairs[::12] if quick else pairs  # SnowNLP manages ~100 texts a second
    polarity(pairs[0][0])
    snownlp_sentiment.classify(pairs[0][0])

    ours_hits = [0]
    theirs_hits = [0]

    def ours() -> int:
        ours_hits[0] = sum((polarity(t) == "positive") == (y == 1) for t, y in sample)
        return len(sample)

    def theirs() -> int:
        theirs_hits[0] = sum((snownlp_sentiment.classify(t) >= 0.5) == (y == 1) for t, y in sample)
        return len(sample)

    ours_rate, theirs_rate = cpu_rate(ours), cpu_rate(theirs)
    ours_acc, theirs_acc = ours_hits[0] / len(sample), theirs_hits[0] / len(sample)
    scope = f"{len(sample):,} held-out texts"
    return [
        Row(
            f"sentiment speed ({scope})",
            f"{ours_rate:,.0f} texts/s",
            f"SnowNLP {theirs_rate:,.0f} texts/s",
            f"{ours_rate / theirs_rate:,.0f}× (goal ≥ 50×)",
        ),
        Row(
            f"sentiment accuracy ({scope})",
            f"{ours_acc:.4f}",
            f"SnowNLP {theirs_acc:.4f}",
            f"{ours_acc - theirs_acc:+.4f} (goal ≥ 0)",
        ),
    ]


# -- redaction ----------------------------------------------------------------------------

CASES = ROOT / "tests" / "data" / "redaction_cases.jsonl"
_REDACT_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from eqiao.text.redact import redact
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8") if line.strip()]
for t in texts:
    redact(t)
best = float("inf")
for _ in range(int(sys.argv[3])):
    start = time.process_time()
    for t in texts:
        redact(t)
    best = min(best, time.process_time() - start)
print(best / len(texts))
"""


def redact_seconds(tree: Path, passes: int) -> float:
    """CPU seconds per case release of `redact()` from the eqiao package under `tree`,
    best of `passes` passes, in a child process (so two versions can be compared)."""
    out = subprocess.run(
        [sys.executable, "-c", _REDACT_CHILD, str(tree), str(CASES), str(passes)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def bench_redact(quick: bool, baseline: str = "main") -> list[Row]:
    """`redact()` now against the `baseline` git revision's, alternating, same run."""
    import tempfile

    passes, rounds = (3, 1) if quick else (7, 3)
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", baseline, "eqiao"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        ours, theirs = [], []
        for _ in range(rounds):
            theirs.append(redact_seconds(Path(tmp), passes))
            ours.append(redact_seconds(ROOT, passes))
    now, before = min(ours), min(theirs)
    releases = sum(1 for line in CASES.open(encoding="utf-8") if line.strip())
    return [
        Row(
            f"redact, CPU per release ({releases} case releases, best of {passes}×{rounds})",
            f"{now * 1e6:,.0f} µs",
            f"{baseline}: {before * 1e6:,.0f} µs",
            f"{now / before:.2f}× the time (goal ≤ 2×)",
        )
    ]


# -- segmentation -------------------------------------------------------------------------


def bench_segmentation(quick: bool) -> list[Row]:
    import jieba

    jieba.setLogLevel(60)
    texts = load_corpus().texts[: 3000 if quick else None]
    chars = sum(len(t) for t in texts)
    segment(texts[0])
    jieba.lcut(texts[0])
    ours = cpu_rate(lambda: sum(len(segment(t)) for t in texts) and chars)
    theirs = cpu_rate(lambda: sum(len(jieba.lcut(t)) for t in texts) and chars)
    return [
        Row(
            f"segmentation ({chars / 1e6:.2f} M chars)",
            f"{ours / 1e6:.2f} M chars/s",
            f"jieba {theirs / 1e6:.2f} M chars/s",
            f"{ours / theirs:.1f}×",
        )
    ]


# -- near-duplicates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: int
    text: str
    source: int | None  # the planted repost's original, None for an original text


_EDITS = ("prefix", "suffix", "replace", "delete", "insert", "punctuate", "traditional")
_TRADITIONAL = str.maketrans(
    "说这个们会为来时对发后还进过没样么问题书", "說這個們會為來時對發後還進過沒樣麼問題書"
)


def _edit(text: str, rng: random.Random, alphabet: str) -> str:
    """One or two edits a repost typically has: a forwarding prefix, a tag, a changed,
    dropped or added character, punctuation, Traditional characters."""
    for kind in rng.sample(_EDITS, rng.randint(1, 2)):
        at = rng.randrange(1, max(2, len(text) - 1))
        if kind == "prefix":
            text = rng.choice(["转发：", "//@网友：", "【扩散】", "转："]) + text
        elif kind == "suffix":
            text = text + rng.choice(["（转）", " 求扩散！！", "#聊城#", "…"])
        elif kind == "replace":
            text = text[:at] + rng.choice(alphabet) + text[at + 1 :]
        elif kind == "delete":
            text = text[:at] + text[at + 1 :]
        elif kind == "insert":
            text = text[:at] + rng.choice(alphabet) + text[at:]
        elif kind == "punctuate":
            text = text[:at] + rng.choice("，。！？ 、") + text[at:]
        else:
            text = text.translate(_TRADITIONAL)
    return text


def dedup_stream(n: int, planted_share: float = 0.1) -> list[Item]:
    """`n` texts: originals made of two or three sentences of the review corpus, and a
    share of reposts of earlier originals with small edits. Deterministic."""
    rng = random.Random(SEED)
    sentences = sorted(
        {s for t in load_corpus().texts for s in re.split(r"(?<=[。！？!?])", t) if len(s) >= 12}
    )
    alphabet = "".join(
        sorted({c for s in sentences[:2000] for c in s if "\u4e00" <= c <= "\u9fff"})
    )
    items: list[Item] = []
    originals: list[int] = []
    for i in range(n):
        if originals and rng.random() < planted_share:
            source = rng.choice(originals)
            items.append(Item(i, _edit(items[source].text, rng, alphabet), source))
        else:
            text = "".join(rng.sample(sentences, rng.randint(2, 3)))
            items.append(Item(i, text, None))
            originals.append(i)
    return items


def _shingles(key: str) -> set[str]:
    return {key[j : j + 3] for j in range(max(len(key) - 2, 1))}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(canonical(a)), _shingles(canonical(b))
    return len(sa & sb) / max(len(sa | sb), 1)


def run_ours(items: list[Item]) -> list[set[Hashable]]:
    """Every earlier match (`add_matches`, the cost of `add`), like the baseline's query."""
    index = NearDuplicateIndex(threshold=THRESHOLD, num_perm=128, shingle=3)
    return [{m.id for m in index.add_matches(it.id, it.text)} for it in items]


def run_datasketch(items: list[Item]) -> list[set[Hashable]]:
    """The baseline as its documentation uses it, on the same canonical text and shingles
    (so both sides pay for the same normalisation)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    found: list[set[Hashable]] = []
    for it in items:
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in _shingles(canonical(it.text))])
        found.append(set(lsh.query(m)))
        lsh.insert(it.id, m)
    return found


def _dedup_quality(
    items: list[Item], found: list[set[Hashable]], near: set[int]
) -> tuple[float, ...]:
    """Recall on all planted reposts, on those at least THRESHOLD similar, and the share of
    original texts reported as a duplicate of something."""
    root: dict[Hashable, int] = {
        it.id: it.source if it.source is not None else it.id for it in items
    }
    planted = [it for it in items if it.source is not None]
    hit = {it.id for it in planted if any(root[d] == it.source for d in found[it.id])}
    originals = [it for it in items if it.source is None]
    flagged = sum(1 for it in originals if found[it.id])
    return (
        len(hit) / len(planted),
        len(hit & near) / max(len(near), 1),
        flagged / len(originals),
    )


def bench_dedup(quick: bool) -> list[Row]:
    n = 20_000 if quick else 100_000
    items = dedup_stream(n)
    near = {
        it.id
        for it in items
        if it.source is not None and _jaccard(it.text, items[it.source].text) >= THRESHOLD
    }
    run_ours(items[:200])
    run_datasketch(items[:200])  # warm both (imports, first numpy calls)
    results: dict[str, list[set[Hashable]]] = {}

    def timed(name: str, runner: Callable[[list[Item]], list[set[Hashable]]]) -> float:
        def work() -> int:
            results[name] = runner(items)
            return len(items)

        return cpu_rate(work)

    ours_rate, theirs_rate = timed("ours", run_ours), timed("datasketch", run_datasketch)
    ours_q = _dedup_quality(items, results["ours"], near)
    theirs_q = _dedup_quality(items, results["datasketch"], near)
    planted = sum(1 for it in items if it.source is not None)
    return [
        Row(
            f"near-dup inserts+queries ({n:,} texts)",
            f"{ours_rate:,.0f} texts/s",
            f"datasketch {theirs_rate:,.0f} texts/s",
            f"{ours_rate / theirs_rate:.1f}× (goal ≥ 2×)",
        ),
        Row(
            f"near-dup recall ({planted:,} planted reposts)",
            f"{ours_q[0]:.4f}",
            f"datasketch {theirs_q[0]:.4f}",
            f"{ours_q[0] - theirs_q[0]:+.4f}",
        ),
        Row(
            f"  … on the {len(near):,} with Jaccard ≥ {THRESHOLD}",
            f"{ours_q[1]:.4f}",
            f"datasketch {theirs_q[1]:.4f}",
            f"{ours_q[1] - theirs_q[1]:+.4f}",
        ),
        Row(
            "  originals reported as duplicates",
            f"{ours_q[2]:.4f}",
            f"datasketch {theirs_q[2]:.4f}",
            "(unverified LSH candidates)",
        ),
    ]


# -- report -------------------------------------------------------------------------------


def print_table(rows: Iterable[Row]) -> None:
    rows = list(rows)
    header = Row("task", "EQiao", "baseline", "ratio")
    widths = [max(_width(getattr(r, f)) for r in [header, *rows]) for f in Row.__annotations__]
    for r in [header, None, *rows]:
        if r is None:
            print("  ".join("-" * w for w in widths))
            continue
        cells = [getattr(r, f) for f in Row.__annotations__]
        print("  ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip())


def _width(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if "\u2e80" <= c <= "\uffef" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples, under a minute")
    parser.add_argument(
        "--only",
        choices=["classify", "sentiment", "segmentation", "dedup", "redact"],
        action="append",
    )
    parser.add_argument(
        "--baseline", default="main", help="git revision the redact row compares against"
    )
    args = parser.parse_args(argv)
    benches = {
        "classify": bench_classify,
        "sentiment": bench_sentiment,
        "segmentation": bench_segmentation,
        "dedup": bench_dedup,
        "redact": lambda quick: bench_redact(quick, args.baseline),
    }
    rows: list[Row] = []
    started = time.perf_counter()
    for name, bench in benches.items():
        if args.only and name not in args.only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        rows.extend(bench(args.quick))
    print_table(rows)
    print(f"\n({time.perf_counter() - started:.0f} s wall clock; rates are per CPU-second)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
