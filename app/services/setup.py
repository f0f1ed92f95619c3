"""First-run set-up: is this counter set up, and applying what the wizard gathered.

A workstation counts as set up when ``setup.completed`` is stored (an ISO timestamp, or
"offline-demo", or "self-test"), and also — so that an upgraded counter never sees the wizard —
when it already holds dossiers or accounts, has configured its office (``configure_office``), or
is enrolled with a hub. ``is_set_up`` only reads; nothing is written for those older counters.

Enrollment talks to the hub, so it is not part of ``apply_setup``: the window runs
``enroll_separately`` on its network pool (with a database connection of its own) before the
rest is applied in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.errors import DomainError, FieldError, ValidationFailed
from app.domain.roles import Permission, PermissionDenied, Role, SignedIn
from app.domain.setup import (
    OfficeDetails,
    SetupPlan,
    counter_name_problem,
    office_problems,
    secrets_match_problem,
)
from app.domain.text import nfc
from app.services import accounts, authz
from app.services.workstation import DB_FILE, Workstation, configure_office
from app.storage.db import open_database, transaction
from app.storage.events import append_event
from app.storage.settings import get_setting, set_setting

if TYPE_CHECKING:
    from app.services.sync import Enrollment

SETUP_KEY = "setup.completed"
COUNTER_NAME_KEY = "counter.name"
DEMO = "offline-demo"
SELF_TEST = "self-test"

__all__ = [
    "COUNTER_NAME_KEY",
    "DEMO",
    "SELF_TEST",
    "SETUP_KEY",
    "OfficeDetails",
    "OfficeSettings",
    "SetupPlan",
    "apply_setup",
    "counter_name",
    "enroll_separately",
    "is_set_up",
    "mark_set_up",
    "office_settings",
    "save_office_settings",
    "validate_plan",
]


def _exists(ws: Workstation, table: str) -> bool:
    return ws.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def _enrolled_url(ws: Workstation) -> str:
    from app.storage import sync_state

    return sync_state.hub_url(ws.db) or ""


def is_set_up(ws: Workstation) -> bool:
    """False only for a counter nobody has used yet: the window then opens the set-up wizard."""
    if get_setting(ws.db, SETUP_KEY) is not None:
        return True
    if _exists(ws, "accounts") or _exists(ws, "dossiers"):
        return True
    return bool(get_setting(ws.db, "office", None)) or bool(_enrolled_url(ws))


def mark_set_up(ws: Workstation, how: str) -> None:
    """Remember that the set-up is done (``how``: an ISO timestamp, DEMO or SELF_TEST)."""
    with transaction(ws.db):
        set_setting(ws.db, SETUP_KEY, how)


def counter_name(ws: Workstation) -> str:
    number = get_setting(ws.db, "device.counter_no", 1) or 1
    return str(get_setting(ws.db, COUNTER_NAME_KEY, "") or f"Quầy {number}")


# ---------------------------------------------------------------- checking the plan


def validate_plan(plan: SetupPlan) -> list[FieldError]:
    """Every problem, field by field, in the wizard's order (empty: the plan can be applied)."""
    problems = office_problems(plan.office)
    if (problem := counter_name_problem(plan.counter_name)) is not None:
        problems.append(problem)
    problems += admin_problems(
        plan.admin_username, plan.admin_name, plan.admin_secret, plan.admin_secret_again
    )
    return problems


def admin_problems(username: str, display_name: str, secret: str, again: str) -> list[FieldError]:
    """The first administrator's fields, with the accounts service's own rules."""
    problems: list[FieldError] = []
    name = accounts.normalize_username(username.strip())
    # The accounts service's username rule (private there: it is the one rule for all accounts).
    if (problem := accounts.username_problem(name)) is not None:
        problems.append(FieldError("admin_username", problem.label, problem.message))
    shown = nfc(display_name.strip())
    if not shown or len(shown) > 80:
        problems.append(FieldError("admin_name", "Họ và tên", "Nhập họ và tên (tối đa 80 ký tự)."))
    if (problem := accounts.secret_problem(secret)) is not None:
        problems.append(FieldError("admin_secret", problem.label, problem.message))
    elif (problem := secrets_match_problem(secret, again)) is not None:
        problems.append(problem)
    return problems


# ---------------------------------------------------------------- applying it


