import base64
import hashlib
from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.appeals.errors import RangeNotSatisfiable, TusHeaderInvalid, TusVersionUnsupported
from scoring.appeals.ranges import parse_range
from scoring.appeals.timeline import clip_window, markers, origin_from_alignment
from scoring.appeals.tus import encode_metadata, parse_checksum, parse_metadata, require_version


@given(st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), st.text(max_size=30), max_size=5))
def test_metadata_round_trips(values):
    assert parse_metadata(encode_metadata(values)) == values


@pytest.mark.parametrize("header", ["a b c", "a !!!", "a YQ==,a YQ=="])
def test_malformed_metadata_is_refused(header):
    with pytest.raises(TusHeaderInvalid):
        parse_metadata(header)


def test_checksum_header_is_read_and_a_wrong_algorithm_refused():
    digest = hashlib.sha256(b"x").digest()
    assert parse_checksum(f"sha256 {base64.b64encode(digest).decode()}") == ("sha256", digest)
    with pytest.raises(TusHeaderInvalid):
        parse_checksum("crc32 AAAA")
    with pytest.raises(TusVersionUnsupported):
        require_version({"tus-resumable": "0.2.2"})


@given(st.integers(1, 10_000), st.data())
def test_a_satisfiable_range_stays_inside_the_file(size, data):
    start = data.draw(st.integers(0, size - 1))
    end = data.draw(st.integers(start, size + 50))
    r = parse_range(f"bytes={start}-{end}", size)
    assert r is not None and r.start == start and r.end == min(end, size - 1) and r.length >= 1


def test_suffix_ranges_past_the_end_and_ignored_forms():
    assert parse_range("bytes=-100", 1000).start == 900
    assert parse_range("bytes=-5000", 1000).start == 0
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=1000-", 1000)
    assert parse_range("items=0-1", 1000) is None and parse_range("bytes=0-1,5-6", 1000) is None


def test_markers_sit_at_event_time_minus_recording_start():
    from datetime import datetime, timedelta
    from types import SimpleNamespace as E

    t0 = datetime(2026, 3, 14, 9, tzinfo=UTC)
    events = [
        E(seq=1, kind="contest_created", data={}, at=t0),
        E(seq=5, kind="penalty", data={"side": "red"}, at=t0 + timedelta(seconds=12)),
        E(seq=6, kind="press", data={"seat": "J1"}, at=t0 + timedelta(seconds=99)),
    ]
    start = origin_from_alignment(t0 + timedelta(seconds=12), 2.5)
    ms = markers(events, start, duration_ms=30_000)
    assert [(m.seq, m.group, m.video_s) for m in ms] == [(5, "penalty", 2.5), (6, "press", None)]
    assert clip_window(2.5, 5, 2, 30_000) == (0.0, 4.5)
    with pytest.raises(ValueError):
        clip_window(40, 5, 2, 30_000)
