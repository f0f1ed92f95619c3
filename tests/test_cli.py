"""The `motcua` command line, run in-process over a temporary data folder."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sample_data import applicant

from app.cli import run


def motcua(home: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run(["--home", str(home), *args], out=out)
    return code, out.getvalue()


def _line(procedure: str = "1.001193", **overrides: Any) -> dict[str, Any]:
    docs = {
        "1.001193": [
            {"name": "Tờ khai đăng ký khai sinh (theo mẫu)", "kind": "original", "count": 1},
            {"name": "Giấy chứng sinh", "kind": "original", "count": 1},
            {
                "name": "Giấy tờ tùy thân (thẻ căn cước/CCCD, hộ chiếu) của người đi đăng ký",
                "kind": "certified_copy",
                "count": 1,
            },
        ]
    }
    line = {
        "procedure": procedure,
        "received_at": "2026-11-20T14:10:00+07:00",
        "applicant": applicant(),
        "documents": docs.get(procedure, []),
        "return_method": "counter",
    }
    line.update(overrides)
    return line


def _db_counts(home: Path) -> tuple[int, int]:
    _, text = motcua(home, "check", "--json")
    report = json.loads(text)
    return report["dossiers"], report["events"]


def test_import_prints_one_json_line_per_input_and_bad_lines_store_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = json.dumps(_line(), ensure_ascii=False)
    bad_field = json.dumps(_line(applicant=applicant(phone="12345")), ensure_ascii=False)
    lines = [good, "{not json", bad_field, json.dumps(_line(procedure="9.999999")), good]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    motcua(home, "check")
    before = _db_counts(home)
    code, text = motcua(home, "import", str(jsonl))
    results = [json.loads(x) for x in text.splitlines()]
    assert code == 1  # some lines failed
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5]
    assert [r["ok"] for r in results] == [True, False, False, False, True]
    # A counter never enrolled numbers from its provisional slice (counter 1: 5001 on).
    assert results[0]["code"].endswith("-261120-5001") and results[4]["code"].endswith("-5002")
    assert results[0]["s10"] != results[4]["s10"]
    assert results[0]["appointment_at"].endswith("+07:00")
    assert results[2]["field"] == "applicant.phone" and "Số điện thoại" in results[2]["message"]
    assert results[3]["field"] == "procedure"
    dossiers, events = _db_counts(home)
    assert (dossiers, events) == (before[0] + 2, before[1] + 2)


def test_show_json_has_the_promised_fields(tmp_path: Path) -> None:
    home = tmp_path / "home"
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps(_line(), ensure_ascii=False), encoding="utf-8")
    _, text = motcua(home, "import", str(jsonl))
    code_ = json.loads(text)["code"]
    status, shown = motcua(home, "show", code_, "--json")
    assert status == 0
    data = json.loads(shown)
    for key in (
        "code",
        "s10",
        "procedure",
        "status",
        "received_at",
        "appointment_at",
        "fees_total",
    ):
        assert key in data
    assert data["received_at"] == "2026-11-20T14:10:00+07:00"
    assert data["appointment_at"].endswith("+07:00")
    assert isinstance(data["fees_total"], int)
    assert data["applicant"]["full_name"] == "Nguyễn Thị Hồng Nhung"
    assert [e["type"] for e in data["events"]] == ["dossier.received"]
    status, _ = motcua(home, "show", "000.00.04.H42-200101-0001")
    assert status == 1


def test_search_folds_diacritics(tmp_path: Path) -> None:
    home = tmp_path / "home"
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps(_line(), ensure_ascii=False), encoding="utf-8")
    motcua(home, "import", str(jsonl))
    _, text = motcua(home, "search", "nguyen thi hong", "--json")
    assert [r["full_name"] for r in json.loads(text)] == ["Nguyễn Thị Hồng Nhung"]


def test_catalog_list_and_bad_import(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, text = motcua(home, "catalog", "list", "--json")
    data = json.loads(text)
    assert code == 0 and len(data["procedures"]) >= 15
    assert any(not p["by_post"] for p in data["procedures"])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": 1, "version": "", "routes": [], "procedures": [{}]}))
    code, text = motcua(
        home,
        "catalog",
        "import",
        str(bad),
    )
    assert code == 1
    code, text = motcua(home, "catalog", "list", "--json")
    assert len(json.loads(text)["procedures"]) == len(data["procedures"])  # unchanged


def test_catalog_import_replaces_version(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shipped = json.loads(
        (Path(__file__).parents[1] / "resources/catalog/catalog.json").read_text(encoding="utf-8")
    )
    shipped["version"] = "2027.01-test"
    shipped["procedures"] = shipped["procedures"][:5]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(shipped, ensure_ascii=False), encoding="utf-8")
    assert motcua(home, "catalog", "import", str(path))[0] == 0
    data = json.loads(motcua(home, "catalog", "list", "--json")[1])
    assert data["version"] == "2027.01-test" and len(data["procedures"]) == 5


@pytest.mark.parametrize("document", ["receipt", "dispatch", "label", "label-small"])
def test_print_documents(tmp_path: Path, document: str) -> None:
    home = tmp_path / "home"
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps(_line(), ensure_ascii=False), encoding="utf-8")
    code_ = json.loads(motcua(home, "import", str(jsonl))[1])["code"]
    target = tmp_path / f"{document}.pdf"
    status, _ = motcua(home, "print", document, code_, "-o", str(target))
    assert status == 0
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert code_ in text
    _, shown = motcua(home, "show", code_, "--json")
    assert "document.printed" in [e["type"] for e in json.loads(shown)["events"]]


def test_print_guidance_for_incomplete_request(tmp_path: Path) -> None:
    home = tmp_path / "home"
    request = _line()
    request["documents"] = request["documents"][:1]
    req = tmp_path / "req.json"
    req.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "g.pdf"
    status, _ = motcua(
        home, "print", "guidance", "1.001193", "--request", str(req), "-o", str(target)
    )
    assert status == 0
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Giấy chứng sinh" in text
    assert _db_counts(home)[0] == 0


def test_demo_and_check(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert motcua(home, "demo", "--dossiers", "300", "--quiet")[0] == 0
    assert motcua(home, "demo", "--dossiers", "200", "--quiet")[0] == 0  # a second run adds more
    status, text = motcua(home, "check", "--json")
    report = json.loads(text)
    assert status == 0 and report["ok"] and report["dossiers"] == 500
    _, found = motcua(home, "search", "nguyen", "--json", "--limit", "5")
    assert len(json.loads(found)) == 5


def test_console_script_runs_without_qt(tmp_path: Path) -> None:
    """The installed `motcua` command works headless and never imports Qt."""
    probe = (
        "import sys; from app.main import main; rc = main(['--home', sys.argv[1], 'check']);"
        "assert not any(m.startswith('PySide6') for m in sys.modules); sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "h")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Kiểm tra toàn vẹn:   ok" in result.stdout
