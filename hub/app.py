"""The hub's HTTP API (sync protocol v1): FastAPI over :class:`hub.service.Hub`.

Every answer, refusals included, is JSON with ``"protocol": 1`` and the header
``X-Motcua-Protocol: 1``, so a counter can tell the hub from a captive portal or proxy.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub import schemas
from hub.agency import Agency
from hub.db import DEFAULT_DB
from hub.enrollment import EnrollGuard
from hub.service import (
    FEED_LIMIT,
    MAX_BYTES,
    Device,
    Hub,
    HubError,
    too_large,
    utc_now,
)
from hub.web import RateLimit, build_router, client_key, render, too_many, track_not_found

log = logging.getLogger("motcua.hub")

PROTOCOL_HEADER = (b"x-motcua-protocol", b"1")
_HEADERS = {"X-Motcua-Protocol": "1"}


class ProtocolHeader:
    """Pure ASGI middleware: stamp every response with the protocol header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0].lower() != PROTOCOL_HEADER[0]
                ]
                message["headers"] = [*headers, PROTOCOL_HEADER]
            await send(message)

        await self.app(scope, receive, stamped)


class GzipRequest(Request):
    """A request whose body may come gzip-compressed; inflated with a hard size limit."""

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            declared = self.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_BYTES:
                raise too_large()
            raw = await super().body()
            if len(raw) > MAX_BYTES:
                raise too_large()
            encoding = self.headers.get("content-encoding", "identity").strip().lower()
            if encoding == "gzip":
                raw = _gunzip(raw)
            elif encoding not in ("", "identity"):
                raise HubError(
                    415,
                    "unsupported_encoding",
                    "Bưu điện tỉnh chỉ nhận dữ liệu nén gzip hoặc không nén. "
                    "Hãy cập nhật phần mềm của quầy.",
                )
            self._body = raw
        return self._body


def _gunzip(raw: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, MAX_BYTES + 1)
    except zlib.error as exc:
        raise HubError(
            400,
            "invalid_request",
            "Dữ liệu nén gzip bị hỏng. Quầy sẽ gửi lại; nếu lỗi lặp lại, hãy báo quản trị viên.",
        ) from exc
    if len(out) > MAX_BYTES or inflater.unconsumed_tail:
        raise too_large()  # checked before inflating further: a small bomb stays small
    if not inflater.eof:
        raise HubError(
            400,
            "invalid_request",
            "Dữ liệu nén gzip bị cắt cụt. Quầy sẽ gửi lại; nếu lỗi lặp lại, hãy báo quản trị viên.",
        )
    return out


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


