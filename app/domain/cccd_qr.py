"""Reading the QR code printed on the chip ID card (thẻ căn cước / CCCD gắn chíp).

There is no published specification. Public parsers agree on a pipe-separated payload::

    ID12|oldID9|Full name|DDMMYYYY birth|Nam/Nữ|permanent address|DDMMYYYY issue

where the old 9-digit ID may be empty, and some cards leave the old-ID field out altogether (six
fields). USB scanners in keyboard mode often type the UTF-8 bytes as if they were Windows-1252 or
Latin-1 characters ("Nguyá»…n" for "Nguyễn"), so the text is repaired before it is read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.domain.applicant import check_id_number, parse_date, parse_sex
from app.domain.dossier import Sex
from app.domain.errors import DomainError, ValidationFailed
from app.domain.text import nfc

__all__ = ["CccdCard", "parse_cccd_qr", "repair_mojibake"]

_NOT_A_CARD = "Mã QR không phải của thẻ căn cước: "
_ASCII_SPACE = " \t\r\n\v\f\0"
_RESCAN = " Hãy quét lại mã QR trên thẻ căn cước, hoặc nhập tay các thông tin."

# ---------------------------------------------------------------- mojibake


def _vietnamese_letters() -> frozenset[str]:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {"đ", "Đ"}
    for v in vowels + vowels.upper():
        for t in tones:
            letters.add(unicodedata.normalize("NFC", v + t))
    return frozenset(c for c in letters if not c.isascii() and len(c) == 1)


_VN_LETTERS = _vietnamese_letters()
# What a UTF-8 continuation byte (0x80–0xBF) looks like once mis-decoded: C1 controls and Latin-1
# symbols (latin-1), or the typographic characters Windows-1252 puts at 0x80–0x9F. Every non-ASCII
# UTF-8 sequence holds at least one continuation byte, so real mojibake always shows one of these.
_CP1252_HIGH = frozenset(
    bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)
_MARKERS = frozenset(chr(c) for c in range(0x80, 0xC0)) | _CP1252_HIGH | {"\ufffd"}
_MAX_LAYERS = 3  # a payload re-encoded more than this is not worth guessing at
# Mojibake that survived repair (a scanner that dropped or replaced bytes): a lead byte shown as a
# letter followed by a continuation byte shown as a symbol, or a C1 control / replacement char.
_LEFTOVER = re.compile(
    "[\u0080-\u009f\ufffd]|[ÃÄÅÆá][" + re.escape("".join(sorted(_MARKERS - {"\ufffd"}))) + "]"
)


_NBSP_LOST = re.compile(rb"(\xc3|\xc6|\xe1[\xba\xbb]) ")


def _score(text: str) -> int:
    vietnamese = sum(c in _VN_LETTERS for c in text)
    markers = sum(c in _MARKERS for c in text)
    return vietnamese - 3 * markers


def _as_single_bytes(text: str) -> bytes | None:
    """The bytes a single-byte decoding turned into ``text``; None if it cannot have been one."""
    out = bytearray()
    for c in text:
        if ord(c) < 0x100:  # latin-1, and the five bytes cp1252 leaves undefined
            out.append(ord(c))
            continue
        try:
            encoded = c.encode("cp1252")
        except UnicodeEncodeError:
            return None  # e.g. "ễ": a genuine Vietnamese letter, so this text was never mis-decoded
        out += encoded
    return bytes(out)


def _undo_once(text: str) -> str | None:
    raw = _as_single_bytes(text)
    if raw is None:
        return None
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        # The 0xA0 of "à", "Ơ", "Ạ", "Ỡ" shows as a no-break space, which input widgets and
        # clipboards often turn into a plain space. Valid UTF-8 never has a lead byte followed by a
        # space, so putting 0xA0 back there is unambiguous.
        try:
            repaired = _NBSP_LOST.sub(b"\\1\xa0", raw).decode("utf-8")
        except UnicodeDecodeError:
            return None
    return repaired if repaired != text else None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Windows-1252 or Latin-1, possibly more than once.

    A repair is kept only when every layer decodes as strict UTF-8 and the result looks more
    Vietnamese than the input (more Vietnamese letters, fewer stray symbols), so correct text,
    ASCII and anything else is returned unchanged. The result is NFC.
    """
    candidates = [text]
    current = text
    for _ in range(_MAX_LAYERS):
        undone = _undo_once(current)
        if undone is None:
            break
        candidates.append(undone)
        current = undone
    # max() keeps the first of equal scores, so a tie leaves the text as it came.
    best = max(candidates, key=_score)
    if best is not text and _score(best) <= _score(text):
        best = text
    return unicodedata.normalize("NFC", best)


# ---------------------------------------------------------------- the card


