"""`motcua audit verify`: is the audit trail (the event hash chain) intact, and if not, where.

``verify_chain`` (app.storage.events) finds rows edited, inserted or deleted *inside* the chain.
What it cannot see, this adds:

* the newest rows deleted (the chain that is left is still whole): the anchor ``events_head``,
  moved by a trigger at every insert, still names the last row and how many were ever appended;
* a row deleted or inserted in the middle and the rest renumbered and rehashed: the anchor's
  last hash and count no longer agree, nor does the hash the hub acknowledged
  (``events_head.acked_hash``, pinned by a trigger when ``sync.acked_seq`` moves);
* the guard triggers (``events_no_update``, ``events_no_delete``) or the anchor's trigger
  dropped or replaced, as anyone editing the file must do first.

Limit (said in the docs): someone who knows all this and also rewrites the anchor can only be
caught by comparing with the hub, which holds every event it acknowledged.

Also here: ``record_export`` and ``record_print``, so exports and prints of things that are not one
dossier's forms (reports, the book) are events like every other action.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.roles import Permission
from app.services import authz
from app.services.workstation import Workstation
from app.storage.connection import Database
from app.storage.db import transaction
from app.storage.events import Event, append_event, verify_chain
from app.storage.sync_state import acked_seq

# name → a fragment its SQL must still contain (a trigger replaced by a no-op counts as dropped)
GUARDS: dict[str, str] = {
    "events_no_update": "RAISE(ABORT",
    "events_no_delete": "RAISE(ABORT",
    "events_head_track": "events_head",
    "events_acked_insert": "events_head",
    "events_acked_update": "events_head",
    # A closed day stays closed (app/storage/day_close_schema.py).
    "events_closed_day": "day_closed",
    "dossiers_closed_day": "day_closed",
    "day_closes_sealed": "RAISE(ABORT",
    "day_closes_no_delete": "RAISE(ABORT",
}

_TAKE_ACTION = "Báo quản trị viên và đối chiếu với dữ liệu ở máy chủ tỉnh."


@dataclass(frozen=True)
class AuditProblem:
    """One finding, in Vietnamese, naming the row (``device#seq``) and, when known, the event."""

    message: str
    device_id: str = ""
    seq: int | None = None
    event_id: str = ""
    event_type: str = ""

    @property
    def row(self) -> str:
        return f"{self.device_id}#{self.seq}" if self.seq is not None else ""

    def __str__(self) -> str:
        if self.seq is None:
            where = f"Máy {self.device_id}: " if self.device_id else ""
            return where + self.message
        known = f" ({self.event_type}, mã {self.event_id})" if self.event_id else ""
        return f"Sự kiện {self.row}{known}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "device_id": self.device_id,
            "seq": self.seq,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "message": self.message,
            "text": str(self),
        }


@dataclass(frozen=True)
class AuditReport:
    checked_at: datetime
    events: int
    devices: int
    problems: tuple[AuditProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked_at": self.checked_at.isoformat(),
            "events": self.events,
            "devices": self.devices,
            "problems": [p.as_dict() for p in self.problems],
        }


def _along(first: int, last: int) -> str:
    """The rest of a run of rows, after the row a problem names."""
    return "" if first == last else f", cùng các sự kiện đến #{last}"


def _span(first: int, last: int) -> str:
    return f"#{first}" if first == last else f"#{first}–#{last}"


def _known(db: Database, device_id: str, seq: int) -> tuple[str, str]:
    row = db.execute(
        "SELECT id, type FROM events WHERE device_id = ? AND seq = ?", [device_id, seq]
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else ("", "")


def _problem(db: Database, device_id: str, seq: int | None, message: str) -> AuditProblem:
    event_id, event_type = _known(db, device_id, seq) if seq is not None else ("", "")
    return AuditProblem(message, device_id, seq, event_id, event_type)


def _has_anchor(db: Database) -> bool:
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events_head'"
    ).fetchone()
    return found is not None


def _guards(db: Database) -> list[AuditProblem]:
    found = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    problems = []
    for name, fragment in GUARDS.items():
        sql = found.get(name)
        if sql is None:
            state = "đã bị xóa"
        elif fragment not in sql:
            state = "đã bị thay bằng lệnh khác"
        else:
            continue
        problems.append(
            AuditProblem(
                f"Trình bảo vệ {name} của bảng sự kiện {state}: dữ liệu có thể đã bị sửa bằng công "
                f"cụ ngoài phần mềm. {_TAKE_ACTION}"
            )
        )
    if not _has_anchor(db):
        problems.append(
            AuditProblem(
                f"Bảng mốc events_head đã bị xóa: không kiểm được phần cuối. {_TAKE_ACTION}"
            )
        )
    return problems


