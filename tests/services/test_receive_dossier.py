"""Receiving dossiers: everything stored with its event, or nothing at all."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.calendar import CalendarOverride
from app.domain.dossier_code import parse_dossier_code
from app.domain.errors import DomainError, ValidationFailed
from app.domain.intake import IncompleteDossier, NotFileableByPost
from app.domain.s10 import is_valid_s10
from app.services import intake, lookup
from app.services.workstation import VN_TZ, open_workstation
from app.storage.calendar_repo import save_override
from app.storage.db import transaction
from app.storage.events import events_for, verify_chain


def _counts(ws) -> tuple[int, ...]:
    tables = ("dossiers", "events", "dossier_documents", "dossier_fees", "dossier_search")
    return tuple(ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def test_receive_stores_dossier_and_event(ws, request_for) -> None:
    d = intake.receive_dossier(ws, request_for("1.001193"))
    assert d.code == "000.00.04.H42-270203-0001"
    assert is_valid_s10(d.s10) and d.s10.startswith("RA") and d.s10.endswith("VN")
    assert d.received_at == datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ)
    stored = lookup.show(ws, d.code)
    assert stored.dossier == d
    assert [e.type for e in events_for(ws.db, d.id)] == ["dossier.received"]
    event = events_for(ws.db, d.id)[0]
    assert event.payload["code"] == d.code
    assert event.payload["applicant"]["full_name"] == "Nguyễn Thị Hồng Nhung"
    assert verify_chain(ws.db) == []


def test_appointment_skips_tet(ws, request_for) -> None:
    # Khai sinh, same day, one working day of transit each way: received Wed 3/2/2027,
    # hand-over Thu 4/2 is Tết (4–10/2 off) → Thu 11/2; returned by post → Fri 12/2.
    d = intake.receive_dossier(
        ws, request_for(return_method="post", delivery_address="Xóm Mới, Kỳ Bắc")
    )
    assert d.handover_due == date(2027, 2, 11)
    assert d.appointment_at == datetime(2027, 2, 12, 16, 0, tzinfo=VN_TZ)
    assert d.postage > 0


def test_swapped_working_saturday_counts(ws, request_for, clock) -> None:
    clock.moment = datetime(2026, 8, 21, 9, 0, tzinfo=VN_TZ)  # Friday before the swap
    with transaction(ws.db):
        save_override(ws.db, CalendarOverride(date(2026, 8, 22), True, "Làm bù cho 31/8"))
    ws.invalidate()
    d = intake.receive_dossier(ws, request_for())
    assert d.handover_due == date(2026, 8, 22)


def test_fees_and_postage_are_integer_vnd(ws, request_for) -> None:
    d = intake.receive_dossier(ws, request_for("2.000815", pages=3, copies=2))
    assert d.fees_total == (2 * 2000 + 1000) * 2
    assert d.total == d.fees_total + d.postage


def test_validation_error_changes_nothing(ws, request_for) -> None:
    before = _counts(ws)
    raw = request_for(applicant={"full_name": "Nguyễn 9", "id_number": "123", "sex": "Nữ"})
    with pytest.raises(ValidationFailed) as caught:
        intake.receive_dossier(ws, raw)
    fields = {e.field for e in caught.value.errors}
    assert {"applicant.full_name", "applicant.id_number", "applicant.date_of_birth"} <= fields
    assert _counts(ws) == before


def test_incomplete_checklist_gives_guidance_and_no_dossier(ws, request_for) -> None:
    before = _counts(ws)
    raw = request_for()
    raw["documents"] = raw["documents"][1:]
    with pytest.raises(IncompleteDossier) as caught:
        intake.receive_dossier(ws, raw)
    assert [m.name for m in caught.value.missing] == [
        ws.catalog.procedures["1.001193"].documents[0].name
    ]
    assert _counts(ws) == before


def test_photocopy_does_not_stand_in_for_an_original(ws, request_for) -> None:
    raw = request_for()
    raw["documents"][0]["kind"] = "photocopy"
    with pytest.raises(IncompleteDossier):
        intake.receive_dossier(ws, raw)


def test_procedure_not_fileable_by_post_is_refused(ws, request_for) -> None:
    before = _counts(ws)
    with pytest.raises(NotFileableByPost, match="không tiếp nhận qua bưu điện"):
        intake.receive_dossier(ws, request_for("1.000894"))
    assert _counts(ws) == before


def test_exhausted_s10_range_stores_nothing(ws, request_for) -> None:
    # A counter with the hub's blocks waits for the hub's next block (it draws none itself).
    ws.db.execute("UPDATE number_ranges SET next = hi + 1, source = 'hub' WHERE kind = 's10'")
    before = _counts(ws)
    with pytest.raises(DomainError, match="hết số hiệu bưu gửi"):
        intake.receive_dossier(ws, request_for())
    assert _counts(ws) == before


def test_future_receipt_time_is_refused(ws, request_for) -> None:
    with pytest.raises(ValidationFailed) as caught:
        intake.receive_dossier(ws, request_for(received_at="2027-02-04T10:00:00+07:00"))
    assert caught.value.first.field == "received_at"


def test_codes_unique_across_two_counters_offline(tmp_path: Path, clock, request_for) -> None:
    a = open_workstation(tmp_path / "a", clock=clock, counter_no=1)
    b = open_workstation(tmp_path / "b", clock=clock, counter_no=2)
    codes, s10s = set(), set()
    for _ in range(30):
        for station in (a, b):
            d = intake.receive_dossier(station, request_for())
            codes.add(d.code)
            s10s.add(d.s10)
    assert len(codes) == 60 and len(s10s) == 60
    seqs_a = {parse_dossier_code(c).seq for c in codes if parse_dossier_code(c).seq < 5556}
    assert len(seqs_a) == 30  # never enrolled: counter 1 numbers from 5001, counter 2 from 5556


def test_search_folds_diacritics_and_finds_codes(ws, request_for) -> None:
    d1 = intake.receive_dossier(ws, request_for())
    intake.receive_dossier(
        ws, request_for(applicant={**request_for()["applicant"], "full_name": "Trần Văn Đức",
                                   "id_number": "042090001111", "sex": "Nam"})
    )  # fmt: skip
    assert [r["code"] for r in lookup.search(ws, "nguyen thi")] == [d1.code]
    assert [r["full_name"] for r in lookup.search(ws, "tran van duc")] == ["Trần Văn Đức"]
    assert [r["full_name"] for r in lookup.search(ws, "ĐỨC")] == ["Trần Văn Đức"]
    assert [r["code"] for r in lookup.search(ws, d1.code)] == [d1.code]
    assert [r["code"] for r in lookup.search(ws, d1.s10.lower())] == [d1.code]
    assert [r["code"] for r in lookup.search(ws, "0912345")] != []
    assert lookup.search(ws, "không có ai") == []
    assert lookup.search(ws, "   ") == []


def test_search_whole_words_first_then_prefix(ws, request_for) -> None:
    def person(name: str, id_number: str) -> dict:
        return {
            **request_for()["applicant"],
            "full_name": name,
            "id_number": id_number,
            "sex": "Nam",
        }

    an = intake.receive_dossier(ws, request_for(applicant=person("Lê Văn An", "042090001112")))
    anh = intake.receive_dossier(ws, request_for(applicant=person("Lê Văn Anh", "042090001113")))
    # A full page of whole-word hits stops there; a short page falls back to the last word as a
    # prefix, so typing half a word still finds the longer names, newest first.
    assert [r["code"] for r in lookup.search(ws, "le van an", limit=1)] == [an.code]
    assert [r["code"] for r in lookup.search(ws, "le van an")] == [anh.code, an.code]
    assert [r["code"] for r in lookup.search(ws, "le va")] == [anh.code, an.code]
