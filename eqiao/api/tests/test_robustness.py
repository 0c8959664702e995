"""Bad input of every shape gets a 4xx, never a 500: garbage bodies, wrong content types,
odd headers and path values, on every endpoint."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

BODIES = [
    b"",
    b"null",
    b"{}",
    b"[" * 5000 + b"]" * 5000,  # nested deep enough to exhaust the recursion limit
    b'{"kind": {"$gt": ""}, "content": ["a"]}',
    b'{"kind": "complaint", "content": 1e400, "anonymous": 1e400}',
    '{"content": "\ud800"}'.encode("utf-8", "surrogatepass"),
    b"\x00\x01\x02\x03",
    b"kind=complaint&content=abc",
]
CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain"]
POSTS = [
    "/api/v1/petitions",
    "/api/v1/petitions/260101000001/messages",
    "/api/v1/channels/sms/inbound",
    "/api/v1/channels/sms/receipt",
    "/api/open311/v2/requests.json",
]
GETS = [
    "/api/v1/petitions/%00%ff",
    "/api/v1/petitions/" + "9" * 300,
    "/api/v1/petitions/１２３?password=%E4%B8%AD",
    "/api/open311/v2/requests/..%2F..%2Fetc.json",
    "/api/open311/v2/requests.json?service_request_id=" + "," * 500,
    "/api/open311/v2/tokens/" + "z" * 500 + ".json",
    "/api/open311/v2/services/%E2%80%AE.json",
    "/api/open311/v2/services.json?jurisdiction_id=" + "x" * 1000,
    # NUL characters: PostgreSQL refuses them in a query with an error (found by fuzzing)
    "/api/open311/v2/services.json?jurisdiction_id=%00",
    "/api/open311/v2/requests.json?jurisdiction_id=37%0015",
    "/api/open311/v2/tokens/%00ab.json",
    "/api/open311/v2/requests/%00.json",
    "/api/v1/petitions/12%0034",
]


@pytest.mark.parametrize("url", POSTS)
def test_garbage_posts_are_4xx(client, office_tree, kiosk, sms_secret, url):
    headers = {**kiosk.auth, **sms_secret, "HTTP_X_QUERY_PASSWORD": "123456"}
    for body in BODIES:
        for content_type in CONTENT_TYPES:
            response = client.post(url, data=body, content_type=content_type, **headers)
            assert 400 <= response.status_code < 500, (url, body[:40], content_type)
            response.json()  # always JSON


@pytest.mark.parametrize("url", GETS)
def test_odd_paths_and_parameters_are_4xx(client, office_tree, url):
    response = client.get(url, HTTP_X_QUERY_PASSWORD="\u202e12")
    assert 400 <= response.status_code < 500, url
    response.json()


def test_odd_headers_are_4xx(client, office_tree, petition_payload):
    for header in ("Bearer", "Bearer ", "bearer  x y", "Bearer " + "k" * 5000, "Basic Og=="):
        response = client.post(
            "/api/v1/petitions",
            data=petition_payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=header,
        )
        assert response.status_code in (401, 403), header


MALFORMED_BODIES = [
    # (content type, body): what fuzzers and broken clients send
    ("multipart/form-data", b"api_key=x&service_code=complaint"),
    ("multipart/form-data; boundary=", b"--\r\n"),
    ("multipart/form-data; boundary=zz", b"--zz\r\nContent-Disposition: form-data\r\n\r\nx"),
    ("application/x-www-form-urlencoded", b"&".join([b"a=1"] * 1500)),
    ("application/x-www-form-urlencoded; charset=utf-16", b"\xff\xfe\x00"),
    ("application/x-www-form-urlencoded; charset=no-such-charset", b"api_key=%ff%fe"),
    ("application/json; charset=latin-1", b'{"kind": "\xe9"}'),
]


@pytest.mark.parametrize(("content_type", "body"), MALFORMED_BODIES)
@pytest.mark.parametrize("url", POSTS)
def test_malformed_bodies_get_a_clear_400_in_the_endpoints_format(
    client, office_tree, kiosk, sms_secret, url, content_type, body
):
    response = client.generic(
        "POST", url, body, content_type=content_type, **kiosk.auth, **sms_secret
    )
    assert 400 <= response.status_code < 500, (url, content_type, response.content[:200])
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()
    message = payload[0]["description"] if "/open311/" in url else payload["detail"]
    assert message


def test_multipart_without_a_boundary_says_what_is_wrong(client, office_tree, kiosk):
    response = client.generic(
        "POST",
        "/api/open311/v2/requests.json",
        f"api_key={kiosk.key}&service_code=complaint".encode(),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and "boundary" in error["description"]


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("DELETE", "/api/v1/petitions", "POST"),
        ("PUT", "/api/open311/v2/services.json", "GET"),
        ("PATCH", "/api/open311/v2/requests.xml", "GET, POST"),
    ],
)
def test_a_wrong_method_is_405_in_the_endpoints_format(client, method, url, allowed):
    response = client.generic(method, url)
    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == sorted(allowed.split(", "))
    if url.endswith(".xml"):
        assert b"<errors><error><code>405</code>" in response.content
    elif "/open311/" in url:
        assert response.json()[0]["code"] == 405 and method in response.json()[0]["description"]
    else:
        assert allowed in response.json()["detail"]


def test_an_over_long_or_binary_origin_is_a_400_not_a_database_error(
    client, office_tree, kiosk, petition_payload
):
    # PostgreSQL refuses both with an error (the column holds 60 characters, no NUL).
    for origin in ("山" * 61, "山东\x00"):
        response = client.post(
            "/api/v1/petitions",
            {**petition_payload, "origin": origin},
            content_type="application/json",
            **kiosk.auth,
        )
        assert response.status_code == 400 and response.json()["field"] == "origin"
