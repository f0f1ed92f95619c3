"""Sending raw printer language (ZPL) to a label printer: TCP 9100, a CUPS raw queue, a Windows
share or a file path. No Qt; errors are ``DomainError`` in Vietnamese saying what to check."""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.domain.errors import DomainError

RAW_PORT = 9100  # "JetDirect"/raw port of Zebra and most network printers
TIMEOUT_S = 10.0


class RawKind(StrEnum):
    NETWORK = "network"  # host:port
    CUPS = "cups"  # a CUPS queue, sent with lp -o raw
    PATH = "path"  # \\host\share (Windows shared printer) or a file/device path


@dataclass(frozen=True)
class RawTarget:
    kind: RawKind
    address: str  # "192.168.1.50[:9100]", a queue name, or a path

    def describe(self) -> str:
        return self.address


def parse_host_port(address: str) -> tuple[str, int]:
    host, _, port = address.strip().rpartition(":")
    if not host:
        host, port = address.strip(), str(RAW_PORT)
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise DomainError(
            f"Địa chỉ máy in nhãn «{address}» không đúng. Nhập dạng 192.168.1.50 hoặc "
            "192.168.1.50:9100."
        )
    return host.strip("[]"), int(port)


def check_address(kind: RawKind, address: str) -> None:
    """Refuse an address that cannot work for ``kind`` (``DomainError``); no I/O, so the
    settings page can check it as it is typed."""
    text = address.strip()
    if not text:
        examples = {
            RawKind.NETWORK: "địa chỉ IP của máy in, ví dụ 192.168.1.50:9100",
            RawKind.CUPS: "tên hàng in CUPS, ví dụ zebra (xem bằng lệnh lpstat -p)",
            RawKind.PATH: "đường dẫn, ví dụ \\\\tên-máy\\tên-máy-in hoặc /dev/usb/lp0",
        }
        raise DomainError(f"Chưa nhập địa chỉ máy in nhãn. Nhập {examples[kind]}.")
    if kind is RawKind.NETWORK:
        host, _port = parse_host_port(text)
        if any(c.isspace() or c in "/\\" for c in host):
            raise DomainError(
                f"Địa chỉ máy in nhãn «{address}» không đúng. Nhập dạng 192.168.1.50 hoặc "
                "192.168.1.50:9100."
            )
    elif kind is RawKind.CUPS and any(c.isspace() or c in "/\\#" for c in text):
        raise DomainError(
            f"Tên hàng in «{address}» không đúng: tên hàng in CUPS không có dấu cách, /, \\ "
            "hay #. Xem tên đúng bằng lệnh lpstat -p."
        )


def send_network(address: str, data: bytes, timeout: float = TIMEOUT_S) -> None:
    host, port = parse_host_port(address)
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
    except TimeoutError as exc:
        raise DomainError(
            f"Máy in nhãn {host}:{port} không trả lời. Kiểm tra máy in đã bật, cắm cáp mạng và "
            "địa chỉ IP đúng (in trang cấu hình của máy in để xem)."
        ) from exc
    except OSError as exc:
        raise DomainError(
            f"Không kết nối được máy in nhãn {host}:{port} ({exc.strerror or exc}). Kiểm tra "
            "địa chỉ IP, cổng (thường là 9100) và máy tính cùng mạng với máy in."
        ) from exc


def send_cups(queue: str, data: bytes, title: str = "motcua") -> None:
    try:
        result = subprocess.run(
            ["lp", "-d", queue, "-o", "raw", "-t", title],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except FileNotFoundError as exc:
        raise DomainError(
            "Máy này không có lệnh in lp của CUPS. Cài gói cups-client hoặc chọn cách gửi khác."
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise DomainError(f"Hàng in «{queue}» không nhận lệnh in. Kiểm tra dịch vụ CUPS.") from exc
    if result.returncode != 0:
        reason = result.stderr.decode(errors="replace").strip()
        raise DomainError(
            f"Hàng in «{queue}» từ chối lệnh in: {reason}. Kiểm tra tên hàng in (lpstat -p) và "
            "hàng in đang bật."
        )


def send_path(path: str, data: bytes) -> None:
    """A Windows shared printer (\\\\host\\share), a device or a file: written as bytes."""
    try:
        with Path(path).open("wb") as target:
            target.write(data)
    except OSError as exc:
        raise DomainError(
            f"Không gửi được tới «{path}» ({exc.strerror or exc}). Với máy in chia sẻ, kiểm "
            "tra tên máy và tên chia sẻ (\\\\tên-máy\\tên-máy-in) và máy in đã được chia sẻ."
        ) from exc


def send_raw(target: RawTarget, data: bytes, title: str = "motcua") -> None:
    if not target.address.strip():
        raise DomainError("Chưa nhập địa chỉ máy in nhãn. Mở Cài đặt → Máy in để nhập.")
    if target.kind is RawKind.NETWORK:
        send_network(target.address, data)
    elif target.kind is RawKind.CUPS:
        send_cups(target.address, data, title)
    else:
        send_path(target.address, data)
