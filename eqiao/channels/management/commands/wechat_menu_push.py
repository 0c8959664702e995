"""eqiao wechat_menu_push: replace the official account's custom menu with the one kept
as data (admin → 微信菜单)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from eqiao.channels.providers import PermanentError, TransientError
from eqiao.channels.services.wechat import wechat_menu_build, wechat_menu_push
from eqiao.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Push the WeChat custom menu (admin → 微信菜单) to the official account."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print the menu's JSON, send nothing"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        try:
            buttons = wechat_menu_build() if dry_run else wechat_menu_push()
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        except (TransientError, PermanentError) as error:
            raise CommandError(f"WeChat refused the menu: {error}") from None
        self.stdout.write(json.dumps({"button": buttons}, ensure_ascii=False, indent=2))
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"menu pushed: {len(buttons)} buttons"))
