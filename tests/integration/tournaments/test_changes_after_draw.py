"""A change after the draw is shown before it is applied: the preview of a decision off the mat names, in Vietnamese,
the contest not held, the later bouts whose athletes change and the estimated times that move, and writes nothing;
confirming it applies exactly that (with the preview's digest, logged and audited with who, when and why); a preview
the draw has moved past since is refused; only the manager may preview or apply."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from arena_builders import Arena
from tournament_builders import Tournament, add_sessions, draw, register_all, setup_tournament

from base.audit import AuditEntry


def _match(state: dict[str, Any], key: str) -> dict[str, Any]:
    return next(m for m in state["matches"] if m["key"] == key)


def _bracket(arena: Arena, t: Tournament) -> dict[str, Any]:
    return arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/bracket", role=None))


def _written(arena: Arena, t: Tournament) -> tuple[Any, ...]:
    """Everything a change could write: the bouts, the competition's log, the audit trail, the contests."""
    from sqlmodel import select

    async def audit_rows() -> list[tuple[str, str]]:
        async with arena.app.state.db_factory() as session:
            return [(e.action, e.detail) for e in (await session.exec(select(AuditEntry))).all()]

    state = _bracket(arena, t)
    bouts = [(m["key"], m["status"], m["red"], m["blue"], m["score"]) for m in state["matches"]]
    log = arena.ok(arena.get(f"/api/tournaments/competitions/{t.competition_id}/log", role=None))["rows"]
    contests = [
        arena.ok(arena.get(f"/api/contests/{m['contest_id']}", role="referee"))["contest"] for m in state["matches"] if m["contest_id"]
    ]
    return bouts, log, arena.run(audit_rows), [(c["cancelled"], c.get("red_entry_id"), c.get("blue_entry_id")) for c in contests]


def _planned(arena: Arena, n: int, draw_format: str = "single") -> Tournament:
    t = setup_tournament(arena, n=n, draw_format=draw_format, fields=1)
    register_all(arena, t)
    draw(arena, t)
    add_sessions(arena, t)
    arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    return t


def test_a_no_show_is_previewed_with_names_writes_nothing_and_is_applied_as_shown(arena: Arena) -> None:
    t = _planned(arena, 8)
    state = _bracket(arena, t)
    first, semi = _match(state, "R1-1"), _match(state, "R2-1")
    red, blue = first["red"]["name"], first["blue"]["name"]
    decision = {"winner": "blue", "decision": "no_show", "reason": "Vắng mặt khi gọi tên lần thứ ba"}
    url = f"/api/tournaments/bouts/{first['bout_id']}/decision"

    before = _written(arena, t)
    preview = arena.ok(arena.post(url + "/preview", decision, role="manager"))
    assert _written(arena, t) == before  # a preview writes nothing
    assert preview["decision"] == f"Tứ kết 1: {blue} thắng do đối thủ vắng mặt ({red})"
    assert preview["cancelled"] == [f"Tứ kết 1 (Thảm 1, {first['planned']}): không thi đấu trên thảm"]
    assert preview["opponents"] == [f"Bán kết 1: Đỏ chờ kết quả → {blue}"]
    assert isinstance(preview["times"], list) and len(preview["digest"]) == 64
    text = json.dumps(preview, ensure_ascii=False)
    assert f"e{first['red']['key'][1:]}" not in text.replace(preview["digest"], "")  # names, never entrant keys

    page = arena.get(f"/tournaments/bouts/{first['bout_id']}/change", role="manager", params=decision)
    assert page.status_code == 200 and preview["decision"] in page.text and preview["digest"] in page.text
    assert "Trận không thi đấu" in page.text and "Xác nhận áp dụng" in page.text
    arena.client.cookies.set("lang", "en")  # the English switch: the page's own texts in English
    english = arena.get(f"/tournaments/bouts/{first['bout_id']}/change", role="manager", params=decision).text
    arena.client.cookies.delete("lang")
    assert "Contests not held" in english and "Apply as shown" in english and "Xác nhận áp dụng" not in english
    assert _written(arena, t) == before  # the preview page writes nothing either

    arena.ok(arena.post(url, {**decision, "preview": preview["digest"]}, role="manager"))
    after = _bracket(arena, t)
    assert _match(after, "R1-1")["decision_vi"] == "thắng do đối thủ vắng mặt"
    assert _match(after, "R2-1")["red"]["name"] == blue and _match(after, "R2-1")["contest_id"] == semi["contest_id"]
    contest = arena.ok(arena.get(f"/api/contests/{first['contest_id']}", role="referee"))
    assert contest["contest"]["cancelled"] is True
    row = arena.ok(arena.get(f"/api/tournaments/competitions/{t.competition_id}/log", role=None))["rows"][-1]
    assert row["kind"] == "decision_off_mat" and row["actor"] == "manager"
    assert row["payload"]["preview"] == preview["digest"] and row["payload"]["reason"] == decision["reason"]

    async def audited() -> list[AuditEntry]:
        from base.audit import audit_trail

        async with arena.app.state.db_factory() as session:
            return [e for e in await audit_trail(session, f"category:{t.category_id}") if e.action == "tournaments.bout.decide"]

    (entry,) = arena.run(audited)
    assert entry.actor == "manager" and entry.at is not None
    assert json.loads(entry.detail)["preview"] == preview["digest"] and json.loads(entry.detail)["reason"] == decision["reason"]


