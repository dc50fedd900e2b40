"""Order of competition (pure): contests spread over fields and sessions with rest kept.

``plan`` places every contest (an ``Item``) on a field of play inside one of that field's sessions,
``check`` names every rule a plan breaks, ``estimate`` turns the actual starts and ends of the day
into estimated starts of what is still to come, and ``move`` shows what moving one contest would
change before the manager confirms it. Times are aware datetimes; "day" means the venue's local day
(``Rules.time_zone``). Nothing here reads a clock: ``now`` is an argument.

Planning is list scheduling, earliest start first (a parallel schedule generation scheme):

1. Every item gets a *home* field: its ``fixed_field``, or (``keep_group_on_field``) the field its
   category was given. Categories are dealt to fields longest first, each to the field with the
   least work so far (LPT), so fields finish at about the same time.
2. An item is *ready* when every item in ``after`` is placed and every earlier round of its category
   is placed (rounds of a category go in order). Its earliest start is then the latest of: its
   field's free time, the end of each ``after`` item plus the minimum rest, the start of the earlier
   rounds of its category, ``not_before``, and the first moment every athlete who is or may be in
   it (known athletes and, transitively, those of its ``after`` items) has rested ``min_rest_s``
   since each of their other contests, on any field. With ``max_per_athlete_per_day`` an athlete's
   contests past the limit go to the next day; with ``distinct_sessions`` a second contest of the
   day goes to another session (sessions with the same name on the same day are one block, e.g.
   every field's "Sáng 12/12"). A contest that does not fit in the rest of a session goes to the
   next session of the field.
3. At each step the field that can start a contest soonest takes it; among the contests that could
   start then, the first by (round, weight when ``lighter_first``, category, ``order``, key) wins; ``order``
   keeps a judged stage's performances in the draw's order (every part 1 in start order, then every part 2 ...).
4. A field whose own contests would leave it idle for more than ``max_idle_s`` (or that has none
   left) takes a ready contest of another category if it can start it at least ``max_idle_s``
   sooner than that category's field would reach it (its free time plus the contests queued
   before it): the category then runs on two fields. A contest whose
   home field has no session left that can hold it may go to any field; with none left it is
   unplaced, with the reason.

The same input gives the same plan: every choice breaks ties by field order (first appearance in
``sessions``) and item key.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "RULES_BY_SPORT",
    "Conflict",
    "Item",
    "Link",
    "Plan",
    "Rules",
    "ScheduleError",
    "Session",
    "Slot",
    "check",
    "estimate",
    "move",
    "plan",
    "relink",
]


class ScheduleError(Exception):
    """Input a plan cannot be made from: ``code`` is stable, ``message`` Vietnamese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# What a plan, a check or a move says, in Vietnamese by code: a contest is named by its key (``bout``, ``source``,
# ``prev``, ``other``, ``bouts``), a field by its id (``field``, ``from_field``, ``fields``), an athlete by the
# draw's key (``athlete``), a time as HH:MM; the caller (tournaments.ordering) names them for a person and a page
# says the code in the reader's language (tournaments.labels.SAID).
SAID_VI = {
    "schedule.source_unplaced": "Chưa xếp được: trận nguồn %(source)s chưa có chỗ trong lịch",
    "schedule.no_room": "Không còn buổi thi đấu nào đủ %(minutes)s phút cho trận %(bout)s (trên %(fields)s) khi đã giữ thời gian nghỉ",
    "schedule.field_no_session": "Sân %(field)s không có buổi thi đấu nào",
    "schedule.categories_fields_no_session": "các sân/thảm của hạng này chưa có buổi thi đấu",
    "schedule.overlap": "Trên %(field)s, trận %(bout)s bắt đầu %(start)s khi trận %(prev)s chưa kết thúc (%(end)s)",
    "schedule.session_full": "Trận %(bout)s (%(start)s-%(end)s) nằm ngoài giờ của buổi %(session)s trên %(field)s",
    "schedule.not_before": "Trận %(bout)s bắt đầu %(start)s, trước giờ sớm nhất %(earliest)s",
    "schedule.fixed_field": "Trận %(bout)s phải thi đấu trên %(field)s, không phải %(from_field)s",
    "schedule.before_source": "Trận %(bout)s bắt đầu %(start)s, trước khi trận nguồn %(source)s kết thúc (%(end)s)",
    "schedule.rest_source": (
        "Trận %(bout)s bắt đầu %(start)s, chỉ %(minutes)s phút sau khi trận nguồn %(source)s kết thúc (%(end)s); "
        "cần nghỉ tối thiểu %(rest)s phút"
    ),
    "schedule.two_fields": (
        "VĐV %(athlete)s có thể cùng lúc ở trận %(prev)s (%(from_field)s, đến %(end)s) và trận %(bout)s (%(field)s, từ %(start)s)"
    ),
    "schedule.rest_athlete": (
        "VĐV %(athlete)s: trận %(prev)s kết thúc %(end)s, trận %(bout)s bắt đầu %(start)s; nghỉ %(minutes)s phút, "
        "cần tối thiểu %(rest)s phút"
    ),
    "schedule.max_per_day": "VĐV %(athlete)s có thể thi %(count)s trận ngày %(day)s (tối đa %(limit)s): %(bouts)s",
    "schedule.same_session": "VĐV %(athlete)s có thể thi %(count)s trận trong cùng buổi %(session)s: %(bouts)s",
    "schedule.started": "Trận %(bout)s đã bắt đầu nên không thể dời",
    "schedule.before_started": "Không thể xếp trận %(bout)s trước trận %(other)s đã bắt đầu trên %(field)s",
    "schedule.change_placed": "Trận %(bout)s: chưa xếp -> %(to)s, %(field)s",
    "schedule.change_time": "Trận %(bout)s: %(from)s -> %(to)s, %(field)s",
    "schedule.change_field": "Trận %(bout)s: %(from)s -> %(to)s, %(from_field)s -> %(field)s",
}


