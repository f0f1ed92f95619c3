"""Values the printing fixtures are built from and the tests look for.

Kept out of conftest.py: "from conftest import" picks whichever conftest pytest loaded last.
"""

from __future__ import annotations

from datetime import timedelta, timezone

VN = timezone(timedelta(hours=7))
APPLICANT_NAME = "Nguyễn Thị Hồng Nhung"
CODE = "000.00.04.H40-270203-0002"
S10 = "RA123456785VN"
TRACKING_URL = "https://dichvucong.hatinh.gov.vn/tra-cuu-ho-so?ma="
