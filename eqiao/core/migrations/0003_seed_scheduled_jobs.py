"""Seed the jobs every installation runs. `next_run_at` stays empty: the scheduler gives
each job its first run time on its first pass (it does not run them at once)."""

from django.db import migrations

JOBS = [
    ("intake.daily_digest", "eqiao.intake.tasks.daily_digest_task", "daily 08:00"),
    ("channels.sms_retry", "eqiao.channels.tasks.sms_retry_due_task", "every 2 minutes"),
]


def seed(apps, schema_editor):
    ScheduledJob = apps.get_model("core", "ScheduledJob")
    for name, task_path, schedule in JOBS:
        ScheduledJob.objects.get_or_create(
            name=name, defaults={"task_path": task_path, "schedule": schedule}
        )


def unseed(apps, schema_editor):
    ScheduledJob = apps.get_model("core", "ScheduledJob")
    ScheduledJob.objects.filter(name__in=[name for name, _path, _schedule in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_scheduledjob")]

    operations = [migrations.RunPython(seed, unseed)]