@dataclass(frozen=True)
class _Head:
    seq: int
    hash: str
    appended: int
    acked_seq: int
    acked_hash: str


@dataclass(frozen=True)
class _Tail:
    rows: int
    last_seq: int
    last_hash: str


def _heads(db: Database) -> dict[str, _Head]:
    rows = db.execute(
        "SELECT device_id, seq, hash, appended, acked_seq, acked_hash FROM events_head"
    ).fetchall()
    return {r[0]: _Head(int(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5])) for r in rows}


def _tails(db: Database) -> dict[str, _Tail]:
    # Bare ``hash`` beside max(seq): SQLite takes it from the row holding the maximum.
    rows = db.execute(
        "SELECT device_id, count(*), max(seq), hash FROM events GROUP BY device_id"
    ).fetchall()
    return {r[0]: _Tail(int(r[1]), int(r[2]), str(r[3])) for r in rows}


def _anchor(
    db: Database, device: str, head: _Head | None, tail: _Tail | None, chain_broken: bool
) -> list[AuditProblem]:
    """What the anchor says about this device's chain that the chain itself cannot."""
    if head is None:
        assert tail is not None
        return [
            _problem(
                db,
                device,
                tail.last_seq,
                f"có {tail.rows} sự kiện (đến #{tail.last_seq}) nhưng mốc không ghi nhận máy này: "
                f"các sự kiện được chèn khi mốc bị tắt, hoặc mốc đã bị sửa. {_TAKE_ACTION}",
            )
        ]
    if tail is None:
        return [
            AuditProblem(
                f"đã bị xóa{_along(1, head.seq)}: không còn sự kiện nào của máy này (mốc ghi sự "
                f"kiện cuối là #{head.seq}, đã ghi {head.appended} lần). {_TAKE_ACTION}",
                device,
                1,
            )
        ]
    if tail.last_seq < head.seq:
        return [
            AuditProblem(
                f"đã bị xóa khỏi cuối chuỗi{_along(tail.last_seq + 1, head.seq)}: mốc ghi sự kiện "
                f"cuối là #{head.seq}, nay chuỗi chỉ đến #{tail.last_seq} (nếu chuỗi còn lại vẫn "
                "liền mạch thì có thể sự kiện bị xóa ở giữa rồi đánh số lại). " + _TAKE_ACTION,
                device,
                tail.last_seq + 1,
            )
        ]
    if tail.last_seq > head.seq:
        if tail.rows > head.appended:
            return [
                _problem(
                    db,
                    device,
                    head.seq + 1,
                    f"được thêm ngoài phần mềm{_along(head.seq + 1, tail.last_seq)} (mốc chỉ "
                    f"ghi đến #{head.seq}). {_TAKE_ACTION}",
                )
            ]
        return [
            _problem(
                db,
                device,
                head.seq,
                f"được chèn vào giữa chuỗi (lần thêm gần nhất là sự kiện này, nhưng sau nó còn "
                f"{_span(head.seq + 1, tail.last_seq)}): chuỗi đã bị đánh số lại. {_TAKE_ACTION}",
            )
        ]
    if tail.last_hash != head.hash:
        return [
            _problem(
                db,
                device,
                tail.last_seq,
                "là sự kiện cuối nhưng khác với mốc: bị sửa, hoặc chuỗi bị tính lại sau khi xóa "
                f"hay chèn sự kiện ở giữa. {_TAKE_ACTION}",
            )
        ]
    # A count that differs while the chain is whole: rows deleted, then renumbered and rehashed
    # (when the chain is broken, verify_chain has already named the gap).
    if tail.rows != head.appended and not chain_broken:
        verb = "bị xóa" if tail.rows < head.appended else "bị chèn"
        return [
            AuditProblem(
                f"mốc ghi {head.appended} lần thêm sự kiện nhưng chuỗi có {tail.rows}: có sự kiện "
                f"{verb} rồi chuỗi được đánh số và tính lại. {_TAKE_ACTION}",
                device,
            )
        ]
    return []


