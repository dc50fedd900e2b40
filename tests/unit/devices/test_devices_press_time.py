"""The bridge says how long ago a keypad press was made, and how many frames a keypad lost
(issue 15, item 9): the keypad's clock is mapped to the host's by the smallest delay seen."""

import json

from devices.intake import DeviceIntake, PortData, PortMode
from devices.keymap import DEFAULT_KEYMAP
from devices.protocol import Heartbeat, Press, encode
from devices.schemas import DevicePress, DeviceState, stamp_age

PORT = "/dev/ttyUSB0"


def intake():
    made = DeviceIntake(DEFAULT_KEYMAP, session="s1")
    made.add_port(PORT, PortMode.FRAMES)
    return made


def beat(seq, t):
    return encode(Heartbeat("KP-01", 3, seq, t, 90, -50))


def press(seq, t, button=0x02):
    return encode(Press("KP-01", 3, seq, t, button))


def feed(i, frame, now):
    return i.handle(PortData(PORT, frame), now=now)


def test_a_backlog_press_says_how_long_ago_it_was_made():
    i = intake()
    feed(i, beat(1, 10_000), now=100.0)  # the keypad's 10 s is the host's 100 s
    feed(i, beat(2, 10_500), now=100.52)  # a slower arrival does not move the mapping
    [on_time] = [o for o in feed(i, press(3, 11_000), now=101.01) if isinstance(o, DevicePress)]
    assert 9 <= on_time.age_ms <= 10  # the offset may have grown by 1 ms a second since
    # Out of range from seq 4: pressed at the keypad's 12 s, sent when back at the host's 105 s.
    [late] = [
        o
        for o in feed(i, press(5, 14_000, button=0x12), now=104.5) + feed(i, press(4, 12_000), now=105.0)
        if isinstance(o, DevicePress) and o.seq == 4
    ]
    assert 2_950 <= late.age_ms <= 3_000


def test_lost_frames_are_the_gaps_a_resend_has_not_filled():
    i = intake()
    feed(i, beat(1, 0), now=1.0)
    states = [o for o in feed(i, beat(4, 1500), now=2.5) if isinstance(o, DeviceState)]
    assert states[-1].lost == 2  # seqs 2 and 3 never came
    states = [o for o in feed(i, press(3, 1000), now=2.6) if isinstance(o, DeviceState)]
    assert states[-1].lost == 1  # the backlog brought 3 back
    assert states[-1].to_message()["lost"] == 1


def test_every_send_of_an_outbox_press_stamps_its_age_then():
    stored = json.dumps({"type": "press", "device": "KP-01", "seq": 4, "pressed_wall": 1000.0})
    first, replayed = json.loads(stamp_age(stored, 1000.4)), json.loads(stamp_age(stored, 1012.0))
    assert (first["age_ms"], replayed["age_ms"]) == (400, 12_000)
    assert "pressed_wall" not in first
    line = json.dumps({"type": "press", "device": "LN-1", "seq": 1})
    assert stamp_age(line, 5.0) == line  # a line keypad's press: made when sent
