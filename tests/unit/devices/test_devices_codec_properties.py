from hypothesis import given, settings
from hypothesis import strategies as st

from devices.protocol import Decoder, Heartbeat, Press, encode

device_ids = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=16)
u16 = st.integers(0, 0xFFFF)
u32 = st.integers(0, 0xFFFFFFFF)
seqs = st.integers(1, 0xFFFFFFFF)
presses = st.builds(Press, device_ids, u16, seqs, u32, st.integers(0, 255))
heartbeats = st.builds(
    Heartbeat,
    device_ids,
    u16,
    seqs,
    u32,
    st.none() | st.integers(0, 100),
    st.none() | st.integers(-128, 126),
)
events = presses | heartbeats


def split_at(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in zip(edges, edges[1:], strict=False)]


@given(st.lists(st.binary(max_size=200), max_size=20))
def test_any_byte_stream_never_raises_and_yields_only_events(chunks):
    decoder = Decoder()
    for chunk in chunks:
        for event in decoder.feed(chunk):
            assert isinstance(event, (Press, Heartbeat))


@given(st.lists(events, min_size=1, max_size=10), st.lists(st.integers(0, 10_000), max_size=30))
def test_valid_frames_round_trip_however_the_reads_split_or_merge(sent, cuts):
    wire = b"".join(encode(e) for e in sent)
    decoder = Decoder()
    received = [e for chunk in split_at(wire, cuts) for e in decoder.feed(chunk)]
    assert received == sent
    assert decoder.rejected == 0


@given(events)
def test_frame_fed_byte_by_byte_round_trips(event):
    decoder = Decoder()
    assert [e for b in encode(event) for e in decoder.feed(bytes([b]))] == [event]


@settings(max_examples=300)
@given(st.binary(max_size=500), events, st.lists(st.integers(0, 10_000), max_size=10))
def test_any_garbage_prefix_is_skipped_and_the_frame_after_it_decodes(garbage, event, cuts):
    decoder = Decoder()
    wire = garbage + encode(event)
    received = [e for chunk in split_at(wire, cuts) for e in decoder.feed(chunk)]
    assert received[-1:] == [event]