def _acked(
    db: Database, device: str, head: _Head, tail: _Tail | None, mark: int
) -> list[AuditProblem]:
    """Against what the hub acknowledged: those events are at the hub and must be unchanged here."""
    acked = max(head.acked_seq, mark)
    if acked <= 0:
        return []
    last = tail.last_seq if tail else 0
    if last < acked:
        return [
            AuditProblem(
                f"đã bị xóa{_along(last + 1, acked)}: máy chủ tỉnh đã xác nhận đến #{acked} "
                f"nhưng máy chỉ còn đến #{last}. Bản ở máy chủ tỉnh là bản gốc.",
                device,
                last + 1,
            )
        ]
    if head.acked_hash and head.acked_seq == acked:
        row = db.execute(
            "SELECT hash FROM events WHERE device_id = ? AND seq = ?", [device, acked]
        ).fetchone()
        if row is not None and row[0] != head.acked_hash:
            return [
                _problem(
                    db,
                    device,
                    acked,
                    "đã được máy chủ tỉnh xác nhận nhưng nay khác bản đã gửi: chuỗi đã bị sửa "
                    "hoặc tính lại từ trước sự kiện này. Bản ở máy chủ tỉnh là bản gốc.",
                )
            ]
    return []


def _gaps(db: Database) -> list[AuditProblem]:
    """Rows missing inside a chain, named by their own numbers (verify_chain names the next)."""
    rows = db.execute(
        "SELECT device_id, prev, seq FROM (SELECT device_id, seq,"
        " lag(seq, 1, 0) OVER (PARTITION BY device_id ORDER BY seq) AS prev FROM events)"
        " WHERE seq > prev + 1"
    ).fetchall()
    problems = []
    for device, prev, seq in rows:
        where = f"giữa #{prev} và #{seq}" if prev else f"ở đầu chuỗi, trước #{seq}"
        problems.append(
            AuditProblem(
                f"đã bị xóa{_along(prev + 1, seq - 1)} ({where}). {_TAKE_ACTION}",
                device,
                prev + 1,
            )
        )
    return problems


def verify(ws: Workstation) -> AuditReport:
    """Check the whole audit trail; open to everyone (it reads and changes nothing)."""
    db = ws.db
    problems = _guards(db)
    broken = verify_chain(db)
    problems += [_problem(db, p.device_id, p.seq, p.message) for p in broken]
    problems += _gaps(db)
    tails = _tails(db)
    if _has_anchor(db):
        heads = _heads(db)
        own = ws.device_id
        for device in sorted(set(heads) | set(tails)):
            head, tail = heads.get(device), tails.get(device)
            chain_broken = any(p.device_id == device for p in broken)
            found = _anchor(db, device, head, tail, chain_broken)
            problems += found
            tail_gone = (
                bool(found) and head is not None and (tail is None or tail.last_seq < head.seq)
            )
            if device == own and head is not None and not tail_gone:
                problems += _acked(db, device, head, tail, acked_seq(db))
    ordered = sorted(
        problems, key=lambda p: (p.device_id != "", p.device_id, -1 if p.seq is None else p.seq)
    )
    return AuditReport(
        checked_at=ws.now(),
        events=sum(t.rows for t in tails.values()),
        devices=len(tails),
        problems=tuple(ordered),
    )


# ---------------------------------------------------------------- exports and prints as events


def check_export(ws: Workstation, *, personal: bool) -> None:
    """Call before writing an export file: personal data needs EXPORT_PERSONAL."""
    if personal:
        authz.require(ws, Permission.EXPORT_PERSONAL)


def record_export(
    ws: Workstation, what: str, rows: int, path: str, *, personal: bool = False
) -> Event:
    """Record an export (event ``export.made``) once its file is written.

    ``what`` names the export (``book.xlsx``, ``report.csv``); ``personal`` True when it carries
    names, ID numbers or phones, which requires EXPORT_PERSONAL (checked again here).
    """
    check_export(ws, personal=personal)
    with transaction(ws.db):
        return append_event(
            ws.db,
            device_id=ws.device_id,
            type="export.made",
            entity_id="",
            payload={"what": what, "rows": int(rows), "path": str(path), "personal": personal},
            at=ws.now(),
            actor=ws.staff,
        )


def record_print(
    ws: Workstation,
    kind: str,
    *,
    entity_id: str = "",
    details: dict[str, Any] | None = None,
    reprint: bool = False,
) -> Event:
    """Record a print that is not one dossier's form (day report, book page): ``document.printed``
    with the same payload keys as the dossier forms (``kind``, ``reprint``)."""
    payload = {**(details or {}), "kind": kind, "reprint": reprint}
    with transaction(ws.db):
        return append_event(
            ws.db,
            device_id=ws.device_id,
            type="document.printed",
            entity_id=entity_id,
            payload=payload,
            at=ws.now(),
            actor=ws.staff,
        )
