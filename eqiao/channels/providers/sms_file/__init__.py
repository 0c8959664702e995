"""Development SMS provider: each message is appended to var/sms/outbox.log and printed, so
`make run` shows what a citizen would receive without a real provider.

It takes batches as the HTTP gateway with a batch URL does (`sms_http`): a flood of
receipts is claimed, written and recorded a hundred at a time, one file write for all, so
`make run` and the load benchmark go through the same batch path a deployment takes."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone

from eqiao.channels.providers import BatchResult, Outgoing, Provider, SendResult


class FileSmsProvider(Provider):
    slug = "sms_file"
    channel = "sms"
    fake = True
    supports_batch = True
    max_batch = 100

    def send(self, message: Outgoing) -> SendResult:
        return self.send_batch([message])[0]  # type: ignore[return-value]

    def send_batch(self, messages: Sequence[Outgoing]) -> list[BatchResult]:
        """Every message appended in one write (a line each) and printed."""
        now = timezone.now().isoformat()
        results: list[BatchResult] = []
        lines, shown = [], []
        for message in messages:
            provider_id = f"file-{uuid.uuid4().hex[:12]}"
            record = {
                "at": now,
                "phone": message.recipient,
                "text": message.text,
                "template": message.template,
                "params": dict(message.params),
                "id": provider_id,
            }
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
            shown.append(f"[SMS → {message.recipient}] {message.text}\n")
            results.append(SendResult(provider_id=provider_id))
        directory = settings.EQIAO_SMS_FILE_DIR
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / "outbox.log", "a", encoding="utf-8") as fh:
            fh.write("".join(lines))
        sys.stderr.write("".join(shown))
        sys.stderr.flush()
        return results
