import asyncio

import pytest
from devices_peer import TOKEN, PeerServer, PeerStore, eventually

from devices.bridge import Bridge, BridgeConfig, run_bridge
from devices.keymap import DEFAULT_KEYMAP
from devices.outbox import AsyncPressQueue
from devices.simscript import Simulator
from devices.transport import PortSpec

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(60)]


class Running:
    """A bridge on simulated keypads, forwarding to ``server``."""

    def __init__(self, sim, server_url, outbox_path, token=TOKEN):
        self.sim = sim
        self.outbox = AsyncPressQueue(outbox_path)
        self.stop = asyncio.Event()
        self.bridge = Bridge(BridgeConfig(server_url, token, name="test-laptop", state_interval=1.0), self.outbox)
        ports = [PortSpec(path=str(p)) for p in sim.links().values()]
        self.task = asyncio.create_task(run_bridge(self.bridge.config, ports, DEFAULT_KEYMAP, self.outbox, self.stop, bridge=self.bridge))

    async def press(self, device, button):
        return await asyncio.to_thread(self.sim.keypads[device].press, button)

    async def close(self):
        self.stop.set()
        await self.task
        self.outbox.close()


async def pending_reaches(outbox, count, timeout=5.0):
    for _ in range(int(timeout / 0.05)):
        if (await outbox.counts()).pending == count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"outbox never held {count} pending presses")


@pytest.fixture
async def peer():
    server = PeerServer()
    await server.start()
    yield server
    if server._server is not None:
        await server.stop()


async def test_keypad_press_reaches_the_server_and_leaves_the_outbox_when_acked(tmp_path, peer):
    with Simulator(3, tmp_path / "pty") as sim:
        run = Running(sim, peer.url, tmp_path / "outbox.db")
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        await run.press("KP-02", "RED_2")
        [press] = await eventually(lambda: peer.store.committed)
        assert {k: press[k] for k in ("device", "side", "value", "button")} == {
            "device": "KP-02",
            "side": "red",
            "value": "2",
            "button": "RED_2",
        }
        await eventually(lambda: run.bridge.status.acked == 1)
        assert (await run.outbox.counts()).pending == 0
        assert peer.store.hellos[0]["bridge"] == "test-laptop"
        await eventually(lambda: peer.store.latest_state("KP-03") == "connected")
        await run.close()


async def test_server_restart_while_bridge_queues_presses_loses_nothing(tmp_path, peer):
    with Simulator(2, tmp_path / "pty") as sim:
        run = Running(sim, peer.url, tmp_path / "outbox.db")
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        await run.press("KP-01", "RED_1")
        await eventually(lambda: len(peer.store.committed) == 1)
        await peer.stop()
        await eventually(lambda: not run.bridge.status.connected)
        for n, button in enumerate(["RED_2", "BLUE_1", "BLUE_3", "RED_5"]):
            await run.press(f"KP-0{n % 2 + 1}", button)
            await asyncio.sleep(0.06)
        await pending_reaches(run.outbox, 4)
        await peer.start()
        await eventually(lambda: len(peer.store.committed) == 5, timeout=8.0)
        assert [p["button"] for p in peer.store.committed] == ["RED_1", "RED_2", "BLUE_1", "BLUE_3", "RED_5"]
        assert peer.store.duplicates == 0
        await eventually(lambda: run.bridge.status.acked == 5)
        await run.close()


async def test_presses_queued_before_a_bridge_restart_are_replayed_in_order(tmp_path):
    store = PeerStore()
    server = PeerServer(store)
    await server.start()
    url = server.url
    await server.stop()  # the server is down while the first bridge runs
    with Simulator(1, tmp_path / "pty") as sim:
        first = Running(sim, url, tmp_path / "outbox.db")
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        for button in ("RED_1", "RED_2", "RED_3"):
            await first.press("KP-01", button)
            await asyncio.sleep(0.06)
        await pending_reaches(first.outbox, 3)
        await first.close()
    await server.start()
    with Simulator(1, tmp_path / "pty2") as sim:
        second = Running(sim, url, tmp_path / "outbox.db")
        await eventually(lambda: len(store.committed) == 3)
        assert [p["button"] for p in store.committed] == ["RED_1", "RED_2", "RED_3"]
        await second.close()
    await server.stop()


async def test_unplug_replug_through_the_bridge_loses_nothing_and_duplicates_nothing(tmp_path, peer):
    with Simulator(1, tmp_path / "pty") as sim:
        run = Running(sim, peer.url, tmp_path / "outbox.db")
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        await run.press("KP-01", "RED_1")
        await run.press("KP-01", "BLUE_2")
        await eventually(lambda: len(peer.store.committed) == 2)
        sim.act("KP-01", "unplug")
        await eventually(lambda: peer.store.latest_state("KP-01") == "disconnected", timeout=2.0)
        sim.keypads["KP-01"].press("RED_3")
        await asyncio.to_thread(sim.keypads["KP-01"].replug)
        await eventually(lambda: len(peer.store.committed) == 3)
        await eventually(lambda: peer.store.latest_state("KP-01") == "connected")
        await asyncio.sleep(0.3)
        assert [p["button"] for p in peer.store.committed] == ["RED_1", "BLUE_2", "RED_3"]
        assert peer.store.duplicates == 0
        await run.close()


async def test_press_the_server_refuses_for_good_is_dropped_not_retried(tmp_path, peer):
    peer.store.closed_contests.add("KP-01")
    with Simulator(1, tmp_path / "pty") as sim:
        run = Running(sim, peer.url, tmp_path / "outbox.db")
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        await run.press("KP-01", "RED_1")
        await eventually(lambda: run.bridge.status.dropped == 1)
        counts = await run.outbox.counts()
        assert (counts.pending, counts.dropped) == (0, 1)
        await run.close()


async def test_wrong_token_is_reported_and_nothing_is_lost(tmp_path, peer):
    with Simulator(1, tmp_path / "pty") as sim:
        run = Running(sim, peer.url, tmp_path / "outbox.db", token="wrong")
        assert await asyncio.to_thread(sim.wait_opened, 5.0)
        await run.press("KP-01", "RED_1")
        await eventually(lambda: "401" in run.bridge.status.last_error)
        await asyncio.sleep(0.2)
        assert (await run.outbox.counts()).pending == 1
        assert peer.store.committed == []
        await run.close()


async def test_bridge_reconnects_within_half_a_second_after_the_server_drops_it(tmp_path, peer):
    with Simulator(1, tmp_path / "pty") as sim:
        run = Running(sim, peer.url, tmp_path / "outbox.db")
        await eventually(lambda: run.bridge.status.connected)
        await peer.stop()
        dropped_at = asyncio.get_running_loop().time()
        await peer.start()
        await eventually(lambda: len(peer.store.connects) == 2, timeout=3.0)
        assert peer.store.connects[1] - dropped_at < 0.5
        await run.close()
