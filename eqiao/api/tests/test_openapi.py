"""The OpenAPI document and the docs page, which must work without the internet."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/open311/v2/discovery.json",
    "/api/open311/v2/services.json",
    "/api/open311/v2/services/{service_code}.json",
    "/api/open311/v2/requests.json",
    "/api/open311/v2/requests/{service_request_id}.json",
    "/api/open311/v2/tokens/{token}.json",
    "/api/v1/services",
    "/api/v1/petitions",
    "/api/v1/petitions/{tracking_number}",
    "/api/v1/petitions/{tracking_number}/messages",
    "/api/v1/channels/sms/inbound",
    "/api/v1/channels/sms/receipt",
]


def test_the_openapi_document_lists_every_path(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(PATHS) <= set(document["paths"])
    assert "post" in document["paths"]["/api/open311/v2/requests.json"]
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}


def test_the_docs_page_loads_swagger_from_our_own_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), f"docs page loads {url} from outside"
    assert '"validatorUrl": null' in html


def test_unknown_api_paths_are_json_errors(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["detail"] == "找不到该资源。"
    posted = client.post("/api/open311/v2/nothing.json")
    assert posted.status_code == 404 and posted.json()[0]["code"] == 404
    xml = client.get("/api/open311/v2/nothing.xml")
    assert xml.status_code == 404 and xml["Content-Type"].startswith("text/xml")
    assert b"<errors><error><code>404</code>" in xml.content


def _parameters(operation: dict) -> dict[tuple[str, str], dict]:
    return {(p["in"], p["name"]): p for p in operation.get("parameters", [])}


def test_the_document_states_what_the_code_enforces(client):
    from eqiao.intake.models import Kind
    from eqiao.intake.services.validation import MAX_CONTENT_CHARS, MIN_CONTENT_CHARS

    document = client.get("/api/openapi.json").json()
    petition = document["components"]["schemas"]["PetitionIn"]
    assert petition["properties"]["kind"]["enum"] == Kind.values
    assert set(petition["required"]) == {"kind", "content"}
    content = petition["properties"]["content"]
    assert (content["minLength"], content["maxLength"]) == (MIN_CONTENT_CHARS, MAX_CONTENT_CHARS)
    assert petition["properties"]["title"]["maxLength"] == 100
    assert petition["properties"]["phone"]["pattern"]

    paths = document["paths"]
    assert ("header", "Idempotency-Key") in _parameters(paths["/api/v1/petitions"]["post"])
    for path in (
        "/api/v1/petitions/{tracking_number}",
        "/api/open311/v2/requests/{service_request_id}.json",
    ):
        assert ("header", "X-Query-Password") in _parameters(paths[path]["get"])

    create = paths["/api/open311/v2/requests.json"]["post"]
    assert ("header", "Idempotency-Key") in _parameters(create)
    bodies = create["requestBody"]["content"]
    assert set(bodies) == {"application/x-www-form-urlencoded", "multipart/form-data"}
    for form in bodies.values():
        assert form["schema"]["properties"]["service_code"]["enum"] == Kind.values
        assert {"service_code", "description"} <= set(form["schema"]["required"])
    assert "media" in bodies["multipart/form-data"]["schema"]["properties"]
    statuses = create["responses"]
    assert {"200", "201", "403", "404", "422", "429"} <= set(statuses)


def test_the_request_list_states_its_filters(client):
    """The list's status and service_code take only known words (comma-separated): the
    document says so, so that a generated client or a fuzzer does not send `accepted`."""
    document = client.get("/api/openapi.json").json()
    listing = document["paths"]["/api/open311/v2/requests.json"]["get"]
    schemas = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert re.fullmatch(schemas["status"]["pattern"], "open,closed")
    assert not re.fullmatch(schemas["status"]["pattern"], "accepted")
    assert re.fullmatch(schemas["service_code"]["pattern"], "complaint,report")
    assert not re.fullmatch(schemas["service_code"]["pattern"], "pothole")
    assert "W3C" in schemas["start_date"]["description"]
    refused = client.get("/api/open311/v2/requests.json?status=accepted")
    assert refused.status_code == 400 and "open、closed" in refused.json()[0]["description"]


def test_the_sms_webhooks_state_what_they_accept(client):
    """A blank text or an id with spaces is refused with 400: the document says so."""
    paths = client.get("/api/openapi.json").json()["paths"]

    def body(path: str) -> dict:
        content = paths[path]["post"]["requestBody"]["content"]
        return content["application/json"]["schema"]["properties"]

    inbound = body("/api/v1/channels/sms/inbound")
    assert inbound["text"]["minLength"] == 1 and inbound["text"]["maxLength"] == 2000
    assert not re.search(inbound["text"]["pattern"], "   ")
    for fields in (inbound, body("/api/v1/channels/sms/receipt")):
        assert re.fullmatch(fields["id"]["pattern"], "msg-1:2.3_4")
        assert not re.fullmatch(fields["id"]["pattern"], "msg 1")
    assert re.fullmatch(inbound["from"]["pattern"], "+8613906351234")
