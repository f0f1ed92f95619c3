"""The intake screen (tiếp nhận hồ sơ): pick a procedure, take the applicant and documents."""

from __future__ import annotations

from app.ui.intake.intake_screen import IntakeScreen

__all__ = ["IntakeScreen"]
