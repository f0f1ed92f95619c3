"""Plain sample data for tests (a module, not a conftest, so any test can import it)."""

from __future__ import annotations

from typing import Any


def applicant(**overrides: Any) -> dict[str, Any]:
    base = {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "042190001234",
        "date_of_birth": "1990-05-12",
        "sex": "Nữ",
        "phone": "0912 345 678",
        "address": "Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
    }
    base.update(overrides)
    return base
