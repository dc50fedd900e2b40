"""A correction after publication: the final's decision reversed after the results were issued
issues them again at once, and the printed code's page says it was superseded, with the reason."""

from __future__ import annotations

from arena_builders import end_by_decision
from results_builders import planned_category
from tournament_builders import settle


def _hold_every_contest(arena, t):
    for _ in range(20):
        nxt = arena.ok(arena.post(f"/api/tournaments/fields/{t.fops[0]}/next", {}, role="referee"))["contest_id"]
        if nxt is None:
            break
        arena.command(nxt, "start_contest")
        end_by_decision(arena, nxt, winner="red", method="referee_decision")
        settle(arena)
    state = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/bracket", role=None))
    assert state["finished"], state
    return state


def test_a_reversed_final_after_publication_supersedes_the_issued_results(arena):
    t = planned_category(arena, n=4, draw_format="single")
    state = _hold_every_contest(arena, t)
    first = arena.get(f"/api/results/categories/{t.category_id}/results.pdf", role="manager")
    printed = first.headers["x-arena-document-code"]
    champion = arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))["lines"][0]["name"]
    assert "Khớp với nhật ký điểm" in arena.get(f"/v/{printed}", role=None).text

    final = next(m for m in state["matches"] if m["key"] == "F")
    arena.command(final["contest_id"], "decide", winner="blue", method="referee_decision", reason="Ban kháng nghị: sai sót khi ghi kết quả")
    settle(arena)

    after = arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))
    assert after["lines"][0]["name"] != champion and after["lines"][1]["name"] == champion
    page = arena.get(f"/v/{printed}", role=None).text
    assert "Quyết định của trọng tài sau khi phát hành" in page  # superseded at once, with the reason
    again = arena.get(f"/api/results/categories/{t.category_id}/results.pdf", role="manager")
    assert again.headers["x-arena-document-code"] != printed
    assert "Khớp với nhật ký điểm" in arena.get(f"/v/{again.headers['x-arena-document-code']}", role=None).text
