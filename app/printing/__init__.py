"""Printed documents as PDF bytes (reportlab, embedded Noto Sans, vector Code 128 and QR).

Every function is pure apart from reading the bundled font: same inputs, same bytes
(the canvas is built with ``invariant=1``). Sending the bytes to a printer is not done here.
"""

from __future__ import annotations

from app.printing.dispatch_slip import render_dispatch_slip
from app.printing.guidance import render_guidance
from app.printing.label import render_label
from app.printing.receipt import render_receipt, tracking_payload
from app.printing.small_label import render_small_label

__all__ = [
    "render_dispatch_slip",
    "render_guidance",
    "render_label",
    "render_receipt",
    "render_small_label",
    "tracking_payload",
]
