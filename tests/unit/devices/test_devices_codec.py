import pytest

from devices.errors import LocalProtocolError
from devices.protocol import (
    MAX_ENCODED_FRAME,
    Decoder,
    Heartbeat,
    Press,
    crc16,
    decode_frame,
    encode,
    encode_payload,
    frame_payload,
)

PRESS = Press("KP-01", boot=7, seq=42, t_device=123456, button=0x02)
BEAT = Heartbeat("KP-01", boot=7, seq=43, t_device=123900, battery=87, signal=-60)


def test_crc_is_ccitt_false_check_value():
    assert crc16(b"123456789") == 0x29B1


def test_press_frame_matches_the_documented_example_bytes():
    # docs/device-protocol.md, "Worked example"
    assert encode(PRESS).hex(" ") == ("00 09 01 01 05 4b 50 2d 30 31 02 07 01 01 02 2a 07 01 e2 40 02 74 e4 00")


def test_press_and_heartbeat_decode_to_what_was_sent():
    assert Decoder().feed(encode(PRESS) + encode(BEAT)) == [PRESS, BEAT]


def test_frame_fed_one_byte_at_a_time_decodes_once():
    decoder = Decoder()
    events = [e for b in encode(PRESS) for e in decoder.feed(bytes([b]))]
    assert events == [PRESS]
    assert decoder.rejected == 0


def test_unknown_battery_and_signal_round_trip_as_none():
    beat = Heartbeat("KP-02", 1, 1, 0, battery=None, signal=None)
    assert Decoder().feed(encode(beat)) == [beat]


def test_flipped_bit_is_rejected_as_checksum_and_next_frame_still_decodes():
    bad = bytearray(encode(PRESS))
    bad[8] ^= 0x01
    decoder = Decoder()
    assert decoder.feed(bytes(bad) + encode(BEAT)) == [BEAT]
    assert decoder.rejected == 1
    assert decoder.reasons["checksum"] == 1


def test_garbage_before_a_frame_is_counted_and_skipped():
    decoder = Decoder()
    assert decoder.feed(b"\x13\x37noise" + encode(PRESS)) == [PRESS]
    assert decoder.rejected == 1


def test_endless_garbage_without_delimiter_is_counted_once_and_memory_stays_bounded():
    decoder = Decoder()
    for _ in range(100):
        assert decoder.feed(b"\xff" * 50) == []
    assert decoder.rejected == 1
    assert decoder.reasons["overlong"] == 1
    assert decoder.feed(encode(PRESS)) == [PRESS]


def test_frame_of_unknown_version_or_kind_is_rejected_by_reason():
    payload = bytearray(encode_payload(PRESS))
    wrong_version = bytes([2]) + bytes(payload[1:])
    wrong_kind = bytes(payload[:1]) + bytes([9]) + bytes(payload[2:])
    decoder = Decoder()
    assert decoder.feed(frame_payload(wrong_version) + frame_payload(wrong_kind)) == []
    assert decoder.reasons == {"version": 1, "kind": 1}


def test_empty_feed_means_nothing_arrived():
    decoder = Decoder()
    assert decoder.feed(b"") == []
    assert decoder.rejected == 0


def test_frame_with_wrong_length_for_its_kind_is_rejected():
    payload = encode_payload(PRESS) + b"\x00"
    decoder = Decoder()
    assert decoder.feed(frame_payload(payload)) == []
    assert decoder.reasons["length"] == 1


def test_longest_valid_frame_fits_under_the_overlong_limit():
    longest = Heartbeat("X" * 16, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 100, -128)
    assert len(encode(longest)) - 2 <= MAX_ENCODED_FRAME
    assert decode_frame(encode(longest)[1:-1]) == longest


@pytest.mark.parametrize(
    "build",
    [
        lambda: Press("", 1, 1, 1, 1),
        lambda: Press("KP 01", 1, 1, 1, 1),
        lambda: Press("X" * 17, 1, 1, 1, 1),
        lambda: Press("KP-01", 70000, 1, 1, 1),
        lambda: Press("KP-01", 1, 0, 1, 1),
        lambda: Press("KP-01", 1, 1, 1, 256),
        lambda: Heartbeat("KP-01", 1, 1, 1, 101, None),
        lambda: Heartbeat("KP-01", 1, 1, 1, None, 127),
    ],
)
def test_event_with_out_of_range_field_cannot_be_built(build):
    with pytest.raises(LocalProtocolError):
        build()
