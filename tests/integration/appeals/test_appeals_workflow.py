from appeals_flow import contest_state, file_appeal, running_bout, upload_file


def _penalty_on_red(arena, contest_id):
    return arena.command(contest_id, "penalty", side="red", code="gam-jeom")["seq"]


def _vote(arena, appeal_id, member, uphold, remedies=()):
    """One jury member's own vote (the account the request is made with)."""
    return arena.post(
        f"/api/appeals/{appeal_id}/votes",
        {
            "uphold": uphold,
            "reason": "Xem lại video: " + ("đúng" if uphold else "sai"),
            "decision_reason": "Ban giám sát đã xem video",
            "remedies": list(remedies) if uphold else [],
        },
        role=member,
    )


def _decide(arena, appeal_id, votes, remedies=()):
    """Each member votes in turn; answers the last answer (the one that decided, or a refusal)."""
    answer = None
    for member, uphold in votes:
        answer = _vote(arena, appeal_id, member, uphold, remedies)
        if answer.status_code >= 300:
            return answer
    return answer


def test_upheld_appeal_voids_the_penalty_and_the_scoreboard_shows_the_new_result(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    seq = _penalty_on_red(a, setup.contest_id)
    assert contest_state(a, setup.contest_id)["score"]["sides"]["blue"]["total"] == "1"
    appeal = a.ok(file_appeal(a, setup.contest_id, action_seq=seq))
    assert appeal["state"] == "filed" and appeal["fee_vnd"] == 0
    assert contest_state(a, setup.contest_id)["envelope"]["under_review"] is True
    a.ok(a.post(f"/api/appeals/{appeal['id']}/review", {}, role="referee"))
    first = a.ok(_vote(a, appeal["id"], "referee", True, [{"kind": "void", "corrects": seq}]))
    assert first["state"] == "under_review"  # one vote of a jury of three decides nothing yet
    decided = a.ok(_vote(a, appeal["id"], "referee2", True, [{"kind": "void", "corrects": seq}]))
    assert decided["state"] == "upheld" and len(decided["appended_seqs"]) == 1
    late = _vote(a, appeal["id"], "referee3", False)
    assert late.status_code == 409 and late.json()["code"] == "appeals.state_conflict"
    state = contest_state(a, setup.contest_id)
    assert state["score"]["sides"]["blue"]["total"] == "0"
    assert state["envelope"]["under_review"] is False
    log = a.ok(a.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    kinds = [e["kind"] for e in (log["events"] if isinstance(log, dict) else log)]
    assert kinds[-2:] == ["correction", "appeal_closed"]


def test_a_video_review_stops_the_clock_until_the_jury_decides(jury_arena, clock):
    a = jury_arena
    setup = running_bout(a)
    seq = _penalty_on_red(a, setup.contest_id)
    clock.advance(2)
    appeal = a.ok(file_appeal(a, setup.contest_id, action_seq=seq))
    stopped = contest_state(a, setup.contest_id)["envelope"]
    assert stopped["phase"] == "round" and stopped["clock"]["running"] is False and stopped["under_review"] is True
    remaining = stopped["clock"]["remaining_ms"]
    assert 0 < remaining < stopped["clock"]["round_ms"]
    clock.advance(600)  # ten minutes of review: the round's time does not run out meanwhile
    refused = a.post(f"/api/contests/{setup.contest_id}/commands", {"command": "start_clock"}, role="referee")
    assert refused.status_code == 409 and refused.json()["code"] == "scoring.under_review"
    assert "ban giám sát" in refused.json()["message"]
    assert contest_state(a, setup.contest_id)["envelope"]["clock"]["remaining_ms"] == remaining
    a.ok(_vote(a, appeal["id"], "referee", False))  # one vote of three: still under review
    assert a.post(f"/api/contests/{setup.contest_id}/commands", {"command": "start_clock"}, role="referee").status_code == 409
    a.ok(_vote(a, appeal["id"], "referee2", False))
    a.command(setup.contest_id, "start_clock")
    running = contest_state(a, setup.contest_id)["envelope"]["clock"]
    assert running["running"] is True and running["remaining_ms"] == remaining


def test_rejected_appeal_on_a_split_vote_leaves_the_score_alone(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    seq = _penalty_on_red(a, setup.contest_id)
    appeal = a.ok(file_appeal(a, setup.contest_id, action_seq=seq))
    jury = [("referee", True), ("referee2", False), ("referee3", False)]
    decided = a.ok(_decide(a, appeal["id"], jury, [{"kind": "void", "corrects": seq}]))
    assert decided["state"] == "rejected"
    assert contest_state(a, setup.contest_id)["score"]["sides"]["blue"]["total"] == "1"


def test_appeal_after_the_five_second_window_is_refused_with_the_deadline(jury_arena, clock):
    a = jury_arena
    setup = running_bout(a)
    seq = _penalty_on_red(a, setup.contest_id)
    clock.advance(6)
    r = file_appeal(a, setup.contest_id, action_seq=seq)
    assert r.status_code == 422
    assert r.json()["code"] == "appeals.inadmissible" and "đã quá hạn khiếu nại" in r.json()["detail"]
    assert contest_state(a, setup.contest_id)["envelope"]["under_review"] is False


def test_trunk_points_are_not_reviewable_and_every_reason_is_listed(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    r = file_appeal(a, setup.contest_id, category="trunk-points", side="green")
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "không được xem lại" in detail and "Điều 21.2" in detail and "bên được chọn không có trong trận này" in detail


def test_second_request_of_a_side_is_refused_once_the_quota_is_used(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    first = a.ok(file_appeal(a, setup.contest_id, category="head-kick-not-scored"))
    a.ok(a.post(f"/api/appeals/{first['id']}/withdraw", {}, role="coach"))
    again = file_appeal(a, setup.contest_id, category="head-kick-not-scored")
    assert again.status_code == 422 and "đã dùng hết 1 lần khiếu nại cho trận này" in again.json()["detail"]
    assert file_appeal(a, setup.contest_id, category="head-kick-not-scored", side="blue").status_code == 201


def test_withdrawal_clears_under_review_and_a_decided_appeal_cannot_be_withdrawn(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    appeal = a.ok(file_appeal(a, setup.contest_id, category="malfunction-or-time"))
    assert a.ok(a.post(f"/api/appeals/{appeal['id']}/withdraw", {}, role="coach"))["state"] == "withdrawn"
    assert contest_state(a, setup.contest_id)["envelope"]["under_review"] is False
    again = a.post(f"/api/appeals/{appeal['id']}/withdraw", {}, role="coach")
    assert again.status_code == 409 and again.json()["code"] == "appeals.state_conflict"


def test_another_coach_and_an_athlete_cannot_see_the_appeal_or_its_evidence(jury_arena, tmp_path):
    from appeals_media import make_image

    a = jury_arena
    setup = running_bout(a)
    appeal = a.ok(file_appeal(a, setup.contest_id, category="head-kick-not-scored"))
    r = upload_file(a, make_image(tmp_path / "goc-quay.jpg"), appeal["id"], "image/jpeg")
    evidence_id = int(r.headers["evidence-id"])
    assert a.get(f"/api/appeals/{appeal['id']}", role="coach2").status_code == 403
    assert a.get(f"/api/appeals/evidence/{evidence_id}/content", role="coach2").status_code == 403
    assert a.get(f"/api/appeals/evidence/{evidence_id}/content", role="athlete").status_code == 403
    assert a.get(f"/api/appeals/evidence/{evidence_id}/content", role="referee").status_code == 200
    assert a.get("/api/appeals", role="coach2").json() == []
    custody = a.ok(a.get(f"/api/appeals/{appeal['id']}/custody", role="referee"))
    assert [c["action"] for c in custody] == ["upload", "view"]


def test_a_decision_needs_jury_voters_with_reasons(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    appeal = a.ok(file_appeal(a, setup.contest_id, category="head-kick-not-scored"))
    coach_vote = _vote(a, appeal["id"], "coach", True, [{"kind": "adjust", "side": "red", "delta": "3"}])
    assert coach_vote.status_code == 403
    no_reason = a.post(f"/api/appeals/{appeal['id']}/votes", {"uphold": True, "reason": " "}, role="referee")
    assert no_reason.status_code == 400 and "mỗi phiếu phải ghi lý do" in no_reason.json()["detail"]
    a.ok(_vote(a, appeal["id"], "referee", True))
    no_remedy = _vote(a, appeal["id"], "referee2", True)  # this vote would uphold: it names the remedy
    assert no_remedy.status_code == 400 and "cần ít nhất một biện pháp" in no_remedy.json()["detail"]
    decided = a.ok(_vote(a, appeal["id"], "referee2", True, [{"kind": "adjust", "side": "red", "delta": "3"}]))
    assert decided["state"] == "upheld"


def test_appeal_decided_after_the_contest_ended_takes_the_round_from_the_winner(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    seq = _penalty_on_red(a, setup.contest_id)
    a.command(setup.contest_id, "end_round")
    a.command(setup.contest_id, "decide", winner="blue", method="withdrawal", reason="Đỏ bỏ cuộc sau hiệp 1")
    a.command(setup.contest_id, "end_contest")
    before = contest_state(a, setup.contest_id)["score"]["sides"]
    assert before["blue"]["detail"]["rounds_won"] == 1
    appeal = a.ok(file_appeal(a, setup.contest_id, action_seq=seq))
    assert contest_state(a, setup.contest_id)["envelope"]["under_review"] is True
    a.ok(_decide(a, appeal["id"], [("referee", True), ("referee2", True)], [{"kind": "void", "corrects": seq}]))
    after = contest_state(a, setup.contest_id)
    assert after["score"]["sides"]["blue"]["detail"]["rounds_won"] == 0
    assert after["score"]["sides"]["blue"]["total"] == "0"
    assert after["envelope"]["under_review"] is False


def test_only_a_coach_of_the_athlete_concerned_may_file(jury_arena):
    from arena_builders import build_contest, coach_the_athlete

    a = jury_arena
    setup = build_contest(a)
    coach_the_athlete(a, setup.red_athlete, username="coach2")
    for command in ("start_contest", "start_round", "start_clock"):
        a.command(setup.contest_id, command)
    assert file_appeal(a, setup.contest_id, category="head-kick-not-scored", side="red", role="coach").status_code == 403
    assert file_appeal(a, setup.contest_id, category="head-kick-not-scored", side="blue", role="coach2").status_code == 403
    assert file_appeal(a, setup.contest_id, category="head-kick-not-scored", side="red", role="coach2").status_code == 201
