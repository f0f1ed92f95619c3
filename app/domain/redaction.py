"""Removing personal data and secrets from text bound for log files (docs/operations.md).

Pattern-based, so it finds what has a shape: ID numbers (12-digit CCCD, 9-digit CMND), phone
numbers, e-mail addresses, bearer tokens and ``Authorization`` headers, device tokens, enrollment
codes, and the values of sensitive keys in ``key=value`` / JSON / dict text. Names and addresses
have no shape; they are caught only under a sensitive key, so code must never log them (the log
calls are audited instead). The secrets this process actually handles (the device token, the
enrollment code) are also remembered and removed wherever they appear.

Pure: no I/O. The remembered secrets are a process-wide set (tokens are few and short-lived).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MASK = "[ẩn]"

# Keys whose values are never written. Secrets end at the first space; personal text (a name,
# an address, a note) runs on, so it is masked to the end of the line.
_SECRET_KEYS = (
    r"authorization|proxy-authorization|x-api-key|cookie|set-cookie"
    r"|(?:access_|device_|refresh_|api_)?token|password|passwd|pwd|pin|secret|otp"
    r"|enroll(?:ment)?_code"
    r"|id_number|idnumber|cccd|cmnd|so_cccd|so_dinh_danh|personal_id"
    r"|phone|phone_number|sdt|so_dien_thoai|tel|email|e-mail"
)
_TEXT_KEYS = (
    r"full_name|fullname|applicant_name|ho_ten|name|address|delivery_address|dia_chi"
    r"|date_of_birth|dob|ngay_sinh|applicant|note|body|payload|data|json"
)
_ANY_KEY = f"{_SECRET_KEYS}|{_TEXT_KEYS}"
# key="value", "key": "value" (JSON), 'key': 'value' and key='value' (reprs): the whole quoted
# value, escapes included.
_QUOTED_VALUE = re.compile(
    rf"""(?ix)
    (?P<key>(?:["'](?:{_ANY_KEY})["']|(?<![\w-])(?:{_ANY_KEY}))\s*[:=]\s*)
    (?P<q>["'])(?:\\.|(?!(?P=q)).)*(?P=q)
    """,
    re.DOTALL,
)
# "key": {...} or [...] (an applicant object in a dumped payload), one level of nesting deep.
_NESTED_VALUE = re.compile(
    rf"""(?ix)
    (?P<key>(?:["'](?:{_ANY_KEY})["']|(?<![\w-])(?:{_ANY_KEY}))\s*[:=]\s*)
    (?:\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}|\[(?:[^\[\]]|\[[^\[\]]*\])*\])
    """
)
# key=value and key: value in free text (query strings, headers, messages).
_PLAIN_SECRET = re.compile(
    rf"(?i)(?<![\w-])(?P<key>(?:{_SECRET_KEYS})\s*[=:]\s*)(?:[Bb]earer\s+)?(?:\[ẩn\]|[^\s&,;\"'}})\]]+)"
)
_PLAIN_TEXT = re.compile(rf"(?i)(?<![\w-])(?P<key>(?:{_TEXT_KEYS})\s*[=:]\s*)(?![\s\"'{{\[])[^\n]+")
_BEARER = re.compile(r"(?i)\b(?P<key>bearer\s+)(?P<val>[A-Za-z0-9._~+/=-]+)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 12-digit personal ID (CCCD), also typed in groups with spaces or dots.
_ID12 = re.compile(r"(?<!\d)\d(?:[ .]?\d){11}(?!\d)")
# 9-digit old ID (CMND); not between capital letters (an S10 item number RA123456789VN).
_ID9 = re.compile(r"(?<![\dA-Z])\d{9}(?![\dA-Z])")
# Vietnamese phones: 0xxxxxxxxx (mobile) / 02xxxxxxxxx (landline), or with +84 / 84; groups
# separated by spaces or dots. Not after "-" or ".", so dossier codes (…-070203-0001) survive.
_PHONE = re.compile(r"(?<![\w.+-])(?:\+84[ .]?|84[ .]?|0)\d(?:[ .]?\d){7,9}(?!\d)")
# Hub enrollment codes: 10 Crockford characters, printed as XXXXX-XXXXX.
_ENROLL_FORMATTED = re.compile(r"(?<![\w-])[0-9A-Z]{5}-[0-9A-Z]{5}(?![\w-])")
_ENROLL_FORMATTED_ANYCASE = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)[0-9A-Za-z]{5}-[0-9A-Za-z]{5}(?![\w-])"
)
_ENROLL_PLAIN = re.compile(r"(?<![\w-])(?=[0-9A-Z]*\d)(?=[0-9A-Z]*[A-Z])[0-9A-Z]{10}(?![\w-])")
# Device tokens are secrets.token_urlsafe(32): 43 URL-safe base64 characters. Any run of 32+
# such characters with upper case, lower case and a digit is taken for a token (hashes and
# UUIDs are lower-case hex; identifiers have no digits and capitals mixed like that).
_TOKEN_RUN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")

# Identifiers the logs must keep whole, shielded from the digit patterns below: a UUID's hex
# groups can hold 9 or 12 digits in a row (a device id would lose a piece in about 1 log in 55),
# and dossier codes and S10 numbers are what support searches the logs for.
_KEEP = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  # UUID
    r"|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}"  # dossier code (TT 01/2018 Art 19)
    r"|[A-Z]{2}\d{9}[A-Z]{2}"  # S10 item number
    r")(?![0-9A-Za-z])"
)
_SHIELD = re.compile("\ue000(\\d+)\ue001")

_secrets: set[str] = set()


def remember_secret(value: str | None) -> None:
    """Remove ``value`` (a token, an enrollment code) wherever it appears from now on."""
    if not value:
        return
    text = value.strip()
    if len(text) < 6:  # too short to search for safely; the patterns still apply
        return
    _secrets.add(text)
    compact = "".join(text.split()).replace("-", "")
    if len(compact) >= 6:
        _secrets.add(compact)
        _secrets.add(compact.upper())


def _looks_like_token(run: str) -> bool:
    return (
        any(c.isupper() for c in run)
        and any(c.islower() for c in run)
        and any(c.isdigit() for c in run)
    )


def _keep_key(match: re.Match[str]) -> str:
    return match.group("key") + MASK


def redact(text: str) -> str:
    """``text`` with personal data and secrets replaced by ``[ẩn]``."""
    if not text:
        return text
    # NFC first: a name typed in decomposed form must meet the same patterns as the NFC one.
    out = unicodedata.normalize("NFC", text)
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in out:
            out = out.replace(secret, MASK)
    out = _BEARER.sub(_keep_key, out)
    out = _NESTED_VALUE.sub(_keep_key, out)
    out = _QUOTED_VALUE.sub(_keep_key, out)
    out = _PLAIN_SECRET.sub(_keep_key, out)
    out = _PLAIN_TEXT.sub(_keep_key, out)
    out = _EMAIL.sub(MASK, out)
    out = _TOKEN_RUN.sub(lambda m: MASK if _looks_like_token(m.group(0)) else m.group(0), out)
    out = _ENROLL_FORMATTED.sub(MASK, out)
    out = _ENROLL_FORMATTED_ANYCASE.sub(MASK, out)
    out = _ENROLL_PLAIN.sub(MASK, out)
    kept: list[str] = []

    def shield(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\ue000{len(kept) - 1}\ue001"

    out = _KEEP.sub(shield, out)
    out = _PHONE.sub(MASK, out)
    out = _ID12.sub(MASK, out)
    out = _ID9.sub(MASK, out)
    return _SHIELD.sub(lambda m: kept[int(m.group(1))], out)


def redact_all(values: Iterable[str]) -> list[str]:
    return [redact(v) for v in values]
