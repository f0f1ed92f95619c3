from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.domain.s10 import (
    S10,
    WEIGHTS,
    SerialRange,
    check_digit,
    is_valid_s10,
    make_s10,
    parse_s10,
    validate_indicator,
)

SERIALS = st.integers(min_value=0, max_value=99_999_999)
INDICATORS = st.sampled_from(["RA", "EE", "CP", "LX", "VN", "UA", "ZZ"])


def test_known_check_digits():
    assert check_digit(12345678) == 5
    assert check_digit("12345678") == 5
    assert check_digit(47110815) == 1
    assert check_digit(0) == 5  # sum 0 → 11 → 5
    # sum 1·7 = 7 → 11 − 7 = 4
    assert check_digit(1) == 4


def test_check_digit_ten_maps_to_zero():
    # weights·digits ≡ 1 (mod 11) → 11 − 1 = 10 → 0; 00000010 has sum 9, 00000100 has 5 …
    serial = next(s for s in range(1000) if _weighted(s) % 11 == 1)
    assert check_digit(serial) == 0


def _weighted(serial: int) -> int:
    return sum(int(d) * w for d, w in zip(f"{serial:08d}", WEIGHTS, strict=True))


def test_known_identifiers_are_valid():
    assert make_s10("RA", 12345678, "GB") == "RA123456785GB"
    assert make_s10("ee", 47110815, "fr") == "EE471108151FR"
    assert parse_s10("RA123456785GB") == S10("RA", 12345678, 5, "GB")
    assert parse_s10("  ee 4711 0815 1 fr\n") == S10("EE", 47110815, 1, "FR")
    assert str(parse_s10("EE471108151FR")) == "EE471108151FR"
    assert make_s10("RA", 42).endswith("VN")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("RA12345678GB", "13 ký tự"),
        ("RA1234567850GB", "13 ký tự"),
        ("R1123456785GB", "2 ký tự đầu"),
        ("RA12345A785GB", "chữ số"),
        ("RA1234567851B", "2 ký tự cuối"),
        ("RA123456784GB", "chữ số kiểm tra"),
        ("JA123456785VN", "dành riêng"),
        ("RA12345678５GB", "không dấu"),
    ],
)
def test_parse_explains_why(text, why):
    with pytest.raises(DomainError) as info:
        parse_s10(text)
    assert "Số hiệu bưu gửi" in info.value.message
    assert "không hợp lệ" in info.value.message
    assert why in info.value.message
    assert not is_valid_s10(text)


@pytest.mark.parametrize("ind", ["JA", "KB", "SZ", "TT", "WA", "ja", "wz"])
def test_reserved_indicators_refused(ind):
    with pytest.raises(DomainError, match="dành riêng"):
        validate_indicator(ind)
    with pytest.raises(DomainError):
        make_s10(ind, 1)


@pytest.mark.parametrize("ind", ["R", "RAA", "R1", "", "Ră"])
def test_malformed_indicators_refused(ind):
    with pytest.raises(DomainError, match="2 chữ cái"):
        validate_indicator(ind)


def test_validate_indicator_normalises():
    assert validate_indicator(" ra ") == "RA"


@pytest.mark.parametrize("serial", [-1, 100_000_000, True])
def test_serial_out_of_range_refused(serial):
    with pytest.raises(DomainError, match="sê-ri"):
        make_s10("RA", serial)
    with pytest.raises(DomainError):
        check_digit(serial)


@pytest.mark.parametrize("serial", ["1234567", "123456789", "1234567a", "１２３４５６７８"])
def test_serial_text_must_be_eight_ascii_digits(serial):
    with pytest.raises(DomainError, match="8 chữ số"):
        check_digit(serial)


def test_bad_country_refused():
    with pytest.raises(DomainError, match="Mã nước"):
        make_s10("RA", 1, "V1")


@given(ind=INDICATORS, serial=SERIALS)
def test_make_then_parse_round_trips(ind, serial):
    text = make_s10(ind, serial)
    assert len(text) == 13
    parsed = parse_s10(text.lower())
    assert (parsed.indicator, parsed.serial, parsed.country) == (ind, serial, "VN")
    assert str(parsed) == text


@given(
    serial=SERIALS,
    pos=st.integers(min_value=2, max_value=10),
    digit=st.integers(min_value=0, max_value=9),
)
def test_single_digit_substitution(serial, pos, digit):
    """Every substitution is caught except the standard's one blind spot: weighted sums ≡ 0 and
    ≡ 6 (mod 11) both give check digit 5."""
    text = make_s10("RA", serial)
    if text[pos] == str(digit):
        return
    altered = text[:pos] + str(digit) + text[pos + 1 :]
    if pos == 10:
        assert not is_valid_s10(altered)  # a wrong check digit is always caught
        return
    new_serial = int(altered[2:10])
    blind = {_weighted(serial) % 11, _weighted(new_serial) % 11} == {0, 6}
    assert is_valid_s10(altered) == blind


def test_the_blind_spot_exists():
    assert check_digit(0) == check_digit(90_000_000) == 5
    assert is_valid_s10("RA900000005VN")


def test_serial_range():
    r = SerialRange(100, 199)
    assert r.size == 100
    assert 100 in r and 199 in r
    assert 99 not in r and 200 not in r and "150" not in r and True not in r
    assert r.overlaps(SerialRange(199, 300))
    assert r.overlaps(SerialRange(0, 100))
    assert r.overlaps(SerialRange(120, 130))
    assert not r.overlaps(SerialRange(200, 300))
    assert not r.overlaps(SerialRange(0, 99))
    assert SerialRange(0, 99_999_999).size == 100_000_000


@pytest.mark.parametrize(("lo", "hi"), [(-1, 5), (5, 4), (0, 100_000_000)])
def test_serial_range_refuses_bad_bounds(lo, hi):
    with pytest.raises(DomainError, match="Dải số sê-ri"):
        SerialRange(lo, hi)


@given(a=st.tuples(SERIALS, SERIALS), b=st.tuples(SERIALS, SERIALS), x=SERIALS)
def test_overlaps_matches_shared_members(a, b, x):
    ra, rb = SerialRange(*sorted(a)), SerialRange(*sorted(b))
    assert ra.overlaps(rb) == rb.overlaps(ra)
    if x in ra and x in rb:
        assert ra.overlaps(rb)
    if ra.overlaps(rb):
        shared = max(ra.lo, rb.lo)
        assert shared in ra and shared in rb
