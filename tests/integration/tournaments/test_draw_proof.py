"""A draw anyone can check, and the refusals around it: each bad step is a clear Vietnamese error
that changes nothing."""

from __future__ import annotations

import json

from click.testing import CliRunner
from tournament_builders import draw, register_all, setup_tournament

from assembly.cli import main


def test_the_published_log_verifies_offline_and_a_changed_secret_does_not(arena, tmp_path):
    t = setup_tournament(arena, n=5, draw_format="single", fields=1)
    register_all(arena, t)
    draw(arena, t)
    published = arena.ok(arena.get(f"/api/tournaments/competitions/{t.competition_id}/log", role=None))
    assert [r["kind"] for r in published["rows"]] == ["draw_committed", "draw_made"] and published["chain"]["ok"]
    good = tmp_path / "log.json"
    good.write_text(json.dumps(published), encoding="utf-8")
    result = CliRunner().invoke(main, ["draw", "verify", "--log", str(good)])
    assert result.exit_code == 0, result.output
    assert "✓ Bốc thăm hạng M-58" in result.output

    forged = json.loads(good.read_text(encoding="utf-8"))
    made = forged["rows"][1]
    made["payload"]["secret"] = "00" * 32  # someone claims another secret after the fact
    bad = tmp_path / "forged.json"
    bad.write_text(json.dumps(forged), encoding="utf-8")
    result = CliRunner().invoke(main, ["draw", "verify", "--log", str(bad)])
    assert result.exit_code == 1, result.output
    assert "✗" in result.output


def test_draw_refusals_change_nothing(arena):
    t = setup_tournament(arena, n=4, draw_format="single", fields=1)
    entries = register_all(arena, t)
    cid = t.category_id
    r = arena.post(f"/api/tournaments/categories/{cid}/draw", {"witness": ""}, role="manager")
    assert r.status_code == 409 and r.json()["code"] == "tournaments.no_commitment", r.text
    r = arena.post(f"/api/tournaments/categories/{cid}/commitment", {}, role="manager")
    assert r.status_code == 409 and "chốt danh sách" in r.json()["message"], r.text
    arena.ok(arena.post(f"/api/tournaments/categories/{cid}/status", {"status": "closed"}, role="manager"))
    arena.ok(arena.post(f"/api/tournaments/categories/{cid}/commitment", {}, role="manager"))
    # The list changes after the commitment (an athlete out of band at a second weighing): refused.
    arena.ok(arena.post(f"/api/tournaments/entries/{entries[0]['id']}/weigh-in", {"weight": "58,4"}, role="referee"))
    r = arena.post(f"/api/tournaments/categories/{cid}/draw", {"witness": "x"}, role="manager")
    assert r.status_code == 409 and r.json()["code"] == "tournaments.entries_changed", r.text
    assert arena.ok(arena.get(f"/api/tournaments/categories/{cid}/bracket", role=None))["matches"] == []
    # A coach may not draw.
    r = arena.post(f"/api/tournaments/categories/{cid}/commitment", {}, role="coach")
    assert r.status_code == 403


def test_registration_checks_speak_vietnamese(arena):
    t = setup_tournament(arena, n=1, draw_format="single", fields=1)
    woman = arena.ok(
        arena.post(
            "/api/people",
            {"full_name": "Trần Thị Hoa", "kind": "athlete", "gender": "F", "birth_date": "2000-05-01", "medical_until": "2099-01-01"},
            role="manager",
        )
    )
    r = arena.post(f"/api/tournaments/categories/{t.category_id}/entries", {"athlete_id": woman["id"]}, role="manager")
    assert r.status_code == 400 and r.json()["code"] == "tournaments.not_eligible", r.text
    assert "Trần Thị Hoa" in r.json()["message"]
    no_medical = arena.ok(
        arena.post("/api/people", {"full_name": "Lê Văn Tám", "kind": "athlete", "gender": "M", "birth_date": "2000-05-01"}, role="manager")
    )
    r = arena.post(f"/api/tournaments/categories/{t.category_id}/entries", {"athlete_id": no_medical["id"]}, role="manager")
    assert r.status_code == 400 and "giấy khám sức khỏe" in r.json()["message"], r.text
    arena.ok(arena.post(f"/api/tournaments/categories/{t.category_id}/entries", {"athlete_id": t.athletes[0]}, role="manager"))
    r = arena.post(f"/api/tournaments/categories/{t.category_id}/entries", {"athlete_id": t.athletes[0]}, role="manager")
    assert r.status_code == 409 and r.json()["code"] == "tournaments.already_entered", r.text
    r = arena.post("/api/tournaments/entries/1/weigh-in", {"weight": "abc"}, role="referee")
    assert r.status_code == 400 and r.json()["code"] == "tournaments.weight_invalid", r.text
