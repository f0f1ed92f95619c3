"""Why a file could not be written, in words for the clerk (a full or read-only disk...)."""

from __future__ import annotations


def write_error_reason(exc: BaseException) -> str:
    """A short Vietnamese reason for ``exc``, for "Không lưu được tệp {0}: {1}." messages."""
    message = getattr(exc, "message", None)  # DomainError, StorageError: already Vietnamese
    if isinstance(message, str) and message:
        return message
    if isinstance(exc, OSError):
        # Imported here: the storage stack is not needed for the window to appear.
        from app.storage.disk_errors import oserror_message

        return oserror_message(exc)
    return str(exc)
