"""Development SMS provider: each message is appended to var/sms/outbox.log and printed, so
`make run` shows what a citizen would receive without a real provider."""

from __future__ import annotations

import json
import sys
import uuid

from django.conf import settings
from django.utils import timezone

from eqiao.channels.providers import Outgoing, Provider, SendResult


class FileSmsProvider(Provider):
    slug = "sms_file"
    channel = "sms"
    fake = True

    def send(self, message: Outgoing) -> SendResult:
        provider_id = f"file-{uuid.uuid4().hex[:12]}"
        directory = settings.EQIAO_SMS_FILE_DIR
        directory.mkdir(parents=True, exist_ok=True)
        record = {
            "at": timezone.now().isoformat(),
            "phone": message.recipient,
            "text": message.text,
            "template": message.template,
            "params": dict(message.params),
            "id": provider_id,
        }
        with open(directory / "outbox.log", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"[SMS → {message.recipient}] {message.text}", file=sys.stderr, flush=True)
        return SendResult(provider_id=provider_id)
