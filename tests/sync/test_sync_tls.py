"""TLS: the hub's certificate is verified by default; a provincial CA bundle (setting
sync.ca_bundle) makes a hub signed by the province's own CA trusted — and nothing else."""

from __future__ import annotations

import io
import ipaddress
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hubserver import HubServer
from synchelp import local_events

from app.cli import run
from app.services import sync as sync_service
from app.storage import sync_state
from app.storage.db import transaction
from app.storage.settings import set_setting
from app.sync.client import HubUnknown


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _ca(folder: Path, label: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(label))
        .issuer_name(_name(label))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{label}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, path


@pytest.fixture
def tls_hub(tmp_path: Path, clock) -> Iterator[tuple[HubServer, Path, Path]]:
    """A hub on https://127.0.0.1 with a certificate from a provincial CA; also another CA."""
    ca_key, ca_cert, ca_path = _ca(tmp_path, "so-tt-tt-ha-tinh")
    _other_key, _other_cert, other_path = _ca(tmp_path, "some-other-ca")
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    certfile, keyfile = tmp_path / "hub.pem", tmp_path / "hub.key"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = HubServer(
        str(tmp_path / "hub.sqlite3"), certfile=str(certfile), keyfile=str(keyfile), clock=clock
    ).start()
    try:
        yield server, ca_path, other_path
    finally:
        server.stop()


def test_an_unknown_certificate_is_refused_by_default(ws, tls_hub, monkeypatch):
    server, _ca_path, _other = tls_hub
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with pytest.raises(HubUnknown) as caught:
        sync_service.enroll(ws, server.url, server.enroll_code())
    assert "chứng chỉ bảo mật" in caught.value.message
    assert "sync.ca_bundle" in caught.value.message


def test_the_provincial_ca_bundle_is_trusted_and_only_it(ws, tls_hub, receive_many, monkeypatch):
    server, ca_path, other_path = tls_hub
    # An environment bundle must not override the counter's own setting.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other_path))
    sync_service.enroll(ws, server.url, server.enroll_code(), ca_bundle=str(ca_path))
    assert sync_state.ca_bundle(ws.db) == str(ca_path.resolve())
    receive_many(5)

    assert sync_service.sync_once(ws).ok
    assert server.events_of(ws.device_id) == local_events(ws)

    with transaction(ws.db):
        set_setting(ws.db, sync_state.CA_BUNDLE, str(other_path))
    receive_many(1)
    report = sync_service.sync_once(ws)
    assert not report.ok and "chứng chỉ bảo mật" in report.message


def test_enroll_refuses_a_missing_ca_bundle_and_changes_nothing(ws, tls_hub, tmp_path):
    server, _ca_path, _other = tls_hub
    out = io.StringIO()
    code = run(
        ["--home", str(ws.home), "enroll", "--hub", server.url, "--code", server.enroll_code(),
         "--ca-bundle", str(tmp_path / "khong-co.pem")],
        out=out,
    )  # fmt: skip
    assert code == 1
    assert sync_state.ca_bundle(ws.db) is None and sync_state.hub_url(ws.db) == ""
