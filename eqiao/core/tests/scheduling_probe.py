"""A task the scheduling tests enqueue; it records its calls."""

from __future__ import annotations

from django_tasks import task

calls: list[str] = []


@task()
def probe_task(label: str = "default") -> str:
    calls.append(label)
    return label
