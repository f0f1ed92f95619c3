from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.applicant import validate_applicant
from app.domain.cccd_qr import CccdCard, parse_cccd_qr, repair_mojibake
from app.domain.dossier import Sex
from app.domain.errors import DomainError, ValidationFailed

TODAY = date(2025, 9, 15)
NAME = "Nguyễn Thị Ánh Tuyết"
ADDRESS = "Thôn Trung Tiến, Xã Kỳ Bắc, Huyện Kỳ Anh, Tỉnh Hà Tĩnh"
# Every Vietnamese letter, both cases, so the round trips below touch every byte pattern.
VN_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VN_TEXT = VN_LOWER + VN_LOWER.upper() + " ,.-/0123456789"
SEVEN = f"042185012345|183456789|{NAME}|05091985|Nữ|{ADDRESS}|12042021"
SIX = f"042185012345|{NAME}|05091985|Nữ|{ADDRESS}|12042021"


def windows_1252(raw: bytes) -> str:
    """What a Windows keyboard-wedge scanner types: cp1252, with the five undefined bytes passed
    through as the control characters of the same number (as Windows' own decoder does)."""
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in raw
    )


def cp1252_mojibake(text: str) -> str:
    return windows_1252(text.encode("utf-8"))


def latin1_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def expected_card(**overrides: object) -> CccdCard:
    fields: dict[str, object] = {
        "id_number": "042185012345",
        "old_id_number": "183456789",
        "full_name": NAME,
        "date_of_birth": date(1985, 9, 5),
        "sex": Sex.FEMALE,
        "address": ADDRESS,
        "issue_date": date(2021, 4, 12),
    }
    fields.update(overrides)
    return CccdCard(**fields)  # type: ignore[arg-type]


def assert_not_a_card(payload: str, *words: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        parse_cccd_qr(payload, TODAY)
    assert not isinstance(caught.value, ValidationFailed)
    message = caught.value.message
    assert message.startswith("Mã QR không phải của thẻ căn cước: ")
    assert "quét lại" in message
    assert unicodedata.is_normalized("NFC", message)
    for word in words:
        assert word in message
    return caught.value


# ---------------------------------------------------------------- layouts


def test_seven_field_payload() -> None:
    assert parse_cccd_qr(SEVEN, TODAY) == expected_card()


def test_seven_field_payload_with_empty_old_id() -> None:
    payload = SEVEN.replace("|183456789|", "||")
    assert parse_cccd_qr(payload, TODAY) == expected_card(old_id_number="")


def test_six_field_payload_has_no_old_id() -> None:
    assert parse_cccd_qr(SIX, TODAY) == expected_card(old_id_number="")


def test_scanner_noise_around_the_payload_is_ignored() -> None:
    assert parse_cccd_qr(f"  {SEVEN}\r\n", TODAY) == expected_card()
    assert parse_cccd_qr(f"{SEVEN}||\n", TODAY) == expected_card()
    assert parse_cccd_qr(f"{SIX}|||", TODAY) == expected_card(old_id_number="")


def test_missing_issue_date_is_none() -> None:
    payload = f"042185012345||{NAME}|05091985|Nữ|{ADDRESS}|"
    assert parse_cccd_qr(payload, TODAY).issue_date is None


def test_decomposed_text_comes_out_nfc() -> None:
    card = parse_cccd_qr(unicodedata.normalize("NFD", SEVEN), TODAY)
    assert card.full_name == NAME
    assert card.address == ADDRESS
    assert card.sex is Sex.FEMALE


def test_as_applicant_fields_feeds_validate_applicant() -> None:
    fields = parse_cccd_qr(SEVEN, TODAY).as_applicant_fields()
    assert fields == {
        "full_name": NAME,
        "id_number": "042185012345",
        "date_of_birth": "1985-09-05",
        "sex": "Nữ",
        "phone": "",
        "address": ADDRESS,
        "email": "",
    }
    with pytest.raises(ValidationFailed) as caught:
        validate_applicant(fields, TODAY)
    assert [e.field for e in caught.value.errors] == ["applicant.phone"]

    applicant = validate_applicant({**fields, "phone": "0912345678"}, TODAY)
    assert applicant.full_name == NAME
    assert applicant.sex is Sex.FEMALE


# ---------------------------------------------------------------- mojibake


def test_cp1252_mojibake_payload_is_repaired() -> None:
    garbled = cp1252_mojibake(SEVEN)
    assert "Nguyá»…n" in garbled
    assert parse_cccd_qr(garbled, TODAY) == expected_card()


def test_latin1_mojibake_payload_is_repaired() -> None:
    garbled = latin1_mojibake(SEVEN)
    assert garbled != SEVEN
    assert parse_cccd_qr(garbled + "\r\n", TODAY) == expected_card()


def test_mojibake_with_the_undefined_cp1252_bytes_is_repaired() -> None:
    # Đ is C4 90 and Ý is C3 9D: 0x90 and 0x9D have no cp1252 character.
    name = "Đặng Thị Ý Nhi"
    payload = f"001305012345||{name}|01012005|Nữ|Phường Điện Biên, Hà Nội|01022022"
    card = parse_cccd_qr(cp1252_mojibake(payload), TODAY)
    assert card.full_name == name
    assert card.address == "Phường Điện Biên, Hà Nội"


def test_double_mojibake_is_repaired() -> None:
    twice = cp1252_mojibake(cp1252_mojibake(SEVEN))
    assert parse_cccd_qr(twice, TODAY) == expected_card()
    assert parse_cccd_qr(latin1_mojibake(latin1_mojibake(SIX)), TODAY) == expected_card(
        old_id_number=""
    )


def test_a_lost_no_break_space_is_restored() -> None:
    # "à" is C3 A0; A0 shows as a no-break space that text widgets often turn into a plain space.
    garbled = cp1252_mojibake("Hà Tĩnh").replace("\xa0", " ")
    assert garbled == "HÃ  TÄ©nh"
    assert repair_mojibake(garbled) == "Hà Tĩnh"


def test_a_correct_payload_is_untouched() -> None:
    assert parse_cccd_qr(SEVEN, TODAY) == expected_card()
    for text in (NAME, ADDRESS, VN_TEXT, "Tô Hà", "Café Müller", "ASCII only 123"):
        assert repair_mojibake(text) == text


def test_unrepairable_mojibake_is_refused_with_a_hint() -> None:
    # A scanner that replaced the bytes it could not type: nothing left to repair.
    payload = f"042185012345||Nguy\ufffd\ufffdn Th\ufffd B\ufffdnh|05091985|Nữ|{ADDRESS}|12042021"
    with pytest.raises(DomainError) as caught:
        parse_cccd_qr(payload, TODAY)
    assert "UTF-8" in caught.value.message
    assert "nhập tay" in caught.value.message


@given(st.text(alphabet=VN_TEXT, max_size=60))
def test_repair_never_changes_correct_vietnamese(text: str) -> None:
    assert repair_mojibake(text) == text


@given(st.text(alphabet=VN_TEXT, min_size=1, max_size=60), st.integers(1, 2))
def test_repair_undoes_any_mojibake_of_vietnamese(text: str, layers: int) -> None:
    garbled = text
    for _ in range(layers):
        garbled = cp1252_mojibake(garbled)
    assert repair_mojibake(garbled) == text
    assert repair_mojibake(latin1_mojibake(text)) == text


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "payload",
    [
        "042185012345|183456789|Nguyễn Thị Bình",
        "042185012345|Nguyễn Thị Bình|05091985",
        f"{SEVEN}|thừa|thêm",
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
    ],
)
def test_wrong_field_counts_are_refused(payload: str) -> None:
    assert_not_a_card(payload, "trường")


