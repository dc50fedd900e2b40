"""The jury vote: each member votes as the logged-in account, once; the competition's assigned jury
(tournaments' officials) is the jury when there is one; the vote that settles the majority decides."""

from appeals_flow import contest_state, file_appeal, running_bout


def _vote(arena, appeal_id, member, uphold, remedies=()):
    return arena.post(
        f"/api/appeals/{appeal_id}/votes",
        {"uphold": uphold, "reason": f"{member}: xem video", "remedies": list(remedies) if uphold else []},
        role=member,
    )


def _assign_jury(arena, competition_id, *usernames, team="Ban tổ chức"):
    for username in usernames:
        person = arena.ok(arena.post("/api/athletes", {"full_name": f"Giám sát {username}", "team": team}))
        arena.ok(
            arena.post(
                f"/api/tournaments/competitions/{competition_id}/officials",
                {"person_id": person["id"], "role": "jury", "username": username},
                role="manager",
            )
        )


def _penalty_appeal(arena):
    setup = running_bout(arena)
    seq = arena.command(setup.contest_id, "penalty", side="red", code="gam-jeom")["seq"]
    appeal = arena.ok(file_appeal(arena, setup.contest_id, action_seq=seq))
    return setup, seq, appeal


def test_a_jury_member_votes_as_themselves_and_only_once(jury_arena):
    a = jury_arena
    _, seq, appeal = _penalty_appeal(a)
    a.ok(_vote(a, appeal["id"], "referee2", False))
    jury = a.ok(a.get(f"/api/appeals/{appeal['id']}/jury", role="referee2"))
    assert jury["assigned"] is False and jury["voted"] == ["Trọng tài referee2"] and jury["may_vote"] is False
    again = _vote(a, appeal["id"], "referee2", True, [{"kind": "void", "corrects": seq}])
    assert again.status_code == 409 and again.json()["code"] == "appeals.vote_repeated"
    assert "chỉ bỏ phiếu một lần" in again.json()["message"]
    assert a.ok(a.get(f"/api/appeals/{appeal['id']}/jury", role="referee"))["may_vote"] is True


def test_with_an_assigned_jury_another_referee_is_refused_in_vietnamese(jury_arena):
    a = jury_arena
    setup, seq, appeal = _penalty_appeal(a)
    _assign_jury(a, setup.competition_id, "referee2", "referee3")
    refused = _vote(a, appeal["id"], "referee", True, [{"kind": "void", "corrects": seq}])
    assert refused.status_code == 403 and refused.json()["code"] == "appeals.not_on_the_jury"
    assert "không thuộc ban kháng nghị" in refused.json()["message"]
    jury = a.ok(a.get(f"/api/appeals/{appeal['id']}/jury", role="referee"))
    assert jury["assigned"] is True and jury["members"] == ["Trọng tài referee2", "Trọng tài referee3"] and jury["voted"] == []


def test_the_decision_is_taken_when_the_assigned_jury_s_majority_is_met(jury_arena):
    a = jury_arena
    setup, seq, appeal = _penalty_appeal(a)
    _assign_jury(a, setup.competition_id, "referee2", "referee3")
    void = [{"kind": "void", "corrects": seq}]
    first = a.ok(_vote(a, appeal["id"], "referee2", True, void))
    assert first["state"] == "filed"  # one of two: no majority yet
    assert contest_state(a, setup.contest_id)["envelope"]["under_review"] is True
    assert contest_state(a, setup.contest_id)["score"]["sides"]["blue"]["total"] == "1"
    decided = a.ok(_vote(a, appeal["id"], "referee3", True, void))
    assert decided["state"] == "upheld" and len(decided["appended_seqs"]) == 1
    state = contest_state(a, setup.contest_id)
    assert state["score"]["sides"]["blue"]["total"] == "0" and state["envelope"]["under_review"] is False


def test_a_tie_of_the_assigned_jury_rejects(jury_arena):
    a = jury_arena
    setup, seq, appeal = _penalty_appeal(a)
    _assign_jury(a, setup.competition_id, "referee2", "referee3")
    a.ok(_vote(a, appeal["id"], "referee2", True, [{"kind": "void", "corrects": seq}]))
    assert a.ok(_vote(a, appeal["id"], "referee3", False))["state"] == "rejected"
    assert contest_state(a, setup.contest_id)["score"]["sides"]["blue"]["total"] == "1"


def test_a_jury_member_of_an_athlete_s_team_sits_out(jury_arena):
    a = jury_arena
    setup, seq, appeal = _penalty_appeal(a)
    red_team = a.ok(a.get(f"/api/people/{setup.red_athlete}", role="manager"))["team"]
    _assign_jury(a, setup.competition_id, "referee2")
    _assign_jury(a, setup.competition_id, "referee3", team=red_team)
    assert _vote(a, appeal["id"], "referee3", True).status_code == 403
    assert a.ok(_vote(a, appeal["id"], "referee2", True, [{"kind": "void", "corrects": seq}]))["state"] == "upheld"


def test_the_jury_page_asks_for_no_member_id(jury_arena):
    a = jury_arena
    _, _, appeal = _penalty_appeal(a)
    page = a.get(f"/appeals/{appeal['id']}", role="referee")
    assert page.status_code == 200 and 'id="decision-form"' in page.text
    assert "member_id" not in page.text and "Người dùng referee" in page.text
    script = a.client.get("/static/appeals/review.js").text
    assert "member_id" not in script and "/votes" in script
