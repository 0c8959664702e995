"""Cross-validation by origin: how the models do on text written by hands they have not seen.

    python -m eqiao.text.origin_cv [--l2 1e-4] [--only category|risk|names]

The training messages are split by where they came from: each sealed set that joined
training after its first look (`origin` "sealed-s1", "sealed-s2", …) is one fold, and the
older rows (no origin) are three folds by a hash of the text. Each fold is held out in
turn, the models trained as `eqiao text train` trains on the other training folds (dev rows
never train), and the held-out fold is read with the rules and the learned risk exactly as
shipped. Prints category accuracy per fold and pooled, the commonest confusions, dev
accuracy of a model trained on every training fold, and high-risk precision and recall at
the shipped threshold (and 0.3 / 0.4) pooled and per sealed origin. A few minutes.

Names (`--only names`, or with the rest): each sealed set's releases in the case set
(`sN-NNN` lines) are held out in turn, the recogniser retrained as `train-names` trains on
every other release (the rest of the case set and the training releases), and the held-out
releases redacted with it: name recall, masked non-names, addresses surviving and officials
lost with keep_officials, per set and pooled. Each fold trains a CRF (a few minutes each).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

from eqiao.text import name_model as NM
from eqiao.text import redact_quality as RQ
from eqiao.text import threshold_search as TS
from eqiao.text import train as T
from eqiao.text.classify import features_for
from eqiao.text.lexicon import CATEGORIES
from eqiao.text.model import fit, vocabulary
from eqiao.text.normalize import normalize
from eqiao.text.quality import LABELLED_PATH, load_labelled
from eqiao.text.risk import assess_risk_normalized

OLDER_FOLDS = 3


def fold_of(row: dict) -> str:
    """The fold of a labelled row: "dev", its sealed origin, or older-0..2."""
    if row.get("split") == "dev":
        return "dev"
    if row.get("origin"):
        return str(row["origin"])
    digest = hashlib.blake2b(row["text"].encode(), digest_size=4).hexdigest()
    return f"older-{int(digest, 16) % OLDER_FOLDS}"


def category_cv(rows: list[dict]) -> None:
    prepared = []
    for row in rows:
        if row.get("category") and not str(row.get("split", "")).startswith("sealed-"):
            norm = normalize(row["text"])
            feats = features_for(norm, assess_risk_normalized(norm).reasons)
            prepared.append((fold_of(row), str(row["category"]), feats))
    folds = sorted({f for f, _, _ in prepared} - {"dev"}) + ["dev"]
    confusions: Counter[tuple[str, str]] = Counter()
    hits_total = rows_total = 0
    print("category accuracy, each fold held out (dev: trained on every training fold)")
    for held in folds:
        train = [(f, y) for fold, y, f in prepared if fold not in (held, "dev")]
        names = vocabulary([f for f, _ in train], T.MIN_COUNT)
        labels = [y for _, y in train]
        model = fit(
            [f for f, _ in train],
            labels,
            CATEGORIES,
            names=names,
            sample_weight=T._balanced(labels, [1.0] * len(labels)),
            l2=T.L2,
            steps=T.STEPS,
            learning_rate=T.LEARNING_RATE,
        )
        hits = count = 0
        for fold, y, f in prepared:
            if fold != held:
                continue
            got = model.classes[int(model.proba(f).argmax())]
            hits += got == y
            count += 1
            if held != "dev" and got != y:
                confusions[(y, got)] += 1
        if held != "dev":
            hits_total += hits
            rows_total += count
        print(f"  {held:12} {hits / count:.3f} ({hits}/{count})")
    print(f"  pooled       {hits_total / rows_total:.3f} ({hits_total}/{rows_total})")
    print("  commonest confusions (true → predicted):")
    for (y, got), n in confusions.most_common(8):
        print(f"    {y} → {got}: {n}")


def risk_cv(rows: list[dict]) -> None:
    origin_of = {r["text"]: fold_of(r) for r in rows if r.get("split") == "train"}
    names = sorted(set(origin_of.values()))
    index = {name: i for i, name in enumerate(names)}
    saved = TS._fold
    TS._fold = lambda text, folds: index[origin_of[text]]
    try:
        out = TS.out_of_fold(len(names))
    finally:
        TS._fold = saved
    texts = [e.text for e in T.examples([]) if e.risk]
    order = [t for k in range(len(names)) for t in texts if index[origin_of[t]] == k]
    shipped = TS.C.HIGH_ALERT_PROBABILITY
    print(f"high risk, each fold held out ({len(out)} training messages)")
    for threshold in sorted({0.3, shipped, 0.4}):
        precision, recall, hit, predicted, true = TS.figures(out, threshold)
        print(
            f"  threshold {threshold}: precision {precision:.3f} recall {recall:.3f} "
            f"({hit}/{predicted} predicted, {true} high)"
        )
    for name in names:
        if name.startswith("sealed-"):
            part = [r for r, t in zip(out, order, strict=True) if origin_of[t] == name]
            precision, recall, hit, predicted, true = TS.figures(part, shipped)
            print(
                f"  {name} held out, at {shipped}: precision {precision:.3f} "
                f"recall {recall:.3f} ({hit}/{predicted}, {true} high)"
            )


def release_fold(row: dict) -> str | None:
    """The sealed set a case release came from ("s1" for `s1-007`), None for older lines."""
    prefix = str(row.get("id", "")).split("-", 1)[0]
    return prefix if prefix[:1] == "s" and prefix[1:].isdigit() else None


def names_cv(errors: bool = False) -> None:
    cases = RQ.load_releases(NM.CASES_PATH)
    with NM.RELEASES_PATH.open(encoding="utf-8") as f:
        generated = [json.loads(line) for line in f if line.strip()]
    folds = sorted({k for k in map(release_fold, cases) if k})
    pooled = RQ.RedactionReport()
    saved = os.environ.get("EQIAO_TEXT_NAME_MODEL")
    print("names, each sealed set's releases held out (CRF trained without them)")
    with tempfile.TemporaryDirectory() as tmp:
        for held in folds:
            model = Path(tmp) / f"without-{held}.crfsuite"
            train = [r for r in cases if release_fold(r) != held] + generated
            NM.train_names(NM.examples_from_releases(train), model)
            os.environ["EQIAO_TEXT_NAME_MODEL"] = str(model)
            NM.recogniser.cache_clear()
            try:
                report = RQ.evaluate_releases([r for r in cases if release_fold(r) == held])
            finally:
                if saved is None:
                    os.environ.pop("EQIAO_TEXT_NAME_MODEL", None)
                else:
                    os.environ["EQIAO_TEXT_NAME_MODEL"] = saved
                NM.recogniser.cache_clear()
            print(f"  {held} held out")
            print("    " + report.summary().replace("\n", "\n    "))
            for key, value in vars(report).items():
                if isinstance(value, int):
                    setattr(pooled, key, getattr(pooled, key) + value)
                else:
                    getattr(pooled, key).extend(value)
    print("  pooled")
    print("    " + pooled.summary().replace("\n", "\n    "))
    if errors:
        for line in pooled.error_lines():
            print("    " + line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--l2", type=float, default=T.L2, help="L2 to try (default: shipped)")
    parser.add_argument("--only", choices=("category", "risk", "names"))
    parser.add_argument("--errors", action="store_true", help="list the names' out-of-fold errors")
    args = parser.parse_args(argv)
    T.L2 = args.l2
    rows = list(load_labelled(LABELLED_PATH))
    print(f"L2 {T.L2}")
    if args.only in (None, "category"):
        category_cv(rows)
    if args.only in (None, "risk"):
        risk_cv(rows)
    if args.only in (None, "names"):
        names_cv(args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
