"""UPU S10 item identifiers (số hiệu bưu gửi), e.g. ``RA123456785VN``.

13 characters: a 2-letter service indicator, an 8-digit serial, a mod-11 check digit and a
2-letter country code. Serials are never "server count + 1" offline: the hub hands each device a
:class:`SerialRange` ahead of time.

Note: because 11 − 0 = 11 maps to 5 and 11 − 5 = 6 gives 5 too, the check digit misses a small
share of single-digit errors (weighted sums ≡ 0 and ≡ 6 mod 11 share check digit 5), e.g.
``00000000`` and ``90000000`` both end in 5. That is the standard; do not "fix" it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.errors import DomainError

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
SERIAL_MAX = 99_999_999
RESERVED_FIRST_LETTERS = frozenset("JKSTW")

_LETTERS2 = re.compile(r"[A-Z]{2}")
_SERIAL8 = re.compile(r"\d{8}")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class S10:
    indicator: str
    serial: int
    check: int
    country: str

    def __str__(self) -> str:
        return f"{self.indicator}{self.serial:08d}{self.check}{self.country}"


def _serial_text(serial: int | str) -> str:
    if isinstance(serial, bool):
        raise DomainError("Số sê-ri bưu gửi phải là số, không phải giá trị đúng/sai.")
    if isinstance(serial, int):
        if not 0 <= serial <= SERIAL_MAX:
            raise DomainError(
                f"Số sê-ri bưu gửi {serial} nằm ngoài khoảng 0–{SERIAL_MAX}. "
                "Hãy dùng số trong dải số đã được cấp cho máy này."
            )
        return f"{serial:08d}"
    text = serial.strip()
    # \d would accept non-ASCII digits; the label only ever carries 0–9.
    if not (len(text) == 8 and text.isascii() and _SERIAL8.fullmatch(text)):
        raise DomainError(
            f"Số sê-ri bưu gửi «{serial}» phải gồm đúng 8 chữ số. Hãy nhập lại cho đủ 8 chữ số."
        )
    return text


def check_digit(serial: int | str) -> int:
    """The S10 check digit of an 8-digit serial (an int 0..99 999 999 or an 8-digit string)."""
    digits = _serial_text(serial)
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    if check == 10:
        return 0
    if check == 11:
        return 5
    return check


def validate_indicator(indicator: str) -> str:
    """Return the service indicator upper-cased; refuse malformed or reserved (J, K, S, T, W)."""
    value = indicator.strip().upper()
    if not (value.isascii() and _LETTERS2.fullmatch(value)):
        raise DomainError(
            f"Mã dịch vụ «{indicator}» phải gồm đúng 2 chữ cái không dấu (ví dụ RA, EE). "
            "Hãy kiểm tra lại cài đặt mã dịch vụ."
        )
    if value[0] in RESERVED_FIRST_LETTERS:
        raise DomainError(
            f"Mã dịch vụ «{value}» bắt đầu bằng chữ {value[0]}, là nhóm chữ UPU dành riêng "
            "(J, K, S, T, W). Hãy chọn mã dịch vụ khác."
        )
    return value


def _validate_country(country: str) -> str:
    value = country.strip().upper()
    if not (value.isascii() and _LETTERS2.fullmatch(value)):
        raise DomainError(
            f"Mã nước «{country}» phải gồm đúng 2 chữ cái (ví dụ VN). Hãy kiểm tra lại."
        )
    return value


def make_s10(indicator: str, serial: int, country: str = "VN") -> str:
    """Build the 13-character identifier, e.g. ``make_s10("RA", 12345678, "GB")``."""
    ind = validate_indicator(indicator)
    digits = _serial_text(serial)
    return f"{ind}{digits}{check_digit(digits)}{_validate_country(country)}"


def _invalid(text: str, why: str) -> DomainError:
    return DomainError(
        f"Số hiệu bưu gửi «{text}» không hợp lệ: {why}. "
        "Hãy quét lại mã vạch hoặc nhập lại đúng 13 ký tự trên nhãn."
    )


def parse_s10(text: str) -> S10:
    """Parse a scanned or typed identifier; lower case and spaces ("ra 1234 5678 5 gb") are
    accepted. Raises :class:`DomainError` saying what is wrong."""
    shown = text.strip()
    value = _WHITESPACE.sub("", text).upper()
    if len(value) != 13:
        raise _invalid(shown, f"cần đúng 13 ký tự nhưng có {len(value)}")
    if not value.isascii():
        raise _invalid(shown, "chỉ được dùng chữ cái không dấu và chữ số")
    indicator, serial, check, country = value[:2], value[2:10], value[10], value[11:]
    if not _LETTERS2.fullmatch(indicator):
        raise _invalid(shown, "2 ký tự đầu phải là chữ cái (mã dịch vụ)")
    if indicator[0] in RESERVED_FIRST_LETTERS:
        raise _invalid(shown, f"mã dịch vụ {indicator} thuộc nhóm UPU dành riêng (J, K, S, T, W)")
    if not (_SERIAL8.fullmatch(serial) and check.isdigit()):
        raise _invalid(shown, "ký tự thứ 3 đến thứ 11 phải là chữ số")
    if not _LETTERS2.fullmatch(country):
        raise _invalid(shown, "2 ký tự cuối phải là chữ cái (mã nước)")
    expected = check_digit(serial)
    if int(check) != expected:
        raise _invalid(
            shown,
            f"chữ số kiểm tra (ký tự thứ 11) là {check} nhưng tính ra phải là {expected}, "
            "có thể đã gõ sai một chữ số",
        )
    return S10(indicator=indicator, serial=int(serial), check=int(check), country=country)


def is_valid_s10(text: str) -> bool:
    try:
        parse_s10(text)
    except DomainError:
        return False
    return True


@dataclass(frozen=True)
class SerialRange:
    """A block of S10 serials allocated to one device, ``lo`` to ``hi`` inclusive."""

    lo: int
    hi: int

    def __post_init__(self) -> None:
        if not 0 <= self.lo <= self.hi <= SERIAL_MAX:
            raise DomainError(
                f"Dải số sê-ri bưu gửi {self.lo}–{self.hi} không hợp lệ: cần "
                f"0 ≤ số đầu ≤ số cuối ≤ {SERIAL_MAX}. Hãy đồng bộ lại để nhận dải số đúng."
            )

    def __contains__(self, serial: object) -> bool:
        if isinstance(serial, bool) or not isinstance(serial, int):
            return False
        return self.lo <= serial <= self.hi

    @property
    def size(self) -> int:
        return self.hi - self.lo + 1

    def overlaps(self, other: SerialRange) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi
