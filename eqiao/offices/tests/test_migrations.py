"""The move from one `role` column to the role table keeps everyone's role, and repairs
offices whose path was left empty by the admin."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("offices", "0001_initial")]
AFTER = [("offices", "0003_drop_staff_role_and_check_office_path")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """Later tests in this worker need every migration applied again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_roles_are_copied_and_empty_paths_rebuilt():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Procuratorate = old.get_model("offices", "Procuratorate")
    Staff = old.get_model("offices", "Staff")
    User = old.get_model("core", "User")
    city = Procuratorate.objects.create(name="市院", short_name="市院", level="city", path="")
    county = Procuratorate.objects.create(
        name="县院", short_name="县院", level="county", parent=city, path=""
    )
    user = User.objects.create(username="old_head")
    Staff.objects.create(user=user, office=county, role="office_head", full_name="张三")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    county_now = new.get_model("offices", "Procuratorate").objects.get(pk=county.pk)
    assert county_now.path == f"{city.pk}/{county.pk}/"
    roles = new.get_model("offices", "StaffRole").objects.filter(staff__user__username="old_head")
    assert list(roles.values_list("role", flat=True)) == ["office_head"]
