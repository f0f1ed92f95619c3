"""The counter's session in the window: sign-in after start, sign-out, lock (Ctrl+L), idle lock.

Once any account exists nobody works unsigned: a modal sign-in dialog opens right after the window
shows, after a sign-out and when the machine locks. The idle lock is a QTimer that every keyboard
or mouse input restarts (an application event filter); when it fires the person is signed out on
the database thread and the lock dialog asks for their secret again (or lets another sign in).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.domain.roles import SignedIn
    from app.services.workstation import Workstation
    from app.ui.accounts.accounts_dialog import AccountsDialog
    from app.ui.accounts.forms import AccountFormDialog, SignInDialog

# What counts as someone using the machine.
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


@dataclass(frozen=True)
class SessionState:
    first_admin_needed: bool  # no account yet: work is open, the menu offers the first admin
    session: SignedIn | None
    idle_minutes: int


def session_state(ws: Workstation) -> SessionState:
    from app.services.accounts import idle_lock_minutes, needs_first_admin

    return SessionState(needs_first_admin(ws), ws.session, idle_lock_minutes(ws))


class SessionController(QObject):
    """``start()`` once the workstation is open; ``stop()`` when the window closes."""

    session_changed = Signal(object)  # SignedIn | None
    state_changed = Signal(object)  # SessionState
    message = Signal(str)

    def __init__(self, runner: TaskRunner, window: QWidget, idle_ms: int | None = None) -> None:
        super().__init__(window)
        self.runner = runner
        self.window = window
        self._idle_ms_override = idle_ms  # tests: milliseconds instead of the setting's minutes
        self.idle = QTimer(self)
        self.idle.setObjectName("idleLock")
        self.idle.setSingleShot(True)
        self.idle.setTimerType(Qt.TimerType.PreciseTimer)  # one timer; the restart is measurable
        self.idle.timeout.connect(self._idle_expired)
        self.sign_in_dialog: SignInDialog | None = None
        self.form: AccountFormDialog | None = None
        self.accounts_dialog: AccountsDialog | None = None
        self.state: SessionState | None = None
        self._stopped = False
        self._filtering = False

    # ------------------------------------------------------------------ life

    def start(self) -> None:
        self.runner.db(session_state, self._started, lambda e: self.message.emit(error_text(e)))

    def _started(self, state: SessionState) -> None:
        if self._stopped:
            return
        self._set_state(state)
        if state.session is not None:
            self._signed_in(state.session)
        elif not state.first_admin_needed:
            self.ask_sign_in()

    def stop(self) -> None:
        self._stopped = True
        self.idle.stop()
        self._filter(False)
        for dialog in (self.sign_in_dialog, self.form, self.accounts_dialog):
            if dialog is not None:
                if hasattr(dialog, "finish"):  # the sign-in dialog ends its pending sign-in
                    dialog.finish()
                else:
                    dialog.close()

    def _set_state(self, state: SessionState) -> None:
        self.state = state
        if self._idle_ms_override is not None:
            self.idle.setInterval(self._idle_ms_override)
        else:
            self.idle.setInterval(state.idle_minutes * 60_000)
        self.state_changed.emit(state)

    def _refresh_state(self) -> None:
        self.runner.db(session_state, self._set_state, lambda e: self.message.emit(error_text(e)))

    # ------------------------------------------------------------------ idle lock

    def _filter(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self.idle.isActive():
            self.idle.start()  # restarts the countdown
        return False

    def _idle_expired(self) -> None:
        self.lock(reason="idle")

    # ------------------------------------------------------------------ actions

    def ask_sign_in(self, locked_for: str = "") -> SignInDialog:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.finish()
            self.sign_in_dialog.deleteLater()
        from app.ui.accounts.forms import SignInDialog  # built after the first paint

        dialog = SignInDialog(self.runner, self.window, locked_for)
        dialog.signed_in.connect(self._signed_in)
        dialog.quit_requested.connect(self.window.close)
        self.sign_in_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _signed_in(self, session: SignedIn) -> None:
        self.sign_in_dialog = None
        self.session_changed.emit(session)
        if not self._stopped:
            self._filter(True)
            self.idle.start()
        self._refresh_state()

    def sign_out(self) -> None:
        self._end_session("user", lock=False)

    def lock(self, reason: str = "user") -> None:
        """Sign the person out and ask for their secret again (Ctrl+L, or idle)."""
        self._end_session(reason, lock=True)

    def _end_session(self, reason: str, *, lock: bool) -> None:
        self.idle.stop()
        self._filter(False)

        def job(ws: Workstation) -> str:
            from app.services.accounts import sign_out

            who = ws.session.username if ws.session is not None else ""
            sign_out(ws, reason=reason)
            return who

        def done(who: str) -> None:
            self.session_changed.emit(None)
            if self._stopped:
                return
            if self.state is not None and self.state.first_admin_needed:
                return  # no accounts: nothing to sign in to
            self.ask_sign_in(who if lock else "")

        self.runner.db(job, done, lambda e: self.message.emit(error_text(e)), changes="session")

    def create_first_admin(self) -> AccountFormDialog:
        from app.ui.accounts.forms import AccountFormDialog

        dialog = AccountFormDialog(self.runner, self.window, first_admin=True)
        dialog.completed.connect(self._signed_in)
        self.form = dialog
        dialog.open()
        return dialog

    def manage_accounts(self) -> AccountsDialog:
        from app.ui.accounts.accounts_dialog import AccountsDialog

        if self.accounts_dialog is not None:
            self.accounts_dialog.close()
            self.accounts_dialog.deleteLater()
        dialog = AccountsDialog(self.runner, self.window)
        self.accounts_dialog = dialog
        dialog.show()
        dialog.refresh()
        return dialog


def error_text(exc: BaseException) -> str:
    from app.ui.lifecycle.common import error_text as words  # not needed before the first paint

    return words(exc)