class Said(str):
    """A Vietnamese line (the text as before) that keeps its code and values, so the caller can name the contests,
    fields and athletes and a page say it in the reader's language. ``bouts``: (key, HH:MM) pairs."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> Said:
        shown = {k: ", ".join(f"{b} {t}" for b, t in v) if k == "bouts" else v for k, v in params.items()}
        self = super().__new__(cls, SAID_VI[code] % shown)
        self.code, self.params = code, params
        return self


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    duration_s: int
    athletes: frozenset[str] = frozenset()
    after: tuple[str, ...] = ()
    group: str = ""
    round: int = 1
    weight_rank: int = 0
    fixed_field: str | None = None
    not_before: datetime | None = None
    order: int = 0  # the draw's playing order within a round (a judged stage's part-major order); 0: by key


@dataclass(frozen=True, slots=True)
class Session:
    key: str
    field: str
    name: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Rules:
    min_rest_s: int = 0
    max_per_athlete_per_day: int | None = None
    distinct_sessions: bool = False
    lighter_first: bool = False
    keep_group_on_field: bool = True
    time_zone: str = "Asia/Ho_Chi_Minh"
    max_idle_s: int = 900  # a field idle longer than this takes another category's contest


# Sources; every value is to be checked against the edition the competition announces.
RULES_BY_SPORT: dict[str, Rules] = {
    # WT Competition Rules: no fixed minimum between contests in the rules text we could check; 20 min
    # is the usual organisers' rule at national events (to be checked). Lighter divisions first.
    "taekwondo": Rules(min_rest_s=20 * 60, lighter_first=True),
    # WKF Kumite Rules art. 5.4: a rest equal to the standard bout duration (3 min senior/U21), five
    # minutes when the equipment colour changes; 5 min kept here (to be checked).
    "karate": Rules(min_rest_s=5 * 60, lighter_first=True),
    # IWUF Sanda Competition Rules: at most two bouts a day, in different sessions (to be checked).
    "wushu_sanda": Rules(min_rest_s=60 * 60, max_per_athlete_per_day=2, distinct_sessions=True, lighter_first=True),
    # IBA Technical & Competition Rules: one bout per boxer per day (to be checked).
    "boxing": Rules(min_rest_s=60 * 60, max_per_athlete_per_day=1, lighter_first=True),
    # PERSILAT rules: a rest between tanding matches of at least one hour is common practice (to be checked).
    "pencak_silat": Rules(min_rest_s=60 * 60, lighter_first=True),
    # Vovinam national rules: 30 min between đối kháng bouts (to be checked).
    "vovinam": Rules(min_rest_s=30 * 60, lighter_first=True),
    # Judged sports: a diver or gymnast performs once per round; rounds follow each other.
    "diving": Rules(min_rest_s=0, keep_group_on_field=True),
    "gymnastics": Rules(min_rest_s=0, keep_group_on_field=True),
}


@dataclass(frozen=True, slots=True)
class Slot:
    key: str
    field: str
    session: str
    position: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Link:
    """``later`` may not start before ``earlier`` ends plus ``gap_s`` (a source, or a shared athlete)."""

    earlier: str
    later: str
    gap_s: int


@dataclass(frozen=True, slots=True)
class Plan:
    slots: tuple[Slot, ...]
    unplaced: tuple[tuple[str, str], ...] = ()
    sessions: tuple[Session, ...] = ()  # the sessions planned into (move and check use them)
    links: tuple[Link, ...] = ()  # what estimate propagates delays along, across fields

    def field_order(self, field: str) -> list[Slot]:
        return sorted((s for s in self.slots if s.field == field), key=lambda s: s.position)

    def by_key(self) -> dict[str, Slot]:
        return {s.key: s for s in self.slots}


@dataclass(frozen=True, slots=True)
class Conflict:
    code: str
    message: str
    keys: tuple[str, ...]


# --- time helpers ---------------------------------------------------------------------------------


def _ts(moment: datetime, what: str) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ScheduleError("schedule.naive_time", f"Thời điểm {moment.isoformat()} của {what} thiếu múi giờ")
    return int(moment.timestamp())


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


class _Clock:
    """Seconds since the epoch <-> the venue's local day and HH:MM."""

    def __init__(self, zone: str) -> None:
        self.tz = _zone(zone)
        self._days: dict[int, int] = {}

    def dt(self, ts: int) -> datetime:
        return datetime.fromtimestamp(ts, self.tz)

    def day(self, ts: int) -> int:
        hour = ts // 3600  # the venue's offset is whole hours or halves; cache per hour then refine
        found = self._days.get(hour)
        if found is None:
            a = datetime.fromtimestamp(hour * 3600, self.tz).date().toordinal()
            b = datetime.fromtimestamp(hour * 3600 + 3599, self.tz).date().toordinal()
            found = a if a == b else -1
            self._days[hour] = found
        if found >= 0:
            return found
        return datetime.fromtimestamp(ts, self.tz).date().toordinal()

    def next_midnight(self, day: int) -> int:
        d = date.fromordinal(day + 1)
        return int(datetime(d.year, d.month, d.day, tzinfo=self.tz).timestamp())

    def hhmm(self, ts: int) -> str:
        return self.dt(ts).strftime("%H:%M")

    def when(self, ts: int, ref: int | None = None) -> str:
        """HH:MM, with the date when it is not the reference's day."""
        if ref is not None and self.day(ts) == self.day(ref):
            return self.hhmm(ts)
        return self.dt(ts).strftime("%d/%m %H:%M")


# --- preparing the input ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Items:
    keys: list[str]
    index: dict[str, int]
    items: list[Item]
    after: list[list[int]]
    children: list[list[int]]
    pot: list[frozenset[str]]  # athletes who are or may be in the item
    topo: list[int]


