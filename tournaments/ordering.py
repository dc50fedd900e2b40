"""The order of competition: sessions per field, the plan that spreads the drawn bouts over the
fields with the athletes' rest kept, moves with a preview, the estimated times and the on-deck list,
and the field's next contest after each one ends.

The plan is made by ``tournaments.schedule`` (pure); here it becomes contests in scoring (a
contest for every bout that will be held, created when it is first planned, with its athletes
filled in as the bracket moves on) and stays in the bouts' field, position and planned start.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from base.audit import audit
from base.db import row_id
from scoring.schemas import ContestCreate
from tournaments import draws, log, schedule
from tournaments.errors import BoutNotFound, BoutNotReady, CategoryInvalid, PreviewMissing, PreviewStale, ResultRefused, ScheduleRefused
from tournaments.labels import WAITING_VI, match_parts, sayer
from tournaments.models import Bout, Category, PlaySession
from tournaments.programs import ProgramService
from tournaments.progress import DECISION_VI, _points, _scoring_entry, result_of

ACTIVE = ("waiting", "ready", "running", "done")


@dataclass(frozen=True, slots=True)
class Planned:
    placed: int
    created: int
    unplaced: list[tuple[str, str]]  # (bout label, Vietnamese reason)
    said: list[dict[str, Any]] = field(default_factory=list)  # each unplaced bout and its reason by code, named (``named``)


@dataclass(frozen=True, slots=True)
class DeckRow:
    bout_id: int
    contest_id: int | None
    category: str
    label: str
    red: str
    blue: str
    status: str
    planned: datetime | None
    estimated: datetime | None
    position: int | None


@dataclass(frozen=True, slots=True)
class Named:
    """Names for what the plan calls by key: a contest (``category/match``) -> its category and label, a field's id
    -> its name, a draw's athlete (``e<entry>``) -> the name."""

    bouts: Mapping[str, tuple[str, str]]
    fields: Mapping[str, str]
    athletes: Mapping[str, str]

    def bout(self, key: str) -> dict[str, Any]:
        category, label = self.bouts.get(key, ("", key))
        return {"category": category, "label": label, "label_parts": match_parts(label)}

    def said(self, line: str) -> dict[str, Any]:
        """A line of the plan as a page says it: {"code", "params" (named), "what" (the Vietnamese as written)}."""
        if not isinstance(line, schedule.Said):
            return {"code": "", "params": {}, "what": line}
        params: dict[str, Any] = {}
        for k, v in line.params.items():
            if k in _BOUT_PARAMS:
                params[k] = self.bout(v)
            elif k == "bouts":
                params[k] = [{"bout": self.bout(b), "at": at} for b, at in v]
            elif k in _FIELD_PARAMS:
                params[k] = self.fields.get(str(v), str(v))
            elif k == "fields":
                params[k] = [self.fields.get(str(f), str(f)) for f in v]
            elif k == "athlete":
                params[k] = self.athletes.get(str(v), str(v))
            else:
                params[k] = v
        return {"code": line.code, "params": params, "what": str(line)}


_BOUT_PARAMS = ("bout", "source", "prev", "other")
_FIELD_PARAMS = ("field", "from_field")


def _key(category: Category, bout: Bout) -> str:
    return f"{category.code}/{bout.match_key}"


def _english(lines: list[str], named: Named | None = None) -> str:
    """Lines of the plan in English for a refusal (``ScheduleRefused.detail_en``): each said by its code, its
    contests, fields and athletes by name where ``named`` knows them; a line without a code as written."""
    say = sayer(lambda msgid: msgid, "en")
    out = []
    for line in lines:
        if isinstance(line, schedule.Said):
            out.append(say(named.said(line) if named else {"code": line.code, "params": line.params}))
        else:
            out.append(str(line))
    return "; ".join(out)


