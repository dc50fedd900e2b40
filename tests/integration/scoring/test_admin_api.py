"""The back office's JSON API: PATCH and cancel of competitions, events, fields, panels, entries
and contests, for the manager only, audited, with the same refusals as the pages."""

from __future__ import annotations

import pytest
from arena_builders import build_contest, end_by_decision, start_round


def patch(arena, url, body, role="manager"):
    return arena.client.patch(url, json=body, headers=arena.as_role(role))


def cancel(arena, url, reason, role="manager"):
    return arena.post(f"{url}/cancel", {"reason": reason}, role=role)


def audit_of(arena, subject):
    from base.audit import audit_trail

    async def read():
        async with arena.app.state.db_factory() as session:
            return [(e.actor, e.action, e.detail) for e in await audit_trail(session, subject)]

    return arena.run(read)


def test_a_patch_changes_only_what_it_names_and_the_audit_says_who_and_from_what(arena):
    setup = build_contest(arena)
    comp = arena.ok(patch(arena, f"/api/competitions/{setup.competition_id}", {"venue": "Cung thể thao Tiên Sơn"}))
    assert (comp["name"], comp["venue"]) == ("Giải Vô địch Thành phố 2026", "Cung thể thao Tiên Sơn")
    assert audit_of(arena, f"competition:{setup.competition_id}") == [
        ("manager", "competition.update", '{"venue": ["Nhà thi đấu Quân khu 7", "Cung thể thao Tiên Sơn"]}')
    ]
    arena.ok(patch(arena, f"/api/competitions/{setup.competition_id}", {"venue": "Cung thể thao Tiên Sơn"}))  # no change, no entry
    assert len(audit_of(arena, f"competition:{setup.competition_id}")) == 1


def test_bad_values_are_refused_in_vietnamese_naming_the_field(arena):
    setup = build_contest(arena)
    r = patch(arena, f"/api/panels/{setup.panel_id}", {"seats": ["J1", "J1"]})
    assert r.status_code == 400 and r.json()["field"] == "seats"
    assert r.json()["message"].startswith("Dữ liệu không hợp lệ: «Ghế giám định» cần các tên ghế khác nhau")
    r = patch(arena, f"/api/fops/{setup.fop_id}", {"kind": "sân bóng"})
    assert r.status_code == 400 and "«Loại sân» là thảm, sàn đài, cầu nhảy hoặc sàn" in r.json()["message"]
    assert arena.ok(arena.get("/api/fops", role="manager"))[0]["kind"] == "mat"


