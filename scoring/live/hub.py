"""The live hub: appends to contest logs (durably, before any ack) and fans state out per field.

Rules it keeps:
1. An input is acknowledged only after its row is committed; a resend of the same
   ``(source, epoch, seq)`` is acknowledged again with the seq it already has, never appended twice.
2. One asyncio lock per contest serialises appends, so seq and the hash chain stay gapless.
3. Every field-of-play stream has its own delta counter; a client that sees a gap asks for a
   snapshot. ``stream`` changes when the server restarts, which clients treat as a gap too.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select

from base.clock import Clock
from base.db import AsyncSession
from base.rows import get_row
from scoring.errors import ContestNotFound, ScoringError
from scoring.lifecycle import Phase
from scoring.live.chain import ChainRecord, iso, link_hash, payload_json
from scoring.live.envelope import Envelope
from scoring.live.journal import Journal
from scoring.live.meter import FanoutMeter
from scoring.live.runtime import ContestRuntime, SourceKey
from scoring.live.view import contest_info, fop_view
from scoring.models import Contest, ContestEvent, FieldOfPlay, Panel
from scoring.rules import LogEvent, input_spec, load_ruleset

log = logging.getLogger(__name__)
CACHED = 256  # contests kept in memory (live ones are always kept)
Publisher = Callable[[int, str], None]  # (field of play, delta as JSON text)


@dataclass(frozen=True, slots=True)
class ContestOutcome:
    """What an ended contest decided, as the rule engine folded it: told to the hub's listeners
    (the tournaments domain moves winners on) after the end, and again after any later change."""

    contest_id: int
    fop_id: int
    status: str  # "running" | "ended" (listeners hear of a start too)
    winner: str | None  # "red" | "blue" | None (a performance, or a tie the rule set allows)
    method: str | None
    totals: dict[str, str]  # side -> total as a decimal string ("" when the side has none)
    penalties: dict[str, str]
    head: str
    at: Any  # the moment of the event that made this outcome (aware datetime)
    # A judged performance's folded components (side -> component -> decimal string, FIG "E", "D"),
    # what a ranking's tie-break compares, and the rule set that scored it (which says how).
    components: dict[str, dict[str, str]] = field(default_factory=dict)
    ruleset: str = ""
    # side -> component -> seat -> mark: the judges' scores some tie-breaks compare (WT poomsae, FIG aerobic)
    marks: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


OutcomeListener = Callable[[ContestOutcome], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Appended:
    contest_id: int
    seq: int
    duplicate: bool


def outcome_of(rt: ContestRuntime) -> ContestOutcome:
    score = rt.score
    totals: dict[str, str] = {}
    penalties: dict[str, str] = {}
    components: dict[str, dict[str, str]] = {}
    marks: dict[str, dict[str, dict[str, str]]] = {}
    if score is not None:
        for side, value in score.sides.items():
            totals[side] = "" if value.total is None else str(value.total)
            penalties[side] = str(value.penalties)
            folded = value.detail.get("components")
            if isinstance(folded, dict) and folded:
                components[side] = {str(k): str(v) for k, v in folded.items()}
            given = value.detail.get("marks")
            if isinstance(given, dict) and given:
                marks[side] = {str(c): {str(k): str(v) for k, v in seats.items()} for c, seats in given.items() if isinstance(seats, dict)}
    return ContestOutcome(
        contest_id=rt.contest_id,
        fop_id=rt.fop_id,
        status=_status(rt.envelope.phase),
        winner=score.winner if score is not None else None,
        method=score.method if score is not None else None,
        totals=totals,
        penalties=penalties,
        head=rt.head,
        at=rt.events[-1].at if rt.events else None,
        components=components,
        ruleset=rt.ruleset.id,
        marks=marks,
    )


def _status(phase: Phase) -> str:
    if phase is Phase.SCHEDULED:
        return "scheduled"
    return "ended" if phase is Phase.ENDED else "running"


class LiveHub:
    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        publish: Publisher,
        clock: Clock,
        journal: Journal,
        meter: FanoutMeter | None = None,
    ) -> None:
        self.factory = factory
        self.journal = journal
        self.publish = publish
        self.clock = clock
        self.stream = secrets.token_hex(4)
        self.runtimes: OrderedDict[int, ContestRuntime] = OrderedDict()  # least recently used first
        self.locks: dict[int, asyncio.Lock] = {}
        self.fop_seq: dict[int, int] = {}
        self.fop_last: dict[int, dict[str, Any]] = {}
        self.device_states: dict[str, dict[str, Any]] = {}
        self.keypad_seats: dict[str, dict[str, Any]] | None = None  # scoring.keypads keeps it
        self.keypad_bridges: dict[str, str] | None = None  # device -> its bridge (scoring.keypads)
        self.refused_claims: set[tuple[str, str]] = set()  # (device, bridge) claims already audited
        self.timers: dict[int, asyncio.TimerHandle] = {}
        self.fields: dict[int, tuple[str, int | None]] = {}
        self.binding_generation = 0  # bumped when a tablet binding is revoked or replaced
        self.meter = meter or FanoutMeter()
        self.background: set[asyncio.Task[None]] = set()  # fan-outs and clock stops in flight
        self.listeners: list[OutcomeListener] = []  # told of every ended contest's outcome
        # Late keypad presses no contest log could take (its contest had ended, or had not started
        # when it was pressed): audited, and the last ones of each field shown on its console.
        self.late_refused: dict[int, deque[dict[str, Any]]] = {}
        self.late_keys: set[SourceKey] = set()

    # ---- loading -------------------------------------------------------------------------
    def _lock(self, contest_id: int) -> asyncio.Lock:
        """The contest's lock; only for a contest known to exist (``runtime`` looks it up first),
        so an unknown id never leaves a lock behind."""
        lock = self.locks.get(contest_id)
        if lock is None:
            lock = self.locks[contest_id] = asyncio.Lock()
        return lock

    def _lock_idle(self, contest_id: int) -> bool:
        """Whether no one holds or waits for the contest's lock (or it has none)."""
        lock = self.locks.get(contest_id)
        return lock is None or not (lock.locked() or getattr(lock, "_waiters", None))

    async def _exists(self, contest_id: int) -> None:
        """Raise ContestNotFound for an id no stored contest has (also one beyond 64 bits)."""
        async with self.factory() as session:
            if await get_row(session, Contest, contest_id) is None:
                raise ContestNotFound(contest_id)

    async def runtime(self, contest_id: int) -> ContestRuntime:
        rt = self.runtimes.get(contest_id)
        if rt is None:
            if contest_id not in self.locks:
                await self._exists(contest_id)  # before its lock: an unknown id touches no state
            async with self._lock(contest_id):
                rt = self.runtimes.get(contest_id) or await self._load(contest_id)
            self._evict(keep=contest_id)
        else:
            self.runtimes.move_to_end(contest_id)
        return rt

    def _evict(self, keep: int) -> None:
        """Keep at most CACHED contests in memory; a running contest is never dropped (its clock
        timer lives here), a finished one is reloaded from its log when asked. ``append`` takes
        its runtime again under the contest's lock, so an eviction can never split a log."""
        for contest_id in list(self.runtimes):
            if len(self.runtimes) <= CACHED:
                return
            rt = self.runtimes[contest_id]
            idle = rt.envelope.phase in (Phase.SCHEDULED, Phase.ENDED) and self._lock_idle(contest_id)
            if contest_id != keep and idle:
                del self.runtimes[contest_id]
                self.locks.pop(contest_id, None)  # made again when the contest is asked for

    async def _load(self, contest_id: int) -> ContestRuntime:
        async with self.factory() as session:
            contest = await get_row(session, Contest, contest_id)
            if contest is None:
                raise ContestNotFound(contest_id)
            panel = await session.get(Panel, contest.panel_id)
            info = await contest_info(session, contest)
            rows = (
                await session.exec(select(ContestEvent).where(ContestEvent.contest_id == contest_id).order_by(col(ContestEvent.seq)))
            ).all()
        ruleset = load_ruleset(info["ruleset"])
        rt = ContestRuntime(
            contest_id=contest_id,
            fop_id=contest.fop_id,
            panel_id=contest.panel_id,
            seats=panel.seat_list() if panel else [],
            ruleset=ruleset,
            spec=input_spec(ruleset),
            info=info,
        )
        for row in rows:
            event = LogEvent(seq=row.seq, kind=row.kind, data=json.loads(row.payload), at=row.at)
            key: SourceKey | None = None
            if row.source is not None and row.epoch is not None and row.source_seq is not None:
                key = (row.source, row.epoch, row.source_seq)
            rt.record(event, rt.envelope.apply(row.seq, row.kind, event.data, row.at), row.hash, key)
        rt.score = rt.fold.result() if rt.events else None
        self.runtimes[contest_id] = rt
        self._schedule_expiry(rt)
        return rt

    async def resume_open_contests(self) -> int:
        """Load every started, unfinished contest from its log (after a restart)."""
        async with self.factory() as session:
            ids = (await session.exec(select(Contest.id).where(Contest.status == "running"))).all()
        for contest_id in ids:
            assert contest_id is not None, "a stored contest has its primary key"
            await self.runtime(contest_id)
        return len(ids)

    async def find_source_key(self, key: SourceKey) -> tuple[int, int] | None:
        """(contest_id, seq) of an input already in any contest's log, e.g. a keypad resend."""
        source, epoch, source_seq = key
        async with self.factory() as session:
            row = (
                await session.exec(
                    select(ContestEvent.contest_id, ContestEvent.seq).where(
                        ContestEvent.epoch == epoch, ContestEvent.source_seq == source_seq, ContestEvent.source == source
                    )
                )
            ).first()
        return (row[0], row[1]) if row else None

    # ---- appending -----------------------------------------------------------------------
    async def open_contest(self, contest_id: int, actor: str) -> Appended:
        """Start a new contest's log (seq 1) with the facts it is scored by: its rule set, its
        sides (red and blue for a bout, one athlete for a performance) and its parameters."""
        rt = await self.runtime(contest_id)
        drawn = rt.info["params"].get("draw_sides")  # a draw's contest: its sides before its athletes are known
        two = len(drawn) == 2 if drawn else "blue" in rt.info["sides"]
        sides = ["red", "blue"] if two else ["athlete"]
        data = {"ruleset": rt.info["ruleset"], "sides": sides, "params": rt.info["params"]}
        return await self.append(contest_id, "contest_created", data, actor=actor)

    async def append(
        self,
        contest_id: int,
        kind: str,
        data: dict[str, Any],
        *,
        actor: str,
        key: SourceKey | None = None,
        ordered: bool = True,
    ) -> Appended:
        started = self.meter.now()
        await self.runtime(contest_id)
        async with self._lock(contest_id):
            rt = self.runtimes.get(contest_id) or await self._load(contest_id)
            if key is not None:
                taken = rt.duplicate_of(*key, ordered=ordered)
                if taken is not None:
                    return Appended(contest_id, taken, duplicate=True)
            at = self.clock()
            status_before = _status(rt.envelope.phase)
            envelope = rt.check(kind, data, at)
            seq = rt.next_seq
            payload = payload_json(data)
            source, epoch, source_seq = key if key is not None else (None, None, None)
            record = ChainRecord(contest_id, seq, kind, payload, at, actor, source, epoch, source_seq)
            digest = link_hash(rt.head, record)
            row = ContestEvent(
                contest_id=contest_id,
                seq=seq,
                kind=kind,
                payload=payload,
                at=at,
                actor=actor,
                source=source,
                epoch=epoch,
                source_seq=source_seq,
                prev_hash=rt.head,
                hash=digest,
            )
            await self._commit(row, rt, envelope, digest)
            rt.taken(LogEvent(seq=seq, kind=kind, data=json.loads(payload), at=at), envelope, digest, key)
        self._schedule_expiry(rt)
        # Fan out after the caller has sent its ack: the judge hears "stored" before 500 scoreboards
        # are written to. Tasks run in order, so deltas keep the order of the log.
        self._in_background(self.publish_contest(rt, started))
        if self.listeners and (rt.envelope.phase is Phase.ENDED or _status(rt.envelope.phase) != status_before):
            self._in_background(self._tell_outcome(outcome_of(rt)))
        return Appended(contest_id, seq, duplicate=False)

    def on_outcome(self, listener: OutcomeListener) -> None:
        """Call ``listener`` when a contest starts, and after every event appended to an ended
        contest (its end, and any correction or decision after it); listeners must be idempotent."""
        self.listeners.append(listener)

    async def _tell_outcome(self, outcome: ContestOutcome) -> None:
        for listener in self.listeners:
            try:
                await listener(outcome)
            except Exception:  # one listener's fault must not keep the others (or the log) from going on
                log.exception("outcome listener %r failed for contest %s", listener, outcome.contest_id)

    async def refresh_info(self, contest_id: int) -> None:
        """Read a contest's names again (its athletes were filled in after it was loaded) and
        tell its field's screens."""
        rt = self.runtimes.get(contest_id)
        if rt is None:
            return
        async with self.factory() as session:
            contest = await session.get(Contest, contest_id)
            if contest is None:
                return
            rt.info = await contest_info(session, contest)
        await self.publish_contest(rt)

    def _in_background(self, coroutine: Any) -> None:
        """Run ``coroutine`` as a task the hub keeps referenced until it is done."""
        task = asyncio.ensure_future(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def _commit(self, row: ContestEvent, rt: ContestRuntime, envelope: Envelope, digest: str) -> None:
        """Write the event (and the contest's status when it changes) in one durable commit."""
        status = _status(envelope.phase)
        change = None
        if status != _status(rt.envelope.phase) or envelope.phase is Phase.ENDED:
            change = (rt.contest_id, status, digest if envelope.phase is Phase.ENDED else "")
        try:
            await self.journal.write(row.model_dump(exclude={"id"}), change)
        except IntegrityError:
            # Another worker appended first: our cached log is stale. Reload and let the caller
            # resend (the dedupe key then answers duplicate or appends cleanly).
            self.runtimes.pop(rt.contest_id, None)
            raise ScoringError("the contest log moved on; resend") from None

    async def late_not_logged(self, rt: ContestRuntime, key: SourceKey, entry: dict[str, Any]) -> bool:
        """Record a late press that cannot go into ``rt``'s log (audited, shown on the field's
        console); ``False`` for a resend of one already recorded."""
        from base.audit import audit

        if key in self.late_keys:
            return False
        self.late_keys.add(key)
        async with self.factory() as session:
            audit(session, actor=entry.get("actor"), action="device.press_late", subject=f"contest:{rt.contest_id}", detail=entry)
            await session.commit()
        self.late_refused.setdefault(rt.fop_id, deque(maxlen=20)).append(entry)
        await self.publish_fop(rt.fop_id)
        return True

    def late_presses(self, fop_id: int, rt: ContestRuntime | None) -> list[dict[str, Any]]:
        """Late presses of this field that do not count, in the order they were pressed: those the
        current contest's rule set left out (in its log) and those no log could take."""
        shown: list[dict[str, Any]] = list(self.late_refused.get(fop_id, ()))
        ignored = rt.score.ignored if rt is not None and rt.score is not None else ()
        for item in ignored:
            if not item.get("late"):
                continue
            seq = int(item["seq"])
            data = rt.events[seq - 1].data if rt is not None and 0 < seq <= len(rt.events) else {}
            shown.append(
                {
                    "contest_id": rt.contest_id if rt is not None else None,
                    "seq": seq,
                    "seat": data.get("seat"),
                    "side": data.get("side"),
                    "value": data.get("value"),
                    "pressed_at": data.get("pressed_at"),
                    "reason": item["late"],
                    "logged": True,
                }
            )
        return sorted(shown, key=lambda p: str(p.get("pressed_at") or ""))

    # ---- the server-side clock -----------------------------------------------------------
    def _schedule_expiry(self, rt: ContestRuntime) -> None:
        handle = self.timers.pop(rt.contest_id, None)
        if handle is not None:
            handle.cancel()
        clock = rt.envelope.clock
        if not clock.running:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        delay = clock.remaining_at(self.clock()) / 1000
        self.timers[rt.contest_id] = loop.call_later(delay, self._expire, rt.contest_id)

    def _expire(self, contest_id: int) -> None:
        self._in_background(self._expire_now(contest_id))

    async def _expire_now(self, contest_id: int) -> None:
        rt = self.runtimes.get(contest_id)
        if rt is None or not rt.envelope.clock.running:
            return
        if rt.envelope.clock.remaining_at(self.clock()) > 0:
            self._schedule_expiry(rt)
            return
        await self.append(contest_id, "clock_paused", {"expired": True}, actor="clock")

    # ---- fan-out -------------------------------------------------------------------------
    def bindings_changed(self) -> None:
        """A seat binding was revoked or replaced: open judge sockets re-check theirs."""
        self.binding_generation += 1

    async def _field(self, fop_id: int) -> tuple[str, int | None]:
        """(name, current contest) of a field, read once and then kept: the hub is the only writer
        of the current contest (``set_current``), so the hot path does not ask the database."""
        field = self.fields.get(fop_id)
        if field is None:
            async with self.factory() as session:
                fop = await session.get(FieldOfPlay, fop_id)
            if fop is None:
                raise ContestNotFound(f"field {fop_id}")
            field = self.fields[fop_id] = (fop.name, fop.current_contest_id)
        return field

    async def current_contest_id(self, fop_id: int) -> int | None:
        return (await self._field(fop_id))[1]

    async def set_current(self, fop_id: int, contest_id: int | None, name: str) -> None:
        """Record the contest now on a field (after the caller committed it) and tell its screens."""
        self.fields[fop_id] = (name, contest_id)
        await self.publish_fop(fop_id)

    async def view(self, fop_id: int) -> dict[str, Any]:
        fop_name, current = await self._field(fop_id)
        rt = await self.runtime(current) if current is not None else None
        devices = {d: s for d, s in self.device_states.items() if rt and s.get("panel_id") == rt.panel_id}
        return fop_view(fop_id, fop_name, rt, devices, self.late_presses(fop_id, rt))

    async def snapshot(self, fop_id: int) -> str:
        """The field's whole view, numbered with the last delta sent (sent first if it is due)."""
        view = await self.view(fop_id)
        last = self.fop_last.get(fop_id)
        if last is not None and last != view:
            self._publish_delta(fop_id, view)
        self.fop_last[fop_id] = view
        seq = self.fop_seq.setdefault(fop_id, 0)
        return json.dumps(
            {"type": "snapshot", "stream": self.stream, "seq": seq, "server_now": iso(self.clock()), "state": view},
            ensure_ascii=False,
        )

    async def publish_contest(self, rt: ContestRuntime, started: float | None = None) -> None:
        if await self.current_contest_id(rt.fop_id) != rt.contest_id:
            return
        await self.publish_fop(rt.fop_id, started)

    async def publish_fop(self, fop_id: int, started: float | None = None) -> None:
        self._publish_delta(fop_id, await self.view(fop_id), started)

    def _publish_delta(self, fop_id: int, view: dict[str, Any], started: float | None = None) -> None:
        last = self.fop_last.get(fop_id, {})
        changes = {k: v for k, v in view.items() if last.get(k) != v}
        if not changes:
            return
        self.fop_last[fop_id] = view
        seq = self.fop_seq[fop_id] = self.fop_seq.get(fop_id, 0) + 1
        message = {"type": "delta", "stream": self.stream, "seq": seq, "server_now": iso(self.clock()), "changes": changes}
        if started is not None:
            self.meter.published(fop_id, seq, started)
        self.publish(fop_id, json.dumps(message, ensure_ascii=False))

    async def device_state(self, device: str, state: dict[str, Any]) -> None:
        self.device_states[device] = state
        fop_id = state.get("fop_id")
        if fop_id is not None:
            await self.publish_fop(fop_id)
