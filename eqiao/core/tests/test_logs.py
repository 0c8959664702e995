"""No credential reaches a log line: the request line the development server logs for an
Open311 read carries the api_key in its query string."""

from __future__ import annotations

import logging

from eqiao.core.logs import credentials_masked

KEY = "eqk_WRONGSECRETKEYzzzzzzzzzzzzzzzz"


def test_secret_parameters_are_masked():
    line = f"GET /api/open311/v2/requests.json?status=open&api_key={KEY}&x=1 HTTP/1.1"
    assert credentials_masked(line) == (
        "GET /api/open311/v2/requests.json?status=open&api_key=***&x=1 HTTP/1.1"
    )
    assert KEY not in credentials_masked(f"/api/v1/petitions/1?password={KEY}")
    assert credentials_masked("GET /api/v1/services HTTP/1.1") == "GET /api/v1/services HTTP/1.1"


def test_the_servers_request_log_masks_the_api_key():
    """As runserver logs a request: every handler the record reaches writes it masked."""
    logger = logging.getLogger("django.server")
    record = logger.makeRecord(
        logger.name,
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /api/open311/v2/requests.json?api_key={KEY} HTTP/1.1", "403", "67"),
        None,
    )
    handlers = logger.handlers
    assert handlers, "django.server has a handler of ours"
    for handler in handlers:
        assert handler.filter(record)
        assert KEY not in handler.format(record) and "api_key=***" in handler.format(record)
