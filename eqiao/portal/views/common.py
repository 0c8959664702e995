"""What the portal's views share: who the citizen has proved to be, kept in the session.

Every proof is short-lived, because a township kiosk or a family phone is shared: the next
person must not find the last one's petitions, or a receipt with its password, in the
browser history.
"""

from __future__ import annotations

import time

from django.http import HttpRequest

from eqiao.intake.models import Petition

TRACKED_KEY = "portal_tracked"
PHONE_KEY = "portal_phone"
PHONE_AT_KEY = "portal_phone_at"
RECEIPTS_KEY = "portal_receipts"
PENDING_PHONE_KEY = "portal_login_phone"
# A phone login or a password lookup lasts two hours: long enough to read and reply.
PROOF_SECONDS = 2 * 3600
# The receipt (with the query password) can be shown again for half an hour: enough for a
# retry or a reload, not for the next person at the kiosk.
RECEIPT_SECONDS = 30 * 60
MAX_REMEMBERED = 10


def _fresh(at: float, seconds: int) -> bool:
    return time.time() - (at or 0) <= seconds


def verified_phone(request: HttpRequest) -> str:
    """The phone this browser proved by SMS code within the last two hours, or ''."""
    phone = request.session.get(PHONE_KEY, "")
    if phone and _fresh(request.session.get(PHONE_AT_KEY, 0), PROOF_SECONDS):
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


def _tracked(request: HttpRequest) -> dict[str, float]:
    tracked = request.session.get(TRACKED_KEY, {})
    return tracked if isinstance(tracked, dict) else {}


def remember_tracked(request: HttpRequest, number: str) -> None:
    """This browser proved it knows the petition's password (or just filed it)."""
    tracked = {n: at for n, at in _tracked(request).items() if _fresh(at, PROOF_SECONDS)}
    tracked.pop(number, None)
    tracked[number] = time.time()
    request.session[TRACKED_KEY] = dict(list(tracked.items())[-MAX_REMEMBERED:])


def forget_petition(request: HttpRequest, number: str) -> None:
    """End the viewing of one petition on this browser (a shared phone, a kiosk): the
    password lookup and the receipt are forgotten, and a phone login that would still open
    it ends too. The session gets a new id, so a copied cookie opens nothing either."""
    tracked = _tracked(request)
    tracked.pop(number, None)
    request.session[TRACKED_KEY] = tracked
    receipts = {
        key: receipt
        for key, receipt in request.session.get(RECEIPTS_KEY, {}).items()
        if receipt.get("number") != number
    }
    request.session[RECEIPTS_KEY] = receipts
    if verified_phone(request):
        phone_logout(request)
    else:
        request.session.cycle_key()


def may_view(request: HttpRequest, petition: Petition) -> bool:
    at = _tracked(request).get(petition.tracking_number)
    if at and _fresh(at, PROOF_SECONDS):
        return True
    phone = verified_phone(request)
    return bool(phone) and petition.phone == phone


def remember_receipt(request: HttpRequest, key: str, receipt: dict) -> None:
    receipts = dict(request.session.get(RECEIPTS_KEY, {}))
    receipts[key] = {**receipt, "at": time.time()}
    request.session[RECEIPTS_KEY] = dict(list(receipts.items())[-MAX_REMEMBERED:])


def _receipts(request: HttpRequest) -> dict[str, dict]:
    return {
        key: receipt
        for key, receipt in request.session.get(RECEIPTS_KEY, {}).items()
        if _fresh(receipt.get("at", 0), RECEIPT_SECONDS)
    }


def receipt_for_key(request: HttpRequest, key: str) -> dict | None:
    return _receipts(request).get(key) if key else None


def receipt_for_number(request: HttpRequest, number: str) -> dict | None:
    for receipt in _receipts(request).values():
        if receipt.get("number") == number:
            return receipt
    return None
