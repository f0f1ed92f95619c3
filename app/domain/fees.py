"""Fees due to the agency (phí, lệ phí) and the postage the citizen pays (QĐ 45 Art 12(3)).

All amounts are integer VND. Zero-amount FIXED items are kept as lines, so the slip and receipt
can print the exemption ("Miễn phí") instead of leaving the person to wonder; see docs/catalog.md.
"""

from __future__ import annotations

from app.domain.dossier import FeeLine
from app.domain.errors import FieldError, ValidationFailed
from app.domain.procedure import FeeItem, FeeRule, Procedure, Route


def per_page_amount(item: FeeItem, pages: int) -> int:
    """One copy of a per-page fee: a rate for the first pages, a lower one after, a cap."""
    first = min(pages, item.first_pages)
    rest = max(0, pages - item.first_pages)
    amount = item.first_rate * first + item.next_rate * rest
    if item.cap_per_copy is not None:
        amount = min(amount, item.cap_per_copy)
    return amount


def compute_fees(procedure: Procedure, pages: int = 0, copies: int = 1) -> tuple[FeeLine, ...]:
    """The fee lines to collect for one dossier of ``procedure``.

    ``pages`` counts the pages of the original (bản chính) and ``copies`` the copies asked for;
    pages matter only to PER_PAGE items (TT 226/2016/TT-BTC counts pages of the original);
    copies multiply PER_PAGE and PER_COPY items.
    """
    errors: list[FieldError] = []
    if copies < 1:
        errors.append(
            FieldError("copies", "Số bản sao", "phải từ 1 trở lên; nhập số bản người dân cần.")
        )
    per_page = any(item.rule is FeeRule.PER_PAGE for item in procedure.fees)
    if per_page and pages < 1:
        errors.append(
            FieldError(
                "pages",
                "Số trang",
                "thủ tục này tính lệ phí theo trang: đếm và nhập số trang của bản chính (từ 1).",
            )
        )
    elif pages < 0:
        errors.append(
            FieldError("pages", "Số trang", "không được âm; nhập 0 nếu không tính trang.")
        )
    if errors:
        raise ValidationFailed(errors)

    lines: list[FeeLine] = []
    for item in procedure.fees:
        if item.rule is FeeRule.PER_PAGE:
            amount = per_page_amount(item, pages) * copies
        elif item.rule is FeeRule.PER_COPY:
            amount = item.amount * copies
        else:
            amount = item.amount
        lines.append(FeeLine(code=item.code, name=item.name, amount=amount))
    return tuple(lines)


def postage(route: Route, return_by_post: bool) -> int:
    """Postage for the dossier's trip to the agency, plus the result's trip home if asked for."""
    return route.postage_dossier + (route.postage_result if return_by_post else 0)
