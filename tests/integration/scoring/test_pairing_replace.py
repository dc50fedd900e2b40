"""A code alone never throws a judge's tablet out (issue 15, item 7): a tablet that pairs to a seat
another tablet holds waits, in Vietnamese, until the head referee confirms on the console (the old
tablet is then revoked) or refuses (the new one is); both are audited, and only officials decide."""

from arena_builders import build_contest, judge_socket, pair_tablet, press, receive_until, start_round
from sqlmodel import select

from base.audit import AuditEntry


def _bindings(arena, panel_id):
    return arena.ok(arena.get(f"/api/panels/{panel_id}/bindings", role="referee"))


def _refused(arena, token):
    with judge_socket(arena, token) as ws:
        return ws.receive_json(timeout=5)["code"] == "scoring.seat_not_bound"


def test_a_second_tablet_for_a_held_seat_waits_and_takes_it_only_when_the_head_referee_agrees(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    first = pair_tablet(arena, setup.panel_id, "J1")
    second = pair_tablet(arena, setup.panel_id, "J1")
    assert _refused(arena, second)  # not in force yet
    with judge_socket(arena, first) as ws:  # the judge's tablet goes on scoring
        receive_until(ws, "snapshot")
        assert press(ws, setup.contest_id, 1)["type"] == "ack"
    page = arena.client.get("/judge")  # the second tablet's page (its cookie is the last one set)
    assert "Đang chờ trọng tài chính" in page.text and "Ghế J1 đang có một máy tính bảng khác" in page.text
    assert '<meta http-equiv="refresh" content="5">' in page.text
    rows = _bindings(arena, setup.panel_id)
    assert [(b["seat"], b["pending"]) for b in rows] == [("J1", False), ("J1", True)]
    waiting = rows[1]["id"]
    assert arena.post(f"/api/bindings/{waiting}/confirm", {}, role="coach").status_code == 403
    arena.ok(arena.post(f"/api/bindings/{waiting}/confirm", {}, role="referee"))
    assert _refused(arena, first)
    with judge_socket(arena, second) as ws:
        receive_until(ws, "snapshot")
        assert press(ws, setup.contest_id, 1, epoch="e2")["type"] == "ack"
    assert [(b["id"], b["pending"]) for b in _bindings(arena, setup.panel_id)] == [(waiting, False)]
    assert "Đang chờ" not in arena.client.get("/judge").text  # the scoring screen now

    async def actions():
        async with arena.app.state.db_factory() as session:
            return [e.action for e in (await session.exec(select(AuditEntry))).all()]

    audited = arena.run(actions)
    assert audited.count("pairing.ok") == 1 and "pairing.pending" in audited and "binding.confirm" in audited


def test_a_refused_request_leaves_the_seat_to_its_tablet_and_a_newer_request_replaces_an_older_one(arena):
    setup = build_contest(arena)
    first = pair_tablet(arena, setup.panel_id, "J2")
    older = pair_tablet(arena, setup.panel_id, "J2")
    newer = pair_tablet(arena, setup.panel_id, "J2")
    waiting = [b for b in _bindings(arena, setup.panel_id) if b["pending"]]
    assert len(waiting) == 1  # one request per seat: the newest
    assert arena.client.delete(f"/api/bindings/{waiting[0]['id']}", headers=arena.as_role("referee")).status_code == 204
    assert [b["pending"] for b in _bindings(arena, setup.panel_id)] == [False]
    assert _refused(arena, older) and _refused(arena, newer)
    with judge_socket(arena, first) as ws:
        assert receive_until(ws, "snapshot")
    confirm = arena.post(f"/api/bindings/{waiting[0]['id']}/confirm", {}, role="referee")
    assert confirm.status_code == 404  # refused already: nothing to confirm
