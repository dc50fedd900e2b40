"""What a scoreboard, a tablet and the head referee see of a field of play: one JSON-able view."""

from __future__ import annotations

import json
from typing import Any

from athletes.service import athlete_cards
from base.db import AsyncSession
from scoring.models import Contest, Entry, SportEvent


async def contest_info(session: AsyncSession, contest: Contest) -> dict[str, Any]:
    """Names and labels of a contest, read once when the hub loads it."""
    event = await session.get(SportEvent, contest.event_id)
    entries = {}
    for side, entry_id in (("red", contest.red_entry_id), ("blue", contest.blue_entry_id)):
        if entry_id is not None:
            entry = await session.get(Entry, entry_id)
            if entry is not None:
                entries[side] = entry
    cards = await athlete_cards(session, [e.athlete_id for e in entries.values()])
    sides = {}
    for side, entry in entries.items():
        card = cards.get(entry.athlete_id)
        sides[side] = {
            "name": card.full_name if card else "",
            "team": card.team if card else "",
            "nation": card.nation if card else "",
            "bib": entry.bib,
        }
    return {
        "id": contest.id,
        "label": contest.label,
        "order": contest.order,
        "event": event.name if event else "",
        "sport": event.sport if event else "",
        "ruleset": event.ruleset_id if event else "",
        "params": json.loads(contest.params or "{}"),
        "sides": sides,
        # A contest made from a draw whose athletes come from earlier results: the sides still empty.
        "awaiting": awaiting(contest),
        "cancelled": contest.status == "cancelled",
    }


def awaiting(contest: Contest) -> list[str]:
    """The sides of a draw's contest (its parameters name the match and its sides) still empty."""
    params = json.loads(contest.params or "{}")
    filled = {"red": contest.red_entry_id, "blue": contest.blue_entry_id}
    return [side for side in params.get("draw_sides", ()) if filled.get(side) is None] if "draw_match" in params else []


def board_score(score: Any) -> dict[str, Any] | None:
    """The score as screens need it after every press: without the explanation and the refused
    events, which grow with the contest and are served on demand (``/explanation``)."""
    if score is None:
        return None
    data: dict[str, Any] = score.as_dict()
    data.pop("explanation", None)
    data["ignored"] = len(data.get("ignored", ()))
    return data


def fop_view(
    fop_id: int, fop_name: str, rt: Any | None, devices: dict[str, Any], late: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    view: dict[str, Any] = {"fop": {"id": fop_id, "name": fop_name}}
    if rt is None:
        view.update(contest=None, envelope=None, score=None, input=None)
    else:
        view.update(
            contest=rt.info,
            envelope=rt.envelope.as_dict(),
            score=board_score(rt.score),
            input={**rt.spec, "seats": rt.seats, "panel_id": rt.panel_id},
            head=rt.head,
        )
    view["devices"] = devices
    view["late"] = late or []  # late keypad presses that do not count, with the reason
    return view
