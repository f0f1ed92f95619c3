"""The deciding agency's side of a dossier's life, and the public tracking answer.

Agency staff (accounts in ``agency_users``) confirm receipt of handed-over dossiers, ask for a
supplement (Mẫu 02), refuse (Mẫu 03) or mark the result ready. Each decision is checked with
:func:`app.domain.lifecycle.next_status` and, in ONE transaction, changes the projection, writes
``status_log`` and publishes a ``status`` feed item for the dossier's office, which the counters
apply. Passwords are scrypt hashes; sessions and their CSRF tokens are random, the session token
stored only as its SHA-256.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.dossier import DossierStatus
from app.domain.dossier_code import validate_unit_code
from app.domain.errors import DomainError
from app.domain.lifecycle import CLOSED, Action, Actor, IllegalTransition, allowed_actions
from app.domain.lifecycle import next_status as lifecycle_next
from hub.db import (
    agency_sessions,
    agency_users,
    dossiers,
    events,
    handover_batches,
    is_postgres,
    offices,
    status_log,
)
from hub.projection import parse_payload
from hub.service import Hub, HubError, _iso, sha256_hex

log = logging.getLogger("motcua.hub")

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8  # one working day
MIN_PASSWORD = 8
MAX_NOTE = 2000
PAGE_SIZE = 100
VN_TZ = timezone(timedelta(hours=7))
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
# scrypt at n=2^14, r=8: ~16 MB and a few tens of ms per try, which is what slows a guesser.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1

# The agency's moves, and what an agency writes with each (None: nothing to write).
NOTE_REQUIRED: dict[Action, str] = {
    Action.REQUEST_SUPPLEMENT: "Hãy ghi rõ giấy tờ cần bổ sung, để quầy báo cho người nộp hồ sơ.",
    Action.REFUSE: "Hãy ghi lý do từ chối, để quầy báo cho người nộp hồ sơ.",
}
# Statuses an agency's list shows: handed over (a dossier still at the counter is not theirs yet).
OPEN_FOR_AGENCY = tuple(
    s.value for s in DossierStatus if s not in CLOSED and s is not DossierStatus.RECEIVED
)


# -- passwords ------------------------------------------------------------------------------


def _password_bytes(password: str) -> bytes:
    # NFC: the same Vietnamese password typed with another input method must still match.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        _password_bytes(password), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            _password_bytes(password),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except ValueError:
        return False
    return secrets.compare_digest(computed.hex(), digest)


# A hash of nothing anyone knows: an unknown user name costs as much time as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyUser:
    username: str
    display_name: str
    agency: str
    office_code: str | None  # None: every office

    @property
    def actor(self) -> str:
        return f"agency:{self.username}"


@dataclass(frozen=True)
class Session:
    user: AgencyUser
    csrf: str


@dataclass(frozen=True)
class StatusChange:
    code: str
    action: Action
    previous: DossierStatus
    status: DossierStatus
    at: str
    note: str
    cursor: int  # the feed item that carries it to the counters


@dataclass(frozen=True)
class BatchConfirmation:
    batch_id: str
    number: str
    confirmed: list[StatusChange]
    skipped: list[tuple[str, DossierStatus]]  # dossiers of the batch no longer in transit


def _not_found(code: str) -> HubError:
    return HubError(
        404,
        "not_found",
        f"Không tìm thấy hồ sơ {code} trong các hồ sơ được giao cho cơ quan. "
        "Hãy kiểm tra lại mã hồ sơ (ví dụ 000.00.04.H42-270203-0001).",
    )


def _user(row: Any) -> AgencyUser:
    return AgencyUser(row.username, row.display_name, row.agency, row.office_code)


def _label(value: str) -> str:
    try:
        return DossierStatus(value).label
    except ValueError:
        return value


class Agency:
    """Agency accounts, decisions and read models over a :class:`Hub`'s database."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.engine = hub.engine

    def _now(self) -> datetime:
        return self.hub.clock()

    def _scope(self, user: AgencyUser | None, table: sa.Table) -> list[sa.ColumnElement[bool]]:
        """What a user may see: its agency's dossiers, of its office when it has one."""
        if user is None:  # the operator's command line sees everything
            return []
        where = [table.c.agency == user.agency]
        if user.office_code is not None:
            where.append(table.c.office_code == user.office_code)
        return where

    # -- accounts ---------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        agency: str,
        office_code: str | None = None,
        display_name: str = "",
    ) -> AgencyUser:
        name = username.strip().lower()
        if not _USERNAME.fullmatch(name):
            raise HubError(
                400,
                "invalid_request",
                "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang "
                "hoặc gạch dưới (ví dụ ubnd.kybac).",
            )
        agency_name = " ".join(unicodedata.normalize("NFC", agency).split())
        if not agency_name:
            raise HubError(
                400, "invalid_request", "Hãy nhập tên cơ quan đúng như danh mục (--agency)."
            )
        if len(password) < MIN_PASSWORD:
            raise HubError(
                400,
                "invalid_request",
                f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự. Hãy chọn mật khẩu dài hơn.",
            )
        office = self._office(office_code) if office_code else None
        shown = " ".join(unicodedata.normalize("NFC", display_name).split()) or name
        with self.engine.begin() as conn:
            exists = conn.execute(
                sa.select(agency_users.c.username).where(agency_users.c.username == name)
            ).first()
            if exists is not None:
                raise HubError(
                    409,
                    "exists",
                    f"Đã có tài khoản {name}. Hãy chọn tên đăng nhập khác.",
                )
            conn.execute(
                agency_users.insert().values(
                    username=name,
                    display_name=shown,
                    agency=agency_name,
                    office_code=office,
                    password_hash=hash_password(password),
                    failed_count=0,
                    created_at=_iso(self._now()),
                )
            )
        log.info("agency user %s added for %s (%s)", name, agency_name, office or "every office")
        return AgencyUser(name, shown, agency_name, office)

    def _office(self, office_code: str) -> str:
        try:
            unit = validate_unit_code(office_code)
        except DomainError as exc:
            raise HubError(400, "invalid_request", exc.message) from exc
        with self.engine.connect() as conn:
            if conn.execute(sa.select(offices.c.code).where(offices.c.code == unit)).first():
                return unit
        raise HubError(
            404,
            "not_found",
            f"Bưu điện tỉnh chưa có đơn vị {unit}. Hãy kiểm tra mã đơn vị, hoặc ghi danh một "
            "quầy của đơn vị này trước.",
        )

    def list_users(self) -> list[AgencyUser]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(agency_users).order_by(agency_users.c.username)).all()
        return [_user(r) for r in rows]

    def unlock(self, username: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                agency_users.update()
                .where(agency_users.c.username == username.strip().lower())
                .values(failed_count=0, locked_until=None)
            ).rowcount
        return bool(done)

    def login(self, username: str, password: str) -> tuple[str, Session]:
        """A new session token (to put in the cookie) and its session; refusals are HubErrors
        whose message says what to do. Five wrong passwords in a row lock the account."""
        name = username.strip().lower()
        now = self._now()
        locked: str | None = None
        with self.engine.begin() as conn:
            row = conn.execute(
                self.hub._lock(conn, sa.select(agency_users).where(agency_users.c.username == name))
            ).first()
            if row is None:
                verify_password(password, _DUMMY_HASH)
                raise _wrong_password()
            failures = int(row.failed_count)
            if row.locked_until is not None:
                if _iso(now) < row.locked_until:
                    raise _locked(row.locked_until)
                failures = 0  # the lock ran out: a fresh start
            if not verify_password(password, row.password_hash):
                failures += 1
                if failures >= MAX_FAILURES:
                    locked = _iso(now + timedelta(minutes=LOCK_MINUTES))
                conn.execute(
                    agency_users.update()
                    .where(agency_users.c.username == name)
                    .values(failed_count=failures, locked_until=locked)
                )
            else:
                token = secrets.token_urlsafe(32)
                csrf = secrets.token_urlsafe(32)
                conn.execute(
                    agency_users.update()
                    .where(agency_users.c.username == name)
                    .values(failed_count=0, locked_until=None)
                )
                conn.execute(
                    agency_sessions.delete().where(agency_sessions.c.expires_at < _iso(now))
                )
                conn.execute(
                    agency_sessions.insert().values(
                        token_sha256=sha256_hex(token),
                        username=name,
                        csrf_token=csrf,
                        expires_at=_iso(now + timedelta(hours=SESSION_HOURS)),
                    )
                )
                log.info("agency user %s logged in", name)
                return token, Session(_user(row), csrf)
        # Raised after COMMIT, so the failure count is kept.
        log.warning("agency user %s: wrong password (%d in a row)", name, failures)
        if locked is not None:
            raise _locked(locked)
        raise _wrong_password()

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(agency_users, agency_sessions.c.csrf_token, agency_sessions.c.expires_at)
                .join(agency_sessions, agency_sessions.c.username == agency_users.c.username)
                .where(agency_sessions.c.token_sha256 == sha256_hex(token))
            ).first()
        if row is None or row.expires_at <= _iso(self._now()):
            return None
        return Session(_user(row), row.csrf_token)

    def logout(self, token: str | None) -> None:
        if token:
            with self.engine.begin() as conn:
                conn.execute(
                    agency_sessions.delete().where(
                        agency_sessions.c.token_sha256 == sha256_hex(token)
                    )
                )

    # -- decisions --------------------------------------------------------------------------

    def confirm_receipt(
        self, code: str, note: str = "", *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.act(code, Action.CONFIRM_RECEIPT, note, by=by, user=user)

    def request_supplement(
        self, code: str, note: str, *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.act(code, Action.REQUEST_SUPPLEMENT, note, by=by, user=user)

    def refuse(
        self, code: str, note: str, *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.act(code, Action.REFUSE, note, by=by, user=user)

    def mark_ready(
        self, code: str, note: str = "", *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.act(code, Action.MARK_READY, note, by=by, user=user)

    def act(
        self,
        code: str,
        action: Action,
        note: str = "",
        *,
        by: str = "cli",
        user: AgencyUser | None = None,
    ) -> StatusChange:
        """One agency decision on one dossier; ``user`` limits it to that user's dossiers."""
        code = code.strip()
        text = _note(action, note)
        with self.engine.begin() as conn:
            rows = self._locked_dossiers(
                conn, [dossiers.c.code == code, *self._scope(user, dossiers)]
            )
            if not rows:
                raise _not_found(code)
            change = self._apply(conn, rows[0], action, text, by)
            if action is Action.CONFIRM_RECEIPT and rows[0].batch_id:
                self._close_batch_if_done(conn, rows[0].batch_id)
        return change

    def confirm_batch(
        self, ref: str, *, by: str = "cli", user: AgencyUser | None = None
    ) -> BatchConfirmation:
        """Confirm every dossier of a hand-over batch still in transit (the agency signed the
        Biên bản giao nhận). ``ref`` is the batch id, or its number when that is unambiguous."""
        ref = ref.strip()
        with self.engine.begin() as conn:
            batch = self._find_batch(conn, ref, user)
            rows = self._locked_dossiers(
                conn, [dossiers.c.batch_id == batch.id, *self._scope(user, dossiers)]
            )
            moving = [r for r in rows if r.status == DossierStatus.IN_TRANSIT.value]
            if not moving:
                raise HubError(
                    409,
                    "illegal_transition",
                    f"Bảng giao nhận {batch.number} không còn hồ sơ nào đang chuyển đến cơ quan: "
                    "các hồ sơ đã được xác nhận hoặc đã rút. Không cần xác nhận lại.",
                )
            confirmed = [self._apply(conn, r, Action.CONFIRM_RECEIPT, "", by) for r in moving]
            conn.execute(
                handover_batches.update()
                .where(handover_batches.c.id == batch.id)
                .values(confirmed_at=confirmed[0].at)
            )
        skipped = [(r.code, DossierStatus(r.status)) for r in rows if r.status != "in_transit"]
        log.info("batch %s confirmed by %s: %d dossier(s)", batch.number, by, len(confirmed))
        return BatchConfirmation(batch.id, batch.number, confirmed, skipped)

    def _find_batch(self, conn: Connection, ref: str, user: AgencyUser | None) -> Any:
        query = sa.select(handover_batches).where(
            sa.or_(handover_batches.c.id == ref, handover_batches.c.number == ref),
            *self._scope(user, handover_batches),
        )
        found = conn.execute(self.hub._lock(conn, query)).all()
        if not found:
            raise HubError(
                404,
                "not_found",
                f"Không tìm thấy bảng giao nhận {ref}. Hãy kiểm tra số bảng (ví dụ "
                "BG-20270203-01) in trên Biên bản giao nhận.",
            )
        exact = [b for b in found if b.id == ref]
        if exact:
            return exact[0]
        if len(found) > 1:
            ids = ", ".join(b.id for b in found)
            raise HubError(
                409,
                "ambiguous",
                f"Có {len(found)} bảng giao nhận cùng số {ref} (của các quầy khác nhau). Hãy dùng "
                f"mã bảng: {ids}.",
            )
        return found[0]

    def _locked_dossiers(
        self, conn: Connection, where: Sequence[sa.ColumnElement[bool]]
    ) -> list[Any]:
        query = sa.select(dossiers).where(*where).order_by(dossiers.c.code)
        if is_postgres(conn):
            query = query.with_for_update()  # code order, as ingest takes them: no deadlock
        return list(conn.execute(query).all())

    def _apply(
        self, conn: Connection, row: Any, action: Action, note: str, by: str
    ) -> StatusChange:
        try:
            previous = DossierStatus(row.status)
            status = lifecycle_next(row.code, previous, action, actor=Actor.AGENCY)
        except ValueError as exc:
            raise HubError(
                409,
                "illegal_transition",
                f"Hồ sơ {row.code} có trạng thái không rõ «{row.status}». Hãy báo quản trị viên.",
            ) from exc
        except IllegalTransition as exc:
            raise HubError(409, "illegal_transition", exc.message) from exc
        at = _iso(self._now())
        conn.execute(
            dossiers.update()
            .where(dossiers.c.code == row.code)
            .values(status=status.value, note=note, updated_at=at)
        )
        conn.execute(
            status_log.insert().values(
                code=row.code,
                status=status.value,
                action=action.value,
                note=note,
                at=at,
                by=by[:200],
                applied=True,
            )
        )
        data = {
            "dossier_code": row.code,
            "status": status.value,
            "at": at,
            "note": note,
            "action": action.value,
        }
        cursor = self.hub._publish(conn, "status", data, row.office_code, None)
        log.info("dossier %s: %s → %s by %s", row.code, previous.value, status.value, by)
        return StatusChange(row.code, action, previous, status, at, note, cursor)

    def _close_batch_if_done(self, conn: Connection, batch_id: str) -> None:
        waiting = conn.execute(
            sa.select(sa.func.count()).where(
                dossiers.c.batch_id == batch_id,
                dossiers.c.status == DossierStatus.IN_TRANSIT.value,
            )
        ).scalar_one()
        if not waiting:
            conn.execute(
                handover_batches.update()
                .where(handover_batches.c.id == batch_id, handover_batches.c.confirmed_at.is_(None))
                .values(confirmed_at=_iso(self._now()))
            )

    # -- what the agency's pages show -----------------------------------------------------------

    def status_counts(self, user: AgencyUser) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(dossiers.c.status, sa.func.count().label("n"))
                .where(*self._scope(user, dossiers))
                .group_by(dossiers.c.status)
            ).all()
        return {r.status: int(r.n) for r in rows}

    def list_dossiers(
        self, user: AgencyUser, status: str | None = None, page: int = 0
    ) -> tuple[list[dict[str, Any]], bool]:
        """The user's dossiers (open ones by default), earliest appointment first, and whether
        another page follows."""
        where = self._scope(user, dossiers)
        if status == "all":
            where.append(dossiers.c.status != DossierStatus.RECEIVED.value)
        elif status:
            where.append(dossiers.c.status == status)
        else:
            where.append(dossiers.c.status.in_(OPEN_FOR_AGENCY))
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    sa.select(
                        dossiers.c.code,
                        dossiers.c.procedure_name,
                        dossiers.c.status,
                        dossiers.c.received_at,
                        dossiers.c.appointment_at,
                        dossiers.c.applicant_name,
                        offices.c.name.label("office_name"),
                        handover_batches.c.number.label("batch_number"),
                    )
                    .select_from(
                        dossiers.outerjoin(
                            offices, offices.c.code == dossiers.c.office_code
                        ).outerjoin(handover_batches, handover_batches.c.id == dossiers.c.batch_id)
                    )
                    .where(*where)
                    .order_by(dossiers.c.appointment_at, dossiers.c.code)
                    .limit(PAGE_SIZE + 1)
                    .offset(max(page, 0) * PAGE_SIZE)
                )
                .mappings()
                .all()
            )
        items = [{**r, "status_label": _label(r["status"])} for r in rows[:PAGE_SIZE]]
        return items, len(rows) > PAGE_SIZE

    def list_batches(self, user: AgencyUser, limit: int = 30) -> list[dict[str, Any]]:
        """The user's hand-over batches, those still waiting for a signature first."""
        waiting = (
            sa.select(sa.func.count())
            .where(
                dossiers.c.batch_id == handover_batches.c.id,
                dossiers.c.status == DossierStatus.IN_TRANSIT.value,
            )
            .scalar_subquery()
        )
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    sa.select(
                        handover_batches,
                        offices.c.name.label("office_name"),
                        waiting.label("in_transit"),
                    )
                    .select_from(
                        handover_batches.outerjoin(
                            offices, offices.c.code == handover_batches.c.office_code
                        )
                    )
                    .where(*self._scope(user, handover_batches))
                    .order_by(
                        handover_batches.c.confirmed_at.is_not(None),
                        handover_batches.c.sealed_at.desc(),
                    )
                    .limit(limit)
                )
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    def dossier(self, user: AgencyUser | None, code: str) -> dict[str, Any] | None:
        """Everything the agency may see of one of its dossiers, with its history."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    sa.select(
                        dossiers,
                        offices.c.name.label("office_name"),
                        handover_batches.c.number.label("batch_number"),
                    )
                    .select_from(
                        dossiers.outerjoin(
                            offices, offices.c.code == dossiers.c.office_code
                        ).outerjoin(handover_batches, handover_batches.c.id == dossiers.c.batch_id)
                    )
                    .where(dossiers.c.code == code.strip(), *self._scope(user, dossiers))
                )
                .mappings()
                .first()
            )
            if row is None:
                return None
            history = self._history(conn, row["code"])
            payload = conn.execute(
                sa.select(events.c.payload).where(
                    events.c.device_id == row["device_id"], events.c.seq == row["received_seq"]
                )
            ).scalar()
        received = parse_payload(payload or "")
        applicant = received.get("applicant")
        documents = received.get("documents")
        data = dict(row)
        data["applicant"] = applicant if isinstance(applicant, dict) else {}
        data["documents"] = documents if isinstance(documents, list) else []
        data["status_label"] = _label(data["status"])
        data["history"] = history
        try:
            status = DossierStatus(data["status"])
            data["actions"] = [a.value for a in allowed_actions(status, Actor.AGENCY)]
        except ValueError:
            data["actions"] = []
        return data

    def _history(self, conn: Connection, code: str) -> list[dict[str, Any]]:
        rows = (
            conn.execute(
                sa.select(
                    status_log.c.status,
                    status_log.c.action,
                    status_log.c.note,
                    status_log.c.at,
                    status_log.c.by,
                )
                .where(status_log.c.code == code, status_log.c.applied.is_(True))
                .order_by(status_log.c.id)
            )
            .mappings()
            .all()
        )
        return [{**r, "status_label": _label(r["status"])} for r in rows]

    # -- the public tracking answer ---------------------------------------------------------

    def track(self, code: str) -> dict[str, Any] | None:
        """What anyone holding the receipt may see: no name (initials only), no ID number,
        phone, address, nor the agency's notes (they may name the person's papers)."""
        code = code.strip().upper()
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    dossiers.c.code,
                    dossiers.c.status,
                    dossiers.c.procedure_code,
                    dossiers.c.procedure_name,
                    dossiers.c.agency,
                    dossiers.c.received_at,
                    dossiers.c.appointment_at,
                    dossiers.c.applicant_initials,
                    dossiers.c.office_code,
                    offices.c.name.label("office_name"),
                )
                .select_from(dossiers.outerjoin(offices, offices.c.code == dossiers.c.office_code))
                .where(dossiers.c.code == code)
            ).first()
            history = self._history(conn, code) if row is not None else []
        if row is None:
            return None
        steps = [
            {
                "status": DossierStatus.RECEIVED.value,
                "status_label": DossierStatus.RECEIVED.label,
                "at": row.received_at,
            }
        ]
        steps += [{"status": h["status"], "status_label": h["status_label"], "at": h["at"]}
                  for h in history]  # fmt: skip
        return {
            "protocol": 1,
            "code": row.code,
            "status": row.status,
            "status_label": _label(row.status),
            "procedure_code": row.procedure_code,
            "procedure_name": row.procedure_name,
            "agency": row.agency,
            "received_at": row.received_at,
            "appointment_at": row.appointment_at,
            "applicant_initials": row.applicant_initials,
            "office": {"unit_code": row.office_code, "name": row.office_name or ""},
            "history": steps,
        }


def _note(action: Action, note: str) -> str:
    text = unicodedata.normalize("NFC", note.replace("\x00", "")).strip()
    required = NOTE_REQUIRED.get(action)
    if required and not text:
        raise HubError(400, "note_required", required)
    if len(text) > MAX_NOTE:
        raise HubError(
            400,
            "invalid_request",
            f"Ghi chú dài quá {MAX_NOTE} ký tự. Hãy viết ngắn lại.",
        )
    return text


def _wrong_password() -> HubError:
    return HubError(
        401,
        "login_failed",
        f"Tên đăng nhập hoặc mật khẩu không đúng. Hãy nhập lại; sau {MAX_FAILURES} lần sai liên "
        f"tiếp, tài khoản bị khóa {LOCK_MINUTES} phút.",
    )


def _locked(until: str) -> HubError:
    local = vn_time(until)
    return HubError(
        423,
        "locked",
        f"Tài khoản tạm khóa {LOCK_MINUTES} phút vì nhập sai mật khẩu {MAX_FAILURES} lần liên "
        f"tiếp. Hãy thử lại sau {local}, hoặc nhờ quản trị viên bưu điện tỉnh mở khóa.",
    )


def vn_time(iso: str | None, *, date_only: bool = False) -> str:
    """An ISO moment as Vietnam reads it: "14:05 ngày 03/02/2027" (or "03/02/2027")."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return f"{moment:%d/%m/%Y}" if date_only else f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"
