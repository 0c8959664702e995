"""Cross-validation by origin: how the models do on text written by hands they have not seen.

    python -m eqiao.text.origin_cv [--l2 1e-4] [--only category|risk|names] [--errors]
    python -m eqiao.text.origin_cv --sure-search [--models DIR]

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
lost with keep_officials, per set and pooled. Each fold trains a CRF (a few minutes each);
`--models DIR` keeps the folds' CRFs and reuses them while their training data and features
are unchanged.

The recogniser's operating point (`--sure-search`): `redact_names.SURE`, the confidence from
which a span the CRF proposes needs no surname and may be an ordinary word, is tried at each
step of SURE_STEPS on every held-out set; the step with the highest pooled out-of-fold name
recall whose pooled masked non-names stay ≤ 0.025 and no set's above 0.03 is chosen (round 8;
round 7 asked 0.02 and 0.025: NON_NAME_BAR, SET_NON_NAME_BAR below).
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
    out = TS.out_of_fold(len(names), lambda text: index[origin_of[text]], names)
    texts = [e.text for e in T.examples([]) if e.risk]
    order = [t for k in range(len(names)) for t in texts if index[origin_of[t]] == k]
    shipped = TS.C.HIGH_ALERT_PROBABILITY
    print(f"high risk, each fold held out ({len(out)} training messages)")
    for threshold in sorted({0.25, 0.3, shipped, 0.4}):
        precision, recall, hit, predicted, true = TS.figures(out, threshold)
        print(
            f"  threshold {threshold}: precision {precision:.3f} recall {recall:.3f} "
            f"({hit}/{predicted} predicted, {true} high)"
        )
    for name in names:
        if not name.startswith("sealed-"):
            continue
        part = [r for r, t in zip(out, order, strict=True) if origin_of[t] == name]
        for threshold in sorted({0.25, shipped}):
            precision, recall, hit, predicted, true = TS.figures(part, threshold)
            print(
                f"  {name} held out, at {threshold}: precision {precision:.3f} "
                f"recall {recall:.3f} ({hit}/{predicted}, {true} high)"
            )


def release_fold(row: dict) -> str | None:
    """The sealed set a case release came from ("s1" for `s1-007`), None for older lines."""
    prefix = str(row.get("id", "")).split("-", 1)[0]
    return prefix if prefix[:1] == "s" and prefix[1:].isdigit() else None


def fold_models(cases: list[dict], directory: Path) -> dict[str, Path]:
    """One CRF per sealed set, trained as `train-names` trains on every other release (the
    rest of the case set and the training releases). A model is kept in `directory` under a
    digest of its training data and what its features read, so a rerun reuses it."""
    with NM.RELEASES_PATH.open(encoding="utf-8") as f:
        generated = [json.loads(line) for line in f if line.strip()]
    # What the features read: the recogniser's source and the lexicon's lists it uses.
    source = (
        Path(NM.__file__).read_bytes()
        + json.dumps(
            [sorted(NM.CUE_WORDS), sorted(NM.SURNAMES), sorted(NM.COMPOUND_SURNAMES)],
            ensure_ascii=False,
        ).encode()
    )
    models = {}
    for held in sorted({k for k in map(release_fold, cases) if k}):
        train = [r for r in cases if release_fold(r) != held] + generated
        digest = hashlib.blake2b(digest_size=8)
        digest.update(source)
        for row in train:
            digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode())
        model = directory / f"without-{held}-{digest.hexdigest()}.crfsuite"
        if not model.exists():
            NM.train_names(NM.examples_from_releases(train), model)
        models[held] = model
    return models


def _evaluate_with(model: Path, releases: list[dict]) -> RQ.RedactionReport:
    """The releases redacted with the recogniser of `model`."""
    saved = os.environ.get("EQIAO_TEXT_NAME_MODEL")
    os.environ["EQIAO_TEXT_NAME_MODEL"] = str(model)
    NM.recogniser.cache_clear()
    try:
        return RQ.evaluate_releases(releases)
    finally:
        if saved is None:
            os.environ.pop("EQIAO_TEXT_NAME_MODEL", None)
        else:
            os.environ["EQIAO_TEXT_NAME_MODEL"] = saved
        NM.recogniser.cache_clear()


def _add(pooled: RQ.RedactionReport, report: RQ.RedactionReport) -> None:
    for key, value in vars(report).items():
        if isinstance(value, int):
            setattr(pooled, key, getattr(pooled, key) + value)
        else:
            getattr(pooled, key).extend(value)


def names_cv(errors: bool = False, models_dir: Path | None = None) -> None:
    cases = RQ.load_releases(NM.CASES_PATH)
    pooled = RQ.RedactionReport()
    print("names, each sealed set's releases held out (CRF trained without them)")
    with tempfile.TemporaryDirectory() as tmp:
        models = fold_models(cases, models_dir or Path(tmp))
        for held, model in models.items():
            part = [r for r in cases if release_fold(r) == held]
            report = _evaluate_with(model, part)
            print(f"  {held} held out")
            print("    " + report.summary().replace("\n", "\n    "))
            _add(pooled, report)
    print("  pooled")
    print("    " + pooled.summary().replace("\n", "\n    "))
    if errors:
        for line in pooled.error_lines():
            print("    " + line)


# The recogniser's operating point (`redact_names.SURE`): the confidence from which a span it
# proposes needs no surname and may be an ordinary word. Chosen by leave-one-set-out: the
# highest pooled out-of-fold name recall with pooled masked non-names at most NON_NAME_BAR
# and no held-out set above SET_NON_NAME_BAR (ties: the higher, more cautious value). Round 8
# spends the goal's budget (0.03) with a margin a new writer needs: s7's look read masked
# non-names 0.005 above its round's pooled estimate (0.019 against 0.014), so the pooled bar
# is 0.025, and every held-out set — one writer each, as the next sealed set is — must stay
# within the goal itself (0.03). Round 7 asked 0.02 and 0.025.
SURE_STEPS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
NON_NAME_BAR, SET_NON_NAME_BAR = 0.025, 0.03
# `redact_names.PROPOSE` (round 8): the near misses of the recogniser, searched with SURE;
# None proposes none (rounds 2–7).
PROPOSE_STEPS: tuple[float | None, ...] = (None, 0.45, 0.35, 0.25)

Row = tuple[float, float, float, float, float | None]


def sure_search(
    models_dir: Path | None = None,
    steps: tuple[float, ...] = SURE_STEPS,
    proposals: tuple[float | None, ...] = PROPOSE_STEPS,
) -> tuple[float, float | None]:
    """Print every (SURE, PROPOSE) pair's out-of-fold figures, pooled and the worst set's;
    return the chosen pair."""
    from eqiao.text import redact_names as RN

    cases = RQ.load_releases(NM.CASES_PATH)
    saved = RN.SURE, RN.PROPOSE
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        models = fold_models(cases, models_dir or Path(tmp))
        print("the recogniser's SURE and PROPOSE, each sealed set's releases held out")
        print("   SURE  PROPOSE  recall (pooled)     non-names (pooled)  worst set's non-names")
        for propose in proposals:
            for step in steps:
                RN.SURE, RN.PROPOSE = step, propose
                pooled = RQ.RedactionReport()
                worst = (0.0, "")
                try:
                    for held, model in models.items():
                        part = [r for r in cases if release_fold(r) == held]
                        report = _evaluate_with(model, part)
                        worst = max(worst, (report.non_name_share, held))
                        _add(pooled, report)
                finally:
                    RN.SURE, RN.PROPOSE = saved
                rows.append((step, pooled.name_recall, pooled.non_name_share, worst[0], propose))
                print(
                    f"  {step:5.2f}  {str(propose):7}  {pooled.name_recall:.4f} "
                    f"({pooled.name_found}/{pooled.name_total})"
                    f"  {pooled.non_name_share:.4f}"
                    f" ({pooled.name_findings_unlisted}/{pooled.name_findings})"
                    f"  {worst[0]:.4f} {worst[1]}"
                )
    chosen = choose_operating_point(rows)
    print(
        f"rule: the highest pooled out-of-fold name recall with pooled masked non-names "
        f"≤ {NON_NAME_BAR} and every held-out set's ≤ {SET_NON_NAME_BAR} (ties: the higher "
        f"SURE, then no PROPOSE or the higher)"
    )
    print(
        f"chosen: SURE {chosen[0]}, PROPOSE {chosen[1]}; shipped: SURE {saved[0]}, "
        f"PROPOSE {saved[1]}"
    )
    return chosen


def choose_operating_point(rows: list[Row]) -> tuple[float, float | None]:
    """From (SURE, pooled recall, pooled non-names, worst set's non-names, PROPOSE): the pair
    with the highest recall within the bars (ties: the higher SURE, then no PROPOSE or the
    higher one); the most cautious pair if none is."""

    def caution(r: Row) -> tuple[float, float]:
        return r[0], 1.0 if r[4] is None else r[4]

    allowed = [r for r in rows if r[2] <= NON_NAME_BAR and r[3] <= SET_NON_NAME_BAR]
    best = max(allowed, key=lambda r: (r[1], *caution(r))) if allowed else max(rows, key=caution)
    return best[0], best[4]


def choose_sure(rows: list[tuple[float, float, float, float]]) -> float:
    """From (step, pooled recall, pooled non-names, worst set's non-names): the step with the
    highest recall within the bars (ties: the higher step); the highest step if none is."""
    return choose_operating_point([(*r, None) for r in rows])[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--l2", type=float, default=T.L2, help="L2 to try (default: shipped)")
    parser.add_argument("--only", choices=("category", "risk", "names"))
    parser.add_argument("--errors", action="store_true", help="list the names' out-of-fold errors")
    parser.add_argument(
        "--sure-search", action="store_true", help="choose the recogniser's SURE by the folds"
    )
    parser.add_argument("--models", type=Path, help="keep (and reuse) the folds' CRFs here")
    args = parser.parse_args(argv)
    T.L2 = args.l2
    if args.sure_search:
        sure_search(args.models)
        return 0
    rows = list(load_labelled(LABELLED_PATH))
    print(f"L2 {T.L2}")
    if args.only in (None, "category"):
        category_cv(rows)
    if args.only in (None, "risk"):
        risk_cv(rows)
    if args.only in (None, "names"):
        names_cv(args.errors, args.models)
    return 0


if __name__ == "__main__":
    sys.exit(main())