def test_a_running_contest_keeps_its_athletes_and_cannot_be_cancelled(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    r = patch(arena, f"/api/contests/{setup.contest_id}", {"red_entry_id": setup.blue_entry, "blue_entry_id": setup.red_entry})
    assert r.status_code == 409 and "đã bắt đầu" in r.json()["message"]
    r = cancel(arena, f"/api/contests/{setup.contest_id}", "Sai người")
    assert r.status_code == 409 and "chỉ huỷ được trận chưa đấu" in r.json()["message"]
    r = cancel(arena, f"/api/events/{setup.event_id}", "Gộp hạng cân")
    assert r.status_code == 409 and "còn trận đang diễn ra: «Trận 1»" in r.json()["message"]


def test_a_logged_contests_parameters_stay_and_a_scheduled_ones_athletes_may_change(arena):
    setup = build_contest(arena, current=False)
    r = patch(arena, f"/api/contests/{setup.contest_id}", {"params": {"round_seconds": 60}})
    assert r.status_code == 409 and "thông số của trận đã ghi vào nhật ký" in r.json()["message"]
    swapped = arena.ok(
        patch(arena, f"/api/contests/{setup.contest_id}", {"red_entry_id": setup.blue_entry, "blue_entry_id": setup.red_entry})
    )
    assert (swapped["red_entry_id"], swapped["blue_entry_id"]) == (setup.blue_entry, setup.red_entry)
    r = patch(arena, f"/api/contests/{setup.contest_id}", {"blue_entry_id": None})
    assert r.status_code == 400 and r.json()["field"] == "blue_entry_id"  # its log says it is a bout


def test_an_ended_contests_competition_is_cancelled_and_its_result_kept(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    end_by_decision(arena, setup.contest_id)
    comp = arena.ok(cancel(arena, f"/api/competitions/{setup.competition_id}", "Giải bị huỷ theo quyết định của Sở"))
    assert comp["cancelled_reason"] == "Giải bị huỷ theo quyết định của Sở" and comp["cancelled_at"]
    assert audit_of(arena, f"competition:{setup.competition_id}") == [
        ("manager", "competition.cancel", '{"contests": [], "reason": "Giải bị huỷ theo quyết định của Sở"}')
    ]
    assert arena.ok(arena.get("/api/contests", role="manager"))[0]["status"] == "ended"
    assert [e["cancelled_reason"] for e in arena.ok(arena.get("/api/events", role="manager"))] == ["Giải bị huỷ theo quyết định của Sở"]
    r = arena.post(
        "/api/events", {"competition_id": setup.competition_id, "name": "Mới", "sport": "", "ruleset_id": "taekwondo-wt"}, role="manager"
    )
    assert r.status_code == 400 and "«Giải đấu» đã huỷ" in r.json()["message"]


def test_an_entry_in_a_contest_not_yet_held_cannot_be_cancelled_and_a_cancelled_one_can_enter_again(arena):
    setup = build_contest(arena, current=False)
    r = cancel(arena, f"/api/entries/{setup.red_entry}", "Chấn thương")
    assert r.status_code == 409 and "còn trận chưa đấu: «Trận 1»" in r.json()["message"]
    arena.ok(cancel(arena, f"/api/contests/{setup.contest_id}", "Đổi lịch"))
    arena.ok(cancel(arena, f"/api/entries/{setup.red_entry}", "Chấn thương"))
    again = arena.ok(arena.post("/api/entries", {"event_id": setup.event_id, "athlete_id": setup.red_athlete, "bib": "21"}, role="manager"))
    assert (again["id"], again["cancelled_at"], again["bib"]) == (setup.red_entry, None, "21")


NEW_ENDPOINTS = [
    ("patch", "/api/competitions/{c}"),
    ("post", "/api/competitions/{c}/cancel"),
    ("patch", "/api/events/{e}"),
    ("post", "/api/events/{e}/cancel"),
    ("patch", "/api/fops/{f}"),
    ("post", "/api/fops/{f}/cancel"),
    ("patch", "/api/panels/{p}"),
    ("post", "/api/panels/{p}/cancel"),
    ("patch", "/api/entries/{n}"),
    ("post", "/api/entries/{n}/cancel"),
    ("patch", "/api/contests/{k}"),
    ("post", "/api/contests/{k}/cancel"),
]


@pytest.mark.parametrize("role", ["referee", "coach"])
def test_a_referee_or_a_coach_gets_403_on_every_edit_and_cancel_endpoint(arena, role):
    s = build_contest(arena, current=False)
    ids = {"c": s.competition_id, "e": s.event_id, "f": s.fop_id, "p": s.panel_id, "n": s.red_entry, "k": s.contest_id}
    for method, url in NEW_ENDPOINTS:
        r = arena.client.request(method, url.format(**ids), json={"reason": "x", "name": "x"}, headers=arena.as_role(role))
        assert r.status_code == 403, (method, url)
    assert arena.ok(arena.get("/api/contests", role="manager"))[0]["status"] == "scheduled"


def test_a_panels_new_seats_reach_its_fields_screens_before_the_contest_starts(arena):
    setup = build_contest(arena)

    def seats():
        return arena.run(lambda: arena.app.state.hub.view(setup.fop_id))["input"]["seats"]

    assert seats() == ["J1", "J2", "J3"]
    arena.ok(patch(arena, f"/api/panels/{setup.panel_id}", {"seats": ["J1", "J2", "J3", "J4", "J5"]}))
    assert seats() == ["J1", "J2", "J3", "J4", "J5"]


def test_a_head_referee_reads_what_was_set_up_but_a_coach_does_not_and_neither_writes_it(arena):
    s = build_contest(arena, current=False)
    lists = ("/api/competitions", "/api/events", "/api/fops", f"/api/panels?fop_id={s.fop_id}", f"/api/contests?fop_id={s.fop_id}")
    for url in lists:  # the referee was refused (403) on all five: the back office's manager-only guard applied to them too
        rows = arena.ok(arena.get(url, role="referee"))
        assert len(rows) == 1, url
        assert arena.get(url, role="coach").status_code == 403, url
    assert [c["label"] for c in arena.ok(arena.get(f"/api/contests?fop_id={s.fop_id}", role="referee"))] == ["Trận 1"]
    r = arena.post("/api/competitions", {"name": "Giải khác", "venue": "Nhà thi đấu"}, role="referee")
    assert r.status_code == 403
    assert len(arena.ok(arena.get("/api/competitions", role="referee"))) == 1
