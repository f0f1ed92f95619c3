"""The procedure catalog's JSON shape: a validating loader and the way back to JSON.

Pure: it takes data already parsed by ``json`` and returns domain objects. File I/O lives in the
callers (``motcua catalog import FILE``). Every problem in the file is collected before anything
is raised, so whoever edits the catalog fixes the whole file in one pass. See docs/catalog.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from app.domain.errors import DomainError
from app.domain.procedure import (
    AgencyLevel,
    Catalog,
    DocumentKind,
    FeeItem,
    FeeRule,
    Procedure,
    RequiredDocument,
    Route,
)
from app.domain.text import nfc

FORMAT_VERSION = 1
SHORT_NAME_MAX = 24  # what fits on the 50×30 mm label
CODE_MAX = 40
MAX_DAYS = 365  # a working-day count above a year is a typing error, not a procedure
MAX_AMOUNT = 100_000_000  # VND; no commune-counter fee comes near it

_TOP_KEYS = frozenset({"format", "version", "province", "note", "routes", "procedures"})
_ROUTE_KEYS = (
    "code",
    "name",
    "transit_days",
    "transit_days_with_slip",
    "postage_dossier",
    "postage_result",
)
_PROCEDURE_KEYS = (
    "code",
    "name",
    "short_name",
    "field",
    "agency",
    "agency_level",
    "by_post",
    "not_by_post_reason",
    "processing_days",
    "cutoff_15h",
    "route",
    "fees",
    "documents",
    "legal_basis",
    "result_name",
    "note",
)
_FEE_KEYS = (
    "code",
    "name",
    "rule",
    "amount",
    "first_pages",
    "first_rate",
    "next_rate",
    "cap_per_copy",
    "note",
)
_DOCUMENT_KEYS = ("name", "kind", "count", "optional", "note")

_E = TypeVar("_E", AgencyLevel, FeeRule, DocumentKind)
_T = TypeVar("_T")


@dataclass(frozen=True)
class CatalogProblem:
    """One problem in the catalog file.

    ``entry`` names the record ("procedures[3] (1.001193)", "routes[1] (lien_huyen)", "catalog");
    ``field`` the key inside it ("fees[0].amount"); ``message`` says in Vietnamese what to fix.
    """

    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.entry}, trường «{self.field}»" if self.field else self.entry
        return f"{where}: {self.message}"


class CatalogError(DomainError):
    """The catalog file cannot be used. Nothing was loaded; ``problems`` lists every fault."""

    def __init__(self, problems: tuple[CatalogProblem, ...] | list[CatalogProblem]) -> None:
        self.problems: tuple[CatalogProblem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("CatalogError needs at least one CatalogProblem")
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = len(self.problems) - 5
        tail = f"; và {more} lỗi khác" if more > 0 else ""
        super().__init__(
            f"Danh mục thủ tục có {len(self.problems)} lỗi, chưa được nạp. "
            f"Sửa tệp rồi nhập lại: {shown}{tail}."
        )


class _Reader:
    """Reads one JSON object (a route, a procedure, ...) and records what is wrong with it."""

    def __init__(
        self, data: Mapping[str, Any], entry: str, problems: list[CatalogProblem], prefix: str = ""
    ) -> None:
        self.data = data
        self.entry = entry
        self.problems = problems
        self.prefix = prefix

    def problem(self, key: str, message: str) -> None:
        self.problems.append(CatalogProblem(self.entry, self.prefix + key, message))

    def unknown_keys(self, allowed: tuple[str, ...] | frozenset[str]) -> None:
        # A misspelt key ("postage_dosier") would otherwise be dropped silently and default to 0.
        for key in self.data:
            if key not in allowed:
                self.problem(
                    str(key), "trường không có trong định dạng danh mục; xóa hoặc sửa tên trường."
                )

    def text(self, key: str, *, required: bool = True, max_len: int | None = None) -> str:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problem(key, "thiếu trường bắt buộc; nhập nội dung bằng chữ.")
            return ""
        value = self.data[key]
        if not isinstance(value, str):
            self.problem(key, "phải là chuỗi chữ (đặt trong dấu ngoặc kép).")
            return ""
        value = nfc(value)
        if required and not value:
            self.problem(key, "không được để trống.")
        if max_len is not None and len(value) > max_len:
            self.problem(
                key, f"dài {len(value)} ký tự, tối đa {max_len}; rút gọn lại cho vừa nhãn."
            )
        return value

    def code(self, key: str = "code") -> str:
        value = self.text(key, max_len=CODE_MAX)
        if value and " " in value:
            self.problem(key, "mã không được có khoảng trắng.")
        return value

    def integer(
        self, key: str, *, default: int | None = None, minimum: int = 0, maximum: int = MAX_AMOUNT
    ) -> int:
        if key not in self.data or self.data[key] is None:
            if default is None:
                self.problem(key, "thiếu trường bắt buộc; nhập một số nguyên.")
                return 0
            return default
        value = self.data[key]
        # JSON true/false are ints to Python; a fee of "true" is a mistake, not 1 đồng.
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "phải là số nguyên, không có dấu chấm, dấu phẩy hay đơn vị.")
            return default or 0
        if value < minimum:
            self.problem(key, f"phải lớn hơn hoặc bằng {minimum}.")
        elif value > maximum:
            self.problem(key, f"không được lớn hơn {maximum}; kiểm tra lại con số.")
        return value

    def optional_integer(self, key: str) -> int | None:
        if key not in self.data or self.data[key] is None:
            return None
        return self.integer(key)

    def boolean(self, key: str, *, default: bool | None = None) -> bool:
        if key not in self.data or self.data[key] is None:
            if default is None:
                self.problem(key, "thiếu trường bắt buộc; ghi true hoặc false.")
                return False
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self.problem(key, "phải là true hoặc false (không đặt trong ngoặc kép).")
            return bool(default)
        return value

    def choice(self, key: str, enum: type[_E], *, default: _E | None = None) -> _E | None:
        if key not in self.data or self.data[key] is None:
            if default is None:
                self.problem(key, "thiếu trường bắt buộc.")
            return default
        value = self.data[key]
        allowed = ", ".join(f"«{m.value}»" for m in enum)
        if not isinstance(value, str):
            self.problem(key, f"phải là một trong {allowed}.")
            return None
        try:
            return enum(value.strip())
        except ValueError:
            self.problem(key, f"«{value}» không hợp lệ; chỉ nhận {allowed}.")
            return None

    def items(self, key: str) -> list[tuple[int, Mapping[str, Any]]]:
        if key not in self.data or self.data[key] is None:
            return []
        value = self.data[key]
        if not isinstance(value, list):
            self.problem(key, "phải là một danh sách [ ... ].")
            return []
        out: list[tuple[int, Mapping[str, Any]]] = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((i, item))
            else:
                self.problem(f"{key}[{i}]", "mỗi phần tử phải là một đối tượng { ... }.")
        return out


def _entry(kind: str, index: int | None, data: Mapping[str, Any]) -> str:
    where = kind if index is None else f"{kind}[{index}]"
    code = data.get("code")
    if isinstance(code, str) and code.strip():
        return f"{where} ({nfc(code)})"
    return where


def _read_route(data: Mapping[str, Any], entry: str, problems: list[CatalogProblem]) -> Route:
    r = _Reader(data, entry, problems)
    r.unknown_keys(_ROUTE_KEYS)
    code = r.code()
    name = r.text("name")
    before = len(problems)
    transit = r.integer("transit_days", maximum=MAX_DAYS)
    with_slip = r.integer("transit_days_with_slip", maximum=MAX_DAYS)
    # Compare only two good numbers; a missing one is already reported.
    if len(problems) == before and with_slip < transit:
        r.problem(
            "transit_days_with_slip",
            "không được nhỏ hơn transit_days (phải chờ phiếu hẹn quay về nên lâu hơn).",
        )
    return Route(
        code=code,
        name=name,
        transit_days=transit,
        transit_days_with_slip=with_slip,
        postage_dossier=r.integer("postage_dossier", default=0),
        postage_result=r.integer("postage_result", default=0),
    )


def _read_fee(r: _Reader) -> FeeItem:
    r.unknown_keys(_FEE_KEYS)
    rule = r.choice("rule", FeeRule, default=FeeRule.FIXED) or FeeRule.FIXED
    amount = r.integer("amount", default=0)
    first_pages = r.integer("first_pages", default=0, maximum=10_000)
    first_rate = r.integer("first_rate", default=0)
    next_rate = r.integer("next_rate", default=0)
    cap = r.optional_integer("cap_per_copy")
    if rule is FeeRule.PER_PAGE:
        if amount:
            r.problem("amount", "phí tính theo trang không dùng amount; để 0 hoặc bỏ trường này.")
        if first_pages < 1:
            r.problem("first_pages", "phí tính theo trang cần first_pages từ 1 trở lên.")
        if first_rate < 1:
            r.problem("first_rate", "phí tính theo trang cần first_rate lớn hơn 0.")
        if cap is not None and cap < first_rate:
            r.problem("cap_per_copy", "mức trần một bản không được nhỏ hơn giá một trang.")
    else:
        for key, value in (
            ("first_pages", first_pages),
            ("first_rate", first_rate),
            ("next_rate", next_rate),
        ):
            if value:
                r.problem(key, "chỉ dùng khi rule là «per_page»; để 0 hoặc bỏ trường này.")
        if cap is not None:
            r.problem("cap_per_copy", "chỉ dùng khi rule là «per_page»; để null hoặc bỏ.")
    return FeeItem(
        code=r.code(),
        name=r.text("name"),
        rule=rule,
        amount=amount,
        first_pages=first_pages,
        first_rate=first_rate,
        next_rate=next_rate,
        cap_per_copy=cap,
        note=r.text("note", required=False),
    )


def _read_document(r: _Reader) -> RequiredDocument:
    r.unknown_keys(_DOCUMENT_KEYS)
    kind = r.choice("kind", DocumentKind) or DocumentKind.ORIGINAL
    return RequiredDocument(
        name=r.text("name"),
        kind=kind,
        count=r.integer("count", default=1, minimum=1, maximum=99),
        optional=r.boolean("optional", default=False),
        note=r.text("note", required=False),
    )


def _read_procedure(
    data: Mapping[str, Any],
    entry: str,
    problems: list[CatalogProblem],
    route_codes: set[str] | None,
) -> Procedure:
    r = _Reader(data, entry, problems)
    r.unknown_keys(_PROCEDURE_KEYS)
    code = r.code()
    by_post = r.boolean("by_post")
    reason = r.text("not_by_post_reason", required=False)
    if "by_post" in data and data["by_post"] is False and not reason:
        r.problem(
            "not_by_post_reason",
            "thủ tục không nhận qua bưu chính phải ghi lý do (căn cứ pháp lý) để quầy giải thích "
            "cho người dân.",
        )
    route = r.code("route")
    if route and route_codes is not None and route not in route_codes:
        known = ", ".join(sorted(route_codes)) or "(chưa có tuyến nào)"
        r.problem("route", f"tuyến «{route}» không có trong mục routes; dùng một trong: {known}.")

    fees: list[FeeItem] = []
    fee_codes: set[str] = set()
    for i, item in r.items("fees"):
        fee = _read_fee(_Reader(item, entry, problems, prefix=f"fees[{i}]."))
        if fee.code and fee.code in fee_codes:
            r.problem(f"fees[{i}].code", f"mã khoản phí «{fee.code}» bị lặp trong thủ tục này.")
        fee_codes.add(fee.code)
        fees.append(fee)
    documents = [
        _read_document(_Reader(item, entry, problems, prefix=f"documents[{i}]."))
        for i, item in r.items("documents")
    ]
    return Procedure(
        code=code,
        name=r.text("name"),
        short_name=r.text("short_name", max_len=SHORT_NAME_MAX),
        field=r.text("field"),
        agency=r.text("agency"),
        agency_level=r.choice("agency_level", AgencyLevel) or AgencyLevel.COMMUNE,
        by_post=by_post,
        processing_days=r.integer("processing_days", maximum=MAX_DAYS),
        route=route,
        cutoff_15h=r.boolean("cutoff_15h", default=False),
        not_by_post_reason=reason,
        fees=tuple(fees),
        documents=tuple(documents),
        legal_basis=r.text("legal_basis", required=False),
        note=r.text("note", required=False),
        result_name=r.text("result_name", required=False),
    )


def parse_catalog(data: object) -> Catalog:
    """Validate a parsed catalog document and build the Catalog; raise CatalogError otherwise."""
    problems: list[CatalogProblem] = []
    if not isinstance(data, Mapping):
        raise CatalogError(
            [CatalogProblem("catalog", "", "tệp danh mục phải là một đối tượng JSON { ... }.")]
        )
    top = _Reader(data, "catalog", problems)
    top.unknown_keys(_TOP_KEYS)
    fmt = data.get("format")
    if isinstance(fmt, bool) or fmt != FORMAT_VERSION:
        top.problem(
            "format",
            f"phiên bản định dạng «{fmt}» không được hỗ trợ; phần mềm này đọc format = "
            f"{FORMAT_VERSION}. Cập nhật phần mềm hoặc xin tỉnh tệp đúng định dạng.",
        )
    version = top.text("version")
    top.text("province", required=False)
    top.text("note", required=False)

    routes: dict[str, Route] = {}
    if "routes" not in data:
        top.problem("routes", "thiếu danh sách tuyến chuyển phát.")
    for i, item in top.items("routes"):
        entry = _entry("routes", i, item)
        route = _read_route(item, entry, problems)
        if route.code in routes:
            problems.append(CatalogProblem(entry, "code", "mã tuyến bị trùng với một tuyến trước."))
        elif route.code:
            routes[route.code] = route

    procedures: dict[str, Procedure] = {}
    if "procedures" not in data:
        top.problem("procedures", "thiếu danh sách thủ tục.")
    for i, item in top.items("procedures"):
        entry = _entry("procedures", i, item)
        procedure = _read_procedure(item, entry, problems, set(routes))
        if procedure.code in procedures:
            problems.append(
                CatalogProblem(entry, "code", "mã thủ tục bị trùng với một thủ tục trước.")
            )
        elif procedure.code:
            procedures[procedure.code] = procedure

    if problems:
        raise CatalogError(problems)
    return Catalog(version=version, routes=routes, procedures=procedures)


def _single(
    data: Mapping[str, Any],
    kind: str,
    read: Callable[[Mapping[str, Any], str, list[CatalogProblem]], _T],
) -> _T:
    if not isinstance(data, Mapping):
        raise CatalogError([CatalogProblem(kind, "", "phải là một đối tượng JSON { ... }.")])
    problems: list[CatalogProblem] = []
    value = read(data, _entry(kind, None, data), problems)
    if problems:
        raise CatalogError(problems)
    return value


def route_from_dict(d: Mapping[str, Any]) -> Route:
    """One route in the file's JSON shape; raise CatalogError if it is invalid."""
    return _single(d, "route", _read_route)


