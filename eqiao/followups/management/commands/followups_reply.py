"""Type a citizen's SMS reply, as the gateway's inbound webhook would hand it on (for trying
follow-ups on a development machine, where no phone can answer the loopback gateway).

    eqiao followups_reply 13800010000 "1 谢谢"
    eqiao followups_reply 13800010000 不满意，等了很久
    eqiao followups_reply 13800010000 2 --reply-to fake-17   # the gateway's id of our SMS

The reply goes through the inbound dispatcher like any other: opt-out words, then the
follow-up reply handler (if the number was sent a follow-up recently), then intake.
"""

from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand, CommandError

from eqiao.channels.services import inbound_dispatch
from eqiao.core.errors import ApplicationError
from eqiao.followups.selection import MOBILE_RE


class Command(BaseCommand):
    help = "Hand an SMS reply from PHONE to the inbound dispatcher, as the gateway would."

    def add_arguments(self, parser):
        parser.add_argument("phone")
        parser.add_argument("text", nargs="+")
        parser.add_argument(
            "--reply-to", default="", help="the gateway's id of the SMS this answers"
        )

    def handle(self, *args, phone: str, text: list[str], reply_to: str = "", **options):
        if not MOBILE_RE.match(phone):
            raise CommandError(f"not a mainland mobile number: {phone!r}")
        try:
            record = inbound_dispatch(
                channel="sms",
                provider="sms_http",
                provider_message_id=f"typed-{uuid.uuid4().hex}",
                sender=phone,
                text=" ".join(text),
                reply_to=reply_to.strip(),
            )
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"{record.handler or '-'}: {record.outcome} {record.ref}".rstrip())
