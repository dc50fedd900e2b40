"""Nothing acknowledged is ever lost: SIGKILL a real server between presses and start it again."""

import json

import pytest
from arena_builders import ServerProcess, pair_tablet, venue_setup
from websockets.sync.client import connect

pytestmark = pytest.mark.slow


def _presses(arena, contest_id):
    log = arena.ok(arena.get(f"/api/contests/{contest_id}/log", role="referee"))
    return [(e["epoch"], e["source_seq"]) for e in log if e["kind"] == "press"]


def _send(ws, contest_id, seq, value):
    ws.send(json.dumps({"type": "press", "epoch": "tablet-1", "seq": seq, "side": "red", "value": value, "contest_id": contest_id}))


def _until_ack(ws):
    while True:
        message = json.loads(ws.recv(timeout=10))
        if message["type"] in ("ack", "error"):
            return message


def test_sigkill_after_acks_loses_no_acknowledged_press_and_restart_resumes(tmp_path, database_url):
    server = ServerProcess(tmp_path / "var", database_url=database_url).start()
    try:
        _tokens, setup, arena = venue_setup(server)
        for command in ("start_contest", "start_round", "start_clock"):
            arena.command(setup.contest_id, command)
        token = pair_tablet(arena, setup.panel_id, "J1")
        acked = []
        with connect(f"ws://127.0.0.1:{server.port}/ws/judge?seat_token={token}") as ws:
            for seq in range(1, 21):
                _send(ws, setup.contest_id, seq, str(seq % 5 + 1))
                ack = _until_ack(ws)
                assert ack["type"] == "ack", ack
                acked.append(("tablet-1", seq))
            # The 21st press is in flight when the server dies: it may or may not be kept.
            _send(ws, setup.contest_id, 21, "1")
            server.kill()
        server.start()
        stored = _presses(arena, setup.contest_id)
        assert set(acked) <= set(stored), "every acknowledged press survived SIGKILL"
        assert len(stored) == len(set(stored))
        state = arena.ok(arena.get(f"/api/contests/{setup.contest_id}", role=None))
        assert state["envelope"]["phase"] == "clock", "the open contest resumed from its log"
        # The tablet resends everything it has not seen acknowledged, plus one it has: counted once.
        with connect(f"ws://127.0.0.1:{server.port}/ws/judge?seat_token={token}") as ws:
            for seq in (20, 21, 22):
                _send(ws, setup.contest_id, seq, "1" if seq > 20 else str(20 % 5 + 1))
                assert _until_ack(ws)["type"] == "ack"
        stored = _presses(arena, setup.contest_id)
        assert sorted(s for _, s in stored) == list(range(1, 23))
        assert arena.ok(arena.get(f"/api/contests/{setup.contest_id}/verify", role=None))["ok"] is True
    finally:
        server.stop()
