"""Errors that carry a field and a message a person at the counter can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field.

    ``field`` is the machine key (``applicant.id_number``); ``label`` is the field's Vietnamese name
    as printed on the form (``Số định danh cá nhân``); ``message`` is a Vietnamese sentence that
    says what is wrong and what to do.
    """

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class DomainError(Exception):
    """A rule was broken. ``message`` is Vietnamese and tells the person what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """One or more fields are invalid. Nothing has been changed."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("ValidationFailed needs at least one FieldError")
        super().__init__("; ".join(str(e) for e in self.errors))

    @property
    def first(self) -> FieldError:
        return self.errors[0]
