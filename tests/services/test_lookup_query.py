"""The lookup use cases: filtered rowid lists newest first, light rows a page at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.domain.text import fold
from app.services import demo, lookup_query
from app.services.lookup_query import DossierFilter
from app.services.workstation import VN_TZ, Workstation, open_workstation
from app.storage import dossier_query
from app.storage.db import transaction

NOW = datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workstation]:
    """1,500 demo dossiers over ~16 working days; a few marked with another status."""
    home: Path = tmp_path_factory.mktemp("lookup-query")
    station = open_workstation(home, clock=lambda: NOW)
    demo.generate(station, 1500, per_day=100)
    with transaction(station.db):
        # The domain has one status today; the filter must work for the ones to come.
        station.db.execute("UPDATE dossiers SET status = 'handed_over' WHERE rowid % 7 = 0")
    yield station
    station.close()


def all_rows(ws: Workstation) -> list[dict[str, object]]:
    cur = ws.db.execute(
        "SELECT rowid, code, s10, status, procedure_code, received_day, full_name, id_number,"
        " phone FROM dossiers"
    )
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def newest_first(rows: list[dict[str, object]]) -> list[int]:
    ordered = sorted(rows, key=lambda r: (str(r["received_day"]), int(r["rowid"])), reverse=True)
    return [int(r["rowid"]) for r in ordered]


_WORD = re.compile(r"\w+")


def text_matches(row: dict[str, object], text: str) -> bool:
    """Reference for the FTS match: every typed word is the start of a word of the row."""
    words = set()
    for column in ("code", "s10", "full_name", "id_number", "phone"):
        words.update(_WORD.findall(fold(str(row[column]))))
    return all(any(w.startswith(t) for w in words) for t in _WORD.findall(fold(text)))


def reference(ws: Workstation, f: DossierFilter) -> list[int]:
    rows = [
        r
        for r in all_rows(ws)
        if (f.status is None or r["status"] == f.status)
        and (f.procedure_code is None or r["procedure_code"] == f.procedure_code)
        and (f.received_from is None or str(r["received_day"]) >= f.received_from.isoformat())
        and (f.received_to is None or str(r["received_day"]) <= f.received_to.isoformat())
        and text_matches(r, f.text)
    ]
    return newest_first(rows)


def test_no_filter_lists_every_dossier_newest_day_first(demo_ws: Workstation) -> None:
    ids = lookup_query.matching_rowids(demo_ws, DossierFilter())
    assert ids.typecode == "q"
    assert list(ids) == newest_first(all_rows(demo_ws))
    assert len(ids) == 1500
    days = [r["received_day"] for r in all_rows(demo_ws)]
    assert len(set(days)) > 10  # the demo spread the dossiers over many days


def test_each_filter_narrows_to_exactly_its_matches(demo_ws: Workstation) -> None:
    rows = all_rows(demo_ws)
    days = sorted({str(r["received_day"]) for r in rows})
    procedure = str(rows[0]["procedure_code"])
    cases = [
        DossierFilter(status="handed_over"),
        DossierFilter(status="received"),
        DossierFilter(procedure_code=procedure),
        DossierFilter(
            received_from=date.fromisoformat(days[3]), received_to=date.fromisoformat(days[5])
        ),
        DossierFilter(text="nguyen"),
        DossierFilter(text="Nguyễn Thị", status="received", procedure_code=procedure),
    ]
    for f in cases:
        got = list(lookup_query.matching_rowids(demo_ws, f))
        assert got == reference(demo_ws, f), f
        assert 0 < len(got) < len(rows), f
        assert lookup_query.count(demo_ws, f) == len(got)


def test_date_range_includes_both_ends(demo_ws: Workstation) -> None:
    day = date.fromisoformat(str(all_rows(demo_ws)[0]["received_day"]))
    one_day = lookup_query.matching_rowids(
        demo_ws, DossierFilter(received_from=day, received_to=day)
    )
    rows = lookup_query.rows_for(demo_ws, one_day)
    assert rows and {r.received[:10] for r in rows} == {f"{day:%d/%m/%Y}"}


def test_text_is_folded_and_every_word_is_required(demo_ws: Workstation) -> None:
    folded = lookup_query.matching_rowids(demo_ws, DossierFilter(text="NGUYEN"))
    accented = lookup_query.matching_rowids(demo_ws, DossierFilter(text="nguyễn"))
    assert list(folded) == list(accented)
    rows = lookup_query.rows_for(demo_ws, folded)
    assert rows and all("nguyen" in fold(r.applicant) for r in rows)
    narrower = lookup_query.matching_rowids(demo_ws, DossierFilter(text="nguyen thi"))
    assert 0 < len(narrower) < len(folded)
    assert set(narrower) <= set(folded)


def test_a_phone_prefix_finds_its_owner(demo_ws: Workstation) -> None:
    row = all_rows(demo_ws)[42]
    ids = lookup_query.matching_rowids(demo_ws, DossierFilter(text=str(row["phone"])[:7]))
    assert row["rowid"] in ids


def test_a_whole_code_or_s10_matches_that_dossier_alone(demo_ws: Workstation) -> None:
    row = all_rows(demo_ws)[100]
    code, s10 = str(row["code"]), str(row["s10"])
    for text in (code, code.lower(), f"  {code} ", s10, s10.lower(), f"{s10[:6]} {s10[6:]}"):
        assert list(lookup_query.matching_rowids(demo_ws, DossierFilter(text=text))) == [
            row["rowid"]
        ], text
    # Another filter that excludes it wins.
    other = "handed_over" if row["status"] == "received" else "received"
    assert not lookup_query.matching_rowids(demo_ws, DossierFilter(text=code, status=other))


def test_first_page_is_the_head_of_the_full_list(demo_ws: Workstation) -> None:
    f = DossierFilter(text="nguyen")
    ids = lookup_query.matching_rowids(demo_ws, f)
    page = lookup_query.first_page(demo_ws, f, size=50)
    assert [r.rowid for r in page.rows] == list(ids[:50])
    assert page.complete is False
    small = DossierFilter(text=str(all_rows(demo_ws)[5]["code"]))
    single = lookup_query.first_page(demo_ws, small, size=50)
    assert len(single.rows) == 1 and single.complete is True
    exact = lookup_query.first_page(demo_ws, f, size=len(ids))
    assert exact.complete is True and len(exact.rows) == len(ids)


def test_rows_are_formatted_for_people_in_the_order_asked(demo_ws: Workstation) -> None:
    ids = list(lookup_query.matching_rowids(demo_ws, DossierFilter())[:5])
    wanted = [ids[3], ids[0], 999_999_999, ids[4]]  # a missing rowid is skipped
    rows = lookup_query.rows_for(demo_ws, wanted)
    assert [r.rowid for r in rows] == [ids[3], ids[0], ids[4]]
    stored = demo_ws.db.execute(
        "SELECT code, received_at, appointment_at, status FROM dossiers WHERE rowid = ?", [ids[3]]
    ).fetchone()
    first = rows[0]
    assert first.code == stored[0]
    received = datetime.fromisoformat(stored[1])
    assert first.received == f"{received:%d/%m/%Y %H:%M}"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", first.appointment)
    assert first.status == stored[3]
    labels = {r.status: r.status_label for r in lookup_query.rows_for(demo_ws, ids)}
    assert labels.get("received", "Đã tiếp nhận") == "Đã tiếp nhận"


def test_a_reversed_date_range_is_refused_in_vietnamese(demo_ws: Workstation) -> None:
    f = DossierFilter(received_from=date(2027, 2, 1), received_to=date(2027, 1, 1))
    with pytest.raises(DomainError, match="Hãy chọn lại khoảng ngày"):
        lookup_query.matching_rowids(demo_ws, f)


def test_open_detail_by_code_or_scanned_s10(demo_ws: Workstation) -> None:
    row = all_rows(demo_ws)[7]
    by_code = lookup_query.open_detail(demo_ws, str(row["code"]).lower())
    by_s10 = lookup_query.open_detail(demo_ws, str(row["s10"]).lower())
    assert by_code.dossier.code == by_s10.dossier.code == row["code"]
    assert [e.type for e in by_code.events] == ["dossier.received"]
    with pytest.raises(DomainError, match="Không tìm thấy hồ sơ"):
        lookup_query.open_detail(demo_ws, "000.00.04.H42-990101-0001")


def test_choices_for_the_filters(demo_ws: Workstation) -> None:
    choices = lookup_query.procedure_choices(demo_ws)
    assert {c for c, _ in choices} == set(demo_ws.catalog.procedures)
    assert [n for _, n in choices] == sorted(n for _, n in choices)
    assert ("received", "Đã tiếp nhận") in lookup_query.status_choices()


def test_code_like_text_is_recognised_without_the_database() -> None:
    assert lookup_query.is_code_like("000.00.04.H42-270202-0001")
    assert lookup_query.is_code_like(" ra 123456785 gb ")
    assert not lookup_query.is_code_like("RA123456784GB")  # wrong check digit
    assert not lookup_query.is_code_like("Nguyễn Văn An")
    assert not lookup_query.is_code_like("")


WORDS = ["nguyen", "thi", "van", "tran", "le", "hoa", "an", "09", "03", "042", "h42", "ra"]


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=2),
    status=st.sampled_from([None, "received", "handed_over"]),
    use_procedure=st.booleans(),
    start=st.integers(min_value=0, max_value=20),
    span=st.one_of(st.none(), st.integers(min_value=0, max_value=6)),
)
def test_any_combination_of_filters_matches_the_reference(
    demo_ws: Workstation,
    words: list[str],
    status: str | None,
    use_procedure: bool,
    start: int,
    span: int | None,
) -> None:
    first_day = date(2027, 1, 1)
    f = DossierFilter(
        text=" ".join(words),
        status=status,
        procedure_code="1.001193" if use_procedure else None,
        received_from=None if span is None else first_day + timedelta(days=start),
        received_to=None if span is None else first_day + timedelta(days=start + span),
    )
    assert list(lookup_query.matching_rowids(demo_ws, f)) == reference(demo_ws, f)


# ------------------------------------------------------- storage: the fast first page


@pytest.fixture(scope="module")
def late_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workstation]:
    """Rowid order disagrees with day order: a second demo run records older days later."""
    home: Path = tmp_path_factory.mktemp("lookup-late")
    station = open_workstation(home, clock=lambda: NOW)
    demo.generate(station, 800, per_day=100)
    demo.generate(station, 800, per_day=100)  # goes further back in time, with higher rowids
    yield station
    station.close()


def test_the_second_demo_run_really_records_older_days_later(late_ws: Workstation) -> None:
    newest = late_ws.db.execute("SELECT max(rowid) FROM dossiers").fetchone()[0]
    day_of_newest_rowid = late_ws.db.execute(
        "SELECT received_day FROM dossiers WHERE rowid = ?", [newest]
    ).fetchone()[0]
    newest_day = late_ws.db.execute("SELECT max(received_day) FROM dossiers").fetchone()[0]
    assert day_of_newest_rowid < newest_day


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=2),
    status=st.sampled_from([None, "received", "handed_over"]),
    use_procedure=st.booleans(),
    use_dates=st.booleans(),
    first_chunk=st.sampled_from([1, 7, 50, 2000]),
    top_hits=st.sampled_from([1, 10, 300, 5000]),
    limit=st.sampled_from([1, 7, 30]),
    late=st.booleans(),
)
def test_the_fast_first_page_equals_the_head_of_the_full_list(
    demo_ws: Workstation,
    late_ws: Workstation,
    words: list[str],
    status: str | None,
    use_procedure: bool,
    use_dates: bool,
    first_chunk: int,
    top_hits: int,
    limit: int,
    late: bool,
) -> None:
    ws = late_ws if late else demo_ws
    q = lookup_query.to_query(
        DossierFilter(
            text=" ".join(words),
            status=status,
            procedure_code="1.001193" if use_procedure else None,
            received_from=date(2027, 1, 10) if use_dates else None,
            received_to=date(2027, 1, 25) if use_dates else None,
        )
    )
    fast = dossier_query.first_rowids(ws.db, q, limit, first_chunk=first_chunk, top_hits=top_hits)
    assert list(fast) == list(dossier_query.matching_rowids(ws.db, q)[:limit])


def test_each_way_to_the_first_page_is_taken(
    demo_ws: Workstation, late_ws: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked: list[tuple[int, int]] = []  # (rows in the chunk, rows older than the known hits)
    real_keep = dossier_query._keep_matches

    def spy(db, match, ids, known, floor):
        walked.append((len(ids), sum(1 for r in ids if r < floor)))
        return real_keep(db, match, ids, known, floor)

    monkeypatch.setattr(dossier_query, "_keep_matches", spy)

    def check(ws: Workstation, text: str, **kw: int) -> list[tuple[int, int]]:
        walked.clear()
        q = lookup_query.to_query(DossierFilter(text=text))
        got = dossier_query.first_rowids(ws.db, q, 20, **kw)
        assert len(got) == 20
        assert list(got) == list(dossier_query.matching_rowids(ws.db, q)[:20])
        return list(walked)

    # Fewer hits than asked for: all of them are ranked, nothing is walked.
    assert check(demo_ws, "nguyen thi", top_hits=5000) == []
    # A common word: its first page is among the newest rows, all above the known hits.
    assert check(demo_ws, "nguyen", first_chunk=100, top_hits=300) == [(100, 0)]
    # Rows recorded late hold older days: the newest days are below the known hits, so
    # they are checked against the full-text index, in growing chunks.
    assert check(late_ws, "nguyen", first_chunk=5, top_hits=10) == [(5, 5), (20, 20), (80, 80)]


def test_a_superseded_query_stops(demo_ws: Workstation, monkeypatch: pytest.MonkeyPatch) -> None:
    # Checked every 100 VM steps here (20,000 in use), so even this small query is interrupted.
    monkeypatch.setattr(dossier_query, "_PROGRESS_STEPS", 100)
    q = dossier_query.DossierQuery()
    with pytest.raises(dossier_query.QueryCancelled):
        dossier_query.matching_rowids(demo_ws.db, q, cancelled=lambda: True)
    polls = iter(range(1_000_000))
    with pytest.raises(lookup_query.QueryCancelled):
        # Turns true while the query runs: SQLite's progress handler stops it.
        lookup_query.matching_rowids(demo_ws, DossierFilter(), cancelled=lambda: next(polls) > 0)
    assert next(polls) > 1  # it was asked during the query, not only before
    # The handler is removed afterwards: the next query runs to its end.
    assert len(dossier_query.matching_rowids(demo_ws.db, q, cancelled=lambda: False)) == 1500
    assert len(lookup_query.matching_rowids(demo_ws, DossierFilter())) == 1500
