"""Seed the city-wide emergency plan template for collective or escalated visits
(集体访/越级访应急预案). A snapshot of `risk.DEFAULT_TEMPLATES` at the time of writing, so
later edits of that constant do not change what this migration does."""

from django.db import migrations

NAME = "集体访/越级访应急预案"
DESCRIPTION = "群众表示要集体上访、越级上访或有过激言行时启动。"
STEPS = [
    {"title": "立即联系信访人核实情况", "owner_role": "prosecutor", "due_hours": 2},
    {"title": "向院领导报告", "owner_role": "office_head", "due_hours": 4},
    {"title": "会同乡镇、劳动监察等部门研判", "owner_role": "office_head", "due_hours": 24},
    {"title": "约见群众代表、释法说理", "owner_role": "prosecutor", "due_hours": 48},
    {"title": "跟踪化解并回访", "owner_role": "prosecutor", "due_hours": 168},
]


def seed(apps, schema_editor):
    Template = apps.get_model("intake", "EmergencyPlanTemplate")
    Template.objects.get_or_create(
        name=NAME, office=None, defaults={"description": DESCRIPTION, "steps": STEPS}
    )


def unseed(apps, schema_editor):
    Template = apps.get_model("intake", "EmergencyPlanTemplate")
    Template.objects.filter(name=NAME, office=None, emergencyplan__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