def test_a_decision_sent_without_its_preview_is_refused_naming_it_and_changes_nothing(arena: Arena) -> None:
    t = _planned(arena, 4, draw_format="round_robin")
    first = next(m for m in _bracket(arena, t)["matches"] if m["bout_id"] is not None and m["status"] == "ready")
    url = f"/api/tournaments/bouts/{first['bout_id']}/decision"
    before = _written(arena, t)
    for decision in (
        {"winner": "red", "decision": "walkover", "reason": "Bỏ cuộc"},
        {"winner": "red", "decision": "points", "reason": "Mất điện", "red_points": "5", "blue_points": "3"},
        {"winner": "red", "decision": "walkover", "reason": "Bỏ cuộc", "preview": "  "},
    ):
        r = arena.post(url, decision, role="manager")
        assert r.status_code == 400 and r.json()["code"] == "tournaments.preview_missing", r.json()
        assert "Thiếu xem trước thay đổi" in r.json()["message"] and "chưa có gì thay đổi" in r.json()["message"]
    arena.client.cookies.set("lang", "en")
    english = arena.post(url, {"winner": "red", "decision": "walkover", "reason": "Bỏ cuộc"}, role="manager").json()["message"]
    arena.client.cookies.delete("lang")
    assert "lacks its preview" in english
    assert _written(arena, t) == before
    # a pool's points are part of what is previewed: other points are another change
    decision = {"winner": "red", "decision": "points", "reason": "Mất điện, chấm trên phiếu giấy", "red_points": "5", "blue_points": "3"}
    preview = arena.ok(arena.post(url + "/preview", decision, role="manager"))
    r = arena.post(url, {**decision, "red_points": "9", "preview": preview["digest"]}, role="manager")
    assert r.status_code == 409 and r.json()["code"] == "tournaments.preview_stale"
    assert _written(arena, t) == before
    arena.ok(arena.post(url, {**decision, "preview": preview["digest"]}, role="manager"))
    assert _match(_bracket(arena, t), first["key"])["score"] == {"red": "5", "blue": "3"}


def test_a_preview_the_draw_moved_past_is_refused_and_changes_nothing(arena: Arena) -> None:
    t = _planned(arena, 8)
    state = _bracket(arena, t)
    first, second = _match(state, "R1-1"), _match(state, "R1-2")
    decision = {"winner": "red", "decision": "withdrawal", "reason": "Chấn thương khi khởi động"}
    old = arena.ok(arena.post(f"/api/tournaments/bouts/{first['bout_id']}/decision/preview", decision, role="manager"))
    # meanwhile another bout of the draw is decided
    other = arena.ok(arena.post(f"/api/tournaments/bouts/{second['bout_id']}/decision/preview", decision, role="manager"))
    arena.ok(arena.post(f"/api/tournaments/bouts/{second['bout_id']}/decision", {**decision, "preview": other["digest"]}, role="manager"))
    before = _written(arena, t)
    r = arena.post(f"/api/tournaments/bouts/{first['bout_id']}/decision", {**decision, "preview": old["digest"]}, role="manager")
    assert r.status_code == 409 and r.json()["code"] == "tournaments.preview_stale"
    assert r.json()["message"] == (
        "Sơ đồ thi đấu đã thay đổi sau khi xem trước thay đổi ở trận «Tứ kết 1»: hãy xem lại thay đổi rồi mới xác nhận"
    )
    assert _written(arena, t) == before
    # previewed again, it shows the final's blue side already known, and applies
    again = arena.ok(arena.post(f"/api/tournaments/bouts/{first['bout_id']}/decision/preview", decision, role="manager"))
    assert again["digest"] != old["digest"]
    arena.ok(arena.post(f"/api/tournaments/bouts/{first['bout_id']}/decision", {**decision, "preview": again["digest"]}, role="manager"))


def test_only_the_manager_previews_or_applies_a_change(arena: Arena) -> None:
    t = _planned(arena, 4)
    first = _match(_bracket(arena, t), "R1-1")
    decision = {"winner": "red", "decision": "walkover", "reason": "Bỏ cuộc"}
    before = _written(arena, t)
    for url in (f"/api/tournaments/bouts/{first['bout_id']}/decision/preview", f"/api/tournaments/bouts/{first['bout_id']}/decision"):
        for role in ("referee", "coach"):
            assert arena.post(url, decision, role=role).status_code == 403, (role, url)
        assert arena.client.post(url, json=decision).status_code in (401, 403)  # nobody logged in
    assert _written(arena, t) == before


