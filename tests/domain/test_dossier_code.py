from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.dossier_code import (
    DossierCode,
    SequenceBlock,
    default_block,
    is_dossier_code,
    make_dossier_code,
    next_code,
    parse_dossier_code,
    validate_unit_code,
)
from app.domain.errors import DomainError

UNIT = "000.00.04.H40"
DAY = date(2023, 4, 14)


def test_real_example():
    assert make_dossier_code(UNIT, DAY, 2) == "000.00.04.H40-230414-0002"
    parsed = parse_dossier_code("000.00.04.H40-230414-0002")
    assert parsed == DossierCode(UNIT, DAY, 2)
    assert str(parsed) == "000.00.04.H40-230414-0002"


def test_lenient_input_is_normalised():
    assert validate_unit_code(" 000.00.04.h40 ") == UNIT
    assert parse_dossier_code(" 000.00.04.h40-230414-0002 ") == DossierCode(UNIT, DAY, 2)
    assert make_dossier_code("000.00.04.h40", DAY, 9999).endswith("-9999")


@pytest.mark.parametrize(
    "code", ["000.00.04.40", "00.00.04.H40", "000.00.04.HH0", "000-00-04-H40", "", "000.00.04.Ă40"]
)
def test_bad_unit_codes_refused(code):
    with pytest.raises(DomainError, match=r"Mã đơn vị .* không đúng dạng"):
        validate_unit_code(code)


@pytest.mark.parametrize("seq", [0, 10_000, -1, True])
def test_seq_out_of_range_refused(seq):
    with pytest.raises(DomainError, match="Số thứ tự hồ sơ"):
        make_dossier_code(UNIT, DAY, seq)


def test_year_outside_two_digit_range_refused():
    with pytest.raises(DomainError, match="2000–2099"):
        make_dossier_code(UNIT, date(1999, 12, 31), 1)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("000.00.04.H40-230414-002", "không đúng dạng"),
        ("000.00.04.H40/230414/0002", "không đúng dạng"),
        ("000.00.04.H40-230414-0002-1", "không đúng dạng"),
        ("000.00.04.H40-230231-0002", "không tồn tại"),
        ("000.00.04.H40-231301-0002", "không tồn tại"),
        ("000.00.04.H40-230414-0000", "0000"),
        ("000.00.04.H40-23041４-0002", "không đúng dạng"),
    ],
)
def test_parse_refuses_with_vietnamese_reason(text, match):
    with pytest.raises(DomainError, match=match) as info:
        parse_dossier_code(text)
    assert info.value.message.startswith("Mã hồ sơ")
    assert not is_dossier_code(text)


UNITS = st.builds(
    lambda a, b, c, m, x: f"{a:03d}.{b:02d}.{c:02d}.{m}{x:02d}",
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from("ABCDGHKMTXZ"),
    st.integers(0, 99),
)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
SEQS = st.integers(min_value=1, max_value=9999)


@given(unit=UNITS, day=DAYS, seq=SEQS)
def test_parse_make_round_trip(unit, day, seq):
    text = make_dossier_code(unit, day, seq)
    assert parse_dossier_code(text) == DossierCode(unit, day, seq)
    assert is_dossier_code(text)


def test_sequence_block():
    b = SequenceBlock(1, 999)
    assert b.size == 999
    assert 1 in b and 999 in b and 0 not in b and 1000 not in b and "5" not in b
    assert b.overlaps(SequenceBlock(999, 1500))
    assert not b.overlaps(SequenceBlock(1000, 1500))


@pytest.mark.parametrize(("lo", "hi"), [(0, 5), (6, 5), (1, 10_000)])
def test_sequence_block_refuses_bad_bounds(lo, hi):
    with pytest.raises(DomainError, match="Dải số hồ sơ"):
        SequenceBlock(lo, hi)


def test_default_blocks():
    assert default_block(1) == SequenceBlock(1, 999)
    assert default_block(2) == SequenceBlock(1001, 1999)
    assert default_block(10) == SequenceBlock(9001, 9999)
    assert default_block(3, size=100) == SequenceBlock(201, 299)
    assert default_block(100, size=100) == SequenceBlock(9901, 9999)


@pytest.mark.parametrize(("counter", "size"), [(0, 1000), (11, 1000), (-1, 1000), (101, 100)])
def test_default_block_refuses_unknown_counter(counter, size):
    with pytest.raises(DomainError, match="Số quầy"):
        default_block(counter, size)


def test_default_block_refuses_bad_size():
    with pytest.raises(DomainError, match="Cỡ dải số"):
        default_block(1, size=1)


@given(size=st.integers(min_value=2, max_value=10_000), data=st.data())
def test_default_blocks_are_disjoint(size, data):
    top = 10_000 // size
    k1 = data.draw(st.integers(1, top))
    k2 = data.draw(st.integers(1, top).filter(lambda k: k != k1) if top > 1 else st.just(k1))
    b1, b2 = default_block(k1, size), default_block(k2, size)
    assert b1.size == size - 1
    assert b1.overlaps(b2) == (k1 == k2)


def test_next_code_sequence_and_exhaustion():
    block = SequenceBlock(1001, 1003)
    code, seq = next_code(UNIT, DAY, block, None)
    assert (code, seq) == ("000.00.04.H40-230414-1001", 1001)
    assert next_code(UNIT, DAY, block, 1001) == ("000.00.04.H40-230414-1002", 1002)
    assert next_code(UNIT, DAY, block, 1002)[1] == 1003
    with pytest.raises(DomainError, match="Đã hết số hồ sơ trong ngày của quầy này"):
        next_code(UNIT, DAY, block, 1003)


@pytest.mark.parametrize("last", [1000, 1004, 5])
def test_next_code_refuses_last_seq_outside_block(last):
    with pytest.raises(DomainError, match="nằm ngoài dải số"):
        next_code(UNIT, DAY, SequenceBlock(1001, 1003), last)


def _issue(unit: str, day: date, block: SequenceBlock, count: int) -> list[str]:
    codes: list[str] = []
    last: int | None = None
    for _ in range(count):
        code, last = next_code(unit, day, block, last)
        codes.append(code)
    return codes


BLOCK_PAIRS = st.lists(st.integers(1, 9999), min_size=4, max_size=4, unique=True).map(sorted)


@given(bounds=BLOCK_PAIRS, n1=st.integers(0, 60), n2=st.integers(0, 60), day=DAYS)
def test_two_devices_with_disjoint_blocks_never_collide(bounds, n1, n2, day):
    a, b, c, d = bounds
    first, second = SequenceBlock(a, b), SequenceBlock(c, d)
    codes1 = _issue(UNIT, day, first, min(n1, first.size))
    codes2 = _issue(UNIT, day, second, min(n2, second.size))
    assert len(set(codes1)) == len(codes1)
    assert len(set(codes2)) == len(codes2)
    assert not set(codes1) & set(codes2)
    assert all(parse_dossier_code(c).seq in first for c in codes1)


@given(k1=st.integers(1, 10), k2=st.integers(1, 10), n=st.integers(1, 50), day=DAYS)
def test_default_counters_never_collide(k1, k2, n, day):
    codes1 = set(_issue(UNIT, day, default_block(k1), n))
    codes2 = set(_issue(UNIT, day, default_block(k2), n))
    assert (codes1 & codes2 == set()) == (k1 != k2)
