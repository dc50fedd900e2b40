"""The head referee's console shows each keypad's lost frames and the late presses that did not
count, with the reason in Vietnamese (issue 15, item 9), and the bridge each keypad belongs to
(item 8), through a real server and Chromium."""

import json

import pytest
from arena_builders import PASSWORD, ServerProcess, venue_setup, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _login(page, server, username, target):
    page.goto(f"{server.base}/login?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _bridge(server):
    """A bridge's socket (a ``device`` account's token), past the server's first message."""
    from websockets.sync.client import connect

    server.user("bridge", "device")
    token = server.token("bridge")
    url = server.base.replace("http", "ws", 1) + "/ws/devices"
    return connect(url, additional_headers={"Authorization": f"Bearer {token}"}, proxy=None)


def _send(ws, message):
    ws.send(json.dumps(message))
    while True:
        reply = json.loads(ws.recv())
        if reply["type"] != "assignments":
            return reply


@pytest.mark.parametrize("width", [390, 1024])
def test_console_lists_lost_frames_and_late_presses_not_counted(browser, tmp_path, width):
    server = ServerProcess(tmp_path / "var").start()
    try:
        _tokens, setup, arena = venue_setup(server)
        for command in ("start_contest", "start_round", "start_clock"):
            arena.command(setup.contest_id, command)
        arena.ok(
            arena.client.put(
                "/api/devices/KP-01/assignment", json={"panel_id": setup.panel_id, "seat": "J1"}, headers=arena.as_role("referee")
            )
        )
        console = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        _login(console, server, "referee", f"/referee/{setup.fop_id}")
        console.wait_for_selector("#conn.online")
        with _bridge(server) as ws:
            assert json.loads(ws.recv())["type"] == "assignments"
            ws.send(
                json.dumps(
                    {
                        "type": "device_state",
                        "device": "KP-01",
                        "state": "connected",
                        "battery": 80,
                        "signal": -50,
                        "rejected": 0,
                        "lost": 3,
                    }
                )
            )
            press = {"type": "press", "device": "KP-01", "epoch": "b7", "side": "blue", "value": "3", "button": "BLUE_3", "t_device": 1000}
            counted = _send(ws, {**press, "seq": 9, "age_ms": 600})  # out of range for 0.6 s: logged at its press time
            assert counted["type"] == "ack" and counted["event_seq"] is not None
            before = _send(ws, {**press, "seq": 4, "age_ms": 3_600_000})  # pressed an hour ago: before this contest
            assert before["type"] == "ack" and before["counted"] is False and before["late"] == "before_start"
            again = _send(ws, {**press, "seq": 4, "age_ms": 3_600_500})  # the handset sends it again
            assert again["duplicate"] is True
            future = _send(ws, {**press, "seq": 10, "age_ms": -5})
            assert future["type"] == "error" and future["code"] == "scoring.message_invalid"
        wait_until(console, "document.querySelector('#devices [data-device=\"KP-01\"] .lost').textContent === '3'")
        assert "đã kết nối" in console.inner_text('#devices [data-device="KP-01"]')
        wait_until(console, "document.querySelectorAll('#late li').length === 1")
        line = console.inner_text("#late li")
        assert line.startswith("Bấm trễ, không tính: J1 · Xanh · +3 · lúc ")
        assert line.endswith("bấm trước khi trận bắt đầu")
        wait_until(console, "document.querySelector('#log').textContent.includes('bấm trễ, lúc')")
        assert console.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        # Item 8: the keypad belongs to the bridge that reported it; the head referee may release it.
        bridge_cell = '#devices [data-device="KP-01"] .bridge'
        assert console.inner_text(bridge_cell).startswith("bridge")
        console.click(f"{bridge_cell} button")
        wait_until(console, "document.getElementById('msg').textContent === 'Đã thực hiện'")
        assert arena.ok(arena.get("/api/devices", role="referee"))["bridges"] == {}
    finally:
        server.stop()
