"""Vietnamese text: stored in NFC with diacritics; searched folded (Nguyễn → nguyen)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD alone does not fold them.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """NFC with runs of white space collapsed and the ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower case without diacritics, for search keys: "Nguyễn Văn Đức" → "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.lower()).strip()


def format_vn_datetime(moment: datetime) -> str:
    """The form's time format: "14 giờ 05 phút, ngày 03/02/2027"."""
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def format_vn_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def format_vnd(amount: int) -> str:
    """Integer VND with dots for thousands, as Vietnamese forms print it: 1.250.000 đ."""
    return f"{amount:,}".replace(",", ".") + " đ"
