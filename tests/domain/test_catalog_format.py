from __future__ import annotations

import copy
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from app.domain.catalog_format import (
    CatalogError,
    CatalogProblem,
    catalog_to_dict,
    parse_catalog,
    procedure_from_dict,
    procedure_to_dict,
    route_from_dict,
    route_to_dict,
)
from app.domain.errors import DomainError
from app.domain.procedure import AgencyLevel, DocumentKind, FeeRule


def _valid() -> dict[str, Any]:
    return {
        "format": 1,
        "version": "2026.11-test",
        "province": "Hà Tĩnh",
        "routes": [
            {
                "code": "noi_huyen",
                "name": "Trong một huyện",
                "transit_days": 1,
                "transit_days_with_slip": 2,
                "postage_dossier": 12000,
                "postage_result": 12000,
            },
            {
                "code": "lien_huyen",
                "name": "Giữa các huyện",
                "transit_days": 2,
                "transit_days_with_slip": 4,
                "postage_dossier": 18000,
                "postage_result": 18000,
            },
        ],
        "procedures": [
            {
                "code": "1.001193",
                "name": "Đăng ký khai sinh",
                "short_name": "Khai sinh",
                "field": "Hộ tịch",
                "agency": "UBND xã",
                "agency_level": "commune",
                "by_post": True,
                "processing_days": 0,
                "cutoff_15h": True,
                "route": "noi_huyen",
                "fees": [
                    {"code": "LP-KS", "name": "Lệ phí khai sinh", "rule": "fixed", "amount": 0}
                ],
                "documents": [{"name": "Giấy chứng sinh", "kind": "original", "count": 1}],
                "legal_basis": "Luật Hộ tịch 2014",
                "result_name": "Giấy khai sinh",
                "note": "",
            },
            {
                "code": "1.000894",
                "name": "Đăng ký kết hôn",
                "short_name": "Kết hôn",
                "field": "Hộ tịch",
                "agency": "UBND xã",
                "agency_level": "commune",
                "by_post": False,
                "not_by_post_reason": "Hai bên phải có mặt.",
                "processing_days": 0,
                "route": "noi_huyen",
            },
            {
                "code": "2.000815",
                "name": "Chứng thực bản sao từ bản chính",
                "short_name": "Chứng thực bản sao",
                "field": "Chứng thực",
                "agency": "UBND xã",
                "agency_level": "commune",
                "by_post": True,
                "processing_days": 0,
                "route": "lien_huyen",
                "fees": [
                    {
                        "code": "P-CTBS",
                        "name": "Phí chứng thực bản sao",
                        "rule": "per_page",
                        "first_pages": 2,
                        "first_rate": 2000,
                        "next_rate": 1000,
                        "cap_per_copy": 200000,
                    }
                ],
            },
        ],
    }


def _problems(data: object) -> tuple[CatalogProblem, ...]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(data)
    return info.value.problems


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets data[a][b]... = value; path parts are keys or list indexes."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        target: Any = data
        for part in parents:
            target = target[part]
        target[last] = value

    return mutate


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        target: Any = data
        for part in parents:
            target = target[part]
        del target[last]

    return mutate


K = "procedures[0] (1.001193)"
CT = "procedures[2] (2.000815)"

