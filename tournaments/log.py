"""The competition's own hash-chained log (draw commitments, draws, moves, paper results).

Each row links to the one before it: ``hash = SHA-256(prev_hash || canonical JSON of (competition,
seq, kind, payload, at, actor))``, starting from 64 zeros, as a contest's log does. The rows are
written in the caller's transaction, so a draw and its log row commit together or not at all.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import col, func, select

from base.db import AsyncSession
from scoring.live.chain import GENESIS, canonical_json
from tournaments.models import TournamentLog
from tournaments.proof import link


async def append(session: AsyncSession, competition_id: int, kind: str, data: dict[str, Any], *, actor: str, at: datetime) -> TournamentLog:
    """Add one row after the competition's last (in the caller's transaction)."""
    last = (
        await session.exec(
            select(TournamentLog).where(TournamentLog.competition_id == competition_id).order_by(col(TournamentLog.seq).desc()).limit(1)
        )
    ).first()
    seq = (last.seq if last else 0) + 1
    prev = last.hash if last else GENESIS
    payload = canonical_json(data)
    row = TournamentLog(
        competition_id=competition_id,
        seq=seq,
        kind=kind,
        payload=payload,
        at=at,
        actor=actor,
        prev_hash=prev,
        hash=link(prev, competition_id, seq, kind, payload, at, actor),
    )
    session.add(row)
    await session.flush()
    return row


async def rows(session: AsyncSession, competition_id: int, kind: str | None = None) -> list[TournamentLog]:
    q = select(TournamentLog).where(TournamentLog.competition_id == competition_id)
    if kind is not None:
        q = q.where(TournamentLog.kind == kind)
    return list((await session.exec(q.order_by(col(TournamentLog.seq)))).all())


async def count(session: AsyncSession, competition_id: int) -> int:
    result = await session.exec(select(func.count()).select_from(TournamentLog).where(TournamentLog.competition_id == competition_id))
    return int(result.one())


def verify(log: list[TournamentLog]) -> dict[str, Any]:
    """Recompute the chain: ok, how many rows, and the first broken seq (or None)."""
    prev = GENESIS
    for expected_seq, row in enumerate(log, start=1):
        if row.seq != expected_seq or row.prev_hash != prev:
            return {"ok": False, "rows": len(log), "broken_at": row.seq}
        if link(prev, row.competition_id, row.seq, row.kind, row.payload, row.at, row.actor) != row.hash:
            return {"ok": False, "rows": len(log), "broken_at": row.seq}
        prev = row.hash
    return {"ok": True, "rows": len(log), "broken_at": None, "head": prev}


def published(row: TournamentLog) -> dict[str, Any]:
    """A row as the public log shows it: enough to recompute its hash (``tournaments.proof``)."""
    return {
        "competition": row.competition_id,
        "seq": row.seq,
        "kind": row.kind,
        "payload": payload(row),
        "payload_text": row.payload,
        "at": row.at.isoformat(),
        "actor": row.actor,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def payload(row: TournamentLog) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(row.payload)
    return data
