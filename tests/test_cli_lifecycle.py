"""The lifecycle commands: hand-over, results, returns, invitations, forms, status, today."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lifecycle_helpers import agency_says
from pypdf import PdfReader
from sample_data import applicant

from app.cli import run
from app.services.workstation import open_workstation


def motcua(home: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = run(["--home", str(home), *args], out=out)
    return code, out.getvalue()


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    lines = []
    for i in range(3):
        person = applicant(full_name=f"Lê Văn Tư {chr(65 + i)}")
        documents = [{"name": "Bản chính giấy tờ, văn bản cần chứng thực", "kind": "original"}]
        lines.append(
            {"procedure": "2.000815", "applicant": person, "pages": 2, "documents": documents}
        )
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    code, out = motcua(home, "import", str(source))
    assert code == 0, out
    return home


def _codes(home: Path) -> list[str]:
    code, out = motcua(home, "handover", "waiting", "--json")
    assert code == 0
    return [d["code"] for d in json.loads(out)]


def _agency(home: Path, code: str, status: str, note: str = "") -> None:
    ws = open_workstation(home)
    try:
        assert agency_says(ws, code, status, note).outcome == "applied"
    finally:
        ws.close()


def test_handover_create_prints_the_batch_id_and_print_seals_it(home, tmp_path, capsys):
    codes = _codes(home)
    code, out = motcua(home, "handover", "create", "--agency", "UBND xã", *codes[:2])
    assert code == 0
    batch_id = out.splitlines()[0]
    pdf = tmp_path / "bb.pdf"
    assert motcua(home, "handover", "print", batch_id, "-o", str(pdf))[0] == 0
    text = _text(pdf)
    assert "BIÊN BẢN GIAO NHẬN" in text and codes[0] in text and codes[1] in text
    code, out = motcua(home, "status", codes[0], "--json")
    status = json.loads(out)
    assert status["status"] == "in_transit" and status["batch"]["sealed_at"]
    # A sealed batch refuses another dossier, with the way out in the message.
    assert motcua(home, "handover", "add", batch_id, codes[2])[0] == 1
    assert "bảng giao nhận mới" in capsys.readouterr().err
    code, out = motcua(home, "handover", "list", "--json")
    assert [b["count"] for b in json.loads(out)] == [2]


def test_results_come_back_and_are_returned_with_an_id_check(home, tmp_path, capsys):
    codes = _codes(home)
    code, out = motcua(home, "handover", "create", "--agency", "UBND xã", *codes)
    batch_id = out.splitlines()[0]
    motcua(home, "handover", "print", batch_id, "-o", str(tmp_path / "bb.pdf"))
    for c in codes:
        _agency(home, c, "at_agency")
    _agency(home, codes[0], "result_ready")
    _agency(home, codes[1], "refused", "Giấy tờ không rõ nguồn gốc")

    assert motcua(home, "result", "received", codes[0], codes[1])[0] == 0
    code, out = motcua(home, "today", "--json")
    assert json.loads(out)["counts"]["results_waiting"] == 2

    assert motcua(home, "return", codes[0], "--id-number", "001190001111")[0] == 1
    assert "không khớp" in capsys.readouterr().err
    assert json.loads(motcua(home, "status", codes[0], "--json")[1])["status"] == (
        "result_at_counter"
    )
    code, out = motcua(home, "return", codes[0], "--id-number", "042190001234", "--collect", "0")
    assert code == 0 and "Đã trả kết quả" in out

    refusal = tmp_path / "m03.pdf"
    assert motcua(home, "form", "refusal", codes[1], "-o", str(refusal))[0] == 0
    assert "Giấy tờ không rõ nguồn gốc" in _text(refusal)
    invitation = tmp_path / "moi.pdf"
    code, out = motcua(home, "invite", codes[1], "--method", "letter", "-o", str(invitation))
    assert code == 0 and "lần mời thứ 1" in out
    assert "GIẤY MỜI" in _text(invitation).upper()
    # Not yet two invitations: back to the agency is refused and says what is missing.
    assert motcua(home, "return-to-agency", codes[1])[0] == 1
    assert "cần ít nhất 2" in capsys.readouterr().err


def test_status_of_an_unknown_code_says_what_to_do(home, capsys):
    assert motcua(home, "status", "000.00.04.H42-261120-9999")[0] == 1
    assert "Quét lại" in capsys.readouterr().err
