"""Keypad pty -> bridge -> the real server (``create_app`` under uvicorn) -> scoreboard socket."""

import asyncio
import json
import socket

import pytest

pytest.importorskip("assembly.app", reason="the server (assembly/app.py) is not in this tree yet")
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from devices_peer import eventually  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from assembly.app import create_app  # noqa: E402
from base.accounts.models import Role  # noqa: E402
from base.accounts.service import AccountService  # noqa: E402
from base.settings import Settings  # noqa: E402
from devices.bridge import Bridge, BridgeConfig, run_bridge  # noqa: E402
from devices.keymap import DEFAULT_KEYMAP  # noqa: E402
from devices.outbox import AsyncPressQueue  # noqa: E402
from devices.simscript import Simulator  # noqa: E402
from devices.transport import PortSpec  # noqa: E402

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(120), pytest.mark.slow]


class Venue:
    """The real server on a fixed port and data dir, so it can be stopped and started again."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = self._server = self._task = None

    async def start(self):
        self.app = create_app(Settings(data_dir=self.data_dir, argon2_profile="CHEAPEST"))
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", ws="websockets-sansio"))
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        await eventually(lambda: self._server.started, timeout=30)

    async def stop(self):
        self._server.should_exit = True
        await asyncio.wait_for(self._task, 15)

    async def token(self, username, role):
        async with self.app.state.db_factory() as session:
            accounts = AccountService(session, self.app.state.hasher)
            user = await accounts.create_user(username, f"{username}-password", [role])
            return await accounts.issue_token(user, "tests")

    async def bout(self, admin_token):
        """A running taekwondo contest on mat 1 with keypads KP-01..03 on seats J1..J3."""
        async with httpx.AsyncClient(base_url=self.url, headers={"Authorization": f"Bearer {admin_token}"}) as http:

            async def call(method, path, body):
                response = await http.request(method, path, json=body)
                assert response.status_code < 300, response.text
                return response.json()

            comp = await call("POST", "/api/competitions", {"name": "Giải vô địch"})
            event = await call(
                "POST",
                "/api/events",
                {"competition_id": comp["id"], "name": "Nam -58kg", "sport": "taekwondo", "ruleset_id": "taekwondo-wt"},
            )
            fop = await call("POST", "/api/fops", {"competition_id": comp["id"], "name": "Thảm 1"})
            panel = await call("POST", "/api/panels", {"fop_id": fop["id"], "name": "P1", "seats": ["J1", "J2", "J3"]})
            entries = []
            for name in ("Nguyễn Văn An", "Trần Minh Bảo"):
                athlete = await call("POST", "/api/athletes", {"full_name": name})
                entries.append(await call("POST", "/api/entries", {"event_id": event["id"], "athlete_id": athlete["id"]}))
            contest = await call(
                "POST",
                "/api/contests",
                {
                    "event_id": event["id"],
                    "fop_id": fop["id"],
                    "panel_id": panel["id"],
                    "red_entry_id": entries[0]["id"],
                    "blue_entry_id": entries[1]["id"],
                },
            )
            await call("PUT", f"/api/fops/{fop['id']}/current", {"contest_id": contest["id"]})
            for command in ("start_contest", "start_round", "start_clock"):
                await call("POST", f"/api/contests/{contest['id']}/commands", {"command": command})
            for n in (1, 2, 3):
                await call("PUT", f"/api/devices/KP-0{n}/assignment", {"panel_id": panel["id"], "seat": f"J{n}"})
        return fop["id"], contest["id"]

    async def logged_presses(self, admin_token, contest_id):
        async with httpx.AsyncClient(base_url=self.url, headers={"Authorization": f"Bearer {admin_token}"}) as http:
            rows = (await http.get(f"/api/contests/{contest_id}/log")).json()
        return [r for r in rows if r["kind"] == "press"]


class Scoreboard:
    """Follows ``/ws/fop/{id}``: the snapshot, then each delta merged in."""

    def __init__(self, url, fop_id):
        self.url = url.replace("http", "ws", 1) + f"/ws/fop/{fop_id}"
        self.state = {}
        self.task = None

    async def _follow(self):
        async with connect(self.url) as ws:
            async for text in ws:
                message = json.loads(text)
                if message["type"] == "snapshot":
                    self.state = message["state"]
                elif message["type"] == "delta":
                    self.state = {**self.state, **message["changes"]}

    def start(self):
        self.task = asyncio.create_task(self._follow())

    def total(self, side):
        return ((self.state.get("score") or {}).get("sides") or {}).get(side, {}).get("total")

    async def close(self):
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)


@pytest.fixture
async def venue(tmp_path):
    venue = Venue(tmp_path / "data")
    await venue.start()
    yield venue
    if venue._task is not None and not venue._task.done():
        await venue.stop()


async def start_bridge(sim, venue, token, tmp_path):
    outbox = AsyncPressQueue(tmp_path / "outbox.db")
    stop = asyncio.Event()
    bridge = Bridge(BridgeConfig(venue.url, token, name="venue-laptop"), outbox)
    ports = [PortSpec(path=str(p)) for p in sim.links().values()]
    task = asyncio.create_task(run_bridge(bridge.config, ports, DEFAULT_KEYMAP, outbox, stop, bridge=bridge))
    await eventually(lambda: bridge.status.connected, timeout=10)
    assert await asyncio.to_thread(sim.wait_opened, 5.0)

    async def close():
        stop.set()
        await task
        outbox.close()

    return bridge, close


async def press(sim, device, button):
    return await asyncio.to_thread(sim.keypads[device].press, button)


async def test_two_judges_keypad_presses_score_on_the_scoreboard(tmp_path, venue):
    admin, device_token = await venue.token("admin", Role.ADMIN), await venue.token("bridge", Role.DEVICE)
    fop_id, contest_id = await venue.bout(admin)
    board = Scoreboard(venue.url, fop_id)
    board.start()
    with Simulator(3, tmp_path / "pty") as sim:
        bridge, close = await start_bridge(sim, venue, device_token, tmp_path)
        await eventually(lambda: board.total("red") == "0")
        await press(sim, "KP-01", "RED_2")
        await press(sim, "KP-02", "RED_2")  # WT: 2 of 3 judges within 1 s
        await eventually(lambda: board.total("red") == "2", timeout=5)
        assert board.total("blue") == "0"
        await eventually(lambda: venue.app.state.hub.device_states.get("KP-03", {}).get("seat") == "J3")
        await close()
    await board.close()


async def test_unplug_and_replug_against_the_real_server_loses_and_duplicates_nothing(tmp_path, venue):
    admin, device_token = await venue.token("admin", Role.ADMIN), await venue.token("bridge", Role.DEVICE)
    fop_id, contest_id = await venue.bout(admin)
    with Simulator(3, tmp_path / "pty") as sim:
        bridge, close = await start_bridge(sim, venue, device_token, tmp_path)
        await press(sim, "KP-01", "RED_1")
        await press(sim, "KP-02", "BLUE_2")
        await eventually(lambda: bridge.status.acked == 2)
        sim.act("KP-02", "unplug")
        await eventually(lambda: venue.app.state.hub.device_states["KP-02"]["state"] == "disconnected", timeout=2.0)
        sim.keypads["KP-02"].press("RED_3")  # kept by the handset while its receiver is out
        await asyncio.to_thread(sim.keypads["KP-02"].replug)  # resends its last frames too
        await press(sim, "KP-03", "BLUE_1")
        await eventually(lambda: bridge.status.acked == 4)
        await asyncio.sleep(0.5)
        logged = await venue.logged_presses(admin, contest_id)
        assert sorted((r["data"]["seat"], r["data"]["side"], r["data"]["value"]) for r in logged) == [
            ("J1", "red", "1"),
            ("J2", "blue", "2"),
            ("J2", "red", "3"),
            ("J3", "blue", "1"),
        ]
        assert bridge.status.duplicates == 0
        await close()


async def test_server_restart_while_the_bridge_queues_presses_loses_nothing(tmp_path, venue):
    admin, device_token = await venue.token("admin", Role.ADMIN), await venue.token("bridge", Role.DEVICE)
    fop_id, contest_id = await venue.bout(admin)
    with Simulator(3, tmp_path / "pty") as sim:
        bridge, close = await start_bridge(sim, venue, device_token, tmp_path)
        await press(sim, "KP-01", "RED_1")
        await eventually(lambda: bridge.status.acked == 1)
        await venue.stop()
        await eventually(lambda: not bridge.status.connected)
        for device, button in (("KP-01", "BLUE_2"), ("KP-02", "BLUE_2"), ("KP-03", "RED_3")):
            await press(sim, device, button)
        await asyncio.sleep(0.3)
        assert (await bridge.outbox.counts()).pending == 3
        await venue.start()
        await eventually(lambda: bridge.status.acked == 4, timeout=15)
        logged = await venue.logged_presses(admin, contest_id)
        assert sorted((r["data"]["seat"], r["data"]["side"], r["data"]["value"]) for r in logged) == [
            ("J1", "blue", "2"),
            ("J1", "red", "1"),
            ("J2", "blue", "2"),
            ("J3", "red", "3"),
        ]
        await close()


async def test_real_server_refuses_unassigned_keypads_and_the_press_is_dropped(tmp_path, venue):
    device_token = await venue.token("bridge", Role.DEVICE)
    with Simulator(1, tmp_path / "pty") as sim:
        bridge, close = await start_bridge(sim, venue, device_token, tmp_path)
        await eventually(lambda: venue.app.state.hub.device_states.get("KP-01", {}).get("state") == "connected")
        await press(sim, "KP-01", "RED_2")
        await eventually(lambda: bridge.status.dropped == 1)  # device.unassigned: never retried
        assert (await bridge.outbox.counts()).pending == 0
        await close()


async def test_real_server_refuses_a_bridge_with_a_wrong_token(tmp_path, venue):
    outbox = AsyncPressQueue(tmp_path / "outbox.db")
    stop = asyncio.Event()
    bridge = Bridge(BridgeConfig(venue.url, "arena_wrong"), outbox)
    task = asyncio.create_task(bridge.run(stop))
    await eventually(lambda: bridge.status.last_error, timeout=10)
    assert not bridge.status.connected
    stop.set()
    await task
    outbox.close()


async def command(venue, admin_token, contest_id, body):
    async with httpx.AsyncClient(base_url=venue.url, headers={"Authorization": f"Bearer {admin_token}"}) as http:
        response = await http.post(f"/api/contests/{contest_id}/commands", json=body)
        assert response.status_code < 300, response.text


def back_in_range(keypad, pressing=None):
    """The handset comes back in range; with ``pressing``, the judge presses again first, so that
    press goes out before the backlog (which then follows, with the last frames sent again)."""
    keypad.port.plug()
    assert keypad.port.wait_opened(5.0)
    if pressing is not None:
        keypad.press(pressing)
    keypad.replug()


async def running_bout(venue):
    """(admin token, device token, field, contest) of a running WT bout with KP-01..03 on J1..J3."""
    admin, device_token = await venue.token("admin", Role.ADMIN), await venue.token("bridge", Role.DEVICE)
    return (admin, device_token, *await venue.bout(admin))


def score(venue, contest_id):
    return venue.app.state.hub.runtimes[contest_id].score


async def test_a_backlog_sent_after_a_newer_press_counts_at_its_press_time(tmp_path, venue):
    """Issue 15, item 9: the backlog used to be refused as stale_seq and dropped by the bridge."""
    admin, device_token, fop_id, contest_id = await running_bout(venue)
    hub = venue.app.state.hub
    with Simulator(3, tmp_path / "pty") as sim:
        bridge, close = await start_bridge(sim, venue, device_token, tmp_path)
        await eventually(lambda: hub.device_states.get("KP-01", {}).get("state") == "connected")
        sim.act("KP-01", "unplug")
        sim.keypads["KP-01"].press("BLUE_2")  # out of range: the handset keeps it
        await press(sim, "KP-02", "BLUE_2")  # the second judge agrees at once
        await eventually(lambda: bridge.status.acked == 1)
        assert score(venue, contest_id).sides["blue"].total == 0  # one judge of the two needed
        await asyncio.sleep(1.5)  # longer than WT's 1 s window: by arrival they would not agree
        await asyncio.to_thread(back_in_range, sim.keypads["KP-01"], "RED_1")
        await eventually(lambda: bridge.status.acked == 3, timeout=10)
        assert bridge.status.dropped == 0
        assert score(venue, contest_id).sides["blue"].total == 2  # 2 of 3 within 1 s of pressing
        assert score(venue, contest_id).sides["red"].total == 0
        logged = await venue.logged_presses(admin, contest_id)
        assert sorted((r["data"]["seat"], r["data"]["side"], r["data"]["value"], "pressed_at" in r["data"]) for r in logged) == [
            ("J1", "blue", "2", True),
            ("J1", "red", "1", False),
            ("J2", "blue", "2", False),
        ]  # the resent frames were not logged again
        live = score(venue, contest_id).as_dict()
        del hub.runtimes[contest_id]  # the log read again from the database
        assert (await hub.runtime(contest_id)).score.as_dict() == live
        await close()


async def test_late_presses_the_rules_cannot_take_are_listed_not_counted(tmp_path, venue):
    admin, device_token, fop_id, contest_id = await running_bout(venue)
    hub = venue.app.state.hub
    with Simulator(3, tmp_path / "pty") as sim:
        bridge, close = await start_bridge(sim, venue, device_token, tmp_path)
        await eventually(lambda: all(hub.device_states.get(d, {}).get("state") == "connected" for d in ("KP-01", "KP-03")))
        sim.act("KP-01", "unplug")
        sim.act("KP-03", "unplug")
        sim.keypads["KP-01"].press("BLUE_3")  # in round 1, out of range
        sim.keypads["KP-03"].press("RED_2")
        await press(sim, "KP-02", "BLUE_3")
        await eventually(lambda: bridge.status.acked == 1)
        for name in ("end_round", "start_round", "start_clock"):
            await command(venue, admin, contest_id, {"command": name})
        await asyncio.to_thread(back_in_range, sim.keypads["KP-01"])  # arrives in round 2
        await eventually(lambda: bridge.status.acked == 2, timeout=10)
        result = score(venue, contest_id)
        assert result.sides["blue"].detail["rounds"]["1"]["points"] == "0"
        assert [i["late"] for i in result.ignored] == ["round_over"]
        view = await hub.view(fop_id)
        assert [(p["seat"], p["side"], p["value"], p["reason"]) for p in view["late"]] == [("J1", "blue", "3", "round_over")]
        await command(venue, admin, contest_id, {"command": "decide", "winner": "red", "method": "referee_decision", "reason": "test"})
        await command(venue, admin, contest_id, {"command": "end_contest"})
        head = hub.runtimes[contest_id].head
        await asyncio.to_thread(back_in_range, sim.keypads["KP-03"])  # arrives after the end
        await eventually(lambda: bridge.status.acked == 3, timeout=10)
        assert bridge.status.dropped == 0 and (await bridge.outbox.counts()).pending == 0
        assert bridge.status.late == 1  # the press after the end: recorded, not counted
        assert hub.runtimes[contest_id].head == head  # an ended contest's log (and its paper) stays as it was
        view = await hub.view(fop_id)
        assert [(p["seat"], p["reason"], p["logged"]) for p in view["late"]] == [("J1", "round_over", True), ("J3", "contest_over", False)]
        async with venue.app.state.db_factory() as session:
            from base.audit import audit_trail

            trail = await audit_trail(session, f"contest:{contest_id}")
        assert [(e.action, json.loads(e.detail)["seat"]) for e in trail if e.action == "device.press_late"] == [("device.press_late", "J3")]
        await close()


async def test_a_second_bridge_claiming_a_bound_keypad_is_refused(tmp_path, venue):
    """Issue 15, item 8: a keypad belongs to the bridge that announced it first."""
    admin, device_token, fop_id, contest_id = await running_bout(venue)
    rogue_token = await venue.token("bridge-2", Role.DEVICE)
    hub = venue.app.state.hub
    with Simulator(3, tmp_path / "pty") as sim, Simulator(1, tmp_path / "pty-2") as rogue_sim:
        bridge, close = await start_bridge(sim, venue, device_token, tmp_path)
        await eventually(lambda: hub.device_states.get("KP-01", {}).get("bridge") == "bridge")
        rogue, close_rogue = await start_bridge(rogue_sim, venue, rogue_token, tmp_path / "rogue")  # its own "KP-01"
        await press(rogue_sim, "KP-01", "BLUE_5")
        await eventually(lambda: rogue.status.dropped == 1)  # device.bound_elsewhere: never retried
        await press(sim, "KP-01", "RED_1")
        await eventually(lambda: bridge.status.acked == 1)
        logged = await venue.logged_presses(admin, contest_id)
        assert [(r["data"]["side"], r["data"]["value"]) for r in logged] == [("red", "1")]
        assert hub.device_states["KP-01"]["bridge"] == "bridge"  # the rogue's health reports were refused
        await close_rogue()
        await close()
