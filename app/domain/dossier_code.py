"""Dossier codes (mã hồ sơ), TT 01/2018/TT-VPCP Art 19: ``000.00.04.H40-230414-0002``.

Receiving unit's identifier code (QCVN 102:2016) + receipt date (YYMMDD) + a 4-digit sequence
within the day. Offline, two counters of the same unit must never issue the same code, so each
counter owns a disjoint :class:`SequenceBlock` of daily numbers, allocated by the hub; a number is
never "server count + 1".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.domain.errors import DomainError

SEQ_MIN = 1
SEQ_MAX = 9999

_UNIT = r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}"
_UNIT_RE = re.compile(_UNIT)
_CODE_RE = re.compile(rf"({_UNIT})-(\d{{6}})-(\d{{4}})")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class DossierCode:
    unit_code: str
    day: date
    seq: int

    def __str__(self) -> str:
        return make_dossier_code(self.unit_code, self.day, self.seq)


def validate_unit_code(code: str) -> str:
    """Return the unit code trimmed and upper-cased (``000.00.04.h40`` → ``000.00.04.H40``)."""
    value = code.strip().upper()
    # isascii: \d would also accept non-ASCII digits.
    if not (value.isascii() and _UNIT_RE.fullmatch(value)):
        raise DomainError(
            f"Mã đơn vị «{code.strip()}» không đúng dạng 000.00.00.X00 (ví dụ 000.00.04.H40). "
            "Hãy kiểm tra lại mã đơn vị tiếp nhận trong phần cài đặt."
        )
    return value


def _check_seq(seq: int) -> None:
    if isinstance(seq, bool) or not SEQ_MIN <= seq <= SEQ_MAX:
        raise DomainError(
            f"Số thứ tự hồ sơ {seq} nằm ngoài khoảng {SEQ_MIN}–{SEQ_MAX}. "
            "Hãy báo quản trị viên kiểm tra dải số của quầy."
        )


def _check_year(day: date) -> None:
    # YYMMDD keeps two digits of the year; parsing reads them as 20YY.
    if not 2000 <= day.year <= 2099:
        raise DomainError(
            f"Ngày tiếp nhận {day:%d/%m/%Y} nằm ngoài các năm 2000–2099. "
            "Hãy kiểm tra lại ngày giờ của máy tính."
        )


def make_dossier_code(unit_code: str, day: date, seq: int) -> str:
    unit = validate_unit_code(unit_code)
    _check_year(day)
    _check_seq(seq)
    return f"{unit}-{day:%y%m%d}-{seq:04d}"


def parse_dossier_code(text: str) -> DossierCode:
    """Parse a typed or scanned code; spaces and lower case are tolerated."""
    shown = text.strip()
    value = _WHITESPACE.sub("", text).upper()
    match = _CODE_RE.fullmatch(value) if value.isascii() else None
    if match is None:
        raise DomainError(
            f"Mã hồ sơ «{shown}» không đúng dạng 000.00.00.X00-YYMMDD-0000 "
            "(ví dụ 000.00.04.H40-230414-0002). Hãy quét lại mã vạch hoặc nhập lại."
        )
    unit, ymd, seq_text = match.groups()
    try:
        day = date(2000 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:]))
    except ValueError:
        raise DomainError(
            f"Mã hồ sơ «{shown}» có ngày {ymd} không tồn tại (dạng YYMMDD). "
            "Hãy kiểm tra lại 6 chữ số ngày tiếp nhận."
        ) from None
    seq = int(seq_text)
    if seq < SEQ_MIN:
        raise DomainError(
            f"Mã hồ sơ «{shown}» có số thứ tự 0000, không được cấp bao giờ. "
            "Hãy kiểm tra lại 4 chữ số cuối."
        )
    return DossierCode(unit_code=unit, day=day, seq=seq)


def is_dossier_code(text: str) -> bool:
    try:
        parse_dossier_code(text)
    except DomainError:
        return False
    return True


@dataclass(frozen=True)
class SequenceBlock:
    """Daily sequence numbers ``lo``..``hi`` (inclusive) owned by one counter of a unit."""

    lo: int
    hi: int

    def __post_init__(self) -> None:
        if not SEQ_MIN <= self.lo <= self.hi <= SEQ_MAX:
            raise DomainError(
                f"Dải số hồ sơ {self.lo}–{self.hi} không hợp lệ: cần "
                f"{SEQ_MIN} ≤ số đầu ≤ số cuối ≤ {SEQ_MAX}. "
                "Hãy đồng bộ lại hoặc báo quản trị viên cấp lại dải số."
            )

    def __contains__(self, seq: object) -> bool:
        if isinstance(seq, bool) or not isinstance(seq, int):
            return False
        return self.lo <= seq <= self.hi

    @property
    def size(self) -> int:
        return self.hi - self.lo + 1

    def overlaps(self, other: SequenceBlock) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def default_block(counter_no: int, size: int = 1000) -> SequenceBlock:
    """The block of counter ``counter_no`` when the hub has not allocated one.

    Counter k gets ``[(k-1)*size + 1, k*size - 1]``: with the default size, counter 1 →
    0001–0999, counter 2 → 1001–1999, …, counter 10 → 9001–9999. Each block holds ``size - 1``
    numbers; skipping the multiples of ``size`` keeps the leading digit(s) equal to k-1, so a
    code tells which counter issued it. Counter numbers must be unique within a unit code
    (across devices), which is the hub's job.
    """
    if not 2 <= size <= SEQ_MAX + 1:
        raise DomainError(
            f"Cỡ dải số mỗi quầy ({size}) phải từ 2 đến {SEQ_MAX + 1}. Hãy sửa lại cài đặt."
        )
    max_counter = (SEQ_MAX + 1) // size
    if isinstance(counter_no, bool) or not 1 <= counter_no <= max_counter:
        raise DomainError(
            f"Số quầy {counter_no} không hợp lệ: với dải {size} số mỗi quầy, chỉ có quầy 1 đến "
            f"{max_counter}. Hãy chọn lại số quầy trong phần cài đặt."
        )
    return SequenceBlock(lo=(counter_no - 1) * size + 1, hi=counter_no * size - 1)


def next_code(
    unit_code: str, day: date, block: SequenceBlock, last_seq_today: int | None
) -> tuple[str, int]:
    """The next code for ``day`` and its sequence number.

    ``last_seq_today`` is the highest number this counter issued on ``day`` inside ``block``
    (``None`` if none yet); the first code of the day is ``block.lo``. A number outside the block
    is refused rather than guessed past, because guessing could repeat another counter's code.
    """
    if last_seq_today is None:
        seq = block.lo
    elif last_seq_today not in block:
        raise DomainError(
            f"Số thứ tự cuối trong ngày ({last_seq_today}) nằm ngoài dải số của quầy "
            f"({block.lo:04d}–{block.hi:04d}). Hãy đồng bộ lại hoặc báo quản trị viên."
        )
    elif last_seq_today == block.hi:
        raise DomainError(
            f"Đã hết số hồ sơ trong ngày của quầy này (dải {block.lo:04d}–{block.hi:04d}). "
            "Hãy đồng bộ để nhận dải số mới hoặc báo quản trị viên cấp thêm số."
        )
    else:
        seq = last_seq_today + 1
    return make_dossier_code(unit_code, day, seq), seq