def _prepare_items(items: Sequence[Item]) -> _Items:
    ordered = sorted(items, key=lambda it: it.key)
    keys = [it.key for it in ordered]
    index: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k in index:
            raise ScheduleError("schedule.duplicate_key", f"Trận {k} xuất hiện hai lần")
        index[k] = i
    n = len(keys)
    after: list[list[int]] = [[] for _ in range(n)]
    children: list[list[int]] = [[] for _ in range(n)]
    for i, it in enumerate(ordered):
        if it.duration_s <= 0:
            raise ScheduleError("schedule.bad_duration", f"Thời lượng của trận {it.key} phải lớn hơn 0 giây")
        if it.not_before is not None:
            _ts(it.not_before, f"trận {it.key}")
        for a in dict.fromkeys(it.after):
            j = index.get(a)
            if j is None:
                raise ScheduleError("schedule.unknown_after", f"Trận {it.key} chờ kết quả trận {a}, nhưng không có trận {a}")
            if j == i:
                raise ScheduleError("schedule.cycle", f"Trận {it.key} chờ kết quả của chính nó")
            after[i].append(j)
            children[j].append(i)
    indeg = [len(a) for a in after]
    heap = [i for i in range(n) if indeg[i] == 0]
    heapq.heapify(heap)
    topo: list[int] = []
    while heap:
        i = heapq.heappop(heap)
        topo.append(i)
        for c in children[i]:
            indeg[c] -= 1
            if indeg[c] == 0:
                heapq.heappush(heap, c)
    if len(topo) < n:
        stuck = sorted(keys[i] for i in range(n) if indeg[i] > 0)
        raise ScheduleError("schedule.cycle", "Các trận chờ kết quả của nhau thành vòng: " + ", ".join(stuck[:6]))
    pot: list[frozenset[str]] = [frozenset()] * n
    for i in topo:
        s = ordered[i].athletes
        for j in after[i]:
            s = s | pot[j]
        pot[i] = s
    return _Items(keys, index, ordered, after, children, pot, topo)


@dataclass(frozen=True, slots=True)
class _Sess:
    key: str
    name: str
    start: int
    end: int
    block: tuple[int, str]


def _prepare_sessions(sessions: Sequence[Session], clock: _Clock) -> tuple[list[str], dict[str, list[_Sess]]]:
    if not sessions:
        raise ScheduleError("schedule.no_sessions", "Chưa có buổi thi đấu nào")
    fields: list[str] = []
    per: dict[str, list[_Sess]] = defaultdict(list)
    seen: set[str] = set()
    for s in sessions:
        if s.key in seen:
            raise ScheduleError("schedule.duplicate_session", f"Buổi {s.key} xuất hiện hai lần")
        seen.add(s.key)
        a, b = _ts(s.start, f"buổi {s.name}"), _ts(s.end, f"buổi {s.name}")
        if b <= a:
            raise ScheduleError(
                "schedule.session_order", f"Buổi {s.name} ({s.field}) kết thúc lúc {clock.when(b)} không sau giờ bắt đầu {clock.when(a)}"
            )
        if s.field not in per:
            fields.append(s.field)
        per[s.field].append(_Sess(s.key, s.name, a, b, (clock.day(a), s.name.strip())))
    for f in fields:
        per[f].sort(key=lambda x: (x.start, x.key))
        for x, y in zip(per[f], per[f][1:], strict=False):
            if y.start < x.end:
                raise ScheduleError("schedule.sessions_overlap", f"Buổi {x.name} và buổi {y.name} của {f} trùng giờ")
    return fields, dict(per)


# --- planning ---------------------------------------------------------------------------------------

_SCAN = 24  # candidates a field looks at in priority order before taking the best seen
_STEAL_SCAN = 4  # per other field, when idle


@dataclass(slots=True)
class _Placed:
    start: int
    end: int
    field: int
    sess: int
    pos: int


