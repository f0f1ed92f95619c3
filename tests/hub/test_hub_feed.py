"""The downstream feed: cursor paging, office and device filtering, publishing rules."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hub_helpers import OFFICE, OTHER_NAME, OTHER_OFFICE, enroll

from hub.service import HubError

CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "catalog.json"


def _feed(client, counter, after=0, limit=None):
    query = f"?after={after}" + (f"&limit={limit}" if limit else "")
    r = client.get(f"/api/v1/feed{query}", headers=counter.auth)
    assert r.status_code == 200, r.text
    assert r.headers["X-Motcua-Protocol"] == "1"
    return r.json()


def test_feed_pages_by_cursor(client, hub):
    counter = enroll(client, hub)
    cursors = [
        hub.publish_calendar(date(2027, 2, d), working=False, note=f"Tết {d}") for d in range(5, 12)
    ]
    assert cursors == sorted(cursors)
    seen, after, pages = [], 0, 0
    while True:
        page = _feed(client, counter, after, limit=3)
        assert page["protocol"] == 1
        assert len(page["items"]) <= 3
        seen += page["items"]
        after = page["cursor"]
        pages += 1
        if not page["more"]:
            break
    assert pages == 3
    assert [i["cursor"] for i in seen] == cursors
    assert seen[0]["kind"] == "calendar"
    assert seen[0]["data"] == {"day": "2027-02-05", "working": False, "note": "Tết 5"}
    empty = _feed(client, counter, after)
    assert empty == {"protocol": 1, "items": [], "cursor": after, "more": False}


def test_feed_shows_only_the_callers_office_and_device(client, hub):
    mine = enroll(client, hub)
    neighbour = enroll(client, hub)  # same office, another counter
    far = enroll(client, hub, OTHER_OFFICE, OTHER_NAME)
    everyone = hub.publish_calendar(date(2027, 9, 2), working=False, note="Quốc khánh")
    theirs = hub.publish_calendar(date(2027, 3, 1), True, "", office_code=OTHER_OFFICE)
    my_range = hub.publish_range(OFFICE, mine.device_id, "s10", 100, 199, prefix="RA")
    their_range = hub.publish_range(OFFICE, neighbour.device_id, "s10", 200, 299, prefix="RA")
    assert [i["cursor"] for i in _feed(client, mine)["items"]] == [everyone, my_range]
    assert [i["cursor"] for i in _feed(client, neighbour)["items"]] == [everyone, their_range]
    assert [i["cursor"] for i in _feed(client, far)["items"]] == [everyone, theirs]
    item = _feed(client, mine)["items"][1]
    assert item == {
        "cursor": my_range,
        "kind": "number_range",
        "data": {"kind": "s10", "prefix": "RA", "lo": 100, "hi": 199},
    }


def test_feed_limits_are_checked(client, hub):
    counter = enroll(client, hub)
    for query in ("?after=-1", "?limit=0", "?limit=501", "?after=x", "?afer=3"):
        r = client.get(f"/api/v1/feed{query}", headers=counter.auth)
        assert r.status_code == 400
        assert r.json()["error"] == "invalid_request"


def test_overlapping_ranges_are_refused(client, hub):
    a = enroll(client, hub)
    b = enroll(client, hub)
    far = enroll(client, hub, OTHER_OFFICE, OTHER_NAME)
    hub.publish_range(OFFICE, a.device_id, "s10", 1000, 1999, prefix="RA")
    with pytest.raises(HubError) as err:  # S10 is national: another office counts too
        hub.publish_range(OTHER_OFFICE, far.device_id, "s10", 1500, 2500, prefix="RA")
    assert err.value.status == 409
    assert "trùng" in err.value.message
    hub.publish_range(OTHER_OFFICE, far.device_id, "s10", 1500, 2500, prefix="EE")
    # Dossier code blocks: counter 2 still uses its default block 1001–1999.
    with pytest.raises(HubError):
        hub.publish_range(OFFICE, a.device_id, "code_seq", 1500, 1600)
    hub.publish_range(OFFICE, a.device_id, "code_seq", 5000, 5999)
    hub.publish_range(OFFICE, a.device_id, "code_seq", 5000, 5499)  # its own block may shrink
    with pytest.raises(HubError):
        hub.publish_range(OFFICE, b.device_id, "code_seq", 5400, 6000)
    hub.publish_range(OFFICE, b.device_id, "code_seq", 500, 999)  # a's default no longer used
    hub.publish_range(OTHER_OFFICE, far.device_id, "code_seq", 5000, 5999)  # other unit code
    with pytest.raises(HubError) as bad:
        hub.publish_range(OFFICE, a.device_id, "code_seq", 0, 10_000)
    assert bad.value.status == 400
    with pytest.raises(HubError) as wrong_office:
        hub.publish_range(OTHER_OFFICE, a.device_id, "s10", 1, 2, prefix="CP")
    assert wrong_office.value.status == 404


def test_catalog_is_validated_before_it_goes_out(client, hub):
    counter = enroll(client, hub)
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    cursor = hub.publish_catalog(catalog)
    item = _feed(client, counter)["items"][0]
    assert item == {"cursor": cursor, "kind": "catalog", "data": {"catalog": catalog}}
    broken = dict(catalog, format=99)
    with pytest.raises(HubError) as err:
        hub.publish_catalog(broken)
    assert err.value.status == 400
    assert "format" in err.value.message
    assert len(_feed(client, counter)["items"]) == 1
