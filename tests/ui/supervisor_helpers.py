"""Accounts, dossiers and a signed-in window for the supervisor screens' tests."""

from __future__ import annotations

from ui_helpers import wait_idle

from app.domain.roles import Role
from app.services import accounts, intake
from app.ui.main_window import MainWindow

PINS = {"quantri": "246802", "kiemsoat": "468024", "lan": "135792"}


def request(ws) -> dict:
    procedure = ws.catalog.procedure("1.001193")
    return {
        "procedure": procedure.code,
        "applicant": {
            "full_name": "Lê Văn Hùng",
            "id_number": "042085001234",
            "date_of_birth": "1985-03-02",
            "sex": "Nam",
            "phone": "0987654321",
            "address": "Xóm Mới, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        },
        "documents": [
            {"name": d.name, "kind": d.kind.value, "count": d.count}
            for d in procedure.documents
            if not d.optional
        ],
        "return_method": "counter",
    }


def prepare(qtbot, runner, who: str, dossiers: int = 2) -> None:
    """Accounts (admin, supervisor, counter clerk), ``dossiers`` received, ``who`` signed in."""

    def job(ws) -> None:
        accounts.create_account(ws, "quantri", "Phạm Quản Trị", Role.ADMIN, PINS["quantri"])
        accounts.sign_in(ws, "quantri", PINS["quantri"])
        accounts.create_account(
            ws, "kiemsoat", "Lê Thị Kiểm Soát", Role.SUPERVISOR, PINS["kiemsoat"]
        )
        accounts.create_account(ws, "lan", "Nguyễn Thị Lan", Role.COUNTER, PINS["lan"])
        accounts.sign_in(ws, "lan", PINS["lan"])
        for _ in range(dossiers):
            intake.receive_dossier(ws, request(ws))
        accounts.sign_in(ws, who, PINS[who])

    runner.db(job)
    wait_idle(qtbot, runner)


def signed_in_window(qtbot, runner) -> MainWindow:
    win = MainWindow(runner)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.intake.context is not None)
    wait_idle(qtbot, runner)
    win.accounts.start()
    wait_idle(qtbot, runner)
    assert win.accounts.sign_in_dialog is None  # the session is already there
    return win


def close_preview(win: MainWindow) -> None:
    if win.printing.preview is not None:
        win.printing.preview.close()