class _Planner:
    def __init__(self, it: _Items, fields: list[str], sess: dict[str, list[_Sess]], rules: Rules, clock: _Clock) -> None:
        self.it, self.fields, self.rules, self.clock = it, fields, rules, clock
        self.ss = [sess[f] for f in fields]
        self.fidx = {f: k for k, f in enumerate(fields)}
        n = len(it.keys)
        self.n = n
        self.dur = [x.duration_s for x in it.items]
        self.nb = [_ts(x.not_before, x.key) if x.not_before is not None else 0 for x in it.items]
        self.rest = max(0, rules.min_rest_s)
        self.per_day = rules.max_per_athlete_per_day
        self.distinct = rules.distinct_sessions
        self.track_day = self.per_day is not None or self.distinct
        self.free = [s[0].start for s in self.ss]
        self.cur = [0] * len(fields)
        self.count = [0] * len(fields)
        self.placed: list[_Placed | None] = [None] * n
        self.ath: dict[str, list[tuple[int, int, int, tuple[int, str]]]] = defaultdict(list)
        self.maxend: dict[str, int] = {}
        self.dep_ready = [0] * n
        self.round_floor = [0] * n
        self.deps_left = [len(a) for a in it.after]
        self.dead: list[set[int]] = [set() for _ in range(n)]
        self.unplaced: dict[int, str] = {}
        # priorities
        groups = [x.group or f"\0{x.key}" for x in it.items]
        self.group = groups
        eff = [0] * n
        for i in it.topo:
            r = it.items[i].round
            for j in it.after[i]:
                if groups[j] == groups[i]:
                    r = max(r, eff[j])
            eff[i] = r
        self.eff = eff
        wr = [x.weight_rank if rules.lighter_first else 0 for x in it.items]
        order = sorted(range(n), key=lambda i: (eff[i], wr[i], groups[i], it.items[i].order, it.keys[i]))
        self.rank = [0] * n
        for r, i in enumerate(order):
            self.rank[i] = r
        # rounds of a category in order
        self.g_rounds: dict[str, list[int]] = defaultdict(list)
        self.g_left: dict[tuple[str, int], int] = defaultdict(int)
        self.g_members: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i in range(n):
            g = groups[i]
            self.g_left[(g, eff[i])] += 1
            self.g_members[(g, eff[i])].append(i)
        for g, r in self.g_left:
            self.g_rounds[g].append(r)
        for g in self.g_rounds:
            self.g_rounds[g].sort()
        self.g_cursor = {g: 0 for g in self.g_rounds}
        self.g_floor: dict[str, int] = defaultdict(int)
        self.g_max_start: dict[str, int] = defaultdict(int)
        # homes
        self.fixed = [self.fidx.get(x.fixed_field, -2) if x.fixed_field is not None else -1 for x in it.items]
        self.home = self._homes()
        self.lists: list[list[tuple[int, int]]] = [[] for _ in fields]
        self.shared: list[tuple[int, int]] = []
        self.kept: set[int] = set()
        self.reserved: list[list[tuple[int, int]]] = [[] for _ in fields]  # (position, item), sorted
        self.version = [0] * (len(fields) + 1)  # bumped when a list gains an item; the last is the shared list

    def _homes(self) -> list[int]:
        it, n = self.it, self.n
        load = [0] * len(self.fields)
        home = [-1] * n
        by_group: dict[str, list[int]] = defaultdict(list)
        for i in range(n):
            if self.fixed[i] >= 0:
                home[i] = self.fixed[i]
                load[self.fixed[i]] += self.dur[i]
            elif self.fixed[i] == -1:
                by_group[self.group[i]].append(i)
        if not self.rules.keep_group_on_field:
            return home
        totals = sorted(by_group, key=lambda g: (-sum(self.dur[i] for i in by_group[g]), g))
        for g in totals:
            f = min(range(len(self.fields)), key=lambda k: (load[k], k))
            for i in by_group[g]:
                home[i] = f
            load[f] += sum(self.dur[i] for i in by_group[g])
        del it
        return home

    # -- readiness

    def release(self, i: int) -> None:
        if i in self.kept or i in self.unplaced or self.placed[i] is not None:
            return
        self.round_floor[i] = self.g_floor[self.group[i]]
        entry = (self.rank[i], i)
        h = self.home[i]
        bisect.insort(self.lists[h] if h >= 0 else self.shared, entry)
        self.version[h] += 1

    def start_rounds(self) -> None:
        for g, rounds in self.g_rounds.items():
            for i in self.g_members[(g, rounds[0])]:
                if self.deps_left[i] == 0:
                    self.release(i)

    def _round_open(self, i: int) -> bool:
        g = self.group[i]
        return self.g_rounds[g][self.g_cursor[g]] >= self.eff[i]

    # -- earliest start

    def est(self, i: int, f: int, t0: int) -> tuple[int, int] | None:
        t = max(t0, self.dep_ready[i], self.round_floor[i], self.nb[i])
        d = self.dur[i]
        ss = self.ss[f]
        k = self.cur[f]
        rest = self.rest
        pot = self.it.pot[i]
        ath = self.ath
        maxend = self.maxend
        nss = len(ss)
        while True:
            while k < nss and max(t, ss[k].start) + d > ss[k].end:
                k += 1
            if k == nss:
                return None
            if t < ss[k].start:
                t = ss[k].start
            moved = False
            for a in pot:
                last = maxend.get(a)
                if last is None or t >= last + rest:
                    continue  # every contest of this athlete ended (with rest) before t
                for s0, e0, _day, _blk in ath[a]:
                    if t < e0 + rest and s0 < t + d + rest:
                        t = e0 + rest
                        moved = True
            if moved:
                continue
            if self.track_day:
                day = self.clock.day(t)
                blk = ss[k].block
                for a in pot:
                    ivs = ath.get(a)
                    if not ivs:
                        continue
                    if self.per_day is not None and sum(1 for iv in ivs if iv[2] == day) >= self.per_day:
                        t = self.clock.next_midnight(day)
                        moved = True
                        break
                    if self.distinct and any(iv[3] == blk for iv in ivs):
                        t = ss[k].end
                        moved = True
                        break
                if moved:
                    continue
            return t, k

    # -- one field's best candidate: (t, rank, item, session)

    def _scan(
        self, f: int, lst: list[tuple[int, int]], floor: int, limit: int, best: tuple[int, int, int, int] | None
    ) -> tuple[int, int, int, int] | None:
        looked = 0
        drop: list[tuple[int, int]] = []
        for entry in lst:
            i = entry[1]
            if f in self.dead[i]:
                continue
            e = self.est(i, f, self.free[f])
            if e is None:
                self.dead[i].add(f)
                if lst is not self.shared:
                    drop.append(entry)
                continue
            cand = (e[0], self.rank[i], i, e[1])
            if best is None or cand < best:
                best = cand
            looked += 1
            if e[0] <= floor or looked >= limit:
                break
        for entry in drop:  # the home field cannot hold it: any field may (unless it is fixed)
            lst.remove(entry)
            i = entry[1]
            if self.fixed[i] >= 0:
                self.give_up(i, self._reason(i))
            else:
                bisect.insort(self.shared, entry)
                self.version[-1] += 1
        return best

    def candidate(self, f: int) -> tuple[int, int, int, int] | None:
        if self.cur[f] >= len(self.ss[f]):
            return None
        floor = max(self.free[f], self.ss[f][self.cur[f]].start)
        res = self.reserved[f]
        if res and res[0][0] <= self.count[f] + 1:
            i = res[0][1]
            e = self.est(i, f, self.free[f])
            t, k = e if e is not None else (floor, self.cur[f])
            return (t, -1, i, k)
        best = self._scan(f, self.lists[f], floor, _SCAN, None)
        best = self._scan(f, self.shared, floor, _SCAN, best)
        if best is not None and best[0] <= floor + self.rules.max_idle_s:
            return best
        for g in range(len(self.fields)):
            if g == f:
                continue
            looked = 0
            ahead = 0  # the contests queued before it on its own field
            for entry in self.lists[g]:
                i = entry[1]
                queued = ahead
                ahead += self.dur[i]
                if self.fixed[i] >= 0 or f in self.dead[i]:
                    continue
                looked += 1
                if looked > _STEAL_SCAN:
                    break
                e = self.est(i, f, self.free[f])
                if e is None:
                    continue
                own = self.est(i, g, self.free[g])
                if own is not None and e[0] + self.rules.max_idle_s > max(own[0], self.free[g] + queued):
                    continue
                cand = (e[0], self.rank[i], i, e[1])
                if best is None or cand < best:
                    best = cand
        return best

    def _reason(self, i: int) -> str:
        x = self.it.items[i]
        for j in self.it.after[i]:
            if self.placed[j] is None:
                return Said("schedule.source_unplaced", source=self.it.keys[j])
        mins = (x.duration_s + 59) // 60
        where = [x.fixed_field] if x.fixed_field is not None else list(self.fields)
        return Said("schedule.no_room", minutes=mins, bout=x.key, fields=where)

    # -- placing

    def place(self, i: int, f: int, t: int, k: int) -> None:
        d = self.dur[i]
        self.count[f] += 1
        self.placed[i] = _Placed(t, t + d, f, k, self.count[f])
        self.free[f] = t + d
        self.cur[f] = k
        blk = self.ss[f][k].block
        day = self.clock.day(t) if self.track_day else 0
        maxend = self.maxend
        for a in self.it.pot[i]:
            self.ath[a].append((t, t + d, day, blk))
            if maxend.get(a, -(1 << 62)) < t + d:
                maxend[a] = t + d
        if i in self.kept:
            self.reserved[f].pop(0)
        else:
            h = self.home[i]
            lst = self.lists[h] if h >= 0 else self.shared
            pos = bisect.bisect_left(lst, (self.rank[i], i))
            if pos < len(lst) and lst[pos][1] == i:
                lst.pop(pos)
            else:
                pos = bisect.bisect_left(self.shared, (self.rank[i], i))
                if pos < len(self.shared) and self.shared[pos][1] == i:
                    self.shared.pop(pos)
        g = self.group[i]
        self.g_max_start[g] = max(self.g_max_start[g], t)
        for c in self.it.children[i]:
            self.deps_left[c] -= 1
            self.dep_ready[c] = max(self.dep_ready[c], t + d + self.rest)
            if self.deps_left[c] == 0 and self._round_open(c):
                self.release(c)
        self._round_done(i)

    def give_up(self, i: int, reason: str) -> None:
        """Unplaced: its category's later rounds no longer wait for it (its dependants do)."""
        if i not in self.unplaced:
            self.unplaced[i] = reason
            self._round_done(i)

    def _round_done(self, i: int) -> None:
        g = self.group[i]
        key = (g, self.eff[i])
        self.g_left[key] -= 1
        rounds = self.g_rounds[g]
        while self.g_cursor[g] < len(rounds) - 1 and self.g_left[(g, rounds[self.g_cursor[g]])] == 0:
            self.g_cursor[g] += 1
            self.g_floor[g] = self.g_max_start[g]
            for m in self.g_members[(g, rounds[self.g_cursor[g]])]:
                if self.deps_left[m] == 0:
                    self.release(m)

    def run(self) -> None:
        for i, f in enumerate(self.fixed):
            if f == -2:
                self.give_up(i, Said("schedule.field_no_session", field=self.it.items[i].fixed_field))
        self.start_rounds()
        nf = len(self.fields)
        cache: list[tuple[int, int, int, int] | None] = [None] * nf
        seen: list[tuple[int, int]] = [(0, 0)] * nf
        valid = [False] * nf
        while True:
            best: tuple[int, int, int, int] | None = None
            best_f = -1
            for f in range(nf):
                if not valid[f]:
                    cache[f] = self.candidate(f)
                    seen[f] = (self.version[f], self.version[-1])
                    valid[f] = True
                c = cache[f]
                if c is not None and (best is None or (c[0], c[1], f) < (best[0], best[1], best_f)):
                    best, best_f = c, f
            if best is None:
                # nothing can go anywhere: pinned contests still waiting for their position go now
                waiting = [f for f in range(nf) if self.reserved[f]]
                if not waiting:
                    break
                f = min(waiting, key=lambda x: (self.free[x], x))
                i = self.reserved[f][0][1]
                k = min(self.cur[f], len(self.ss[f]) - 1)
                self.place(i, f, max(self.free[f], self.ss[f][k].start), k)
                valid = [False] * nf
                continue
            t, _r, i, k = best
            pot = self.it.pot[i]
            self.place(i, best_f, t, k)
            for f in range(nf):
                c = cache[f]
                if (
                    f == best_f
                    or c is None
                    or c[2] == i
                    or c[1] == -1
                    or seen[f] != (self.version[f], self.version[-1])
                    or self.home[c[2]] != f
                    or not pot.isdisjoint(self.it.pot[c[2]])
                ):
                    valid[f] = False
        for i in range(self.n):
            if self.placed[i] is None and i not in self.unplaced:
                self.give_up(i, self._reason(i))

    def result(self, sessions: Sequence[Session]) -> Plan:
        slots: list[Slot] = []
        for i in range(self.n):
            p = self.placed[i]
            if p is None:
                continue
            slots.append(
                Slot(
                    key=self.it.keys[i],
                    field=self.fields[p.field],
                    session=self.ss[p.field][p.sess].key,
                    position=p.pos,
                    start=self.clock.dt(p.start),
                    end=self.clock.dt(p.end),
                )
            )
        slots.sort(key=lambda s: (self.fidx[s.field], s.position))
        unplaced = tuple((self.it.keys[i], r) for i, r in sorted(self.unplaced.items()))
        return Plan(tuple(slots), unplaced, tuple(sessions), _links(slots, self.it, self.rules))