def _move_digest(current: schedule.Plan, started: frozenset[str], key: str, fop: str, position: int) -> str:
    """SHA-256 of the plan a move was previewed on (every bout's field, place and start, which have begun) and
    of the move itself: the same move on the same plan gives the same digest."""
    basis = {
        "plan": sorted([s.key, s.field, s.position, s.start.isoformat()] for s in current.slots),
        "started": sorted(started),
        "move": [key, fop, position],
    }
    return hashlib.sha256(draws.canonical_json(basis).encode()).hexdigest()


class OrderService(ProgramService):
    # ---- sessions ------------------------------------------------------------------------
    async def sessions(self, competition_id: int) -> list[PlaySession]:
        q = (
            select(PlaySession)
            .where(PlaySession.competition_id == competition_id)
            .order_by(col(PlaySession.starts_at), col(PlaySession.fop_id))
        )
        return list((await self.session.exec(q)).all())

    async def add_session(self, competition_id: int, fop_id: int, name: str, starts_at: datetime, ends_at: datetime) -> PlaySession:
        fops = {row_id(f): f for f in await self.competitions.fops(competition_id)}
        if fop_id not in fops:
            raise CategoryInvalid("sân/thảm", "không thuộc giải này")
        if not name.strip():
            raise CategoryInvalid("tên buổi", "chưa nhập")
        if ends_at <= starts_at:
            raise CategoryInvalid("giờ kết thúc", "phải sau giờ bắt đầu")
        for other in await self.sessions(competition_id):
            if other.fop_id == fop_id and other.starts_at < ends_at and starts_at < other.ends_at:
                raise CategoryInvalid("giờ bắt đầu", f"trùng với buổi «{other.name}» trên {fops[fop_id].name}")
        row = PlaySession(competition_id=competition_id, fop_id=fop_id, name=name.strip()[:100], starts_at=starts_at, ends_at=ends_at)
        self.session.add(row)
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.session.add",
            subject=f"competition:{competition_id}",
            detail={"fop": fop_id, "name": name},
        )
        await self.session.commit()
        return row

    # ---- planning ------------------------------------------------------------------------
    async def _material(self, competition_id: int) -> tuple[list[tuple[Category, Bout]], list[schedule.Item], dict[str, draws.Draw]]:
        pairs: list[tuple[Category, Bout]] = []
        items: list[schedule.Item] = []
        made_by_cat: dict[str, draws.Draw] = {}
        for category in await self.drawn_categories(competition_id):
            record = next((r for r in reversed(await self.records(row_id(category))) if r.status == "drawn"), None)
            if record is None:
                continue
            made, state, bouts = await self.state(record)
            made_by_cat[category.code] = made
            by_key = {b.match_key: b for b in bouts}
            for bout in bouts:
                if bout.status in ("bye", "cancelled"):
                    continue
                match = made.match(bout.match_key)
                ms = state.matches[bout.match_key]
                after = tuple(_key(category, by_key[k]) for k in _sources(made, match) if k in by_key and by_key[k].status != "bye")
                items.append(
                    schedule.Item(
                        key=_key(category, bout),
                        duration_s=category.contest_minutes * 60,
                        athletes=frozenset(a for a in (ms.red, ms.blue) if a),
                        after=after,
                        group=category.code,
                        round=match.round
                        + (100 if match.stage not in ("main", "final") and not match.stage.startswith(("pool", "S:")) else 0),
                        weight_rank=category.weight_max_g or 10**7,
                        order=match.order if match.blue is None else 0,  # a judged stage: start order, part by part
                    )
                )
                pairs.append((category, bout))
        return pairs, items, made_by_cat

    async def _rules(self, competition_id: int) -> schedule.Rules:
        cats = await self.drawn_categories(competition_id)
        keys = {c.sport_rules for c in cats if c.sport_rules}
        if len(keys) == 1:
            return schedule.RULES_BY_SPORT.get(keys.pop(), schedule.Rules())
        # Several sports share the day: the strictest rest of theirs.
        rules = [schedule.RULES_BY_SPORT[k] for k in keys if k in schedule.RULES_BY_SPORT]
        return max(rules, key=lambda r: r.min_rest_s) if rules else schedule.Rules()

    async def _slots(self, competition_id: int) -> list[schedule.Session]:
        fops = {row_id(f): f for f in await self.competitions.fops(competition_id)}
        return [
            schedule.Session(
                key=str(row_id(s)), field=str(s.fop_id), name=f"{s.name} - {fops[s.fop_id].name}", start=s.starts_at, end=s.ends_at
            )
            for s in await self.sessions(competition_id)
            if s.fop_id in fops
        ]

    async def plan(self, competition_id: int) -> Planned:
        """Plan (or plan again) every bout not yet started; started and finished bouts keep their place."""
        pairs, items, _ = await self._material(competition_id)
        sessions = await self._slots(competition_id)
        if not sessions:
            raise ScheduleRefused(
                detail="chưa có buổi thi đấu nào; hãy thêm buổi cho từng sân/thảm",
                detail_en="there is no session yet; add the sessions of each field",
            )
        if not items:
            raise ScheduleRefused(detail="chưa có hạng nào đã bốc thăm", detail_en="no category has been drawn yet")
        facts = await self.competitions.contest_facts([b.contest_id for _, b in pairs if b.contest_id is not None])
        keep = {
            _key(c, b): (str(b.fop_id), b.position)
            for c, b in pairs
            if b.fop_id is not None
            and b.position is not None
            and (b.status in ("running", "done") or (b.contest_id in facts and facts[b.contest_id].status != "scheduled"))
        }
        result = self._plan_by_fields(pairs, items, sessions, await self._rules(competition_id), keep)
        created = await self._apply(competition_id, pairs, result)
        by_key = {_key(c, b): b for c, b in pairs}
        await log.append(
            self.session,
            competition_id,
            "order_planned",
            {"placed": len(result.slots), "unplaced": [k for k, _ in result.unplaced]},
            actor=self.actor_name,
            at=self.clock(),
        )
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.order.plan",
            subject=f"competition:{competition_id}",
            detail={"placed": len(result.slots)},
        )
        await self.session.commit()
        named = await self.namer(competition_id)
        return Planned(
            placed=len(result.slots),
            created=created,
            unplaced=[(by_key[k].label if k in by_key else k, why) for k, why in result.unplaced],
            said=[{"bout": named.bout(k), "reason": named.said(why)} for k, why in result.unplaced],
        )

    async def namer(self, competition_id: int) -> Named:
        """What names the contests, fields and athletes of the competition's plan for a person (``Named``)."""
        pairs, _, _ = await self._material(competition_id)
        fields = {str(row_id(f)): f.name for f in await self.competitions.fops(competition_id)}
        athletes: dict[str, str] = {}
        for cid in {row_id(c) for c, _ in pairs}:
            athletes.update({f"e{e.id}": e.name for e in await self.entry_rows(cid)})
        return Named({_key(c, b): (c.name, b.label) for c, b in pairs}, fields, athletes)

    def _plan_by_fields(
        self,
        pairs: list[tuple[Category, Bout]],
        items: list[schedule.Item],
        sessions: list[schedule.Session],
        rules: schedule.Rules,
        keep: Mapping[str, tuple[str, int | None]],
    ) -> schedule.Plan:
        """Plan each group of categories held on the same fields on those fields' sessions."""
        groups: dict[str, list[schedule.Item]] = {}
        for (category, _), item in zip(pairs, items, strict=True):
            groups.setdefault(category.fields, []).append(item)
        slots: list[schedule.Slot] = []
        unplaced: list[tuple[str, str]] = []
        for fields, group in sorted(groups.items()):
            allowed = set(fields.split(",")) if fields else {s.field for s in sessions}
            mine = [s for s in sessions if s.field in allowed]
            keys = {i.key for i in group}
            kept = {k: (f, p) for k, (f, p) in keep.items() if k in keys and p is not None}
            if not mine:
                unplaced.extend((i.key, schedule.Said("schedule.categories_fields_no_session")) for i in group)
                continue
            try:
                part = schedule.plan(group, mine, rules, keep=kept)
            except schedule.ScheduleError as exc:
                raise ScheduleRefused(detail=exc.message, detail_en=_english([exc.message])) from None
            slots.extend(part.slots)
            unplaced.extend(part.unplaced)
        return schedule.Plan(slots=tuple(slots), unplaced=tuple(unplaced), sessions=tuple(sessions))

    async def _apply(self, competition_id: int, pairs: list[tuple[Category, Bout]], result: schedule.Plan) -> int:
        """Write a plan into bouts and scoring contests; returns how many contests were made."""
        slots = result.by_key()
        entries_by_cat = {row_id(c): {row_id(e): e for e in await self.entries(row_id(c))} for c, _ in pairs}
        created = 0
        states: dict[int, Any] = {}
        for category, bout in pairs:
            slot = slots.get(_key(category, bout))
            if slot is None:
                continue
            if bout.draw_id not in states:
                record = next(r for r in await self.records(row_id(category)) if r.id == bout.draw_id)
                made, state, _ = await self.state(record)
                states[bout.draw_id] = (made, state)
            made, state = states[bout.draw_id]
            ms = state.matches[bout.match_key]
            match = made.match(bout.match_key)
            entries = entries_by_cat[row_id(category)]
            red = _scoring_entry(entries, ms.red)
            blue = _scoring_entry(entries, ms.blue) if match.blue is not None else None
            fop_id = int(slot.field)
            label = f"{category.name} - {bout.label}"
            if bout.contest_id is None:
                panels = await self.competitions.panels(fop_id)
                if not panels:
                    name = (await self.competitions.fop(fop_id)).name
                    raise ScheduleRefused(
                        detail=f"sân/thảm «{name}» chưa có tổ trọng tài", detail_en=f"the field «{name}» has no panel of judges"
                    )
                sides = ["red", "blue"] if match.blue is not None else ["red"]
                contest = await self.competitions.create_contest(
                    ContestCreate(
                        event_id=category.event_id,
                        fop_id=fop_id,
                        panel_id=row_id(panels[0]),
                        label=label,
                        order=slot.position,
                        red_entry_id=red,
                        blue_entry_id=blue,
                        params={"draw_match": bout.match_key, "draw_sides": sides, "category": category.code},
                    ),
                    commit=False,
                )
                bout.contest_id = contest.id
                created += 1
            else:
                await self.competitions.place_contest(
                    bout.contest_id, fop_id=fop_id, order=slot.position, red_entry_id=red, blue_entry_id=blue, label=label
                )
            bout.fop_id, bout.position, bout.planned_start = fop_id, slot.position, slot.start
            self.session.add(bout)
        await self.session.flush()
        return created

    async def new_contests(self, competition_id: int) -> list[int]:
        """Contests of the competition's bouts for the caller to open on the hub (those already opened are shown
        again). A judged performance is not among them: it is opened when its field calls it (``call_up``), with its
        athlete's part of the program as it is then."""
        pairs, _, made = await self._material(competition_id)
        return [b.contest_id for c, b in pairs if b.contest_id is not None and made[c.code].match(b.match_key).blue is not None]

    # ---- moves -----------------------------------------------------------------------------
    async def move_bout(self, bout_id: int, fop_id: int, position: int, reason: str, *, apply: bool, preview: str = "") -> dict[str, Any]:
        """What moving a bout would change (contests, times, fields) with the ``digest`` of the plan it was
        computed on; applied only with ``apply``, a reason and that digest back (``preview``), so what is
        applied is what the manager saw: without it nothing changes (``PreviewMissing``), and a plan that
        changed since (another move, a result, a new plan) is refused (``PreviewStale``). Refused when it
        breaks a rule."""
        bout = await self.bout(bout_id)
        category = await self.category(bout.category_id)
        pairs, items, _ = await self._material(category.competition_id)
        sessions = await self._slots(category.competition_id)
        current = _as_plan(pairs, tuple(sessions))
        if _key(category, bout) not in current.by_key():
            raise ScheduleRefused(detail="trận này chưa được xếp lịch", detail_en="this bout is not in the order of competition yet")
        started = frozenset(_key(c, b) for c, b in pairs if b.status in ("running", "done"))
        try:
            moved, conflicts, changes = schedule.move(
                current, items, await self._rules(category.competition_id), _key(category, bout), str(fop_id), position, started=started
            )
        except schedule.ScheduleError as exc:
            raise ScheduleRefused(detail=exc.message, detail_en=_english([exc.message])) from None
        named = await self.namer(category.competition_id)
        report: dict[str, Any] = {
            "changes": changes,
            "conflicts": [c.message for c in conflicts],
            "changes_said": [named.said(c) for c in changes],  # the same lines by code with names, for the page
            "conflicts_said": [named.said(c.message) for c in conflicts],
            "applied": False,
            "digest": _move_digest(current, started, _key(category, bout), str(fop_id), position),
        }
        if not apply:
            return report
        if not preview.strip():
            raise PreviewMissing(bout.label)
        if preview != report["digest"]:
            raise PreviewStale(bout.label)
        if conflicts:
            raise ScheduleRefused(detail="; ".join(c.message for c in conflicts), detail_en=_english([c.message for c in conflicts], named))
        if not reason.strip():
            raise CategoryInvalid("lý do", "cần ghi lý do đổi thứ tự")
        await self._apply(category.competition_id, pairs, moved)
        await log.append(
            self.session,
            category.competition_id,
            "order_moved",
            {
                "match": _key(category, bout),
                "field": fop_id,
                "position": position,
                "reason": reason.strip(),
                "changes": changes,
                "preview": preview,
            },
            actor=self.actor_name,
            at=self.clock(),
        )
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.order.move",
            subject=f"competition:{category.competition_id}",
            detail={"bout": bout_id, "reason": reason, "preview": preview},
        )
        await self.session.commit()
        report["applied"] = True
        return report

    # ---- the day as it goes ----------------------------------------------------------------
    async def field_bouts(self, fop_id: int) -> list[tuple[Category, Bout]]:
        q = (
            select(Bout, Category)
            .join(Category, col(Category.id) == Bout.category_id)
            .where(Bout.fop_id == fop_id, col(Bout.status).in_(ACTIVE))
        )
        rows = (await self.session.exec(q.order_by(col(Bout.position)))).all()
        return [(c, b) for b, c in rows]

    async def estimates(self, competition_id: int, *, without: frozenset[int] = frozenset()) -> dict[int, datetime]:
        """Bout id -> estimated start, from the plan and what really started and ended; ``without``: bouts left out
        (a preview of bouts that would not be held)."""
        pairs, items, _ = await self._material(competition_id)
        planned = [
            (c, b)
            for c, b in pairs
            if b.fop_id is not None and b.position is not None and b.planned_start is not None and row_id(b) not in without
        ]
        if not planned:
            return {}
        pairs_items = {i.key: i for i in items}
        plan = schedule.relink(
            _as_plan(planned), [pairs_items[_key(c, b)] for c, b in planned if _key(c, b) in pairs_items], await self._rules(competition_id)
        )
        durations = {_key(c, b): c.contest_minutes * 60 for c, b in planned}
        actual = {_key(c, b): (b.started_at, b.ended_at) for c, b in planned if b.started_at is not None}
        est = schedule.estimate(plan, durations, actual, self.clock())
        return {row_id(b): est[_key(c, b)] for c, b in planned if _key(c, b) in est}

    # ---- changes after the draw: shown first, applied only as shown ---------------------------------
    async def _decision(
        self, bout_id: int, winner: str, decision: str, points: tuple[str, str] = ("0", "0")
    ) -> tuple[Bout, Category, draws.Draw, draws.State, draws.State, list[Bout], str]:
        """The bout, its category and draw, the bracket before and after the decision, its bouts and the digest of
        what the preview was computed from (the draw, every bout's status, result and place, the decision and its
        points, which rank a pool)."""
        bout = await self.bout(bout_id)
        record, made = await self.draw_of(bout)
        _, before, bouts = await self.state(record)
        ms = before.matches.get(bout.match_key)
        if ms is None or not ms.ready or bout.status == "cancelled":
            raise BoutNotReady(bout.label)
        if decision not in DECISION_VI:
            raise ResultRefused(detail=f"không có loại quyết định «{decision}»")
        match = made.match(bout.match_key)
        if match.blue is not None and winner not in ("red", "blue"):
            raise ResultRefused(detail="chọn người thắng: Đỏ hoặc Xanh")
        fact = (await self.competitions.contest_facts([bout.contest_id])).get(bout.contest_id) if bout.contest_id is not None else None
        if fact is not None and fact.status != "scheduled":
            raise ResultRefused(detail="trận đã bắt đầu trên thảm; hãy ghi quyết định trên bàn điều khiển của trọng tài")
        results = {b.match_key: r for b in bouts if (r := result_of(b.result)) is not None}
        red_points, blue_points = _points(points[0]), _points(points[1])
        results[bout.match_key] = draws.Result(
            winner=winner if match.blue is not None else None, red_points=red_points, blue_points=blue_points, decision=decision
        )
        after = draws.resolve(made, results)
        basis = {
            "draw": record.draw_digest,
            "bout": bout.match_key,
            "winner": winner if match.blue is not None else "",
            "decision": decision,
            "points": [str(red_points), str(blue_points)],
            "bouts": [[b.match_key, b.status, b.result, b.contest_id, b.fop_id, b.position] for b in bouts],
        }
        digest = hashlib.sha256(draws.canonical_json(basis).encode()).hexdigest()
        return bout, await self.category(bout.category_id), made, before, after, bouts, digest

    async def preview_decision(self, bout_id: int, winner: str, decision: str, points: tuple[str, str] = ("0", "0")) -> dict[str, Any]:
        """What a decision off the mat (walkover, no-show, withdrawal, disqualification ...) would change, in
        Vietnamese with names, computed without writing: the contests not held, the opponents that change in later
        bouts and the estimated times that move; ``digest`` is what ``apply_decision`` must be given back."""
        from tournaments.views import PERFORMANCE_DECISION_VI

        bout, category, made, before, after, bouts, digest = await self._decision(bout_id, winner, decision, points)
        names = {f"e{e.id}": e.name for e in await self.entry_rows(row_id(category))}
        fields = {row_id(f): f.name for f in await self.competitions.fops(category.competition_id)}

        def name(key: str | None) -> str:
            return names.get(key or "", "chờ kết quả")

        def where(b: Bout) -> str:
            at = self.clock.local(b.planned_start).strftime("%H:%M") if b.planned_start is not None else ""
            return ", ".join(x for x in (fields.get(b.fop_id or 0, ""), at) if x)

        ms = before.matches[bout.match_key]
        performance = made.match(bout.match_key).blue is None
        if performance:
            what = f"{bout.label}: {name(ms.red)} không thi ({PERFORMANCE_DECISION_VI.get(decision) or DECISION_VI[decision]})"
        else:
            won, lost = (ms.red, ms.blue) if winner == "red" else (ms.blue, ms.red)
            what = f"{bout.label}: {name(won)} {DECISION_VI[decision]} ({name(lost)})"
        by_key = {b.match_key: b for b in bouts}
        cancelled = [f"{bout.label} ({where(bout)}): không thi đấu trên thảm"] if bout.contest_id is not None else []
        opponents: list[str] = []
        gone: set[int] = set()
        for key, old in before.matches.items():
            new, b = after.matches[key], by_key.get(key)
            if key == bout.match_key or b is None or b.status == "cancelled":
                continue
            if new.bye and not old.bye:
                gone.add(row_id(b))
                held = f"{name(new.red)} không thi" if made.match(key).blue is None and new.red else "không thi đấu (miễn đấu)"
                cancelled.append(f"{b.label}{f' ({where(b)})' if where(b) else ''}: {held}")
                continue
            sides = (
                (("", old.red, new.red),) if made.match(key).blue is None else (("Đỏ ", old.red, new.red), ("Xanh ", old.blue, new.blue))
            )
            opponents += [f"{b.label}: {side}{name(x)} → {name(y)}" for side, x, y in sides if x != y]
        times: list[str] = []
        now_est = await self.estimates(category.competition_id)
        then_est = await self.estimates(category.competition_id, without=frozenset(gone))
        labels = {row_id(b): (c, b) for c, b in await self._bouts_of(category.competition_id)}
        for bid, t0 in sorted(now_est.items(), key=lambda kv: kv[1]):
            t1 = then_est.get(bid)
            if t1 is None or bid not in labels or abs((t1 - t0).total_seconds()) < 60:
                continue
            c, b = labels[bid]
            local = self.clock.local
            times.append(f"{c.name} — {b.label}: dự kiến {local(t0).strftime('%H:%M')} → {local(t1).strftime('%H:%M')}")
        return {"decision": what, "cancelled": cancelled, "opponents": opponents, "times": times, "digest": digest}

    async def _bouts_of(self, competition_id: int) -> list[tuple[Category, Bout]]:
        pairs, _, _ = await self._material(competition_id)
        return pairs

    async def apply_decision(
        self, bout_id: int, winner: str, decision: str, reason: str, preview: str, points: tuple[str, str] = ("0", "0")
    ) -> Bout:
        """Apply a decision off the mat exactly as previewed, the only way one is applied after the draw: refused
        without the preview's digest (nothing changed), and when the draw changed since (another result, a move, a
        contest started), so what is applied is what the manager saw; logged and audited with the reason and the
        preview's digest (``decide_off_mat``)."""
        if not preview.strip():
            raise PreviewMissing((await self.bout(bout_id)).label)
        bout, *_, digest = await self._decision(bout_id, winner, decision, points)
        if preview != digest:
            raise PreviewStale(bout.label)
        return await self.decide_off_mat(bout_id, winner, decision, reason, points=points, preview=digest)

    async def deck(self, fop_id: int) -> list[DeckRow]:
        """The field's bouts still to finish, in order: now, next, get ready, then the rest."""
        rows = [(c, b) for c, b in await self.field_bouts(fop_id) if b.status != "done"]
        if not rows:
            return []
        est = await self.estimates(rows[0][0].competition_id)
        names = await self._names({c.id for c, _ in rows if c.id is not None})
        facts = await self.competitions.contest_facts([b.contest_id for _, b in rows if b.contest_id is not None])
        out = []
        for c, b in rows:
            fact = facts.get(b.contest_id) if b.contest_id is not None else None
            red = names.get(fact.red_entry_id) if fact and fact.red_entry_id else None
            blue = names.get(fact.blue_entry_id) if fact and fact.blue_entry_id else None
            out.append(
                DeckRow(
                    bout_id=row_id(b),
                    contest_id=b.contest_id,
                    category=c.name,
                    label=b.label,
                    red=red or WAITING_VI,
                    blue="" if c.draw_format == "judged" else (blue or WAITING_VI),
                    status=b.status,
                    planned=b.planned_start,
                    estimated=est.get(row_id(b)),
                    position=b.position,
                )
            )
        return out

    async def _names(self, category_ids: set[int]) -> dict[int, str]:
        """Scoring entry id -> athlete name (and team) for the given categories."""
        out: dict[int, str] = {}
        for cid in category_ids:
            for e in await self.entry_rows(cid):
                if e.entry_id is not None:
                    out[e.entry_id] = f"{e.name} ({e.team})" if e.team else e.name
        return out

    async def next_contest(self, fop_id: int) -> int | None:
        """The first bout in the field's order that is ready, not held yet, and none of whose
        athletes is in a contest running on another field (nobody is on two mats at once)."""
        rows = await self.field_bouts(fop_id)
        if not rows:
            return None
        busy = await self._busy_entries(rows[0][0].competition_id, fop_id)
        for _, b in rows:
            if b.status == "ready" and b.contest_id is not None:
                facts = (await self.competitions.contest_facts([b.contest_id])).get(b.contest_id)
                if facts is None or facts.status != "scheduled":
                    continue
                if {facts.red_entry_id, facts.blue_entry_id} & busy:
                    continue
                return b.contest_id
        return None

    async def _busy_entries(self, competition_id: int, except_fop: int) -> set[int]:
        """Scoring entries in a contest now running on another field of the competition."""
        running = [
            b.contest_id
            for f in await self.competitions.fops(competition_id)
            if f.id != except_fop
            for _, b in await self.field_bouts(row_id(f))
            if b.status == "running" and b.contest_id is not None
        ]
        facts = await self.competitions.contest_facts(running)
        return {e for f in facts.values() if f.status == "running" for e in (f.red_entry_id, f.blue_entry_id) if e is not None}

    async def bout_by_id(self, bout_id: int) -> Bout:
        row = await self.session.get(Bout, bout_id)
        if row is None:
            raise BoutNotFound(bout_id)
        return row


