"""The counter's workstation: its data folder, database, identity, catalog and clock.

Opening a workstation for the first time sets it up for offline work with no server: a device id,
a demo office, this counter's number blocks, and the catalog shipped in resources/catalog.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.calendar import WorkCalendar
from app.domain.dossier import Office
from app.domain.errors import DomainError
from app.domain.procedure import Catalog
from app.storage.calendar_repo import load_overrides
from app.storage.catalog_repo import load_catalog
from app.storage.connection import Database
from app.storage.db import open_database, transaction
from app.storage.settings import get_setting, set_setting

if TYPE_CHECKING:
    from app.domain.roles import SignedIn

# What only a first run or a change of office needs (uuid, the event log's hashing, number
# blocks, the catalog parser) is imported there: the window opens the workstation while it
# starts, and every import on that path delays the first citizen (docs/performance.md).

# Vietnam has kept UTC+7 without daylight saving since 1975.
VN_TZ = timezone(timedelta(hours=7))
DB_FILE = "motcua.sqlite3"

# Unconfirmed: VNPost's service indicator for public-administration items; configurable.
DEFAULT_S10_INDICATOR = "RA"

DEMO_OFFICE = Office(
    unit_code="000.00.04.H42",
    name="Bưu điện văn hóa xã Kỳ Bắc",
    parent_name="BƯU ĐIỆN TỈNH HÀ TĨNH",
    address="Thôn Bắc Hà, xã Kỳ Bắc, tỉnh Hà Tĩnh",
    phone="0239 3868 686",
    province="Hà Tĩnh",
    commune="Kỳ Bắc",
    tracking_url="",
)


def default_home() -> Path:
    """The data folder: $MOTCUA_HOME, else the platform's per-user data folder."""
    env = os.environ.get("MOTCUA_HOME")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "motcua"


def now_vn() -> datetime:
    return datetime.now(VN_TZ)


def shipped_catalog() -> Catalog:
    import json

    from app.domain.catalog_format import parse_catalog
    from app.resources import resource_path

    with resource_path("catalog", "catalog.json").open(encoding="utf-8") as fh:
        return parse_catalog(json.load(fh))


@dataclass
class Workstation:
    home: Path
    db: Database
    clock: Callable[[], datetime] = now_vn
    _catalog: Catalog | None = field(default=None, repr=False)
    _calendar: WorkCalendar | None = field(default=None, repr=False)
    # Who is signed in (app.services.accounts sets it); None before sign-in or with no accounts.
    session: SignedIn | None = field(default=None, repr=False)

    def now(self) -> datetime:
        return self.clock().astimezone(VN_TZ)

    def setting(self, key: str, default: object = None) -> object:
        return get_setting(self.db, key, default)

    def save_settings(self, values: Mapping[str, object]) -> None:
        """Store several settings in one transaction: they change together or not at all."""
        with transaction(self.db):
            for key, value in values.items():
                set_setting(self.db, key, value)

    @property
    def device_id(self) -> str:
        return str(get_setting(self.db, "device.id"))

    @property
    def staff(self) -> str:
        """The name recorded on events and printed on slips: the signed-in person's, if any."""
        if self.session is not None:
            return self.session.display_name or self.session.username
        return str(get_setting(self.db, "counter.staff", ""))

    @property
    def office(self) -> Office:
        data = get_setting(self.db, "office", None) or {}
        return Office(**{**DEMO_OFFICE.__dict__, **data})

    @property
    def appointment_time(self) -> time:
        return time.fromisoformat(str(get_setting(self.db, "rules.appointment_time", "16:00")))

    @property
    def cutoff_time(self) -> time:
        return time.fromisoformat(str(get_setting(self.db, "rules.cutoff_time", "15:00")))

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog(self.db)
        return self._catalog

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = WorkCalendar(load_overrides(self.db))
        return self._calendar

    def invalidate(self) -> None:
        """Forget cached catalog and calendar after they change."""
        self._catalog = None
        self._calendar = None

    def close(self) -> None:
        self.db.close()


def _first_run(ws: Workstation, counter_no: int) -> None:
    import uuid

    from app.domain.s10 import validate_indicator
    from app.storage.catalog_repo import save_catalog
    from app.storage.events import append_event
    from app.storage.numbers import provisional_blocks

    now = ws.now()
    device_id = str(uuid.uuid4())
    catalog = shipped_catalog()
    indicator = validate_indicator(DEFAULT_S10_INDICATOR)
    with transaction(ws.db):
        set_setting(ws.db, "device.id", device_id)
        set_setting(ws.db, "device.counter_no", counter_no)
        set_setting(ws.db, "office", {})
        set_setting(ws.db, "s10.indicator", indicator)
        # Until it is enrolled the counter numbers from provisional blocks, which no hub lease
        # can ever overlap (app/domain/numbering.py); the hub's leases replace them.
        provisional_blocks(ws.db, indicator, counter_no, now=now)
        save_catalog(ws.db, catalog)
        append_event(
            ws.db,
            device_id=device_id,
            type="device.initialized",
            entity_id=device_id,
            payload={"counter_no": counter_no, "catalog_version": catalog.version},
            at=now,
        )


def open_workstation(
    home: Path | str | None = None,
    *,
    clock: Callable[[], datetime] = now_vn,
    counter_no: int = 1,
) -> Workstation:
    """Open the data folder's database, setting it up on first use."""
    folder = Path(home) if home is not None else default_home()
    db = open_database(folder / DB_FILE)
    ws = Workstation(home=folder, db=db, clock=clock)
    if get_setting(db, "device.id") is None:
        _first_run(ws, counter_no)
    return ws


def configure_office(ws: Workstation, **fields: str) -> Office:
    """Change the office's details (unit code validated)."""
    from app.domain.dossier_code import validate_unit_code
    from app.storage.events import append_event

    allowed = set(Office.__dataclass_fields__)
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(f"Không có mục cấu hình: {', '.join(sorted(unknown))}.")
    if "unit_code" in fields:
        fields["unit_code"] = validate_unit_code(fields["unit_code"])
    current = dict(get_setting(ws.db, "office", None) or {})
    current.update(fields)
    with transaction(ws.db):
        set_setting(ws.db, "office", current)
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="office.configured",
            entity_id=ws.device_id,
            payload=current,
            at=ws.now(),
            actor=ws.staff,
        )
    return ws.office