def _links(slots: Sequence[Slot], it: _Items, rules: Rules) -> tuple[Link, ...]:
    at = {s.key: s for s in slots}
    rest = max(0, rules.min_rest_s)
    out: dict[tuple[str, str], int] = {}
    for i, k in enumerate(it.keys):
        if k not in at:
            continue
        for j in it.after[i]:
            if it.keys[j] in at:
                out[(it.keys[j], k)] = rest
    per: dict[str, list[Slot]] = defaultdict(list)
    for i, k in enumerate(it.keys):
        s = at.get(k)
        if s is not None:
            for a in it.pot[i]:
                per[a].append(s)
    for lst in per.values():
        lst.sort(key=lambda s: (s.start, s.key))
        for x, y in zip(lst, lst[1:], strict=False):
            out.setdefault((x.key, y.key), rest)
    return tuple(Link(a, b, g) for (a, b), g in sorted(out.items()))


def relink(plan: Plan, items: Sequence[Item], rules: Rules) -> Plan:
    """The plan with its ``links`` recomputed from ``items`` (for a plan rebuilt from stored slots,
    so that ``estimate`` carries delays across fields along sources and shared athletes)."""
    return Plan(plan.slots, plan.unplaced, plan.sessions, _links(plan.slots, _prepare_items(items), rules))


