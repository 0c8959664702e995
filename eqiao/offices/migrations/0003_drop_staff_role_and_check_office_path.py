"""Drop the single-role column (roles now live in StaffRole) and let the database refuse an
empty or malformed office path, and a parent that breaks the city → county → outpost rule."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("offices", "0002_staff_roles_and_office_paths"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='staff',
            options={'ordering': ['office__path', 'full_name'], 'verbose_name': '干警', 'verbose_name_plural': '干警'},
        ),
        migrations.RemoveField(
            model_name='staff',
            name='role',
        ),
        migrations.AddConstraint(
            model_name='procuratorate',
            constraint=models.CheckConstraint(condition=models.Q(('path__endswith', '/'), models.Q(('path__startswith', '/'), _negated=True), models.Q(('path__contains', '//'), _negated=True), django.db.models.lookups.Exact(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(models.F('path'), models.Value('0'), models.Value('')), models.Value('1'), models.Value('')), models.Value('2'), models.Value('')), models.Value('3'), models.Value('')), models.Value('4'), models.Value('')), models.Value('5'), models.Value('')), models.Value('6'), models.Value('')), models.Value('7'), models.Value('')), models.Value('8'), models.Value('')), models.Value('9'), models.Value('')), models.Value('/'), models.Value('')), models.Value(''))), name='procuratorate_path_well_formed'),
        ),
        migrations.AddConstraint(
            model_name='procuratorate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('level', 'city'), ('parent__isnull', True)), models.Q(models.Q(('level', 'city'), _negated=True), ('parent__isnull', False)), _connector='OR'), name='procuratorate_only_city_without_parent'),
        ),
    ]
