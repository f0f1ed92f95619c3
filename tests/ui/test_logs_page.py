"""Settings → Nhật ký: the folder, the last lines (scrubbed), opening the folder, and the zip for
support written on the database thread."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QPushButton
from ui_helpers import wait_idle

from app.ui.settings.logs_page import LogsPage


@pytest.fixture
def page(qtbot, runner, ui_ws) -> Iterator[LogsPage]:
    folder = ui_ws.home / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "motcua.log").write_text(
        "2027-02-03 09:00:00,000 INFO    app.services.intake [MainThread] dossier X received\n"
        "2027-02-03 09:01:00,000 ERROR   app.x [MainThread] written by hand: CCCD 042190001234\n",
        encoding="utf-8",
    )
    widget = LogsPage(runner)
    qtbot.addWidget(widget)
    widget.show()
    wait_idle(qtbot, runner)
    yield widget


def test_the_page_shows_the_folder_and_the_last_lines_scrubbed(page, ui_ws):
    assert LogsPage.page_title() == "Nhật ký"
    assert page.path.text() == str(ui_ws.home / "logs")
    text = page.lines.toPlainText()
    assert "dossier X received" in text
    assert "042190001234" not in text and "CCCD [ẩn]" in text
    assert page.lines.isReadOnly()
    for button in page.findChildren(QPushButton):
        assert button.accessibleName() == button.text()


def test_open_folder_hands_the_folder_to_the_file_manager(qtbot, page, runner, ui_ws):
    opened: list[QUrl] = []
    page.open_url = lambda url: opened.append(url) or True
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert opened == [QUrl.fromLocalFile(str(ui_ws.home / "logs"))]


def test_export_writes_the_zip_for_support_with_the_qt_version(
    qtbot, page, runner, tmp_path, ui_ws
):
    target = tmp_path / "gui-ho-tro.zip"
    asked: list[str] = []
    page.ask_path = lambda _parent, caption, suggested, _pattern: (
        asked.append(suggested) or str(target)
    )
    page.export_button.setFocus()
    qtbot.keyClick(page.export_button, Qt.Key.Key_Space)
    wait_idle(qtbot, runner)
    assert asked and asked[0].startswith("motcua-nhat-ky-") and asked[0].endswith(".zip")
    assert page.status.text() == f"Đã lưu {target}. Gửi tệp này cho bộ phận hỗ trợ."
    assert page.export_button.isEnabled()
    with zipfile.ZipFile(target) as zf:
        summary = json.loads(zf.read("he-thong.json"))
        log_text = zf.read("logs/motcua.log").decode("utf-8")
    assert summary["qt"] and summary["pyside6"]
    assert summary["database"]["dossiers"] == 0
    assert "042190001234" not in log_text


def test_an_export_that_cannot_be_written_says_why(qtbot, page, runner, tmp_path):
    (tmp_path / "a-file").write_text("x")
    page.ask_path = lambda *_args: str(tmp_path / "a-file" / "nhat-ky.zip")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert page.status.text().startswith("Không lưu được tệp nhật ký: Không ghi được tệp")
    assert page.export_button.isEnabled()
