"""The dossier projection: the counters' lifecycle events folded into ``dossiers``,
``handover_batches`` and ``status_log``, inside the transaction that stores the events.

The counter is the source of truth for its own moves: a move that does not fit what the hub knows
(the agency decided meanwhile, an event arrived for an unknown dossier) is applied when it can be
and written to ``status_log`` with a warning; it never refuses a batch. Payloads are read
defensively: a field of the wrong type or length is dropped, never an error, because one odd
event must not stop a counter's uploads.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from app.domain.dossier import DossierStatus
from app.domain.lifecycle import Action, IllegalTransition, next_status
from hub import days
from hub.db import bulk_insert, dossiers, events, handover_batches, is_postgres, status_log

log = logging.getLogger("motcua.hub")

RECEIVED = "dossier.received"
TRANSITION = "dossier.transition"
SEALED = "handover.sealed"
RESCHEDULED = "dossier.rescheduled"
# dossier.status_changed (the counter applying the hub's own feed) and dossier.invitation change
# nothing the hub shows, so only these types are even parsed.
PROJECTED_TYPES = frozenset({RECEIVED, TRANSITION, SEALED, RESCHEDULED})
CATCH_UP_CHUNK = 1000


# The only way a payload (text checked by hub.schemas) can carry NUL or a lone surrogate: a JSON
# escape. Payloads without one skip the cleaning walk, which is most of the projection's work.
_DIRTY = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def _clean(value: object, limit: int | None = None) -> str:
    """A storable string from a payload field: NUL and lone surrogates removed, cut to size."""
    if not isinstance(value, str):
        return ""
    text = value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:limit] if limit is not None else text


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, Mapping):
        return {_clean(k): _clean_json(v) for k, v in value.items() if isinstance(k, str)}
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return None


def _code(value: object) -> str:
    """A dossier code, or "" when it cannot be one (a longer one is not cut into another)."""
    return value if isinstance(value, str) and len(value) <= 64 else ""


def _text(value: object, limit: int | None = None) -> str:
    """A string field of a parsed (already clean) payload, cut to its column's size."""
    if not isinstance(value, str):
        return ""
    return value[:limit] if limit is not None else value


def initials(full_name: str) -> str:
    """ "Nguyễn Văn An" → "N.V.A.": what the public page may show of a person."""
    if not unicodedata.is_normalized("NFC", full_name):
        full_name = unicodedata.normalize("NFC", full_name)
    letters = [
        word[0] if word[0].isalpha() else next((c for c in word if c.isalpha()), "")
        for word in full_name.split()
    ]
    return "".join(f"{c.upper()}." for c in letters if c)[:40]