@dataclass(frozen=True)
class CccdCard:
    """What the card's QR says. Text is NFC with its diacritics."""

    id_number: str
    old_id_number: str  # old 9-digit CMND, "" when the card has none
    full_name: str
    date_of_birth: date
    sex: Sex
    address: str  # nơi thường trú as printed on the card
    issue_date: date | None

    def as_applicant_fields(self) -> dict[str, str]:
        """The raw mapping :func:`app.domain.applicant.validate_applicant` takes.

        The card carries no phone or email, so those are left for the counter to fill in.
        """
        return {
            "full_name": self.full_name,
            "id_number": self.id_number,
            "date_of_birth": self.date_of_birth.isoformat(),
            "sex": self.sex.value,
            "phone": "",
            "address": self.address,
            "email": "",
        }


def _fail(detail: str) -> DomainError:
    return DomainError(_NOT_A_CARD + detail + _RESCAN)


def _card_date(text: str, what: str) -> date:
    value = text.strip()
    try:
        if len(value) == 8 and value.isascii() and value.isdigit():
            return date(int(value[4:]), int(value[2:4]), int(value[:2]))
        # Some readers reformat the date with separators; accept what parse_date accepts.
        return parse_date(value)
    except ValueError:
        raise _fail(f"{what} “{value}” không phải ngày hợp lệ (ngày tháng năm).") from None


def _split_fields(payload: str) -> list[str]:
    # Repair before trimming: str.strip() would also eat the no-break space that a mis-decoded "à"
    # ends with ("HÃ\xa0"), and the letter could no longer be recovered.
    fields = [repair_mojibake(f).strip() for f in payload.strip(_ASCII_SPACE).split("|")]
    # Some cards add empty fields at the end; they carry nothing.
    while fields and not fields[-1]:
        fields.pop()
    return fields


def parse_cccd_qr(payload: str, today: date | None = None) -> CccdCard:
    """Read a chip ID card's QR payload.

    Raises DomainError (Vietnamese, says to scan again) when the payload is not a card's, and
    ValidationFailed when the ID disagrees with the date of birth or sex printed beside it.
    ``today``, when given, also rejects a birth or issue date in the future.
    """
    if not isinstance(payload, str) or not payload.strip():
        raise _fail("không đọc được nội dung.")
    fields = _split_fields(payload)
    if len(fields) < 2:
        raise _fail(f"có {len(fields)} trường thông tin, cần 6 hoặc 7 trường ngăn bằng dấu |.")

    # The old-ID field is told apart by its content, not by the count: a card with an empty old ID
    # and no issue date also has six fields.
    second = fields[1].replace(" ", "")
    has_old_id = second == "" or (second.isascii() and second.isdigit())
    layout_size = 7 if has_old_id else 6
    body = fields[2:] if has_old_id else fields[1:]
    old_id = second if has_old_id else ""
    extra = body[5:]
    if len(body) < 4 or any(extra):
        raise _fail(f"có {len(fields)} trường thông tin, cần {layout_size} trường ngăn bằng dấu |.")
    name_raw, birth_raw, sex_raw, address_raw = body[:4]
    issue_raw = body[4] if len(body) > 4 else ""

    id_number = fields[0].replace(" ", "")
    if not (len(id_number) == 12 and id_number.isascii() and id_number.isdigit()):
        raise _fail(f"trường đầu “{fields[0]}” không phải số định danh 12 chữ số.")

    full_name = nfc(name_raw)
    address = nfc(address_raw)
    if not full_name:
        raise _fail("không có họ và tên.")
    for text in (full_name, address):
        if _LEFTOVER.search(text):
            raise DomainError(
                "Mã QR đọc được nhưng chữ tiếng Việt bị lỗi (máy quét gửi sai bảng mã). "
                "Hãy đặt máy quét ở chế độ UTF-8 rồi quét lại, hoặc nhập tay các thông tin."
            )

    born = _card_date(birth_raw, "ngày sinh")
    issued = _card_date(issue_raw, "ngày cấp") if issue_raw else None
    try:
        sex = parse_sex(sex_raw)
    except ValueError:
        raise _fail(f"giới tính “{sex_raw}” không phải Nam hoặc Nữ.") from None

    if today is not None and born > today:
        raise _fail(f"ngày sinh {born:%d/%m/%Y} ở tương lai.")
    if issued is not None:
        if issued < born:
            raise _fail(f"ngày cấp {issued:%d/%m/%Y} trước ngày sinh {born:%d/%m/%Y}.")
        if today is not None and issued > today:
            raise _fail(f"ngày cấp {issued:%d/%m/%Y} ở tương lai.")

    problems = check_id_number(id_number, born, sex)
    if problems:
        raise ValidationFailed(problems)

    return CccdCard(
        id_number=id_number,
        old_id_number=old_id,
        full_name=full_name,
        date_of_birth=born,
        sex=sex,
        address=address,
        issue_date=issued,
    )
