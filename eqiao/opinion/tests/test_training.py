"""The pipeline on its training files (see eqiao/opinion/NOTES.md): the three hands' first
files, s1 … s8, the parts that were sealed until their first looks (2026-12-07: major recall
0.640, 0.727, 0.891, 0.722, 0.685, 0.815, 0.778 and 0.709) and have been training data since.
These are training
figures: the rules and models were written and fitted with these posts in view."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqiao.opinion.quality import evaluate, load

TRAIN = sorted((Path(__file__).parents[1] / "data" / "train").glob("*.jsonl"))


@pytest.fixture(scope="module")
def figures():
    assert [p.name for p in TRAIN] == [
        "A.jsonl",
        "B.jsonl",
        "C.jsonl",
        "s1_A.jsonl",
        "s1_B.jsonl",
        "s1_C.jsonl",
        "s2_D.jsonl",
        "s2_E.jsonl",
        "s3_F.jsonl",
        "s3_G.jsonl",
        "s4_H.jsonl",
        "s4_J.jsonl",
        "s5_K.jsonl",
        "s5_L.jsonl",
        "s6_M.jsonl",
        "s6_N.jsonl",
        "s7_R.jsonl",
        "s7_S.jsonl",
        "s8_T.jsonl",
        "s8_U.jsonl",
    ]
    return evaluate([load(path) for path in TRAIN]).figures()


# Training figures at round 3 (2026-12-07): relevance F1 0.990, sentiment on relevant posts
# 0.903, major recall 0.993 (142 of 143), precision 0.966, duplicates 0.995 / 1.000.
# Round 4, with s3 (1,870 posts): relevance F1 0.989, sentiment 0.905, major recall 0.995
# (197 of 198), precision 0.970, duplicates 0.996 / 1.000.
# Round 5 start, s4 added (2,190 posts), rules and models of round 4: relevance F1 0.988,
# sentiment 0.903, major recall 0.937 (s4's misses), precision 0.967, duplicates 0.997 / 1.000.
# Round 5, with the accusation reading (`accusation.py`) and the severity model retrained:
# relevance F1 0.990, sentiment 0.903, major recall 0.992 (250 of 252), precision 0.969,
# duplicates 0.997 / 1.000.
# Round 6, s5 added (2,510 posts, eleven hands), the severity model deciding (its threshold
# chosen hand held out: `python -m eqiao.opinion.held_out --sweep`), both models retrained:
# relevance F1 0.988, sentiment 0.886, major recall 0.984 (301 of 306), precision 0.899,
# duplicates 0.994 / 1.000.
# Round 7, s6 added (2,830 posts, thirteen hands), the readings of an accusation by
# implication, majors weighing 0.8 of the severity model's loss, its threshold 0.50 (chosen
# at pooled hand-held-out precision >= 0.80): relevance F1 0.987, sentiment 0.878, major
# recall 0.983 (354 of 360), precision 0.870, duplicates 0.995 / 1.000.
# Round 8 start, s7 added (3,150 posts, fifteen hands; R and S wrote majors by implication,
# irony and understatement), both models retrained, threshold 0.50: relevance F1 0.986,
# sentiment 0.869, major recall 0.976, precision 0.828, duplicates 0.993 / 1.000.
# Round 8, readings of implied accusations (the other side's kin in office, a gift carried,
# unexplained wealth, closeness to the other side, people called out together, aid after a
# harm) and the operating point chosen inside the training hands (threshold 0.35: the
# highest recall at precision >= 0.70, `python -m eqiao.opinion.splits --write`): relevance
# F1 0.986, sentiment 0.861, major recall 0.988, precision 0.757, duplicates 0.993 / 1.000.
# Round 9 start, s8 added (3,470 posts, seventeen hands; U wrote from outside Liaocheng),
# round 8's rules and models: relevance F1 0.980, sentiment 0.846, major recall 0.955,
# precision 0.748, duplicates 0.985 / 1.000.
# Round 9, 27 rows relabelled to the POLICY amendment of 2026-12-08, structural readings,
# office names canonical and containment in the duplicate check, both models retrained
# (threshold 0.40 by the inner rule at precision >= 0.70): relevance F1 0.991, sentiment
# 0.852, major recall 0.991, precision 0.762, duplicates 1.000 / 1.000.


def test_relevance_stays_at_its_training_figure(figures):
    assert figures["relevance_f1"] >= 0.99


def test_sentiment_on_relevant_posts_stays_at_its_training_figure(figures):
    assert figures["sentiment_accuracy_relevant"] >= 0.85


def test_major_recall_and_precision_stay_at_their_training_figures(figures):
    assert figures["major_recall"] >= 0.985
    assert figures["major_precision"] >= 0.755


def test_reposts_are_found_as_the_goal_asks(figures):
    assert figures["dup_recall"] >= 0.95 and figures["dup_precision"] >= 0.95
