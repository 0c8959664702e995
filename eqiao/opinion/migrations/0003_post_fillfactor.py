"""PostgreSQL keeps free room in each page of the posts table, so the updates that touch no
indexed column (a batch prepared ahead for the merging worker) stay on their page without
new index entries (heap-only tuples)."""

from django.db import migrations


def room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE opinion_opinionpost SET (fillfactor = 70)")


def no_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE opinion_opinionpost RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("opinion", "0002_shared_state")]

    operations = [migrations.RunPython(room, no_room)]
