from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from scoring.live.chain import GENESIS, ChainRecord, link_hash, verify_chain

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _chain(n):
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        record = ChainRecord(
            7, seq, "press", f'{{"seat":"J1","value":"{seq % 3 + 1}"}}', T0 + timedelta(seconds=seq), "seat:J1", "seat:J1", "e", seq
        )
        digest = link_hash(prev, record)
        rows.append((record, prev, digest))
        prev = digest
    return rows


def test_an_untouched_chain_verifies():
    report = verify_chain(_chain(5))
    assert report.ok and report.events == 5 and report.head == _chain(5)[-1][2]


def test_an_empty_log_verifies_to_the_genesis_hash():
    assert verify_chain([]).head == GENESIS


@given(st.integers(min_value=0, max_value=5), st.sampled_from(["payload", "kind", "at", "actor", "source_seq"]))
def test_changing_any_field_of_any_event_is_detected_at_that_event(index, field):
    rows = _chain(6)
    record, prev, digest = rows[index]
    changed = {
        "payload": '{"seat":"J1","value":"9"}',
        "kind": "mark",
        "at": record.at + timedelta(microseconds=1),
        "actor": "someone",
        "source_seq": 99,
    }[field]
    rows[index] = (replace(record, **{field: changed}), prev, digest)
    report = verify_chain(rows)
    assert not report.ok and report.broken_at == index + 1


def test_a_removed_event_is_a_gap():
    rows = _chain(4)
    del rows[1]
    report = verify_chain(rows)
    assert not report.ok and report.broken_at == 3 and "gap" in report.reason


def test_rehashing_an_edited_event_still_breaks_the_next_link():
    rows = _chain(3)
    record, prev, _ = rows[0]
    forged = replace(record, payload='{"seat":"J1","value":"3"}')
    rows[0] = (forged, prev, link_hash(prev, forged))
    report = verify_chain(rows)
    assert not report.ok and report.broken_at == 2 and report.reason == "previous hash does not match"
