import pytest

from devices.link import TRANSITIONS, IllegalTransition, LinkEvent, LinkMonitor, next_state
from devices.schemas import LinkState


@pytest.mark.parametrize(
    "state, event, expected",
    [(s, e, n) for s, row in TRANSITIONS.items() for e, n in row.items()],
)
def test_every_row_of_the_link_table_applies(state, event, expected):
    assert next_state(state, event) is expected


def test_missed_heartbeat_while_disconnected_is_illegal():
    with pytest.raises(IllegalTransition):
        next_state(LinkState.DISCONNECTED, LinkEvent.HEARTBEAT_MISSED)


def test_first_frame_reports_device_connected_with_battery():
    monitor = LinkMonitor(timeout=1.5)
    state = monitor.seen("KP-01", "/dev/ttyUSB0", 10.0, battery=80, signal=-50, health=True)
    assert (state.state, state.battery, state.signal) == (LinkState.CONNECTED, 80, -50)


def test_device_silent_longer_than_timeout_is_reported_disconnected_once():
    monitor = LinkMonitor(timeout=1.5)
    monitor.seen("KP-01", "p", 10.0)
    assert monitor.expire(11.4) == []
    [state] = monitor.expire(11.6)
    assert state.state is LinkState.DISCONNECTED
    assert monitor.expire(20.0) == []


def test_lost_port_disconnects_only_its_devices():
    monitor = LinkMonitor()
    monitor.seen("KP-01", "a", 1.0)
    monitor.seen("KP-02", "b", 1.0)
    assert [s.device for s in monitor.port_lost("a")] == ["KP-01"]


def test_line_keypad_without_heartbeats_never_expires():
    monitor = LinkMonitor(timeout=1.5)
    monitor.seen("LN-1", "p", 1.0, heartbeats=False)
    assert monitor.expire(100.0) == []


def test_rejected_frames_on_a_port_are_reported_on_its_devices():
    monitor = LinkMonitor()
    monitor.seen("KP-01", "p", 1.0)
    [state] = monitor.set_rejected("p", 3)
    assert state.rejected == 3
    assert monitor.set_rejected("p", 3) == []
