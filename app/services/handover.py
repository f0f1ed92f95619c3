"""Hand-over batches (Biên bản giao nhận hồ sơ): built by scanning labels, sealed when printed.

A batch holds dossiers of one agency that are still at the counter. Printing it the first time
seals it: its dossiers move to "on the way to the agency" and the batch can no longer change (a
dossier forgotten goes in a new batch). Reprints print the same sheet.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.dossier import DossierStatus
from app.domain.errors import DomainError
from app.domain.lifecycle import Action, Actor, next_status
from app.domain.text import nfc
from app.printing.handover_minutes import render_handover_minutes
from app.printing.lifecycle_docs import HandoverLine, HandoverSheet
from app.services.workstation import Workstation
from app.storage import lifecycle_repo as repo
from app.storage.db import transaction
from app.storage.events import append_event

BatchRow = repo.BatchRow


@dataclass(frozen=True)
class BatchItem:
    code: str
    s10: str
    procedure_name: str
    full_name: str
    sets: int


def _counter_tag(ws: Workstation) -> str:
    return str(ws.setting("device.counter_no", 1))


def _batch_or_refuse(ws: Workstation, id_or_number: str) -> BatchRow:
    batch = repo.get_batch(ws.db, id_or_number)
    if batch is None:
        raise DomainError(
            f"Không có bảng giao nhận «{id_or_number}» ở quầy này. "
            "Kiểm tra số bảng in trên biên bản."
        )
    return batch


def _dossier_for(ws: Workstation, batch: BatchRow, code_or_s10: str) -> repo.DossierRef:
    ref = repo.find_ref(ws.db, code_or_s10)
    if ref is None:
        raise DomainError(
            f"Không tìm thấy hồ sơ «{code_or_s10}». Quét lại nhãn hoặc gõ mã hồ sơ trên giấy hẹn."
        )
    if ref.agency != batch.agency:
        raise DomainError(
            f"Hồ sơ {ref.code} gửi «{ref.agency}», không phải «{batch.agency}». "
            "Cho hồ sơ này vào bảng giao nhận của cơ quan đó."
        )
    if ref.status is not DossierStatus.RECEIVED:
        raise DomainError(
            f"Hồ sơ {ref.code} đang ở trạng thái «{ref.status.label}», không còn chờ bàn giao."
        )
    other = repo.batch_of(ws.db, ref.id)
    if other is not None:
        raise DomainError(
            f"Hồ sơ {ref.code} đã có trong bảng giao nhận {other.number}."
            + ("" if other.id == batch.id else " Bỏ hồ sơ khỏi bảng đó trước nếu muốn chuyển.")
        )
    return ref


def _refuse_sealed(batch: BatchRow) -> None:
    if batch.sealed:
        raise DomainError(
            f"Bảng giao nhận {batch.number} đã in và niêm phong, không sửa được. "
            "Hồ sơ còn sót hãy cho vào một bảng giao nhận mới."
        )


def create_batch(ws: Workstation, agency: str, codes: Sequence[str] = ()) -> BatchRow:
    """A new draft batch for ``agency`` with the given dossiers (all of them, or none)."""
    agency = nfc(agency).strip()
    known = {p.agency for p in ws.catalog.procedures.values()}
    if agency not in known:
        raise DomainError(
            f"Không có cơ quan «{agency}» trong danh mục thủ tục. "
            f"Chọn một trong: {', '.join(sorted(known))}."
        )
    now = ws.now()
    with transaction(ws.db):
        batch_id = str(uuid.uuid4())
        number = repo.next_batch_number(ws.db, now.date(), _counter_tag(ws))
        repo.insert_batch(ws.db, batch_id, number, agency, now, ws.staff)
        batch = repo.get_batch(ws.db, batch_id)
        assert batch is not None
        for code in codes:
            repo.add_item(ws.db, batch_id, _dossier_for(ws, batch, code).id)
    result = repo.get_batch(ws.db, batch_id)
    assert result is not None
    return result


def add_to_batch(ws: Workstation, batch_ref: str, code_or_s10: str) -> BatchItem:
    with transaction(ws.db):
        batch = _batch_or_refuse(ws, batch_ref)
        _refuse_sealed(batch)
        ref = _dossier_for(ws, batch, code_or_s10)
        repo.add_item(ws.db, batch.id, ref.id)
    return BatchItem(ref.code, ref.s10, ref.procedure_name, ref.full_name, ref.sets)


def remove_from_batch(ws: Workstation, batch_ref: str, code_or_s10: str) -> None:
    with transaction(ws.db):
        batch = _batch_or_refuse(ws, batch_ref)
        _refuse_sealed(batch)
        ref = repo.find_ref(ws.db, code_or_s10)
        if ref is None or not repo.remove_item(ws.db, batch.id, ref.id):
            raise DomainError(f"Hồ sơ «{code_or_s10}» không có trong bảng {batch.number}.")


def discard_batch(ws: Workstation, batch_ref: str) -> None:
    """Drop an unsealed draft (its dossiers go back to waiting)."""
    with transaction(ws.db):
        batch = _batch_or_refuse(ws, batch_ref)
        _refuse_sealed(batch)
        for dossier_id in repo.batch_dossier_ids(ws.db, batch.id):
            repo.remove_item(ws.db, batch.id, dossier_id)
        repo.delete_batch(ws.db, batch.id)


def get_batch(ws: Workstation, batch_ref: str) -> BatchRow:
    return _batch_or_refuse(ws, batch_ref)


def list_batches(ws: Workstation, *, open_only: bool = False) -> list[BatchRow]:
    return repo.list_batches(ws.db, open_only=open_only)


def batch_items(ws: Workstation, batch_ref: str) -> list[BatchItem]:
    batch = _batch_or_refuse(ws, batch_ref)
    refs = repo.refs_by_ids(ws.db, repo.batch_dossier_ids(ws.db, batch.id))
    return [BatchItem(r.code, r.s10, r.procedure_name, r.full_name, r.sets) for r in refs]


def waiting_for_handover(ws: Workstation, agency: str | None = None) -> list[BatchItem]:
    """Dossiers still at the counter and in no batch (oldest first)."""
    sql = (
        "SELECT code, s10, procedure_name, full_name, sets FROM dossiers d"
        " WHERE status = 'received' AND NOT EXISTS"
        " (SELECT 1 FROM handover_items i WHERE i.dossier_id = d.id)"
    )
    params: list[object] = []
    if agency:
        sql += " AND agency = ?"
        params.append(agency)
    sql += " ORDER BY received_at LIMIT 1000"
    return [BatchItem(*row) for row in ws.db.execute(sql, params)]


def seal_and_print(ws: Workstation, batch_ref: str) -> tuple[BatchRow, bytes]:
    """Print the Biên bản; the first print seals the batch and moves its dossiers, atomically."""
    now = ws.now()
    with transaction(ws.db):
        batch = _batch_or_refuse(ws, batch_ref)
        refs = repo.refs_by_ids(ws.db, repo.batch_dossier_ids(ws.db, batch.id))
        if not refs:
            raise DomainError(
                f"Bảng giao nhận {batch.number} chưa có hồ sơ nào. Quét nhãn các hồ sơ cần giao."
            )
        if not batch.sealed:
            _seal(ws, batch, refs, now)
        repo.count_print(ws.db, batch.id)
        append_event(
            ws.db,
            device_id=ws.device_id,
            type="document.printed",
            entity_id=batch.id,
            payload={"kind": "handover_minutes", "number": batch.number},
            at=now,
            actor=ws.staff,
        )
        sealed = repo.get_batch(ws.db, batch.id)
        assert sealed is not None
        # Rendered inside the transaction: a sheet that cannot be drawn seals nothing.
        pdf = render_handover_minutes(_sheet(sealed, refs), ws.office)
    return sealed, pdf


def _seal(ws: Workstation, batch: BatchRow, refs: list[repo.DossierRef], now: datetime) -> None:
    for ref in refs:
        target = next_status(ref.code, ref.status, Action.HAND_OVER, Actor.COUNTER)
        repo.set_status(
            ws.db,
            ref,
            target,
            Action.HAND_OVER,
            at=now,
            actor=ws.staff,
            device_id=ws.device_id,
            extra={"batch_id": batch.id},
        )
    repo.seal_batch(ws.db, batch.id, now)
    append_event(
        ws.db,
        device_id=ws.device_id,
        type="handover.sealed",
        entity_id=batch.id,
        payload={
            "batch_id": batch.id,
            "number": batch.number,
            "agency": batch.agency,
            "sealed_at": now.isoformat(),
            "dossiers": [
                {"code": r.code, "s10": r.s10, "procedure_name": r.procedure_name} for r in refs
            ],
        },
        at=now,
        actor=ws.staff,
    )


def _sheet(batch: BatchRow, refs: list[repo.DossierRef]) -> HandoverSheet:
    sealed_at = datetime.fromisoformat(batch.sealed_at or batch.created_at)
    return HandoverSheet(
        number=batch.number,
        agency=batch.agency,
        sealed_at=sealed_at,
        staff=batch.staff,
        lines=tuple(
            HandoverLine(r.code, r.s10, r.procedure_name, r.full_name, r.sets) for r in refs
        ),
    )
