"""The JSON shapes of sync protocol v1, as published in the hub's OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

PROTOCOL = 1
MAX_SEQ = 2**62  # fits BIGINT with room to spare; no counter gets near it


def _storable(value: str) -> str:
    # PostgreSQL TEXT cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8: refuse
    # both here so they are a 400 for the sender, not a 500 in the database.
    if "\x00" in value:
        raise ValueError("must not contain the NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode text") from exc
    return value


Text = Annotated[str, Field(pattern=r"^[^\x00]*$"), AfterValidator(_storable)]
Ident = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    # Strict: "5" is not 5 and unknown keys are refused, so what the hub hashes is exactly
    # what the counter sent.
    model_config = ConfigDict(extra="forbid", strict=True)


class EventIn(_Strict):
    device_id: Ident
    seq: Annotated[int, Field(ge=1, le=MAX_SEQ)]
    id: Ident
    type: Annotated[Text, Field(min_length=1, max_length=100)]
    entity_id: Annotated[Text, Field(max_length=200)]
    payload: Annotated[Text, Field(max_length=1_000_000)]
    at: Annotated[Text, Field(max_length=64)]
    actor: Annotated[Text, Field(max_length=200)]
    prev_hash: Hex64
    hash: Hex64


class Manifest(_Strict):
    count: Annotated[int, Field(ge=0, le=MAX_SEQ)]
    sha256: Hex64


class UploadBatch(_Strict):
    protocol: Literal[1]
    device_id: Ident
    batch_id: Ident
    manifest: Manifest
    events: list[EventIn]


class EnrollRequest(_Strict):
    code: Annotated[Text, Field(min_length=1, max_length=64)]
    device_id: Ident
    counter_name: Annotated[Text, Field(max_length=100)] = ""
    # A random secret of this attempt, kept by the counter until it has its token.
    attempt: Annotated[Text, Field(min_length=16, max_length=100)] | None = None
    # The counter's previous token, when it enrolls again as a new device (its old one revoked):
    # proof that it is the same counter, so it keeps the numbers it was leased.
    previous_token: Annotated[Text, Field(min_length=16, max_length=200)] | None = None


class LeaseRequest(_Strict):
    today: Annotated[Text, Field(max_length=10)] | None = None  # the counter's day, YYYY-MM-DD
    last_seq: Annotated[int, Field(ge=0, le=MAX_SEQ)] = 0
    s10_remaining: Annotated[int, Field(ge=0, le=MAX_SEQ)] | None = None
    code_days_left: Annotated[int, Field(ge=0, le=10_000)] | None = None
    restart: bool = False


class _Reply(BaseModel):
    protocol: Literal[1] = PROTOCOL


class OfficeOut(BaseModel):
    unit_code: str
    name: str


class EnrollReply(_Reply):
    device_id: str
    token: str
    office: OfficeOut
    counter_no: int


class Refused(BaseModel):
    seq: int
    kind: str
    message: str


class Ack(_Reply):
    acked_seq: int
    accepted: int
    duplicates: int
    refused: list[Refused] = []


class FeedItem(BaseModel):
    cursor: int
    kind: str
    data: dict[str, Any]


class FeedReply(_Reply):
    items: list[FeedItem]
    cursor: int
    more: bool


class Health(_Reply):
    status: Literal["ok"] = "ok"
    time: str


class Lease(BaseModel):
    lease_id: str
    kind: Literal["s10", "code_seq"]
    lo: int
    hi: int
    prefix: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None


class LeaseReply(_Reply):
    leases: list[Lease]
    problems: list[str]


class StoredEvent(BaseModel):
    device_id: str
    seq: int
    id: str
    type: str
    entity_id: str
    payload: str
    at: str
    actor: str
    prev_hash: str
    hash: str


class DeviceEvents(_Reply):
    events: list[StoredEvent]
    acked_seq: int
    more: bool


class DeviceMe(_Reply):
    device_id: str
    office_code: str
    acked_seq: int


class TrackStep(BaseModel):
    status: str
    status_label: str
    at: str


class TrackReply(_Reply):
    """The public tracking answer: initials only, never a name, ID number, phone or address."""

    code: str
    status: str
    status_label: str
    procedure_code: str
    procedure_name: str
    agency: str
    received_at: str
    appointment_at: str
    applicant_initials: str
    office: OfficeOut
    history: list[TrackStep]


class ErrorReply(_Reply):
    """Every refusal: ``error`` is the machine code, ``message`` a Vietnamese sentence."""

    model_config = ConfigDict(extra="allow")  # gap adds expected_seq, conflict adds seq, ...
    error: str
    message: str
