"""Contracts: the OpenAPI document holds (schemathesis), the migrations build exactly the tables
the code uses, and the hub hashes events exactly as the counter does."""

from __future__ import annotations

import schemathesis
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hub_helpers import enroll
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.storage import events as counter_events
from hub import service
from hub.db import metadata, upgrade


def test_api_holds_to_its_openapi_document(client, hub):
    """Generated requests, valid and invalid, never get a 5xx, invalid ones are refused, and
    every answer matches the published schema (status codes, content type, body)."""
    # An enrolled device's token, so generated requests get past authentication and reach
    # the ingest and feed code; the refusals without a token are tested one by one elsewhere.
    headers = {"Authorization": f"Bearer {enroll(client, hub).token}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    cases = st.one_of(
        schema.as_strategy(GenerationMode.POSITIVE), schema.as_strategy(GenerationMode.NEGATIVE)
    )

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def check(case):
        # Keep a generated (wrong) Authorization header when that is what the case tests.
        auth_mutated = case.meta.components.get(ParameterLocation.HEADER)
        if auth_mutated is not None and auth_mutated.mode is GenerationMode.NEGATIVE:
            case.call_and_validate(excluded_checks=[positive_data_acceptance])
            return
        # Excluded: "schema-valid data must get a 2xx". A manifest checksum or an unbroken hash
        # chain cannot be written in JSON Schema, so random "valid" batches are rightly a 400.
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    check()


def test_migrations_build_exactly_the_tables_the_code_uses(hub):
    upgrade(hub.engine)  # a second upgrade is a no-op
    with hub.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@given(
    prev=st.sampled_from([counter_events.GENESIS, "ab" * 32]),
    seq=st.integers(1, 2**40),
    fields=st.lists(_text, min_size=6, max_size=6),
    payload=st.dictionaries(_text, st.one_of(_text, st.integers(), st.booleans()), max_size=4),
)
def test_hub_hashes_like_the_counter(prev, seq, fields, payload):
    device_id, event_id, type_, entity_id, at, actor = fields
    payload_json = counter_events.canonical_json(payload)
    assert service.canonical_json(payload) == payload_json
    expected = counter_events.event_hash(
        prev, device_id, seq, event_id, type_, entity_id, payload_json, at, actor
    )
    event = {
        "prev_hash": prev,
        "device_id": device_id,
        "seq": seq,
        "id": event_id,
        "type": type_,
        "entity_id": entity_id,
        "payload": payload_json,
        "at": at,
        "actor": actor,
    }
    assert service.event_hash(event) == expected
