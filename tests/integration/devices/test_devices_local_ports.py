import asyncio
from decimal import Decimal

import pytest
from devices_peer import eventually

from devices.intake import PortMode
from devices.keymap import DEFAULT_KEYMAP, Side
from devices.lines import parse_line_rules
from devices.local import run_local_ports
from devices.schemas import LinkState
from devices.simscript import Simulator
from devices.simulator import PtyPort
from devices.transport import PortSpec

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(60)]


class Collector:
    def __init__(self):
        self.presses = []
        self.states = []

    async def submit(self, press):
        self.presses.append(press)

    async def on_state(self, state):
        self.states.append(state)

    def state_of(self, device):
        found = [s.state for s in self.states if s.device == device]
        return found[-1] if found else None


async def start_ports(specs, **kw):
    got, stop = Collector(), asyncio.Event()
    task = asyncio.create_task(run_local_ports(specs, DEFAULT_KEYMAP, got.submit, got.on_state, stop, **kw))
    return got, stop, task


async def test_press_on_simulated_keypad_reaches_submit_through_pyserial(tmp_path):
    with Simulator(2, tmp_path) as sim:
        got, stop, task = await start_ports([str(p) for p in sim.links().values()])
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        await asyncio.to_thread(sim.keypads["KP-02"].press, "BLUE_3")
        [press] = await eventually(lambda: got.presses)
        assert (press.device, press.side, press.value, press.button) == ("KP-02", Side.BLUE, Decimal(3), "BLUE_3")
        stop.set()
        await task


async def test_unplug_and_replug_mid_bout_loses_nothing_and_duplicates_nothing(tmp_path):
    with Simulator(1, tmp_path) as sim:
        keypad = sim.keypads["KP-01"]
        got, stop, task = await start_ports([str(sim.links()["KP-01"])])
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        for button in ("RED_1", "RED_2", "BLUE_1"):
            await asyncio.to_thread(keypad.press, button)
            await asyncio.sleep(0.06)
        await eventually(lambda: len(got.presses) == 3)
        keypad.unplug()
        await eventually(lambda: got.state_of("KP-01") is LinkState.DISCONNECTED, timeout=2.0)
        keypad.press("BLUE_2")  # pressed while the receiver is out: the handset keeps it
        await asyncio.to_thread(keypad.replug)  # also resends its last frames, as a handset does
        await eventually(lambda: len(got.presses) >= 4)
        await eventually(lambda: got.state_of("KP-01") is LinkState.CONNECTED)
        await asyncio.sleep(0.3)
        assert [p.button for p in got.presses] == ["RED_1", "RED_2", "BLUE_1", "BLUE_2"]
        assert [p.seq for p in got.presses] == sorted({p.seq for p in got.presses})
        stop.set()
        await task


async def test_keypad_whose_heartbeats_stop_is_reported_disconnected_within_two_seconds(tmp_path):
    with Simulator(1, tmp_path, heartbeat_interval=0.2) as sim:
        got, stop, task = await start_ports([str(sim.links()["KP-01"])])
        await eventually(lambda: got.state_of("KP-01") is LinkState.CONNECTED)
        sim.act("KP-01", "silence")
        silenced = asyncio.get_running_loop().time()
        await eventually(lambda: got.state_of("KP-01") is LinkState.DISCONNECTED, timeout=3.0)
        assert asyncio.get_running_loop().time() - silenced < 2.0
        stop.set()
        await task


async def test_noise_and_bad_checksums_are_counted_and_presses_still_arrive(tmp_path):
    with Simulator(1, tmp_path) as sim:
        keypad = sim.keypads["KP-01"]
        got, stop, task = await start_ports([str(sim.links()["KP-01"])])
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        keypad.send_raw(b"\x17garbage\xff\x00")
        keypad.send_bad_checksum()
        keypad.press("RED_3")
        [press] = await eventually(lambda: got.presses)
        assert press.button == "RED_3"
        await eventually(lambda: any(s.rejected == 2 for s in got.states))
        stop.set()
        await task


async def test_plain_text_keypad_lines_become_presses(tmp_path):
    rules = parse_line_rules("[[line]]\npattern = '(?P<j>[1-9])R(?P<p>[1-5])'\ndevice = 'LN-{j}'\nbutton = 'RED_{p}'\n")
    pty = PtyPort(tmp_path / "lines")
    try:
        got, stop, task = await start_ports([PortSpec(path=str(pty.link), baud=9600, mode=PortMode.LINES)], line_rules=rules)
        assert await asyncio.to_thread(pty.wait_opened, 5.0)
        pty.write(b"2R3\r\n9X\r\n")
        [press] = await eventually(lambda: got.presses)
        assert (press.device, press.button, press.value) == ("LN-2", "RED_3", Decimal(3))
        stop.set()
        await task
    finally:
        pty.unplug()
