"""Leases at the hub: blocks never overlap, never reach numbers already given out, and grow only
when due (hub/leases.py; the counter's side is tested in tests/sync/test_province_numbers.py)."""

from __future__ import annotations

from hub_helpers import batch, enroll, upload

from app.domain.numbering import HUB_S10_MAX, S10_BLOCK
from app.domain.s10 import make_s10


def _lease(client, counter, **request):
    r = client.post("/api/v1/leases", json={"today": "2027-02-03", **request}, headers=counter.auth)
    assert r.status_code == 200, r.text
    return r.json()


def _of(answer, kind):
    return [x for x in answer["leases"] if x["kind"] == kind]


def test_two_counters_of_one_office_get_disjoint_blocks(client, hub):
    a, b = enroll(client, hub), enroll(client, hub)
    la, lb = _lease(client, a), _lease(client, b)
    [sa], [sb] = _of(la, "s10"), _of(lb, "s10")
    [ca], [cb] = _of(la, "code_seq"), _of(lb, "code_seq")
    assert sa["hi"] < sb["lo"] and sb["hi"] <= HUB_S10_MAX
    assert sa["hi"] - sa["lo"] + 1 == S10_BLOCK
    assert ca["hi"] < cb["lo"] and ca["valid_from"] == cb["valid_from"] == "2027-02-03"
    again = _lease(client, a)  # nothing due: the same leases, nothing new
    assert again["leases"] == la["leases"]


def test_a_counter_from_before_leases_keeps_the_numbers_it_gave_out(client, hub):
    """A counter of an older version numbered from fixed local blocks inside the hub's spaces
    before its first lease (here codes 1001–1003 of the day, serials 0–2): no lease — its own
    first one included — hands those numbers out again."""
    old = enroll(client, hub)  # counter 1: its codes are 1001, 1002, 1003 of 2027-02-03
    old.s10 = lambda n: make_s10("RA", n - 1)  # its serials: 0, 1, 2
    assert upload(client, old, batch(old.device_id, old.events(3))).status_code == 200
    [own] = _of(_lease(client, old), "s10")
    assert own["lo"] > 2  # the block starts after the serials it used
    slices = []
    for _ in range(4):  # slices of 300 from 0001: the fourth would reach 1001–1003
        newcomer = enroll(client, hub)
        [codes] = _of(_lease(client, newcomer), "code_seq")
        slices.append((codes["lo"], codes["hi"]))
    assert all(hi < 1001 or lo > 1003 for lo, hi in slices), slices


def test_a_rogue_counter_cannot_hoard_s10_blocks(client, hub):
    counter = enroll(client, hub)
    for _ in range(5):
        _lease(client, counter, s10_remaining=0)  # it says it has none left, again and again
    assert len(_of(_lease(client, counter), "s10")) == 2  # at most two unused blocks at once


def test_a_counter_whose_clock_is_wrong_is_told(client, hub):
    counter = enroll(client, hub)
    answer = _lease(client, counter, today="2031-01-01")
    assert any("Đồng hồ của quầy" in p for p in answer["problems"])
    [codes] = _of(answer, "code_seq")
    assert codes["valid_from"] == "2027-02-03"  # the hub's day, not the counter's