def _as_plan(pairs: list[tuple[Category, Bout]], sessions: tuple[schedule.Session, ...] = ()) -> schedule.Plan:
    """The plan as the bouts hold it now (those with a field, a position and a planned start)."""
    slots = []
    for c, b in pairs:
        if b.fop_id is None or b.position is None or b.planned_start is None:
            continue
        end = b.planned_start + timedelta(seconds=c.contest_minutes * 60)
        slots.append(schedule.Slot(key=_key(c, b), field=str(b.fop_id), session="", position=b.position, start=b.planned_start, end=end))
    return schedule.Plan(slots=tuple(slots), unplaced=(), sessions=sessions)


_JUDGED_RANK = re.compile(r"S(\d+)(?:[:>].+)?")  # a judged stage's ranking, a group's, or half the groups' qualifiers


def _final_round(made: draws.Draw) -> int:
    return max((m.round for m in made.matches if m.stage == "main"), default=1)


def _sources(made: draws.Draw, match: draws.Match) -> list[str]:
    """The matches whose results fill ``match``: named winners and losers, and for a rank or a
    repechage ladder every match of the stage it draws from, so its rest is kept provisionally. A judged stage's
    place (``S1``, a group's ``S1:A``, the qualifiers of half the groups ``S1>A``) is known once every performance of
    that stage is over (``draws.resolve``), so a judged follow-up (the next stage, the WKF medal bouts) comes after
    all of them and its athletes' rest."""
    keys: list[str] = []
    for source in (match.red, match.blue):
        if source is None:
            continue
        if source.kind in ("winner", "loser"):
            keys.append(source.ref)
        elif source.kind == "rank" and (judged := _JUDGED_RANK.fullmatch(source.ref)):
            keys.extend(m.key for m in made.matches if m.round == int(judged[1]) and m.blue is None)
        elif source.kind == "rank":
            keys.extend(
                m.key
                for m in made.matches
                if m.stage == source.ref or f"pool:{m.stage}" == source.ref or m.stage == source.ref.removeprefix("stage:")
            )
        elif source.kind == "repechage":
            keys.extend(m.key for m in made.matches if m.stage == "main" and m.round < _final_round(made))
    return [k for k in dict.fromkeys(keys) if k != match.key]
