from arena_builders import build_contest, end_by_decision, judge_socket, pair_tablet, receive_until, start_round


def _state(arena, contest_id):
    return arena.ok(arena.get(f"/api/contests/{contest_id}", role=None))


def _presses_in_log(arena, contest_id):
    return [e for e in arena.ok(arena.get(f"/api/contests/{contest_id}/log", role="referee")) if e["kind"] == "press"]


def test_two_judges_agreeing_score_and_the_scoreboard_sees_it(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    t1, t2 = pair_tablet(arena, setup.panel_id, "J1"), pair_tablet(arena, setup.panel_id, "J2")
    with arena.client.websocket_connect(f"/ws/fop/{setup.fop_id}") as board:
        snapshot = receive_until(board, "snapshot")
        assert snapshot["state"]["contest"]["id"] == setup.contest_id
        with judge_socket(arena, t1) as j1, judge_socket(arena, t2) as j2:
            receive_until(j1, "snapshot"), receive_until(j2, "snapshot")
            j1.send_json({"type": "press", "epoch": "a", "seq": 1, "side": "red", "value": "3", "contest_id": setup.contest_id})
            assert receive_until(j1, "ack")["duplicate"] is False
            j2.send_json({"type": "press", "epoch": "b", "seq": 1, "side": "red", "value": "3", "contest_id": setup.contest_id})
            assert receive_until(j2, "ack")["duplicate"] is False
        seq = snapshot["seq"]
        total = None
        for _ in range(10):
            delta = receive_until(board, "delta")
            assert delta["seq"] == seq + 1, "deltas are numbered without gaps"
            seq = delta["seq"]
            if "score" in delta["changes"]:
                total = delta["changes"]["score"]["sides"]["red"]["total"]
                if total == "3":
                    break
        assert total == "3"


def test_resend_of_the_same_seq_is_acknowledged_again_and_counted_once(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    token = pair_tablet(arena, setup.panel_id, "J1")
    with judge_socket(arena, token) as ws:
        receive_until(ws, "snapshot")
        message = {"type": "press", "epoch": "tab-1", "seq": 1, "side": "blue", "value": "2", "contest_id": setup.contest_id}
        ws.send_json(message)
        first = receive_until(ws, "ack")
        ws.send_json(message)
        second = receive_until(ws, "ack")
    assert (first["duplicate"], second["duplicate"]) == (False, True)
    assert first["event_seq"] == second["event_seq"]
    assert len(_presses_in_log(arena, setup.contest_id)) == 1


def test_stale_seq_is_refused_and_changes_nothing(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    token = pair_tablet(arena, setup.panel_id, "J1")
    with judge_socket(arena, token) as ws:
        receive_until(ws, "snapshot")
        for seq in (1, 5):
            ws.send_json({"type": "press", "epoch": "e", "seq": seq, "side": "red", "value": "1", "contest_id": setup.contest_id})
            receive_until(ws, "ack")
        ws.send_json({"type": "press", "epoch": "e", "seq": 3, "side": "red", "value": "1", "contest_id": setup.contest_id})
        error = receive_until(ws, "error")
    assert error["code"] == "scoring.stale_seq"
    assert error["seq"] == 3
    assert "3" in error["message"] and "cũ" in error["message"]
    assert len(_presses_in_log(arena, setup.contest_id)) == 2


def test_malformed_messages_get_clear_errors_and_change_nothing(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    token = pair_tablet(arena, setup.panel_id, "J1")
    before = len(arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee")))
    with judge_socket(arena, token) as ws:
        receive_until(ws, "snapshot")
        ws.send_text("this is not json")
        assert receive_until(ws, "error")["code"] == "scoring.message_invalid"
        ws.send_json({"type": "press", "epoch": "e", "seq": "one", "side": "red", "value": "1"})
        assert "seq" in receive_until(ws, "error")["message_en"]
        ws.send_json({"type": "press", "epoch": "e", "seq": 1, "side": "green", "value": "1"})
        assert receive_until(ws, "error")["code"] == "scoring.message_invalid"
        ws.send_json({"type": "press", "epoch": "e", "seq": 2, "side": "red", "value": "7", "contest_id": setup.contest_id})
        assert receive_until(ws, "error")["code"] == "rules.input_invalid"
        ws.send_json({"type": "launch", "epoch": "e", "seq": 3})
        assert receive_until(ws, "error")["code"] == "scoring.message_invalid"
    after = len(arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee")))
    assert after == before


def test_a_tablet_without_a_binding_is_told_and_closed(arena):
    build_contest(arena)
    with arena.client.websocket_connect("/ws/judge?seat_token=forged") as ws:
        message = ws.receive_json(timeout=5)
    assert message["type"] == "error"
    assert message["code"] == "scoring.seat_not_bound"


def test_revoked_binding_stops_the_tablet(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    token = pair_tablet(arena, setup.panel_id, "J1")
    binding = arena.ok(arena.get(f"/api/panels/{setup.panel_id}/bindings", role="referee"))[0]
    with judge_socket(arena, token) as ws:
        receive_until(ws, "snapshot")
        r = arena.client.delete(f"/api/bindings/{binding['id']}", headers=arena.as_role("referee"))
        assert r.status_code == 204
        ws.send_json({"type": "press", "epoch": "e", "seq": 1, "side": "red", "value": "1", "contest_id": setup.contest_id})
        assert receive_until(ws, "error")["code"] == "scoring.seat_not_bound"
    assert _presses_in_log(arena, setup.contest_id) == []


def test_a_new_pairing_for_the_same_seat_replaces_the_old_tablet_once_the_head_referee_confirms(arena):
    setup = build_contest(arena)
    first = pair_tablet(arena, setup.panel_id, "J2")
    pair_tablet(arena, setup.panel_id, "J2")  # waits for the head referee (test_pairing_replace.py)
    waiting = [b for b in arena.ok(arena.get(f"/api/panels/{setup.panel_id}/bindings", role="referee")) if b["pending"]]
    arena.ok(arena.post(f"/api/bindings/{waiting[0]['id']}/confirm", {}, role="referee"))
    with arena.client.websocket_connect(f"/ws/judge?seat_token={first}") as ws:
        assert ws.receive_json(timeout=5)["code"] == "scoring.seat_not_bound"


def test_wrong_or_expired_pairing_code_is_refused(arena):
    build_contest(arena)
    r = arena.client.post("/api/pair", json={"code": "000000"}, headers=arena.csrf())
    assert r.status_code == 400
    assert r.json()["code"] == "scoring.pairing_code_invalid"


def test_press_for_an_ended_contest_is_refused(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    end_by_decision(arena, setup.contest_id)
    token = pair_tablet(arena, setup.panel_id, "J1")
    with judge_socket(arena, token) as ws:
        receive_until(ws, "snapshot")
        ws.send_json({"type": "press", "epoch": "e", "seq": 1, "side": "red", "value": "1", "contest_id": setup.contest_id})
        error = receive_until(ws, "error")
    assert error["code"] == "scoring.contest_closed"
    assert _presses_in_log(arena, setup.contest_id) == []


def test_press_for_an_unknown_contest_is_refused(arena):
    setup = build_contest(arena)
    token = pair_tablet(arena, setup.panel_id, "J1")
    with judge_socket(arena, token) as ws:
        receive_until(ws, "snapshot")
        ws.send_json({"type": "press", "epoch": "e", "seq": 1, "side": "red", "value": "1", "contest_id": 9999})
        assert receive_until(ws, "error")["code"] == "scoring.contest_not_found"


def test_press_before_the_round_starts_is_refused(arena):
    setup = build_contest(arena)
    arena.command(setup.contest_id, "start_contest")
    token = pair_tablet(arena, setup.panel_id, "J1")
    with judge_socket(arena, token) as ws:
        receive_until(ws, "snapshot")
        ws.send_json({"type": "press", "epoch": "e", "seq": 1, "side": "red", "value": "1", "contest_id": setup.contest_id})
        error = receive_until(ws, "error")
    assert error["code"] == "scoring.action_not_allowed"


def test_scoreboard_asking_for_a_snapshot_gets_the_current_state(arena):
    setup = build_contest(arena)
    with arena.client.websocket_connect(f"/ws/fop/{setup.fop_id}") as board:
        first = receive_until(board, "snapshot")
        arena.command(setup.contest_id, "start_contest")
        board.send_json({"type": "snapshot"})
        again = receive_until(board, "snapshot")
    assert again["stream"] == first["stream"]
    assert again["seq"] > first["seq"]
    assert again["state"]["envelope"]["phase"] == "ready"


def test_scoreboard_of_an_unknown_field_gets_an_error(arena):
    with arena.client.websocket_connect("/ws/fop/999") as board:
        assert board.receive_json(timeout=5)["type"] == "error"


def test_the_server_measures_its_share_of_press_to_scoreboard(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    token = pair_tablet(arena, setup.panel_id, "J1")
    with arena.client.websocket_connect(f"/ws/fop/{setup.fop_id}") as board:
        receive_until(board, "snapshot")
        with judge_socket(arena, token) as ws:
            receive_until(ws, "snapshot")
            ws.send_json({"type": "press", "epoch": "m", "seq": 1, "side": "red", "value": "1", "contest_id": setup.contest_id})
            receive_until(ws, "ack")
        receive_until(board, "delta")
    report = arena.ok(arena.get("/api/metrics/live", role="referee"))
    assert report["deltas"] >= 1 and report["writes"] >= 1
    assert 0 < report["last_socket_ms"]["max"] < 5_000
    assert arena.client.delete("/api/metrics/live", headers=arena.as_role("referee")).status_code == 403
    assert arena.client.delete("/api/metrics/live", headers=arena.as_role("admin")).status_code == 204
    assert arena.ok(arena.get("/api/metrics/live", role="referee"))["deltas"] == 0


def test_a_paired_tablet_is_a_kiosk_without_the_site_header_or_menu(arena):
    setup = build_contest(arena)
    unpaired = arena.client.get("/judge")
    assert 'class="topbar"' in unpaired.text  # the pairing page keeps the header (a person may need to log in)
    pair_tablet(arena, setup.panel_id, "J1")
    page = arena.client.get("/judge")
    assert page.status_code == 200 and 'id="judge"' in page.text
    assert 'class="topbar"' not in page.text and 'href="/login"' not in page.text and "arena_menu" not in page.text
