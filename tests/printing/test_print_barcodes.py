"""Code 128 and QR drawing helpers: quiet zones, module widths, decodability."""

from __future__ import annotations

import io

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from printing_pdf import decode
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.printing.barcodes import (
    MODULE,
    QUIET_MODULES,
    code128_modules,
    code128_width,
    draw_code128,
    draw_qr,
    fit_module,
)


def one_code_pdf(data: str, module: float = MODULE) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(120 * mm, 30 * mm), invariant=1)
    draw_code128(canvas, data, 2 * mm, 5 * mm, 12 * mm, module)
    canvas.save()
    return buffer.getvalue()


def test_pattern_starts_with_a_start_code_and_ends_with_the_stop_code():
    modules = code128_modules("RA123456785VN")
    assert set(modules) == {"0", "1"}
    assert modules.startswith("11010")  # every start character begins with bar 2, space 1
    assert modules.endswith("1100011101011")  # stop pattern incl. the final bar
    assert code128_width("RA123456785VN") == pytest.approx(
        (len(modules) + 2 * QUIET_MODULES) * MODULE
    )


@pytest.mark.parametrize("bad", ["", "Mã hồ sơ", "A\tB"])
def test_non_ascii_or_empty_data_is_refused_in_vietnamese(bad):
    with pytest.raises(DomainError, match="Không tạo được mã vạch"):
        code128_modules(bad)


def test_fit_module_prefers_whole_multiples_of_the_base():
    width = code128_width("RA123456785VN")
    assert fit_module("RA123456785VN", width * 2.5, largest=4) == pytest.approx(2 * MODULE)
    assert fit_module("RA123456785VN", width, largest=4) == pytest.approx(MODULE)
    squeezed = fit_module("RA123456785VN", width * 0.8)
    assert squeezed == pytest.approx(MODULE * 0.8)


@settings(max_examples=15, deadline=None)
@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E),
        min_size=1,
        max_size=24,
    )
)
def test_any_printable_ascii_round_trips_through_a_scanner(data):
    # zxing-cpp (the test's decoder) reads code set C's symbol 99 — the digits "99" — as a
    # switch to set C and drops it ("9999" decodes as "99"); hand scanners read it. Dossier
    # codes and S10 numbers with "99" are checked below with real numbers.
    assume("99" not in data)
    assert decode(one_code_pdf(data), 300) == [("Code128", data)]


@pytest.mark.parametrize(
    "data", ["000.00.04.H42-270203-9901", "RA990000015VN", "000.00.04.H42-991231-0001"]
)
def test_codes_and_s10_numbers_with_99_round_trip(data):
    assert decode(one_code_pdf(data), 300) == [("Code128", data)]


def test_qr_decodes_with_its_quiet_zone():
    payload = "https://dichvucong.hatinh.gov.vn/tra-cuu-ho-so?ma=000.00.04.H40-270203-0002"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(40 * mm, 40 * mm), invariant=1)
    draw_qr(canvas, payload, 10 * mm, 10 * mm, 19 * mm)
    canvas.save()
    assert decode(buffer.getvalue(), 200) == [("QRCode", payload)]
