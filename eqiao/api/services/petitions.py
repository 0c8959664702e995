"""Filing petitions and follow-up messages for an API client, through the intake services.

Idempotency: a client's `Idempotency-Key` becomes the petition's idempotency key, scoped to
that client, so a retry returns the first petition and one client's keys can never reach
another's petitions. The query password exists in clear only in the first answer; so that a
retry whose first answer was lost can still show it, the answer is kept in the cache for a
day (like the portal keeps it in the session), then only the receipt SMS has it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from eqiao.api.models import ApiClient, ApiSubmission
from eqiao.core import ratelimit
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.validators import normalize_mobile
from eqiao.intake.models import Petition, PetitionEvent
from eqiao.intake.services.handling import petition_citizen_message
from eqiao.intake.services.submission import petition_submit
from eqiao.offices.models import Procuratorate

HOUR = 3600
REPLAY_SECONDS = 24 * HOUR
# One phone number files at most this many petitions an hour, whichever client carries it.
SUBMIT_PER_PHONE_PER_HOUR = 10
# Follow-up messages on one petition an hour.
MESSAGES_PER_PETITION_PER_HOUR = 20
MAX_IDEMPOTENCY_KEY = 200


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


def _over_hourly_budget(key: str, limit: int) -> bool:
    return ratelimit.count(key, window_seconds=HOUR) >= limit


def _check_submit_budget(client: ApiClient, phone: str) -> None:
    if _over_hourly_budget(f"api-submit-client:{client.pk}", client.submit_per_hour):
        raise RateLimitedError(
            _("该接入方本小时提交的数量已达上限，请稍后再试。"), extra={"retry_after": HOUR}
        )
    if phone and _over_hourly_budget(f"api-submit-phone:{phone}", SUBMIT_PER_PHONE_PER_HOUR):
        raise RateLimitedError(
            _("这个手机号本小时提交的诉求太多了，请1小时后再试。"),
            field="phone",
            extra={"retry_after": HOUR},
        )


def _count_submit(client: ApiClient, phone: str) -> None:
    ratelimit.hit(f"api-submit-client:{client.pk}", limit=10**9, window_seconds=HOUR)
    if phone:
        ratelimit.hit(f"api-submit-phone:{phone}", limit=10**9, window_seconds=HOUR)


def _replayed(petition: Petition, scoped_key: str | None) -> ApiReceipt:
    submission = ApiSubmission.objects.filter(petition=petition).first()
    password = cache.get(f"api-replay:{scoped_key}") if scoped_key else None
    return ApiReceipt(
        petition=petition,
        token=submission.token if submission else "",
        query_password=password,
        created=False,
    )


def api_petition_submit(
    *,
    client: ApiClient,
    kind: str,
    content: str,
    idempotency_key: str | None = None,
    office: Procuratorate | None = None,
    **fields,
) -> ApiReceipt:
    """File a petition as `client` (its channel is the petition's channel); `fields` are
    petition_submit's person and text arguments. Raises ApplicationError (bad input),
    RateLimitedError (over the client's or the phone's hourly budget)."""
    scoped = _scoped_key(client, idempotency_key)
    if scoped:
        earlier = Petition.objects.filter(idempotency_key=scoped).first()
        if earlier:
            return _replayed(earlier, scoped)
    phone = normalize_mobile(fields.get("phone") or "")
    _check_submit_budget(client, phone)
    try:
        with transaction.atomic():
            result = petition_submit(
                kind=kind,
                channel=client.channel,
                content=content,
                office=office,
                idempotency_key=scoped,
                **fields,
            )
            if not result.created:
                return _replayed(result.petition, scoped)
            submission = ApiSubmission.objects.create(
                petition=result.petition, client=client, token=secrets.token_hex(16)
            )
    except IntegrityError:
        # A concurrent retry with the same key won: answer with its petition.
        earlier = Petition.objects.filter(idempotency_key=scoped).first() if scoped else None
        if earlier is None:
            raise
        return _replayed(earlier, scoped)
    _count_submit(client, phone)
    if scoped:
        cache.set(f"api-replay:{scoped}", result.query_password, timeout=REPLAY_SECONDS)
    return ApiReceipt(
        petition=result.petition,
        token=submission.token,
        query_password=result.query_password,
        created=True,
    )


def api_petition_message(*, client: ApiClient, petition: Petition, text: str) -> PetitionEvent:
    """A citizen's follow-up message carried by `client` (the caller has checked the query
    password). Budgeted per client and per petition."""
    if _over_hourly_budget(f"api-submit-client:{client.pk}", client.submit_per_hour):
        raise RateLimitedError(
            _("该接入方本小时提交的数量已达上限，请稍后再试。"), extra={"retry_after": HOUR}
        )
    if not ratelimit.hit(
        f"api-message:{petition.pk}", limit=MESSAGES_PER_PETITION_PER_HOUR, window_seconds=HOUR
    ):
        raise RateLimitedError(
            _("这件信访件本小时的留言太多了，请稍后再试。"), extra={"retry_after": HOUR}
        )
    event = petition_citizen_message(petition=petition, text=text)
    ratelimit.hit(f"api-submit-client:{client.pk}", limit=10**9, window_seconds=HOUR)
    return event
