"""eqiao weibo_token: obtain or check the Weibo access token (docs/weibo.md).

Weibo's ordinary apps get no refresh token: when the token nears its end an administrator
authorises the app again. Without arguments: the address to open while logged in to the
office's Weibo account. ``--code CODE``: exchange the code Weibo sent to the redirect URI
for a token, printed to be set as EQIAO_WEIBO_ACCESS_TOKEN. ``--check``: how long the
configured token has left."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eqiao.channels.providers import PermanentError, TransientError
from eqiao.channels.providers.weibo import weibo_api
from eqiao.channels.providers.weibo.client import weibo_authorize_url, weibo_token_exchange

DAY = 86400


class Command(BaseCommand):
    help = (
        "Get (--code) or check (--check) the Weibo access token; no argument: where to authorise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", default="", help="the code Weibo sent to the redirect URI")
        parser.add_argument("--check", action="store_true", help="days the token has left")

    def handle(self, *args, code: str = "", check: bool = False, **options):
        base = settings.EQIAO_WEIBO_API_BASE
        if check:
            try:
                seconds = weibo_api().token_info()
            except (TransientError, PermanentError) as error:
                raise CommandError(f"Weibo refused the token: {error}") from None
            self.stdout.write(f"the token has {seconds // DAY} days left")
            return
        missing = [
            name
            for name in (
                "EQIAO_WEIBO_APP_KEY",
                "EQIAO_WEIBO_APP_SECRET",
                "EQIAO_WEIBO_REDIRECT_URI",
            )
            if not getattr(settings, name)
        ]
        if missing:
            raise CommandError(f"set {', '.join(missing)} first")
        if not code:
            url = weibo_authorize_url(
                api_base=base,
                app_key=settings.EQIAO_WEIBO_APP_KEY,
                redirect_uri=settings.EQIAO_WEIBO_REDIRECT_URI,
            )
            self.stdout.write(f"open, logged in to the office's Weibo account:\n{url}")
            return
        try:
            token, seconds = weibo_token_exchange(
                api_base=base,
                app_key=settings.EQIAO_WEIBO_APP_KEY,
                app_secret=settings.EQIAO_WEIBO_APP_SECRET,
                redirect_uri=settings.EQIAO_WEIBO_REDIRECT_URI,
                code=code.strip(),
            )
        except (TransientError, PermanentError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"EQIAO_WEIBO_ACCESS_TOKEN={token}")
        self.stdout.write(f"valid for {seconds // DAY} days")
