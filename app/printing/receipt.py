"""Mẫu 01 (TT 01/2018/TT-VPCP): Giấy tiếp nhận hồ sơ và hẹn trả kết quả, A5 portrait."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from app.domain.dossier import Dossier, Office, ReturnMethod
from app.domain.procedure import DocumentKind, Procedure
from app.domain.text import format_vn_date, format_vn_datetime
from app.printing.barcodes import Code128Flowable, QrFlowable, code128_width
from app.printing.fonts import REGULAR
from app.printing.layout import (
    CAPTION,
    CELL,
    CELL_CENTER,
    CENTER,
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
    money,
    or_dots,
    para,
    place_and_date,
    signatures,
)

TITLE_TEXT = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
DEFAULT_PAYMENT = "Nộp trực tiếp tại quầy"
QR_SIZE = 19 * mm
BARCODE_HEIGHT = 9 * mm
_KIND_COLUMNS = (DocumentKind.ORIGINAL, DocumentKind.CERTIFIED_COPY, DocumentKind.PHOTOCOPY)


def tracking_payload(dossier: Dossier, office: Office) -> str:
    """What the receipt's QR carries: the office's tracking address + the code, or the code."""
    return office.tracking_url + dossier.code if office.tracking_url else dossier.code


def processing_time_text(dossier: Dossier, procedure: Procedure) -> str:
    if dossier.processing_days > 0:
        return f"{dossier.processing_days} ngày làm việc"
    if procedure.cutoff_15h:
        return "Trong ngày (nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo)"
    return "Trong ngày"


def render_receipt(dossier: Dossier, procedure: Procedure, office: Office) -> bytes:
    """The citizen's receipt and appointment slip as PDF bytes."""
    return build_pdf(
        lambda: _story(dossier, procedure, office),
        title=f"{TITLE_TEXT} {dossier.code}",
        author=office.name,
        footer=f"Mã hồ sơ: {dossier.code}",
    )


def _story(dossier: Dossier, procedure: Procedure, office: Office) -> list[Flowable]:
    applicant = dossier.applicant
    place = place_and_date(office.commune, dossier.received_at.date())
    story: list[Flowable] = [
        heading(office, [Spacer(1, 1.2 * mm), para(esc(place), PLACE_DATE)]),
        Spacer(1, 2.5 * mm),
        para(TITLE_TEXT, TITLE),
        Spacer(1, 0.5 * mm),
        _code_block(dossier, office),
        Spacer(1, 1.5 * mm),
        para(f"{esc(office.name)} tiếp nhận hồ sơ của Ông (Bà): <b>{esc(applicant.full_name)}</b>"),
        field("Địa chỉ", applicant.address),
        para(
            f"Số điện thoại: {or_dots(applicant.phone)}&nbsp;&nbsp;&nbsp; "
            f"Email: {or_dots(applicant.email)}"
        ),
        field("Số CCCD/Định danh cá nhân", applicant.id_number),
        para(
            f"Nội dung yêu cầu giải quyết: <b>{esc(procedure.name)}</b>"
            f" (cơ quan giải quyết: {or_dots(dossier.agency or procedure.agency)})"
        ),
        field("Chủ hồ sơ", dossier.extra.get("owner", "") or applicant.full_name),
        para(
            "Hình thức thanh toán phí, lệ phí, cước: "
            f"{esc(dossier.extra.get('payment_method', '') or DEFAULT_PAYMENT)}. "
            f"Phí, lệ phí: {_fees_text(dossier)}; cước bưu chính: {money(dossier.postage)}; "
            f"<b>tổng cộng: {money(dossier.total)}</b>."
        ),
        Spacer(1, 0.8 * mm),
        para("<b>1. Thành phần hồ sơ:</b>"),
        _documents_table(dossier),
        Spacer(1, 1 * mm),
        para(f"<b>2. Số lượng hồ sơ:</b> {dossier.sets:02d} (bộ)"),
        para(
            "<b>3. Thời gian giải quyết theo quy định:</b> "
            f"{esc(processing_time_text(dossier, procedure))}"
        ),
        para(f"<b>4. Thời gian nhận hồ sơ:</b> {format_vn_datetime(dossier.received_at)}"),
        para(f"<b>5. Thời gian trả kết quả:</b> {format_vn_datetime(dossier.appointment_at)}"),
        para(f"<b>6. Đăng ký nhận kết quả tại:</b> {_return_text(dossier, office)}"),
    ]
    if dossier.note.strip():
        story.append(field("Ghi chú", dossier.note))
    story += [
        Spacer(1, 0.5 * mm),
        para(
            "Hồ sơ được tiếp nhận tại bưu điện; thời gian giải quyết của cơ quan có thẩm quyền "
            "được tính từ khi bưu điện bàn giao hồ sơ (ngày dự kiến "
            f"{format_vn_date(dossier.handover_due)}). {_bring_note(dossier)}",
            NOTE,
        ),
        signatures("NGƯỜI NỘP HỒ SƠ", applicant.full_name, "NGƯỜI TIẾP NHẬN HỒ SƠ", dossier.staff),
    ]
    return story


