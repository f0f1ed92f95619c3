"""Biên bản giao nhận hồ sơ (QĐ 45/2016 Art 7(4)): the batch the post office hands to an agency.

A4 portrait, because a batch can hold hundreds of dossiers: the table's header repeats on each
page and every page is numbered. The agency's signature, with the time it writes beside it, is
the legal filing time of every dossier in the list, so the form leaves room for that time.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.dossier import Office
from app.domain.text import format_vn_datetime
from app.printing.a4 import (
    A4_BODY,
    A4_SIGN_HINT,
    A4_SIGN_TITLE,
    A4_TITLE,
    WIDTH,
    heading,
)
from app.printing.barcodes import Code128Flowable
from app.printing.fonts import REGULAR
from app.printing.layout import (
    CELL,
    CELL_CENTER,
    CENTER,
    HEAD_CELL,
    NOTE,
    SUBTITLE,
    build_pdf,
    esc,
    grid,
    or_dots,
    para,
    place_and_date,
    plain_table,
)
from app.printing.lifecycle_docs import HandoverLine, HandoverSheet

TITLE_TEXT = "BIÊN BẢN GIAO NHẬN HỒ SƠ"
BARCODE_HEIGHT = 10 * mm
TIME_TO_FILL = "…… giờ …… phút, ngày …… / …… / ………"

A4_SIGN_TEXT = ParagraphStyle("a4_sign_text", parent=CENTER, fontSize=9, leading=12)
CODE_CELL = ParagraphStyle("code_cell", parent=CELL, fontSize=7.8)
STRIPE = colors.Color(0.965, 0.965, 0.965)

# STT, mã hồ sơ, số hiệu bưu gửi, thủ tục (takes what is left), người nộp, số bộ, ghi chú.
_FIXED = {0: 9 * mm, 1: 38 * mm, 2: 24 * mm, 4: 36 * mm, 5: 10 * mm, 6: 20 * mm}
COLUMNS = [_FIXED.get(i, WIDTH - sum(_FIXED.values())) for i in range(7)]


def render_handover_minutes(batch: HandoverSheet, office: Office) -> bytes:
    """The hand-over record of a sealed batch, as PDF bytes (one A4 page per ~50 dossiers)."""
    return build_pdf(
        lambda: _story(batch, office),
        title=f"{TITLE_TEXT} {batch.number}",
        author=office.name,
        footer=f"Biên bản giao nhận hồ sơ số {batch.number} — {batch.agency}",
        pagesize=A4,
    )


def _story(batch: HandoverSheet, office: Office) -> list[Flowable]:
    place = place_and_date(office.commune, batch.sealed_at.date())
    count = len(batch.lines)
    return [
        heading(office, place),
        Spacer(1, 4 * mm),
        para(TITLE_TEXT, A4_TITLE),
        para("(Dịch vụ bưu chính công ích: chuyển hồ sơ thủ tục hành chính)", SUBTITLE),
        Spacer(1, 2 * mm),
        _number_block(batch.number),
        Spacer(1, 3 * mm),
        para(
            f"Thời gian lập biên bản (niêm phong túi hồ sơ): "
            f"<b>{format_vn_datetime(batch.sealed_at)}</b>",
            A4_BODY,
        ),
        para(
            f"<b>Bên giao:</b> {esc(office.name)}"
            + (f", {esc(office.address)}" if office.address.strip() else "")
            + (f"; điện thoại {esc(office.phone)}" if office.phone.strip() else "")
            + f". Người giao: {or_dots(batch.staff)}.",
            A4_BODY,
        ),
        para(f"<b>Bên nhận:</b> {esc(batch.agency)}. Người nhận: {'…' * 20}", A4_BODY),
        para(f"Bên giao bàn giao cho bên nhận {count} hồ sơ thủ tục hành chính sau:", A4_BODY),
        Spacer(1, 1.5 * mm),
        _lines_table(batch.lines),
        # The total, the legal note and the signatures stay on one page, so the page that is
        # signed also says how many dossiers were handed over.
        KeepTogether(
            [
                Spacer(1, 2 * mm),
                para(
                    f"Tổng cộng: <b>{count:02d} hồ sơ</b>, <b>{batch.total_sets:02d} bộ</b>. "
                    "Bên nhận đã kiểm đếm, đối chiếu số hiệu bưu gửi; túi hồ sơ còn nguyên "
                    "niêm phong.",
                    A4_BODY,
                ),
                para(
                    "Thời điểm bên nhận ký biên bản này là thời điểm cơ quan tiếp nhận hồ sơ; "
                    "thời hạn giải quyết được tính từ thời điểm đó (Quyết định 45/2016/QĐ-TTg, "
                    "Điều 7). Biên bản lập thành 02 bản, mỗi bên giữ 01 bản.",
                    NOTE,
                ),
                Spacer(1, 4 * mm),
                _signatures(batch.staff),
            ]
        ),
    ]


def _number_block(number: str) -> Table:
    """The batch number the agency scans, with the number in words under it."""
    return plain_table(
        [
            [Code128Flowable(number, BARCODE_HEIGHT)],
            [Spacer(1, 1 * mm)],
            [para(f"Số biên bản: <b>{esc(number)}</b>", A4_SIGN_TEXT)],
        ],
        [WIDTH],
    )


def _lines_table(lines: tuple[HandoverLine, ...]) -> Table:
    header = [
        para(label, HEAD_CELL)
        for label in (
            "STT",
            "Mã hồ sơ",
            "Số hiệu bưu gửi",
            "Thủ tục hành chính",
            "Người nộp hồ sơ",
            "Số bộ",
            "Ghi chú",
        )
    ]
    rows: list[list[Flowable | str]] = [header]
    for number, line in enumerate(lines, start=1):
        rows.append(
            [
                para(str(number), CELL_CENTER),
                para(esc(line.code), CODE_CELL),
                para(esc(line.s10), CODE_CELL),
                para(esc(line.procedure_name), CELL),
                para(esc(line.applicant_name), CELL),
                para(str(line.sets), CELL_CENTER),
                para(esc(line.note), CELL),
            ]
        )
    table = grid(rows, COLUMNS)
    # Light stripes keep the eye on one row across seven columns of a long list.
    table.setStyle(TableStyle([("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE])]))
    return table


def _signatures(staff: str) -> Table:
    post = [
        para(f"ĐẠI DIỆN BƯU ĐIỆN <font name='{REGULAR}'>(bên giao)</font>", A4_SIGN_TITLE),
        para("(Ký, ghi rõ họ tên)", A4_SIGN_HINT),
        Spacer(1, 20 * mm),
        para(esc(staff), A4_SIGN_TITLE),
    ]
    agency = [
        para(f"ĐẠI DIỆN CƠ QUAN <font name='{REGULAR}'>(bên nhận)</font>", A4_SIGN_TITLE),
        para("(Ký, ghi rõ họ tên, đóng dấu)", A4_SIGN_HINT),
        Spacer(1, 1.5 * mm),
        para(f"Nhận lúc: {TIME_TO_FILL}", A4_SIGN_TEXT),
        Spacer(1, 15 * mm),
    ]
    return plain_table([[post, agency]], [WIDTH / 2] * 2)
