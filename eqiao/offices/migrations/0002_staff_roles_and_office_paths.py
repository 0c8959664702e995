"""Staff hold roles in a table (several per person); every office gets its correct path.

The data step copies each staff member's one `role` into `StaffRole` and rewrites every
office's materialised path from its parents (offices saved in the admin before had an empty
path, which made the scope filter match every office). The next migration drops the old
column and adds the constraints; it is separate so that PostgreSQL runs the schema change
in a transaction without pending data changes."""

import django.db.models.deletion
from django.db import migrations, models


def roles_copy(apps, schema_editor):
    Staff = apps.get_model("offices", "Staff")
    StaffRole = apps.get_model("offices", "StaffRole")
    StaffRole.objects.bulk_create(
        [StaffRole(staff_id=pk, role=role) for pk, role in Staff.objects.values_list("pk", "role")]
    )


def roles_restore(apps, schema_editor):
    Staff = apps.get_model("offices", "Staff")
    StaffRole = apps.get_model("offices", "StaffRole")
    order = ["administrator", "office_head", "prosecutor", "receptionist", "editor",
             "security_reviewer", "opinion_analyst"]
    held = {}
    for staff_id, role in StaffRole.objects.values_list("staff_id", "role"):
        held.setdefault(staff_id, set()).add(role)
    for staff_id, roles in held.items():
        first = next((r for r in order if r in roles), "receptionist")
        Staff.objects.filter(pk=staff_id).update(role=first)


def paths_rebuild(apps, schema_editor):
    """Set every office's path to its parent's path + its own pk, from the top down."""
    Procuratorate = apps.get_model("offices", "Procuratorate")
    offices = {o.pk: o for o in Procuratorate.objects.all()}
    children = {}
    for office in offices.values():
        children.setdefault(office.parent_id, []).append(office)
    pending = [(office, "") for office in children.get(None, [])]
    while pending:
        office, prefix = pending.pop()
        path = f"{prefix}{office.pk}/"
        if office.path != path:
            Procuratorate.objects.filter(pk=office.pk).update(path=path)
        pending += [(child, path) for child in children.get(office.pk, [])]


class Migration(migrations.Migration):

    dependencies = [
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffRole',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('receptionist', '接待员'), ('prosecutor', '检察官'), ('office_head', '负责人'), ('editor', '编辑'), ('security_reviewer', '安全审查员'), ('opinion_analyst', '舆情分析员'), ('administrator', '系统管理员')], max_length=32, verbose_name='角色')),
            ],
            options={
                'verbose_name': '角色',
                'verbose_name_plural': '角色',
                'ordering': ['staff_id', 'role'],
            },
        ),
        migrations.AddField(
            model_name='staffrole',
            name='staff',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='offices.staff'),
        ),
        migrations.AddConstraint(
            model_name='staffrole',
            constraint=models.UniqueConstraint(fields=('staff', 'role'), name='staffrole_unique_per_staff'),
        ),
        migrations.RunPython(roles_copy, roles_restore),
        migrations.RunPython(paths_rebuild, migrations.RunPython.noop),
    ]
