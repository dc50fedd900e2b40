"""Draws anyone can check: commit, draw, verify.

1. **Commit** (the entry list is closed): 32 random bytes are made and kept; their SHA-256 (the
   commitment) and the SHA-256 of the entry list are published on the event page and written to
   the competition's log.
2. **Draw**: a witness may type any text at the draw (a team leader's words, a lottery number);
   the draw's seed is SHA-256(secret || "|" || witness), so neither the operator (who committed
   before hearing the witness) nor the witness (who does not know the secret) chooses the draw.
   The draw is a pure function of (format, options, entry list, seed); it is written to the log
   with the secret revealed.
3. **Verify** (``arena draw verify``, the public draw page): the commitment is the hash of the
   revealed secret, the entry list has the published digest, the draw recomputed from them is the
   one stored, and the log's chain is whole.

Drawing again is only possible with a new commitment, before any contest of the draw started;
both draws stay in the log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from base.audit import audit
from base.db import row_id
from tournaments import draws, log, proof
from tournaments.errors import CategoryState, DrawRefused, DrawStarted, EntriesChanged, NoCommitment
from tournaments.models import Bout, Category, DrawRecord
from tournaments.proof import draw_seed
from tournaments.service import STATUS_VI, TournamentService


def entrant_key(entry_id: int) -> str:
    return f"e{entry_id}"


def entry_id_of(key: str) -> int:
    return int(key[1:])


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    checks: list[dict[str, Any]]  # proof.said: the Vietnamese statement ("what"), holds ("ok"), its code and values
    draw_digest: str
    commitment: str

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": self.checks, "draw_digest": self.draw_digest, "commitment": self.commitment}


class DrawService(TournamentService):
    async def entrants(self, category: Category) -> list[draws.Entrant]:
        """Who is drawn: approved entries not out of the weight band and, once check-in has begun
        (anyone checked in), only those present."""
        rows = await self.entries(row_id(category), ("approved",))
        rows = [r for r in rows if r.weigh_status != "out"]
        if any(r.checked_in for r in rows):
            rows = [r for r in rows if r.checked_in]
        names = {e.id: e.name for e in await self.entry_rows(row_id(category))}
        return sorted(
            (draws.Entrant(key=entrant_key(row_id(r)), team=r.team_name, seed=r.seed, name=names.get(row_id(r), "")) for r in rows),
            key=lambda e: e.key,
        )

    async def records(self, category_id: int) -> list[DrawRecord]:
        q = select(DrawRecord).where(DrawRecord.category_id == category_id).order_by(col(DrawRecord.id))
        return list((await self.session.exec(q)).all())

    async def current(self, category_id: int) -> DrawRecord | None:
        """The draw in force (drawn), else the open commitment, else None."""
        live = [r for r in await self.records(category_id) if r.status != "superseded"]
        drawn = [r for r in live if r.status == "drawn"]
        return drawn[-1] if drawn else (live[-1] if live else None)

    async def bouts(self, draw_id: int) -> list[Bout]:
        q = select(Bout).where(Bout.draw_id == draw_id).order_by(col(Bout.id))
        return list((await self.session.exec(q)).all())

    async def _started(self, record: DrawRecord) -> bool:
        bouts = await self.bouts(row_id(record))
        contest_ids = [b.contest_id for b in bouts if b.contest_id is not None]
        facts = await self.competitions.contest_facts(contest_ids)
        return any(f.status in ("running", "ended") for f in facts.values()) or any(
            b.result and b.status not in ("bye", "cancelled") for b in bouts
        )

    async def commit(self, category_id: int) -> DrawRecord:
        category = await self.category(category_id)
        if category.status == "open":
            raise CategoryState(category.name, STATUS_VI["open"], "công bố mã bốc thăm (hãy chốt danh sách trước)")
        if category.status not in ("closed", "drawn"):
            raise CategoryState(category.name, STATUS_VI[category.status], "công bố mã bốc thăm")
        for old in await self.records(category_id):
            if old.status == "drawn" and await self._started(old):
                raise DrawStarted(category.name)
        entrants = await self.entrants(category)
        if len(entrants) < (1 if category.draw_format == "judged" else 2):
            raise DrawRefused(category.name, detail="chưa đủ vận động viên")
        secret = draws.new_seed()
        now = self.clock()
        for old in await self.records(category_id):
            if old.status == "committed":
                old.status = "superseded"
                self.session.add(old)
        record = DrawRecord(
            category_id=category_id,
            commitment=draws.commitment(secret),
            entries_digest=draws.entries_digest(entrants),
            secret_hex=secret.hex(),
            committed_at=now,
            committed_by=self.actor_name,
        )
        self.session.add(record)
        await self.session.flush()
        await log.append(
            self.session,
            category.competition_id,
            "draw_committed",
            {
                "category": category.code,
                "category_id": category_id,
                "draw": record.id,
                "commitment": record.commitment,
                "entries_digest": record.entries_digest,
                "entrants": [draws.entrant_dict(e) for e in entrants],
            },
            actor=self.actor_name,
            at=now,
        )
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.draw.commit",
            subject=f"category:{category_id}",
            detail={"commitment": record.commitment},
        )
        await self.session.commit()
        return record

    async def draw(self, category_id: int, witness: str = "") -> DrawRecord:
        category = await self.category(category_id)
        record = next((r for r in reversed(await self.records(category_id)) if r.status == "committed"), None)
        if record is None:
            raise NoCommitment(category.name)
        entrants = await self.entrants(category)
        if draws.entries_digest(entrants) != record.entries_digest:
            raise EntriesChanged(category.name)
        previous = [r for r in await self.records(category_id) if r.status == "drawn"]
        for old in previous:
            if await self._started(old):
                raise DrawStarted(category.name)
        witness = witness.strip()[:200]
        options = json.loads(category.draw_options or "{}")
        try:
            made = draws.make_draw(category.draw_format, entrants, draw_seed(bytes.fromhex(record.secret_hex), witness), options)
        except draws.DrawError as exc:
            raise DrawRefused(category.name, detail=exc.message_vi) from None
        now = self.clock()
        for old in previous:
            old.status = "superseded"
            self.session.add(old)
            for bout in await self.bouts(row_id(old)):
                if bout.contest_id is not None:
                    await self.competitions.cancel_contest(bout.contest_id, f"bốc thăm lại hạng {category.name}")
                bout.status = "cancelled"
                self.session.add(bout)
        text = made.to_json()
        record.status, record.witness, record.drawn_at, record.drawn_by = "drawn", witness, now, self.actor_name
        record.draw_json, record.draw_digest = text, made.digest()
        self.session.add(record)
        await self.session.flush()
        state = draws.resolve(made, {})
        for match in made.matches:
            ms = state.matches[match.key]
            self.session.add(
                Bout(
                    category_id=category_id,
                    draw_id=row_id(record),
                    match_key=match.key,
                    stage=match.stage,
                    round=match.round,
                    order=match.order,
                    label=match.label,
                    status="bye" if ms.bye else ("ready" if ms.ready else "waiting"),
                )
            )
        category.status = "drawn"
        self.session.add(category)
        await log.append(
            self.session,
            category.competition_id,
            "draw_made",
            {
                "category": category.code,
                "category_id": category_id,
                "draw": record.id,
                "format": category.draw_format,
                "options": options,
                "commitment": record.commitment,
                "secret": record.secret_hex,
                "witness": witness,
                "entries_digest": record.entries_digest,
                "draw_digest": record.draw_digest,
            },
            actor=self.actor_name,
            at=now,
        )
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.draw.make",
            subject=f"category:{category_id}",
            detail={"digest": record.draw_digest},
        )
        await self.session.commit()
        return record

    async def verify(self, category_id: int) -> Verdict:
        """Recompute the draw in force from what the log published and compare."""
        category = await self.category(category_id)
        record = next((r for r in reversed(await self.records(category_id)) if r.status == "drawn"), None)
        if record is None:
            return Verdict(False, [proof.said("draw.not_drawn", False)], "", "")
        rows = await log.rows(self.session, category.competition_id)
        chain = log.verify(rows)
        committed = next((log.payload(r) for r in rows if r.kind == "draw_committed" and log.payload(r).get("draw") == record.id), None)
        made = next((log.payload(r) for r in rows if r.kind == "draw_made" and log.payload(r).get("draw") == record.id), None)
        checks = [proof.said("draw.chain", bool(chain["ok"]), rows=chain["rows"])]
        if committed is None or made is None:
            checks.append(proof.said("draw.lines", False))
            return Verdict(False, checks, record.draw_digest, record.commitment)
        checks.extend(proof.check_draw(committed, made, record.draw_json))
        checks.append(proof.said("draw.in_force", made["draw_digest"] == record.draw_digest))
        return Verdict(all(c["ok"] for c in checks), checks, record.draw_digest, record.commitment)
