"""Phiếu hướng dẫn bổ sung hồ sơ: what the citizen must still bring (QĐ 45; no rejection form).

The post office does not refuse a dossier; when documents are missing it guides the person to
complete it, and always prints when it did so (a citizen could not prove it otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.domain.dossier import Office
from app.domain.procedure import Procedure, RequiredDocument
from app.domain.text import format_vn_datetime
from app.printing.layout import (
    CELL,
    CELL_CENTER,
    CONTENT_WIDTH,
    HEAD_CELL,
    NOTE,
    PLACE_DATE,
    TITLE,
    build_pdf,
    esc,
    field,
    grid,
    heading,
    or_dots,
    para,
    place_and_date,
    signatures,
)

TITLE_TEXT = "PHIẾU HƯỚNG DẪN BỔ SUNG HỒ SƠ"


def render_guidance(
    procedure: Procedure,
    missing: Sequence[RequiredDocument],
    applicant_name: str,
    office: Office,
    at: datetime,
    staff: str = "",
) -> bytes:
    """The slip listing the missing documents, as PDF bytes."""
    return build_pdf(
        lambda: _story(procedure, missing, applicant_name, office, at, staff),
        title=f"{TITLE_TEXT} {procedure.code}",
        author=office.name,
        footer=f"{TITLE_TEXT} — {format_vn_datetime(at)}",
    )


def _story(
    procedure: Procedure,
    missing: Sequence[RequiredDocument],
    applicant_name: str,
    office: Office,
    at: datetime,
    staff: str,
) -> list[Flowable]:
    place = place_and_date(office.commune, at.date())
    return [
        heading(office, [Spacer(1, 1.2 * mm), para(esc(place), PLACE_DATE)]),
        Spacer(1, 3 * mm),
        para(TITLE_TEXT, TITLE),
        Spacer(1, 2 * mm),
        para(f"{esc(office.name)} hướng dẫn Ông (Bà): <b>{or_dots(applicant_name)}</b>"),
        field("Thủ tục", f"{procedure.name} (mã {procedure.code})", bold_value=True),
        field("Cơ quan giải quyết", procedure.agency),
        field("Thời gian hướng dẫn", format_vn_datetime(at)),
        Spacer(1, 1 * mm),
        para(
            "Hồ sơ của Ông (Bà) <b>chưa đủ thành phần theo quy định</b>. "
            "Đề nghị bổ sung các giấy tờ sau:"
        ),
        Spacer(1, 0.8 * mm),
        _missing_table(missing),
        Spacer(1, 1.5 * mm),
        para(
            "Hồ sơ chưa được tiếp nhận cho đến khi có đủ các giấy tờ nêu trên. Khi quay lại nộp, "
            "Ông (Bà) mang theo các giấy tờ còn thiếu cùng toàn bộ giấy tờ đã chuẩn bị, "
            "giấy tờ tùy thân (CCCD) và phiếu hướng dẫn này."
        ),
        para("Phiếu này chỉ hướng dẫn bổ sung hồ sơ, không phải giấy tiếp nhận hồ sơ.", NOTE),
        signatures("NGƯỜI NỘP HỒ SƠ", applicant_name, "NGƯỜI HƯỚNG DẪN", staff),
    ]


def _missing_table(missing: Sequence[RequiredDocument]) -> Flowable:
    rows: list[list[Flowable | str]] = [
        [
            para("STT", HEAD_CELL),
            para("Tên giấy tờ cần bổ sung", HEAD_CELL),
            para("Loại bản", HEAD_CELL),
            para("Số lượng", HEAD_CELL),
        ]
    ]
    for number, document in enumerate(missing, start=1):
        name = esc(document.name)
        if document.note.strip():
            name += f"<br/><i>{esc(document.note)}</i>"
        rows.append(
            [
                para(str(number), CELL_CENTER),
                para(name, CELL),
                para(esc(document.kind.label), CELL_CENTER),
                para(str(document.count), CELL_CENTER),
            ]
        )
    if not missing:
        rows.append(["", para("(Không có giấy tờ còn thiếu)", CELL), "", ""])
    kind_width = 29 * mm
    count_width = 13 * mm
    return grid(
        rows,
        [8 * mm, CONTENT_WIDTH - 8 * mm - kind_width - count_width, kind_width, count_width],
    )
