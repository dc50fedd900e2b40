from decimal import Decimal

from devices.intake import DeviceIntake, PortClosed, PortData, PortMode, PortOpened
from devices.keymap import DEFAULT_KEYMAP, Side
from devices.lines import parse_line_rules
from devices.protocol import Heartbeat, Press, encode
from devices.schemas import DevicePress, DeviceState, LinkState

PORT = "/dev/ttyUSB0"


def make_intake(**kw):
    intake = DeviceIntake(DEFAULT_KEYMAP, session="s1", **kw)
    intake.add_port(PORT, PortMode.FRAMES)
    return intake


def presses(outputs):
    return [o for o in outputs if isinstance(o, DevicePress)]


def press_frame(seq, button=0x02, t=1000, boot=3):
    return encode(Press("KP-01", boot, seq, t, button))


def test_press_frame_becomes_a_press_with_side_value_and_epoch_from_boot():
    out = make_intake().handle(PortData(PORT, press_frame(5)), now=1.0)
    [state] = [o for o in out if isinstance(o, DeviceState)]
    [press] = presses(out)
    assert state.state is LinkState.CONNECTED
    assert (press.device, press.epoch, press.seq, press.side, press.value, press.button, press.t_device) == (
        "KP-01",
        "b3",
        5,
        Side.RED,
        Decimal(2),
        "RED_2",
        1000,
    )


def test_resent_frame_is_passed_on_once():
    intake = make_intake()
    first = presses(intake.handle(PortData(PORT, press_frame(5)), 1.0))
    again = presses(intake.handle(PortData(PORT, press_frame(5)), 1.1))
    assert len(first) == 1 and again == []
    assert intake.stats.duplicates == 1


def test_same_seq_after_device_reboot_is_a_new_press():
    intake = make_intake()
    intake.handle(PortData(PORT, press_frame(1, boot=3)), 1.0)
    assert len(presses(intake.handle(PortData(PORT, press_frame(1, boot=4)), 1.1))) == 1


def test_contact_bounce_within_debounce_window_counts_once():
    intake = make_intake(debounce_ms=40)
    out = intake.handle(PortData(PORT, press_frame(1, t=1000) + press_frame(2, t=1015)), 1.0)
    later = intake.handle(PortData(PORT, press_frame(3, t=1100)), 1.1)
    assert len(presses(out)) == 1 and len(presses(later)) == 1
    assert intake.stats.debounced == 1


def test_different_buttons_pressed_together_both_count():
    intake = make_intake(debounce_ms=40)
    out = intake.handle(PortData(PORT, press_frame(1, 0x02, 1000) + press_frame(2, 0x12, 1001)), 1.0)
    assert [p.button for p in presses(out)] == ["RED_2", "BLUE_2"]


def test_button_missing_from_keymap_is_ignored_and_counted():
    intake = make_intake()
    assert presses(intake.handle(PortData(PORT, press_frame(1, button=0x77)), 1.0)) == []
    assert intake.stats.unmapped == 1


def test_lost_port_reports_its_devices_disconnected():
    intake = make_intake()
    intake.handle(PortData(PORT, press_frame(1)), 1.0)
    [state] = intake.handle(PortClosed(PORT, "unplugged"), 1.2)
    assert state.state is LinkState.DISCONNECTED


def test_heartbeat_silence_reports_disconnected_after_timeout():
    intake = make_intake(heartbeat_timeout=1.5)
    intake.handle(PortOpened(PORT, PORT), 0.0)
    intake.handle(PortData(PORT, encode(Heartbeat("KP-01", 3, 1, 0, 90, -60))), 1.0)
    assert intake.tick(2.4) == []
    [state] = intake.tick(2.6)
    assert (state.state, state.battery) == (LinkState.DISCONNECTED, 90)


def test_bad_frames_are_reported_in_the_device_state():
    intake = make_intake()
    intake.handle(PortData(PORT, press_frame(1)), 1.0)
    out = intake.handle(PortData(PORT, b"\x01\x02\x03\x00"), 1.1)
    assert [s.rejected for s in out if isinstance(s, DeviceState)] == [1]


def test_frame_gap_is_counted_as_lost_frames():
    intake = make_intake()
    intake.handle(PortData(PORT, press_frame(1, t=0)), 1.0)
    intake.handle(PortData(PORT, press_frame(5, t=500)), 1.0)
    assert intake.stats.lost_frames == 3


def test_line_keypad_presses_get_session_epoch_and_counting_seq():
    rules = parse_line_rules("[[line]]\npattern = '(?P<j>[1-9])R1'\ndevice = 'LN-{j}'\nbutton = 'RED_1'\n")
    intake = DeviceIntake(DEFAULT_KEYMAP, session="abc", line_rules=rules)
    intake.add_port("p", PortMode.LINES)
    got = presses(intake.handle(PortData("p", b"1R1\n"), 1.0) + intake.handle(PortData("p", b"1R1\n"), 2.0))
    assert [(p.device, p.epoch, p.seq, p.t_device) for p in got] == [("LN-1", "Labc", 1, None), ("LN-1", "Labc", 2, None)]
