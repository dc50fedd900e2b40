"""A judged athlete's program: what they perform in each part of a performance (a diver's dive list: each dive's
number and its degree of difficulty), entered by the manager on the category's page and given to each part's
contest as its parameters when the field calls it (the diving rule sets multiply the judges' awards by ``dd``).

Rules kept here: a program has exactly one item per part; every parameter the event's rule set multiplies in
(``multipliers``) is given, a positive decimal within its bounds; a diving item names its dive (World Aquatics dive
numbers: group 1-6, two or three more digits, position A-D); an item whose contest has started is not changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from base.audit import audit
from base.db import row_id
from scoring.rules.catalog import load_ruleset
from tournaments import draws
from tournaments.drawing import entrant_key
from tournaments.errors import CategoryInvalid, ProgramInvalid, ProgramMissing
from tournaments.models import Category, CategoryEntry
from tournaments.progress import ProgressService

# World Aquatics' table of degrees of difficulty runs from 1.2 to 4.8 (to be checked against the edition in force);
# the bounds catch a typing slip (34 for 3.4) without refusing a dive of the table.
BOUNDS: dict[str, tuple[Decimal, Decimal, int]] = {"dd": (Decimal("1.0"), Decimal("5.0"), 1)}  # low, high, decimals
DIVE_NUMBER = re.compile(r"^[1-6][0-9]{2,3}[A-D]$")
NAMES_VI = {"dd": "độ khó (DD)"}


def _vi(d: Decimal) -> str:
    return f"{d:f}".replace(".", ",")


def _value(text: Any, name: str, where: str) -> Decimal:
    """A multiplier as typed (2,4 or 2.4); ValueError with the Vietnamese reason."""
    label = NAMES_VI.get(name, name)
    raw = str(text if text is not None else "").strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{where}: {label} «{text or ''}» không phải là số") from None
    low, high, places = BOUNDS.get(name, (Decimal(0), Decimal(100), 2))
    if not value.is_finite() or not low <= value <= high or value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(f"{where}: {label} «{text}» phải từ {_vi(low)} đến {_vi(high)}, nhiều nhất {places} chữ số thập phân")
    return value


def check_program(
    items: Sequence[Mapping[str, Any]], *, athlete: str, parts: int, multipliers: Sequence[str], diving: bool
) -> list[dict[str, str]]:
    """The program as stored: one {"code", <multiplier>...} per part, values as plain decimal strings; raises
    ProgramInvalid naming the athlete and the row (bài N) of the first problem."""
    if len(items) != parts:
        raise ProgramInvalid(athlete, detail=f"cần đúng {parts} bài (mỗi bài một dòng), đang có {len(items)}")
    out: list[dict[str, str]] = []
    for n, item in enumerate(items, start=1):
        where = f"bài {n}"
        unknown = sorted(set(item) - {"code", *multipliers})
        if unknown:
            raise ProgramInvalid(athlete, detail=f"{where}: không có mục «{unknown[0]}»")
        code = str(item.get("code") or "").strip().upper()
        if diving and not DIVE_NUMBER.match(code):
            raise ProgramInvalid(athlete, detail=f"{where}: số hiệu bài nhảy «{code}» không đúng (ví dụ 105B, 5253B)")
        if len(code) > 20:
            raise ProgramInvalid(athlete, detail=f"{where}: tên bài quá dài (tối đa 20 ký tự)")
        row = {"code": code}
        for name in multipliers:
            try:
                row[name] = format(_value(item.get(name), name, where), "f")
            except ValueError as exc:
                raise ProgramInvalid(athlete, detail=str(exc)) from None
        out.append(row)
    return out


def part_params(program: str, part: int) -> dict[str, str]:
    """The contest parameters of one part (1-based) from a stored program: {"dd": "2.4", "dive_code": "105B"}."""
    items = json.loads(program) if program else []
    if not 1 <= part <= len(items):
        return {}
    item = dict(items[part - 1])
    code = item.pop("code", "")
    return {**item, **({"dive_code": code} if code else {})}


def program_parts(options: Mapping[str, Any]) -> int:
    """How many items a program of a judged category has: the largest ``parts`` of its stages (default 1)."""
    default = options.get("parts", 1)
    stages = options.get("stages") or [{}]
    counts = [st.get("parts", default) for st in stages if isinstance(st, Mapping)]
    return max((c for c in counts if isinstance(c, int) and not isinstance(c, bool)), default=1)


class ProgramService(ProgressService):
    async def program_spec(self, category: Category) -> tuple[int, tuple[str, ...], bool]:
        """(items a program has, the rule set's multipliers, whether it is diving) for a category."""
        event = await self._event(category.event_id)
        multipliers: tuple[str, ...] = ()
        if event["ruleset"]:
            rs = load_ruleset(event["ruleset"])
            multipliers = tuple(rs.panel.multipliers) if rs.panel is not None else ()
        return program_parts(json.loads(category.draw_options or "{}")), multipliers, event["sport"] == "diving"

    async def set_program(self, entry_id: int, items: Sequence[Mapping[str, Any]]) -> CategoryEntry:
        """Record an athlete's program; refused for an item whose contest has started (it was performed with the old one)."""
        row = await self.entry(entry_id)
        category = await self.category(row.category_id)
        if category.draw_format != "judged":
            raise CategoryInvalid("danh sách bài thi", "chỉ có ở nội dung chấm điểm (thể thức chấm điểm theo lượt)")
        name = next((e.name for e in await self.entry_rows(row_id(category)) if e.id == entry_id), str(entry_id))
        parts, multipliers, diving = await self.program_spec(category)
        program = check_program(items, athlete=name, parts=parts, multipliers=multipliers, diving=diving)
        old = json.loads(row.program) if row.program else []
        for part in await self._started_parts(category, entry_id):
            if part <= len(old) and old[part - 1] != program[part - 1]:
                raise ProgramInvalid(name, detail=f"bài {part}: đã thi rồi, không sửa được")
        row.program = json.dumps(program, ensure_ascii=False, sort_keys=True)
        self.session.add(row)
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.entry.program",
            subject=f"category:{category.id}",
            detail={"entry": entry_id, "program": program},
        )
        await self.session.commit()
        return row

    async def _started_parts(self, category: Category, entry_id: int) -> set[int]:
        record = next((r for r in reversed(await self.records(row_id(category))) if r.status == "drawn"), None)
        if record is None:
            return set()
        _, state, bouts = await self.state(record)
        facts = await self.competitions.contest_facts([b.contest_id for b in bouts if b.contest_id is not None])
        # a contest on its field now was called with its parameters already (``call_up``)
        called = {f.current_contest_id for f in await self.competitions.fops(category.competition_id)} - {None}
        key = entrant_key(entry_id)
        return {
            draws.part_of(b.match_key)
            for b in bouts
            if state.matches[b.match_key].red == key
            and (
                b.status in ("running", "done")
                or b.contest_id in called
                or (b.contest_id in facts and facts[b.contest_id].status != "scheduled")
            )
        }

    async def call_up(self, contest_id: int) -> None:
        """Before a performance's contest is opened (its field calls it): give it its part's parameters from the
        athlete's program, as the program is now. Raises ProgramMissing when the rule set needs one not given."""
        bout = await self.bout_of_contest(contest_id)
        if bout is None:
            return
        record, made = await self.draw_of(bout)
        if made.match(bout.match_key).blue is not None:
            return
        _, state, _ = await self.state(record)
        who = state.matches[bout.match_key].red
        entry = next((e for e in await self.entries(bout.category_id) if who == entrant_key(row_id(e))), None)
        if entry is None:
            return
        category = await self.category(bout.category_id)
        part = draws.part_of(bout.match_key)
        params = part_params(entry.program, part)
        _, multipliers, _ = await self.program_spec(category)
        missing = [m for m in multipliers if m not in params]
        if missing:
            name = next((e.name for e in await self.entry_rows(row_id(category)) if e.id == row_id(entry)), str(who))
            raise ProgramMissing(name, part, detail=", ".join(NAMES_VI.get(m, m) for m in missing))
        if params:
            await self.competitions.set_params(contest_id, params)
            await self.session.commit()
