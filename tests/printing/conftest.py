"""Fixtures for the printed documents: a Hà Tĩnh commune post office and a real-looking dossier."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from printing_data import APPLICANT_NAME, CODE, S10, TRACKING_URL, VN

from app.domain.dossier import (
    Applicant,
    DocumentLine,
    Dossier,
    FeeLine,
    Office,
    ReturnMethod,
    Sex,
)
from app.domain.procedure import AgencyLevel, DocumentKind, Procedure, RequiredDocument, Route


@pytest.fixture
def office() -> Office:
    return Office(
        unit_code="000.00.04.H40",
        name="Bưu điện văn hóa xã Kỳ Bắc",
        parent_name="Bưu điện tỉnh Hà Tĩnh",
        address="Thôn Bắc Sơn, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        phone="0239 3861 234",
        province="Hà Tĩnh",
        commune="Kỳ Bắc",
        tracking_url=TRACKING_URL,
    )


@pytest.fixture
def procedure() -> Procedure:
    return Procedure(
        code="1.004873",
        name="Thủ tục xác nhận tình trạng hôn nhân",
        short_name="XN tình trạng hôn nhân",
        field="Hộ tịch",
        agency="UBND xã Kỳ Bắc",
        agency_level=AgencyLevel.COMMUNE,
        by_post=True,
        processing_days=3,
        route="NOI_TINH",
        documents=(
            RequiredDocument("Tờ khai xác nhận tình trạng hôn nhân", DocumentKind.ORIGINAL),
            RequiredDocument("Bản sao Giấy chứng nhận kết hôn", DocumentKind.CERTIFIED_COPY),
            RequiredDocument("Giấy tờ chứng minh nơi cư trú", DocumentKind.PHOTOCOPY),
        ),
    )


@pytest.fixture
def route() -> Route:
    return Route(
        code="NOI_TINH",
        name="Nội tỉnh",
        transit_days=2,
        transit_days_with_slip=4,
        postage_dossier=15_000,
        postage_result=15_000,
    )


@pytest.fixture
def applicant() -> Applicant:
    return Applicant(
        full_name=APPLICANT_NAME,
        id_number="042195001234",
        date_of_birth=date(1995, 6, 14),
        sex=Sex.FEMALE,
        phone="0912345678",
        address="Xóm Hưng Thịnh, xã Kỳ Bắc, tỉnh Hà Tĩnh",
        email="nhung.nth@example.vn",
    )


def make_documents(count: int) -> tuple[DocumentLine, ...]:
    kinds = [DocumentKind.ORIGINAL, DocumentKind.CERTIFIED_COPY, DocumentKind.PHOTOCOPY]
    base = [
        DocumentLine("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", DocumentKind.ORIGINAL),
        DocumentLine("Bản sao Giấy chứng nhận kết hôn (đã ly hôn)", DocumentKind.CERTIFIED_COPY),
        DocumentLine("Giấy tờ chứng minh nơi cư trú", DocumentKind.PHOTOCOPY, 2),
    ]
    extra = [
        DocumentLine(f"Trích lục hộ tịch liên quan số {n}", kinds[n % 3])
        for n in range(4, count + 1)
    ]
    return tuple((base + extra)[:count])


@pytest.fixture
def make_dossier(applicant: Applicant):
    def build(documents: int = 3, **changes: object) -> Dossier:
        fields: dict[str, object] = dict(
            id="6f1c2b1e-4a55-4b7e-9d8e-5d1f0c6a7b21",
            code=CODE,
            s10=S10,
            procedure_code="1.004873",
            procedure_name="Thủ tục xác nhận tình trạng hôn nhân",
            agency="UBND xã Kỳ Bắc",
            applicant=applicant,
            received_at=datetime(2027, 2, 3, 14, 5, tzinfo=VN),
            appointment_at=datetime(2027, 2, 12, 10, 0, tzinfo=VN),
            handover_due=date(2027, 2, 5),
            processing_days=3,
            return_method=ReturnMethod.POST,
            documents=make_documents(documents),
            fees=(FeeLine("LP01", "Lệ phí xác nhận tình trạng hôn nhân", 5_000),),
            postage=30_000,
            delivery_address="Xóm Hưng Thịnh, xã Kỳ Bắc, tỉnh Hà Tĩnh",
            staff="Trần Văn Bình",
        )
        fields.update(changes)
        return Dossier(**fields)  # type: ignore[arg-type]

    return build


@pytest.fixture
def dossier(make_dossier) -> Dossier:
    return make_dossier()