def plan(items: Sequence[Item], sessions: Sequence[Session], rules: Rules, *, keep: Mapping[str, tuple[str, int]] | None = None) -> Plan:
    """Place every item on a field and in a session (see the module docstring for the policy).

    ``keep`` maps items already started, ended or pinned by the manager to (field, position): each
    takes that position on that field (counted from 1, in the order of the whole competition) and
    the others are planned around it. A kept item is placed when its field reaches its position,
    whatever its sources; ``check`` reports what that breaks.
    """
    clock = _Clock(rules.time_zone)
    it = _prepare_items(items)
    fields, sess = _prepare_sessions(sessions, clock)
    p = _Planner(it, fields, sess, rules, clock)
    if keep:
        seen: set[tuple[str, int]] = set()
        for k, (f, pos) in sorted(keep.items()):
            if k not in it.index:
                raise ScheduleError("schedule.unknown_key", f"Không có trận {k} để giữ chỗ")
            if f not in p.fidx:
                raise ScheduleError("schedule.unknown_field", f"Sân {f} không có buổi thi đấu nào")
            if (f, pos) in seen:
                raise ScheduleError("schedule.duplicate_position", f"Hai trận cùng giữ vị trí {pos} trên {f}")
            seen.add((f, pos))
            i = it.index[k]
            p.kept.add(i)
            p.unplaced.pop(i, None)
            bisect.insort(p.reserved[p.fidx[f]], (pos, i))
    p.run()
    return p.result(sessions)


# --- checking ---------------------------------------------------------------------------------------


def _sessions_of(plan_: Plan, clock: _Clock) -> dict[str, _Sess]:
    out: dict[str, _Sess] = {}
    for s in plan_.sessions:
        a, b = int(s.start.timestamp()), int(s.end.timestamp())
        out[s.key] = _Sess(s.key, s.name, a, b, (clock.day(a), s.name.strip()))
    return out


def check(plan: Plan, items: Sequence[Item], rules: Rules) -> list[Conflict]:
    """Every rule the plan breaks, each with the contests concerned and a Vietnamese message.

    Codes: ``schedule.before_source`` (a contest starts before a contest whose result fills it has
    ended), ``schedule.rest`` (less than the minimum rest, after a source or between two contests of
    an athlete who is or may be in both), ``schedule.two_fields`` (an athlete in two contests at the
    same time), ``schedule.max_per_day``, ``schedule.same_session``, ``schedule.session_full`` (a
    contest outside its session's hours), and the additions ``schedule.overlap`` (two contests at
    once on a field), ``schedule.not_before`` and ``schedule.fixed_field``.
    """
    clock = _Clock(rules.time_zone)
    it = _prepare_items(items)
    rest = max(0, rules.min_rest_s)
    at = plan.by_key()
    ts = {k: (int(s.start.timestamp()), int(s.end.timestamp())) for k, s in at.items()}
    sess = _sessions_of(plan, clock)
    field_of = {s.key: s.field for s in plan.sessions}
    out: list[Conflict] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()

    def add(code: str, message: str, *keys: str) -> None:
        if (code, keys) not in seen:
            seen.add((code, keys))
            out.append(Conflict(code, message, keys))

    fields = list(dict.fromkeys(s.field for s in plan.slots))
    for f in fields:
        order = plan.field_order(f)
        for x, y in zip(order, order[1:], strict=False):
            if ts[y.key][0] < ts[x.key][1]:
                said = Said(
                    "schedule.overlap", field=f, bout=y.key, start=clock.hhmm(ts[y.key][0]), prev=x.key, end=clock.hhmm(ts[x.key][1])
                )
                add("schedule.overlap", said, x.key, y.key)
    for s in plan.slots:
        sx = sess.get(s.session)
        a, b = ts[s.key]
        if sess and (sx is None or a < sx.start or b > sx.end or field_of.get(s.session) != s.field):
            name = sx.name if sx is not None else s.session
            said = Said("schedule.session_full", bout=s.key, start=clock.hhmm(a), end=clock.hhmm(b), session=name, field=s.field)
            add("schedule.session_full", said, s.key)
    direct: set[tuple[str, str]] = set()
    for i, k in enumerate(it.keys):
        if k not in at:
            continue
        item = it.items[i]
        a, _b = ts[k]
        if item.not_before is not None and a < int(item.not_before.timestamp()):
            earliest = clock.hhmm(int(item.not_before.timestamp()))
            add("schedule.not_before", Said("schedule.not_before", bout=k, start=clock.hhmm(a), earliest=earliest), k)
        if item.fixed_field is not None and at[k].field != item.fixed_field:
            add("schedule.fixed_field", Said("schedule.fixed_field", bout=k, field=item.fixed_field, from_field=at[k].field), k)
        for j in it.after[i]:
            src = it.keys[j]
            direct.add((src, k))
            if src not in at:
                continue
            end = ts[src][1]
            if a < end:
                said = Said("schedule.before_source", bout=k, start=clock.hhmm(a), source=src, end=clock.hhmm(end))
                add("schedule.before_source", said, src, k)
            elif a < end + rest:
                said = Said(
                    "schedule.rest_source",
                    bout=k,
                    start=clock.hhmm(a),
                    minutes=(a - end) // 60,
                    source=src,
                    end=clock.hhmm(end),
                    rest=rest // 60,
                )
                add("schedule.rest", said, src, k)
    per: dict[str, list[str]] = defaultdict(list)
    for i, k in enumerate(it.keys):
        if k in at:
            for a_ in it.pot[i]:
                per[a_].append(k)
    for athlete in sorted(per):
        keys = sorted(per[athlete], key=lambda k: (ts[k][0], k))
        prev: str | None = None
        for k in keys:
            if prev is not None and (prev, k) not in direct and (k, prev) not in direct:
                pe, (ks, _ke) = ts[prev][1], ts[k]
                if ks < pe:
                    if at[prev].field != at[k].field:
                        said = Said(
                            "schedule.two_fields",
                            athlete=athlete,
                            prev=prev,
                            from_field=at[prev].field,
                            end=clock.hhmm(pe),
                            bout=k,
                            field=at[k].field,
                            start=clock.hhmm(ks),
                        )
                        add("schedule.two_fields", said, prev, k)
                elif ks < pe + rest:
                    said = Said(
                        "schedule.rest_athlete",
                        athlete=athlete,
                        prev=prev,
                        end=clock.hhmm(pe),
                        bout=k,
                        start=clock.hhmm(ks),
                        minutes=(ks - pe) // 60,
                        rest=rest // 60,
                    )
                    add("schedule.rest", said, prev, k)
            if prev is None or ts[k][1] > ts[prev][1]:
                prev = k
        if rules.max_per_athlete_per_day is not None or rules.distinct_sessions:
            by_day: dict[int, list[str]] = defaultdict(list)
            by_block: dict[tuple[int, str], list[str]] = defaultdict(list)
            for k in keys:
                by_day[clock.day(ts[k][0])].append(k)
                sk = sess.get(at[k].session)
                by_block[sk.block if sk is not None else (clock.day(ts[k][0]), at[k].session)].append(k)
            limit = rules.max_per_athlete_per_day
            if limit is not None:
                for day, ks_ in sorted(by_day.items()):
                    if len(ks_) > limit:
                        when = date.fromordinal(day).strftime("%d/%m")
                        bouts = [(k, clock.hhmm(ts[k][0])) for k in ks_]
                        said = Said("schedule.max_per_day", athlete=athlete, count=len(ks_), day=when, limit=limit, bouts=bouts)
                        add("schedule.max_per_day", said, *ks_)
            if rules.distinct_sessions:
                for (_day, name), ks_ in sorted(by_block.items()):
                    if len(ks_) > 1:
                        bouts = [(k, clock.hhmm(ts[k][0])) for k in ks_]
                        said = Said("schedule.same_session", athlete=athlete, count=len(ks_), session=name, bouts=bouts)
                        add("schedule.same_session", said, *ks_)
    return out


