"""Spectators cannot crowd out the scoring: anonymous live sockets are capped per field and per
address (issue 15 item 2), the refused page is told in Vietnamese when to come back, and judges,
consoles and logged-in officials are never counted or refused."""

from dataclasses import replace

import pytest
from arena_builders import build_contest, judge_socket, pair_tablet, press, receive_until, start_round
from litestar.exceptions import WebSocketDisconnect


@pytest.fixture
def settings(settings):
    return replace(settings, public_sockets_per_field=3, public_sockets_per_address=2)


def _refused(ws):
    message = ws.receive_json(timeout=5)
    assert message["type"] == "error" and message["code"] == "scoring.spectators_full", message
    with pytest.raises(WebSocketDisconnect) as closed:
        ws.receive_json(timeout=5)
    assert closed.value.code == 1013  # "try again later": the page waits and comes back
    return message


def test_an_address_past_its_share_is_refused_in_vietnamese_and_gets_its_place_back_when_one_closes(arena):
    setup = build_contest(arena)
    url = f"/ws/fop/{setup.fop_id}"
    with arena.client.websocket_connect(url) as one, arena.client.websocket_connect(url):
        receive_until(one, "snapshot")
        with arena.client.websocket_connect(url) as third:
            message = _refused(third)
        assert message["message"].startswith("Đã đủ 2 người xem trực tiếp") and "30 giây" in message["message"]
        assert message["retry_after"] == 30 and message["limit"] == "address"
    with arena.client.websocket_connect(url) as again:  # both closed: places free again
        assert receive_until(again, "snapshot")["state"]


def test_a_full_field_still_takes_the_judges_and_the_head_referees_console(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    token = pair_tablet(arena, setup.panel_id, "J1")
    url = f"/ws/fop/{setup.fop_id}"
    arena.app.state.spectators.addresses["198.51.100.7"] = 0  # the field's limit, not the address's, is reached
    arena.app.state.spectators.fields[setup.fop_id] = 3
    with arena.client.websocket_connect(url) as spectator:
        assert _refused(spectator)["limit"] == "field"
    with judge_socket(arena, token) as judge:
        receive_until(judge, "snapshot")
        assert press(judge, setup.contest_id, 1)["type"] == "ack"
    arena.login("referee")
    with arena.client.websocket_connect(url) as console:  # logged in: never counted, never refused
        assert receive_until(console, "snapshot")["state"]["contest"]["id"] == setup.contest_id
    assert arena.app.state.spectators.fields[setup.fop_id] == 3


def test_a_spectator_asking_for_snapshots_in_a_loop_gets_at_most_one_a_second(arena):
    import time

    setup = build_contest(arena)
    with arena.client.websocket_connect(f"/ws/fop/{setup.fop_id}") as board:
        receive_until(board, "snapshot")
        started = time.monotonic()
        for _ in range(3):
            board.send_json({"type": "snapshot"})
        for _ in range(3):
            receive_until(board, "snapshot")
        assert time.monotonic() - started >= 2.5
