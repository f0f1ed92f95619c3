"""Who may do what at the counter: roles and the permissions they carry.

Checked in the services (the CLI included), never only in the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.errors import DomainError


class Role(StrEnum):
    COUNTER = "counter"  # giao dịch viên: receives, prints, hands over, returns
    SUPERVISOR = "supervisor"  # trưởng bưu cục: + closes days, reports, exports
    ADMIN = "admin"  # quản trị: + accounts and settings

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COUNTER: "Giao dịch viên",
    Role.SUPERVISOR: "Kiểm soát viên (trưởng bưu cục)",
    Role.ADMIN: "Quản trị viên",
}


class Permission(StrEnum):
    WORK_COUNTER = "work_counter"  # receive, print, hand over, results, returns
    CLOSE_DAY = "close_day"
    VIEW_REPORTS = "view_reports"
    EXPORT_PERSONAL = "export_personal"  # anything that carries names, IDs, phones out
    MANAGE_ACCOUNTS = "manage_accounts"

    @property
    def label(self) -> str:
        return PERMISSION_LABELS[self]


PERMISSION_LABELS = {
    Permission.WORK_COUNTER: "làm việc tại quầy",
    Permission.CLOSE_DAY: "chốt ngày",
    Permission.VIEW_REPORTS: "xem báo cáo",
    Permission.EXPORT_PERSONAL: "xuất dữ liệu có thông tin cá nhân",
    Permission.MANAGE_ACCOUNTS: "quản lý tài khoản",
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Aggregate reports carry no personal data: the counter may see how the office is doing.
    Role.COUNTER: frozenset({Permission.WORK_COUNTER, Permission.VIEW_REPORTS}),
    Role.SUPERVISOR: frozenset(
        {
            Permission.WORK_COUNTER,
            Permission.CLOSE_DAY,
            Permission.VIEW_REPORTS,
            Permission.EXPORT_PERSONAL,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}

# What a counter may do before any account exists (the demo, the first run): everyday work only.
OPEN_PERMISSIONS = frozenset({Permission.WORK_COUNTER, Permission.VIEW_REPORTS})


class PermissionDenied(DomainError):
    """The signed-in person (or nobody) may not do this; nothing was changed."""

    def __init__(self, permission: Permission, message: str) -> None:
        super().__init__(message)
        self.permission = permission


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


@dataclass(frozen=True)
class SignedIn:
    """The person working at the counter now (set by a successful sign-in)."""

    username: str
    display_name: str
    role: Role
    signed_in_at: datetime

    def may(self, permission: Permission) -> bool:
        return allows(self.role, permission)
