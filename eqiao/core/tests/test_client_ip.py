"""The client address behind the reverse proxies named by EQIAO_TRUSTED_PROXY_DEPTH: a
client cannot choose its own address with a forged X-Forwarded-For, and citizens behind
the proxy are told apart."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from eqiao.core.ratelimit import client_ip


def _request(remote: str = "10.0.0.9", forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@override_settings(EQIAO_TRUSTED_PROXY_DEPTH=0)
def test_without_a_trusted_proxy_a_forged_header_changes_nothing():
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"
    assert client_ip(_request("203.0.113.7")) == "203.0.113.7"


@override_settings(EQIAO_TRUSTED_PROXY_DEPTH=1)
def test_behind_one_proxy_the_address_it_saw_counts_and_a_forged_prefix_is_ignored():
    # The proxy (10.0.0.9) appended the address it saw; the client sent "1.2.3.4, 5.6.7.8".
    assert client_ip(_request("10.0.0.9", "198.51.100.23")) == "198.51.100.23"
    assert client_ip(_request("10.0.0.9", "1.2.3.4, 5.6.7.8, 198.51.100.23")) == "198.51.100.23"
    # Two citizens behind the same proxy are two addresses, not one.
    assert client_ip(_request("10.0.0.9", "198.51.100.24")) == "198.51.100.24"


@override_settings(EQIAO_TRUSTED_PROXY_DEPTH=2)
def test_behind_two_proxies_the_outer_ones_view_counts():
    # client → CDN (appends client) → nginx (appends CDN) → app (REMOTE_ADDR = nginx)
    assert client_ip(_request("10.0.0.9", "6.6.6.6, 198.51.100.23, 192.0.2.1")) == "198.51.100.23"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("192.0.2.1", "192.0.2.1"),  # shorter than the depth: the left-most one we wrote
        ("", "10.0.0.9"),  # no header at all: the proxy itself
        ("not-an-ip, 192.0.2.1", "192.0.2.1"),  # garbage where the client should be
        ("garbage, more garbage", "10.0.0.9"),
        ("198.51.100.23:5555, 192.0.2.1", "198.51.100.23"),  # a port is tolerated
        ("[2001:db8::1]:443, 192.0.2.1", "2001:db8::1"),
        (" , ,", "10.0.0.9"),
    ],
)
@override_settings(EQIAO_TRUSTED_PROXY_DEPTH=2)
def test_a_malformed_or_short_header_falls_back_to_what_a_trusted_proxy_wrote(forwarded, expected):
    assert client_ip(_request("10.0.0.9", forwarded)) == expected
