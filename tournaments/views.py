"""What pages and the API show of a tournament: names, Vietnamese statuses, local times; no ids a
person must type (ids stay only as the values of links and pickers)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from base.clock import Clock
from base.db import row_id
from tournaments import draws
from tournaments.drawing import DrawService, entry_id_of
from tournaments.models import Bout, Category, DrawRecord
from tournaments.progress import DECISION_VI, result_of
from tournaments.service import FORMAT_VI, STATUS_VI, EntryRow, kg_text

SEX_VI = {"M": "Nam", "F": "Nữ", "": "Chung"}
BOUT_VI = {
    "waiting": "chờ kết quả trận trước",
    "ready": "sẵn sàng",
    "running": "đang thi đấu",
    "done": "đã xong",
    "bye": "miễn đấu",
    "cancelled": "đã hủy",
}
# A decision on a judged performance, said of the athlete (DECISION_VI says it of a bout's winner).
PERFORMANCE_DECISION_VI = {
    "walkover": "bỏ cuộc",
    "no_show": "vắng mặt",
    "withdrawal": "xin rút",
    "disqualification": "bị truất quyền",
    "injury": "chấn thương",
    "referee_decision": "theo quyết định của trọng tài",
    "superiority": "",
}
NOT_HELD_VI = "không thi (đã dừng ở bài trước)"


def local(clock: Clock, at: datetime | None, fmt: str = "%H:%M %d/%m/%Y") -> str:
    return clock.local(at).strftime(fmt) if at is not None else ""


def category_out(c: Category, clock: Clock, entries: int | None = None) -> dict[str, Any]:
    band = ""
    if c.weight_max_g is not None:
        band = f"đến {kg_text(c.weight_max_g)} kg"
    elif c.weight_min_g is not None:
        band = f"trên {kg_text(c.weight_min_g)} kg"
    ages = ""
    if c.min_age is not None or c.max_age is not None:
        ages = f"{c.min_age or ''}-{c.max_age or ''} tuổi".replace("- tuổi", " tuổi trở lên")
    return {
        "id": row_id(c),
        "event_id": c.event_id,
        "competition_id": c.competition_id,
        "code": c.code,
        "name": c.name,
        "sex": c.sex,
        "sex_vi": SEX_VI.get(c.sex, c.sex),
        "age_group": c.age_group,
        "ages": ages,
        "min_age": c.min_age,
        "max_age": c.max_age,
        "band": band,
        "weight_min": kg_text(c.weight_min_g),
        "weight_max": kg_text(c.weight_max_g),
        "tolerance": kg_text(c.tolerance_g) or "0",
        "level": c.level,
        "discipline": c.discipline,
        "draw_format": c.draw_format,
        "draw_format_vi": FORMAT_VI.get(c.draw_format, c.draw_format),
        "contest_minutes": c.contest_minutes,
        "team_limit": c.team_limit,
        "registration_deadline": local(clock, c.registration_deadline),
        "moves_locked_at": local(clock, c.moves_locked_at),
        "status": c.status,
        "status_vi": STATUS_VI.get(c.status, c.status),
        "cancel_reason": c.cancel_reason,
        "entries": entries,
    }


def entry_out(e: EntryRow) -> dict[str, Any]:
    return {
        "id": e.id,
        "athlete_id": e.athlete_id,
        "name": e.name,
        "team": e.team,
        "birth_year": e.birth_date.year if e.birth_date else None,
        "gender_vi": SEX_VI.get(e.gender, ""),
        "status": e.status,
        "status_vi": e.status_vi,
        "reason": e.reason,
        "seed": e.seed,
        "weight": e.weight,
        "weigh_status": e.weigh_status,
        "weigh_vi": e.weigh_vi,
        "checked_in": e.checked_in,
    }


def draw_public(record: DrawRecord | None, clock: Clock) -> dict[str, Any] | None:
    """What anyone may see of a draw: before it, only the commitment; after it, the secret too."""
    if record is None:
        return None
    out: dict[str, Any] = {
        "status": record.status,
        "commitment": record.commitment,
        "entries_digest": record.entries_digest,
        "committed_at": local(clock, record.committed_at),
    }
    if record.status == "drawn":
        out.update(secret=record.secret_hex, witness=record.witness, drawn_at=local(clock, record.drawn_at), draw_digest=record.draw_digest)
    return out


def units(e: EntryRow | None) -> dict[str, str]:
    """The units an entrant counts for in a team ranking, as entered: team, club, district."""
    return {"team": e.team, "club": e.club, "district": e.district} if e else {"team": "", "club": "", "district": ""}


async def bracket(
    service: DrawService, category: Category, relogged: Mapping[str, tuple[Decimal, tuple[Decimal, ...]]] | None = None
) -> dict[str, Any]:
    """The live state of a category's draw: every match with its athletes, result and status, and the places.
    ``relogged`` (match key -> total and tie-break values) replaces what performances' stored results say:
    the results check ranks again on what the contests' logs give (results.issuing)."""
    record = next((r for r in reversed(await service.records(row_id(category))) if r.status == "drawn"), None)
    out: dict[str, Any] = {
        "category": category_out(category, service.clock),
        "draw": draw_public(await service.current(row_id(category)), service.clock),
    }
    if record is None:
        out.update(matches=[], placements=[], stages=[], performances={})
        return out
    made = draws.Draw.from_json(record.draw_json)
    bouts = {b.match_key: b for b in await service.bouts(row_id(record))}
    results = {k: r for k, b in bouts.items() if (r := result_of(b.result)) is not None}
    for k, (total, tiebreak) in (relogged or {}).items():
        if k in results:
            results[k] = dataclasses.replace(results[k], red_points=total, tiebreak=tiebreak)
    state = draws.resolve(made, results)
    people = {f"e{e.id}": e for e in await service.entry_rows(row_id(category))}

    def who(key: str | None) -> dict[str, Any] | None:
        if key is None:
            return None
        e = people.get(key)
        return {"key": key, "name": e.name if e else key, **units(e)}

    matches = []
    for m in made.matches:
        ms = state.matches[m.key]
        bout: Bout | None = bouts.get(m.key)
        res = results.get(m.key)
        not_held = m.blue is None and ms.bye and ms.red is not None  # a part after the athlete stopped
        decision_vi = ""
        if res is not None and res.decision != "points":
            decision_vi = PERFORMANCE_DECISION_VI.get(res.decision, "") if m.blue is None else DECISION_VI.get(res.decision, "")
        matches.append(
            {
                "key": m.key,
                "stage": m.stage,
                "round": m.round,
                "order": m.order,
                "label": m.label,
                "red": who(ms.red),
                "blue": who(ms.blue) if m.blue is not None else None,
                "performance": m.blue is None,
                "winner": "red" if ms.winner and ms.winner == ms.red else ("blue" if ms.winner and ms.winner == ms.blue else None),
                "score": None if res is None else {"red": str(res.red_points), "blue": str(res.blue_points)},
                "tiebreak": [] if res is None else [str(v) for v in res.tiebreak],  # a performance's (panel.tiebreak)
                "decision_vi": NOT_HELD_VI if not_held else decision_vi,
                "decision": "not_held" if not_held else (res.decision if res is not None and decision_vi else ""),
                "status": bout.status if bout else "",
                "status_code": ("not_held" if not_held else bout.status) if bout else "",
                "status_vi": ("không thi" if not_held else BOUT_VI.get(bout.status, "")) if bout else "",
                "bout_id": row_id(bout) if bout else None,
                "contest_id": bout.contest_id if bout else None,
                "planned": local(service.clock, bout.planned_start, "%H:%M") if bout else "",
                "paper": bool(bout and bout.paper),
            }
        )
    stages: list[str] = list(dict.fromkeys(m.stage for m in made.matches))
    placements = []
    for p in state.placements:
        e = people.get(p.entrant)
        placements.append({"place": p.place, "name": e.name if e else p.entrant, **units(e), "entry": entry_id_of(p.entrant)})
    out.update(
        matches=matches,
        placements=placements,
        stages=stages,
        finished=state.finished,
        standings={k: [who(x) for x in v] for k, v in state.standings.items()},
        performances=performances_out(made, state, results, who),
    )
    return out


