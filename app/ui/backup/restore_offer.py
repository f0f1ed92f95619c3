"""The question asked when the database is damaged: restore the newest good backup, or quit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.i18n import translate

if TYPE_CHECKING:
    from app.storage.backup import CorruptDatabase


def offer_text(exc: CorruptDatabase) -> str:
    backup = exc.backup
    if backup is None:
        return exc.message
    count = f"{backup.dossiers:,}".replace(",", ".")
    return translate(
        "RestoreOffer",
        "Dữ liệu của quầy bị hỏng nên không dùng tiếp được. Khôi phục bản sao lưu lúc {0} ngày "
        "{1} ({2} hồ sơ)? Những việc làm sau thời điểm đó phải nhập lại; tệp dữ liệu hỏng được "
        "giữ lại cho bộ phận kỹ thuật.",
    ).format(f"{backup.taken_at:%H:%M}", f"{backup.taken_at:%d/%m/%Y}", count)


class RestoreOffer(QMessageBox):
    """Restore / Quit (or only Quit when there is no good backup). Opened with ``open()``."""

    def __init__(self, exc: CorruptDatabase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(translate("RestoreOffer", "Dữ liệu bị hỏng"))
        self.setText(offer_text(exc))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.restore_button = None
        if exc.backup is not None:
            label = translate("RestoreOffer", "Khôi phục")
            self.restore_button = self.addButton(label, QMessageBox.ButtonRole.AcceptRole)
            self.restore_button.setAccessibleName(label)
        label = translate("RestoreOffer", "Thoát")
        self.quit_button = self.addButton(label, QMessageBox.ButtonRole.RejectRole)
        self.quit_button.setAccessibleName(label)
        self.setDefaultButton(self.restore_button or self.quit_button)
        self.setEscapeButton(self.quit_button)

    def restore_chosen(self) -> bool:
        return self.restore_button is not None and self.clickedButton() is self.restore_button
