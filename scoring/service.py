"""Scoring use cases: set up competitions, events, fields, panels, entries and contests; the back
office edits and cancels them.

Rules the back office keeps:
- nothing is deleted: a cancelled row keeps its record with when and why (``cancelled_at``,
  ``cancelled_reason``; a contest: status ``cancelled`` and ``params.cancelled_because``), stays in
  the lists and leaves the pickers;
- an edit never falsifies a log: a contest's rule set, sides and parameters are written into its first
  event, so they change only before it is written, and its field, panel and athletes only before it starts;
- a competition or event with a running contest cannot be cancelled; its contests not yet held are
  cancelled with it, those held keep their results;
- every edit and cancellation is in the audit log: who, when, which fields from what to what.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import msgspec
from sqlalchemy import or_
from sqlmodel import SQLModel, col, select

from athletes.service import get_athlete
from base.audit import AuditEntry, audit, audit_trail
from base.db import AsyncSession, row_id
from base.errors import Conflict, InvalidInput, NotFound
from base.rows import get_row, storable_id
from scoring.live.chain import ChainRecord, verify_chain
from scoring.models import Competition, Contest, ContestEvent, Entry, FieldOfPlay, Panel, SportEvent
from scoring.rules import ContestScore, LogEvent, RuleSet, load_ruleset, score_contest
from scoring.rules.errors import RuleError
from scoring.schemas import (
    MAX_ROUND_SECONDS,
    CompetitionCreate,
    CompetitionUpdate,
    ContestCreate,
    ContestUpdate,
    EntryCreate,
    EntryUpdate,
    FieldOfPlayCreate,
    FieldOfPlayUpdate,
    PanelCreate,
    PanelUpdate,
    SportEventCreate,
    SportEventUpdate,
)

# The back office's field names, as a person reads them: (vi, en).
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("Tên", "Name"),
    "venue": ("Địa điểm", "Venue"),
    "starts_on": ("Ngày bắt đầu", "Starts on"),
    "ends_on": ("Ngày kết thúc", "Ends on"),
    "level": ("Cấp giải", "Level"),
    "competition_id": ("Giải đấu", "Competition"),
    "event_id": ("Nội dung", "Event"),
    "ruleset_id": ("Luật thi đấu", "Rule set"),
    "discipline": ("Môn/nội dung con", "Discipline"),
    "category": ("Hạng mục", "Category"),
    "kind": ("Loại sân", "Kind"),
    "fop_id": ("Sân thi đấu", "Field of play"),
    "panel_id": ("Tổ trọng tài", "Panel"),
    "seats": ("Ghế giám định", "Seats"),
    "athlete_id": ("Vận động viên", "Athlete"),
    "bib": ("Số đeo", "Bib"),
    "label": ("Tên trận", "Label"),
    "order": ("Thứ tự", "Order"),
    "red_entry_id": ("Vận động viên Đỏ", "Red"),
    "blue_entry_id": ("Vận động viên Xanh", "Blue"),
    "dd": ("Hệ số độ khó (DD)", "Degree of difficulty (DD)"),
    "dive_code": ("Số hiệu bài nhảy", "Dive number"),
    "round_seconds": ("Thời gian mỗi hiệp (giây)", "Round length (seconds)"),
    "reason": ("Lý do huỷ", "Reason"),
    "params": ("Thông số", "Parameters"),
    "sport": ("Môn thể thao", "Sport"),
}
LEVELS = ("city", "national", "international")
FOP_KINDS = ("mat", "ring", "board", "floor")
DIVE_NUMBER = re.compile(r"^[1-6]\d{2,3}[A-D]$")  # 105B, 5253B: group, somersaults, twists, position
MAX_DD = Decimal("5")


class SetupInvalid(InvalidInput):
    """A back-office value refused; ``field`` is the form's field and the texts name it for the reader.
    (It lives beside the use cases it guards; ``scoring/errors.py`` is the live scoring's tree.)"""

    code = "scoring.setup_invalid"
    vi = "Dữ liệu không hợp lệ: {detail}"
    en = "Invalid input: {detail}"

    def __init__(self, field: str, vi: str, en: str) -> None:
        self.field, self.said = field, {"vi": vi, "en": en}
        super().__init__(detail=en)

    def message(self, lang: str = "vi") -> str:
        return (self.vi if lang == "vi" else self.en).format(detail=self.said["vi" if lang == "vi" else "en"])

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {**super().as_dict(lang), "field": self.field}


class SetupRefused(Conflict):
    """A change the record does not allow now: it would falsify a contest's log, or a contest runs."""

    code = "scoring.setup_refused"
    vi = "Không thể thực hiện: {detail}"
    en = "Not possible: {detail}"

    def __init__(self, vi: str, en: str) -> None:
        self.said = {"vi": vi, "en": en}
        super().__init__(detail=en)

    def message(self, lang: str = "vi") -> str:
        return (self.vi if lang == "vi" else self.en).format(detail=self.said["vi" if lang == "vi" else "en"])


def _started(contest: Contest, contest_id: int, then: str = "") -> SetupRefused:
    who = contest.label or contest_id
    return SetupRefused(f"trận «{who}» đã bắt đầu hoặc đã kết thúc{then}", f"contest {who} has started")


def bad(field: str, vi: str, en: str) -> SetupInvalid:
    """``field`` refused: "«Tên» chưa điền" / "Name: is empty"."""
    names = FIELDS.get(field, (field, field))
    return SetupInvalid(field, f"«{names[0]}» {vi}", f"{names[1]}: {en}")


def text_field(value: str, field: str, max_len: int = 200, *, required: bool = True) -> str:
    value = unicodedata.normalize("NFC", value.strip())
    if required and not value:
        raise bad(field, "chưa điền", "is empty")
    if len(value) > max_len:
        raise bad(field, f"dài quá {max_len} ký tự", f"is longer than {max_len} characters")
    return value


_Row = TypeVar("_Row", bound=SQLModel)


WHAT_VI = {
    "competition": "giải đấu",
    "event": "nội dung thi đấu",
    "field of play": "sân/thảm thi đấu",
    "panel": "tổ trọng tài",
    "contest": "trận đấu",
    "entry": "vận động viên đăng ký",
}


async def _must(session: AsyncSession, model: type[_Row], row_id: int, what: str) -> _Row:
    """The row, or "not found" in Vietnamese (also for an id no row can have, never a database error)."""
    row = await get_row(session, model, row_id)
    if row is None:
        raise NotFound(WHAT_VI.get(what, what), detail=f"{what} {row_id}")
    return row


def _open(row: Competition | SportEvent | FieldOfPlay | Panel | Entry, field: str, what_vi: str, what_en: str) -> None:
    """Refuse to use (pick, edit) a cancelled row."""
    if row.cancelled_at is not None:
        raise bad(field, f"đã huỷ ({what_vi}: {row.cancelled_reason})", f"was cancelled ({what_en}: {row.cancelled_reason})")


def _refuse_cancelled(row: Competition | SportEvent | FieldOfPlay | Panel | Entry) -> None:
    if row.cancelled_at is not None:
        raise SetupRefused(f"đã huỷ: {row.cancelled_reason}; không sửa hay huỷ lại được", f"cancelled: {row.cancelled_reason}")


def check_params(ruleset: RuleSet, params: dict[str, Any], *, complete: bool = False) -> dict[str, Any]:
    """A contest's parameters checked for its rule set and written plainly ("3,4" -> "3.4"): the
    multipliers it reads (diving's dd), a dive's number, a bout's round length; other keys (a draw's)
    pass. ``complete``: each multiplier is required (the contest's log opens now)."""
    out = dict(params)
    for name in ruleset.panel.multipliers if ruleset.panel is not None else ():
        raw = str(out.get(name, "") if out.get(name) is not None else "").strip().replace(",", ".")
        if not raw:
            if complete:
                raise bad(name, "chưa điền", "is required by this rule set")
            out.pop(name, None)
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise bad(name, f"«{raw}» không phải là số (ví dụ 3,4)", f"{raw!r} is not a number (e.g. 3.4)") from None
        if not value.is_finite() or not 0 < value <= MAX_DD:
            raise bad(name, f"phải lớn hơn 0 và không quá {MAX_DD}", f"must be above 0 and at most {MAX_DD}")
        out[name] = format(value.normalize(), "f")
    code = str(out.get("dive_code") or "").strip().upper()
    if code and not DIVE_NUMBER.match(code):
        raise bad("dive_code", f"«{code}» không đúng (ví dụ 105B, 5253B)", f"{code!r} is not a dive number (e.g. 105B, 5253B)")
    if code:
        out["dive_code"] = code
    else:
        out.pop("dive_code", None)
    seconds = out.get("round_seconds")
    if seconds in ("", None):
        out.pop("round_seconds", None)
    elif isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= MAX_ROUND_SECONDS:
        raise bad("round_seconds", f"là số nguyên từ 1 đến {MAX_ROUND_SECONDS}", f"a whole number from 1 to {MAX_ROUND_SECONDS}")
    return out


def param_fields(ruleset: RuleSet) -> list[str]:
    """The parameters a contest of ``ruleset`` is given in the back office, in the form's order."""
    fields = list(ruleset.panel.multipliers) if ruleset.panel is not None else []
    if ruleset.sport == "diving":
        fields.append("dive_code")
    if ruleset.bout is not None or ruleset.cards is not None:
        fields.append("round_seconds")
    return fields


def two_sided(ruleset: RuleSet) -> bool:
    """Whether a contest of ``ruleset`` is a bout (red and blue) rather than one athlete's performance."""
    return ruleset.bout is not None or ruleset.cards is not None


@dataclass(frozen=True, slots=True)
class ContestFacts:
    """What another domain may know of a contest: where and when it is, who is in it, its status."""

    id: int
    event_id: int
    fop_id: int
    panel_id: int
    order: int
    label: str
    status: str  # scheduled, running, ended
    red_entry_id: int | None
    blue_entry_id: int | None
    final_hash: str


def _facts(c: Contest) -> ContestFacts:
    assert c.id is not None
    return ContestFacts(c.id, c.event_id, c.fop_id, c.panel_id, c.order, c.label, c.status, c.red_entry_id, c.blue_entry_id, c.final_hash)


def _changes(row: SQLModel, new: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``new`` on ``row``; what changed, field -> [before, after], for the audit log."""
    changed = {}
    for name, value in new.items():
        before = getattr(row, name)
        if before != value:
            changed[name] = [before, value]
            setattr(row, name, value)
    return changed


def _given(data: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH names (UNSET ones are kept as they are)."""
    return {f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not msgspec.UNSET}


def _cancelled_because(contest: Contest) -> str:
    return str(json.loads(contest.params or "{}").get("cancelled_because", ""))


def _labels(contests: list[Contest]) -> str:
    return ", ".join(f"«{c.label or c.id}»" for c in contests)


class CompetitionService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _save(self, row: _Row) -> _Row:
        self.session.add(row)
        await self.session.commit()
        await self.session.refresh(row)
        return row

    # ---- creating --------------------------------------------------------------------------

    async def create_competition(self, data: CompetitionCreate) -> Competition:
        row = Competition(name="", level="city")
        self._competition_fields(row, _given(data))
        return await self._save(row)

    def _competition_fields(self, row: Competition, given: dict[str, Any]) -> dict[str, list[Any]]:
        if "name" in given:
            given["name"] = text_field(given["name"], "name")
        if "venue" in given:
            given["venue"] = text_field(given["venue"], "venue", required=False)
        if given.get("level", row.level) not in LEVELS:
            raise bad("level", "là cấp thành phố, quốc gia hoặc quốc tế", "is city, national or international")
        changed = _changes(row, given)
        if row.starts_on and row.ends_on and row.ends_on < row.starts_on:
            raise bad("ends_on", "trước ngày bắt đầu", "is before the start")
        return changed

    async def create_event(self, data: SportEventCreate) -> SportEvent:
        competition = await _must(self.session, Competition, data.competition_id, "competition")
        _open(competition, "competition_id", "giải", "competition")
        ruleset = _ruleset(data.ruleset_id)
        return await self._save(
            SportEvent(
                competition_id=data.competition_id,
                name=text_field(data.name, "name"),
                sport=data.sport.strip() or ruleset.sport,
                discipline=text_field(data.discipline, "discipline", 100, required=False),
                category=text_field(data.category, "category", 100, required=False),
                ruleset_id=data.ruleset_id,
            )
        )

    async def create_fop(self, data: FieldOfPlayCreate) -> FieldOfPlay:
        competition = await _must(self.session, Competition, data.competition_id, "competition")
        _open(competition, "competition_id", "giải", "competition")
        if data.kind not in FOP_KINDS:
            raise bad("kind", "là thảm, sàn đài, cầu nhảy hoặc sàn", "is mat, ring, board or floor")
        return await self._save(FieldOfPlay(competition_id=data.competition_id, name=text_field(data.name, "name", 100), kind=data.kind))

    async def create_panel(self, data: PanelCreate) -> Panel:
        fop = await _must(self.session, FieldOfPlay, data.fop_id, "field of play")
        _open(fop, "fop_id", "sân", "field")
        return await self._save(Panel(fop_id=data.fop_id, name=text_field(data.name, "name", 100), seats=_seats(data.seats)))

    async def create_entry(self, data: EntryCreate, *, commit: bool = True) -> Entry:
        event = await _must(self.session, SportEvent, data.event_id, "event")
        _open(event, "event_id", "nội dung", "event")
        await get_athlete(self.session, data.athlete_id)
        bib = text_field(data.bib, "bib", 20, required=False)
        existing = (
            await self.session.exec(select(Entry).where(Entry.event_id == data.event_id, Entry.athlete_id == data.athlete_id))
        ).first()
        if existing is not None and existing.cancelled_at is None:
            raise bad("athlete_id", "đã đăng ký nội dung này rồi", "is already entered in this event")
        entry = existing or Entry(event_id=data.event_id, athlete_id=data.athlete_id)
        entry.bib, entry.cancelled_at, entry.cancelled_reason = bib, None, ""  # a cancelled entry is entered again
        if commit:
            return await self._save(entry)
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def drop_entry(self, entry_id: int) -> None:
        """Remove an entry no contest names (a refused or withdrawn registration). Flushes."""
        entry = await self.session.get(Entry, entry_id)
        if entry is None:
            return
        if await self._contests_naming(entry_id):
            raise SetupRefused("vận động viên này đã có trong một trận đấu", "the entry is in a contest")
        await self.session.delete(entry)
        await self.session.flush()

    async def create_contest(self, data: ContestCreate, *, commit: bool = True, complete: bool = False) -> Contest:
        """A contest; ``complete`` (the back office, which opens its log at once): both athletes of a
        bout, the one of a performance, and every parameter its rule set reads."""
        event = await _must(self.session, SportEvent, data.event_id, "event")
        _open(event, "event_id", "nội dung", "event")
        ruleset = _ruleset(event.ruleset_id)
        await self._place(
            event, data.fop_id, data.panel_id, data.red_entry_id, data.blue_entry_id, two_sided(ruleset) if complete else None
        )
        contest = Contest(
            event_id=data.event_id,
            fop_id=data.fop_id,
            panel_id=data.panel_id,
            label=text_field(data.label, "label", 100, required=False),
            order=data.order,
            red_entry_id=data.red_entry_id,
            blue_entry_id=data.blue_entry_id,
            params=json.dumps(check_params(ruleset, data.params, complete=complete), ensure_ascii=False, sort_keys=True),
        )
        if commit:
            return await self._save(contest)
        self.session.add(contest)
        await self.session.flush()
        return contest

    async def _place(self, event: SportEvent, fop_id: int, panel_id: int, red: int | None, blue: int | None, two: bool | None) -> None:
        """Check a contest's field, panel and athletes; ``two``: whether both sides are required
        (True), only red (False), or whatever is given (None)."""
        fop = await _must(self.session, FieldOfPlay, fop_id, "field of play")
        _open(fop, "fop_id", "sân", "field")
        panel = await _must(self.session, Panel, panel_id, "panel")
        _open(panel, "panel_id", "tổ", "panel")
        if panel.fop_id != fop.id:
            raise bad("panel_id", "làm việc ở sân khác", "works on another field of play")
        if two is not None and red is None:
            raise bad("red_entry_id", "chưa chọn", "is not chosen")
        if two and blue is None:
            raise bad("blue_entry_id", "chưa chọn (trận đối kháng cần hai bên)", "is not chosen (a bout has two sides)")
        if two is False and blue is not None:
            raise bad("blue_entry_id", "không có ở phần thi một vận động viên", "is not part of a one-athlete performance")
        for field, entry_id in (("red_entry_id", red), ("blue_entry_id", blue)):
            if entry_id is not None:
                entry = await _must(self.session, Entry, entry_id, "entry")
                _open(entry, field, "đăng ký", "entry")
                if entry.event_id != event.id:
                    raise bad(field, "đăng ký ở nội dung khác", "is entered in another event")
        if red is not None and red == blue:
            raise bad("blue_entry_id", "trùng với vận động viên Đỏ", "is the same as red")

    async def contest_facts(self, ids: list[int]) -> dict[int, ContestFacts]:
        ids = [i for i in ids if storable_id(i)]
        if not ids:
            return {}
        rows = await self.session.exec(select(Contest).where(col(Contest.id).in_(ids)))
        return {row_id(c): _facts(c) for c in rows.all()}

    async def place_contest(
        self, contest_id: int, *, fop_id: int, order: int, red_entry_id: int | None, blue_entry_id: int | None, label: str | None = None
    ) -> ContestFacts:
        """Move a contest that has not started to a field and a place in its order, and set its
        athletes (a draw fills them as earlier results come in). Flushes; the caller commits."""
        contest = await _must(self.session, Contest, contest_id, "contest")
        if contest.status != "scheduled" and (
            contest.fop_id != fop_id or contest.red_entry_id != red_entry_id or contest.blue_entry_id != blue_entry_id
        ):
            raise _started(contest, contest_id)
        if contest.fop_id != fop_id:
            panels = await self.panels(fop_id)
            if not panels:
                raise bad("fop_id", "sân này chưa có tổ trọng tài", "the field of play has no panel")
            contest.fop_id, contest.panel_id = fop_id, row_id(panels[0])
        contest.order = order
        contest.red_entry_id, contest.blue_entry_id = red_entry_id, blue_entry_id
        if label is not None:
            contest.label = label
        self.session.add(contest)
        await self.session.flush()
        return _facts(contest)

    async def set_params(self, contest_id: int, params: dict[str, Any]) -> ContestFacts:
        """Set some parameters of a contest that has not started (a dive's degree of difficulty, given by the
        diver's program when the dive is called); the others are kept. Flushes; the caller commits."""
        contest = await _must(self.session, Contest, contest_id, "contest")
        if contest.status != "scheduled":
            raise _started(contest, contest_id)
        merged = {**json.loads(contest.params or "{}"), **params}
        contest.params = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        self.session.add(contest)
        await self.session.flush()
        return _facts(contest)

    async def cancel_contest(self, contest_id: int, reason: str) -> ContestFacts:
        """A contest that will not be held (a redraw, a walkover decided off the mat): kept with its
        log, marked cancelled, never deleted. Only a contest that has not started. Flushes."""
        contest = await _must(self.session, Contest, contest_id, "contest")
        if contest.status not in ("scheduled", "cancelled"):
            raise _started(contest, contest_id, "; chỉ huỷ được trận chưa đấu")
        contest.status = "cancelled"
        params = json.loads(contest.params or "{}")
        params["cancelled_because"] = text_field(reason, "reason", 300)
        contest.params = json.dumps(params, ensure_ascii=False, sort_keys=True)
        self.session.add(contest)
        fop = await self.session.get(FieldOfPlay, contest.fop_id)
        if fop is not None and fop.current_contest_id == contest_id:
            fop.current_contest_id = None
            self.session.add(fop)
        await self.session.flush()
        return _facts(contest)

    async def set_current(self, fop_id: int, contest_id: int | None) -> FieldOfPlay:
        fop = await _must(self.session, FieldOfPlay, fop_id, "field of play")
        if contest_id is not None:
            contest = await _must(self.session, Contest, contest_id, "contest")
            if contest.fop_id != fop_id:
                raise bad(
                    "contest_id",
                    f"trận «{contest.label or contest_id}» được xếp ở sân khác",
                    "the contest is scheduled on another field of play",
                )
        fop.current_contest_id = contest_id
        return await self._save(fop)

    # ---- editing (the back office; each change audited) ------------------------------------

    async def _audited(self, kind: str, row: SQLModel, changed: dict[str, list[Any]], actor: Any) -> None:
        if changed:
            audit(self.session, actor=actor, action=f"{kind}.update", subject=f"{kind}:{getattr(row, 'id', '')}", detail=changed)
            self.session.add(row)
            await self.session.commit()
            await self.session.refresh(row)

    async def update_competition(self, competition_id: int, data: CompetitionUpdate, *, actor: Any) -> Competition:
        row = await _must(self.session, Competition, competition_id, "competition")
        _refuse_cancelled(row)
        await self._audited("competition", row, self._competition_fields(row, _given(data)), actor)
        return row

    async def update_event(self, event_id: int, data: SportEventUpdate, *, actor: Any) -> SportEvent:
        row = await _must(self.session, SportEvent, event_id, "event")
        _refuse_cancelled(row)
        given = _given(data)
        for field, size in (("name", 200), ("discipline", 100), ("category", 100)):
            if field in given:
                given[field] = text_field(given[field], field, size, required=field == "name")
        if given.get("ruleset_id", row.ruleset_id) != row.ruleset_id:
            ruleset = _ruleset(given["ruleset_id"])
            logged = await self._logged([row_id(c) for c in await self.contests(event_id=event_id)])
            if logged:
                raise SetupRefused(
                    f"nội dung «{row.name}» đã có {len(logged)} trận ghi nhật ký theo luật hiện tại; đổi luật sẽ làm sai "
                    "nhật ký các trận đó (hãy tạo nội dung mới với luật khác)",
                    f"{len(logged)} contest(s) of event {row.name!r} are logged under its rule set; create a new event instead",
                )
            given["sport"] = ruleset.sport
        await self._audited("event", row, _changes(row, given), actor)
        return row

    async def update_fop(self, fop_id: int, data: FieldOfPlayUpdate, *, actor: Any) -> FieldOfPlay:
        row = await _must(self.session, FieldOfPlay, fop_id, "field of play")
        _refuse_cancelled(row)
        given = _given(data)
        if "name" in given:
            given["name"] = text_field(given["name"], "name", 100)
        if given.get("kind", row.kind) not in FOP_KINDS:
            raise bad("kind", "là thảm, sàn đài, cầu nhảy hoặc sàn", "is mat, ring, board or floor")
        await self._audited("fop", row, _changes(row, given), actor)
        return row

    async def update_panel(self, panel_id: int, data: PanelUpdate, *, actor: Any) -> Panel:
        row = await _must(self.session, Panel, panel_id, "panel")
        _refuse_cancelled(row)
        given = _given(data)
        if "name" in given:
            given["name"] = text_field(given["name"], "name", 100)
        if "seats" in given:
            given["seats"] = _seats(given["seats"])
            running = [c for c in await self._contests_of(panel_ids=[panel_id]) if c.status == "running"]
            if given["seats"] != row.seats and running:
                raise SetupRefused(
                    f"tổ «{row.name}» đang chấm trận {_labels(running)}; đổi ghế sau khi trận kết thúc",
                    f"panel {row.name!r} is judging {_labels(running)}; change its seats after the contest",
                )
        await self._audited("panel", row, _changes(row, given), actor)
        return row

    async def update_entry(self, entry_id: int, data: EntryUpdate, *, actor: Any) -> Entry:
        row = await _must(self.session, Entry, entry_id, "entry")
        _refuse_cancelled(row)
        given = {k: text_field(v, k, 20, required=False) for k, v in _given(data).items()}
        await self._audited("entry", row, _changes(row, given), actor)
        return row

    async def update_contest(self, contest_id: int, data: ContestUpdate, *, actor: Any) -> Contest:
        """Label and order always; field, panel and athletes before the contest starts (a bout keeps
        two sides, a performance one: its log says so); parameters before its log is opened."""
        row = await _must(self.session, Contest, contest_id, "contest")
        if row.status == "cancelled":
            raise SetupRefused(f"trận đã huỷ: {_cancelled_because(row)}", f"the contest was cancelled: {_cancelled_because(row)}")
        given = _given(data)
        if "label" in given:
            given["label"] = text_field(given["label"], "label", 100, required=False)
        placing = {k: v for k, v in given.items() if k in ("fop_id", "panel_id", "red_entry_id", "blue_entry_id")}
        placing = {k: v for k, v in placing.items() if getattr(row, k) != v}
        logged = bool(await self._logged([contest_id]))
        if placing:
            if row.status != "scheduled":
                raise SetupRefused(
                    f"trận «{row.label or contest_id}» đã bắt đầu; sân, tổ trọng tài và vận động viên được ghi theo trận, không sửa được",
                    f"contest {row.label or contest_id} has started; its field, panel and athletes stay",
                )
            fop = await _must(self.session, FieldOfPlay, given.get("fop_id", row.fop_id), "field of play")
            if "fop_id" in placing and (await self.fop(row.fop_id)).current_contest_id == contest_id:
                raise SetupRefused(
                    "trận đang được chọn trên sân của nó; hãy chọn trận khác trên bàn điều khiển trước khi chuyển sân",
                    "the contest is the current one on its field; choose another there first",
                )
            event = await _must(self.session, SportEvent, row.event_id, "event")
            two = (row.blue_entry_id is not None) if logged else None
            await self._place(
                event,
                fop.id or 0,
                given.get("panel_id", row.panel_id),
                given.get("red_entry_id", row.red_entry_id),
                given.get("blue_entry_id", row.blue_entry_id),
                two,
            )
        if "params" in given:
            event = await _must(self.session, SportEvent, row.event_id, "event")
            kept = {k: v for k, v in json.loads(row.params or "{}").items() if k not in param_fields(_ruleset(event.ruleset_id))}
            params = {**kept, **check_params(_ruleset(event.ruleset_id), given["params"], complete=logged)}
            if params == json.loads(row.params or "{}"):
                given.pop("params")
            elif logged or row.status != "scheduled":
                raise SetupRefused(
                    "thông số của trận đã ghi vào nhật ký khi tạo trận; muốn đổi, hãy huỷ trận này và tạo trận mới",
                    "the contest's parameters are in its log since it was created; cancel it and create a new one",
                )
            else:
                given["params"] = json.dumps(params, ensure_ascii=False, sort_keys=True)
        await self._audited("contest", row, _changes(row, given), actor)
        return row

    # ---- cancelling: kept with when and why, never deleted ---------------------------------

    async def cancel(self, kind: str, row_id_: int, reason: str, *, actor: Any, now: datetime) -> list[int]:
        """Cancel a competition, event, fop, panel, entry or contest; returns the contests cancelled
        with it (the hub tells their screens). Refused while a contest it holds is running."""
        why = text_field(reason, "reason", 300)
        if kind == "contest":
            contest = await _must(self.session, Contest, row_id_, "contest")
            if contest.status == "cancelled":
                raise SetupRefused(f"trận đã huỷ: {_cancelled_because(contest)}", f"cancelled: {_cancelled_because(contest)}")
            await self.cancel_contest(row_id_, why)
            audit(self.session, actor=actor, action="contest.cancel", subject=f"contest:{row_id_}", detail={"reason": why})
            await self.session.commit()
            return [row_id_]
        model, what = SETUP_KINDS[kind]
        row = await _must(self.session, model, row_id_, what)
        _refuse_cancelled(row)
        contests, rows = await self._held_by(kind, row)
        running = [c for c in contests if c.status == "running"]
        if running:
            raise SetupRefused(
                f"còn trận đang diễn ra: {_labels(running)}; hãy kết thúc trận trước khi huỷ",
                f"contests are running: {_labels(running)}; end them first",
            )
        waiting = [c for c in contests if c.status == "scheduled"]
        if waiting and kind in ("fop", "panel", "entry"):
            raise SetupRefused(
                f"còn trận chưa đấu: {_labels(waiting)}; hãy sửa (chuyển sân, đổi người) hoặc huỷ các trận đó trước",
                f"contests not yet held use it: {_labels(waiting)}; edit or cancel them first",
            )
        for contest in waiting:
            await self.cancel_contest(row_id(contest), why)
        for held in [row, *rows]:
            if held.cancelled_at is None:
                held.cancelled_at, held.cancelled_reason = now, why
                self.session.add(held)
        detail = {"reason": why, "contests": [row_id(c) for c in waiting]}
        audit(self.session, actor=actor, action=f"{kind}.cancel", subject=f"{kind}:{row_id_}", detail=detail)
        await self.session.commit()
        return [row_id(c) for c in waiting]

    async def _held_by(self, kind: str, row: Any) -> tuple[list[Contest], list[Any]]:
        """The contests a row holds, and the rows cancelled with it (a competition's events, fields and
        panels; a field's panels)."""
        if kind == "competition":
            events, fops = await self.events(row.id), await self.fops(row.id)
            panels = await self._panels_of([row_id(f) for f in fops])
            contests = await self._contests_of(event_ids=[row_id(e) for e in events], fop_ids=[row_id(f) for f in fops])
            return contests, [*events, *fops, *panels]
        if kind == "event":
            return await self._contests_of(event_ids=[row.id]), []
        if kind == "fop":
            return await self._contests_of(fop_ids=[row.id]), await self._panels_of([row.id])
        if kind == "panel":
            return await self._contests_of(panel_ids=[row.id]), []
        return await self._contests_naming(row.id), []

    async def _contests_of(
        self, *, event_ids: list[int] | None = None, fop_ids: list[int] | None = None, panel_ids: list[int] | None = None
    ) -> list[Contest]:
        where = [
            col(column).in_(ids)
            for column, ids in ((Contest.event_id, event_ids), (Contest.fop_id, fop_ids), (Contest.panel_id, panel_ids))
            if ids
        ]
        if not where:
            return []
        return list((await self.session.exec(select(Contest).where(or_(*where)).order_by(col(Contest.id)))).all())

    async def _contests_naming(self, entry_id: int) -> list[Contest]:
        q = select(Contest).where((col(Contest.red_entry_id) == entry_id) | (col(Contest.blue_entry_id) == entry_id))
        return list((await self.session.exec(q.order_by(col(Contest.id)))).all())

    async def _panels_of(self, fop_ids: list[int]) -> list[Panel]:
        if not fop_ids:
            return []
        return list((await self.session.exec(select(Panel).where(col(Panel.fop_id).in_(fop_ids)))).all())

    async def _logged(self, contest_ids: list[int]) -> set[int]:
        """The contests among ``contest_ids`` whose log has at least one event."""
        if not contest_ids:
            return set()
        q = select(ContestEvent.contest_id).where(col(ContestEvent.contest_id).in_(contest_ids)).distinct()
        return set((await self.session.exec(q)).all())

    async def has_log(self, contest_id: int) -> bool:
        """Whether the contest's log has been opened (its rule set, sides and parameters are in it)."""
        return bool(await self._logged([contest_id]))

    async def history(self, kind: str, row_id_: int) -> list[AuditEntry]:
        """The audit entries of one back-office row, oldest first."""
        return await audit_trail(self.session, f"{kind}:{row_id_}")

    # ---- reading ---------------------------------------------------------------------------

    async def competitions(self) -> list[Competition]:
        return list((await self.session.exec(select(Competition).order_by(col(Competition.id)))).all())

    async def events(self, competition_id: int | None = None) -> list[SportEvent]:
        q = select(SportEvent).order_by(col(SportEvent.id))
        if competition_id is not None:
            q = q.where(SportEvent.competition_id == competition_id)
        return list((await self.session.exec(q)).all())

    async def fops(self, competition_id: int | None = None) -> list[FieldOfPlay]:
        q = select(FieldOfPlay).order_by(col(FieldOfPlay.id))
        if competition_id is not None:
            q = q.where(FieldOfPlay.competition_id == competition_id)
        return list((await self.session.exec(q)).all())

    async def panels(self, fop_id: int | None = None) -> list[Panel]:
        q = select(Panel).order_by(col(Panel.id))
        if fop_id is not None:
            q = q.where(Panel.fop_id == fop_id)
        return list((await self.session.exec(q)).all())

    async def entries(self, event_id: int | None = None) -> list[Entry]:
        q = select(Entry).order_by(col(Entry.event_id), col(Entry.id))
        if event_id is not None:
            q = q.where(Entry.event_id == event_id)
        return list((await self.session.exec(q)).all())

    async def contests(self, fop_id: int | None = None, event_id: int | None = None) -> list[Contest]:
        q = select(Contest).order_by(col(Contest.fop_id), col(Contest.order), col(Contest.id))
        if fop_id is not None:
            q = q.where(Contest.fop_id == fop_id)
        if event_id is not None:
            q = q.where(Contest.event_id == event_id)
        return list((await self.session.exec(q)).all())

    async def contest(self, contest_id: int) -> Contest:
        return await _must(self.session, Contest, contest_id, "contest")

    async def fop(self, fop_id: int) -> FieldOfPlay:
        return await _must(self.session, FieldOfPlay, fop_id, "field of play")

    async def panel(self, panel_id: int) -> Panel:
        return await _must(self.session, Panel, panel_id, "panel")

    async def row(self, kind: str, row_id_: int) -> Any:
        """One back-office row by its kind (``SETUP_KINDS`` or "contest"), or "not found"."""
        model, what = SETUP_KINDS.get(kind, (Contest, "contest"))
        return await _must(self.session, model, row_id_, what)


SETUP_KINDS: dict[str, tuple[type[Any], str]] = {
    "competition": (Competition, "competition"),
    "event": (SportEvent, "event"),
    "fop": (FieldOfPlay, "field of play"),
    "panel": (Panel, "panel"),
    "entry": (Entry, "entry"),
}


def _ruleset(ruleset_id: str) -> RuleSet:
    try:
        return load_ruleset(ruleset_id)
    except RuleError:
        raise bad("ruleset_id", "không có trong danh sách luật thi đấu", "is not a known rule set") from None


def _seats(seats: list[str]) -> str:
    names = [text_field(s, "seats", 20) for s in seats]
    if not names or len(set(names)) != len(names) or any("," in s for s in names):
        raise bad("seats", "cần các tên ghế khác nhau, cách nhau bằng dấu phẩy (ví dụ J1,J2,J3)", "distinct names, e.g. J1,J2,J3")
    return ",".join(names)


class ContestLogService:
    """Reading a contest's stored log: the rows, and the check of their hash chain."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def rows(self, contest_id: int) -> list[ContestEvent]:
        await _must(self.session, Contest, contest_id, "contest")
        result = await self.session.exec(select(ContestEvent).where(ContestEvent.contest_id == contest_id).order_by(col(ContestEvent.seq)))
        return list(result.all())

    async def verify(self, contest_id: int, rows: list[ContestEvent] | None = None) -> dict[str, Any]:
        """The chain report, plus whether the sealed final hash of an ended contest is in the chain
        (``rows``: the contest's log when the caller has read it already)."""
        rows = rows if rows is not None else await self.rows(contest_id)
        report = verify_chain(
            (
                ChainRecord(r.contest_id, r.seq, r.kind, r.payload, r.at, r.actor, r.source, r.epoch, r.source_seq),
                r.prev_hash,
                r.hash,
            )
            for r in rows
        )
        contest = await self.session.get(Contest, contest_id)
        final = contest.final_hash if contest else ""
        # Corrections after the end extend the chain: the sealed hash must still be one of its links.
        sealed_ok = not final or final in {r.hash for r in rows}
        return {**report.as_dict(), "contest_id": contest_id, "final_hash": final, "final_hash_ok": sealed_ok}


@dataclass(frozen=True, slots=True)
class Replayed:
    """A contest's score recomputed from its stored log, with the log's head and whether its chain holds."""

    contest_id: int
    label: str
    ruleset: str
    score: ContestScore | None  # None: the log cannot be read at all (empty, or the rule set is gone)
    head: str  # the hash of the last event ("" for an empty log)
    events: int
    chain_ok: bool
    sealed_ok: bool


async def replay_contests(session: AsyncSession, contest_ids: list[int]) -> dict[int, Replayed]:
    """Each contest's log read again, its hash chain checked and its score folded from the events
    (``score_contest``): what a results document is checked against, never a stored number."""
    logs = ContestLogService(session)
    out: dict[int, Replayed] = {}
    for cid in contest_ids:
        contest = await session.get(Contest, cid)
        if contest is None:
            continue
        event = await session.get(SportEvent, contest.event_id)
        ruleset_id = event.ruleset_id if event else ""
        rows = await logs.rows(cid)
        report = await logs.verify(cid, rows)
        score: ContestScore | None = None
        if rows:
            try:
                events = [LogEvent(seq=r.seq, kind=r.kind, data=json.loads(r.payload), at=r.at) for r in rows]
                score = score_contest(load_ruleset(ruleset_id), events)
            except RuleError:
                score = None
        out[cid] = Replayed(
            contest_id=cid,
            label=contest.label,
            ruleset=ruleset_id,
            score=score,
            head=rows[-1].hash if rows else "",
            events=len(rows),
            chain_ok=bool(report.get("ok")),
            sealed_ok=bool(report.get("final_hash_ok")),
        )
    return out
