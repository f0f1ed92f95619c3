"""The forms of a dossier's life after intake, A5 portrait in the look of the receipt (Mẫu 01).

TT 01/2018/TT-VPCP Mẫu 02 (supplement request), 03 (refusal), 04 (apology and new appointment),
05 (control slip), and the invitation to collect a result (TT 17/2017 Art 10). The agency decides;
the counter prints what it decided and hands it to the citizen, so every form carries the dossier
code as Code 128 and text, the tracking QR and the applicant's name, like the receipt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.dossier import Dossier, Office, ReturnMethod
from app.domain.lifecycle import MIN_INVITATIONS, MIN_WORKING_DAYS_APART
from app.domain.text import format_vn_date, format_vn_datetime
from app.printing.barcodes import Code128Flowable, QrFlowable, code128_width
from app.printing.fonts import REGULAR
from app.printing.layout import (
    BODY,
    CAPTION,
    CELL,
    CELL_CENTER,
    CENTER,
    CENTER_BOLD,
    CENTER_ITALIC,
    CONTENT_WIDTH,
    DOTS,
    HEAD_CELL,
    NOTE,
    PLACE_DATE,
    SUBTITLE,
    TITLE,
    build_pdf,
    esc,
    field,
    grid,
    heading,
    or_dots,
    para,
    place_and_date,
    plain_table,
    signatures,
)
from app.printing.lifecycle_docs import (
    Apology,
    ControlStep,
    Invitation,
    InvitationMethod,
    Refusal,
    SupplementRequest,
)
from app.printing.receipt import tracking_payload

SUPPLEMENT_TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
REFUSAL_TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ"
APOLOGY_TITLE = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
CONTROL_TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
INVITATION_TITLE = "GIẤY MỜI NHẬN KẾT QUẢ"
QR_SIZE = 19 * mm
BARCODE_HEIGHT = 9 * mm
SIGN_SPACE = 13 * mm
_INDENTED = ParagraphStyle("indented", parent=BODY, leftIndent=4 * mm)


def render_supplement_request(
    dossier: Dossier, office: Office, request: SupplementRequest
) -> bytes:
    """Mẫu 02: what the agency asks the citizen to add, as PDF bytes."""
    return _render(dossier, office, SUPPLEMENT_TITLE, lambda: _supplement(dossier, office, request))


def render_refusal(dossier: Dossier, office: Office, refusal: Refusal) -> bytes:
    """Mẫu 03: the agency's refusal and its reason, as PDF bytes."""
    return _render(dossier, office, REFUSAL_TITLE, lambda: _refusal(dossier, office, refusal))


def render_apology(dossier: Dossier, office: Office, apology: Apology) -> bytes:
    """Mẫu 04: the apology for a late result and the new appointment, as PDF bytes."""
    return _render(dossier, office, APOLOGY_TITLE, lambda: _apology(dossier, office, apology))


def render_control_slip(dossier: Dossier, office: Office, steps: Sequence[ControlStep]) -> bytes:
    """Mẫu 05: who passed the dossier to whom and when, as PDF bytes."""
    rows = tuple(steps)  # a generator would be spent by the first of the two layouts
    return _render(dossier, office, CONTROL_TITLE, lambda: _control(dossier, office, rows))


def render_invitation(dossier: Dossier, office: Office, invitation: Invitation) -> bytes:
    """The invitation to come and collect the result, as PDF bytes."""
    return _render(
        dossier, office, INVITATION_TITLE, lambda: _invitation(dossier, office, invitation)
    )


def _render(
    dossier: Dossier, office: Office, title: str, make_story: Callable[[], list[Flowable]]
) -> bytes:
    return build_pdf(
        make_story,
        title=f"{title} {dossier.code}",
        author=office.name,
        footer=f"{title.capitalize()} — Mã hồ sơ: {dossier.code}",
    )


# --- Mẫu 02 -----------------------------------------------------------------------------------


