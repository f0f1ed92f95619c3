"""Draw the program's icon: resources/icons/motcua.svg, motcua.png (256 px) and motcua.ico.

Run once after changing the drawing (``.venv/bin/python installer/make_icons.py``); the outputs
are committed, so building the bundle does not need this. The SVG is the source; Qt renders it.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

# A blue tile (the counter), a receipt with lines of text, a yellow seal with a tick (received).
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect x="8" y="8" width="240" height="240" rx="44" fill="#0f5c8c"/>
  <path d="M70 40 H160 L194 74 V212 H70 Z" fill="#ffffff"/>
  <path d="M160 40 V74 H194 Z" fill="#c9d7e3"/>
  <rect x="88" y="86" width="64" height="12" rx="6" fill="#0f5c8c"/>
  <rect x="88" y="112" width="88" height="10" rx="5" fill="#9fb3c4"/>
  <rect x="88" y="134" width="88" height="10" rx="5" fill="#9fb3c4"/>
  <rect x="88" y="156" width="50" height="10" rx="5" fill="#9fb3c4"/>
  <circle cx="178" cy="184" r="46" fill="#f4b400" stroke="#ffffff" stroke-width="8"/>
  <path d="M156 184 L172 200 L202 168" fill="none" stroke="#0f5c8c" stroke-width="14"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def png_bytes(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(SVG.encode()))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding PNG images (read by Windows Vista and later, and by NSIS)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, blob in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "motcua.svg").write_text(SVG, encoding="utf-8")
    pngs = {size: png_bytes(size) for size in ICO_SIZES}
    (ICONS / "motcua.png").write_bytes(pngs[256])
    (ICONS / "motcua.ico").write_bytes(ico_bytes(pngs))
    print(f"wrote {ICONS}/motcua.svg, motcua.png, motcua.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