def test_empty_payload_is_refused() -> None:
    assert_not_a_card(" \r\n")


def test_first_field_must_be_a_12_digit_id() -> None:
    assert_not_a_card(SEVEN.replace("042185012345", "04218501234"), "12 chữ số")


@pytest.mark.parametrize("bad", ["32011985", "05131985", "5091985", "ngày 5"])
def test_bad_birth_date_is_refused(bad: str) -> None:
    assert_not_a_card(SEVEN.replace("|05091985|", f"|{bad}|"), "ngày sinh")


def test_bad_issue_date_is_refused() -> None:
    assert_not_a_card(SEVEN.replace("12042021", "30022021"), "ngày cấp")


def test_issue_date_before_birth_is_refused() -> None:
    assert_not_a_card(SEVEN.replace("12042021", "12041980"), "ngày cấp")


def test_future_dates_are_refused_when_today_is_known() -> None:
    assert_not_a_card(SEVEN.replace("12042021", "16092025"), "tương lai")
    assert parse_cccd_qr(SEVEN.replace("12042021", "16092025")).issue_date == date(2025, 9, 16)


@pytest.mark.parametrize("bad", ["X", "", "Nam/Nữ"])
def test_bad_sex_is_refused(bad: str) -> None:
    assert_not_a_card(SEVEN.replace("|Nữ|", f"|{bad}|"), "giới tính")


def test_id_disagreeing_with_birth_year_raises_validation_failed() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_cccd_qr(SEVEN.replace("05091985", "05091986"), TODAY)
    [error] = caught.value.errors
    assert error.field == "applicant.id_number"
    assert error.message == (
        "Số định danh cho biết năm sinh 1985 nhưng ngày sinh nhập là 1986. "
        "Kiểm tra lại thẻ căn cước."
    )


def test_id_disagreeing_with_sex_raises_validation_failed() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_cccd_qr(SEVEN.replace("|Nữ|", "|Nam|"), TODAY)
    [error] = caught.value.errors
    assert error.field == "applicant.id_number"
    assert "giới tính Nữ" in error.message
    assert "thẻ căn cước" in error.message


def test_unknown_province_raises_validation_failed() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_cccd_qr(SEVEN.replace("042185012345", "003185012345"), TODAY)
    assert "003" in caught.value.first.message
