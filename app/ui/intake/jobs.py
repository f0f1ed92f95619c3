"""The intake screen's jobs for the database thread.

Services are imported inside the jobs, on that thread: they pull in reportlab and the storage
stack, which the window does not need in order to appear.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain.dossier import DocumentLine, Dossier
    from app.services.workstation import Workstation


def receive(ws: Workstation, raw: Mapping[str, object]) -> Dossier:
    from app.services.intake import receive_dossier

    return receive_dossier(ws, raw)


def guidance_pdf(
    ws: Workstation,
    raw: Mapping[str, object],
    procedure_code: str,
    documents: Sequence[DocumentLine],
    applicant_name: str,
) -> bytes:
    """The guidance slip for a citizen whose documents are incomplete.

    ``services.documents.guidance_for`` validates the whole request first, so it refuses while
    the applicant's details are unfinished; but a person missing a paper is about to leave and
    needs the slip now. Then the slip is rendered from the checklist alone.
    TODO(services): offer this as ``guidance_for_documents`` in app/services/documents.py.
    """
    from app.domain.errors import ValidationFailed
    from app.domain.intake import missing_documents
    from app.printing import render_guidance
    from app.services.documents import guidance_for

    try:
        return guidance_for(ws, raw)
    except ValidationFailed:
        procedure = ws.catalog.procedure(procedure_code)
        if procedure is None:
            raise
        missing = missing_documents(procedure, documents)
        if not missing:
            raise
        return render_guidance(procedure, missing, applicant_name, ws.office, ws.now(), ws.staff)
