"""The pure rules of the end-of-day close: cash, the reason threshold, digests, the manifest,
the hub's acknowledgement."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.day_close import (
    DENOMINATIONS,
    BatchLine,
    CashCount,
    DayClosed,
    DayFigures,
    Money,
    ProcedureCount,
    Reconciliation,
    StatusCount,
    Supervisor,
    ack_problems,
    awaiting_agency,
    build_manifest,
    canonical_json,
    check_reason,
    compare_codes,
    count_cash,
    event_span,
    events_digest,
    manifest_sha256,
    parse_ack,
    reconciliation,
)
from app.domain.errors import DomainError, ValidationFailed
from app.storage.events import canonical_json as storage_canonical_json
from hub.service import canonical_json as hub_canonical_json

VN = timezone(timedelta(hours=7))


# ---------------------------------------------------------------- cash


def test_the_notes_are_vietnams_from_500_to_500000_dong():
    assert sorted(DENOMINATIONS) == [500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
                                     100_000, 200_000, 500_000]  # fmt: skip


def test_cash_by_denomination_adds_up_and_keeps_the_notes_highest_first():
    counted = count_cash({"10000": 3, 500_000: 2, "500.000": 1, 500: 0})
    assert counted == CashCount(1_530_000, ((500_000, 3), (10_000, 3)))
    assert counted.as_dict() == {"total": 1_530_000,
                                 "denominations": {"500000": 3, "10000": 3}}  # fmt: skip


def test_cash_as_a_total_or_both_when_they_agree():
    assert count_cash(total=98_000) == CashCount(98_000)
    assert count_cash({50_000: 1, 20_000: 2}, 90_000).total == 90_000
    assert count_cash(total=0).total == 0


@pytest.mark.parametrize(
    ("notes", "total", "words"),
    [
        (None, None, "Nhập số tiền mặt đã đếm"),
        ({300_000: 1}, None, "Không có tờ tiền mệnh giá «300000»"),
        ({200: 5}, None, "Mệnh giá dùng: 500 đ, 1.000 đ"),
        ({10_000: -1}, None, "không âm"),
        ({10_000: "ba"}, None, "số nguyên"),
        ({50_000: 1}, 60_000, "không khớp số tờ đã đếm (50.000 đ)"),
        (None, -5, "không âm"),
    ],
)
def test_a_wrong_cash_count_says_what_to_fix(notes, total, words):
    with pytest.raises(ValidationFailed) as refused:
        count_cash(notes, total)
    assert refused.value.first.field == "cash" and words in refused.value.message


@given(st.dictionaries(st.sampled_from(DENOMINATIONS), st.integers(0, 10_000)))
def test_any_count_of_real_notes_is_accepted_and_totals_right(notes):
    counted = count_cash(notes)
    assert counted.total == sum(v * n for v, n in notes.items())
    assert counted.total % 500 == 0
    assert [v for v, _ in counted.denominations] == sorted(
        (v for v, n in notes.items() if n), reverse=True
    )


# ---------------------------------------------------------------- the reason rule


def test_with_the_default_threshold_any_difference_needs_a_reason():
    check_reason(0, 0, "")
    with pytest.raises(ValidationFailed) as short:
        check_reason(-500, 0, "  ")
    assert short.value.first.field == "reason"
    assert "thiếu 500 đ" in short.value.message and "Ghi lý do" in short.value.message
    with pytest.raises(ValidationFailed, match=re.escape("thừa 2.000 đ")):
        check_reason(2_000, 0, "")
    check_reason(2_000, 0, "Khách gửi lại tiền thừa")


def test_a_threshold_lets_small_differences_pass_and_says_the_limit_above_it():
    check_reason(5_000, 5_000, "")
    check_reason(-5_000, 5_000, "")
    with pytest.raises(ValidationFailed, match=re.escape("mức cho phép 5.000 đ")):
        check_reason(-5_500, 5_000, "")


# ---------------------------------------------------------------- digests and the manifest


def test_canonical_json_is_spelt_the_same_at_the_counter_and_the_hub():
    value = {"b": [1, "Kỳ Bắc"], "a": {"z": None, "y": True}}
    text = canonical_json(value)
    assert text == storage_canonical_json(value) == hub_canonical_json(value)
    assert text == '{"a":{"y":true,"z":null},"b":[1,"Kỳ Bắc"]}'


def test_the_events_digest_is_sha256_over_hashes_one_per_line_in_order():
    a, b = "a" * 64, "b" * 64
    assert events_digest([a, b]) == hashlib.sha256(f"{a}\n{b}\n".encode()).hexdigest()
    assert events_digest([a, b]) != events_digest([b, a])
    assert events_digest([]) == hashlib.sha256(b"").hexdigest()
    span = event_span([(3, a), (9, b)])
    assert (span.first_seq, span.last_seq, span.count) == (3, 9, 2)
    assert event_span([]).as_dict() == {
        "first_seq": None, "last_seq": None, "count": 0, "sha256": events_digest([]),
    }  # fmt: skip


def _figures() -> DayFigures:
    return DayFigures(
        day=date(2027, 2, 3),
        codes=("000.00.04.H42-270203-0001", "000.00.04.H42-270203-0002"),
        procedures=(ProcedureCount("2.000815", "Chứng thực bản sao", 2, 10_000, 24_000),),
        statuses=(StatusCount("in_transit", 2),),
        money=Money(fees=10_000, postage=24_000, collected_at_returns=16_000, returns=1),
        batches=(BatchLine("BG-20270203-01-1", "UBND xã", "2027-02-03T09:00:00+07:00", 2, 2),),
        events=event_span([(5, "c" * 64)]),
        unsynced=1,
        unsynced_first_seq=5,
    )


def test_the_manifest_holds_counts_totals_and_the_event_digest():
    manifest = build_manifest(
        _figures(),
        count_cash({20_000: 2}),
        reason="Thiếu 10.000 đ: trả nhầm tiền thừa",
        device_id="dev-1",
        office_code="000.00.04.H42",
        office_name="Bưu điện văn hóa xã Kỳ Bắc",
        supervisor=Supervisor("kiemsoat", "Lê Thị Kiểm Soát"),
        closed_at=datetime(2027, 2, 3, 17, 0, tzinfo=VN),
    )
    assert manifest["totals"] == {
        "fees": 10_000, "postage": 24_000, "collected_at_returns": 16_000,
        "expected": 50_000, "counted": 40_000, "difference": -10_000,
    }  # fmt: skip
    assert manifest["counts"]["by_status"] == {"in_transit": 2}
    assert manifest["batches"][0]["awaiting"] == 2
    assert manifest["events"]["sha256"] == events_digest(["c" * 64])
    assert manifest["unsynced"] == {"count": 1, "first_seq": 5}
    # The hash covers every figure: change one and it changes.
    digest = manifest_sha256(manifest)
    assert digest == hashlib.sha256(canonical_json(manifest).encode()).hexdigest()
    manifest["totals"]["counted"] += 500
    assert manifest_sha256(manifest) != digest


def test_a_batch_is_confirmed_once_no_dossier_waits_for_the_agencys_signature():
    assert awaiting_agency("in_transit") and awaiting_agency("received")
    assert not awaiting_agency("at_agency") and not awaiting_agency("returned")
    assert not awaiting_agency("withdrawn")
    assert BatchLine("BG", "UBND xã", "", 3, 0).confirmed
    assert not BatchLine("BG", "UBND xã", "", 3, 1).confirmed


def test_codes_are_compared_both_ways():
    assert compare_codes(["A", "B", "C"], ["C", "D", "B"]) == (["A"], ["D"])
    assert compare_codes([], []) == ([], [])


# ---------------------------------------------------------------- the hub's acknowledgement


def _ack(**changes) -> dict:
    data = {
        "day": "2027-02-03",
        "device_id": "dev-1",
        "manifest_sha256": "a" * 64,
        "hub_counts": {"dossiers": 2},
        "missing_at_hub": [],
        "unknown_locally": [],
        "events_match": True,
        "acknowledged_at": "2027-02-03T10:05:00+00:00",
    }
    data.update(changes)
    return data


def test_a_matching_acknowledgement_reconciles():
    ack = parse_ack(_ack())
    assert ack.day == date(2027, 2, 3) and ack.hub_dossiers == 2
    assert ack_problems("a" * 64, ack) == []
    assert reconciliation("a" * 64, ack) is Reconciliation.MATCHED
    assert reconciliation("a" * 64, None) is Reconciliation.PENDING
    assert reconciliation(None, None) is Reconciliation.OPEN
    assert Reconciliation.PENDING.label == "chưa đối soát với tỉnh"


def test_each_difference_the_hub_found_is_said_with_its_dossiers():
    ack = parse_ack(
        _ack(missing_at_hub=["X-0001"], unknown_locally=["X-0009", "X-0010"], events_match=False)
    )
    problems = ack_problems("b" * 64, ack)
    assert len(problems) == 4
    assert "Mã băm bảng chốt ngày ở tỉnh khác ở quầy" in problems[0]
    assert "sự kiện" in problems[1]
    assert problems[2] == "Tỉnh chưa có 1 hồ sơ quầy đã nhận: X-0001."
    assert "X-0009, X-0010" in problems[3]
    assert reconciliation("b" * 64, ack) is Reconciliation.MISMATCH
    assert Reconciliation.MISMATCH.label == "lệch với tỉnh"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"day": "03/02/2027"}, "YYYY-MM-DD"),
        ({"manifest_sha256": "abc"}, "manifest_sha256"),
        ({"hub_counts": [1]}, "hub_counts"),
        ({"missing_at_hub": "X-0001"}, "missing_at_hub"),
        ({"unknown_locally": [1]}, "unknown_locally"),
    ],
)
def test_a_malformed_acknowledgement_is_refused(changes, words):
    with pytest.raises(DomainError, match=words):
        parse_ack(_ack(**changes))


def test_the_closed_day_error_says_to_work_on_the_next_day():
    assert "Ngày 03/02/2027 đã chốt" in DayClosed(date(2027, 2, 3)).message
    assert "ngày làm việc sau" in DayClosed().message
