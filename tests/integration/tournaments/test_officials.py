"""Officials of a competition: assigned by picking a name and an account, listed by name, flagged
when they share a team with an athlete of a contest on their field; the manager's only."""

import re

from arena_builders import build_contest


def _person(arena, name, team):
    return arena.ok(arena.post("/api/athletes", {"full_name": name, "team": team}))["id"]


def test_the_manager_assigns_an_official_by_picking_a_name_and_an_account(arena):
    setup = build_contest(arena)
    _person(arena, "Trần Văn Trọng", "Ban trọng tài")
    arena.login("manager")
    url = f"/tournaments/officials/{setup.competition_id}"
    found = arena.client.get(url, params={"q": "trong"})  # accents ignored
    assert found.status_code == 200 and "Trần Văn Trọng" in found.text
    picked = re.search(r'name="person_id" value="(\d+)"[^>]*> Trần Văn Trọng', found.text)
    assert picked, found.text
    assert 'value="referee">Người dùng referee (referee)' in found.text  # the accounts are a list
    form = {
        "_csrf_token": arena.client.cookies["csrftoken"],
        "q": "trong",
        "person_id": picked.group(1),
        "role": "jury",
        "fop_id": str(setup.fop_id),
        "session_id": "",
        "username": "referee",
    }
    saved = arena.client.post(url, data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = arena.client.get(url).text
    row = page[page.index('id="official-list"') :]
    assert "Trần Văn Trọng" in row and "Ban kháng nghị" in row and "Thảm 1" in row and "Người dùng referee (referee)" in row
    listed = arena.ok(arena.get(f"/api/tournaments/competitions/{setup.competition_id}/officials", role="manager"))
    assert [(o["name"], o["role_vi"], o["field"], o["account"]) for o in listed] == [
        ("Trần Văn Trọng", "Ban kháng nghị", "Thảm 1", "Người dùng referee (referee)")
    ]
    again = arena.client.post(url, data=form, follow_redirects=False)
    assert again.status_code == 400 and "đã được phân công vai trò này" in again.text


def test_change_and_remove_are_audited(arena):
    setup = build_contest(arena)
    person = _person(arena, "Lê Thị Cân", "Ban tổ chức")
    api = f"/api/tournaments/competitions/{setup.competition_id}/officials"
    made = arena.ok(arena.post(api, {"person_id": person, "role": "weigh_in"}, role="manager"))
    changed = arena.ok(
        arena.client.put(
            f"/api/tournaments/officials/{made['id']}", json={"person_id": person, "role": "marshal"}, headers=arena.as_role("manager")
        )
    )
    assert changed["role_vi"] == "Điều phối"
    assert arena.client.delete(f"/api/tournaments/officials/{made['id']}", headers=arena.as_role("manager")).status_code == 204
    assert arena.ok(arena.get(api, role="manager")) == []

    async def trail():
        from base.audit import audit_trail

        async with arena.app.state.db_factory() as session:
            return [e.action for e in await audit_trail(session, f"competition:{setup.competition_id}")]

    assert [a for a in arena.run(trail) if a.startswith("tournaments.official")] == [
        "tournaments.official.assigned",
        "tournaments.official.changed",
        "tournaments.official.removed",
    ]


def test_a_refused_role_or_field_is_named_and_a_coach_gets_403(arena):
    setup = build_contest(arena)
    person = _person(arena, "Phạm Văn Bình", "Ban tổ chức")
    api = f"/api/tournaments/competitions/{setup.competition_id}/officials"
    bad = arena.post(api, {"person_id": person, "role": "coach", "fop_id": 999999}, role="manager")
    assert (
        bad.status_code == 400
        and "vai trò 'coach' không có" in bad.json()["message"]
        and "sân không thuộc giải này" in bad.json()["message"]
    )
    assert arena.post(api, {"person_id": person, "role": "referee"}, role="coach").status_code == 403
    assert arena.get(api, role="coach").status_code == 403
    assert arena.get(f"/tournaments/officials/{setup.competition_id}", role="coach").status_code == 403
    assert arena.get(f"{api}/conflicts", role="referee").status_code == 403


def test_an_official_of_an_athlete_s_team_on_their_field_is_flagged(arena):
    setup = build_contest(arena)  # red: Nguyễn Văn An (Quận 1), blue: Đặng Thị Bích (Thủ Đức), on Thảm 1
    api = f"/api/tournaments/competitions/{setup.competition_id}/officials"
    same = _person(arena, "Hồ Văn Cùng", "Quận 1")
    other = _person(arena, "Võ Văn Khác", "Gò Vấp")
    arena.ok(arena.post(api, {"person_id": same, "role": "referee", "fop_id": setup.fop_id}, role="manager"))
    arena.ok(arena.post(api, {"person_id": other, "role": "judge", "fop_id": setup.fop_id}, role="manager"))
    conflicts = arena.ok(arena.get(f"{api}/conflicts", role="manager"))
    assert [(c["official"], c["contest"], c["athlete"], c["team"]) for c in conflicts] == [
        ("Hồ Văn Cùng", "Trận 1", "Nguyễn Văn An", "Quận 1")
    ]
    page = arena.get(f"/tournaments/officials/{setup.competition_id}", role="manager").text
    flagged = page[page.index('id="conflicts"') : page.index('id="assign"')]
    assert "Hồ Văn Cùng" in flagged and "Nguyễn Văn An — Quận 1" in flagged and "Võ Văn Khác" not in flagged
