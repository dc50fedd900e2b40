import time

from arena_builders import build_contest, end_by_decision, judge_socket, pair_tablet, press, receive_until, start_round


def _state(arena, contest_id):
    return arena.ok(arena.get(f"/api/contests/{contest_id}", role=None))


def _score_two_judges(arena, setup, value="2", side="red", seqs=(1, 1)):
    t1, t2 = pair_tablet(arena, setup.panel_id, "J1"), pair_tablet(arena, setup.panel_id, "J2")
    with judge_socket(arena, t1) as j1, judge_socket(arena, t2) as j2:
        receive_until(j1, "snapshot"), receive_until(j2, "snapshot")
        press(j1, setup.contest_id, seqs[0], side=side, value=value, epoch="a")
        press(j2, setup.contest_id, seqs[1], side=side, value=value, epoch="b")


def test_head_referee_runs_the_clock_on_the_server(arena):
    setup = build_contest(arena, params={"round_seconds": 90})
    start_round(arena, setup.contest_id)
    running = _state(arena, setup.contest_id)["envelope"]["clock"]
    assert running["running"] is True and running["round_ms"] == 90_000
    time.sleep(0.3)
    arena.command(setup.contest_id, "pause_clock")
    paused = _state(arena, setup.contest_id)["envelope"]["clock"]
    assert paused["running"] is False
    assert 85_000 < paused["remaining_ms"] <= 89_750  # 0.3 s slept, plus however slow the machine is


def test_clock_stops_itself_at_zero(arena):
    setup = build_contest(arena, params={"round_seconds": 1})
    start_round(arena, setup.contest_id)
    deadline = time.time() + 5
    while time.time() < deadline and _state(arena, setup.contest_id)["envelope"]["clock"]["running"]:
        time.sleep(0.1)
    clock = _state(arena, setup.contest_id)["envelope"]["clock"]
    assert clock["running"] is False and clock["remaining_ms"] == 0
    log = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    assert log[-1]["kind"] == "clock_paused" and log[-1]["data"] == {"expired": True}


