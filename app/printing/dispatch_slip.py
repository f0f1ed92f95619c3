"""Phiếu gửi hồ sơ (TT 17/2017/TT-BTTTT Art 9): what travels with the sealed dossier, A5."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.domain.dossier import Dossier, Office, ReturnMethod
from app.domain.procedure import Procedure, Route
from app.domain.text import format_vn_date, format_vn_datetime
from app.printing.barcodes import Code128Flowable
from app.printing.layout import (
    CAPTION,
    CELL,
    CELL_CENTER,
    CENTER,
    CONTENT_WIDTH,
    HEAD_CELL,
    NOTE,
    SUBTITLE,
    TITLE,
    build_pdf,
    esc,
    field,
    grid,
    heading,
    money,
    or_dots,
    para,
    signatures,
)

TITLE_TEXT = "PHIẾU GỬI HỒ SƠ"
SEALED_STATEMENT = (
    "Hồ sơ đã được kiểm đếm, đối chiếu với danh mục trên, đóng gói và niêm phong "
    "trước sự chứng kiến của người gửi."
)
BARCODE_HEIGHT = 9 * mm


def render_dispatch_slip(
    dossier: Dossier, procedure: Procedure, office: Office, route: Route | None = None
) -> bytes:
    """The dispatch slip signed by the sender and the post office, as PDF bytes."""
    return build_pdf(
        lambda: _story(dossier, procedure, office, route),
        title=f"{TITLE_TEXT} {dossier.s10 or dossier.code}",
        author=office.name,
        footer=f"Số hiệu bưu gửi: {dossier.s10} — Mã hồ sơ: {dossier.code}",
    )


def _story(
    dossier: Dossier, procedure: Procedure, office: Office, route: Route | None
) -> list[Flowable]:
    applicant = dossier.applicant
    story: list[Flowable] = [
        heading(office, _item_number(dossier), motto=False),
        Spacer(1, 2.5 * mm),
        para(TITLE_TEXT, TITLE),
        para("(Dịch vụ bưu chính công ích: gửi hồ sơ giải quyết thủ tục hành chính)", SUBTITLE),
        Spacer(1, 1.5 * mm),
        para("<b>1. Người gửi</b>"),
        para(
            f"Họ và tên: <b>{esc(applicant.full_name)}</b>&nbsp;&nbsp;&nbsp; "
            f"Số CCCD: {or_dots(applicant.id_number)}"
        ),
        field("Địa chỉ", applicant.address),
        para(
            f"Điện thoại: {or_dots(applicant.phone)}&nbsp;&nbsp;&nbsp; "
            f"Email: {or_dots(applicant.email)}"
        ),
        para("<b>2. Người nhận</b> (cơ quan có thẩm quyền giải quyết)"),
        field("Cơ quan", dossier.agency or procedure.agency, bold_value=True),
        field("Địa chỉ", dossier.extra.get("agency_address", "")),
        para("<b>3. Thời gian, địa điểm và hình thức gửi</b>"),
        field("Thời gian gửi", format_vn_datetime(dossier.received_at)),
        field("Địa điểm gửi", _office_place(office)),
        para(
            "Hình thức gửi: Dịch vụ bưu chính công ích, "
            f"số hiệu bưu gửi <b>{or_dots(dossier.s10)}</b>"
        ),
        para(_transit_text(dossier, route)),
        field("Nhận kết quả", _return_text(dossier, office)),
        para("<b>4. Giá cước và thanh toán</b>"),
        para(
            f"Cước dịch vụ: <b>{money(dossier.postage)}</b>, người gửi đã thanh toán "
            f"tại quầy. Phí, lệ phí thu hộ cơ quan: {money(dossier.fees_total)}; "
            f"tổng cộng: {money(dossier.total)}."
        ),
        para("<b>5. Thủ tục hành chính và danh mục hồ sơ</b>"),
        field("Tên thủ tục", f"{procedure.name} (mã {procedure.code})"),
        _documents_table(dossier),
        Spacer(1, 0.8 * mm),
        para(
            f"Tổng cộng: {sum(line.count for line in dossier.documents)} giấy tờ; "
            f"số lượng hồ sơ: {dossier.sets:02d} (bộ)."
        ),
        para(SEALED_STATEMENT, NOTE),
        signatures("NGƯỜI GỬI", applicant.full_name, "NHÂN VIÊN BƯU ĐIỆN", dossier.staff),
    ]
    return story


def _item_number(dossier: Dossier) -> list[Flowable]:
    """The S10 as Code 128 with its number, and the dossier code, at the top right."""
    block: list[Flowable] = []
    if dossier.s10:
        block += [Code128Flowable(dossier.s10, BARCODE_HEIGHT), Spacer(1, 0.5 * mm)]
    block += [
        para(f"Số hiệu bưu gửi: <b>{or_dots(dossier.s10)}</b>", CENTER),
        para(f"Mã hồ sơ: {esc(dossier.code)}", CAPTION),
    ]
    return block


def _office_place(office: Office) -> str:
    return f"{office.name}, {office.address}" if office.address else office.name


def _transit_text(dossier: Dossier, route: Route | None) -> str:
    due = f"ngày bàn giao cho cơ quan dự kiến: {format_vn_date(dossier.handover_due)}"
    if route is None:
        return due[0].upper() + due[1:]
    return (
        f"Tuyến: {esc(route.name)} (chuyển phát tối đa J+{route.transit_days} ngày làm việc); {due}"
    )


def _return_text(dossier: Dossier, office: Office) -> str:
    if dossier.return_method is ReturnMethod.POST:
        address = dossier.delivery_address or dossier.applicant.address
        return f"qua dịch vụ Bưu chính công ích, tại địa chỉ {address}"
    return f"tại {office.name}"


def _documents_table(dossier: Dossier) -> Flowable:
    rows: list[list[Flowable | str]] = [
        [
            para("STT", HEAD_CELL),
            para("Tên giấy tờ", HEAD_CELL),
            para("Loại bản", HEAD_CELL),
            para("Số lượng", HEAD_CELL),
        ]
    ]
    for number, line in enumerate(dossier.documents, start=1):
        rows.append(
            [
                para(str(number), CELL_CENTER),
                para(esc(line.name), CELL),
                para(esc(line.kind.label), CELL_CENTER),
                para(str(line.count), CELL_CENTER),
            ]
        )
    if not dossier.documents:
        rows.append([para("", CELL), para("(Không có giấy tờ)", CELL), "", ""])
    kind_width = 29 * mm
    count_width = 13 * mm
    return grid(
        rows,
        [8 * mm, CONTENT_WIDTH - 8 * mm - kind_width - count_width, kind_width, count_width],
    )
