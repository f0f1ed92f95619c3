from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.applicant import (
    FIELD_LABELS,
    check_id_number,
    is_valid_phone,
    normalize_name,
    normalize_phone,
    parse_date,
    parse_sex,
    validate_applicant,
)
from app.domain.dossier import Applicant, Sex
from app.domain.errors import FieldError, ValidationFailed
from app.domain.provinces import BIRTH_PROVINCES
from app.domain.text import fold

TODAY = date(2025, 9, 15)
VN_VOWELS_WITH_MARKS = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")


def assert_vietnamese(message: str) -> None:
    """A sentence for people: NFC, written with Vietnamese diacritics, ends like a sentence."""
    assert unicodedata.is_normalized("NFC", message)
    assert set(message.lower()) & VN_VOWELS_WITH_MARKS, message
    assert message.rstrip().endswith("."), message


def make_id(province: str, born: date, sex: Sex, serial: str = "012345") -> str:
    century = (born.year - 1900) // 100 * 2 + (0 if sex is Sex.MALE else 1)
    return f"{province}{century}{born.year % 100:02d}{serial}"


def valid_raw(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "full_name": "Nguyễn Văn An",
        "id_number": "042085012345",
        "date_of_birth": "05/09/1985",
        "sex": "Nam",
        "phone": "0912345678",
        "address": "Thôn Trung Tiến, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        "email": "",
    }
    raw.update(overrides)
    return raw


def errors_of(raw: dict[str, object], today: date = TODAY) -> tuple[FieldError, ...]:
    with pytest.raises(ValidationFailed) as caught:
        validate_applicant(raw, today)
    for error in caught.value.errors:
        assert error.label == FIELD_LABELS[error.field]
        assert_vietnamese(error.message)
    return caught.value.errors


def only_error(raw: dict[str, object], field: str, today: date = TODAY) -> FieldError:
    errors = errors_of(raw, today)
    assert [e.field for e in errors] == [field], errors
    return errors[0]


# ---------------------------------------------------------------- labels and normalisers


def test_field_labels_cover_every_applicant_field() -> None:
    assert FIELD_LABELS == {
        "applicant.full_name": "Họ và tên",
        "applicant.id_number": "Số định danh cá nhân",
        "applicant.date_of_birth": "Ngày sinh",
        "applicant.sex": "Giới tính",
        "applicant.phone": "Số điện thoại",
        "applicant.address": "Địa chỉ",
        "applicant.email": "Thư điện tử",
    }


def test_birth_provinces_are_the_63_pre_2025_provinces() -> None:
    assert len(BIRTH_PROVINCES) == 63
    assert BIRTH_PROVINCES["001"] == "Hà Nội"
    assert BIRTH_PROVINCES["042"] == "Hà Tĩnh"
    assert BIRTH_PROVINCES["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.isdigit() for code in BIRTH_PROVINCES)
    assert "003" not in BIRTH_PROVINCES


def test_normalize_name_composes_and_collapses_spaces_but_keeps_case() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn  văn   AN")
    assert normalize_name(f"  {decomposed}\t") == "Nguyễn văn AN"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("(024) 3825-1234", "02438251234"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084 912345678", "0912345678"),
        ("+84 24 3825 1234", "02438251234"),
    ],
)
def test_normalize_phone(typed: str, expected: str) -> None:
    assert normalize_phone(typed) == expected
    assert is_valid_phone(normalize_phone(typed))


@pytest.mark.parametrize(
    "number", ["091234567", "09123456789", "0112345678", "0412345678", "0212345678", "abc"]
)
def test_invalid_phone_numbers(number: str) -> None:
    assert not is_valid_phone(normalize_phone(number))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-09-05", date(1985, 9, 5)),
        ("05/09/1985", date(1985, 9, 5)),
        ("5/9/1985", date(1985, 9, 5)),
        (" 29/02/2000 ", date(2000, 2, 29)),
        (date(1985, 9, 5), date(1985, 9, 5)),
        (datetime(1985, 9, 5, 10, 30), date(1985, 9, 5)),
    ],
)
def test_parse_date_accepts(text: str | date, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2000", "29/02/2001", "1985/09/05", "05091985", "", "x"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Nam", Sex.MALE),
        ("nam", Sex.MALE),
        ("NAM", Sex.MALE),
        ("M", Sex.MALE),
        ("male", Sex.MALE),
        ("Nữ", Sex.FEMALE),
        ("nữ", Sex.FEMALE),
        ("NỮ", Sex.FEMALE),
        ("nu", Sex.FEMALE),
        ("F", Sex.FEMALE),
        (unicodedata.normalize("NFD", "Nữ"), Sex.FEMALE),
    ],
)
def test_parse_sex_is_lenient_on_spelling(typed: str, expected: Sex) -> None:
    assert parse_sex(typed) is expected