# --- estimates ----------------------------------------------------------------------------------------


def estimate(
    plan: Plan, durations: Mapping[str, int], actual: Mapping[str, tuple[datetime, datetime | None]], now: datetime
) -> dict[str, datetime]:
    """Estimated start of every slot not started yet.

    Per field in position order, from the last actual start or end: a running contest ends at its
    start plus its duration, or now if that is later; a contest waits for the one before it on its
    field, and for the links of the plan (its sources and its athletes' previous contests, plus the
    minimum rest), so a delay crosses to another field only along those. No estimate is before the
    planned start (sessions start on time) nor before ``now``. ``durations`` (key -> seconds) default
    to the planned length of the slot.
    """
    incoming: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for link in plan.links:
        incoming[link.later].append((link.earlier, link.gap_s))
    ends: dict[str, datetime] = {}
    cursor: dict[str, datetime] = {}
    out: dict[str, datetime] = {}
    for s in sorted(plan.slots, key=lambda s: (s.start, s.field, s.position)):
        length = timedelta(seconds=durations.get(s.key, int((s.end - s.start).total_seconds())))
        if s.key in actual:
            started, ended = actual[s.key]
            end = ended if ended is not None else max(started + length, now)
        else:
            t = max(s.start, now)
            prev = cursor.get(s.field)
            if prev is not None and prev > t:
                t = prev
            for earlier, gap in incoming.get(s.key, ()):
                e = ends.get(earlier)
                if e is not None and e + timedelta(seconds=gap) > t:
                    t = e + timedelta(seconds=gap)
            out[s.key] = t
            end = t + length
        ends[s.key] = end
        if s.field not in cursor or cursor[s.field] < end:
            cursor[s.field] = end
    return out


# --- moving a contest -------------------------------------------------------------------------------


def _pseudo_sessions(plan_: Plan, clock: _Clock) -> dict[str, list[_Sess]]:
    """Without the plan's sessions: one window per (field, session) from its first slot, open-ended."""
    first: dict[tuple[str, str], int] = {}
    for s in plan_.slots:
        k = (s.field, s.session)
        first[k] = min(first.get(k, 1 << 62), int(s.start.timestamp()))
    per: dict[str, list[_Sess]] = defaultdict(list)
    for (f, key), a in sorted(first.items(), key=lambda kv: (kv[0][0], kv[1])):
        per[f].append(_Sess(key, key, a, 1 << 62, (clock.day(a), key)))
    for lst in per.values():
        for n, (x, y) in enumerate(zip(lst, lst[1:], strict=False)):
            lst[n] = _Sess(x.key, x.name, x.start, y.start, x.block)
    return dict(per)


