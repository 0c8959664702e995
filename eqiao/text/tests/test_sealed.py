"""The engine held to the first looks on sealed sets (NOTES.md, "First looks").

Each sealed set was written by hands that never saw the rules, copied into the repository
after the engine was frozen, and evaluated once. The bars are the issue's goals where the
first look met them, otherwise the figure measured on the first look (a comment says so):
a later change may not make the engine worse on them, but no rule is written from them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eqiao.text.quality import evaluate, load_labelled
from eqiao.text.redact_quality import evaluate_releases, load_releases

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
MESSAGES = Path(__file__).resolve().parents[1] / "data"

# Goals of issue 8.
NAME_RECALL_GOAL, NON_NAME_GOAL = 0.97, 0.03
HIGH_RECALL_GOAL, HIGH_PRECISION_GOAL, CATEGORY_GOAL = 0.95, 0.8, 0.88

# sealed set -> bars, from its first look (NOTES.md, "First looks"). s1 … s8 (each looked at
# once on 2026-12-07) have joined training since: their releases are the case set's
# `s1-NNN` … `s8-NNN` lines, their messages train rows with origin "sealed-s1" …
# "sealed-s8"; their figures are training figures now (test_redact.py and test_quality.py).
# s9 was looked at once on 2026-12-08 (session 11, engine of the commit "Freeze the engine
# before the first look at sealed set s9"): name recall, plates, category and high-risk
# precision met their goals; masked non-names (48/1379), numbers (5 of 132 survived),
# addresses (8 of 121), officials (22 of 155 lost with keep_officials), high-risk recall
# (68/72) and region (230/233) are held at the measured figure.
RELEASE_BARS: dict[str, dict[str, float]] = {
    "s9": {
        "name_recall": NAME_RECALL_GOAL,  # measured 1370/1410
        "non_names": 48 / 1379,  # measured: above the 0.03 goal
        "numbers_surviving": 5,  # measured: five of 132 survived
        "plates_surviving": 0,  # measured 0/47
        "addresses_surviving": 8,  # measured: eight of 121 survived
        "officials_lost": 22,  # measured: 22 of 155 lost with keep_officials
    },
}
MESSAGE_BARS: dict[str, dict[str, float]] = {
    "s9": {
        "messages": 360,
        "high_recall": 68 / 72,  # measured: below the 0.95 goal by one message
        "high_precision": HIGH_PRECISION_GOAL,  # measured 68/79
        "category": CATEGORY_GOAL,  # measured 0.919
        "region": 230 / 233,  # measured
    },
}


def _release_sets() -> list[str]:
    return sorted(RELEASE_BARS)


def _message_sets() -> list[str]:
    return sorted(MESSAGE_BARS)


@pytest.mark.parametrize("name", _release_sets())
def test_redaction_on_a_sealed_set(name):
    bars = RELEASE_BARS[name]
    report = evaluate_releases(load_releases(DATA / f"redaction_sealed_{name}.jsonl"))
    assert report.name_recall >= bars["name_recall"], report.summary()
    assert report.non_name_share <= bars["non_names"], report.summary()
    assert report.numbers_surviving <= bars["numbers_surviving"], report.surviving
    assert report.plates_surviving <= bars["plates_surviving"], report.surviving
    assert report.addresses_surviving <= bars["addresses_surviving"], report.surviving
    assert report.officials_lost <= bars["officials_lost"], report.summary()


@pytest.mark.parametrize("name", _message_sets())
def test_risk_and_category_on_a_sealed_set(name):
    bars = MESSAGE_BARS[name]
    path = MESSAGES / f"messages_sealed_{name}.jsonl"
    report = evaluate(load_labelled(path, split=f"sealed-{name}"))
    assert report.total >= bars["messages"]
    assert report.high_recall >= bars["high_recall"], report.summary()
    assert report.high_precision >= bars["high_precision"], report.summary()
    assert report.category_accuracy >= bars["category"], report.summary()
    assert report.region_accuracy >= bars["region"], report.summary()


def test_every_sealed_set_in_the_repository_has_bars():
    """A sealed set copied in is looked at once and held to its figures from then on."""
    releases = {p.stem.removeprefix("redaction_sealed_") for p in DATA.glob("redaction_sealed_*")}
    messages = {p.stem.removeprefix("messages_sealed_") for p in MESSAGES.glob("messages_sealed_*")}
    assert releases <= set(RELEASE_BARS)
    assert messages <= set(MESSAGE_BARS)


def test_sealed_messages_stay_out_of_training():
    for path in MESSAGES.glob("messages_sealed_*.jsonl"):
        assert {r.get("split") for r in load_labelled(path)} == {
            "sealed-" + path.stem.removeprefix("messages_sealed_")
        }


@pytest.mark.parametrize("name", ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"])
def test_sets_looked_at_joined_training(name):
    """After its first look a sealed set joins training (issue 8's protocol)."""
    cases = [json.loads(line) for line in (DATA / "redaction_cases.jsonl").open(encoding="utf-8")]
    assert sum(c["id"].startswith(f"{name}-") for c in cases) >= 150
    rows = list(load_labelled(MESSAGES / "messages.jsonl"))
    origin = [r for r in rows if r.get("origin") == f"sealed-{name}"]
    assert len(origin) >= 300
    assert {r["split"] for r in origin} == {"train"}
    assert not (DATA / f"redaction_sealed_{name}.jsonl").exists()
    assert not (MESSAGES / f"messages_sealed_{name}.jsonl").exists()