@pytest.mark.parametrize("typed", ["n", "x", "Nam Nữ", "khác", "", "1"])
def test_parse_sex_is_strict_on_meaning(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_sex(typed)


# ---------------------------------------------------------------- personal ID


def test_check_id_number_accepts_a_consistent_id() -> None:
    assert check_id_number("042085012345", date(1985, 9, 5), Sex.MALE) == []
    assert check_id_number("001305012345", date(2005, 1, 1), Sex.FEMALE) == []
    assert check_id_number("042 085 012 345", None, None) == []


def test_check_id_number_reports_the_year_disagreement_in_words() -> None:
    [error] = check_id_number("042085012345", date(1986, 9, 5), Sex.MALE)
    assert error.field == "applicant.id_number"
    assert error.message == (
        "Số định danh cho biết năm sinh 1985 nhưng ngày sinh nhập là 1986. "
        "Kiểm tra lại thẻ căn cước."
    )


def test_check_id_number_checks_the_century_not_only_the_two_digits() -> None:
    [error] = check_id_number("042285012345", date(1985, 9, 5), Sex.MALE)
    assert "2085" in error.message
    assert "1985" in error.message


def test_check_id_number_reports_sex_disagreement() -> None:
    [error] = check_id_number("042185012345", date(1985, 9, 5), Sex.MALE)
    assert error.message == (
        "Số định danh cho biết giới tính Nữ nhưng giới tính nhập là Nam. Kiểm tra lại thẻ căn cước."
    )


def test_check_id_number_reports_each_disagreement_separately() -> None:
    errors = check_id_number("042185012345", date(1990, 1, 1), Sex.MALE)
    assert len(errors) == 2
    assert "năm sinh" in errors[0].message
    assert "giới tính" in errors[1].message


def test_check_id_number_rejects_unknown_province() -> None:
    [error] = check_id_number("003085012345", date(1985, 9, 5), Sex.MALE)
    assert "003" in error.message
    assert_vietnamese(error.message)


@pytest.mark.parametrize("number", ["04208501234", "0420850123456", "04208501234X", ""])
def test_check_id_number_rejects_bad_structure(number: str) -> None:
    [error] = check_id_number(number, date(1985, 9, 5), Sex.MALE)
    assert error.field == "applicant.id_number"
    assert_vietnamese(error.message)


def test_check_id_number_recognises_an_old_9_digit_id() -> None:
    [error] = check_id_number("183456789", None, None)
    assert "chứng minh nhân dân" in error.message


@given(
    province=st.sampled_from(sorted(BIRTH_PROVINCES)),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)),
    sex=st.sampled_from(list(Sex)),
    serial=st.integers(0, 999_999).map("{:06d}".format),
)
def test_constructed_ids_pass_and_the_other_sex_fails(
    province: str, born: date, sex: Sex, serial: str
) -> None:
    number = make_id(province, born, sex, serial)
    assert check_id_number(number, born, sex) == []

    other_sex = str(int(number[3]) ^ 1)  # same century, the other sex
    flipped = number[:3] + other_sex + number[4:]
    errors = check_id_number(flipped, born, sex)
    assert len(errors) == 1
    assert "giới tính" in errors[0].message


# ---------------------------------------------------------------- validate_applicant


def test_validate_applicant_builds_a_normalised_applicant() -> None:
    applicant = validate_applicant(
        valid_raw(
            full_name="  nguyễn   Thị  bình ",
            id_number="042 185 012345",
            sex="nu",
            date_of_birth="1985-09-05",
            phone="+84 912.345.678",
            address=" Thôn  Trung Tiến,  xã Kỳ Bắc ",
            email=" binh@example.vn ",
        ),
        TODAY,
    )
    assert applicant == Applicant(
        full_name="nguyễn Thị bình",
        id_number="042185012345",
        date_of_birth=date(1985, 9, 5),
        sex=Sex.FEMALE,
        phone="0912345678",
        address="Thôn Trung Tiến, xã Kỳ Bắc",
        email="binh@example.vn",
    )


@pytest.mark.parametrize("name", ["H'Hen Niê", "Ksor H’Bia", "Lê-Nguyễn Minh", "Müller Anna"])
def test_names_with_apostrophes_hyphens_and_foreign_letters_are_accepted(name: str) -> None:
    assert validate_applicant(valid_raw(full_name=name), TODAY).full_name == name


def test_missing_name() -> None:
    error = only_error(valid_raw(full_name="   "), "applicant.full_name")
    assert "Chưa nhập" in error.message


def test_name_too_short() -> None:
    error = only_error(valid_raw(full_name="A"), "applicant.full_name")
    assert "ngắn" in error.message


def test_name_too_long() -> None:
    error = only_error(valid_raw(full_name="Nguyễn " + "a" * 100), "applicant.full_name")
    assert "100" in error.message


def test_name_with_digits() -> None:
    error = only_error(valid_raw(full_name="Nguyễn Văn 2"), "applicant.full_name")
    assert "chữ số" in error.message


def test_name_with_symbols() -> None:
    error = only_error(valid_raw(full_name="Nguyễn Văn @n"), "applicant.full_name")
    assert "chữ cái" in error.message


