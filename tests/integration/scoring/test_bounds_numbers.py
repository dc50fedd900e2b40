"""Absurd numbers are refused at the boundary over HTTP, in Vietnamese naming the field, and change
nothing (issue 15, item 3)."""

import pytest
from arena_builders import build_contest, start_round


def log_of(arena, contest_id):
    return arena.ok(arena.get(f"/api/contests/{contest_id}/log", role="referee"))


def refused(arena, contest_id, **command):
    before = log_of(arena, contest_id)
    r = arena.post(f"/api/contests/{contest_id}/commands", command, role="referee")
    assert r.status_code == 400, r.text
    assert log_of(arena, contest_id) == before, "nothing changes on a refusal"
    return r.json()


@pytest.mark.parametrize("delta", ["1e-999999999", "1e999999999", "NaN", "0.0001", "1000"])
def test_an_absurd_adjustment_is_refused_and_the_log_is_unchanged(arena, delta):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    body = refused(arena, setup.contest_id, command="adjust", side="red", delta=delta, reason="Video")
    assert body["code"] == "scoring.number_out_of_bounds"
    assert body["message"].startswith("delta phải là một số thập phân từ -100 đến 100")


def test_a_sensible_adjustment_is_still_taken(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    arena.command(setup.contest_id, "adjust", side="red", delta="-0.5", reason="Video")
    assert log_of(arena, setup.contest_id)[-1]["data"]["delta"] == "-0.5"


@pytest.mark.parametrize("ms", [2**63, 2**63 - 1, 3_600_001, -1])
def test_the_clock_cannot_be_set_past_an_hour(arena, ms):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    arena.command(setup.contest_id, "pause_clock")
    body = refused(arena, setup.contest_id, command="set_clock", remaining_ms=ms)
    assert body["message"] == "remaining_ms phải là một số nguyên từ 0 đến 3600000"


def test_an_adjustment_for_round_2_to_the_70_is_refused(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    body = refused(arena, setup.contest_id, command="adjust", side="red", delta="1", reason="Video", round=2**70)
    assert body["code"] == "scoring.integer_out_of_bounds"
    assert body["message"] == "round phải là một số nguyên từ 1 đến 20"


def test_a_correction_of_event_2_to_the_63_is_refused(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    body = refused(arena, setup.contest_id, command="correct", corrects=2**63, reason="Bấm nhầm")
    assert body["code"] == "scoring.integer_out_of_bounds"
    assert body["message"] == f"corrects phải là một số nguyên từ 1 đến {2**31 - 1}"


def test_a_penalty_code_not_in_the_rule_set_is_refused(arena):
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    refused(arena, setup.contest_id, command="penalty", side="red", code="no-such-code")


def test_a_contest_with_an_absurd_round_length_is_refused(arena):
    setup = build_contest(arena)
    body = {"event_id": setup.event_id, "fop_id": setup.fop_id, "panel_id": setup.panel_id, "red_entry_id": setup.red_entry}
    for seconds in (2**63, 0, 3601, "90"):
        r = arena.post("/api/contests", {**body, "params": {"round_seconds": seconds}}, role="manager")
        assert r.status_code == 400, r.text
        assert "round_seconds" in r.text
    r = arena.post("/api/contests", {**body, "order": 2**40}, role="manager")
    assert r.status_code == 400, r.text


def test_setting_the_current_contest_to_a_text_is_refused(arena):
    setup = build_contest(arena)
    r = arena.client.put(f"/api/fops/{setup.fop_id}/current", json={"contest_id": "abc"}, headers=arena.as_role("referee"))
    assert r.status_code == 400, r.text
    r = arena.client.put(f"/api/fops/{setup.fop_id}/current", json={"contest_id": 2**70}, headers=arena.as_role("referee"))
    assert r.status_code == 404, r.text


def test_an_unknown_contract_template_is_a_400_in_vietnamese(arena):
    for url, body in (
        ("/api/contracts/", {"template_id": "no-such", "fields": {}, "parties": {}}),
        ("/api/contracts/prefill", {"template_id": "no-such"}),
    ):
        r = arena.post(url, body, role="manager")
        assert r.status_code == 400, r.text
        assert r.json()["code"] == "contracts.unknown_template"
        assert r.json()["message"].startswith("Trường “template_id” không hợp lệ: không có mẫu hợp đồng “no-such”")
