"""Finish a category through the API as the officials would: every bout that is ready is decided."""

from __future__ import annotations

from typing import Any

from arena_builders import Arena, decide_off_mat
from tournament_builders import Tournament, add_sessions, draw, register_all, settle, setup_tournament


def planned_category(arena: Arena, n: int = 4, draw_format: str = "single") -> Tournament:
    """A category of ``n`` athletes on one field: registered, weighed, drawn, and its order planned."""
    t = setup_tournament(arena, n=n, draw_format=draw_format, fields=1)
    register_all(arena, t)
    draw(arena, t)
    add_sessions(arena, t)
    arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    return t


def finish_category(arena: Arena, category_id: int, winner: str = "red", limit: int = 200) -> dict[str, Any]:
    """Decide each ready bout off the mat (``winner`` wins by walkover) until the category ends."""
    for _ in range(limit):
        state = arena.ok(arena.get(f"/api/tournaments/categories/{category_id}/bracket", role=None))
        if state["finished"]:
            return state
        ready = [m for m in state["matches"] if m["status"] == "ready" and m["bout_id"] is not None]
        assert ready, f"no bout is ready and the category is not finished: {[m['status'] for m in state['matches']]}"
        m = ready[0]
        arena.ok(decide_off_mat(arena, m["bout_id"], {"winner": winner, "decision": "walkover", "reason": "Đối thủ bỏ cuộc"}))
        settle(arena)
    raise AssertionError("the category did not finish")
