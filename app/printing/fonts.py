"""The embedded Vietnamese font (Noto Sans, OFL) and text-fitting helpers.

reportlab's built-in PDF fonts are Latin-1 only, so every document uses a TrueType font that has
the precomposed Vietnamese letters; reportlab embeds a subset with a ToUnicode map, so text copied
out of the PDF is the real Vietnamese text.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.domain.errors import DomainError
from app.resources import resource_path

REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"
ITALIC = "NotoSans-Italic"
FAMILY = REGULAR

_FILES: dict[str, str] = {
    REGULAR: "NotoSans-Regular.ttf",
    BOLD: "NotoSans-Bold.ttf",
    ITALIC: "NotoSans-Italic.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the font family with reportlab once per process (safe from several threads)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = resource_path("fonts", filename)
            if not path.is_file():
                raise DomainError(
                    f"Không tìm thấy phông chữ {filename} tại {path.parent}. "
                    "Hãy cài đặt lại ứng dụng để in được tiếng Việt."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # <b> and <i> in paragraphs pick the matching face; there is no bold italic face,
        # bold stands in for it.
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD)
        _registered = True


def text_width(text: str, font: str, size: float) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def fit_size(text: str, font: str, max_size: float, min_size: float, width: float) -> float:
    """The largest size (0.25 pt steps) at which ``text`` fits ``width``, at least ``min_size``."""
    size = max_size
    while size > min_size and text_width(text, font, size) > width:
        size -= 0.25
    return max(size, min_size)


def fit_text(
    text: str, font: str, max_size: float, min_size: float, width: float
) -> tuple[str, float]:
    """Shrink ``text`` to fit ``width``; if even ``min_size`` is too wide, cut it with "…"."""
    size = fit_size(text, font, max_size, min_size, width)
    if text_width(text, font, size) <= width:
        return text, size
    cut = text
    while cut and text_width(cut.rstrip() + "…", font, size) > width:
        cut = cut[:-1]
    return (cut.rstrip() + "…" if cut else ""), size
