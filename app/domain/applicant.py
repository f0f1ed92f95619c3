"""The person filing a dossier: normalising and checking what the counter typed or scanned."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime

from app.domain.dossier import Applicant, Sex
from app.domain.errors import FieldError, ValidationFailed
from app.domain.provinces import BIRTH_PROVINCES
from app.domain.text import fold, nfc

FIELD_LABELS: dict[str, str] = {
    "applicant.full_name": "Họ và tên",
    "applicant.id_number": "Số định danh cá nhân",
    "applicant.date_of_birth": "Ngày sinh",
    "applicant.sex": "Giới tính",
    "applicant.phone": "Số điện thoại",
    "applicant.address": "Địa chỉ",
    "applicant.email": "Thư điện tử",
}

NAME_MIN = 2
NAME_MAX = 100
ADDRESS_MIN = 5
MAX_AGE_YEARS = 130

_ID_FIELD = "applicant.id_number"
_CHECK_CARD = "Kiểm tra lại thẻ căn cước."

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")
_ID_SEPARATORS = re.compile(r"[\s.\-]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
# Deliberately simple: the counter only needs to catch typos, the mail server decides the rest.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
# Apostrophe and hyphen appear in names of ethnic minorities and foreigners (H'Hen Niê, Ksor-…).
_NAME_PUNCTUATION = frozenset("'’-")

# Spellings staff and scanners actually produce, compared after fold() (so "Nữ", "NỮ", "nu" agree).
# Single letters "n" and bare "x" are refused: they could mean either.
_SEX_WORDS: dict[str, Sex] = {
    "nam": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "trai": Sex.MALE,
    "nu": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "gai": Sex.FEMALE,
}


def _error(field: str, message: str) -> FieldError:
    return FieldError(field=field, label=FIELD_LABELS[field], message=message)


# ---------------------------------------------------------------- normalisers


def normalize_name(s: str) -> str:
    """NFC, single spaces, trimmed; diacritics and letter case stay as typed."""
    return nfc(s)


def normalize_phone(s: str) -> str:
    """Digits only, country code turned into the domestic 0: "+84 912.345.678" → 0912345678.

    Does not judge validity; see :func:`is_valid_phone`.
    """
    digits = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", s))
    for prefix in ("+84", "0084"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            # "+84 (0) 912…" is common on business cards: keep a single leading zero.
            return rest if rest.startswith("0") else "0" + rest
    # No domestic number starts with 84, so a bare 84 + 9/10 digits is the country code.
    if digits.startswith("84") and len(digits) in (11, 12):
        return "0" + digits[2:]
    return digits


def is_valid_phone(normalized: str) -> bool:
    """Mobile 0[35789]xxxxxxxx (10 digits) or landline 02xxxxxxxxx (11 digits)."""
    return bool(_MOBILE.fullmatch(normalized) or _LANDLINE.fullmatch(normalized))


def normalize_id_number(s: str) -> str:
    """Drop the spaces, dots and dashes people type to group the 12 digits."""
    return _ID_SEPARATORS.sub("", unicodedata.normalize("NFKC", s))


def parse_date(value: str | date) -> date:
    """A date from "YYYY-MM-DD" or "dd/mm/yyyy" (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy).

    Raises ValueError for anything else, including impossible days such as 31/02/2000.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DAY_FIRST_DATE.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError(f"not a date: {value!r}")
    return date(year, month, day)


def parse_sex(value: str | Sex) -> Sex:
    """Nam/Nữ from "Nam", "Nữ" and usual variants (nam, nu, NỮ, M, F, male, female).

    Raises ValueError for anything that does not clearly mean one of the two.
    """
    if isinstance(value, Sex):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a sex: {value!r}")
    key = fold(value).rstrip(".")
    if key in _SEX_WORDS:
        return _SEX_WORDS[key]
    raise ValueError(f"not a sex: {value!r}")


# ---------------------------------------------------------------- personal ID