def apply_setup(
    ws: Workstation, plan: SetupPlan, *, extra_settings: Mapping[str, object] | None = None
) -> SignedIn:
    """Store the office, the counter's name, ``extra_settings`` (the printers) and the first
    administrator, and mark the set-up done — all in one transaction; then sign the
    administrator in. Raises ValidationFailed (nothing stored) or DomainError.

    When the counter is already enrolled, the unit code the hub gave it is kept: the province's
    records are the reference for it.
    """
    problems = validate_plan(plan)
    if problems:
        raise ValidationFailed(problems)
    if not accounts.needs_first_admin(ws):
        raise DomainError(
            "Quầy này đã có tài khoản nên không chạy lại được phần thiết lập ban đầu. "
            "Đăng nhập rồi sửa thông tin trong Cài đặt."
        )
    fields = plan.office.office_fields()
    if _enrolled_url(ws):
        stored = dict(get_setting(ws.db, "office", None) or {})
        fields["unit_code"] = str(stored.get("unit_code") or fields["unit_code"])
    with transaction(ws.db):
        configure_office(ws, **fields)
        set_setting(ws.db, COUNTER_NAME_KEY, nfc(plan.counter_name.strip()))
        for key, value in (extra_settings or {}).items():
            set_setting(ws.db, key, value)
        info = accounts.create_account(
            ws, plan.admin_username.strip(), plan.admin_name.strip(), Role.ADMIN, plan.admin_secret
        )
        how = ws.now().isoformat(timespec="seconds")
        set_setting(ws.db, SETUP_KEY, how)
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="device.set_up",
            entity_id=ws.device_id,
            payload={"counter_name": nfc(plan.counter_name.strip()), "admin": info.username},
            at=ws.now(),
            actor=info.username,
        )
    return accounts.sign_in(ws, info.username, plan.admin_secret)


def enroll_separately(
    ws: Workstation, hub_url: str, code: str, *, counter_name: str | None = None
) -> Enrollment:
    """Enroll with the hub on a connection of its own (for the window's network pool: the
    workstation's connection belongs to the database thread). Reads only ``ws.home`` and
    ``ws.clock``."""
    from app.services.sync import enroll

    worker = Workstation(home=ws.home, db=open_database(ws.home / DB_FILE), clock=ws.clock)
    try:
        return enroll(worker, hub_url, code, counter_name=counter_name)
    finally:
        worker.close()


# ---------------------------------------------------------------- the settings dialog


@dataclass(frozen=True)
class OfficeSettings:
    office: OfficeDetails
    counter_name: str
    hub_url: str  # "" while not enrolled; when enrolled the unit code is the hub's

    @property
    def enrolled(self) -> bool:
        return bool(self.hub_url)


def office_settings(ws: Workstation) -> OfficeSettings:
    office = ws.office
    details = OfficeDetails(
        name=office.name,
        unit_code=office.unit_code,
        province=office.province,
        commune=office.commune,
        address=office.address,
        phone=office.phone,
    )
    return OfficeSettings(details, counter_name(ws), _enrolled_url(ws))


def require_settings(ws: Workstation) -> None:
    """Office settings: open while no account exists; then administrators and supervisors."""
    if not authz.accounts_exist(ws):
        return
    session = ws.session
    if session is None:
        raise PermissionDenied(
            Permission.MANAGE_ACCOUNTS,
            "Cần đăng nhập để sửa thông tin bưu điện. Đăng nhập bằng tài khoản quản trị viên "
            "hoặc kiểm soát viên rồi làm lại.",
        )
    if session.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise PermissionDenied(
            Permission.MANAGE_ACCOUNTS,
            f"Tài khoản {session.username} ({session.role.label}) không được sửa thông tin bưu "
            "điện. Nhờ kiểm soát viên hoặc quản trị viên làm việc này.",
        )


def save_office_settings(ws: Workstation, office: OfficeDetails, name: str) -> OfficeSettings:
    """Change the office's details and the counter's name (ValidationFailed lists bad fields)."""
    require_settings(ws)
    problems = office_problems(office)
    if (problem := counter_name_problem(name)) is not None:
        problems.append(problem)
    if problems:
        raise ValidationFailed(problems)
    fields = office.office_fields()
    enrolled = _enrolled_url(ws)
    if enrolled and fields["unit_code"] != ws.office.unit_code:
        raise ValidationFailed(
            [
                FieldError(
                    "unit_code",
                    "Mã đơn vị",
                    "Quầy đã đăng ký với bưu điện tỉnh nên mã đơn vị do tỉnh quản lý; "
                    "muốn đổi thì nhờ bưu điện tỉnh cấp mã đăng ký mới.",
                )
            ]
        )
    with transaction(ws.db):
        configure_office(ws, **fields)
        set_setting(ws.db, COUNTER_NAME_KEY, nfc(name.strip()))
    return office_settings(ws)