def test_a_stopped_diver_s_dives_not_held_move_the_estimated_times_of_the_dives_after_them(arena: Arena) -> None:
    """Estimates never come before the plan: once the field runs late (the clock past every planned start), a
    performance not held brings the next ones forward by its length, and the preview says by how much."""
    ok, post = arena.ok, arena.post
    options = {"stages": [{"name": "Chung kết", "take": None}], "parts": 2}
    t = setup_tournament(arena, n=3, draw_format="judged", fields=1, draw_options=options, sport_rules="")  # no rest rule
    register_all(arena, t)
    draw(arena, t)
    add_sessions(arena, t)
    ok(post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    state = _bracket(arena, t)
    clock = arena.app.state.clock
    last = max(clock.local().replace(hour=int(m["planned"][:2]), minute=int(m["planned"][3:])) for m in state["matches"])
    if last + timedelta(hours=1) > clock.local():
        clock.advance(last + timedelta(hours=1) - clock.local())  # the field is late: estimates run from now
    first = _match(state, "S1:1/1")
    name = first["red"]["name"]
    decision = {"winner": "red", "decision": "withdrawal", "reason": "Đau vai"}
    preview = ok(post(f"/api/tournaments/bouts/{first['bout_id']}/decision/preview", decision, role="manager"))
    assert preview["decision"] == f"Chung kết - bài 1 - lượt 1: {name} không thi (xin rút)"
    assert preview["cancelled"] == [
        "Chung kết - bài 1 - lượt 1 (Thảm 1, " + first["planned"] + "): không thi đấu trên thảm",
        f"Chung kết - bài 2 - lượt 1 (Thảm 1, {_match(state, 'S1:1/2')['planned']}): {name} không thi",
    ]
    assert preview["opponents"] == []
    moved = [line for line in preview["times"] if "bài 2 - lượt 2" in line or "bài 2 - lượt 3" in line]
    assert len(moved) == 2 and all(line.startswith("Nam 58 kg - Tuyển — Chung kết - bài 2 - lượt ") for line in moved)
    for line in moved:  # ten minutes earlier each: the dive not held is not waited for
        a, b = line.rsplit("dự kiến ", 1)[1].split(" → ")
        (ah, am), (bh, bm) = (map(int, a.split(":")), map(int, b.split(":")))
        assert (ah * 60 + am) - (bh * 60 + bm) in (10, 10 - 24 * 60)
    ok(post(f"/api/tournaments/bouts/{first['bout_id']}/decision", {**decision, "preview": preview["digest"]}, role="manager"))
    assert _match(_bracket(arena, t), "S1:1/2")["status"] == "bye"


def test_a_move_in_the_order_is_applied_only_as_previewed(arena: Arena) -> None:
    """Moving a bout in the order of competition: the preview gives the digest of the plan it was computed on;
    applying without it, or after the plan moved on, changes nothing; with it the bout moves as shown."""
    t = _planned(arena, 8)

    def deck() -> list[dict[str, Any]]:
        return arena.ok(arena.get(f"/api/tournaments/fields/{t.fops[0]}/deck", role=None))["bouts"]

    last = deck()[3]  # the fourth bout of the first round, first: its athletes have no bout before it
    url = f"/api/tournaments/bouts/{last['bout_id']}/move"
    move = {"fop_id": t.fops[0], "position": 1, "reason": "Vận động viên cần thi sớm vì lý do y tế"}
    preview = arena.ok(arena.post(url, {**move, "apply": False}, role="manager"))
    assert preview["changes"] and len(preview["digest"]) == 64 and preview["applied"] is False
    assert arena.ok(arena.post(url, {**move, "apply": False}, role="manager"))["digest"] == preview["digest"]  # same plan, same move

    before = _written(arena, t)
    for sent in ({}, {"preview": ""}, {"preview": "0" * 64}):
        r = arena.post(url, {**move, "apply": True, **sent}, role="manager")
        assert r.status_code in (400, 409), r.text
        assert ("Thiếu xem trước thay đổi" if not sent.get("preview") else "hãy xem lại thay đổi") in r.json()["message"]
        assert _written(arena, t) == before  # nothing moved, nothing logged or audited
    other = {**move, "position": 2}  # the preview of one move does not confirm another
    assert arena.post(url, {**other, "apply": True, "preview": preview["digest"]}, role="manager").status_code == 409
    assert arena.post(url, {**move, "apply": True, "preview": preview["digest"]}, role="coach").status_code == 403

    done = arena.ok(arena.post(url, {**move, "apply": True, "preview": preview["digest"]}, role="manager"))
    assert done["applied"] is True
    assert deck()[0]["bout_id"] == last["bout_id"] and deck()[0]["position"] == 1
    log = arena.ok(arena.get(f"/api/tournaments/competitions/{t.competition_id}/log", role=None))["rows"]
    assert log[-1]["kind"] == "order_moved" and log[-1]["actor"] == "manager"
    assert log[-1]["payload"]["reason"] == move["reason"] and log[-1]["payload"]["preview"] == preview["digest"]
    # the plan changed: the same preview confirms nothing any more
    again = arena.post(url, {**move, "position": 2, "apply": True, "preview": preview["digest"]}, role="manager")
    assert again.status_code == 409