def id_birth_year(id_number: str) -> int:
    """The birth year encoded in a 12-digit ID: century from digit 4, year from digits 5–6."""
    century_digit = int(id_number[3])
    return 1900 + (century_digit // 2) * 100 + int(id_number[4:6])


def id_sex(id_number: str) -> Sex:
    """Even century digit = male, odd = female (Circular 07/2016/TT-BCA)."""
    return Sex.MALE if int(id_number[3]) % 2 == 0 else Sex.FEMALE


def check_id_number(
    id_number: str, date_of_birth: date | None, sex: Sex | None
) -> list[FieldError]:
    """Problems with a 12-digit personal ID ``PPP G YY NNNNNN``; empty when it is fine.

    The ID has no check digit, so only its structure and its agreement with the date of birth and
    sex can be checked. Each disagreement is reported separately so the screen can show both.
    """
    number = normalize_id_number(id_number)
    if not number:
        return [_error(_ID_FIELD, "Chưa nhập số định danh. Nhập 12 chữ số trên thẻ căn cước.")]
    if not number.isascii() or not number.isdigit():
        return [
            _error(
                _ID_FIELD,
                "Số định danh chỉ gồm chữ số. Nhập đúng 12 chữ số trên thẻ căn cước.",
            )
        ]
    if len(number) != 12:
        hint = (
            " Đây có vẻ là số chứng minh nhân dân cũ; hãy nhập số định danh trên thẻ căn cước."
            if len(number) == 9
            else " " + _CHECK_CARD
        )
        return [
            _error(
                _ID_FIELD,
                f"Số định danh phải có đúng 12 chữ số, số đã nhập có {len(number)} chữ số.{hint}",
            )
        ]

    errors: list[FieldError] = []
    province = number[:3]
    if province not in BIRTH_PROVINCES:
        errors.append(
            _error(
                _ID_FIELD,
                f"Ba chữ số đầu {province} không phải mã tỉnh nơi đăng ký khai sinh. {_CHECK_CARD}",
            )
        )
    if date_of_birth is not None:
        year = id_birth_year(number)
        if year != date_of_birth.year:
            errors.append(
                _error(
                    _ID_FIELD,
                    f"Số định danh cho biết năm sinh {year} nhưng ngày sinh nhập là "
                    f"{date_of_birth.year}. {_CHECK_CARD}",
                )
            )
    if sex is not None:
        encoded = id_sex(number)
        if encoded != sex:
            errors.append(
                _error(
                    _ID_FIELD,
                    f"Số định danh cho biết giới tính {encoded.value} nhưng giới tính nhập là "
                    f"{sex.value}. {_CHECK_CARD}",
                )
            )
    return errors


# ---------------------------------------------------------------- whole applicant


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _text(raw: Mapping[str, object], key: str, errors: list[FieldError]) -> str | None:
    """The stripped text under ``key``: "" when missing, None (with an error) when not text."""
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        field = f"applicant.{key}"
        errors.append(
            _error(
                field,
                f"Giá trị không đọc được ({type(value).__name__}). "
                f"Nhập lại {FIELD_LABELS[field].lower()} bằng chữ.",
            )
        )
        return None
    return value.strip()


def _check_name(raw: Mapping[str, object], errors: list[FieldError]) -> str:
    field = "applicant.full_name"
    text = _text(raw, "full_name", errors)
    if text is None:
        return ""
    name = normalize_name(text)
    if not name:
        errors.append(_error(field, "Chưa nhập họ và tên. Nhập họ và tên như trên thẻ căn cước."))
        return name
    if any(c.isdigit() for c in name):
        errors.append(_error(field, "Họ và tên không được chứa chữ số. Nhập lại họ và tên."))
    elif any(
        not (c == " " or c in _NAME_PUNCTUATION or unicodedata.category(c)[0] in "LM") for c in name
    ):
        errors.append(
            _error(
                field,
                "Họ và tên chỉ gồm chữ cái, dấu cách, dấu nháy (') và gạch nối (-). "
                "Xóa các ký tự khác rồi nhập lại.",
            )
        )
    if len(name) < NAME_MIN:
        errors.append(
            _error(field, f"Họ và tên quá ngắn (ít nhất {NAME_MIN} ký tự). Nhập đủ họ và tên.")
        )
    elif len(name) > NAME_MAX:
        errors.append(
            _error(
                field,
                f"Họ và tên dài quá {NAME_MAX} ký tự. Kiểm tra lại, có thể đã dán nhầm nội dung.",
            )
        )
    return name


def _check_date_of_birth(
    raw: Mapping[str, object], today: date, errors: list[FieldError]
) -> date | None:
    field = "applicant.date_of_birth"
    value = raw.get("date_of_birth")
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.append(
            _error(field, "Chưa nhập ngày sinh. Nhập ngày sinh theo dạng ngày/tháng/năm.")
        )
        return None
    if not isinstance(value, str | date):
        errors.append(
            _error(
                field,
                "Ngày sinh không đọc được. Nhập lại theo dạng ngày/tháng/năm, ví dụ 05/09/1985.",
            )
        )
        return None
    try:
        born = parse_date(value)
    except ValueError:
        errors.append(
            _error(
                field,
                "Ngày sinh không đúng. Nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1985, "
                "và kiểm tra ngày có trong tháng đó.",
            )
        )
        return None
    if born > today:
        errors.append(_error(field, "Ngày sinh ở tương lai. Kiểm tra lại ngày sinh trên thẻ."))
        return None
    if born < _years_before(today, MAX_AGE_YEARS):
        errors.append(
            _error(
                field,
                f"Ngày sinh cách đây hơn {MAX_AGE_YEARS} năm. Kiểm tra lại năm sinh trên thẻ.",
            )
        )
        return None
    return born


def _check_sex(raw: Mapping[str, object], errors: list[FieldError]) -> Sex | None:
    field = "applicant.sex"
    value = raw.get("sex")
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.append(_error(field, "Chưa chọn giới tính. Chọn Nam hoặc Nữ."))
        return None
    if isinstance(value, str | Sex):
        try:
            return parse_sex(value)
        except ValueError:
            pass
    errors.append(_error(field, "Giới tính không rõ. Chọn Nam hoặc Nữ."))
    return None


def _check_phone(raw: Mapping[str, object], errors: list[FieldError]) -> str:
    field = "applicant.phone"
    text = _text(raw, "phone", errors)
    if text is None:
        return ""
    if not text:
        errors.append(
            _error(field, "Chưa nhập số điện thoại. Nhập số để bưu điện báo khi có kết quả.")
        )
        return ""
    phone = normalize_phone(text)
    if not is_valid_phone(phone):
        errors.append(
            _error(
                field,
                "Số điện thoại không đúng. Nhập số di động 10 chữ số (ví dụ 0912345678) "
                "hoặc số cố định 11 chữ số bắt đầu bằng 02.",
            )
        )
    return phone


def _check_address(raw: Mapping[str, object], errors: list[FieldError]) -> str:
    field = "applicant.address"
    text = _text(raw, "address", errors)
    if text is None:
        return ""
    address = nfc(text)
    if not address:
        errors.append(
            _error(field, "Chưa nhập địa chỉ. Nhập số nhà, thôn/xóm, xã/phường, tỉnh/thành phố.")
        )
    elif len(address) < ADDRESS_MIN:
        errors.append(
            _error(
                field,
                "Địa chỉ quá ngắn. Nhập đủ số nhà, thôn/xóm, xã/phường, tỉnh/thành phố.",
            )
        )
    return address


def _check_email(raw: Mapping[str, object], errors: list[FieldError]) -> str:
    field = "applicant.email"
    text = _text(raw, "email", errors)
    if not text:
        return ""
    email = unicodedata.normalize("NFC", text)
    if not _EMAIL.fullmatch(email):
        errors.append(
            _error(
                field,
                "Thư điện tử không đúng dạng (ví dụ ten@gmail.com). Sửa lại hoặc để trống.",
            )
        )
    return email


def _check_id(
    raw: Mapping[str, object], born: date | None, sex: Sex | None, errors: list[FieldError]
) -> str:
    text = _text(raw, "id_number", errors)
    if text is None:
        return ""
    errors.extend(check_id_number(text, born, sex))
    return normalize_id_number(text)


def validate_applicant(raw: Mapping[str, object], today: date) -> Applicant:
    """Check every field of ``raw`` and build the Applicant, or raise ValidationFailed listing ALL
    problems (so the counter fixes them in one pass rather than one by one)."""
    errors: list[FieldError] = []
    name = _check_name(raw, errors)
    born = _check_date_of_birth(raw, today, errors)
    sex = _check_sex(raw, errors)
    id_number = _check_id(raw, born, sex, errors)
    phone = _check_phone(raw, errors)
    address = _check_address(raw, errors)
    email = _check_email(raw, errors)
    if errors or born is None or sex is None:
        raise ValidationFailed(errors)
    return Applicant(
        full_name=name,
        id_number=id_number,
        date_of_birth=born,
        sex=sex,
        phone=phone,
        address=address,
        email=email,
    )
