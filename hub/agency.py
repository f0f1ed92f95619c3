"""The deciding agency's side of a dossier's life, and the public tracking answer: the front.

Agency staff (accounts in ``agency_users``) confirm receipt of handed-over dossiers, ask for a
supplement (Mẫu 02), refuse (Mẫu 03) or mark the result ready. Each decision is checked with
:func:`app.domain.lifecycle.next_status` and, in ONE transaction, changes the projection, writes
``status_log`` and publishes a ``status`` feed item for the dossier's office, which the counters
apply. Passwords are scrypt hashes; sessions and their CSRF tokens are random, the session token
stored only as its SHA-256.

:class:`Agency` is the front; the work lives in
- :mod:`hub.agency_auth` (``agency.auth``): passwords, agency users, sessions, lock-out;
- :mod:`hub.agency_decisions` (``agency.decisions``): confirm, supplement, refuse, ready;
- :mod:`hub.agency_lists` (``agency.lists``): what the agency's pages show;
- :mod:`hub.agency_tracking` (``agency.tracking``): the public tracking answer.
The names callers import from here are re-exported.
"""

from __future__ import annotations

from typing import Any

from app.domain.lifecycle import Action
from hub.agency_auth import (
    LOCK_MINUTES,
    MAX_FAILURES,
    MIN_PASSWORD,
    SESSION_HOURS,
    VN_TZ,
    AgencyAuth,
    AgencyUser,
    Session,
    hash_password,
    verify_password,
    vn_time,
)
from hub.agency_decisions import (
    MAX_NOTE,
    NOTE_REQUIRED,
    AgencyDecisions,
    BatchConfirmation,
    StatusChange,
)
from hub.agency_lists import OPEN_FOR_AGENCY, PAGE_SIZE, AgencyLists
from hub.agency_tracking import AgencyTracking
from hub.service import Hub

__all__ = [
    "LOCK_MINUTES",
    "MAX_FAILURES",
    "MAX_NOTE",
    "MIN_PASSWORD",
    "NOTE_REQUIRED",
    "OPEN_FOR_AGENCY",
    "PAGE_SIZE",
    "SESSION_HOURS",
    "VN_TZ",
    "Agency",
    "AgencyUser",
    "BatchConfirmation",
    "Session",
    "StatusChange",
    "hash_password",
    "verify_password",
    "vn_time",
]


class Agency:
    """Agency accounts, decisions and read models over a :class:`Hub`'s database."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.engine = hub.engine
        self.auth = AgencyAuth(hub)
        self.decisions = AgencyDecisions(hub)
        self.lists = AgencyLists(hub)
        self.tracking = AgencyTracking(hub)

    # -- accounts ---------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        agency: str,
        office_code: str | None = None,
        display_name: str = "",
    ) -> AgencyUser:
        return self.auth.add_user(username, password, agency, office_code, display_name)

    def list_users(self) -> list[AgencyUser]:
        return self.auth.list_users()

    def unlock(self, username: str) -> bool:
        return self.auth.unlock(username)

    def login(self, username: str, password: str) -> tuple[str, Session]:
        """A new session token (to put in the cookie) and its session; refusals are HubErrors
        whose message says what to do. Five wrong passwords in a row lock the account."""
        return self.auth.login(username, password)

    def session(self, token: str | None) -> Session | None:
        return self.auth.session(token)

    def logout(self, token: str | None) -> None:
        self.auth.logout(token)

    # -- decisions --------------------------------------------------------------------------

    def confirm_receipt(
        self, code: str, note: str = "", *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.decisions.confirm_receipt(code, note, by=by, user=user)

    def request_supplement(
        self, code: str, note: str, *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.decisions.request_supplement(code, note, by=by, user=user)

    def refuse(
        self, code: str, note: str, *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.decisions.refuse(code, note, by=by, user=user)

    def mark_ready(
        self, code: str, note: str = "", *, by: str = "cli", user: AgencyUser | None = None
    ) -> StatusChange:
        return self.decisions.mark_ready(code, note, by=by, user=user)

    def act(
        self,
        code: str,
        action: Action,
        note: str = "",
        *,
        by: str = "cli",
        user: AgencyUser | None = None,
    ) -> StatusChange:
        """One agency decision on one dossier; ``user`` limits it to that user's dossiers."""
        return self.decisions.act(code, action, note, by=by, user=user)

    def confirm_batch(
        self, ref: str, *, by: str = "cli", user: AgencyUser | None = None
    ) -> BatchConfirmation:
        """Confirm every dossier of a hand-over batch still in transit (the agency signed the
        Biên bản giao nhận). ``ref`` is the batch id, or its number when that is unambiguous."""
        return self.decisions.confirm_batch(ref, by=by, user=user)

    # -- what the agency's pages show -----------------------------------------------------------

    def status_counts(self, user: AgencyUser) -> dict[str, int]:
        return self.lists.status_counts(user)

    def list_dossiers(
        self, user: AgencyUser, status: str | None = None, page: int = 0
    ) -> tuple[list[dict[str, Any]], bool]:
        """The user's dossiers (open ones by default), earliest appointment first, and whether
        another page follows."""
        return self.lists.list_dossiers(user, status, page)

    def list_batches(self, user: AgencyUser, limit: int = 30) -> list[dict[str, Any]]:
        """The user's hand-over batches, those still waiting for a signature first."""
        return self.lists.list_batches(user, limit)

    def dossier(self, user: AgencyUser | None, code: str) -> dict[str, Any] | None:
        """Everything the agency may see of one of its dossiers, with its history."""
        return self.lists.dossier(user, code)

    # -- the public tracking answer ---------------------------------------------------------

    def track(self, code: str) -> dict[str, Any] | None:
        """What anyone holding the receipt may see: no name (initials only), no ID number,
        phone, address, nor the agency's notes (they may name the person's papers)."""
        return self.tracking.track(code)
