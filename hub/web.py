"""The hub's web pages: the agency's page (log in, its dossiers and batches, its decisions) and
the public tracking page. Server-rendered HTML (Jinja2), plain forms, no JavaScript.

Every POST carries a CSRF token (the session's, or before log-in a cookie's twin); the session
cookie is HttpOnly and SameSite=Lax, and Secure when the hub is reached over HTTPS. A user only
ever sees its agency's dossiers (of its office, when it has one). The tracking page shows
initials, never a name, ID number, phone or address, and answers an unknown code the same way
whatever the reason.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from app.domain.dossier import DossierStatus
from app.domain.lifecycle import ACTION_LABELS, Action
from app.domain.procedure import DOCUMENT_KIND_LABELS, DocumentKind
from hub.agency import (
    LOCK_MINUTES,
    MAX_FAILURES,
    OPEN_FOR_AGENCY,
    Agency,
    Session,
    vn_time,
)
from hub.common import RateLimit
from hub.service import HubError

SESSION_COOKIE = "motcua_agency"
LOGIN_CSRF_COOKIE = "motcua_login_csrf"
TEMPLATES = Path(__file__).parent / "templates"

# The agency's buttons, by the path segment their form posts to.
ACTIONS: dict[str, Action] = {
    "confirm": Action.CONFIRM_RECEIPT,
    "supplement": Action.REQUEST_SUPPLEMENT,
    "refuse": Action.REFUSE,
    "ready": Action.MARK_READY,
}
DONE: dict[str, str] = {
    "confirm": "Đã xác nhận cơ quan nhận hồ sơ. Quầy sẽ được báo ở lần đồng bộ tới.",
    "supplement": "Đã gửi yêu cầu bổ sung. Quầy sẽ báo người nộp hồ sơ.",
    "refuse": "Đã ghi từ chối giải quyết. Quầy sẽ trả lại hồ sơ cho người nộp.",
    "ready": "Đã ghi hồ sơ có kết quả. Bưu điện sẽ đến nhận kết quả.",
}
# No script, no frames, forms only to ourselves; styles are inline in the page.
HTML_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # a tracking link holds a dossier code
    "Cache-Control": "no-store",  # the agency's pages hold personal data
}


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def too_many() -> HubError:
    return HubError(
        429,
        "too_many_requests",
        "Bạn tra cứu quá nhiều lần trong một phút. Hãy đợi một phút rồi thử lại.",
    )


def track_not_found(code: str) -> HubError:
    return HubError(
        404,
        "not_found",
        f"Không tìm thấy hồ sơ mã «{code[:80]}». Hãy kiểm tra mã hồ sơ in trên Giấy tiếp nhận "
        "hồ sơ và hẹn trả kết quả (dạng 000.00.04.H42-270203-0001). Hồ sơ vừa nộp có thể chưa "
        "hiện ngay: hãy thử lại sau vài giờ hoặc hỏi bưu điện văn hóa xã nơi nộp.",
    )


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vn"] = vn_time
    env.filters["vn_date"] = lambda v: vn_time(v, date_only=True)
    env.filters["kind_label"] = _kind_label
    env.globals["action_labels"] = {a.value: label for a, label in ACTION_LABELS.items()}
    return env


def _kind_label(value: object) -> str:
    try:
        return DOCUMENT_KIND_LABELS[DocumentKind(value)]
    except ValueError:
        return str(value)


templates = Jinja2Templates(env=_env())


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, name, context, status_code=status, headers=HTML_HEADERS
    )


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=HTML_HEADERS)


def _agency(request: Request) -> Agency:
    return request.app.state.agency  # type: ignore[no-any-return]


def _session(request: Request) -> Session | None:
    return _agency(request).session(request.cookies.get(SESSION_COOKIE))


def _csrf_ok(expected: str | None, given: str) -> bool:
    return bool(expected) and secrets.compare_digest(str(expected), given)


def _document_rows(documents: object) -> list[dict[str, Any]]:
    """The counter's [[name, kind, count], ...] as rows; anything else shape is skipped."""
    rows = []
    for d in documents if isinstance(documents, list) else []:
        if isinstance(d, list) and len(d) >= 3:
            rows.append({"name": str(d[0]), "kind": d[1], "count": d[2]})
    return rows


