"""Filing through the API: a technical-point request naming a trunk press is refused (WT art. 21.2),
a head kick is admitted; the filing page's action list says which actions are trunk points."""

from appeals_flow import file_appeal, running_bout
from arena_builders import judge_socket, pair_tablet, press


def _press_as_j1(a, setup, value, side="red"):
    token = pair_tablet(a, setup.panel_id, "J1")
    with judge_socket(a, token) as ws:
        ack = press(ws, setup.contest_id, 1, side=side, value=value)
    log = a.ok(a.get(f"/api/contests/{setup.contest_id}/log", role="referee"))
    return ack, next(e["seq"] for e in reversed(log) if e["kind"] == "press")


def test_a_technical_point_naming_a_trunk_kick_is_refused_with_the_rule_and_its_article(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    _ack, seq = _press_as_j1(a, setup, "2")  # "Trunk kick", category trunk
    r = file_appeal(a, setup.contest_id, category="technical-point", action_seq=seq)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "appeals.inadmissible"
    assert "Điểm đòn chân hoặc đấm vào thân" in body["detail"] and "Điều 21.2" in body["detail"]
    assert body["message"].startswith("Khiếu nại không được chấp nhận: không được xem lại: Điểm đòn chân hoặc đấm vào thân")
    assert "Điều 21.2" in body["message"]
    assert a.ok(a.get(f"/api/appeals?contest_id={setup.contest_id}", role="coach")) == []
    rows = a.ok(a.get(f"/api/appeals/actions/{setup.contest_id}", role="coach"))
    assert rows[0]["seq"] == seq and rows[0]["not_reviewable"]["source"] == "Điều 21.2"


def test_a_head_kick_is_admitted_and_the_action_list_flags_only_trunk_points(jury_arena):
    a = jury_arena
    setup = running_bout(a)
    _ack, seq = _press_as_j1(a, setup, "3")  # "Head kick"
    rows = a.ok(a.get(f"/api/appeals/actions/{setup.contest_id}", role="coach"))
    assert rows[0]["seq"] == seq and rows[0]["kind_text"] == "Giám định bấm điểm" and rows[0]["not_reviewable"] is None
    assert rows[0]["detail"] == "Đá đầu (J1)"
    appeal = a.ok(file_appeal(a, setup.contest_id, category="technical-point", action_seq=seq))
    assert appeal["action_seq"] == seq and appeal["state"] == "filed"
