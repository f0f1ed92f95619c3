"""Who may issue which numbers: the hub's leased space and a never-enrolled counter's provisional
space are kept apart, so a provisional number can never equal one the hub leases to anyone.

* **S10 serials** (8 digits per service indicator): the hub leases blocks from
  ``0 … HUB_S10_MAX``; a counter that was never enrolled draws blocks of ``PROVISIONAL_S10_BLOCK``
  serials from ``PROVISIONAL_S10`` (the top half of the space), at random, so two such counters
  rarely meet (the hub refuses a number it already holds, as a conflict, when they sync).
* **Dossier codes** (``UNIT-YYMMDD-NNNN``, a daily sequence 0001–9999 per unit): the hub leases
  slices of ``HUB_CODES`` valid for a span of days; a never-enrolled counter uses the slice of
  ``PROVISIONAL_CODES`` of its counter number (555 a day each for counters 1–9).

The hub's lease sizes and thresholds are here too, so the counter's warnings and the hub's refills
speak of the same numbers (docs/sync-protocol.md, "Numbers").
"""

from __future__ import annotations

import random
from datetime import date

from app.domain.dossier_code import SequenceBlock
from app.domain.errors import DomainError
from app.domain.s10 import SerialRange

# Half the serial space each: 50 million serials leased by the hub (a province of 400 counters
# takes about 18 million a year, and a serial may be used again after 12 months), and 50,000
# provisional blocks of 1,000 (a week of a busy counter), so that two counters working
# unenrolled at the same time almost never draw the same block (5 at once: about 1 in 5,000;
# the hub refuses the second dossier with a number it already holds).
HUB_S10_MAX = 49_999_999
PROVISIONAL_S10 = SerialRange(HUB_S10_MAX + 1, 99_999_999)
PROVISIONAL_S10_BLOCK = 1_000

HUB_CODES = SequenceBlock(1, 4999)
PROVISIONAL_CODES = SequenceBlock(5001, 9995)
_PROVISIONAL_SLICE = 555  # 9 counters × 555 = 4,995 numbers a day

# Hub leases (defaults; the province may change them at the hub). A busy commune counter takes
# about 150 dossiers a day: a block lasts two weeks without the hub.
S10_BLOCK = 2_500
CODE_BLOCK = 300  # numbers a day, for each day of the lease
LEASE_DAYS = 14  # a code lease covers this many days from the day it is asked for
REFILL_DAYS = 7  # a new code lease is leased when fewer days than this are left
S10_REFILL = S10_BLOCK // 2  # a new S10 block when fewer serials than this are left
# The counter warns this many working days before it would run out.
WARN_DAYS = 3


def provisional_s10_block(rng: random.Random | None = None) -> SerialRange:
    """A random block of the provisional S10 space (for a counter never enrolled)."""
    blocks = PROVISIONAL_S10.size // PROVISIONAL_S10_BLOCK
    k = (rng or random.SystemRandom()).randrange(blocks)
    lo = PROVISIONAL_S10.lo + k * PROVISIONAL_S10_BLOCK
    return SerialRange(lo, lo + PROVISIONAL_S10_BLOCK - 1)


def provisional_code_block(counter_no: int) -> SequenceBlock:
    """Counter ``counter_no``'s daily slice of the provisional code space (counters 1–9)."""
    count = PROVISIONAL_CODES.size // _PROVISIONAL_SLICE
    if isinstance(counter_no, bool) or not 1 <= counter_no <= count:
        raise DomainError(
            f"Số quầy {counter_no} không hợp lệ: quầy chưa ghi danh chỉ có thể là quầy 1 đến "
            f"{count}. Hãy chọn lại số quầy trong Cài đặt."
        )
    lo = PROVISIONAL_CODES.lo + (counter_no - 1) * _PROVISIONAL_SLICE
    return SequenceBlock(lo, lo + _PROVISIONAL_SLICE - 1)


def is_provisional_s10(serial: int) -> bool:
    return serial in PROVISIONAL_S10


def is_provisional_code(seq: int) -> bool:
    return seq in PROVISIONAL_CODES


def lease_days_left(valid_to: date | None, today: date) -> int | None:
    """Days a code lease still covers from ``today`` (today included); None: no end."""
    if valid_to is None:
        return None
    return max(0, (valid_to - today).days + 1)
