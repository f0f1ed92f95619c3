"""The catalog shipped in resources/ must load cleanly and meet the product's minimums."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from app.domain.catalog_format import SHORT_NAME_MAX, catalog_to_dict, parse_catalog
from app.domain.fees import compute_fees, postage
from app.domain.procedure import Catalog, FeeRule

CATALOG_PATH = Path(__file__).resolve().parents[1] / "resources" / "catalog" / "catalog.json"
NATIONAL_CODE = re.compile(r"^\d\.\d{6}(\.[A-Z]\d{2})?$")


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(CATALOG_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(raw) -> Catalog:
    return parse_catalog(raw)


def test_parses_without_problems(catalog, raw):
    assert catalog.version == raw["version"] == "2026.11-demo-1"
    assert len(catalog.procedures) == len(raw["procedures"])


def test_file_is_nfc():
    text = CATALOG_PATH.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_has_at_least_15_procedures(catalog):
    assert len(catalog.procedures) >= 15


def test_some_procedures_are_not_by_post_with_a_reason(catalog):
    refused = [p for p in catalog.procedures.values() if not p.by_post]
    assert refused
    assert all(len(p.not_by_post_reason) > 20 for p in refused)
    marriage = catalog.procedures["1.000894"]
    assert not marriage.by_post
    assert "QĐ 45" in marriage.not_by_post_reason


def test_every_route_exists(catalog):
    for procedure in catalog.procedures.values():
        assert procedure.route in catalog.routes, procedure.code


def test_short_names_fit_the_label(catalog):
    for procedure in catalog.procedures.values():
        assert 0 < len(procedure.short_name) <= SHORT_NAME_MAX, procedure.code


def test_transit_table_matches_tt17_article_7(catalog):
    table = {
        code: (route.transit_days, route.transit_days_with_slip)
        for code, route in catalog.routes.items()
    }
    assert table == {
        "noi_huyen": (1, 2),
        "lien_huyen": (2, 4),
        "lien_tinh_do_thi": (3, 6),
        "lien_tinh": (4, 8),
        "tai_xa": (0, 0),
    }


def test_codes_are_national_or_marked_unconfirmed(catalog):
    for procedure in catalog.procedures.values():
        if not NATIONAL_CODE.match(procedure.code):
            assert "chưa xác nhận" in procedure.note, procedure.code


def test_required_procedures_present(catalog):
    names = " | ".join(p.name.lower() for p in catalog.procedures.values())
    for wanted in (
        "đăng ký khai sinh",
        "đăng ký khai tử",
        "đăng ký kết hôn",
        "nhận cha, mẹ, con",
        "cải chính",
        "tình trạng hôn nhân",
        "chứng thực bản sao",
        "chứng thực chữ ký",
        "chứng thực hợp đồng",
        "giám hộ",
        "trích lục",
        "khai sinh kết hợp",
        "đăng ký lại khai sinh",
        "đăng ký lại khai tử",
    ):
        assert wanted in names, wanted


def test_certified_copy_fee_matches_tt226(catalog):
    procedure = catalog.procedures["2.000815"]
    assert procedure.fees[0].rule is FeeRule.PER_PAGE
    assert [compute_fees(procedure, pages=n)[0].amount for n in (1, 2, 3, 10, 300)] == [
        2000,
        4000,
        5000,
        12000,
        200_000,
    ]


def test_fixed_fees_of_the_shipped_catalog(catalog):
    def total(code: str) -> int:
        return sum(line.amount for line in compute_fees(catalog.procedures[code]))

    assert total("2.000884") == 10_000  # chứng thực chữ ký
    assert total("1.001193") == 0  # khai sinh đúng hạn


def test_every_procedure_computes_fees(catalog):
    for procedure in catalog.procedures.values():
        lines = compute_fees(procedure, pages=1)
        assert all(line.amount >= 0 for line in lines)
        assert postage(catalog.routes[procedure.route], True) >= 0


def test_round_trip_of_shipped_catalog(catalog):
    assert parse_catalog(catalog_to_dict(catalog)) == catalog