def performances_out(
    made: draws.Draw, state: draws.State, results: dict[str, draws.Result], who: Callable[[str | None], dict[str, Any] | None]
) -> dict[str, list[dict[str, Any]]]:
    """Judged stages: stage name -> one row per athlete in start order, with each part's points and the total
    (Decimal strings; None for a part not done or not held), for the results list, the page and the PDF."""
    out: dict[str, list[dict[str, Any]]] = {}
    for p in draws.performances(made, state, results):
        person = who(p.entrant) or {}
        out.setdefault(p.stage_name, []).append(
            {
                "key": p.entrant,
                "entry": entry_id_of(p.entrant),
                "name": person.get("name", p.entrant),
                "team": person.get("team", ""),
                "stage": p.stage,
                "slot": p.slot,
                "order": p.order,
                "group": p.group,
                "parts": [None if x is None else str(x) for x in p.parts],
                "total": None if p.total is None else str(p.total),
                "done": p.done,
                "stopped": p.stopped,
                "decision_vi": PERFORMANCE_DECISION_VI.get(p.decision, "") if p.decision else "",
                "decision": p.decision if p.decision in PERFORMANCE_DECISION_VI else "",
                "place": p.place,
                "tiebreak": [str(v) for v in p.tiebreak],
            }
        )
    return out
