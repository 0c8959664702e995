"""What the portal's views share: who the citizen has proved to be, kept in the session."""

from __future__ import annotations

import time

from django.http import HttpRequest

from eqiao.intake.models import Petition

TRACKED_KEY = "portal_tracked"
PHONE_KEY = "portal_phone"
PHONE_AT_KEY = "portal_phone_at"
RECEIPTS_KEY = "portal_receipts"
PENDING_PHONE_KEY = "portal_login_phone"
# A phone login lasts two hours: long enough to read and reply, short enough that the next
# person at a township kiosk does not find it open.
PHONE_LOGIN_SECONDS = 2 * 3600
MAX_REMEMBERED = 10


def verified_phone(request: HttpRequest) -> str:
    """The phone this browser proved by SMS code within the last two hours, or ''."""
    phone = request.session.get(PHONE_KEY, "")
    at = request.session.get(PHONE_AT_KEY, 0)
    if phone and time.time() - at <= PHONE_LOGIN_SECONDS:
        return phone
    return ""


def phone_login(request: HttpRequest, phone: str) -> None:
    request.session.cycle_key()  # a new session id on login: no fixation
    request.session[PHONE_KEY] = phone
    request.session[PHONE_AT_KEY] = time.time()
    request.session.pop(PENDING_PHONE_KEY, None)


def phone_logout(request: HttpRequest) -> None:
    for key in (PHONE_KEY, PHONE_AT_KEY, PENDING_PHONE_KEY, TRACKED_KEY, RECEIPTS_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()


def remember_tracked(request: HttpRequest, number: str) -> None:
    """This browser proved it knows the petition's password (or just filed it)."""
    tracked = [n for n in request.session.get(TRACKED_KEY, []) if n != number]
    request.session[TRACKED_KEY] = [number, *tracked][:MAX_REMEMBERED]


def may_view(request: HttpRequest, petition: Petition) -> bool:
    if petition.tracking_number in request.session.get(TRACKED_KEY, []):
        return True
    phone = verified_phone(request)
    return bool(phone) and petition.phone == phone


def remember_receipt(request: HttpRequest, key: str, receipt: dict) -> None:
    receipts = dict(request.session.get(RECEIPTS_KEY, {}))
    receipts[key] = receipt
    request.session[RECEIPTS_KEY] = dict(list(receipts.items())[-MAX_REMEMBERED:])


def receipt_for_key(request: HttpRequest, key: str) -> dict | None:
    return request.session.get(RECEIPTS_KEY, {}).get(key) if key else None


def receipt_for_number(request: HttpRequest, number: str) -> dict | None:
    for receipt in request.session.get(RECEIPTS_KEY, {}).values():
        if receipt.get("number") == number:
            return receipt
    return None
