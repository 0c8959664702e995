"""`eqiao api_client_create NAME --channel kiosk`: create an API client and print its key
once (only its hash is kept)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from eqiao.api.models import ClientChannel
from eqiao.api.services.clients import api_client_create
from eqiao.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create an API client and print its key (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="who the client is, e.g. 冠县清水镇便民查询机")
        parser.add_argument(
            "--channel",
            required=True,
            choices=ClientChannel.values,
            help="the channel its petitions are recorded as",
        )
        parser.add_argument(
            "--submit-per-hour",
            type=int,
            default=300,
            help="petitions and messages it may send an hour (default 300)",
        )

        parser.add_argument(
            "--scopes",
            default="",
            help='what else it may do, space-separated: "cases.write" lets it upsert cases',
        )

    def handle(self, *args, name, channel, submit_per_hour, scopes="", **options):
        if submit_per_hour < 1:
            raise CommandError("--submit-per-hour must be at least 1")
        try:
            client, key = api_client_create(
                name=name, channel=channel, submit_per_hour=submit_per_hour, scopes=scopes
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"created API client #{client.pk} {client.name} ({client.channel})")
        self.stderr.write("its key follows; it is shown only this once:")
        self.stdout.write(key)
