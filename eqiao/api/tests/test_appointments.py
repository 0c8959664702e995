# ruff: noqa: F811 — the appointments fixtures are imported, then requested by name
"""The appointments endpoints: public slots, bookings by an authenticated client."""

from __future__ import annotations

import pytest

from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.models import Booking
from eqiao.appointments.tests.conftest import clock, desk  # noqa: F401

pytestmark = pytest.mark.django_db
BASE = "/api/v1/appointments"


def _slots(client, desk, day="2026-12-15"):
    return client.get(
        f"{BASE}/slots", {"office": desk.tree.qingshui.pk, "kind": K.WALK_IN, "date": day}
    )


def test_offices_and_slots_are_public_and_show_seats_left(client, desk, clock):
    offices = client.get(f"{BASE}/offices").json()
    qingshui = next(o for o in offices if o["id"] == desk.tree.qingshui.pk)
    assert {k["code"] for k in qingshui["kinds"]} == {K.WALK_IN, K.RECEPTION_DAY, K.VIDEO_RECEPTION}
    body = _slots(client, desk).json()
    first = body["slots"][0]
    assert first["starts_at"] == "2026-12-15T09:00:00+08:00" and first["remaining"] == 1
    assert "2026-12-19" not in body["open_days"]  # a Saturday
    missing = client.get(f"{BASE}/slots", {"office": desk.tree.qingshui.pk, "kind": K.FILE_REVIEW})
    assert missing.status_code == 404 and "不办理" in missing.json()["detail"]


def test_a_kiosk_books_reads_and_cancels_its_booking(client, desk, clock, kiosk, wechat):
    slot = _slots(client, desk).json()["slots"][0]["slot"]
    payload = {"kind": K.WALK_IN, "slot": slot, "name": "李桂兰", "phone": "13906359999"}
    response = client.post(
        f"{BASE}/bookings", payload, content_type="application/json", **kiosk.auth
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed" and body["checkin_code"]
    assert _slots(client, desk).json()["slots"][0]["remaining"] == 0
    again = client.post(
        f"{BASE}/bookings",
        {**payload, "phone": "13906358888"},
        content_type="application/json",
        **kiosk.auth,
    )
    assert again.status_code == 400 and again.json()["detail"] == "该时段已约满，请选择其他时段。"
    ref = body["reference"]
    assert client.get(f"{BASE}/bookings/{ref}", **wechat.auth).status_code == 404
    assert client.get(f"{BASE}/bookings/{ref}", **kiosk.auth).json()["reference"] == ref
    cancelled = client.post(f"{BASE}/bookings/{ref}/cancel", **kiosk.auth)
    assert cancelled.json()["status"] == "cancelled"
    assert Booking.objects.get(reference=ref).api_client_id == kiosk.client.pk


def test_bookings_need_a_key_and_refuse_lawyer_kinds_and_bad_slots(client, desk, clock, kiosk):
    payload = {"kind": K.WALK_IN, "slot": "x", "name": "李桂兰", "phone": "13906359999"}
    assert (
        client.post(f"{BASE}/bookings", payload, content_type="application/json").status_code == 401
    )
    bad = client.post(f"{BASE}/bookings", payload, content_type="application/json", **kiosk.auth)
    assert bad.status_code == 400 and bad.json()["field"] == "slot"
    lawyer = client.post(
        f"{BASE}/bookings",
        {**payload, "kind": K.FILE_REVIEW},
        content_type="application/json",
        **kiosk.auth,
    )
    assert lawyer.status_code == 403 and "律师账户" in lawyer.json()["detail"]
    phone = client.post(
        f"{BASE}/bookings",
        {**payload, "slot": f"{desk.reception.pk}@2026-12-15T09:00", "phone": "123"},
        content_type="application/json",
        **kiosk.auth,
    )
    assert phone.status_code == 400 and phone.json()["field"] == "phone"


def test_the_openapi_document_lists_the_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/slots",
        "/offices",
        "/bookings",
        "/bookings/{reference}",
        "/bookings/{reference}/cancel",
    ):
        assert f"/api/v1/appointments{path}" in paths
    assert "security" in paths["/api/v1/appointments/bookings"]["post"]
    assert "security" not in paths["/api/v1/appointments/slots"]["get"]


def test_bad_ids_and_references_are_clear_errors(client, desk, kiosk):
    assert client.get(f"{BASE}/slots", {"office": 10**20, "kind": K.WALK_IN}).status_code in (
        404,
        422,
    )
    assert client.get(f"{BASE}/bookings/%00AB", **kiosk.auth).status_code == 404