def build_router(login_limit: RateLimit, track_limit: RateLimit) -> APIRouter:
    router = APIRouter(route_class=APIRoute, include_in_schema=False)

    # -- log in / out ---------------------------------------------------------------------

    @router.get("/agency/login")
    def login_page(request: Request) -> Response:
        if _session(request) is not None:
            return _redirect("/agency")
        return _login_form(request)

    @router.post("/agency/login")
    def login(
        request: Request,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        if not _csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE), csrf):
            return _login_form(
                request,
                error="Phiên đăng nhập đã hết hạn. Hãy nhập lại tên đăng nhập và mật khẩu.",
                username=username,
                status=400,
            )
        if not login_limit.allow(client_key(request)):
            return _login_form(
                request,
                error="Có quá nhiều lần đăng nhập từ máy này. Hãy đợi một phút rồi thử lại.",
                username=username,
                status=429,
            )
        try:
            token, _ = _agency(request).login(username, password)
        except HubError as exc:
            return _login_form(request, error=exc.message, username=username, status=exc.status)
        response = _redirect("/agency")
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/agency")
        return response

    @router.post("/agency/logout")
    def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        session = _session(request)
        if session is not None and _csrf_ok(session.csrf, csrf):
            _agency(request).logout(request.cookies.get(SESSION_COOKIE))
        response = _redirect("/agency/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # -- the agency's list and its decisions ------------------------------------------------

    @router.get("/agency")
    def agency_home(
        request: Request,
        status: Annotated[str, Query(max_length=40)] = "",
        page: Annotated[int, Query(ge=0, le=10_000)] = 0,
        done: Annotated[str, Query(max_length=20)] = "",
        count: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> Response:
        session = _session(request)
        if session is None:
            return _redirect("/agency/login")
        agency = _agency(request)
        chosen = status if status == "all" or _is_status(status) else ""
        items, more = agency.list_dossiers(session.user, chosen or None, page)
        counts = agency.status_counts(session.user)
        filters = [("", "Đang xử lý", sum(counts.get(s, 0) for s in OPEN_FOR_AGENCY))]
        filters += [
            (s.value, s.label, counts.get(s.value, 0))
            for s in DossierStatus
            if s is not DossierStatus.RECEIVED and counts.get(s.value)
        ]
        filters.append(
            ("all", "Tất cả", sum(n for s, n in counts.items() if s != DossierStatus.RECEIVED))
        )
        message = (
            f"Đã xác nhận cơ quan đã nhận {count} hồ sơ của bảng giao nhận. Quầy sẽ được báo ở "
            "lần đồng bộ tới."
            if done == "batch"
            else ""
        )
        return render(
            request,
            "agency.html",
            {
                "session": session,
                "items": items,
                "more": more,
                "page": page,
                "status": chosen,
                "filters": filters,
                "batches": agency.list_batches(session.user),
                "message": message,
            },
        )

    @router.post("/agency/batches/{batch_id}/confirm")
    def confirm_batch(
        request: Request, batch_id: str, csrf: Annotated[str, Form()] = ""
    ) -> Response:
        session = _session(request)
        if session is None:
            return _redirect("/agency/login")
        if not _csrf_ok(session.csrf, csrf):
            return _stale_form(request, session)
        try:
            result = _agency(request).confirm_batch(
                batch_id, by=session.user.actor, user=session.user
            )
        except HubError as exc:
            return _error_page(request, session, exc)
        return _redirect(f"/agency?done=batch&count={len(result.confirmed)}")

    @router.get("/agency/dossiers/{code}")
    def dossier_page(
        request: Request, code: str, done: Annotated[str, Query(max_length=20)] = ""
    ) -> Response:
        session = _session(request)
        if session is None:
            return _redirect("/agency/login")
        return _dossier(request, session, code, message=DONE.get(done, ""))

    @router.post("/agency/dossiers/{code}/{verb}")
    def decide(
        request: Request,
        code: str,
        verb: str,
        csrf: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
    ) -> Response:
        session = _session(request)
        if session is None:
            return _redirect("/agency/login")
        if not _csrf_ok(session.csrf, csrf):
            return _stale_form(request, session)
        action = ACTIONS.get(verb)
        if action is None:
            return _error_page(
                request, session, HubError(404, "not_found", "Không có thao tác này.")
            )
        try:
            _agency(request).act(code, action, note, by=session.user.actor, user=session.user)
        except HubError as exc:
            if exc.status == 404:
                return _error_page(request, session, exc)
            return _dossier(
                request, session, code, error=exc.message, drafts={verb: note}, status=exc.status
            )
        return _redirect(f"/agency/dossiers/{quote(code, safe='')}?done={verb}")

    # -- public tracking ------------------------------------------------------------------

    @router.get("/track")
    def track_form(request: Request, code: Annotated[str, Query(max_length=80)] = "") -> Response:
        if code.strip():
            return _redirect(f"/track/{quote(code.strip(), safe='')}")
        return render(request, "track_form.html", {})

    @router.get("/track/{code}")
    def track_page(request: Request, code: str) -> Response:
        if not track_limit.allow(client_key(request)):
            return render(request, "track_missing.html", {"error": too_many()}, 429)
        found = _agency(request).track(code)
        if found is None:
            return render(request, "track_missing.html", {"error": track_not_found(code)}, 404)
        return render(request, "track.html", {"d": found})

    return router


def _is_status(value: str) -> bool:
    try:
        DossierStatus(value)
    except ValueError:
        return False
    return True


def _login_form(
    request: Request, *, error: str = "", username: str = "", status: int = 200
) -> Response:
    csrf = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {
            "csrf": csrf,
            "error": error,
            "username": username,
            "max_failures": MAX_FAILURES,
            "lock_minutes": LOCK_MINUTES,
        },
        status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        csrf,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/agency",
    )
    return response


def _dossier(
    request: Request,
    session: Session,
    code: str,
    *,
    message: str = "",
    error: str = "",
    drafts: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    found = _agency(request).dossier(session.user, code)
    if found is None:
        return _error_page(
            request,
            session,
            HubError(
                404,
                "not_found",
                f"Không tìm thấy hồ sơ {code[:80]} trong các hồ sơ được giao cho "
                f"{session.user.agency}. Hãy quay lại danh sách và chọn hồ sơ.",
            ),
        )
    verbs = {verb for verb, action in ACTIONS.items() if action.value in found["actions"]}
    return render(
        request,
        "dossier.html",
        {
            "session": session,
            "d": found,
            "documents": _document_rows(found["documents"]),
            "verbs": verbs,
            "message": message,
            "error": error,
            "drafts": drafts or {},
        },
        status,
    )


def _error_page(request: Request, session: Session | None, exc: HubError) -> Response:
    return render(request, "error.html", {"session": session, "error": exc}, exc.status)


def _stale_form(request: Request, session: Session) -> Response:
    return _error_page(
        request,
        session,
        HubError(
            400,
            "csrf",
            "Biểu mẫu đã cũ (trang mở từ phiên đăng nhập trước). Hãy tải lại trang rồi làm lại.",
        ),
    )
