"""Background jobs of the cases app. They take ids and are safe to run twice."""

from __future__ import annotations

from django_tasks import task

from eqiao.cases.services.imports import case_import_run_process


@task()
def case_import_run_task(run_id: int) -> str:
    """Import an uploaded spreadsheet (a run already started or finished is left alone)."""
    return case_import_run_process(run_id=run_id).status