def _retime(
    orders: dict[str, list[str]],
    it: _Items,
    old: dict[str, Slot],
    sess: dict[str, list[_Sess]],
    rules: Rules,
    fixed: frozenset[str],
    moved: str,
    clock: _Clock,
) -> list[Slot]:
    """Times for fixed field orders: each contest as early as its field, its session, its sources and
    its athletes' rest allow; started ones keep their times; the moved one goes where it was put."""
    rest = max(0, rules.min_rest_s)
    fields = list(orders)
    ptr = {f: 0 for f in fields}
    free: dict[str, int] = {f: -(1 << 62) for f in fields}
    cur = {f: 0 for f in fields}
    done: dict[str, tuple[int, int, str]] = {}
    ath: dict[str, list[tuple[int, int]]] = defaultdict(list)
    out: list[Slot] = []

    def sort_key(f: str, n: int) -> tuple[int, int]:
        k = orders[f][n]
        if k == moved or k not in old:
            if n > 0:
                prev = orders[f][n - 1]
                return (int(old[prev].start.timestamp()) if prev in old else 0, 1)
            return (sess[f][0].start if sess.get(f) else 0, 1)
        return (int(old[k].start.timestamp()), 0)

    while True:
        heads = [(sort_key(f, ptr[f]), fi, f) for fi, f in enumerate(fields) if ptr[f] < len(orders[f])]
        if not heads:
            break

        def ready(f: str) -> bool:
            k = orders[f][ptr[f]]
            if k == moved or k in fixed or k not in it.index:
                return True
            return all(it.keys[j] in done or it.keys[j] not in old and it.keys[j] != moved for j in it.after[it.index[k]])

        ok = [h for h in heads if ready(h[2])]
        _sk, _fi, f = min(ok or heads)
        k = orders[f][ptr[f]]
        ptr[f] += 1
        lst = sess.get(f, [])
        if k in fixed and k in old:
            a, b = int(old[k].start.timestamp()), int(old[k].end.timestamp())
            sk = old[k].session
            for n, x in enumerate(lst):
                if x.key == sk:
                    cur[f] = max(cur[f], n)
        else:
            i = it.index.get(k)
            item = it.items[i] if i is not None else None
            d = item.duration_s if item is not None else int((old[k].end - old[k].start).total_seconds())
            t = free[f]
            if item is not None and item.not_before is not None:
                t = max(t, int(item.not_before.timestamp()))
            pot: frozenset[str] = it.pot[i] if i is not None else frozenset()
            if k != moved and i is not None:
                for j in it.after[i]:
                    if it.keys[j] in done:
                        t = max(t, done[it.keys[j]][1] + rest)
            n = cur[f]
            while True:
                while n < len(lst) - 1 and max(t, lst[n].start) + d > lst[n].end:
                    n += 1
                if lst and t < lst[n].start:
                    t = lst[n].start
                changed = False
                if k != moved:
                    for a_ in pot:
                        for s0, e0 in ath.get(a_, ()):
                            if t < e0 + rest and s0 < t + d + rest:
                                t = e0 + rest
                                changed = True
                if not changed:
                    break
            cur[f] = n
            a, b = t, t + d
            sk = lst[n].key if lst else (old[k].session if k in old else "")
        free[f] = max(free[f], b)
        done[k] = (a, b, f)
        i2 = it.index.get(k)
        if i2 is not None:
            for a_ in it.pot[i2]:
                ath[a_].append((a, b))
        out.append(Slot(k, f, sk, ptr[f], clock.dt(a), clock.dt(b)))
    return out


def move(
    plan: Plan,
    items: Sequence[Item],
    rules: Rules,
    key: str,
    field: str,
    position: int,
    started: frozenset[str] = frozenset(),
) -> tuple[Plan, list[Conflict], list[str]]:
    """The plan with ``key`` at ``position`` (from 1) on ``field``, what it would break, and what changes.

    The other contests keep their order on every field; times are recomputed (each as early as its
    field, session, sources and athletes' rest allow; ``started`` contests keep their times, the
    moved one takes the place it was given, so a move before its source shows as a conflict rather
    than being pushed later). Conflicts are those the move creates (not already in ``plan``). The
    change list reads "Trận X: 09:40 -> 10:05, Thảm 2" in the venue's local time, the moved contest
    first. Moving a started contest, or in front of one, changes nothing and returns one
    ``schedule.started`` conflict. An unplaced contest may be moved into a field.
    """
    clock = _Clock(rules.time_zone)
    it = _prepare_items(items)
    old = plan.by_key()
    unplaced = {k for k, _ in plan.unplaced}
    if key not in old and key not in unplaced:
        raise ScheduleError("schedule.unknown_key", f"Không có trận {key} trong lịch")
    fields = list(dict.fromkeys([s.field for s in plan.sessions] + [s.field for s in plan.slots]))
    if field not in fields:
        raise ScheduleError("schedule.unknown_field", f"Sân {field} không có trong lịch")
    if key in started:
        return plan, [Conflict("schedule.started", Said("schedule.started", bout=key), (key,))], []
    orders = {f: [s.key for s in plan.field_order(f)] for f in fields}
    if key in old:
        orders[old[key].field].remove(key)
    target = orders[field]
    p = min(max(position, 1), len(target) + 1)
    blocking = [k for k in target[p - 1 :] if k in started]
    if blocking:
        msg = Said("schedule.before_started", bout=key, other=blocking[0], field=field)
        return plan, [Conflict("schedule.started", msg, (key, blocking[0]))], []
    target.insert(p - 1, key)
    empty: dict[str, list[_Sess]] = {f: [] for f in fields}
    sess = empty | (_sessions_by_field(plan, clock) if plan.sessions else _pseudo_sessions(plan, clock))
    slots = _retime(orders, it, old, sess, rules, started, key, clock)
    fidx = {f: n for n, f in enumerate(fields)}
    slots.sort(key=lambda s: (fidx[s.field], s.position))
    new = Plan(tuple(slots), tuple(u for u in plan.unplaced if u[0] != key), plan.sessions, _links(slots, it, rules))
    before = {(c.code, c.keys) for c in check(plan, items, rules)}
    conflicts = [c for c in check(new, items, rules) if (c.code, c.keys) not in before]
    return new, conflicts, _changes(old, new.by_key(), key, clock)


def _sessions_by_field(plan_: Plan, clock: _Clock) -> dict[str, list[_Sess]]:
    per: dict[str, list[_Sess]] = defaultdict(list)
    for s in plan_.sessions:
        a, b = int(s.start.timestamp()), int(s.end.timestamp())
        per[s.field].append(_Sess(s.key, s.name, a, b, (clock.day(a), s.name.strip())))
    for lst in per.values():
        lst.sort(key=lambda x: (x.start, x.key))
    return dict(per)


def _changes(old: Mapping[str, Slot], new: Mapping[str, Slot], moved: str, clock: _Clock) -> list[str]:
    lines: list[tuple[int, int, Said]] = []
    for k, s in new.items():
        o = old.get(k)
        a = int(s.start.timestamp())
        if o is None:
            lines.append((0 if k == moved else 1, a, Said("schedule.change_placed", bout=k, to=clock.when(a, a), field=s.field)))
            continue
        b = int(o.start.timestamp())
        if a == b and o.field == s.field:
            continue
        when = {"bout": k, "from": clock.when(b, b), "to": clock.when(a, b), "field": s.field}
        said = Said("schedule.change_time", **when) if o.field == s.field else Said("schedule.change_field", **when, from_field=o.field)
        lines.append((0 if k == moved else 1, a, said))
    return [text for _m, _a, text in sorted(lines)]
