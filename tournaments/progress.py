"""Brackets move on by themselves: when a contest ends with a decision, its winner (and, where the
format has it, its loser to the repechage) goes into the next contest; walkovers, no-shows,
disqualifications and withdrawals decided off the mat are results too.

The state of a category is always ``draws.resolve(draw, results)`` of every result recorded, so a
correction after the end, a restart in the middle of a session or a result told twice gives the
same bracket. Contests that have not started follow the bracket; one that already started keeps
its athletes and the difference is written to the competition's log for the manager.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import col, select

from athletes.rankings import award_category
from base.audit import audit
from base.db import row_id
from scoring.rules import RuleError, load_ruleset, tiebreak_values
from tournaments import draws, log
from tournaments.drawing import DrawService, entry_id_of
from tournaments.errors import BoutNotFound, BoutNotReady, ResultRefused
from tournaments.models import Bout, Category, CategoryEntry, DrawRecord

# The rule engine's methods that are decisions of their own; anything else is a result on points.
DECISION_METHODS = {
    "walkover": "walkover",
    "no_show": "no_show",
    "withdrawal": "withdrawal",
    "disqualification": "disqualification",
    "dsq": "disqualification",
    "injury": "injury",
    "referee_decision": "referee_decision",
    "superiority": "superiority",
}
DECISION_VI = {
    "points": "thắng điểm",
    "walkover": "thắng do đối thủ bỏ cuộc trước trận",
    "no_show": "thắng do đối thủ vắng mặt",
    "withdrawal": "thắng do đối thủ xin rút",
    "disqualification": "thắng do đối thủ bị truất quyền",
    "injury": "thắng do đối thủ chấn thương",
    "referee_decision": "thắng theo quyết định của trọng tài",
    "superiority": "thắng áp đảo",
}


def _decimal(text: str | None) -> Decimal:
    try:
        return Decimal(text) if text else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _points(text: str) -> Decimal:
    """A score typed from a paper sheet: a finite number from 0 to 999.99, at most two decimals."""
    try:
        value = Decimal((text or "0").strip().replace(",", "."))
    except InvalidOperation:
        raise ResultRefused(detail=f"điểm «{text}» không phải là số") from None
    if not value.is_finite() or not 0 <= value < 1000 or value != value.quantize(Decimal("0.01")):
        raise ResultRefused(detail=f"điểm «{text}» phải từ 0 đến 999,99 và có nhiều nhất hai chữ số thập phân")
    return value


def result_json(result: draws.Result) -> str:
    """A bout's stored result. ``tiebreak`` is written only when there are values, so a result without
    them (every bout, a dive) is stored exactly as before the judged tie-break existed."""
    out: dict[str, Any] = {
        "winner": result.winner,
        "red_points": str(result.red_points),
        "blue_points": str(result.blue_points),
        "decision": result.decision,
        "penalties_red": result.penalties_red,
        "penalties_blue": result.penalties_blue,
    }
    if result.tiebreak:
        out["tiebreak"] = [str(v) for v in result.tiebreak]
    return json.dumps(out, sort_keys=True)


def _tiebreak(raw: Any) -> tuple[Decimal, ...]:
    """Stored tie-break values; none (the tie stays shared) when absent or not all finite numbers."""
    if not isinstance(raw, list):
        return ()
    try:
        values = tuple(Decimal(str(v)) for v in raw)
    except InvalidOperation:
        return ()
    return values if all(v.is_finite() for v in values) else ()


def result_of(text: str) -> draws.Result | None:
    if not text:
        return None
    d: dict[str, Any] = json.loads(text)
    if d.get("pending"):
        return None
    return draws.Result(
        winner=d.get("winner"),
        red_points=_decimal(d.get("red_points")),
        blue_points=_decimal(d.get("blue_points")),
        decision=str(d.get("decision", "points")),
        penalties_red=int(d.get("penalties_red", 0)),
        penalties_blue=int(d.get("penalties_blue", 0)),
        tiebreak=_tiebreak(d.get("tiebreak")),
    )


def performance_tiebreak(
    ruleset_id: str, components: Mapping[str, str], marks: Mapping[str, Mapping[str, str]] | None = None
) -> tuple[Decimal, ...]:
    """A performance's tie-break values, in its rule set's order (``panel.tiebreak``: FIG E, then D;
    WT poomsae presentation, then every judge's score), from the components and the judges' marks the
    hub folded; none for a rule set that shares ties (diving) or one unknown."""
    if not ruleset_id or not components:
        return ()
    try:
        ruleset = load_ruleset(ruleset_id)
    except RuleError:
        return ()
    return tiebreak_values(ruleset, components, marks)


class ProgressService(DrawService):
    async def bout(self, bout_id: int) -> Bout:
        row = await self.session.get(Bout, bout_id) if 0 < bout_id < 2**63 else None
        if row is None:
            raise BoutNotFound(bout_id)
        return row

    async def bout_of_contest(self, contest_id: int) -> Bout | None:
        return (await self.session.exec(select(Bout).where(Bout.contest_id == contest_id))).first()

    async def draw_of(self, bout: Bout) -> tuple[DrawRecord, draws.Draw]:
        record = await self.session.get(DrawRecord, bout.draw_id)
        assert record is not None
        return record, draws.Draw.from_json(record.draw_json)

    async def state(self, record: DrawRecord) -> tuple[draws.Draw, draws.State, list[Bout]]:
        made = draws.Draw.from_json(record.draw_json)
        bouts = await self.bouts(row_id(record))
        results = {b.match_key: r for b in bouts if (r := result_of(b.result)) is not None}
        return made, draws.resolve(made, results), bouts

    # ---- results from the hub ------------------------------------------------------------
    async def contest_outcome(
        self,
        contest_id: int,
        status: str,
        winner: str | None,
        method: str | None,
        totals: dict[str, str],
        penalties: dict[str, str],
        at: Any,
        *,
        components: Mapping[str, Mapping[str, str]] | None = None,
        ruleset: str = "",
        marks: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None,
    ) -> list[int]:
        """Take what the hub folded for a contest of a draw; returns the fields whose next contest may have changed.
        A performance keeps, besides its total, its tie-break values: ``components`` (side -> component -> decimal
        string, and ``marks``, side -> component -> seat -> mark) taken in the order of ``ruleset``'s judged
        tie-break; without them the performance has none."""
        bout = await self.bout_of_contest(contest_id)
        if bout is None or bout.status == "cancelled":
            return []
        if status == "running":
            if bout.started_at is None:
                bout.started_at, bout.status = at, "running"
                self.session.add(bout)
                await self.session.commit()
            return []
        if status != "ended":
            return []
        made = draws.Draw.from_json((await self.draw_of(bout))[0].draw_json)
        match = made.match(bout.match_key)
        if match.blue is None:  # a performance: ranked by its total, then its rule set's tie-break
            side = "athlete" if totals.get("athlete") else "red"
            tiebreak = performance_tiebreak(ruleset, (components or {}).get(side, {}), (marks or {}).get(side))
            result = draws.Result(red_points=_decimal(totals.get(side)), tiebreak=tiebreak)
        else:
            if winner not in ("red", "blue"):
                return []  # a tie the rule set allows waits for a decision event
            result = draws.Result(
                winner=winner,
                red_points=_decimal(totals.get("red")),
                blue_points=_decimal(totals.get("blue")),
                decision=DECISION_METHODS.get(method or "", "points"),
                penalties_red=int(_decimal(penalties.get("red"))),
                penalties_blue=int(_decimal(penalties.get("blue"))),
            )
        text = result_json(result)
        if bout.result == text and bout.status == "done":
            return []
        bout.result, bout.status, bout.ended_at = text, "done", bout.ended_at or at
        self.session.add(bout)
        await self.session.flush()
        fields = await self.advance(bout.category_id)
        await self.session.commit()
        return [f for f in {bout.fop_id, *fields} if f is not None]

    async def decide_off_mat(
        self,
        bout_id: int,
        winner: str,
        decision: str,
        reason: str,
        *,
        paper: bool = False,
        points: tuple[str, str] = ("0", "0"),
        preview: str = "",
    ) -> Bout:
        """A result that no contest on the mat produced: walkover, no-show, withdrawal,
        disqualification before the bout, or a paper score sheet entered afterwards. ``preview``: the digest of
        the preview the manager confirmed (``OrderService.apply_decision``), kept in the log and the audit."""
        bout = await self.bout(bout_id)
        record, made = await self.draw_of(bout)
        _, state, _ = await self.state(record)
        ms = state.matches.get(bout.match_key)
        if ms is None or not ms.ready:
            raise BoutNotReady(bout.label)
        if decision not in DECISION_VI:
            raise ResultRefused(detail=f"không có loại quyết định «{decision}»")
        if not reason.strip():
            raise ResultRefused(detail="cần ghi lý do")
        match = made.match(bout.match_key)
        if match.blue is not None and winner not in ("red", "blue"):
            raise ResultRefused(detail="chọn người thắng: Đỏ hoặc Xanh")
        red_points, blue_points = _points(points[0]), _points(points[1])
        facts = (await self.competitions.contest_facts([bout.contest_id])).get(bout.contest_id) if bout.contest_id is not None else None
        if facts is not None and facts.status != "scheduled" and not paper:
            raise ResultRefused(detail="trận đã bắt đầu trên thảm; hãy ghi quyết định trên bàn điều khiển của trọng tài")
        result = draws.Result(
            winner=winner if match.blue is not None else None, red_points=red_points, blue_points=blue_points, decision=decision
        )
        now = self.clock()
        category = await self.category(bout.category_id)
        entry = {
            "category": category.code,
            "match": bout.match_key,
            "winner": winner,
            "decision": decision,
            "reason": reason.strip(),
            "points": list(points),
        }
        if preview:
            entry["preview"] = preview
        if paper:
            # A paper score sheet counts once a second official confirms it (``confirm_paper``).
            pending = json.loads(result_json(result))
            pending.update(pending=True, entered_by=self.actor_name, reason=reason.strip())
            bout.result = json.dumps(pending, sort_keys=True, ensure_ascii=False)
            self.session.add(bout)
            await log.append(self.session, category.competition_id, "paper_result_entered", entry, actor=self.actor_name, at=now)
            audit(self.session, actor=self.actor, action="tournaments.bout.paper", subject=f"category:{category.id}", detail=entry)
            await self.session.commit()
            return bout
        if facts is not None and bout.contest_id is not None:
            await self.competitions.cancel_contest(bout.contest_id, f"{DECISION_VI[decision]}: {reason.strip()}")
        await self._record(bout, result_json(result), now, paper=False)
        await log.append(self.session, category.competition_id, "decision_off_mat", entry, actor=self.actor_name, at=now)
        audit(self.session, actor=self.actor, action="tournaments.bout.decide", subject=f"category:{category.id}", detail=entry)
        await self.advance(bout.category_id)
        await self.session.commit()
        return bout

    async def confirm_paper(self, bout_id: int) -> Bout:
        """The second official confirms a paper result entered by another; only then does it count."""
        bout = await self.bout(bout_id)
        pending: dict[str, Any] = json.loads(bout.result) if bout.result else {}
        if not pending.get("pending"):
            raise ResultRefused(detail="trận này không có kết quả giấy nào chờ xác nhận")
        if pending.get("entered_by") == self.actor_name:
            raise ResultRefused(detail="người nhập kết quả giấy không tự xác nhận được; cần một trọng tài khác")
        result = result_of(json.dumps({k: v for k, v in pending.items() if k not in ("pending", "entered_by", "reason")}))
        assert result is not None
        now = self.clock()
        category = await self.category(bout.category_id)
        if bout.contest_id is not None:
            facts = (await self.competitions.contest_facts([bout.contest_id])).get(bout.contest_id)
            if facts is not None and facts.status == "scheduled":
                await self.competitions.cancel_contest(bout.contest_id, f"kết quả trên giấy: {pending.get('reason', '')}")
        await self._record(bout, result_json(result), now, paper=True)
        detail = {
            "category": category.code,
            "match": bout.match_key,
            "entered_by": pending.get("entered_by"),
            "confirmed_by": self.actor_name,
        }
        await log.append(self.session, category.competition_id, "paper_result_confirmed", detail, actor=self.actor_name, at=now)
        audit(self.session, actor=self.actor, action="tournaments.bout.paper_confirmed", subject=f"category:{category.id}", detail=detail)
        await self.advance(bout.category_id)
        await self.session.commit()
        return bout

    async def _record(self, bout: Bout, result: str, at: Any, *, paper: bool) -> None:
        bout.result, bout.status, bout.ended_at, bout.paper = result, "done", at, paper
        self.session.add(bout)
        await self.session.flush()

    # ---- the bracket -------------------------------------------------------------------
    async def advance(self, category_id: int) -> list[int]:
        """Bring every bout and contest of the category's draw in line with its results (in the
        caller's transaction); returns the fields whose contests changed."""
        record = next((r for r in reversed(await self.records(category_id)) if r.status == "drawn"), None)
        if record is None:
            return []
        made, state, bouts = await self.state(record)
        entries = {row_id(e): e for e in await self.entries(category_id)}
        facts = await self.competitions.contest_facts([b.contest_id for b in bouts if b.contest_id is not None])
        changed_fields: set[int] = set()
        category = await self.category(category_id)
        for bout in bouts:
            if bout.status == "cancelled":
                continue
            ms = state.matches[bout.match_key]
            status = "done" if ms.done and not ms.bye else "bye" if ms.bye else ("ready" if ms.ready else "waiting")
            if bout.status == "running" and status == "ready":
                status = "running"
            if status != bout.status:
                bout.status = status
                self.session.add(bout)
            if bout.contest_id is None:
                continue
            fact = facts.get(bout.contest_id)
            if fact is None or fact.status == "cancelled":
                continue
            performance = made.match(bout.match_key).blue is None
            red = _scoring_entry(entries, ms.red)
            blue = None if performance else _scoring_entry(entries, ms.blue)
            if ms.bye and fact.status == "scheduled":
                # also when its athlete stays the same: a dive after a withdrawal is not held
                stopped = performance and ms.red is not None
                why = "không thi: vận động viên đã dừng thi ở bài trước" if stopped else "không thi đấu: được miễn đấu (bye)"
                await self.competitions.cancel_contest(bout.contest_id, why)
                changed_fields.add(fact.fop_id)
                continue
            if (red, blue) == (fact.red_entry_id, fact.blue_entry_id):
                continue
            if fact.status != "scheduled":
                await log.append(
                    self.session,
                    category.competition_id,
                    "progression_conflict",
                    {"category": category.code, "match": bout.match_key, "contest": bout.contest_id, "bracket": [ms.red, ms.blue]},
                    actor="system",
                    at=self.clock(),
                )
                continue
            await self.competitions.place_contest(
                bout.contest_id, fop_id=fact.fop_id, order=fact.order, red_entry_id=red, blue_entry_id=blue
            )
            changed_fields.add(fact.fop_id)
        if state.finished and category.status == "drawn":
            category.status = "finished"
            self.session.add(category)
            await log.append(
                self.session,
                category.competition_id,
                "category_finished",
                {"category": category.code, "placements": [[p.place, p.entrant] for p in state.placements]},
                actor="system",
                at=self.clock(),
            )
            await self._award(category, state)
        await self.session.flush()
        return sorted(changed_fields)

    async def _award(self, category: Category, state: draws.State) -> None:
        """Ranking points for the places, in the same transaction as the end of the category."""
        event = await self._event(category.event_id)
        entries = {f"e{row_id(e)}": e for e in await self.entries(row_id(category))}
        placements = [(p.place, entries[p.entrant].athlete_id) for p in state.placements if p.entrant in entries]
        await award_category(
            self.session,
            sport=event["sport"] or category.template.split("-")[0],
            level=event["level"],
            competition_name=event["competition"],
            competition_date=event["starts_on"] or self.clock.today(),
            category_code=category.code,
            category_name=category.name,
            placements=placements,
            commit=False,
        )

    async def placements(self, category_id: int) -> list[tuple[int, CategoryEntry]]:
        record = next((r for r in reversed(await self.records(category_id)) if r.status == "drawn"), None)
        if record is None:
            return []
        _, state, _ = await self.state(record)
        entries = {row_id(e): e for e in await self.entries(category_id)}
        return [(p.place, entries[entry_id_of(p.entrant)]) for p in state.placements if entry_id_of(p.entrant) in entries]

    async def drawn_categories(self, competition_id: int) -> list[Category]:
        q = select(Category).where(Category.competition_id == competition_id, col(Category.status).in_(("drawn", "finished")))
        return list((await self.session.exec(q.order_by(col(Category.position), col(Category.id)))).all())


def _scoring_entry(entries: dict[int, CategoryEntry], key: str | None) -> int | None:
    if key is None:
        return None
    entry = entries.get(entry_id_of(key))
    return entry.entry_id if entry is not None else None