def procedure_from_dict(d: Mapping[str, Any]) -> Procedure:
    """One procedure in the file's JSON shape. Its route is not checked (no route table here)."""

    def read(data: Mapping[str, Any], entry: str, problems: list[CatalogProblem]) -> Procedure:
        return _read_procedure(data, entry, problems, None)

    return _single(d, "procedure", read)


def route_to_dict(route: Route) -> dict[str, Any]:
    return {
        "code": route.code,
        "name": route.name,
        "transit_days": route.transit_days,
        "transit_days_with_slip": route.transit_days_with_slip,
        "postage_dossier": route.postage_dossier,
        "postage_result": route.postage_result,
    }


def _fee_to_dict(fee: FeeItem) -> dict[str, Any]:
    return {
        "code": fee.code,
        "name": fee.name,
        "rule": fee.rule.value,
        "amount": fee.amount,
        "first_pages": fee.first_pages,
        "first_rate": fee.first_rate,
        "next_rate": fee.next_rate,
        "cap_per_copy": fee.cap_per_copy,
        "note": fee.note,
    }


def _document_to_dict(document: RequiredDocument) -> dict[str, Any]:
    return {
        "name": document.name,
        "kind": document.kind.value,
        "count": document.count,
        "optional": document.optional,
        "note": document.note,
    }


def procedure_to_dict(p: Procedure) -> dict[str, Any]:
    """The procedure in the file's JSON shape (key order as in docs/catalog.md)."""
    return {
        "code": p.code,
        "name": p.name,
        "short_name": p.short_name,
        "field": p.field,
        "agency": p.agency,
        "agency_level": p.agency_level.value,
        "by_post": p.by_post,
        "not_by_post_reason": p.not_by_post_reason,
        "processing_days": p.processing_days,
        "cutoff_15h": p.cutoff_15h,
        "route": p.route,
        "fees": [_fee_to_dict(f) for f in p.fees],
        "documents": [_document_to_dict(d) for d in p.documents],
        "legal_basis": p.legal_basis,
        "result_name": p.result_name,
        "note": p.note,
    }


def catalog_to_dict(c: Catalog) -> dict[str, Any]:
    """The whole catalog as a document that parse_catalog reads back to an equal Catalog."""
    return {
        "format": FORMAT_VERSION,
        "version": c.version,
        "routes": [route_to_dict(r) for r in c.routes.values()],
        "procedures": [procedure_to_dict(p) for p in c.procedures.values()],
    }
