"""`motcua logs path | export | tail` through the real command line."""

from __future__ import annotations

import io
import zipfile
from contextlib import redirect_stderr

from app.cli import run


def test_logs_path_export_and_tail(tmp_path, monkeypatch):
    home = tmp_path / "home"
    out = io.StringIO()
    assert run(["--home", str(home), "logs", "path"], out) == 0
    assert out.getvalue().strip() == str(home / "logs" / "motcua.log")

    (home / "logs").mkdir()
    (home / "logs" / "motcua.log").write_text("a line\nĐT 0912345678\n", encoding="utf-8")
    out = io.StringIO()
    assert run(["--home", str(home), "logs", "tail", "-n", "1"], out) == 0
    assert out.getvalue() == "ĐT [ẩn]\n"

    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert run(["--home", str(home), "logs", "export"], out) == 0
    written = next(tmp_path.glob("motcua-nhat-ky-*.zip"))
    assert f"Đã ghi {written}" in out.getvalue()
    with zipfile.ZipFile(written) as zf:
        assert set(zf.namelist()) == {"he-thong.json", "logs/motcua.log"}
        assert "0912345678" not in zf.read("logs/motcua.log").decode("utf-8")

    err = io.StringIO()
    (tmp_path / "a-file").write_text("x")
    with redirect_stderr(err):
        code = run(["--home", str(home), "logs", "export", "-o", str(tmp_path / "a-file" / "x")])
    assert code == 1 and "Lỗi: Không ghi được tệp" in err.getvalue()