CASES = [
    ("format missing", _delete("format"), "catalog", "format"),
    ("format 2", _set("format", 2), "catalog", "format"),
    ("format true", _set("format", True), "catalog", "format"),
    ("version empty", _set("version", "  "), "catalog", "version"),
    ("version number", _set("version", 3), "catalog", "version"),
    ("unknown top key", _set("extra", 1), "catalog", "extra"),
    ("routes not list", _set("routes", {}), "catalog", "routes"),
    ("route code missing", _delete("routes/1/code"), "routes[1]", "code"),
    ("route name empty", _set("routes/1/name", ""), "routes[1] (lien_huyen)", "name"),
    (
        "transit negative",
        _set("routes/1/transit_days", -1),
        "routes[1] (lien_huyen)",
        "transit_days",
    ),
    (
        "slip shorter than transit",
        _set("routes/1/transit_days_with_slip", 1),
        "routes[1] (lien_huyen)",
        "transit_days_with_slip",
    ),
    (
        "postage as string",
        _set("routes/1/postage_dossier", "18.000"),
        "routes[1] (lien_huyen)",
        "postage_dossier",
    ),
    (
        "postage float",
        _set("routes/1/postage_result", 1.5),
        "routes[1] (lien_huyen)",
        "postage_result",
    ),
    (
        "misspelt route key",
        _set("routes/0/postage_dosier", 1),
        "routes[0] (noi_huyen)",
        "postage_dosier",
    ),
    ("duplicate route", _set("routes/1/code", "noi_huyen"), "routes[1] (noi_huyen)", "code"),
    ("procedure code missing", _delete("procedures/0/code"), "procedures[0]", "code"),
    (
        "code with space",
        _set("procedures/0/code", "1.001 193"),
        "procedures[0] (1.001 193)",
        "code",
    ),
    (
        "duplicate procedure",
        _set("procedures/2/code", "1.001193"),
        "procedures[2] (1.001193)",
        "code",
    ),
    ("name missing", _delete("procedures/0/name"), K, "name"),
    ("field empty", _set("procedures/0/field", ""), K, "field"),
    ("agency not text", _set("procedures/0/agency", 5), K, "agency"),
    (
        "short name too long",
        _set("procedures/0/short_name", "Đăng ký khai sinh đúng hạn"),
        K,
        "short_name",
    ),
    ("agency level bad", _set("procedures/0/agency_level", "district"), K, "agency_level"),
    ("by_post string", _set("procedures/0/by_post", "true"), K, "by_post"),
    ("by_post missing", _delete("procedures/0/by_post"), K, "by_post"),
    (
        "not by post without reason",
        _set("procedures/1/not_by_post_reason", ""),
        "procedures[1] (1.000894)",
        "not_by_post_reason",
    ),
    ("processing negative", _set("procedures/0/processing_days", -2), K, "processing_days"),
    ("processing huge", _set("procedures/0/processing_days", 5000), K, "processing_days"),
    ("processing bool", _set("procedures/0/processing_days", False), K, "processing_days"),
    ("cutoff not bool", _set("procedures/0/cutoff_15h", 1), K, "cutoff_15h"),
    ("route unknown", _set("procedures/0/route", "lien_tinh"), K, "route"),
    ("route missing", _delete("procedures/0/route"), K, "route"),
    ("unknown procedure key", _set("procedures/0/fee", []), K, "fee"),
    ("fees not list", _set("procedures/0/fees", {}), K, "fees"),
    ("fee not object", _set("procedures/0/fees", [3]), K, "fees[0]"),
    ("fee code missing", _delete("procedures/0/fees/0/code"), K, "fees[0].code"),
    ("fee name empty", _set("procedures/0/fees/0/name", ""), K, "fees[0].name"),
    ("fee rule bad", _set("procedures/0/fees/0/rule", "per_line"), K, "fees[0].rule"),
    ("fee amount negative", _set("procedures/0/fees/0/amount", -1), K, "fees[0].amount"),
    ("fixed with cap", _set("procedures/0/fees/0/cap_per_copy", 5), K, "fees[0].cap_per_copy"),
    ("fixed with rate", _set("procedures/0/fees/0/first_rate", 5), K, "fees[0].first_rate"),
    (
        "duplicate fee code",
        _set("procedures/0/fees", [{"code": "A", "name": "x"}, {"code": "A", "name": "y"}]),
        K,
        "fees[1].code",
    ),
    (
        "per page no first pages",
        _set("procedures/2/fees/0/first_pages", 0),
        CT,
        "fees[0].first_pages",
    ),
    ("per page no rate", _set("procedures/2/fees/0/first_rate", 0), CT, "fees[0].first_rate"),
    ("per page with amount", _set("procedures/2/fees/0/amount", 5000), CT, "fees[0].amount"),
    (
        "cap below a page",
        _set("procedures/2/fees/0/cap_per_copy", 1000),
        CT,
        "fees[0].cap_per_copy",
    ),
    ("negative next rate", _set("procedures/2/fees/0/next_rate", -1), CT, "fees[0].next_rate"),
    ("document name missing", _delete("procedures/0/documents/0/name"), K, "documents[0].name"),
    ("document kind bad", _set("procedures/0/documents/0/kind", "copy"), K, "documents[0].kind"),
    ("document kind missing", _delete("procedures/0/documents/0/kind"), K, "documents[0].kind"),
    ("document count zero", _set("procedures/0/documents/0/count", 0), K, "documents[0].count"),
    (
        "document optional text",
        _set("procedures/0/documents/0/optional", "no"),
        K,
        "documents[0].optional",
    ),
    ("document unknown key", _set("procedures/0/documents/0/copies", 1), K, "documents[0].copies"),
]