def _supplement(dossier: Dossier, office: Office, request: SupplementRequest) -> list[Flowable]:
    items = [item for item in request.items if item.strip()]
    return [
        *_top(dossier, office, SUPPLEMENT_TITLE, request.requested_at.date()),
        *_applicant(dossier, office, "Hồ sơ của Ông (Bà)"),
        field("Cơ quan giải quyết", request.agency, bold_value=True),
        field("Thời gian yêu cầu bổ sung", format_vn_datetime(request.requested_at)),
        Spacer(1, 0.8 * mm),
        para("<b>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</b>"),
        Spacer(1, 0.5 * mm),
        _numbered_table("Nội dung cần bổ sung, hoàn thiện", items),
        Spacer(1, 1 * mm),
        para(f"Lý do: {_multiline(request.reason)}"),
        Spacer(1, 0.5 * mm),
        para(
            f"Ông (Bà) mang các giấy tờ bổ sung cùng giấy tiếp nhận hồ sơ đến {esc(office.name)} "
            "để bưu điện chuyển đến cơ quan giải quyết. Trong quá trình hoàn thiện hồ sơ, nếu có "
            f"vướng mắc, Ông (Bà) liên hệ {esc(office.name)}{_phone(office)} để được hướng dẫn."
        ),
        signatures("NGƯỜI NHẬN PHIẾU", dossier.applicant.full_name, "NGƯỜI HƯỚNG DẪN", ""),
    ]


# --- Mẫu 03 -----------------------------------------------------------------------------------


def _refusal(dossier: Dossier, office: Office, refusal: Refusal) -> list[Flowable]:
    return [
        *_top(dossier, office, REFUSAL_TITLE, refusal.refused_at.date()),
        *_applicant(dossier, office, f"{esc(office.name)} đã tiếp nhận hồ sơ của Ông (Bà)"),
        field("Thời gian từ chối", format_vn_datetime(refusal.refused_at)),
        Spacer(1, 0.8 * mm),
        para(
            f"Sau khi xem xét, đối chiếu hồ sơ, <b>{or_dots(refusal.agency)}</b> thông báo "
            "không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
        ),
        Spacer(1, 0.5 * mm),
        _boxed(_multiline(refusal.reason)),
        Spacer(1, 1 * mm),
        para(
            f"Giấy tờ trong hồ sơ được trả lại Ông (Bà) tại {esc(office.name)}; khi đến nhận, "
            "Ông (Bà) mang theo giấy tiếp nhận hồ sơ và giấy tờ tùy thân (CCCD)."
        ),
        para("Xin thông báo để Ông (Bà) được biết và thực hiện./."),
        signatures("NGƯỜI NHẬN PHIẾU", dossier.applicant.full_name, "NGƯỜI THÔNG BÁO", ""),
    ]


# --- Mẫu 04 -----------------------------------------------------------------------------------


def _apology(dossier: Dossier, office: Office, apology: Apology) -> list[Flowable]:
    applicant = dossier.applicant
    return [
        *_top(dossier, office, APOLOGY_TITLE, apology.made_at.date()),
        para(f"Kính gửi Ông (Bà): <b>{esc(applicant.full_name)}</b>"),
        field("Địa chỉ", applicant.address),
        para(
            f"Lúc {format_vn_datetime(dossier.received_at)}, {esc(office.name)} tiếp nhận hồ sơ "
            f"của Ông (Bà) về: <b>{esc(dossier.procedure_name)}</b>"
            f" (cơ quan giải quyết: {or_dots(dossier.agency)})."
        ),
        field("Thời gian hẹn trả kết quả", format_vn_datetime(apology.original_appointment_at)),
        para(
            "Tuy nhiên đến nay, hồ sơ của Ông (Bà) chưa có kết quả đúng thời hạn nêu trên; "
            f"lý do: {_multiline(apology.reason)}"
        ),
        para(
            f"Sự chậm trễ này đã gây phiền hà cho Ông (Bà). {esc(office.name)} xin lỗi Ông (Bà) "
            "và hẹn trả kết quả giải quyết hồ sơ vào:"
        ),
        Spacer(1, 0.8 * mm),
        _boxed(
            f"<b>Thời gian hẹn trả kết quả mới: {format_vn_datetime(apology.new_appointment_at)}"
            "</b>",
            CENTER,
        ),
        Spacer(1, 0.8 * mm),
        para("Mong nhận được sự thông cảm của Ông (Bà) vì sự chậm trễ này."),
        _signer(f"ĐẠI DIỆN {office.name.upper()}", "(Ký, ghi rõ họ tên, đóng dấu)"),
    ]


# --- Mẫu 05 -----------------------------------------------------------------------------------


