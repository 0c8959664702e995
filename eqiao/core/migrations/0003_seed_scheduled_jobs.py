"""Once seeded the jobs of intake and channels by name. Core names no task of another app:
the apps register their jobs (`core.scheduling.scheduled_job_register`) and
`scheduled_jobs_ensure()` creates the missing rows after migrate and when the scheduler
starts. Databases that ran the old version keep their rows (the names are unchanged)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_scheduledjob")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
