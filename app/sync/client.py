"""HTTP client for the provincial hub (sync protocol v1, docs/sync-protocol.md).

Every answer is checked before it is believed: an answer without the ``X-Motcua-Protocol: 1``
header, a JSON body and ``"protocol": 1`` did not come from the hub (a captive portal, a proxy's
error page) and counts as an *unknown outcome*, exactly like a timeout. Errors are translated here,
at the boundary, into ``HubUnknown`` (retry the same thing later) or ``HubRefused`` (the hub said
no; retrying the same request will not help), each with a Vietnamese message that keeps the hub's
own words.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from app.domain.errors import DomainError
from app.domain.redaction import remember_secret

PROTOCOL = 1
PROTOCOL_HEADER = "X-Motcua-Protocol"
API_PREFIX = "/api/v1"
USER_AGENT = "motcua-counter/1"

log = logging.getLogger("motcua.sync")

CAPTIVE_PORTAL = (
    "Mạng đang chuyển hướng (có thể cần đăng nhập Wi-Fi): câu trả lời nhận được không phải của "
    "máy chủ tỉnh. Hãy mở trình duyệt để đăng nhập mạng; dữ liệu sẽ tự gửi lại, không bị trùng."
)


def _not_from_hub(status: int) -> str:
    if status < 400:
        return CAPTIVE_PORTAL  # a login page (200) or a redirect to one
    return (
        f"Một máy trung gian trên mạng (proxy, tường lửa) trả lời thay máy chủ tỉnh (mã {status}). "
        "Kiểm tra mạng hoặc báo người quản trị mạng; dữ liệu sẽ tự gửi lại, không bị trùng."
    )


class SyncError(DomainError):
    """Base of the sync errors; ``message`` is Vietnamese and says what to do."""


class SyncConfigError(SyncError):
    """The counter's sync settings are wrong (address, CA bundle, not enrolled)."""


class HubError(SyncError):
    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str = "",
        hub_message: str = "",
        retry_after: float | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.hub_message = hub_message
        self.retry_after = retry_after
        self.body = body or {}


class HubUnknown(HubError):
    """No trustworthy answer: the request may or may not have been applied. Resend it as is."""