class GzipRoute(APIRoute):
    """Routes of the protocol: gzip bodies, and no query parameter the route does not know
    (a misspelt ``afer=`` must not silently restart the feed from 0)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        allowed = _query_names(self.dependant)

        async def gzip_aware(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - allowed)
            if unknown:
                raise HubError(
                    400,
                    "invalid_request",
                    f"Tham số không có trong giao thức: {', '.join(unknown)[:200]}. "
                    "Hãy cập nhật phần mềm của quầy.",
                )
            request = GzipRequest(request.scope, request.receive)
            # Read (and inflate) here: FastAPI turns any error while it reads the body into a
            # bare 400, and a too-large body must stay a protocol 413.
            await request.body()
            return await handler(request)

        return gzip_aware


_bearer = HTTPBearer(auto_error=False, description="Khóa của quầy (nhận khi ghi danh).")


def current_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Device:
    hub: Hub = request.app.state.hub
    return hub.authenticate(credentials.credentials if credentials else None)


Auth = Annotated[Device, Depends(current_device)]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": schemas.ErrorReply} for code in codes}


# Pages for people (HTML); everything else is the protocol (JSON).
HTML_PREFIXES = ("/agency", "/track")


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return any(path == p or path.startswith(p + "/") for p in HTML_PREFIXES)


def create_app(
    db_url: str | None = None,
    *,
    clock: Callable[[], datetime] = utc_now,
    track_limit: RateLimit | None = None,
    login_limit: RateLimit | None = None,
    enroll_limits: EnrollGuard | None = None,
) -> FastAPI:
    """The hub application over ``db_url`` (migrated to the newest schema on creation).

    ``track_limit``: public tracking look-ups per client address (default 30 a minute);
    ``login_limit``: agency log-in attempts per client address (default 20 a minute).
    """
    hub = Hub.open(db_url or os.environ.get("MOTCUA_HUB_DB") or DEFAULT_DB, clock=clock)
    agency = Agency(hub)
    track_limit = track_limit or RateLimit(30, 60.0)
    login_limit = login_limit or RateLimit(20, 60.0)
    # Enrollment: 10 attempts a minute from one client, 30 an hour for one office's codes.
    enroll_guard = enroll_limits or EnrollGuard(RateLimit(10, 60.0), RateLimit(30, 3600.0))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        hub.close()

    app = FastAPI(
        lifespan=lifespan,
        title="motcua hub",
        version="1",
        summary="Bưu điện tỉnh: nhận sự kiện từ các quầy và gửi cập nhật xuống (giao thức v1).",
    )
    app.state.hub = hub
    app.state.agency = agency
    app.include_router(build_router(login_limit, track_limit))
    app.router.route_class = GzipRoute
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(ProtocolHeader)

    @app.exception_handler(HubError)
    async def hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=_HEADERS)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_html(request):
            return render(
                request,
                "error.html",
                {
                    "error": HubError(
                        400,
                        "invalid_request",
                        "Địa chỉ trang không đúng. Hãy quay lại trang trước và chọn lại.",
                    )
                },
                400,
            )
        # Only where and what, never the input: it may hold an enrollment code.
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        body = HubError(
            400,
            "invalid_request",
            "Yêu cầu gửi lên không đúng định dạng của giao thức. Hãy cập nhật phần mềm của quầy "
            "hoặc báo quản trị viên.",
            detail=detail,
        ).body()
        return JSONResponse(body, status_code=400, headers=_HEADERS)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        if _wants_html(request):
            message = "Không có trang này. Hãy kiểm tra địa chỉ, hoặc về trang danh sách hồ sơ."
            error = HubError(exc.status_code, code, message)
            return render(request, "error.html", {"error": error}, exc.status_code)
        body = HubError(
            exc.status_code,
            code,
            "Địa chỉ hoặc phương thức không có trong giao thức của bưu điện tỉnh. "
            "Hãy kiểm tra địa chỉ máy chủ trong cài đặt của quầy.",
        ).body()
        return JSONResponse(body, status_code=exc.status_code, headers=_HEADERS)

    @app.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
        body = HubError(
            500,
            "internal",
            "Bưu điện tỉnh gặp lỗi nội bộ. Quầy sẽ thử lại sau; nếu lỗi kéo dài, hãy báo quản "
            "trị viên bưu điện tỉnh.",
        ).body()
        return JSONResponse(body, status_code=500, headers=_HEADERS)

    @app.get("/api/v1/health", response_model=schemas.Health, tags=["sync"])
    def health() -> schemas.Health:
        return schemas.Health(time=utc_now().isoformat(timespec="seconds"))

    @app.post(
        "/api/v1/enroll",
        response_model=schemas.EnrollReply,
        responses=_errors(400, 403, 413, 429),
        tags=["sync"],
    )
    def enroll(request: schemas.EnrollRequest, http: Request) -> dict[str, Any]:
        return hub.enroll(
            request.code,
            request.device_id,
            request.counter_name,
            attempt=request.attempt,
            previous_token=request.previous_token,
            client=client_key(http),
            guard=enroll_guard,
        )

    @app.post(
        "/api/v1/leases",
        response_model=schemas.LeaseReply,
        responses=_errors(400, 401),
        tags=["sync"],
    )
    def lease(request: schemas.LeaseRequest, device: Auth) -> dict[str, Any]:
        """Number blocks: lease what the counter is due; every active lease of the counter."""
        return hub.lease(device, request.model_dump())

    @app.get(
        "/api/v1/devices/me/events",
        response_model=schemas.DeviceEvents,
        responses=_errors(400, 401, 403),
        tags=["sync"],
    )
    def device_events(
        device: Auth,
        after: Annotated[int, Query(ge=0, le=schemas.MAX_SEQ)] = 0,
        limit: Annotated[int, Query(ge=1, le=FEED_LIMIT)] = FEED_LIMIT,
        chain: Annotated[str | None, Query(max_length=100)] = None,
    ) -> dict[str, Any]:
        """The hub's copy of the counter's own events, for re-hydration after a restore;
        ``chain``: the events of a device this one replaces."""
        return hub.device_events(device, after, limit, chain)

    @app.post(
        "/api/v1/events",
        response_model=schemas.Ack,
        responses=_errors(400, 401, 403, 409, 413, 415, 422),
        tags=["sync"],
    )
    def upload(batch: schemas.UploadBatch, device: Auth) -> schemas.Ack:
        ack = hub.ingest(
            device,
            device_id=batch.device_id,
            batch_id=batch.batch_id,
            manifest_count=batch.manifest.count,
            manifest_sha256_=batch.manifest.sha256,
            events_=[e.model_dump() for e in batch.events],
        )
        return schemas.Ack(
            acked_seq=ack.acked_seq,
            accepted=ack.accepted,
            duplicates=ack.duplicates,
            refused=[schemas.Refused(**r) for r in ack.refused],
        )

    @app.get(
        "/api/v1/feed",
        response_model=schemas.FeedReply,
        responses=_errors(400, 401),
        tags=["sync"],
    )
    def read_feed(
        device: Auth,
        after: Annotated[int, Query(ge=0, le=schemas.MAX_SEQ)] = 0,
        limit: Annotated[int, Query(ge=1, le=FEED_LIMIT)] = FEED_LIMIT,
    ) -> dict[str, Any]:
        page = hub.feed(device, after, limit)
        return {"protocol": 1, "items": page.items, "cursor": page.cursor, "more": page.more}

    @app.get(
        "/api/v1/track/{code}",
        response_model=schemas.TrackReply,
        responses=_errors(400, 404, 429),
        tags=["public"],
    )
    def track(request: Request, code: Annotated[str, Path(max_length=80)]) -> dict[str, Any]:
        """Public: a dossier's progress by its code (initials only, no personal data)."""
        if not track_limit.allow(client_key(request)):
            raise too_many()
        found = agency.track(code)
        if found is None:
            raise track_not_found(code)
        return found

    @app.get(
        "/api/v1/devices/me",
        response_model=schemas.DeviceMe,
        responses=_errors(401),
        tags=["sync"],
    )
    def me(device: Auth) -> dict[str, Any]:
        return hub.me(device)

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several workers: the database comes from
    MOTCUA_HUB_DB (``motcua-hub serve`` sets it)."""
    return create_app(os.environ.get("MOTCUA_HUB_DB"))
