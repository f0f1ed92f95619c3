"""ZPL labels: the ^GFA graphic round-trips to the bitmap; raw transports deliver exact bytes."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.printing import render_label
from app.printing.raw_printer import RawKind, RawTarget, parse_host_port, send_raw
from app.printing.zpl import Bitmap, decode_graphic_field, label_bitmaps, zpl_label

MM = 72 / 25.4


def bitmap_of(rows: list[bytes], width: int) -> Bitmap:
    return Bitmap(width, len(rows), tuple(rows))


@st.composite
def bitmaps(draw: st.DrawFn) -> Bitmap:
    per_row = draw(st.integers(1, 12))
    # Few distinct bytes: long runs and repeated rows, as on labels.
    byte = st.sampled_from([0x00, 0xFF, 0x0F, 0x81, 0x3C])
    rows = draw(
        st.lists(
            st.binary(min_size=per_row, max_size=per_row)
            | st.lists(byte, min_size=per_row, max_size=per_row).map(bytes),
            min_size=1,
            max_size=30,
        )
    )
    return bitmap_of(rows, per_row * 8)


@given(bitmaps(), st.booleans())
def test_the_graphic_field_decodes_back_to_the_bitmap(bitmap: Bitmap, compress: bool) -> None:
    zpl = zpl_label(bitmap, compress=compress).decode("ascii")
    assert zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ")
    assert decode_graphic_field(zpl) == bitmap


def test_compression_uses_zpl_run_lengths() -> None:
    white, black = bytes(50), b"\xff" * 50
    mixed = b"\x00" * 10 + b"\xff" * 30 + b"\x00" * 10
    zpl = zpl_label(bitmap_of([white, black, black, mixed], 400)).decode()
    field = zpl.split("^GFA,", 1)[1].split("^FS")[0]
    assert field == "200,200,50,,!:" + "g0" + "iF" + ","  # 20 zeros, 60 F's, white to the end
    assert decode_graphic_field(zpl).rows[3] == mixed


def test_a_label_pdf_becomes_a_label_sized_bitmap(make_dossier, office) -> None:
    pdf = render_label(make_dossier(), office)
    (at203,) = label_bitmaps(pdf, 203)
    assert (at203.width, at203.height) == pytest.approx((799, 1199), abs=8)  # 100 × 150 mm
    (at300,) = label_bitmaps(pdf, 300)
    assert at300.height == pytest.approx(1772, abs=4)
    ink = sum(bin(b).count("1") for row in at203.rows for b in row)
    assert 0.02 < ink / (at203.width * at203.height) < 0.5  # text and barcodes, not blank
    with pytest.raises(DomainError, match="203 hoặc 300 dpi"):
        label_bitmaps(pdf, 600)


def test_the_network_transport_sends_the_exact_bytes() -> None:
    received: list[bytes] = []
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
            received.append(b"".join(chunks))

    thread = threading.Thread(target=serve)
    thread.start()
    data = zpl_label(bitmap_of([b"\xf0" * 100] * 200, 800))
    try:
        send_raw(RawTarget(RawKind.NETWORK, f"127.0.0.1:{port}"), data)
    finally:
        thread.join(5)
        server.close()
    assert received == [data]


def test_transport_errors_say_what_to_check(tmp_path: Path) -> None:
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    with pytest.raises(DomainError, match="Kiểm tra địa chỉ IP, cổng"):
        send_raw(RawTarget(RawKind.NETWORK, f"127.0.0.1:{port}"), b"^XA^XZ")
    with pytest.raises(DomainError, match="không đúng"):
        parse_host_port("may-in:abc")
    assert parse_host_port("10.0.0.7") == ("10.0.0.7", 9100)
    with pytest.raises(DomainError, match="chia sẻ"):
        send_raw(RawTarget(RawKind.PATH, str(tmp_path / "none" / "x.zpl")), b"^XA^XZ")
    with pytest.raises(DomainError, match="Chưa nhập"):
        send_raw(RawTarget(RawKind.CUPS, " "), b"^XA^XZ")


def test_the_path_transport_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "label.zpl"
    send_raw(RawTarget(RawKind.PATH, str(target)), b"^XA^FO0,0^XZ")
    assert target.read_bytes() == b"^XA^FO0,0^XZ"


def test_a_cups_raw_queue_gets_the_zpl_unchanged() -> None:
    queue, out = os.environ.get("MOTCUA_CUPS_RAW_QUEUE", ""), os.environ.get("MOTCUA_CUPS_OUT", "")
    if not queue or not out:
        reason = "no raw CUPS queue from scripts/ensure-cups (MOTCUA_CUPS_RAW_QUEUE)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    token = f"motcua-zpl-{uuid.uuid4().hex[:10]}"
    data = zpl_label(bitmap_of([b"\x0f" * 20] * 40, 160))
    send_raw(RawTarget(RawKind.CUPS, queue), data, title=token)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [p for p in Path(out).glob("*.pdf") if token in p.name]
        if found:
            assert found[0].read_bytes() == data
            return
        time.sleep(0.1)
    pytest.fail(f"the raw job {token} did not reach {out}")