@pytest.mark.parametrize(
    ("mutate", "entry", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule_names_entry_and_field(mutate, entry, field):
    data = _valid()
    mutate(data)
    problems = _problems(data)
    assert (entry, field) in {(p.entry, p.field) for p in problems}, problems
    for p in problems:
        assert p.message.strip()
        assert unicodedata.is_normalized("NFC", p.message)


def test_valid_catalog_parses():
    catalog = parse_catalog(_valid())
    assert catalog.version == "2026.11-test"
    assert list(catalog.routes) == ["noi_huyen", "lien_huyen"]
    khai_sinh = catalog.procedures["1.001193"]
    assert khai_sinh.agency_level is AgencyLevel.COMMUNE
    assert khai_sinh.cutoff_15h is True
    assert khai_sinh.documents[0].kind is DocumentKind.ORIGINAL
    assert khai_sinh.documents[0].optional is False
    ket_hon = catalog.procedures["1.000894"]
    assert ket_hon.by_post is False and ket_hon.fees == () and ket_hon.documents == ()
    per_page = catalog.procedures["2.000815"].fees[0]
    assert per_page.rule is FeeRule.PER_PAGE
    assert (per_page.first_pages, per_page.first_rate, per_page.next_rate) == (2, 2000, 1000)
    assert per_page.cap_per_copy == 200000


def test_all_problems_are_collected_before_raising():
    data = _valid()
    data["version"] = ""
    data["routes"][0]["transit_days"] = -1
    data["procedures"][0]["short_name"] = "x" * 30
    data["procedures"][2]["route"] = "khong_co"
    problems = _problems(data)
    found = {(p.entry, p.field) for p in problems}
    assert {
        ("catalog", "version"),
        ("routes[0] (noi_huyen)", "transit_days"),
        (K, "short_name"),
        (CT, "route"),
    } <= found


def test_error_message_is_vietnamese_summary():
    data = _valid()
    data["procedures"][0]["agency_level"] = "district"
    with pytest.raises(CatalogError) as info:
        parse_catalog(data)
    assert isinstance(info.value, DomainError)
    assert "Danh mục thủ tục có 1 lỗi" in info.value.message
    assert "agency_level" in info.value.message
    assert "commune" in info.value.problems[0].message


def test_not_a_mapping_is_one_problem():
    problems = _problems([1, 2])
    assert [(p.entry, p.field) for p in problems] == [("catalog", "")]


def test_missing_lists_are_reported():
    problems = _problems({"format": 1, "version": "v"})
    assert {("catalog", "routes"), ("catalog", "procedures")} <= {
        (p.entry, p.field) for p in problems
    }


def test_catalog_error_needs_problems():
    with pytest.raises(ValueError):
        CatalogError([])


def test_text_is_nfc_normalised_and_trimmed():
    data = _valid()
    decomposed = unicodedata.normalize("NFD", "Đăng ký  khai sinh ")
    assert decomposed != "Đăng ký khai sinh"
    data["procedures"][0]["name"] = decomposed
    data["procedures"][0]["short_name"] = unicodedata.normalize("NFD", "Khai sinh")
    procedure = parse_catalog(data).procedures["1.001193"]
    assert procedure.name == "Đăng ký khai sinh"
    assert unicodedata.is_normalized("NFC", procedure.short_name)


def test_short_name_limit_counts_nfc_characters():
    data = _valid()
    # 24 letters with diacritics: longer than 24 code points in NFD, exactly 24 in NFC.
    name = "Đăng ký lại khai sinh ạ!"
    assert len(name) == 24
    data["procedures"][0]["short_name"] = unicodedata.normalize("NFD", name)
    assert parse_catalog(data).procedures["1.001193"].short_name == name


def test_catalog_round_trip():
    catalog = parse_catalog(_valid())
    document = catalog_to_dict(catalog)
    assert document["format"] == 1
    assert parse_catalog(copy.deepcopy(document)) == catalog


def test_procedure_round_trip_has_file_shape():
    catalog = parse_catalog(_valid())
    for procedure in catalog.procedures.values():
        d = procedure_to_dict(procedure)
        assert d["agency_level"] in {"commune", "province", "central"}
        assert all(isinstance(f["rule"], str) for f in d["fees"])
        assert procedure_from_dict(d) == procedure


def test_route_round_trip():
    catalog = parse_catalog(_valid())
    for route in catalog.routes.values():
        assert route_from_dict(route_to_dict(route)) == route


def test_procedure_from_dict_reports_problems():
    d = _valid()["procedures"][1]
    d["by_post"] = False
    d["not_by_post_reason"] = ""
    with pytest.raises(CatalogError) as info:
        procedure_from_dict(d)
    assert [(p.entry, p.field) for p in info.value.problems] == [
        ("procedure (1.000894)", "not_by_post_reason")
    ]


def test_route_from_dict_reports_problems():
    with pytest.raises(CatalogError) as info:
        route_from_dict({"code": "x", "name": "X", "transit_days": 1})
    assert [(p.entry, p.field) for p in info.value.problems] == [
        ("route (x)", "transit_days_with_slip")
    ]


def test_problem_str_names_entry_and_field():
    problem = CatalogProblem("routes[1] (lien_huyen)", "transit_days", "phải lớn hơn 0.")
    assert str(problem) == "routes[1] (lien_huyen), trường «transit_days»: phải lớn hơn 0."
