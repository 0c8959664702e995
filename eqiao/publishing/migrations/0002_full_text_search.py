"""The portal's full-text index of published articles: an FTS5 table on SQLite (kept by
`publish._index`), a GIN expression index on PostgreSQL over the same tokens."""

from django.db import migrations


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS publishing_article_fts USING fts5(tokens)"
        )
    elif conn.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS publishing_article_fts_gin ON publishing_article "
            "USING gin (to_tsvector('simple', search_tokens))"
        )


def backwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS publishing_article_fts")
    elif conn.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publishing_article_fts_gin")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