def _control(dossier: Dossier, office: Office, steps: Sequence[ControlStep]) -> list[Flowable]:
    applicant = dossier.applicant
    return [
        *_top(dossier, office, CONTROL_TITLE, None),
        para(
            f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: <b>{esc(dossier.code)}</b>)",
            SUBTITLE,
        ),
        Spacer(1, 0.8 * mm),
        para(f"Người nộp hồ sơ: <b>{esc(applicant.full_name)}</b>"),
        para(f"Nội dung yêu cầu giải quyết: <b>{esc(dossier.procedure_name)}</b>"),
        field("Cơ quan (bộ phận) giải quyết hồ sơ", dossier.agency),
        field("Thời gian nhận hồ sơ", format_vn_datetime(dossier.received_at)),
        field("Thời gian hẹn trả kết quả", format_vn_datetime(dossier.appointment_at)),
        Spacer(1, 1 * mm),
        _steps_table(steps),
        Spacer(1, 1 * mm),
        para(
            f"Phiếu lập từ sổ theo dõi hồ sơ của {esc(office.name)}; mỗi dòng là một lần giao, "
            "nhận hồ sơ giữa hai bên.",
            NOTE,
        ),
        _signer("NGƯỜI LẬP PHIẾU", "(Ký, ghi rõ họ tên)"),
    ]


def _steps_table(steps: Sequence[ControlStep]) -> Table:
    header = [
        para("STT", HEAD_CELL),
        para("Tên cơ quan (bên giao, bên nhận)", HEAD_CELL),
        para("Thời gian giao, nhận hồ sơ", HEAD_CELL),
        para("Kết quả (trước hạn / đúng hạn / quá hạn)", HEAD_CELL),
        para("Ghi chú", HEAD_CELL),
    ]
    rows: list[list[Flowable | str]] = [header]
    for number, step in enumerate(steps, start=1):
        rows.append(
            [
                para(str(number), CELL_CENTER),
                para(
                    f"1. Giao: {or_dots(step.who_from)}<br/>2. Nhận: {or_dots(step.who_to)}", CELL
                ),
                para(_two_line_time(step.at), CELL_CENTER),
                para(esc(step.result), CELL_CENTER),
                para(_multiline(step.note, blank=""), CELL),
            ]
        )
    if not steps:
        rows.append(["", para("(Chưa có lần giao, nhận nào)", CELL), "", "", ""])
    fixed = [7 * mm, 25 * mm, 19 * mm, 25 * mm]
    widths = [fixed[0], CONTENT_WIDTH - sum(fixed), *fixed[1:]]
    return grid(rows, widths)


def _two_line_time(moment: datetime) -> str:
    """The form's time, broken where a narrow column would break it anyway."""
    return f"{moment:%H} giờ {moment:%M} phút,<br/>ngày {format_vn_date(moment)}"


# --- Giấy mời nhận kết quả ---------------------------------------------------------------------


def _invitation(dossier: Dossier, office: Office, invitation: Invitation) -> list[Flowable]:
    applicant = dossier.applicant
    story: list[Flowable] = [
        *_top(
            dossier, office, INVITATION_TITLE, invitation.on, f"(Lần mời thứ {invitation.number})"
        ),
        para(f"Kính gửi Ông (Bà): <b>{esc(applicant.full_name)}</b>"),
        field("Địa chỉ", applicant.address),
        field("Số điện thoại", applicant.phone),
        para(
            f"Kết quả giải quyết hồ sơ <b>{esc(dossier.procedure_name)}</b> của Ông (Bà) "
            f"(hẹn trả lúc {format_vn_datetime(dossier.appointment_at)}) đã có tại "
            f"{esc(office.name)}."
        ),
        field("Hình thức mời", _method_text(dossier, invitation)),
    ]
    if invitation.note.strip():
        story.append(field("Ghi chú", invitation.note))
    story += [
        Spacer(1, 0.8 * mm),
        para(
            f"Mời Ông (Bà) đến nhận kết quả tại: <b>{esc(office.name)}</b>"
            + (f", {esc(office.address)}" if office.address.strip() else "")
            + f"{_phone(office)}."
        ),
        para(f"Thời gian: trong giờ làm việc, kể từ ngày <b>{format_vn_date(invitation.on)}</b>."),
        para("<b>Khi đến, Ông (Bà) mang theo:</b>"),
        para(
            f"1. Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mã hồ sơ {esc(dossier.code)});",
            _INDENTED,
        ),
        para("2. Căn cước công dân (thẻ căn cước) hoặc giấy tờ tùy thân có ảnh.", _INDENTED),
        para(
            "Người nhận thay mang thêm giấy ủy quyền và giấy tờ tùy thân của mình.",
            _INDENTED,
        ),
        Spacer(1, 0.5 * mm),
        para(_last_chance_text(dossier, invitation), NOTE),
        _signer(f"ĐẠI DIỆN {office.name.upper()}", "(Ký, ghi rõ họ tên)"),
    ]
    return story


def _method_text(dossier: Dossier, invitation: Invitation) -> str:
    if invitation.method is InvitationMethod.DELIVERY_ATTEMPT:
        address = dossier.delivery_address or dossier.applicant.address
        return (
            f"{invitation.method.label} (ngày {format_vn_date(invitation.on)}, bưu tá đến "
            f"địa chỉ {address} nhưng chưa phát được)"
        )
    return f"{invitation.method.label} (ngày {format_vn_date(invitation.on)})"


