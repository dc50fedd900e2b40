"""A WT poomsae final of three run through the real hub on SQLite and PostgreSQL: seven judges mark accuracy and
presentation, all three end on 7.5, and the rule set's tie-break orders them (the higher presentation, then the
higher total of every judge's score, the highest and lowest included) while the stage runs, on the places and on the
results. The results check compares those tie-break values with the logs: a stored result whose totals still match
but whose tie-break values were altered, so that the order printed is not the logs' order, is reported."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from arena_builders import Arena
from sqlmodel import select
from tournament_builders import judged_final, send_marks, settle

SEATS = tuple(f"J{i}" for i in range(1, 8))
# name -> (seven accuracy deductions from 4.0, seven presentation scores); highest and lowest cancelled, the rest averaged
ROUTINES = {
    "Nguyễn Văn An": (("0.5",) * 7, ("4.0",) * 7),  # 3.5 + 4.0 = 7.5; every judge's score: 24.5 + 28.0
    "Trần Minh Bảo": (("0.4",) * 7, ("3.9",) * 7),  # 3.6 + 3.9 = 7.5: the lower presentation
    "Lê Quốc Cường": (("0.5",) * 7, ("3.5", "4.0", "4.0", "4.0", "4.0", "4.0", "4.6")),  # 3.5 + 4.0; 24.5 + 28.1
}
ORDER = ["Lê Quốc Cường", "Nguyễn Văn An", "Trần Minh Bảo"]


def setup_final(arena: Arena) -> dict[str, Any]:
    return judged_final(
        arena,
        sport="taekwondo",
        ruleset_id="taekwondo-poomsae-wt",
        seats=SEATS,
        names=ROUTINES,
        sex="M",
        event="Quyền Taekwondo nam",
        category="Quyền cá nhân nam - Trẻ",
        code="PS-M",
    )


def perform(arena: Arena, t: dict[str, Any], seq: int) -> str:
    """The field's next routine: started, marked by the seven judges' tablets, ended; returns who performed."""
    state = arena.ok(arena.get(f"/api/tournaments/categories/{t['category']}/bracket", role=None))
    nxt = arena.ok(arena.post(f"/api/tournaments/fields/{t['fop']}/next", {}, role="referee"))["contest_id"]
    name = next(m for m in state["matches"] if m["contest_id"] == nxt)["red"]["name"]
    accuracy, presentation = ROUTINES[name]
    arena.command(nxt, "start_contest")
    send_marks(arena, t["fop"], t["panel"], [(seat, "accuracy", v) for seat, v in zip(SEATS, accuracy, strict=True)], seq)
    send_marks(arena, t["fop"], t["panel"], [(seat, "presentation", v) for seat, v in zip(SEATS, presentation, strict=True)], seq)
    arena.command(nxt, "end_contest")
    settle(arena)
    return name


def check(arena: Arena, code: str) -> Any:
    async def run() -> Any:
        from base.register import by_code
        from results.issuing import check_document

        async with arena.app.state.db_factory() as session:
            return await check_document(session, arena.app.state.clock, await by_code(session, code))

    return arena.run(run)


def test_a_poomsae_tie_is_ordered_by_its_tie_break_while_running_and_at_the_end_and_the_check_compares_it(arena):
    t = setup_final(arena)
    cat = t["category"]
    done = [perform(arena, t, 1), perform(arena, t, 2)]
    running = arena.ok(arena.get(f"/api/results/categories/{cat}", role=None))
    assert running["status"] == "running"
    # provisional: equal totals in the rule set's tie-break order, the one still to perform last
    assert [ln["name"] for ln in running["lines"]][:2] == [n for n in ORDER if n in done]
    assert {ln["score"] for ln in running["lines"][:2]} and all(Decimal(ln["score"]) == Decimal("7.5") for ln in running["lines"][:2])

    perform(arena, t, 3)
    state = arena.ok(arena.get(f"/api/tournaments/categories/{cat}/bracket", role=None))
    assert state["finished"], state
    assert [(p["place"], p["name"]) for p in state["placements"]] == list(enumerate(ORDER, start=1))
    values = {m["red"]["name"]: m["tiebreak"] for m in state["matches"]}
    assert [Decimal(v) for v in values["Lê Quốc Cường"]] == [Decimal("4.0"), Decimal("52.6")]  # presentation, every judge's score
    lines = arena.ok(arena.get(f"/api/results/categories/{cat}", role=None))["lines"]
    assert [(ln["place"], ln["name"], ln["medal"]) for ln in lines] == [
        (1, ORDER[0], "gold"),
        (2, ORDER[1], "silver"),
        (3, ORDER[2], "bronze"),
    ]

    printed = arena.get(f"/api/results/categories/{cat}/results.pdf", role="manager").headers["x-arena-document-code"]
    verdict = check(arena, printed)
    assert verdict.ok and "Khớp với nhật ký điểm" in verdict.text_vi, verdict.text_vi
    assert "Khớp với nhật ký điểm" in arena.get(f"/v/{printed}", role=None).text

    # Someone alters the stored result of the third: its total still matches its log, its tie-break values now
    # put it first. A paper printed from that order is not what the logs give.
    third = next(m for m in state["matches"] if m["red"]["name"] == ORDER[2])

    async def tamper() -> None:
        from tournaments.models import Bout

        async with arena.app.state.db_factory() as session:
            bout = (await session.exec(select(Bout).where(Bout.contest_id == third["contest_id"]))).one()
            stored = json.loads(bout.result)
            assert Decimal(stored["red_points"]) == Decimal("7.5")
            stored["tiebreak"] = ["4.5", "60.0"]
            bout.result = json.dumps(stored, sort_keys=True)
            session.add(bout)
            await session.commit()

    arena.run(tamper)
    tampered = arena.ok(arena.get(f"/api/results/categories/{cat}", role=None))["lines"]
    assert [ln["name"] for ln in tampered] == [ORDER[2], ORDER[0], ORDER[1]]
    reissued = arena.get(f"/api/results/categories/{cat}/results.pdf", role="manager").headers["x-arena-document-code"]
    assert reissued != printed
    verdict = check(arena, reissued)
    assert not verdict.ok
    assert "chỉ số phụ khi bằng điểm (theo luật của môn) tính lại từ nhật ký khác với kết quả đã ghi" in verdict.text_vi
    assert "thứ hạng xếp lại theo điểm và chỉ số phụ khi bằng điểm tính lại từ nhật ký khác với thứ hạng trên văn bản" in verdict.text_vi
    problems = verdict.text_vi.removeprefix("Không còn khớp với nhật ký điểm: ").split("; ")
    assert not any(p.startswith("điểm tính lại") for p in problems), problems  # the totals still match
    assert "Không còn khớp với nhật ký điểm" in arena.get(f"/v/{reissued}", role=None).text
