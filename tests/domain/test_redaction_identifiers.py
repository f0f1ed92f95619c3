"""Redaction keeps the identifiers support needs whole — device UUIDs, dossier codes, S10
numbers — while the personal data beside them is still removed. Deterministic: the UUIDs are
crafted or drawn from a seeded generator, so the test never depends on luck."""

from __future__ import annotations

import random
import uuid

import pytest

from app.domain.redaction import MASK, redact

CRAFTED = [
    "12345678-1234-4123-8123-123456789012",  # 12 digits in the last group (an ID-number shape)
    "82897d4c-f99c-4d5e-ae4b-4123456789ab",  # 9 digits then letters (an old-ID shape)
    "00000000-0000-4000-8000-000000000000",
    "09123456-7890-4123-8456-0912345678ab",  # phone-like runs
]


@pytest.mark.parametrize("device", CRAFTED)
def test_a_device_id_is_never_cut(device):
    line = f"device {device} enrolled; batch {device}: 40 new"
    assert redact(line) == line


def test_thousands_of_random_device_ids_stay_whole():
    rng = random.Random(20270203)
    for _ in range(2000):
        device = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        assert redact(f"sync for {device} ok") == f"sync for {device} ok"


def test_codes_and_s10_numbers_stay_whole_and_personal_data_beside_them_goes():
    line = (
        "dossier 000.00.04.H42-270203-0001 (RA123456785VN) for 042190001234, phone 0912345678, "
        "device 12345678-1234-4123-8123-123456789012"
    )
    assert redact(line) == (
        f"dossier 000.00.04.H42-270203-0001 (RA123456785VN) for {MASK}, phone {MASK}, "
        "device 12345678-1234-4123-8123-123456789012"
    )
