"""A keypad belongs to the bridge that announced it first (issue 15, item 8): another device
account claiming it (presses, battery, health) is refused with a clear error and audited, until
the head referee releases it."""

import pytest
from arena_builders import build_contest, receive_until, start_round


def _second_bridge(arena, username="bridge-2"):
    from base.accounts.models import Role
    from base.accounts.service import AccountService

    async def make():
        async with arena.app.state.db_factory() as session:
            accounts = AccountService(session, arena.app.state.hasher)
            user = await accounts.create_user(username, "bridge-2-password", [Role.DEVICE])
            return await accounts.issue_token(user, "tests")

    return {"Authorization": f"Bearer {arena.run(make)}"}


def _bout_and_second_bridge(arena):
    """A bout in its first round with KP-01 on seat J1, and a second bridge's headers."""
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    assign = {"panel_id": setup.panel_id, "seat": "J1"}
    arena.ok(arena.client.put("/api/devices/KP-01/assignment", json=assign, headers=arena.as_role("referee")))
    return setup, _second_bridge(arena)


def _audit(arena, device):
    from base.audit import audit_trail

    async def read():
        async with arena.app.state.db_factory() as session:
            trail = await audit_trail(session, f"device:{device}")
            return [(e.action, e.actor) for e in trail if e.action != "device.assign"]

    return arena.run(read)


PRESS = {"type": "press", "device": "KP-01", "epoch": "b7", "side": "red", "value": "2", "button": "RED_2", "t_device": 10}
STATE = {"type": "device_state", "device": "KP-01", "state": "connected", "battery": 90, "signal": -50, "rejected": 0, "lost": 0}


def test_a_second_bridge_cannot_speak_for_a_keypad_bound_to_the_first(arena):
    setup, other = _bout_and_second_bridge(arena)
    with arena.client.websocket_connect("/ws/devices", headers=arena.as_role("device")) as first:
        receive_until(first, "assignments")
        first.send_json({"type": "hello", "bridge": "venue-laptop", "devices": ["KP-01"]})
        receive_until(first, "assignments")
        first.send_json({**STATE, "battery": 90})
        first.send_json({**PRESS, "seq": 1})
        assert receive_until(first, "ack")["duplicate"] is False
    with arena.client.websocket_connect("/ws/devices", headers=other) as second:
        receive_until(second, "assignments")
        second.send_json({"type": "hello", "bridge": "rogue", "devices": ["KP-01", "KP-09"]})
        refused = receive_until(second, "error")
        assert (refused["code"], refused["device"]) == ("device.bound_elsewhere", "KP-01")
        assert refused["message"] == "Thiết bị KP-01 thuộc một cầu nối khác; trọng tài chính phải gỡ nó khỏi cầu nối đó trước"
        second.send_json({**STATE, "battery": 5, "state": "disconnected"})  # faked health
        assert receive_until(second, "error")["code"] == "device.bound_elsewhere"
        second.send_json({**PRESS, "seq": 2, "side": "blue"})  # a faked press
        error = receive_until(second, "error")
        assert (error["code"], error["device"], error["seq"]) == ("device.bound_elsewhere", "KP-01", 2)
    states = arena.ok(arena.get("/api/devices", role="referee"))
    assert states["states"]["KP-01"]["battery"] == 90 and states["states"]["KP-01"]["state"] == "connected"
    assert states["bridges"] == {"KP-01": "device", "KP-09": "bridge-2"}  # a keypad no one had is the second's
    log = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    assert [(e["data"]["side"], e["actor"]) for e in log if e["kind"] == "press"] == [("red", "device:KP-01")]
    assert _audit(arena, "KP-01") == [("device.bind", "device"), ("device.claim_refused", "bridge-2")]  # once, not per message


def test_the_head_referee_releases_a_keypad_for_another_bridge(arena):
    setup, other = _bout_and_second_bridge(arena)
    with arena.client.websocket_connect("/ws/devices", headers=arena.as_role("device")) as first:
        receive_until(first, "assignments")
        first.send_json(STATE)
        first.send_json({"type": "hello", "bridge": "venue-laptop", "devices": ["KP-01"]})
        receive_until(first, "assignments")
    refused = arena.client.delete("/api/devices/KP-01/bridge", headers=arena.as_role("coach"))
    assert refused.status_code == 403
    assert arena.ok(arena.get("/api/devices", role="referee"))["bridges"] == {"KP-01": "device"}
    assert arena.client.delete("/api/devices/KP-01/bridge", headers=arena.as_role("referee")).status_code == 204
    with arena.client.websocket_connect("/ws/devices", headers=other) as second:
        receive_until(second, "assignments")
        second.send_json({**PRESS, "seq": 1})
        assert receive_until(second, "ack")["duplicate"] is False
    assert arena.ok(arena.get("/api/devices", role="referee"))["bridges"] == {"KP-01": "bridge-2"}
    assert [a for a, _ in _audit(arena, "KP-01")] == ["device.bind", "device.release", "device.bind"]


@pytest.mark.parametrize("devices", ["KP-01", [1], ["x" * 65]])
def test_a_hello_with_a_bad_device_list_is_refused(arena, devices):
    with arena.client.websocket_connect("/ws/devices", headers=arena.as_role("device")) as ws:
        receive_until(ws, "assignments")
        ws.send_json({"type": "hello", "bridge": "venue-laptop", "devices": devices})
        assert receive_until(ws, "error")["code"] == "scoring.message_invalid"