def _code_block(dossier: Dossier, office: Office) -> Table:
    """Barcode with "Mã hồ sơ" under it on the left; the tracking QR on the right."""
    barcode_column = [
        Code128Flowable(dossier.code, BARCODE_HEIGHT),
        Spacer(1, 0.8 * mm),
        para(f"Mã hồ sơ: <b>{esc(dossier.code)}</b>", CENTER),
    ]
    qr_column = [
        QrFlowable(tracking_payload(dossier, office), QR_SIZE),
        para("Tra cứu hồ sơ", CAPTION),
    ]
    left_width = max(code128_width(dossier.code) + 4 * mm, CONTENT_WIDTH - QR_SIZE - 6 * mm)
    table = Table([[barcode_column, qr_column]], colWidths=[left_width, CONTENT_WIDTH - left_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _fees_text(dossier: Dossier) -> str:
    if not dossier.fees:
        return money(0)
    if len(dossier.fees) == 1:
        return money(dossier.fees_total)
    parts = "; ".join(f"{esc(f.name)} {money(f.amount)}" for f in dossier.fees)
    return f"{money(dossier.fees_total)} ({parts})"


def _documents_table(dossier: Dossier) -> Table:
    header = [
        para("STT", HEAD_CELL),
        para("Tên giấy tờ", HEAD_CELL),
        para("Bản chính", HEAD_CELL),
        para("Bản chứng thực", HEAD_CELL),
        para("Bản photo", HEAD_CELL),
    ]
    rows: list[list[Flowable | str]] = [header]
    for number, line in enumerate(dossier.documents, start=1):
        counts = [
            para(str(line.count) if line.kind is kind else "", CELL_CENTER)
            for kind in _KIND_COLUMNS
        ]
        rows.append([para(str(number), CELL_CENTER), para(esc(line.name), CELL), *counts])
    if not dossier.documents:
        rows.append([para("", CELL), para("(Không có giấy tờ)", CELL), "", "", ""])
    kind_width = 16.5 * mm
    widths = [8 * mm, CONTENT_WIDTH - 8 * mm - 3 * kind_width, kind_width, kind_width, kind_width]
    return grid(rows, widths)


def _return_text(dossier: Dossier, office: Office) -> str:
    if dossier.return_method is ReturnMethod.POST:
        address = dossier.delivery_address or dossier.applicant.address
        return f"Qua dịch vụ Bưu chính công ích, địa chỉ nhận: {or_dots(address)}"
    return esc(office.name)


def _bring_note(dossier: Dossier) -> str:
    if dossier.return_method is ReturnMethod.POST:
        return (
            "Ông (Bà) giữ giấy tiếp nhận này và xuất trình cùng giấy tờ tùy thân khi nhân viên "
            "bưu điện giao kết quả."
        )
    return (
        "Khi đến nhận kết quả, Ông (Bà) mang theo giấy tiếp nhận này và giấy tờ tùy thân "
        "(CCCD); nhận thay phải có giấy ủy quyền."
    )