def test_penalty_reaches_the_score(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    arena.command(setup.contest_id, "penalty", side="red", code="gam-jeom")
    score = _state(arena, setup.contest_id)["score"]["sides"]
    assert score["red"]["penalties"] == "1"
    assert score["blue"]["total"] == "1"  # a gam-jeom gives the opponent one point


def test_unknown_penalty_code_is_refused_and_changes_nothing(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    before = _state(arena, setup.contest_id)["envelope"]["last_seq"]
    r = arena.post(f"/api/contests/{setup.contest_id}/commands", {"command": "penalty", "side": "red", "code": "yellow"}, role="referee")
    assert r.status_code == 400
    assert "yellow" in r.json()["message"]
    assert _state(arena, setup.contest_id)["envelope"]["last_seq"] == before


def test_correction_voids_a_point_through_the_log(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    _score_two_judges(arena, setup, value="2")
    assert _state(arena, setup.contest_id)["score"]["sides"]["red"]["total"] == "2"
    log = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    second_press = [e for e in log if e["kind"] == "press"][-1]["seq"]
    arena.command(setup.contest_id, "correct", corrects=second_press, reason="J2 bấm nhầm")
    state = _state(arena, setup.contest_id)
    assert state["score"]["sides"]["red"]["total"] == "0"
    log = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    assert [e["kind"] for e in log].count("press") == 2, "the press stays in the log; only voided"
    assert log[-1]["data"] == {"corrects": second_press, "reason": "J2 bấm nhầm"}


def test_correction_without_reason_is_refused(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    r = arena.post(f"/api/contests/{setup.contest_id}/commands", {"command": "correct", "corrects": 2}, role="referee")
    assert r.status_code == 400


def test_a_bout_without_a_winner_cannot_end_until_a_decision_is_recorded(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    r = arena.post(f"/api/contests/{setup.contest_id}/commands", {"command": "end_contest"}, role="referee")
    assert r.status_code == 409 and r.json()["code"] == "scoring.no_winner"
    assert "ghi quyết định" in r.json()["message"]
    state = _state(arena, setup.contest_id)
    assert state["envelope"]["phase"] == "clock" and state["score"]["winner"] is None
    arena.command(setup.contest_id, "decide", winner="red", method="injury", reason="Xanh chấn thương")
    arena.command(setup.contest_id, "end_contest")
    state = _state(arena, setup.contest_id)
    assert state["envelope"]["phase"] == "ended" and state["score"]["winner"] == "red"


def test_a_performance_is_ranked_not_won_and_ends_without_a_winner(arena):
    setup = build_contest(
        arena, ruleset="diving-individual-5@2025", seats=("J1", "J2", "J3", "J4", "J5"), bout=False, params={"dd": "2.0", "dive": "105B"}
    )
    arena.command(setup.contest_id, "start_contest")
    arena.command(setup.contest_id, "end_contest")
    assert _state(arena, setup.contest_id)["envelope"]["phase"] == "ended"


def test_score_adjustment_and_decision_after_the_end(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    end_by_decision(arena, setup.contest_id, winner="red")
    arena.command(setup.contest_id, "decide", winner="blue", method="referee_decision", reason="Trọng tài quyết định")
    score = _state(arena, setup.contest_id)["score"]
    assert score["winner"] == "blue"


def test_lifecycle_refuses_out_of_order_commands(arena):
    setup = build_contest(arena)
    r = arena.post(f"/api/contests/{setup.contest_id}/commands", {"command": "start_clock"}, role="referee")
    assert r.status_code == 409
    assert r.json()["code"] == "scoring.action_not_allowed"
    r = arena.post(f"/api/contests/{setup.contest_id}/commands", {"command": "fly"}, role="referee")
    assert r.status_code == 400


def test_hash_chain_verifies_and_a_changed_row_breaks_it(arena):
    from sqlalchemy import text

    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    _score_two_judges(arena, setup)
    report = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/verify", role=None))
    assert report["ok"] is True and report["events"] == 6

    async def tamper() -> None:
        async with arena.app.state.db_factory() as session:
            await session.exec(
                text("UPDATE contest_event SET payload = replace(payload, '\"2\"', '\"3\"') WHERE contest_id = :c AND kind = 'press'"),
                params={"c": setup.contest_id},
            )
            await session.commit()

    arena.run(tamper)
    report = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/verify", role=None))
    assert report["ok"] is False
    assert report["broken_at"] == 5
    assert report["reason"] == "content does not match its hash"


def test_a_restarted_server_resumes_open_contests_from_the_log(arena, settings):
    from litestar.testing import TestClient

    from assembly.app import create_app

    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    _score_two_judges(arena, setup, value="3")
    before = _state(arena, setup.contest_id)
    restarted = create_app(settings, run_migrations=False)
    with TestClient(app=restarted) as client:
        assert restarted.state.hub.runtimes.keys() == {setup.contest_id}, "open contests are loaded at start"
        after = client.get(f"/api/contests/{setup.contest_id}").json()
    assert after["score"] == before["score"]
    assert after["head"] == before["head"]
    assert after["envelope"]["clock"]["running"] is True


def test_explanation_says_why(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    _score_two_judges(arena, setup, value="3")
    why = arena.ok(arena.get(f"/api/contests/{setup.contest_id}/explanation", role=None))
    assert any("2 of 3" in step["rule"] for step in why["steps"])


def test_an_adjustment_for_an_ended_round_decides_that_round_again(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    _score_two_judges(arena, setup, value="2", side="blue")
    arena.command(setup.contest_id, "end_round")
    arena.command(setup.contest_id, "start_round")
    assert _state(arena, setup.contest_id)["score"]["sides"]["blue"]["detail"]["rounds_won"] == 1
    arena.command(setup.contest_id, "adjust", side="red", delta="3", reason="Video: đá đầu hợp lệ", round=1)
    sides = _state(arena, setup.contest_id)["score"]["sides"]
    assert (sides["red"]["detail"]["rounds_won"], sides["blue"]["detail"]["rounds_won"]) == (1, 0)


def test_finished_contests_leave_memory_beyond_the_cache_and_come_back_from_their_logs(arena, monkeypatch):
    import scoring.live.hub as hub_module

    monkeypatch.setattr(hub_module, "CACHED", 1)
    first = build_contest(arena)
    start_round(arena, first.contest_id)
    end_by_decision(arena, first.contest_id)
    ended_head = _state(arena, first.contest_id)["head"]
    second = build_contest(arena)
    _state(arena, second.contest_id)
    hub = arena.app.state.hub
    assert first.contest_id not in hub.runtimes
    assert _state(arena, first.contest_id)["head"] == ended_head
