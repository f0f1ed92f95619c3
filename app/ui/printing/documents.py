"""What is printed: a rendered PDF with its kind, and which printer class a kind goes to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.ui.i18n import translate

GUIDANCE = "guidance"  # the guidance slip has no dossier, so it is not a services DocumentKind


class DocumentClass(StrEnum):
    """Counters have two printers: an A5/A4 sheet printer and a label (thermal) printer."""

    FORM = "form"
    LABEL = "label"


_LABEL_KINDS = frozenset({"label", "label-small"})


def document_class(kind: str) -> DocumentClass:
    return DocumentClass.LABEL if kind in _LABEL_KINDS else DocumentClass.FORM


def document_title(kind: str) -> str:
    titles = {
        "receipt": translate("PrintDocument", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "dispatch": translate("PrintDocument", "Phiếu gửi hồ sơ"),
        "label": translate("PrintDocument", "Nhãn bưu gửi 100×150"),
        "label-small": translate("PrintDocument", "Nhãn nhỏ 50×30"),
        GUIDANCE: translate("PrintDocument", "Phiếu hướng dẫn bổ sung hồ sơ"),
    }
    return titles.get(kind, kind)


def class_title(doc_class: DocumentClass) -> str:
    if doc_class is DocumentClass.LABEL:
        return translate("PrintDocument", "Máy in nhãn")
    return translate("PrintDocument", "Máy in giấy tờ (A5)")


@dataclass(frozen=True)
class PrintDocument:
    kind: str  # a services DocumentKind value, or GUIDANCE
    pdf: bytes
    code: str = ""  # the dossier code; "" for a guidance slip

    @property
    def title(self) -> str:
        return document_title(self.kind)

    @property
    def doc_class(self) -> DocumentClass:
        return document_class(self.kind)
