import json
import random
from decimal import Decimal
from itertools import islice

import pytest

from devices.bridge import backoff_delays, devices_url
from devices.errors import DeviceConfigError, RemoteFrameError
from devices.keymap import Side
from devices.schemas import Ack, Assignments, DevicePress, ServerError, parse_server_message


@pytest.mark.parametrize(
    "server, url",
    [
        ("http://10.0.0.5:8000", "ws://10.0.0.5:8000/ws/devices"),
        ("https://arena.example/", "wss://arena.example/ws/devices"),
        ("ws://127.0.0.1:9000/custom", "ws://127.0.0.1:9000/custom"),
    ],
)
def test_server_address_becomes_the_devices_socket_url(server, url):
    assert devices_url(server) == url


def test_server_address_without_scheme_is_refused():
    with pytest.raises(DeviceConfigError):
        devices_url("127.0.0.1:8000")


def test_first_retry_is_within_half_a_second_and_backoff_caps_at_five():
    delays = list(islice(backoff_delays(0.25, 5.0, random.Random(1)), 10))
    assert delays[0] <= 0.5
    assert all(a <= b for a, b in zip(delays[:4], delays[1:5], strict=False))
    assert max(delays) <= 5.0 * 1.1 and delays[-1] >= 5.0


def test_press_message_carries_value_as_decimal_string():
    press = DevicePress("KP-01", "b3", 7, Side.BLUE, Decimal("0.5"), "BLUE_X", "deduction", 99)
    assert press.to_message() == {
        "type": "press",
        "device": "KP-01",
        "epoch": "b3",
        "seq": 7,
        "side": "blue",
        "value": "0.5",
        "button": "BLUE_X",
        "code": "deduction",
        "t_device": 99,
    }


def test_server_messages_parse_to_typed_values():
    assert parse_server_message(json.dumps({"type": "ack", "device": "KP-01", "epoch": "b1", "seq": 3, "duplicate": True})) == Ack(
        "KP-01", "b1", 3, True
    )
    assert parse_server_message(
        json.dumps({"type": "error", "code": "contest.closed", "message": "m", "device": "KP-01", "seq": 4})
    ) == ServerError("contest.closed", "m", "KP-01", None, 4)
    assert parse_server_message(json.dumps({"type": "assignments", "devices": {}})) == Assignments({})
    assert parse_server_message(json.dumps({"type": "future_thing"})) is None


@pytest.mark.parametrize(
    "text", ["not json", "[]", '{"type": "ack", "device": "KP-01"}', '{"type": "ack", "device": "d", "epoch": "e", "seq": "1"}']
)
def test_unreadable_server_message_raises_remote_error(text):
    with pytest.raises(RemoteFrameError):
        parse_server_message(text)
