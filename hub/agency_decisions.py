"""The decisions an agency clerk takes on handed-over dossiers, and what they publish.

Confirm receipt (one dossier, or a whole hand-over batch once the Biên bản giao nhận is signed),
ask for a supplement (Mẫu 02), refuse (Mẫu 03) or mark the result ready.

Guarantees: each decision is checked with :func:`app.domain.lifecycle.next_status` (as the
agency) and, in ONE transaction, changes the projection, writes ``status_log`` and publishes a
``status`` feed item for the dossier's office, which the counters apply. A supplement or a
refusal needs a note; notes are NFC, without NUL, at most ``MAX_NOTE`` characters. A user only
reaches its own dossiers and batches (:func:`hub.agency_auth.scope`). Dossiers are locked in code
order, as ingest takes them, so the two never deadlock.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain.dossier import DossierStatus
from app.domain.lifecycle import Action, Actor, IllegalTransition
from app.domain.lifecycle import next_status as lifecycle_next
from hub.agency_auth import AgencyUser, scope
from hub.common import HubError, _iso
from hub.db import dossiers, handover_batches, is_postgres, status_log
from hub.service import Hub

log = logging.getLogger("motcua.hub")

MAX_NOTE = 2000

# The agency's moves, and what an agency writes with each (None: nothing to write).
NOTE_REQUIRED: dict[Action, str] = {
    Action.REQUEST_SUPPLEMENT: "Hãy ghi rõ giấy tờ cần bổ sung, để quầy báo cho người nộp hồ sơ.",
    Action.REFUSE: "Hãy ghi lý do từ chối, để quầy báo cho người nộp hồ sơ.",
}


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


class AgencyDecisions:
    """Agency decisions over a :class:`Hub`'s database, each published to the office's feed."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.engine = hub.engine

    def _now(self) -> datetime:
        return self.hub.clock()

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
            rows = self._locked_dossiers(conn, [dossiers.c.code == code, *scope(user, dossiers)])
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
                conn, [dossiers.c.batch_id == batch.id, *scope(user, dossiers)]
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
            *scope(user, handover_batches),
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
