"""ZPL labels for raw label printers (Zebra and compatibles): the label as one ^GFA graphic.

Label printers' built-in fonts have no Vietnamese letters, so the label PDF (the same one the
preview shows) is rendered by pdfium at the printer's dots per inch, thresholded to 1 bit and
sent as a graphic field. Pure apart from pypdfium2: no Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.errors import DomainError

DPI_CHOICES = (203, 300)  # 8 and 12 dots per mm
_COUNTS = "GHIJKLMNOPQRSTUVWXY"  # repeat counts 1..19 of ZPL's compression
_TWENTIES = "ghijklmnopqrstuvwxyz"  # 20, 40, … 400


@dataclass(frozen=True)
class Bitmap:
    """1 bit a pixel, rows of ``bytes_per_row`` bytes, most significant bit first, 1 = black."""

    width: int
    height: int
    rows: tuple[bytes, ...]

    @property
    def bytes_per_row(self) -> int:
        return (self.width + 7) // 8


def _repeat(count: int, char: str) -> str:
    """ZPL's run-length code for ``count`` copies of one hex digit."""
    out = []
    while count >= 400:
        out.append("z" + char)
        count -= 400
    if count >= 20:
        out.append(_TWENTIES[count // 20 - 1])
        count %= 20
    if count:
        out.append(_COUNTS[count - 1])
    return "".join(out) + char


def _compress_row(hexrow: str) -> str:
    if set(hexrow) == {"0"}:
        return ","  # the rest of the row is white
    if set(hexrow) == {"F"}:
        return "!"  # the rest of the row is black
    stripped = hexrow.rstrip("0")
    tail = "," if len(stripped) < len(hexrow) else ""
    out, index = [], 0
    while index < len(stripped):
        char, run = stripped[index], 1
        while index + run < len(stripped) and stripped[index + run] == char:
            run += 1
        out.append(_repeat(run, char) if run > 1 else char)
        index += run
    return "".join(out) + tail


def graphic_field(bitmap: Bitmap, *, compress: bool = True) -> str:
    """``^GFA`` with the bitmap as hex; rows equal to the one before become ":" when compressed."""
    per_row = bitmap.bytes_per_row
    if any(len(row) != per_row for row in bitmap.rows) or len(bitmap.rows) != bitmap.height:
        raise ValueError("bitmap rows do not match its size")
    total = per_row * bitmap.height
    parts: list[str] = []
    previous = None
    for row in bitmap.rows:
        hexrow = row.hex().upper()
        if not compress:
            parts.append(hexrow)
        elif row == previous:
            parts.append(":")
        else:
            parts.append(_compress_row(hexrow))
        previous = row
    data = "".join(parts)
    return f"^GFA,{total},{total},{per_row},{data}"


def zpl_label(bitmap: Bitmap, *, copies: int = 1, compress: bool = True) -> bytes:
    """A whole ZPL job printing ``bitmap`` at the label's top left corner, ``copies`` times."""
    return (
        f"^XA^CI28^PW{bitmap.width}^LL{bitmap.height}^LH0,0^FO0,0"
        f"{graphic_field(bitmap, compress=compress)}^FS^PQ{max(1, copies)}^XZ\n"
    ).encode("ascii")


def decode_graphic_field(zpl: str) -> Bitmap:
    """The bitmap inside the first ``^GFA`` of ``zpl`` (tests, and checking what was sent)."""
    start = zpl.index("^GFA,")
    fields = zpl[start + 5 :].split(",", 3)
    total, per_row = int(fields[0]), int(fields[2])
    data = fields[3].split("^", 1)[0]
    height = total // per_row
    width_hex = per_row * 2
    rows: list[bytes] = []
    previous = "0" * width_hex
    index = 0
    while len(rows) < height:
        if index >= len(data):
            raise ValueError("graphic field ends early")
        char = data[index]
        if char == ":":
            rows.append(bytes.fromhex(previous))
            index += 1
            continue
        row = ""
        while len(row) < width_hex:
            char = data[index] if index < len(data) else ","
            index += 1
            if char == ",":
                row = row.ljust(width_hex, "0")
            elif char == "!":
                row = row.ljust(width_hex, "F")
            elif char in _COUNTS or char in _TWENTIES or char == "z":
                count = 0
                while char in _COUNTS or char in _TWENTIES or char == "z":
                    if char == "z":
                        count += 400
                    elif char in _TWENTIES:
                        count += 20 * (_TWENTIES.index(char) + 1)
                    else:
                        count += _COUNTS.index(char) + 1
                    char = data[index]
                    index += 1
                row += char * count
            else:
                row += char
        rows.append(bytes.fromhex(row[:width_hex]))
        previous = row[:width_hex]
    return Bitmap(per_row * 8, height, tuple(rows))


def bitmap_from_gray(width: int, height: int, gray: bytes, threshold: int = 160) -> Bitmap:
    """1-bit rows from 8-bit grey pixels (``width`` bytes a row); darker than ``threshold``: ink."""
    rows: list[bytes] = []
    for y in range(height):
        line = gray[y * width : (y + 1) * width]
        packed = bytearray((width + 7) // 8)
        for x, value in enumerate(line):
            if value < threshold:
                packed[x >> 3] |= 0x80 >> (x & 7)
        rows.append(bytes(packed))
    return Bitmap(width, height, tuple(rows))


def label_bitmaps(pdf: bytes, dpi: int) -> list[Bitmap]:
    """Each page of a label PDF at the printer's ``dpi``, in 1 bit."""
    if dpi not in DPI_CHOICES:
        raise DomainError(f"Máy in nhãn chỉ hỗ trợ {DPI_CHOICES[0]} hoặc {DPI_CHOICES[1]} dpi.")
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmaps = []
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True)
            # The rendered rows may be padded: take exactly ``width`` bytes of each.
            data = bytes(image.buffer)
            gray = b"".join(
                data[y * image.stride : y * image.stride + image.width] for y in range(image.height)
            )
            bitmaps.append(bitmap_from_gray(image.width, image.height, gray))
            image.close()
        return bitmaps
    finally:
        document.close()


def label_pdf_to_zpl(pdf: bytes, dpi: int, copies: int = 1) -> bytes:
    """The whole label PDF as ZPL, one label a page."""
    return b"".join(zpl_label(b, copies=copies) for b in label_bitmaps(pdf, dpi))
