"""What the first-run set-up asks for, and the checks that need no database.

The account rules (username, PIN/password strength) belong to app.services.accounts; the set-up
service adds them to these checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.dossier_code import validate_unit_code
from app.domain.errors import DomainError, FieldError
from app.domain.text import nfc

# The 34 provinces and centrally-run cities since 1 July 2025 (Nghị quyết 202/2025/QH15).
# Offered in a list that still accepts any typed name.
CITIES = ("Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh")
PROVINCES = (
    "An Giang",
    "Bắc Ninh",
    "Cà Mau",
    "Cao Bằng",
    "Đắk Lắk",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Tĩnh",
    "Hưng Yên",
    "Khánh Hòa",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Nghệ An",
    "Ninh Bình",
    "Phú Thọ",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sơn La",
    "Tây Ninh",
    "Thái Nguyên",
    "Thanh Hóa",
    "Tuyên Quang",
    "Vĩnh Long",
)
CURRENT_PROVINCES = tuple(sorted(CITIES + PROVINCES, key=lambda name: nfc(name).casefold()))

MAX_NAME = 120
MAX_COUNTER_NAME = 60
_PHONE = re.compile(r"[0-9 .()+-]{8,20}")

# Labels as the forms show them (the wizard and the settings dialog).
LABELS = {
    "name": "Tên bưu điện",
    "unit_code": "Mã đơn vị",
    "province": "Tỉnh/thành phố",
    "commune": "Xã/phường",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "counter_name": "Tên quầy",
    "admin_username": "Tên đăng nhập",
    "admin_name": "Họ và tên",
    "admin_secret": "Mã PIN hoặc mật khẩu",
    "admin_secret_again": "Nhập lại mã PIN/mật khẩu",
}


@dataclass(frozen=True)
class OfficeDetails:
    """The office as the set-up asks for it (the parent post office follows from the province)."""

    name: str = ""
    unit_code: str = ""
    province: str = ""
    commune: str = ""
    address: str = ""
    phone: str = ""

    def office_fields(self) -> dict[str, str]:
        """The fields for ``configure_office`` (parent_name derived from the province)."""
        return {
            "name": nfc(self.name.strip()),
            "unit_code": self.unit_code.strip().upper(),
            "province": nfc(self.province.strip()),
            "commune": nfc(self.commune.strip()),
            "address": nfc(self.address.strip()),
            "phone": self.phone.strip(),
            "parent_name": parent_name_for(self.province),
        }


@dataclass(frozen=True)
class SetupPlan:
    """Everything the wizard gathered; printers are the window's business (settings keys of
    app.ui.printing), so they travel as ``extra_settings`` to ``apply_setup``."""

    office: OfficeDetails
    counter_name: str
    admin_username: str
    admin_name: str
    admin_secret: str
    admin_secret_again: str
    form_printer: str = ""
    label_printer: str = ""


def parent_name_for(province: str) -> str:
    """The heading above the office's name: "BƯU ĐIỆN TỈNH HÀ TĨNH", "BƯU ĐIỆN THÀNH PHỐ HUẾ"."""
    name = nfc(province.strip())
    if not name:
        return ""
    kind = "THÀNH PHỐ" if name in CITIES else "TỈNH"
    return f"BƯU ĐIỆN {kind} {name.upper()}"


def suggested_office_name(commune: str) -> str:
    """The usual name of a commune's post office, to prefill the name (the person may change it)."""
    name = nfc(commune.strip())
    return f"Bưu điện văn hóa xã {name}" if name else ""


def _error(field: str, message: str) -> FieldError:
    return FieldError(field, LABELS[field], message)


def unit_code_problem(code: str) -> FieldError | None:
    if not code.strip():
        return _error("unit_code", "Nhập mã đơn vị do bưu điện tỉnh cấp (ví dụ 000.00.04.H42).")
    try:
        validate_unit_code(code)
    except DomainError:
        return _error(
            "unit_code",
            "Mã đơn vị có dạng 000.00.00.X00 (ví dụ 000.00.04.H42): ba số, hai số, hai số, "
            "một chữ cái và hai số, cách nhau bằng dấu chấm. Kiểm tra lại.",
        )
    return None


def office_problems(office: OfficeDetails) -> list[FieldError]:
    """Every problem with the office's details, in the order of the form."""
    problems: list[FieldError] = []
    name = office.name.strip()
    if not name:
        problems.append(_error("name", "Nhập tên bưu điện (ví dụ: Bưu điện văn hóa xã Kỳ Bắc)."))
    elif len(name) > MAX_NAME:
        problems.append(_error("name", f"Tên dài quá {MAX_NAME} ký tự. Viết gọn lại."))
    if (problem := unit_code_problem(office.unit_code)) is not None:
        problems.append(problem)
    if not office.province.strip():
        problems.append(_error("province", "Chọn hoặc nhập tỉnh/thành phố."))
    if not office.commune.strip():
        problems.append(_error("commune", "Nhập tên xã/phường nơi đặt bưu điện."))
    phone = office.phone.strip()
    if phone and not (_PHONE.fullmatch(phone) and sum(c.isdigit() for c in phone) >= 8):
        problems.append(
            _error(
                "phone", "Số điện thoại gồm ít nhất 8 chữ số (ví dụ 0239 3868 686), hoặc để trống."
            )
        )
    return problems


def counter_name_problem(name: str) -> FieldError | None:
    shown = name.strip()
    if not shown:
        return _error("counter_name", "Đặt tên cho quầy (ví dụ: Quầy 1).")
    if len(shown) > MAX_COUNTER_NAME:
        return _error("counter_name", f"Tên quầy dài quá {MAX_COUNTER_NAME} ký tự. Viết gọn lại.")
    return None


def secrets_match_problem(secret: str, again: str) -> FieldError | None:
    if secret != again:
        return _error("admin_secret_again", "Hai lần nhập không giống nhau. Nhập lại cho khớp.")
    return None
