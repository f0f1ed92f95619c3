"""The one place the services check who may do what (the window and the CLI both go through it)."""

from __future__ import annotations

from app.domain.roles import OPEN_PERMISSIONS, Permission, PermissionDenied
from app.services.workstation import Workstation


def accounts_exist(ws: Workstation) -> bool:
    row = ws.db.execute("SELECT 1 FROM accounts WHERE active = 1 LIMIT 1").fetchone()
    return row is not None


def require(ws: Workstation, permission: Permission) -> None:
    """Raise PermissionDenied (a DomainError, in Vietnamese) unless ``permission`` is granted.

    Before any account exists (the demo, the first run) everyday counter work is open; closing a
    day, exporting personal data and managing accounts always need a signed-in person whose role
    carries the permission.
    """
    session = ws.session
    if session is None:
        if permission in OPEN_PERMISSIONS and not accounts_exist(ws):
            return
        raise PermissionDenied(
            permission,
            f"Cần đăng nhập để {permission.label}. Đăng nhập bằng tài khoản của mình rồi làm lại.",
        )
    if not session.may(permission):
        raise PermissionDenied(
            permission,
            f"Tài khoản {session.username} ({session.role.label}) không được {permission.label}. "
            "Nhờ kiểm soát viên hoặc quản trị viên làm việc này.",
        )
