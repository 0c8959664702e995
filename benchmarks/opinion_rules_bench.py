"""CPU cost per post of the opinion pipeline's judging part (`rules.Rules`): relevance,
sentiment, severity, on the generated posts of `opinion_bench.py`, in batches of 500 as
the worker sends them.

    python benchmarks/opinion_rules_bench.py [N]

Prints microseconds of CPU per post for: normalising (the text engine's, for reference),
relevance, sentiments (relevant posts, as the worker asks), the major cue and the severity
model, and `Rules.assess_many(judge=None)` on normalised texts (the worker's call, all of
them together). To compare two trees, run it from outside both with `PYTHONPATH=<tree>`
(it prints which tree it judged)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

_saved = list(sys.path)
sys.path.insert(0, str(Path(__file__).resolve().parent))
from opinion_bench import BATCH, generate  # noqa: E402

# opinion_bench puts its own tree first; the tree judged is the one on PYTHONPATH
sys.path[:] = _saved


def _cpu(fn, batches) -> float:
    started = time.process_time()
    for batch in batches:
        fn(batch)
    return time.process_time() - started


def main(argv: list[str]) -> int:
    import eqiao
    from eqiao.opinion.normal import normalise
    from eqiao.opinion.rules import Rules

    n = int(argv[0]) if argv else 20_000
    print(f"code from {Path(eqiao.__file__).parents[1]}")
    texts = [text for _id, _source, text, _at in generate(n)]
    rules = Rules()
    rules.assess_many(["冠县检察院给力"])  # load the models
    norms = [normalise(t) for t in texts]
    batches = [texts[i : i + BATCH] for i in range(0, n, BATCH)]
    normed = [norms[i : i + BATCH] for i in range(0, n, BATCH)]
    relevant = [[t for t in b if rules.relevance(t)[0]] for b in normed]
    share = sum(map(len, relevant)) / n

    def severity(batch: list[str]) -> None:
        for text in batch:
            rules.major_cue(text)
            if rules.severity is not None:
                rules.severity.probability(text, rules.readings(text))

    timings = {
        "normalise (text engine)": _cpu(lambda b: [normalise(t) for t in b], batches),
        "relevance": _cpu(lambda b: [rules.relevance(t) for t in b], normed),
        "sentiments (relevant posts)": _cpu(rules.sentiments, relevant),
        "major cue + severity model (relevant)": _cpu(severity, relevant),
        "assess_many(judge=None), normalised": _cpu(
            lambda b: rules.assess_many(b, normalised=True, judge=None), normed
        ),
    }
    print(f"{n:,} generated posts, {share:.0%} relevant; CPU µs per post (of all posts):")
    for name, cpu in timings.items():
        print(f"  {name:40} {cpu / n * 1e6:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
