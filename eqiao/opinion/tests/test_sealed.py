"""The sealed parts of the labelled posts (see eqiao/opinion/NOTES.md): posts by hands who
never saw the pipeline, read by no one working on it, evaluated once (their first look)
and then held to what that look measured: the goal where it met it, the measured figure
where it did not. No rule is written from these posts.

s1 … s8 have had their first looks and are training data now (data/train; s8, hands T and
U, looked at on 2026-12-07 with the pipeline of commit 0b41012, joined in round 9). s9 (hands V
and W) was looked at once on 2026-12-08 (session 11) with the pipeline of commit 4ae2307."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqiao.opinion.first_look import GOALS
from eqiao.opinion.quality import evaluate, load

DATA = Path(__file__).parents[1] / "data"
PARTS = sorted(p for p in DATA.glob("sealed_*") if p.is_dir())
# part → the figures its first look measured where they fell short of the goal.
HELD: dict[str, dict[str, float]] = {
    # s8's look (0.923, 0.714, 39/55, 39/43) is recorded in NOTES.md; s8 is training data now.
    "s9": {  # measured below the goals; relevance (173 of 191 found, 173 of 176 flagged) and
        # duplicates (45 of 45, none false) met them
        "sentiment_accuracy_relevant": 150 / 191,  # 0.785, goal 0.8
        "major_recall": 44 / 54,  # 0.815, goal 0.9
    },
}


def test_every_sealed_part_has_its_first_look_recorded():
    # A part added without its first look recorded here would be held to nothing.
    for part in PARTS:
        assert part.name.removeprefix("sealed_") in HELD, part.name


@pytest.mark.parametrize("part", PARTS, ids=[p.name for p in PARTS])
def test_sealed_part_stays_at_its_first_look(part):
    files = sorted(part.glob("*.jsonl"))
    assert files
    figures = evaluate([load(path) for path in files]).figures()
    held = {**GOALS, **HELD.get(part.name.removeprefix("sealed_"), {})}
    for name, least in held.items():
        assert figures[name] >= least, (name, figures[name], least)
