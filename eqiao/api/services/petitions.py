"""Filing petitions and follow-up messages for an API client, through the intake services.

Retries never file twice:
- With an `Idempotency-Key`, the key becomes the petition's idempotency key, scoped to the
  client (one client's keys never reach another's petitions). The same key with the same
  content returns the first petition; with other content it is refused (422), as payment
  APIs do, instead of silently dropping the second submission.
- Without a key (Open311 clients send none), an identical submission — the same normalised
  fields — from the same client within DUPLICATE_WINDOW returns the first petition.
Both compare a digest of the normalised submission kept on the ApiSubmission.

The query password exists in clear only in the first answer; so that a retry whose first
answer was lost can still show it, the answer is kept in the cache for a day (keyed) or for
the duplicate window (unkeyed), like the portal keeps it in the session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.api.models import ApiClient, ApiSubmission
from eqiao.api.services.budget import Reservation, budget_seconds_left, budget_take
from eqiao.core import ratelimit, throttle
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.validators import normalize_id_number, normalize_mobile
from eqiao.intake.models import Petition, PetitionEvent
from eqiao.intake.services.attachments import UploadedFile
from eqiao.intake.services.handling import petition_citizen_message
from eqiao.intake.services.submission import petition_submit
from eqiao.offices.models import Procuratorate

HOUR = 3600
REPLAY_SECONDS = 24 * HOUR
# An identical submission from the same client this soon after is a retry.
DUPLICATE_WINDOW = dt.timedelta(minutes=10)
# One phone number files at most this many petitions an hour, whichever client carries it.
SUBMIT_PER_PHONE_PER_HOUR = 10
# Follow-up messages on one petition an hour.
MESSAGES_PER_PETITION_PER_HOUR = 20
MAX_IDEMPOTENCY_KEY = 200


class IdempotencyKeyReused(ApplicationError):
    """The same Idempotency-Key came with other content."""

    status_code = 422


@dataclass(frozen=True)
class ApiReceipt:
    petition: Petition
    token: str
    query_password: str | None  # None on a retry whose first answer is no longer cached
    created: bool


def _scoped_key(client: ApiClient, idempotency_key: str | None) -> str | None:
    key = (idempotency_key or "").strip()
    if not key:
        return None
    if len(key) > MAX_IDEMPOTENCY_KEY:
        raise ApplicationError(
            _("Idempotency-Key 最长%(n)d个字符。") % {"n": MAX_IDEMPOTENCY_KEY},
            field="idempotency_key",
        )
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"api:{client.pk}:{digest}"


def _text(value: object) -> str:
    """A free text as the comparison sees it: NFKC, whitespace runs collapsed."""
    return " ".join(unicodedata.normalize("NFKC", str(value or "")).split())


def _file_digest(upload: UploadedFile) -> str:
    data = upload.read()
    seek = getattr(upload, "seek", None)
    if seek is not None:
        seek(0)
    return hashlib.sha256(data).hexdigest()


def submission_digest(
    *,
    kind: str,
    content: str,
    office: Procuratorate | None,
    attachments: Sequence[UploadedFile] = (),
    **fields,
) -> str:
    """SHA-256 of a submission's normalised fields: the same petition typed twice (other
    spacing, full-width digits, a phone with dashes) gives the same digest."""
    normalised: dict[str, object] = {
        key: _text(value) for key, value in fields.items() if isinstance(value, str)
    }
    normalised |= {key: value for key, value in fields.items() if isinstance(value, bool)}
    normalised |= {
        "kind": _text(kind),
        "content": _text(content),
        "office": office.pk if office else None,
        "phone": normalize_mobile(str(fields.get("phone") or "")),
        "id_number": normalize_id_number(str(fields.get("id_number") or "")),
        "attachments": [_file_digest(upload) for upload in attachments],
    }
    encoded = json.dumps(normalised, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()


def _replay_cache_key(client: ApiClient, scoped: str | None, digest: str) -> str:
    return f"api-replay:{scoped}" if scoped else f"api-replay:{client.pk}:{digest}"


def _replayed(submission: ApiSubmission, cache_key: str) -> ApiReceipt:
    return ApiReceipt(
        petition=submission.petition,
        token=submission.token,
        query_password=cache.get(cache_key),
        created=False,
    )


def _recent_identical(client_id: int, digest: str, since: dt.datetime) -> int | None:
    """The newest submission of the client with this digest since `since` (its id): the
    check every unkeyed submission makes, written as SQL because building it through the
    ORM cost more than running it (the index on client, digest and time answers it)."""
    table = connection.ops.quote_name(ApiSubmission._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE client_id = %s AND body_digest = %s"
            " AND created_at >= %s ORDER BY created_at DESC, id DESC LIMIT 1",
            [client_id, digest, connection.ops.adapt_datetimefield_value(since)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _earlier(
    client: ApiClient, scoped: str | None, digest: str, now: dt.datetime
) -> ApiSubmission | None:
    """The submission this one repeats, if any. IdempotencyKeyReused when the key is the
    same and the content is not. Looked for by id first: nearly every submission is new,
    and the narrow query is the cheap one."""
    if scoped:
        pk = (
            ApiSubmission.objects.filter(petition__idempotency_key=scoped)
            .values_list("pk", flat=True)
            .first()
        )
    else:
        pk = _recent_identical(client.pk, digest, now - DUPLICATE_WINDOW)
    if pk is None:
        return None
    earlier = ApiSubmission.objects.select_related("petition").get(pk=pk)
    if scoped and earlier.body_digest and earlier.body_digest != digest:
        raise IdempotencyKeyReused(
            _(
                "这个 Idempotency-Key 已用于另一份内容不同的提交（受理编号%(number)s）。"
                "重试请发送完全相同的内容；新的诉求请换一个新的 Idempotency-Key。"
            )
            % {"number": earlier.petition.tracking_number},
            field="idempotency_key",
        )
    return earlier


def _client_budget_spent(client: ApiClient) -> RateLimitedError:
    """The refusal when the client's hourly budget is spent, with the real wait until its
    window ends (not a whole hour: the window started at its first write)."""
    seconds = budget_seconds_left(name=f"client:{client.pk}")
    return RateLimitedError(
        _("该接入方本小时提交的数量已达上限，请%(wait)s后再试。")
        % {"wait": throttle.wait_text(seconds)},
        extra={"retry_after": seconds},
    )


def _reserve_submit(client: ApiClient, phone: str) -> Reservation:
    """Take one unit of the client's and the phone's hourly budgets, or RateLimitedError."""
    reservation = Reservation()
    if not budget_take(name=f"client:{client.pk}", limit=client.submit_per_hour):
        raise _client_budget_spent(client)
    reservation.names.append(f"client:{client.pk}")
    if phone and not budget_take(name=f"phone:{phone}", limit=SUBMIT_PER_PHONE_PER_HOUR):
        reservation.release()
        seconds = budget_seconds_left(name=f"phone:{phone}")
        raise RateLimitedError(
            _("这个手机号本小时提交的诉求太多了，请%(wait)s后再试。")
            % {"wait": throttle.wait_text(seconds)},
            field="phone",
            extra={"retry_after": seconds},
        )
    if phone:
        reservation.names.append(f"phone:{phone}")
    return reservation


def api_petition_submit(
    *,
    client: ApiClient,
    kind: str,
    content: str,
    idempotency_key: str | None = None,
    office: Procuratorate | None = None,
    now: dt.datetime | None = None,
    **fields,
) -> ApiReceipt:
    """File a petition as `client` (its channel is the petition's channel); `fields` are
    petition_submit's person, text and attachment arguments. A repeat (see the module
    docstring) returns the first petition with `created` False. Raises ApplicationError
    (bad input), IdempotencyKeyReused (422), RateLimitedError (over the client's or the
    phone's hourly budget; a write that fails gives its unit back)."""
    now = now or timezone.now()
    scoped = _scoped_key(client, idempotency_key)
    digest = submission_digest(kind=kind, content=content, office=office, **fields)
    replay_key = _replay_cache_key(client, scoped, digest)
    earlier = _earlier(client, scoped, digest, now)
    if earlier is not None:
        return _replayed(earlier, replay_key)
    reservation = _reserve_submit(client, normalize_mobile(str(fields.get("phone") or "")))
    token = secrets.token_hex(16)

    try:
        result = petition_submit(
            kind=kind,
            channel=client.channel,
            content=content,
            office=office,
            idempotency_key=scoped,
            # Written with the petition: a petition filed through the API always has its
            # ApiSubmission, and the duplicate check sees both or neither.
            records=[ApiSubmission(client=client, token=token, body_digest=digest)],
            **fields,
        )
    except IntegrityError:
        reservation.release()
        # A concurrent retry with the same key won: answer with its petition.
        earlier = _earlier(client, scoped, digest, now) if scoped else None
        if earlier is None:
            raise
        return _replayed(earlier, replay_key)
    except BaseException:
        reservation.release()
        raise
    if not result.created:  # a concurrent retry with the same key won
        reservation.release()
        return _replayed(ApiSubmission.objects.get(petition=result.petition), replay_key)
    cache.set(
        replay_key,
        result.query_password,
        timeout=REPLAY_SECONDS if scoped else int(DUPLICATE_WINDOW.total_seconds()),
    )
    return ApiReceipt(
        petition=result.petition,
        token=token,
        query_password=result.query_password,
        created=True,
    )


def api_petition_message(*, client: ApiClient, petition: Petition, text: str) -> PetitionEvent:
    """A citizen's follow-up message carried by `client` (the caller has checked the query
    password). Budgeted per client (shared with submissions) and per petition."""
    reservation = Reservation()
    if not budget_take(name=f"client:{client.pk}", limit=client.submit_per_hour):
        raise _client_budget_spent(client)
    reservation.names.append(f"client:{client.pk}")
    if not ratelimit.hit(
        f"api-message:{petition.pk}", limit=MESSAGES_PER_PETITION_PER_HOUR, window_seconds=HOUR
    ):
        reservation.release()
        seconds = ratelimit.seconds_left(f"api-message:{petition.pk}", window_seconds=HOUR)
        raise RateLimitedError(
            _("这件信访件本小时的留言太多了，请%(wait)s后再试。")
            % {"wait": throttle.wait_text(seconds)},
            extra={"retry_after": seconds},
        )
    try:
        return petition_citizen_message(petition=petition, text=text)
    except BaseException:
        reservation.release()
        raise
