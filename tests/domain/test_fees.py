from __future__ import annotations

import pytest

from app.domain.dossier import FeeLine
from app.domain.errors import ValidationFailed
from app.domain.fees import compute_fees, per_page_amount, postage
from app.domain.procedure import AgencyLevel, FeeItem, FeeRule, Procedure, Route

CERTIFIED_COPY = FeeItem(
    code="P-CTBS",
    name="Phí chứng thực bản sao từ bản chính",
    rule=FeeRule.PER_PAGE,
    first_pages=2,
    first_rate=2000,
    next_rate=1000,
    cap_per_copy=200_000,
)


def _procedure(*fees: FeeItem) -> Procedure:
    return Procedure(
        code="T.1",
        name="Thủ tục thử",
        short_name="Thử",
        field="Chứng thực",
        agency="UBND xã",
        agency_level=AgencyLevel.COMMUNE,
        by_post=True,
        processing_days=0,
        route="noi_huyen",
        fees=fees,
    )


@pytest.mark.parametrize(
    ("pages", "expected"),
    [(1, 2000), (2, 4000), (3, 5000), (10, 12000), (198, 200_000), (199, 200_000), (300, 200_000)],
)
def test_certified_copy_per_page(pages, expected):
    lines = compute_fees(_procedure(CERTIFIED_COPY), pages=pages)
    assert lines == (FeeLine("P-CTBS", "Phí chứng thực bản sao từ bản chính", expected),)


def test_cap_is_reached_exactly_at_198_pages():
    # 2 × 2,000 + 196 × 1,000 = 200,000; one page less stays under the cap.
    assert per_page_amount(CERTIFIED_COPY, 197) == 199_000
    assert per_page_amount(CERTIFIED_COPY, 198) == 200_000


@pytest.mark.parametrize(("pages", "per_copy"), [(1, 2000), (3, 5000), (300, 200_000)])
def test_two_copies_double(pages, per_copy):
    (line,) = compute_fees(_procedure(CERTIFIED_COPY), pages=pages, copies=2)
    assert line.amount == 2 * per_copy


def test_cap_applies_per_copy_not_per_dossier():
    (line,) = compute_fees(_procedure(CERTIFIED_COPY), pages=300, copies=3)
    assert line.amount == 600_000


def test_per_page_without_cap():
    item = FeeItem(
        "X", "Không trần", FeeRule.PER_PAGE, first_pages=1, first_rate=500, next_rate=100
    )
    (line,) = compute_fees(_procedure(item), pages=10_000)
    assert line.amount == 500 + 9_999 * 100


def test_fixed_fee_ignores_pages_and_copies():
    item = FeeItem("P-CTCK", "Phí chứng thực chữ ký", FeeRule.FIXED, amount=10_000)
    assert compute_fees(_procedure(item)) == (FeeLine("P-CTCK", "Phí chứng thực chữ ký", 10_000),)
    assert compute_fees(_procedure(item), pages=7, copies=3)[0].amount == 10_000


def test_free_fixed_item_is_kept_as_zero_line():
    item = FeeItem("LP-KS", "Lệ phí đăng ký khai sinh", FeeRule.FIXED, amount=0)
    assert compute_fees(_procedure(item)) == (FeeLine("LP-KS", "Lệ phí đăng ký khai sinh", 0),)


def test_several_items_keep_catalog_order():
    fixed = FeeItem("A", "Khoản A", FeeRule.FIXED, amount=30_000)
    lines = compute_fees(_procedure(fixed, CERTIFIED_COPY), pages=3, copies=1)
    assert [(line.code, line.amount) for line in lines] == [("A", 30_000), ("P-CTBS", 5000)]


def test_no_fee_items_gives_no_lines():
    assert compute_fees(_procedure()) == ()


@pytest.mark.parametrize("pages", [0, -1])
def test_per_page_needs_at_least_one_page(pages):
    with pytest.raises(ValidationFailed) as info:
        compute_fees(_procedure(CERTIFIED_COPY), pages=pages)
    error = info.value.first
    assert (error.field, error.label) == ("pages", "Số trang")
    assert "số trang" in error.message


@pytest.mark.parametrize("copies", [0, -2])
def test_copies_must_be_positive(copies):
    with pytest.raises(ValidationFailed) as info:
        compute_fees(_procedure(CERTIFIED_COPY), pages=2, copies=copies)
    assert [(e.field, e.label) for e in info.value.errors] == [("copies", "Số bản sao")]


def test_both_errors_reported_together():
    with pytest.raises(ValidationFailed) as info:
        compute_fees(_procedure(CERTIFIED_COPY), pages=0, copies=0)
    assert [e.field for e in info.value.errors] == ["copies", "pages"]


def test_negative_pages_rejected_for_fixed_fee_too():
    item = FeeItem("A", "Khoản A", FeeRule.FIXED, amount=1)
    with pytest.raises(ValidationFailed) as info:
        compute_fees(_procedure(item), pages=-1)
    assert info.value.first.field == "pages"


ROUTE = Route("lien_huyen", "Giữa các huyện", 2, 4, postage_dossier=18_000, postage_result=15_000)


def test_postage_dossier_only():
    assert postage(ROUTE, return_by_post=False) == 18_000


def test_postage_with_return_by_post():
    assert postage(ROUTE, return_by_post=True) == 33_000


def test_postage_at_commune_counter():
    tai_xa = Route("tai_xa", "Tại xã", 0, 0, postage_dossier=0, postage_result=12_000)
    assert postage(tai_xa, return_by_post=False) == 0
    assert postage(tai_xa, return_by_post=True) == 12_000


def test_per_copy_fee_multiplies_by_copies() -> None:
    from app.domain.procedure import AgencyLevel, FeeItem, FeeRule, Procedure

    procedure = Procedure(
        code="2.000635", name="Cấp bản sao trích lục hộ tịch", short_name="Bản sao trích lục",
        field="Hộ tịch", agency="UBND xã", agency_level=AgencyLevel.COMMUNE, by_post=True,
        processing_days=0, route="noi_huyen",
        fees=(FeeItem(code="P-TL", name="Phí trích lục", rule=FeeRule.PER_COPY, amount=8000),),
    )  # fmt: skip
    assert [f.amount for f in compute_fees(procedure, copies=1)] == [8000]
    assert [f.amount for f in compute_fees(procedure, copies=3)] == [24000]