def _last_chance_text(dossier: Dossier, invitation: Invitation) -> str:
    agency = esc(dossier.agency) if dossier.agency.strip() else "cơ quan giải quyết"
    if invitation.number >= MIN_INVITATIONS:
        return (
            f"Đây là lần mời thứ {invitation.number}. Nếu Ông (Bà) không đến nhận, kết quả sẽ "
            f"được chuyển lại cho {agency} (Thông tư 17/2017/TT-BTTTT)."
        )
    return (
        f"Sau {MIN_INVITATIONS:02d} lần mời, cách nhau ít nhất {MIN_WORKING_DAYS_APART:02d} "
        f"ngày làm việc, nếu Ông (Bà) không đến nhận, kết quả sẽ được chuyển lại cho {agency} "
        "(Thông tư 17/2017/TT-BTTTT)."
    )


# --- shared pieces -----------------------------------------------------------------------------


def _top(
    dossier: Dossier, office: Office, title: str, day: date | None, subtitle: str = ""
) -> list[Flowable]:
    """Heading (with place and date when the form has one), title, dossier code and QR."""
    right: list[Flowable] = []
    if day is not None:
        right = [Spacer(1, 1.2 * mm), para(esc(place_and_date(office.commune, day)), PLACE_DATE)]
    top: list[Flowable] = [heading(office, right), Spacer(1, 2.5 * mm), para(title, TITLE)]
    if subtitle:
        top.append(para(esc(subtitle), SUBTITLE))
    top += [Spacer(1, 0.5 * mm), _code_block(dossier, office), Spacer(1, 1.5 * mm)]
    return top


def _applicant(dossier: Dossier, office: Office, lead: str) -> list[Flowable]:
    applicant = dossier.applicant
    return [
        para(f"{lead}: <b>{esc(applicant.full_name)}</b>"),
        field("Địa chỉ", applicant.address),
        para(
            f"Số điện thoại: {or_dots(applicant.phone)}&nbsp;&nbsp;&nbsp; "
            f"Email: {or_dots(applicant.email)}"
        ),
        para(f"Nội dung yêu cầu giải quyết: <b>{esc(dossier.procedure_name)}</b>"),
        field("Thời gian nhận hồ sơ", format_vn_datetime(dossier.received_at)),
        field("Nhận kết quả", _return_text(dossier, office)),
    ]


def _return_text(dossier: Dossier, office: Office) -> str:
    if dossier.return_method is ReturnMethod.POST:
        return "qua dịch vụ Bưu chính công ích"
    return f"tại {office.name}"


def _code_block(dossier: Dossier, office: Office) -> Table:
    """The receipt's code row: barcode and "Mã hồ sơ" on the left, the tracking QR on the right."""
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
    return plain_table(
        [[barcode_column, qr_column]], [left_width, CONTENT_WIDTH - left_width], valign="MIDDLE"
    )


def _numbered_table(header: str, items: Sequence[str]) -> Table:
    rows: list[list[Flowable | str]] = [[para("STT", HEAD_CELL), para(esc(header), HEAD_CELL)]]
    for number, item in enumerate(items, start=1):
        rows.append([para(str(number), CELL_CENTER), para(_multiline(item), CELL)])
    return grid(rows, [8 * mm, CONTENT_WIDTH - 8 * mm])


def _boxed(markup: str, style: ParagraphStyle = BODY) -> Table:
    """Text the citizen must not miss (a refusal's reason, a new date), in a ruled box."""
    table = Table([[para(markup, style)]], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, "black"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _signer(title: str, hint: str, name: str = "") -> Flowable:
    """One signature on the right half, for forms only the issuing side signs."""
    block = [
        para(esc(title), CENTER_BOLD),
        para(esc(hint), CENTER_ITALIC),
        Spacer(1, SIGN_SPACE),
        para(esc(name), CENTER_BOLD),
    ]
    table = plain_table([["", block]], [CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.6], valign="TOP")
    return KeepTogether([Spacer(1, 1.5 * mm), table])


def _multiline(text: str, blank: str = DOTS) -> str:
    """User text that may hold line breaks (an agency's list), as paragraph markup."""
    lines = [esc(line.strip()) for line in text.splitlines() if line.strip()]
    return "<br/>".join(lines) if lines else blank


def _phone(office: Office) -> str:
    return f", số điện thoại {esc(office.phone)}" if office.phone.strip() else ""