def parse_payload(text: str) -> dict[str, Any]:
    """A stored payload as a dict ({} when it is not a JSON object), made storable."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return _clean_json(value) if _DIRTY.search(text) else value


def _status(value: object) -> DossierStatus | None:
    try:
        return DossierStatus(value)
    except ValueError:
        return None


@dataclass
class _Row:
    """What the projection changes of a dossier while folding one batch."""

    status: str
    batch_id: str | None
    appointment_at: str
    changed: bool = False


class _Fold:
    def __init__(self, conn: Connection, device_id: str, office_code: str, now: str) -> None:
        self.conn = conn
        self.device_id = device_id
        self.office_code = office_code
        self.now = now
        self.logs: list[dict[str, Any]] = []

    def note(
        self,
        code: str,
        status: str,
        action: str,
        at: str,
        *,
        note: str = "",
        applied: bool,
        warning: str | None = None,
    ) -> None:
        self.logs.append(
            {
                "code": code,
                "status": status[:32],
                "action": action[:40],
                "note": note,
                "at": at[:64] or self.now,
                "by": f"counter:{self.device_id}",
                "applied": applied,
                "warning": warning,
            }
        )

    # -- dossier.received -------------------------------------------------------------------

    def receive(self, batch: Sequence[tuple[Mapping[str, Any], dict[str, Any]]]) -> None:
        rows: dict[str, dict[str, Any]] = {}
        for e, p in batch:
            code = _text(p.get("code"))
            if not code or len(code) > 64:
                log.warning(
                    "device %s seq %s: dossier.received without a usable code",
                    self.device_id,
                    e["seq"],
                )
                continue
            applicant = p.get("applicant")
            name = _text(applicant.get("full_name")) if isinstance(applicant, dict) else ""
            status = _status(p.get("status")) or DossierStatus.RECEIVED
            row = {
                "code": code,
                "id": _text(p.get("id"), 100) or _text(e["entity_id"], 100),
                "office_code": self.office_code,
                "device_id": self.device_id,
                "agency": _text(p.get("agency")),
                "procedure_code": _text(p.get("procedure_code"), 64),
                "procedure_name": _text(p.get("procedure_name")),
                "status": status.value,
                "received_at": _text(p.get("received_at"), 64) or _text(e["at"], 64),
                "appointment_at": _text(p.get("appointment_at"), 64),
                "s10": _text(p.get("s10"), 32),
                "return_method": _text(p.get("return_method"), 20),
                "applicant_name": name,
                "applicant_initials": initials(name),
                "received_seq": e["seq"],
                "batch_id": None,
                "note": "",
                "updated_at": self.now,
            }
            first = rows.setdefault(code, row)
            if first is not row and first["id"] != row["id"]:
                self._duplicate(row)
        if not rows:
            return
        # Codes already known, looked up first: INSERT … RETURNING over many rows would cost
        # more than this one indexed query (its long statement is parsed anew every batch).
        codes = list(rows)
        if is_postgres(self.conn):
            among = dossiers.c.code == sa.any_(sa.literal(codes, postgresql.ARRAY(sa.Text)))
        else:
            among = dossiers.c.code.in_(codes)
        known = {
            r.code: r.id
            for r in self.conn.execute(sa.select(dossiers.c.code, dossiers.c.id).where(among))
        }
        for code in known:
            row = rows.pop(code)
            if known[code] != row["id"]:  # the same dossier sent again is nothing
                self._duplicate(row)
        # A code another counter stores at this very moment raises IntegrityError: the upload's
        # retry (Hub.ingest) then finds it known and records it.
        bulk_insert(self.conn, dossiers, list(rows.values()))

    def _duplicate(self, r: Mapping[str, Any]) -> None:
        self.note(
            r["code"],
            r["status"],
            "receive",
            r["received_at"],
            applied=False,
            warning=f"Mã hồ sơ {r['code']} đã có ở một hồ sơ khác; hồ sơ mới không được ghi. "
            "Hãy kiểm tra dải số mã hồ sơ của các quầy.",
        )

    # -- the moves after intake -------------------------------------------------------------

    def follow(self, batch: Sequence[tuple[Mapping[str, Any], dict[str, Any]]]) -> None:
        codes: set[str] = set()
        for e, p in batch:
            if e["type"] == SEALED:
                listed = p.get("dossiers")
                for d in listed if isinstance(listed, list) else []:
                    if isinstance(d, Mapping):
                        codes.add(_code(d.get("code")))
            else:
                codes.add(_code(p.get("code")))
        codes.discard("")
        rows = self._load(sorted(codes))
        sealed: list[dict[str, Any]] = []
        for e, p in batch:
            if e["type"] == TRANSITION:
                self._transition(e, p, rows)
            elif e["type"] == RESCHEDULED:
                row = rows.get(_code(p.get("code")))
                when = _text(p.get("appointment_at"), 64)
                if row is not None and when:
                    row.appointment_at, row.changed = when, True
            else:
                sealed.append(self._sealed(e, p, rows))
        if sealed:
            insert = (postgresql.insert if is_postgres(self.conn) else sqlite.insert)(
                handover_batches
            )
            self.conn.execute(insert.on_conflict_do_nothing(index_elements=["id"]), sealed)
        changed = [
            {
                "b_code": code,
                "status": r.status,
                "batch_id": r.batch_id,
                "appointment_at": r.appointment_at,
                "updated_at": self.now,
            }
            for code, r in rows.items()
            if r.changed
        ]
        if changed:
            self.conn.execute(
                dossiers.update()
                .where(dossiers.c.code == sa.bindparam("b_code"))
                .values(
                    status=sa.bindparam("status"),
                    batch_id=sa.bindparam("batch_id"),
                    appointment_at=sa.bindparam("appointment_at"),
                    updated_at=sa.bindparam("updated_at"),
                ),
                changed,
            )

    def _load(self, codes: list[str]) -> dict[str, _Row]:
        if not codes:
            return {}
        query = sa.select(
            dossiers.c.code, dossiers.c.status, dossiers.c.batch_id, dossiers.c.appointment_at
        )
        if is_postgres(self.conn):
            # Row locks, in code order like the agency's actions take them: an agency decision
            # and a counter's upload on the same dossier then run one after the other.
            query = (
                query.where(
                    dossiers.c.code == sa.any_(sa.literal(codes, postgresql.ARRAY(sa.Text)))
                )
                .order_by(dossiers.c.code)
                .with_for_update()
            )
        else:
            query = query.where(dossiers.c.code.in_(codes))
        return {
            r.code: _Row(r.status, r.batch_id, r.appointment_at) for r in self.conn.execute(query)
        }

    def _transition(self, e: Mapping[str, Any], p: dict[str, Any], rows: dict[str, _Row]) -> None:
        code = _code(p.get("code"))
        said = _text(p.get("status"), 32)
        action_text = _text(p.get("action"), 40)
        at = _text(p.get("at"), 64) or _text(e["at"], 64)
        note = _text(p.get("note"))
        row = rows.get(code)
        new = _status(said)
        if not code:
            log.warning(
                "device %s seq %s: dossier.transition without a code", self.device_id, e["seq"]
            )
            return
        if row is None:
            self.note(
                code,
                said,
                action_text,
                at,
                note=note,
                applied=False,
                warning="Bưu điện tỉnh chưa có hồ sơ này (chưa nhận sự kiện tiếp nhận).",
            )
            return
        if new is None:
            self.note(
                code,
                said,
                action_text,
                at,
                note=note,
                applied=False,
                warning=f"Trạng thái «{said}» không có trong quy trình; không áp dụng.",
            )
            return
        batch_id = _text(p.get("batch_id"), 100)
        if batch_id and row.batch_id != batch_id:
            row.batch_id, row.changed = batch_id, True
        when = _text(p.get("appointment_at"), 64)
        if when and row.appointment_at != when:
            row.appointment_at, row.changed = when, True
        if row.status == new.value:
            return  # already there: the agency's own decision coming back, or a repeat
        warning = self._misfit(code, row.status, action_text, new)
        row.status, row.changed = new.value, True
        self.note(code, new.value, action_text, at, note=note, applied=True, warning=warning)

    def _misfit(self, code: str, current: str, action_text: str, new: DossierStatus) -> str | None:
        held = _status(current)
        try:
            action = Action(action_text)
        except ValueError:
            return f"Thao tác «{action_text}» không có trong quy trình; vẫn ghi theo quầy."
        if held is None:
            return None
        try:
            expected = next_status(code, held, action)
        except IllegalTransition as exc:
            return f"{exc.message} (Quầy đã làm; bưu điện tỉnh ghi theo quầy.)"
        if expected is not new:
            return (
                f"Quầy ghi trạng thái «{new.label}», quy trình cho «{expected.label}»; "
                "bưu điện tỉnh ghi theo quầy."
            )
        return None

    def _sealed(
        self, e: Mapping[str, Any], p: dict[str, Any], rows: dict[str, _Row]
    ) -> dict[str, Any]:
        batch_id = _text(p.get("batch_id"), 100) or _text(e["entity_id"], 100)
        listed = p.get("dossiers")
        listed = [d for d in listed if isinstance(d, Mapping)] if isinstance(listed, list) else []
        for d in listed:
            row = rows.get(_code(d.get("code")))
            if row is not None and row.batch_id != batch_id:
                row.batch_id, row.changed = batch_id, True
        return {
            "id": batch_id,
            "number": _text(p.get("number"), 40),
            "office_code": self.office_code,
            "device_id": self.device_id,
            "agency": _text(p.get("agency")),
            "sealed_at": _text(p.get("sealed_at"), 64) or _text(e["at"], 64),
            "confirmed_at": None,
            "count": len(listed),
        }


def project(
    conn: Connection,
    device_id: str,
    office_code: str,
    new_events: Iterable[Mapping[str, Any]],
    now: str,
) -> None:
    """Fold a device's newly stored events (in seq order) into the projection, on ``conn``."""
    received: list[tuple[Mapping[str, Any], dict[str, Any]]] = []
    others: list[tuple[Mapping[str, Any], dict[str, Any]]] = []
    closes: list[tuple[Mapping[str, Any], dict[str, Any]]] = []
    for e in new_events:
        if e["type"] in PROJECTED_TYPES:
            (received if e["type"] == RECEIVED else others).append((e, parse_payload(e["payload"])))
        elif e["type"] == days.DAY_CLOSED:
            closes.append((e, parse_payload(e["payload"])))
    if received or others:
        fold = _Fold(conn, device_id, office_code, now)
        if received:
            fold.receive(received)
        if others:
            fold.follow(others)
        if fold.logs:
            conn.execute(status_log.insert(), fold.logs)
            for row in fold.logs:
                if row["warning"]:
                    log.warning("device %s, dossier %s: %s", device_id, row["code"], row["warning"])
    if closes:
        # After the fold: a day's dossiers uploaded in the same batch are compared too.
        days.acknowledge(conn, device_id, office_code, closes, now)


def catch_up(
    conn: Connection, device_id: str, office_code: str, after: int, upto: int, now: str
) -> None:
    """Fold the device's stored events ``after < seq <= upto`` (events from before the
    projection existed), in chunks so memory stays small."""
    keys = (events.c.seq, events.c.type, events.c.entity_id, events.c.payload, events.c.at)
    while after < upto:
        rows = (
            conn.execute(
                sa.select(*keys)
                .where(events.c.device_id == device_id, events.c.seq > after, events.c.seq <= upto)
                .order_by(events.c.seq)
                .limit(CATCH_UP_CHUNK)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        project(conn, device_id, office_code, rows, now)
        after = int(rows[-1]["seq"])
