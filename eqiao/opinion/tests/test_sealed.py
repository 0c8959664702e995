"""The first look at the sealed part s1 of the labelled posts (see eqiao/opinion/NOTES.md):
330 posts by the same three hands as the training files, about other matters, read by no one
working on the pipeline, evaluated once on 2026-12-07. The pipeline is held to what that look
measured: at the goal where it met it, at the measured figure where it did not."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqiao.opinion.quality import evaluate, load

SEALED = sorted((Path(__file__).parents[1] / "data" / "sealed_s1").glob("*.jsonl"))


@pytest.fixture(scope="module")
def figures():
    assert len(SEALED) == 3
    return evaluate([load(path) for path in SEALED]).figures()


def test_relevance_meets_its_goal(figures):
    assert figures["relevance_f1"] >= 0.93


def test_sentiment_on_relevant_posts_meets_its_goal(figures):
    assert figures["sentiment_accuracy_relevant"] >= 0.8


def test_major_recall_stays_at_the_first_look(figures):
    # Goal 0.9, not met at the first look (0.640): held there until a new round raises it.
    assert figures["major_recall"] >= 0.64


def test_reposts_are_found_as_the_goal_asks(figures):
    assert figures["dup_recall"] >= 0.95 and figures["dup_precision"] >= 0.95
