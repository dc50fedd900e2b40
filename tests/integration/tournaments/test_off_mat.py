"""Results that no contest on the mat produced: a walkover decided by the manager, and a paper score
sheet that counts only once a second official confirms it; both move the bracket on and stay in the log."""

from __future__ import annotations

from arena_builders import decide_off_mat
from tournament_builders import add_sessions, draw, register_all, setup_tournament


def _bout(state, key):
    return next(m for m in state["matches"] if m["key"] == key)


def test_walkover_and_a_paper_result_with_two_officials(arena):
    t = setup_tournament(arena, n=4, draw_format="single", fields=1)
    register_all(arena, t)
    draw(arena, t)
    add_sessions(arena, t)
    arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    state = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/bracket", role=None))
    first, second = _bout(state, "R1-1"), _bout(state, "R1-2")

    r = decide_off_mat(arena, first["bout_id"], {"winner": "blue", "decision": "no_show", "reason": ""})
    assert r.status_code == 400 and "lý do" in r.json()["message"]
    arena.ok(
        decide_off_mat(arena, first["bout_id"], {"winner": "blue", "decision": "no_show", "reason": "Vắng mặt khi gọi tên lần thứ ba"})
    )
    contest = arena.ok(arena.get(f"/api/contests/{first['contest_id']}", role="referee"))
    assert contest["contest"]["cancelled"] is True

    r = arena.post(
        f"/api/tournaments/bouts/{second['bout_id']}/paper",
        {"winner": "red", "decision": "points", "reason": "Mất điện", "red_points": "1e999"},
        role="referee",
    )
    assert r.status_code == 400 and "999,99" in r.json()["message"]
    arena.ok(
        arena.post(
            f"/api/tournaments/bouts/{second['bout_id']}/paper",
            {"winner": "red", "decision": "points", "reason": "Mất điện, chấm trên phiếu giấy", "red_points": "12", "blue_points": "7"},
            role="referee",
        )
    )
    state = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/bracket", role=None))
    assert _bout(state, "R1-2")["status"] != "done"  # not counted before the second official
    r = arena.post(f"/api/tournaments/bouts/{second['bout_id']}/paper/confirm", {}, role="referee")
    assert r.status_code == 400 and "trọng tài khác" in r.json()["message"]
    arena.ok(arena.post(f"/api/tournaments/bouts/{second['bout_id']}/paper/confirm", {}, role="manager"))

    state = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/bracket", role=None))
    final = _bout(state, "F")
    assert final["status"] == "ready" and final["red"] and final["blue"]
    assert _bout(state, "R1-1")["decision_vi"] == "thắng do đối thủ vắng mặt"
    assert _bout(state, "R1-2")["paper"] is True and _bout(state, "R1-2")["score"] == {"red": "12", "blue": "7"}
    kinds = [r["kind"] for r in arena.ok(arena.get(f"/api/tournaments/competitions/{t.competition_id}/log", role=None))["rows"]]
    assert kinds[-3:] == ["decision_off_mat", "paper_result_entered", "paper_result_confirmed"]
    # The final's contest now names both athletes, so the console can run it next.
    nxt = arena.ok(arena.post(f"/api/tournaments/fields/{t.fops[0]}/next", {}, role="referee"))["contest_id"]
    assert nxt == final["contest_id"]
