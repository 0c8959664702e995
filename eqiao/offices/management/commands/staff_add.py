"""Add a staff member from the command line: the first administrator of a fresh install
(who then adds everyone else on the workbench's people page), or a break-glass account.

eqiao staff_add admin --full-name 王明 --roles administrator --city-name 聊城市人民检察院
eqiao staff_add gx_zhao --full-name 赵雨萱 --office 3 --roles prosecutor,editor

The password is read from the terminal (twice), or from the first line of stdin with
--password-stdin. The city office is created when there is none and --city-name is given.
"""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eqiao.core.errors import ApplicationError
from eqiao.offices.models import Level, Procuratorate, Role
from eqiao.offices.services import procuratorate_create, staff_create


class Command(BaseCommand):
    help = "Add a staff member with roles (the first administrator of a fresh install)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument(
            "--roles", required=True, help=f"comma-separated, of: {', '.join(Role.values)}"
        )
        parser.add_argument("--office", type=int, help="office id (default: the city office)")
        parser.add_argument("--city-name", help="create the city office with this name if none")
        parser.add_argument("--mobile", default="")
        parser.add_argument("--password-stdin", action="store_true")

    def _office(self, office_id: int | None, city_name: str | None) -> Procuratorate:
        if office_id is not None:
            office = Procuratorate.objects.filter(pk=office_id).first()
            if office is None:
                raise CommandError(f"no office with id {office_id}")
            return office
        city = Procuratorate.objects.filter(level=Level.CITY).order_by("pk").first()
        if city is not None:
            return city
        if not city_name:
            raise CommandError("there is no office yet: give --city-name to create the city office")
        return procuratorate_create(name=city_name, short_name=city_name[:30], level=Level.CITY)

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        return first

    def handle(self, *args, **options):
        roles = [r.strip() for r in options["roles"].split(",") if r.strip()]
        unknown = set(roles) - set(Role.values)
        if unknown or not roles:
            raise CommandError(f"unknown roles {sorted(unknown)}; choose from {Role.values}")
        password = self._password(options["password_stdin"])
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        office = self._office(options["office"], options["city_name"])
        try:
            staff = staff_create(
                username=options["username"],
                password=password,
                office=office,
                roles=roles,
                full_name=options["full_name"],
                mobile=options["mobile"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {staff.user.username} ({staff.roles_display}) at {office.name}."
            )
        )
