"""The first look at the sealed part s2 of the labelled posts (see eqiao/opinion/NOTES.md):
320 posts by two new hands (D, E) who never saw the pipeline, its rules or the other hands'
files, read by no one working on the pipeline, evaluated once on 2026-12-07 with the pipeline
of the merge of round 2. The pipeline is held to what that look measured: at the goal where it
met it, at the measured figure where it did not. No rule is written from these posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqiao.opinion.quality import evaluate, load

SEALED = sorted((Path(__file__).parents[1] / "data" / "sealed_s2").glob("*.jsonl"))


@pytest.fixture(scope="module")
def figures():
    assert [p.name for p in SEALED] == ["D.jsonl", "E.jsonl"]
    return evaluate([load(path) for path in SEALED]).figures()


def test_relevance_meets_its_goal(figures):
    assert figures["relevance_f1"] >= 0.93


def test_sentiment_on_relevant_posts_meets_its_goal(figures):
    assert figures["sentiment_accuracy_relevant"] >= 0.8


def test_major_recall_stays_at_the_first_look(figures):
    # Goal 0.9, not met at the first look (0.727): held there until a new round raises it.
    assert figures["major_recall"] >= 0.727


def test_reposts_are_found_as_the_goal_asks(figures):
    assert figures["dup_recall"] >= 0.95 and figures["dup_precision"] >= 0.95