class HubRefused(HubError):
    """The hub answered with a definite refusal (4xx other than 408/429)."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_hub_url(url: str) -> str:
    """Validate the hub address; plain http is accepted only on this machine (tests, tunnels)."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncConfigError(
            f"Địa chỉ máy chủ tỉnh «{url}» không hợp lệ. Hãy nhập dạng https://tên-máy-chủ "
            "như trong thư của bưu điện tỉnh."
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise SyncConfigError(
            f"Địa chỉ máy chủ tỉnh «{url}» không dùng https: mã truy cập của quầy sẽ bị lộ trên "
            "mạng. Hãy dùng địa chỉ bắt đầu bằng https://."
        )
    if parts.query or parts.fragment:
        raise SyncConfigError(
            f"Địa chỉ máy chủ tỉnh «{url}» không được có phần «?…» hoặc «#…». Hãy nhập lại."
        )
    return text


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class HubClient:
    """One hub, one device token. Not thread-safe: give each thread its own client."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        ca_bundle: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = normalize_hub_url(base_url)
        self.host = urlsplit(self.base_url).netloc
        self._token = token
        remember_secret(token)  # never in a log line, whatever library writes one
        self.timeout = (connect_timeout, timeout)
        if ca_bundle and not Path(ca_bundle).is_file():
            raise SyncConfigError(
                f"Không tìm thấy tệp chứng chỉ của tỉnh «{ca_bundle}» (cài đặt sync.ca_bundle). "
                "Hãy chép lại tệp chứng chỉ vào máy rồi đăng ký lại với "
                "`motcua enroll --ca-bundle TỆP`."
            )
        self.session = session or requests.Session()
        # TLS verification is always on: the system store, or the province's own CA bundle.
        # Passed with every request too, so REQUESTS_CA_BUNDLE in the environment cannot
        # override the bundle the counter was configured with.
        self.verify: bool | str = ca_bundle or True
        self.session.verify = self.verify
        self.session.headers["User-Agent"] = USER_AGENT

    def __repr__(self) -> str:  # never show the token
        return f"HubClient({self.base_url!r})"

    def close(self) -> None:
        self.session.close()

    # ------------------------------------------------------------ endpoints

    def health(self) -> dict[str, Any]:
        return self._call("GET", "/health", auth=False)

    def enroll(
        self,
        code: str,
        device_id: str,
        counter_name: str,
        attempt: str | None = None,
        previous_token: str | None = None,
    ) -> dict[str, Any]:
        remember_secret(code)
        body = {"code": code, "device_id": device_id, "counter_name": counter_name}
        if attempt:
            body["attempt"] = attempt
        if previous_token:
            body["previous_token"] = previous_token
        return self._call("POST", "/enroll", auth=False, json_body=body)

    def me(self) -> dict[str, Any]:
        return self._call("GET", "/devices/me")

    def upload(self, body: bytes, *, gzipped: bool = True) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return self._call("POST", "/events", data=body, headers=headers)

    def feed(self, after: int, limit: int = 500) -> dict[str, Any]:
        return self._call("GET", "/feed", params={"after": after, "limit": limit})

    def device_events(
        self, after: int, limit: int = 500, chain: str | None = None
    ) -> dict[str, Any]:
        """The hub's copy of this device's events after ``after`` (re-hydration); ``chain``: of
        the device this one replaces."""
        params: dict[str, Any] = {"after": after, "limit": limit}
        if chain:
            params["chain"] = chain
        return self._call("GET", "/devices/me/events", params=params)

    def leases(self, request: dict[str, Any]) -> dict[str, Any]:
        """Ask for number blocks (the hub leases what is due) and read every active lease."""
        return self._call("POST", "/leases", json_body=request)

    # ------------------------------------------------------------ plumbing

    def _call(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        json_body: dict[str, Any] | None = None,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        url = f"{self.base_url}{API_PREFIX}{path}"
        all_headers = {"Accept": "application/json", **(headers or {})}
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        if auth:
            if not self._token:
                raise SyncConfigError(
                    "Quầy chưa có mã truy cập máy chủ tỉnh. Hãy đăng ký quầy: "
                    "motcua enroll --hub ĐỊA-CHỈ --code MÃ-ĐĂNG-KÝ."
                )
            all_headers["Authorization"] = f"Bearer {self._token}"
        try:
            resp = self.session.request(
                method,
                url,
                data=data,
                headers=all_headers,
                params=params,
                timeout=self.timeout,
                verify=self.verify,
                # A captive portal answers with a redirect, the hub never does: never follow.
                allow_redirects=False,
            )
        except requests.exceptions.SSLError:
            raise HubUnknown(
                f"Không xác minh được chứng chỉ bảo mật của máy chủ tỉnh ({self.host}). Kiểm tra "
                "ngày giờ của máy tính; nếu tỉnh dùng chứng chỉ riêng, hãy đăng ký với "
                "`motcua enroll --ca-bundle TỆP` (cài đặt sync.ca_bundle) bằng tệp chứng chỉ "
                "của tỉnh."
            ) from None
        except requests.exceptions.Timeout:
            raise HubUnknown(
                f"Máy chủ tỉnh ({self.host}) không trả lời kịp. Dữ liệu sẽ được gửi lại tự động, "
                "không bị trùng."
            ) from None
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ):
            raise HubUnknown(
                "Câu trả lời của máy chủ tỉnh bị ngắt giữa chừng. Dữ liệu sẽ được gửi lại tự động, "
                "không bị trùng."
            ) from None
        except requests.exceptions.ConnectionError as exc:
            if exc.args and isinstance(exc.args[0], urllib3.exceptions.ProtocolError):
                raise HubUnknown(
                    f"Mất kết nối với máy chủ tỉnh ({self.host}) giữa chừng, chưa biết máy chủ đã "
                    "nhận hay chưa. Dữ liệu sẽ được gửi lại tự động, không bị trùng."
                ) from None
            raise HubUnknown(
                f"Không kết nối được máy chủ tỉnh ({self.host}). Kiểm tra mạng; quầy vẫn làm việc "
                "bình thường và dữ liệu sẽ tự gửi khi có mạng."
            ) from None
        except requests.exceptions.RequestException:
            raise HubUnknown(
                f"Không kết nối được máy chủ tỉnh ({self.host}). Kiểm tra mạng; quầy vẫn làm việc "
                "bình thường và dữ liệu sẽ tự gửi khi có mạng."
            ) from None
        log.debug("%s %s%s → %s", method, API_PREFIX, path, resp.status_code)
        return self._answer(resp)

    def _answer(self, resp: requests.Response) -> dict[str, Any]:
        content_type = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if resp.headers.get(PROTOCOL_HEADER) != str(PROTOCOL) or content_type != "application/json":
            raise HubUnknown(_not_from_hub(resp.status_code), status=resp.status_code)
        try:
            body = json.loads(resp.content)
        except ValueError:
            raise HubUnknown(
                "Câu trả lời của máy chủ tỉnh bị hỏng (không đọc được). Dữ liệu sẽ được gửi lại "
                "tự động, không bị trùng.",
                status=resp.status_code,
            ) from None
        if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
            raise HubUnknown(_not_from_hub(resp.status_code), status=resp.status_code)
        if 200 <= resp.status_code < 300:
            return body
        code = str(body.get("error", ""))
        hub_message = str(body.get("message", "")).strip()
        said = f": «{hub_message}»" if hub_message else ""
        status = resp.status_code
        if status >= 500 or status in (408, 429):
            retry_after = _retry_after(resp.headers.get("Retry-After"))
            what = "đang quá tải" if status == 429 else "đang gặp sự cố"
            raise HubUnknown(
                f"Máy chủ tỉnh {what} (mã {status}){said}. Dữ liệu sẽ được gửi lại tự động, "
                "không bị trùng.",
                status=status,
                code=code,
                hub_message=hub_message,
                retry_after=retry_after,
                body=body,
            )
        if status == 401:
            said = f" (máy chủ tỉnh: «{hub_message}»)" if hub_message else ""
            raise HubRefused(
                "Máy chủ tỉnh không nhận mã truy cập của quầy: quầy chưa đăng ký hoặc đã bị thu "
                f"hồi{said}. Hãy xin bưu điện tỉnh mã đăng ký mới rồi chạy "
                "motcua enroll --hub ĐỊA-CHỈ --code MÃ.",
                status=status,
                code=code or "unauthorized",
                hub_message=hub_message,
                body=body,
            )
        raise HubRefused(
            f"Máy chủ tỉnh từ chối (mã {status}, {code or 'không rõ'}){said}",
            status=status,
            code=code,
            hub_message=hub_message,
            body=body,
        )
