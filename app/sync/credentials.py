"""The device token, kept only in the operating system's keyring (never SQLite, settings or logs).

A tiny interface over ``keyring`` (service "motcua", username = the device id), so tests and
headless machines can install their own backend with ``keyring.set_keyring`` or the
``PYTHON_KEYRING_BACKEND`` environment variable.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import keyring
import keyring.errors
from keyring.backends import fail

from app.domain.errors import DomainError
from app.domain.redaction import remember_secret

SERVICE = "motcua"

_NO_BACKEND = (
    "Máy này chưa có kho mật khẩu (keyring) để cất mã truy cập của quầy. Trên Windows và macOS "
    "kho có sẵn; trên Linux hãy cài và mở khóa Secret Service (GNOME Keyring hoặc KWallet), "
    "hoặc đặt biến môi trường PYTHON_KEYRING_BACKEND trỏ tới một kho mật khẩu khác, rồi thử lại."
)


class CredentialsError(DomainError):
    """The keyring cannot be used. ``message`` is Vietnamese and says what to do."""


def check_backend() -> None:
    """Raise CredentialsError when no usable keyring backend exists (before asking the hub)."""
    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise CredentialsError(_NO_BACKEND)


def _failure(action: str, exc: Exception) -> CredentialsError:
    if isinstance(exc, keyring.errors.NoKeyringError):
        return CredentialsError(_NO_BACKEND)
    # The exception text comes from the backend, never from the secret itself.
    return CredentialsError(
        f"Không {action} được mã truy cập trong kho mật khẩu ({type(exc).__name__}). "
        "Hãy mở khóa kho mật khẩu của hệ điều hành rồi thử lại."
    )


def get_token(device_id: str) -> str | None:
    """The device token, or None when this device has none stored."""
    check_backend()
    try:
        token = keyring.get_password(SERVICE, device_id)
    except keyring.errors.KeyringError as exc:
        raise _failure("đọc", exc) from None
    remember_secret(token)  # the log filter removes it wherever it might appear
    return token


def set_token(device_id: str, token: str) -> None:
    remember_secret(token)
    check_backend()
    try:
        keyring.set_password(SERVICE, device_id, token)
    except keyring.errors.KeyringError as exc:
        raise _failure("lưu", exc) from None


def delete_token(device_id: str) -> bool:
    """Forget the token; False when there was none."""
    check_backend()
    try:
        keyring.delete_password(SERVICE, device_id)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise _failure("xóa", exc) from None
    return True


def enroll_attempt(device_id: str, code: str) -> str:
    """The secret of enrolling this device with ``code``: the same for a retry of the same code
    (its answer may have been lost), unknown to anyone who only saw the code. Derived from a
    random key of the device kept in the keyring."""
    check_backend()
    name = f"{device_id}:enroll-key"
    try:
        key = keyring.get_password(SERVICE, name)
        if not key:
            key = secrets.token_hex(32)
            keyring.set_password(SERVICE, name, key)
    except keyring.errors.KeyringError as exc:
        raise _failure("lưu", exc) from None
    folded = "".join(code.split()).upper().replace("-", "")
    attempt = hmac.new(bytes.fromhex(key), folded.encode(), hashlib.sha256).hexdigest()
    remember_secret(attempt)
    return attempt