def test_missing_date_of_birth() -> None:
    error = only_error(valid_raw(date_of_birth=""), "applicant.date_of_birth")
    assert "Chưa nhập" in error.message


def test_unreadable_date_of_birth() -> None:
    error = only_error(valid_raw(date_of_birth="31/02/1985"), "applicant.date_of_birth")
    assert "ngày/tháng/năm" in error.message


def test_date_of_birth_in_the_future() -> None:
    error = only_error(
        valid_raw(date_of_birth="16/09/2025", id_number="042225012345"), "applicant.date_of_birth"
    )
    assert "tương lai" in error.message


def test_date_of_birth_today_is_accepted() -> None:
    raw = valid_raw(date_of_birth="15/09/2025", id_number="042225012345")
    assert validate_applicant(raw, TODAY).date_of_birth == TODAY


def test_date_of_birth_more_than_130_years_ago() -> None:
    later = date(2035, 6, 1)
    raw = valid_raw(date_of_birth="31/05/1905", id_number="042005012345")
    error = only_error(raw, "applicant.date_of_birth", today=later)
    assert "130" in error.message


def test_date_of_birth_exactly_130_years_ago_is_accepted() -> None:
    later = date(2035, 6, 1)
    raw = valid_raw(date_of_birth="01/06/1905", id_number="042005012345")
    assert validate_applicant(raw, later).date_of_birth == date(1905, 6, 1)


def test_age_limit_on_29_february() -> None:
    leap_today = date(2032, 2, 29)  # 130 years earlier has no 29 February: the limit is the 28th
    accepted = valid_raw(date_of_birth="28/02/1902", id_number="042002012345")
    assert validate_applicant(accepted, leap_today).date_of_birth == date(1902, 2, 28)
    refused = valid_raw(date_of_birth="27/02/1902", id_number="042002012345")
    error = only_error(refused, "applicant.date_of_birth", today=leap_today)
    assert "130" in error.message


def test_missing_sex() -> None:
    error = only_error(valid_raw(sex=None), "applicant.sex")
    assert "Nam hoặc Nữ" in error.message


def test_unclear_sex() -> None:
    error = only_error(valid_raw(sex="x"), "applicant.sex")
    assert "Nam hoặc Nữ" in error.message


def test_missing_phone() -> None:
    error = only_error(valid_raw(phone=""), "applicant.phone")
    assert "Chưa nhập" in error.message


def test_invalid_phone() -> None:
    error = only_error(valid_raw(phone="012345"), "applicant.phone")
    assert "10 chữ số" in error.message


def test_missing_address() -> None:
    error = only_error(valid_raw(address=""), "applicant.address")
    assert "Chưa nhập" in error.message


def test_address_too_short() -> None:
    error = only_error(valid_raw(address="Huế"), "applicant.address")
    assert "ngắn" in error.message


@pytest.mark.parametrize("email", ["binh", "binh@", "binh@example", "a b@example.vn", "a@@b.vn"])
def test_invalid_email(email: str) -> None:
    error = only_error(valid_raw(email=email), "applicant.email")
    assert "để trống" in error.message


def test_email_is_optional() -> None:
    raw = valid_raw()
    del raw["email"]
    assert validate_applicant(raw, TODAY).email == ""


def test_missing_id_number() -> None:
    error = only_error(valid_raw(id_number=""), "applicant.id_number")
    assert "Chưa nhập" in error.message


def test_id_number_disagreeing_with_date_of_birth_and_sex() -> None:
    errors = errors_of(valid_raw(id_number="042186012345"))
    assert [e.field for e in errors] == ["applicant.id_number", "applicant.id_number"]
    assert "1986" in errors[0].message
    assert "giới tính Nữ" in errors[1].message


def test_an_invalid_date_of_birth_is_not_also_blamed_on_the_id() -> None:
    errors = errors_of(valid_raw(date_of_birth="abc"))
    assert [e.field for e in errors] == ["applicant.date_of_birth"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("full_name", 42),
        ("id_number", 42085012345),
        ("date_of_birth", 19850905),
        ("sex", 1),
        ("phone", 912345678),
        ("address", ["Thôn 1"]),
        ("email", 3.5),
    ],
)
def test_wrong_types_give_field_errors_not_crashes(key: str, value: object) -> None:
    error = only_error(valid_raw(**{key: value}), f"applicant.{key}")
    assert error.label == FIELD_LABELS[f"applicant.{key}"]


def test_an_empty_mapping_reports_every_required_field_at_once() -> None:
    fields = [e.field for e in errors_of({})]
    assert fields == [
        "applicant.full_name",
        "applicant.date_of_birth",
        "applicant.sex",
        "applicant.id_number",
        "applicant.phone",
        "applicant.address",
    ]


def test_folded_sex_words_cover_the_enum_values() -> None:
    # The enum's own values must always parse, whatever spelling table is used.
    for sex in Sex:
        assert parse_sex(sex.value) is sex
        assert parse_sex(fold(sex.value)) is sex
