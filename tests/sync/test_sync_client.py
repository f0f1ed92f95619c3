"""The HTTP client's rules: hub addresses, TLS, Retry-After, and what counts as the hub."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from app.sync.client import (
    HubClient,
    HubRefused,
    HubUnknown,
    SyncConfigError,
    _retry_after,
    normalize_hub_url,
)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://motcua.hatinh.vn/", "https://motcua.hatinh.vn"),
        ("  https://10.0.0.5:8443  ", "https://10.0.0.5:8443"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost:8000/", "http://localhost:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("https://hub.example.vn/motcua", "https://hub.example.vn/motcua"),
    ],
)
def test_hub_addresses_are_normalized(typed, kept):
    assert normalize_hub_url(typed) == kept


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("http://motcua.hatinh.vn", "https://"),  # the token would travel in clear text
        ("http://192.168.1.10:8000", "https://"),
        ("motcua.hatinh.vn", "không hợp lệ"),
        ("ftp://motcua.hatinh.vn", "không hợp lệ"),
        ("https://motcua.hatinh.vn/?x=1", "«?…»"),
    ],
)
def test_unsafe_or_malformed_addresses_are_refused(typed, says):
    with pytest.raises(SyncConfigError) as caught:
        normalize_hub_url(typed)
    assert says in caught.value.message


def test_tls_verification_is_on_by_default_and_a_ca_bundle_can_replace_it(tmp_path):
    assert HubClient("https://motcua.hatinh.vn").session.verify is True
    bundle = tmp_path / "tinh-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    client = HubClient("https://motcua.hatinh.vn", ca_bundle=str(bundle))
    assert client.session.verify == str(bundle)
    with pytest.raises(SyncConfigError) as caught:
        HubClient("https://motcua.hatinh.vn", ca_bundle=str(tmp_path / "missing.pem"))
    assert "sync.ca_bundle" in caught.value.message


def test_the_token_is_not_in_the_clients_repr():
    client = HubClient("https://motcua.hatinh.vn", token="bí-mật-xyz")
    assert "bí-mật-xyz" not in repr(client)


def test_retry_after_in_seconds_or_as_a_date():
    assert _retry_after("120") == 120.0
    assert _retry_after(None) is None and _retry_after("soon") is None
    later = datetime.now(UTC) + timedelta(seconds=90)
    assert 80 <= (_retry_after(format_datetime(later, usegmt=True)) or 0) <= 91
    earlier = datetime.now(UTC) - timedelta(seconds=90)
    assert _retry_after(format_datetime(earlier, usegmt=True)) == 0.0


def test_the_real_hub_answers_health_and_refuses_unknown_paths(sqlite_hub):
    client = HubClient(sqlite_hub.url)
    try:
        assert client.health()["status"] == "ok"
        with pytest.raises(HubRefused) as caught:
            client._call("GET", "/no-such-thing", auth=False)
        assert caught.value.status == 404 and caught.value.hub_message
        with pytest.raises(SyncConfigError):
            client.me()  # no token: refused before anything is sent
    finally:
        client.close()


def test_nothing_listening_is_an_unknown_outcome(sqlite_hub):
    sqlite_hub.stop()
    client = HubClient(sqlite_hub.url, connect_timeout=2, timeout=2)
    with pytest.raises(HubUnknown) as caught:
        client.health()
    assert "Không kết nối được máy chủ tỉnh" in caught.value.message
