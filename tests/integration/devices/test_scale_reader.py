"""A fake scale on a real pty -> ``ScaleReader`` (pyserial) -> ``ScaleClient`` -> the scale API."""

import threading

import pytest
from click.testing import CliRunner

from devices.cli import devices
from devices.scale_reader import ScaleClient, ScalePortError, ScaleReader
from devices.simulator import PtyPort

pytestmark = pytest.mark.timeout(60)

LINES = [b"US,GS,+0057.90kg\r\n"] * 2 + [b"ST,GS,+0058.30kg\r\n"] * 3 + [b"ST,GS,+0058.30kg\r\n", b"OL\r\n"]


def _scale(pty: PtyPort, lines: list[bytes]) -> threading.Thread:
    def play() -> None:
        if pty.wait_opened(10):
            for line in lines:
                pty.write(line)

    thread = threading.Thread(target=play, daemon=True)
    thread.start()
    return thread


def test_a_settled_reading_from_a_pty_scale_reaches_the_weigh_in_page_once(arena, tmp_path):
    pty = PtyPort(tmp_path / "scale")
    client = ScaleClient(str(arena.client.base_url), arena.tokens["device"], "can-1", http=arena.client)
    stop = threading.Event()
    posted = []

    def settled(reading):
        posted.append(reading)
        assert client.send(reading), client.last_error

    lines = []

    def seen_all(item):
        lines.append(item)
        if len(lines) == len(LINES):
            stop.set()

    reader = ScaleReader(str(pty.link), 9600, settled, needed=3, on_line=seen_all)
    player = _scale(pty, LINES)
    timer = threading.Timer(20, stop.set)
    timer.start()
    try:
        reader.run(stop)
    finally:
        timer.cancel()
        pty.unplug()
        player.join(5)
    assert [r.grams for r in posted] == [58300] and client.sent == 1
    assert reader.refused == 1  # the overload line
    body = arena.ok(arena.get("/api/tournaments/scale/can-1", role="referee"))["reading"]
    assert (body["weight"], body["grams"], body["raw"], body["fresh"]) == ("58,3", 58300, "ST,GS,+0058.30kg", True)
    assert arena.get("/api/tournaments/scale/can-1", role="coach").status_code == 403


def test_a_port_that_cannot_be_opened_is_a_clear_error(tmp_path):
    reader = ScaleReader(str(tmp_path / "no-such-port"), 9600, lambda r: None)
    with pytest.raises(ScalePortError, match="cannot open the scale"):
        reader.run(threading.Event())


def test_the_scale_command_exits_non_zero_when_the_port_cannot_be_opened(tmp_path):
    missing = str(tmp_path / "ttyUSB9")
    args = ["scale", "--port", missing, "--station", "can-1", "--server", "http://127.0.0.1:9", "--token", "t"]
    result = CliRunner().invoke(devices, args)
    assert result.exit_code == 1
    assert f"cannot open the scale at {missing}" in result.output


def test_the_scale_command_refuses_a_server_address_without_a_scheme(tmp_path):
    args = ["scale", "--port", str(tmp_path / "p"), "--station", "can-1", "--server", "127.0.0.1:8000", "--token", "t"]
    result = CliRunner().invoke(devices, args)
    assert result.exit_code == 2 and "--server" in result.output


def test_a_client_keeps_a_reading_the_server_could_not_take_and_drops_one_it_refused(arena):
    from devices.scale import Reading

    down = ScaleClient("http://127.0.0.1:9", "t", "can-1")
    try:
        assert not down.send(Reading(58300, True, "58.3")) and down.pending is not None
        assert "unreachable" in down.last_error
    finally:
        down.close()
    refused = ScaleClient(str(arena.client.base_url), arena.tokens["coach"], "can-1", http=arena.client)
    assert not refused.send(Reading(58300, True, "58.3"))
    assert refused.pending is None and "HTTP 403" in refused.last_error and "device token" in refused.last_error
