"""Identity numbers encrypted at rest, with a keyed hash for look-ups: add the hash column,
widen the column to text for the sealed value, then seal every existing number."""

from django.db import migrations

import eqiao.core.fields
from eqiao.core.fields import migrate_column_decrypt, migrate_column_encrypt

COLUMNS = {
    "table": "intake_petition",
    "column": "id_number",
    "hash_column": "id_number_hash",
    "purpose": "id_number",
}


def encrypt(apps, schema_editor):
    migrate_column_encrypt(schema_editor, **COLUMNS)


def decrypt(apps, schema_editor):
    migrate_column_decrypt(schema_editor, **COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0002_default_emergency_plan_template"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="id_number_hash",
            field=eqiao.core.fields.KeyedHashField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=64,
                purpose="id_number",
                source="id_number",
            ),
        ),
        migrations.AlterField(
            model_name="petition",
            name="id_number",
            field=eqiao.core.fields.EncryptedTextField(
                blank=True, max_length=18, purpose="id_number", verbose_name="身份证号"
            ),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
