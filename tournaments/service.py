"""Tournament use cases before the draw: categories, registrations and their decisions, check-in,
weigh-in and category moves. Who may do what is decided here; every change is audited.

Weights are integer grams; a category's ages are counted by year of birth (the competition's year
minus the birth year), as the WT and WKF rules count them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from athletes.service import Eligibility, eligibility
from base.accounts.models import Role, User
from base.audit import audit
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.rows import get_row
from scoring.schemas import EntryCreate
from scoring.service import CompetitionService
from tournaments import categories as cat
from tournaments import log
from tournaments.errors import (
    AlreadyEntered,
    CategoryInvalid,
    CategoryNotFound,
    CategoryState,
    EntryNotFound,
    MovesLocked,
    NotEligible,
    NotYourAthlete,
    RegistrationClosed,
    TeamLimit,
    TemplateNotFound,
    WeightInvalid,
)
from tournaments.models import Category, CategoryEntry, WeighIn
from tournaments.schemas import CategoryIn

STATUS_VI = {
    "open": "đang nhận đăng ký",
    "closed": "đã chốt danh sách",
    "drawn": "đã bốc thăm",
    "finished": "đã kết thúc",
    "cancelled": "đã hủy",
}
ENTRY_STATUS_VI = {"pending": "chờ duyệt", "approved": "đã duyệt", "refused": "bị từ chối", "withdrawn": "đã rút"}
WEIGH_VI = {"": "chưa cân", "ok": "đạt", "out": "ngoài hạng cân", "moved": "đã chuyển hạng", "withdrawn": "rút vì cân nặng"}
FORMAT_VI = {
    "single": "Loại trực tiếp",
    "repechage": "Loại trực tiếp có đấu vớt",
    "double": "Loại kép (thua hai trận mới bị loại)",
    "round_robin": "Vòng tròn",
    "pools": "Chia bảng rồi loại trực tiếp",
    "judged": "Chấm điểm theo lượt (sơ loại, chung kết)",
}
MANAGERS = (Role.MANAGER,)


def grams(kg: Decimal | None) -> int | None:
    return None if kg is None else int((kg * 1000).to_integral_value())


def kg_text(g: int | None) -> str:
    """58300 -> "58,3" (Vietnamese decimal comma)."""
    if g is None:
        return ""
    return f"{Decimal(g) / 1000:f}".rstrip("0").rstrip(".").replace(".", ",")


def spec_of(c: Category) -> cat.CategorySpec:
    return cat.CategorySpec(
        code=c.code,
        name=c.name,
        sex=c.sex,
        age_group=c.age_group,
        min_age=c.min_age,
        max_age=c.max_age,
        weight_min_kg=None if c.weight_min_g is None else Decimal(c.weight_min_g) / 1000,
        weight_max_kg=None if c.weight_max_g is None else Decimal(c.weight_max_g) / 1000,
        level=c.level,
        discipline=c.discipline,
    )


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One line of a category's entry list, as pages and documents show it."""

    id: int
    athlete_id: int
    name: str
    team: str
    birth_date: date | None
    gender: str
    status: str
    status_vi: str
    reason: str
    seed: int | None
    weight: str
    weigh_status: str
    weigh_vi: str
    checked_in: bool
    entry_id: int | None
    club: str = ""  # as entered (CategoryEntry), like the team
    district: str = ""


def _weight(text: str, field: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return grams(cat.parse_weight(text))
    except cat.CategoryError as exc:
        raise CategoryInvalid(field, exc.message) from None


class TournamentService:
    """Categories, registrations and weigh-in of one session's transaction; ``actor`` is the caller."""

    def __init__(self, session: AsyncSession, clock: Clock, actor: User | None) -> None:
        self.session = session
        self.clock = clock
        self.actor = actor
        self.competitions = CompetitionService(session)

    @property
    def actor_name(self) -> str:
        return self.actor.username if self.actor is not None else "system"

    # ---- categories ----------------------------------------------------------------------
    async def category(self, category_id: int) -> Category:
        row = await get_row(self.session, Category, category_id)
        if row is None:
            raise CategoryNotFound(category_id)
        return row

    async def categories(self, competition_id: int | None = None, event_id: int | None = None) -> list[Category]:
        q = select(Category)
        if competition_id is not None:
            q = q.where(Category.competition_id == competition_id)
        if event_id is not None:
            q = q.where(Category.event_id == event_id)
        return list((await self.session.exec(q.order_by(col(Category.event_id), col(Category.position), col(Category.id)))).all())

    def _check_form(self, form: CategoryIn) -> dict[str, Any]:
        name = form.name.strip()
        if not name:
            raise CategoryInvalid("tên hạng", "chưa nhập")
        if form.sex not in ("", "M", "F"):
            raise CategoryInvalid("giới tính", "chỉ chọn Nam, Nữ hoặc Chung")
        for label, age in (("tuổi từ", form.min_age), ("tuổi đến", form.max_age)):
            if age is not None and not 4 <= age <= 90:
                raise CategoryInvalid(label, f"{age} không phải tuổi thi đấu (4-90)")
        if form.min_age is not None and form.max_age is not None and form.min_age > form.max_age:
            raise CategoryInvalid("tuổi đến", f"nhỏ hơn tuổi từ ({form.max_age} < {form.min_age})")
        wmin, wmax = _weight(form.weight_min, "cân nặng trên"), _weight(form.weight_max, "cân nặng đến")
        if wmin is not None and wmax is not None and wmin >= wmax:
            raise CategoryInvalid("cân nặng đến", f"phải lớn hơn {kg_text(wmin)} kg")
        tolerance = _weight(form.tolerance, "dung sai") if form.tolerance.strip() not in ("", "0") else 0
        if tolerance is not None and tolerance > 2000:
            raise CategoryInvalid("dung sai", "quá 2 kg")
        if form.draw_format not in FORMAT_VI:
            raise CategoryInvalid("thể thức", f"không có thể thức «{form.draw_format}»")
        if not 1 <= form.contest_minutes <= 240:
            raise CategoryInvalid("thời lượng một trận", "từ 1 đến 240 phút")
        if form.team_limit is not None and not 1 <= form.team_limit <= 64:
            raise CategoryInvalid("số suất mỗi đơn vị", "từ 1 đến 64")
        code = (form.code.strip() or name).upper()[:40]
        return {
            "name": name[:200],
            "code": code,
            "sex": form.sex,
            "age_group": form.age_group.strip()[:60],
            "min_age": form.min_age,
            "max_age": form.max_age,
            "weight_min_g": wmin,
            "weight_max_g": wmax,
            "tolerance_g": tolerance or 0,
            "level": form.level.strip()[:60],
            "discipline": form.discipline.strip()[:60],
            "draw_format": form.draw_format,
            "draw_options": json.dumps(form.draw_options or {}, ensure_ascii=False, sort_keys=True),
            "sport_rules": form.sport_rules.strip()[:40],
            "contest_minutes": form.contest_minutes,
            "registration_deadline": form.registration_deadline,
            "moves_locked_at": form.moves_locked_at,
            "team_limit": form.team_limit,
            "fields": ",".join(str(f) for f in sorted(set(form.fields))),
        }

    async def create_category(self, form: CategoryIn) -> Category:
        event = await self._event(form.event_id)
        values = self._check_form(form)
        await self._unique_code(form.event_id, values["code"], None)
        position = len(await self.categories(event_id=form.event_id)) + 1
        row = Category(competition_id=event["competition_id"], event_id=form.event_id, position=position, **values)
        self.session.add(row)
        await self.session.flush()
        audit(self.session, actor=self.actor, action="tournaments.category.create", subject=f"category:{row.id}", detail=values)
        await self.session.commit()
        return row

    async def _unique_code(self, event_id: int, code: str, own_id: int | None) -> None:
        for other in await self.categories(event_id=event_id):
            if other.code == code and other.id != own_id:
                raise CategoryInvalid("mã hạng", f"«{code}» đã có trong nội dung này")

    async def update_category(self, category_id: int, form: CategoryIn) -> Category:
        row = await self.category(category_id)
        if row.status not in ("open", "closed"):
            raise CategoryState(row.name, STATUS_VI[row.status], "sửa")
        values = self._check_form(form)
        await self._unique_code(row.event_id, values["code"], row.id)
        before = {k: getattr(row, k) for k in values}
        for key, value in values.items():
            setattr(row, key, value)
        self.session.add(row)
        changed = {k: [str(before[k]), str(v)] for k, v in values.items() if before[k] != v}
        audit(self.session, actor=self.actor, action="tournaments.category.update", subject=f"category:{row.id}", detail=changed)
        await self.session.commit()
        return row

    async def cancel_category(self, category_id: int, reason: str) -> Category:
        row = await self.category(category_id)
        reason = reason.strip()
        if not reason:
            raise CategoryInvalid("lý do", "cần ghi lý do hủy")
        if row.status in ("finished", "cancelled"):
            raise CategoryState(row.name, STATUS_VI[row.status], "hủy")
        row.status, row.cancel_reason = "cancelled", reason[:300]
        self.session.add(row)
        audit(self.session, actor=self.actor, action="tournaments.category.cancel", subject=f"category:{row.id}", detail={"reason": reason})
        await log.append(
            self.session,
            row.competition_id,
            "category_cancelled",
            {"category": row.code, "reason": reason},
            actor=self.actor_name,
            at=self.clock(),
        )
        await self.session.commit()
        return row

    async def from_template(self, event_id: int, template_key: str, codes: list[str] | None = None, **defaults: Any) -> list[Category]:
        """Create the categories of a sport's template (all, or those ``codes``) that the event lacks."""
        try:
            tpl = cat.template(template_key)
        except (KeyError, cat.CategoryError):
            raise TemplateNotFound(template_key) from None
        existing = {c.code for c in await self.categories(event_id=event_id)}
        made = []
        for spec in tpl.categories:
            if (codes and spec.code not in codes) or spec.code in existing:
                continue
            form = CategoryIn(
                event_id=event_id,
                name=spec.name,
                code=spec.code,
                sex=spec.sex,
                age_group=spec.age_group,
                min_age=spec.min_age,
                max_age=spec.max_age,
                weight_min="" if spec.weight_min_kg is None else str(spec.weight_min_kg),
                weight_max="" if spec.weight_max_kg is None else str(spec.weight_max_kg),
                tolerance=str(tpl.tolerance_kg),
                level=spec.level,
                discipline=spec.discipline,
                **defaults,
            )
            row = await self.create_category(form)
            row.template = template_key
            self.session.add(row)
            made.append(row)
        await self.session.commit()
        return made

    async def set_status(self, category_id: int, status: str) -> Category:
        """Close the entry list (check-in closes before the draw), or open it again."""
        row = await self.category(category_id)
        allowed = {("open", "closed"), ("closed", "open")}
        if (row.status, status) not in allowed:
            raise CategoryState(row.name, STATUS_VI[row.status], "chuyển sang «" + STATUS_VI.get(status, status) + "»")
        row.status = status
        self.session.add(row)
        audit(self.session, actor=self.actor, action=f"tournaments.category.{status}", subject=f"category:{row.id}")
        await self.session.commit()
        return row

    async def _event(self, event_id: int) -> dict[str, Any]:
        events = {row_id(e): e for e in await self.competitions.events()}
        event = events.get(event_id)
        if event is None:
            raise CategoryInvalid("nội dung thi", "không tìm thấy nội dung này")
        competition = next((c for c in await self.competitions.competitions() if c.id == event.competition_id), None)
        return {
            "id": event_id,
            "competition_id": event.competition_id,
            "name": event.name,
            "sport": event.sport,
            "ruleset": event.ruleset_id,
            "starts_on": competition.starts_on if competition else None,
            "competition": competition.name if competition else "",
            "level": competition.level if competition else "city",
        }

    async def competition_date(self, category: Category) -> date:
        event = await self._event(category.event_id)
        starts: date | None = event["starts_on"]
        return starts or self.clock.today()

    # ---- registration --------------------------------------------------------------------
    async def entry(self, entry_id: int) -> CategoryEntry:
        row = await get_row(self.session, CategoryEntry, entry_id)
        if row is None:
            raise EntryNotFound(entry_id)
        return row

    async def entries(self, category_id: int, statuses: tuple[str, ...] = ()) -> list[CategoryEntry]:
        q = select(CategoryEntry).where(CategoryEntry.category_id == category_id)
        if statuses:
            q = q.where(col(CategoryEntry.status).in_(statuses))
        return list((await self.session.exec(q.order_by(col(CategoryEntry.id)))).all())

    async def entry_rows(self, category_id: int) -> list[EntryRow]:
        rows = await self.entries(category_id)
        people = await eligibility(self.session, [r.athlete_id for r in rows])
        out = []
        for r in rows:
            p = people.get(r.athlete_id)
            out.append(
                EntryRow(
                    id=row_id(r),
                    athlete_id=r.athlete_id,
                    name=p.full_name if p else "",
                    team=r.team_name,
                    birth_date=p.birth_date if p else None,
                    gender=p.gender if p else "",
                    status=r.status,
                    status_vi=ENTRY_STATUS_VI.get(r.status, r.status),
                    reason=r.reason,
                    seed=r.seed,
                    weight=kg_text(r.weight_g),
                    weigh_status=r.weigh_status,
                    weigh_vi=WEIGH_VI.get(r.weigh_status, r.weigh_status),
                    checked_in=r.checked_in,
                    entry_id=r.entry_id,
                    club=r.club,
                    district=r.district,
                )
            )
        out.sort(key=lambda e: (e.status != "approved", e.team, e.name))
        return out

    async def _coach_team(self) -> int | None:
        """The team of the calling coach's person record (None for a manager)."""
        if self.actor is None or self.actor.has_role(Role.MANAGER):
            return None
        person_id = getattr(self.actor, "person_id", None)
        if person_id is None:
            return -1  # a coach without a person record has no team: nobody is theirs
        me = (await eligibility(self.session, [person_id])).get(person_id)
        return me.team_id if me and me.team_id is not None else -1

    def _misfits(self, category: Category, person: Eligibility, on: date) -> list[str]:
        reasons = [
            m.message
            for m in cat.fit(spec_of(category), sex=person.gender, birth_date=person.birth_date, competition_date=on, check_weight=False)
        ]
        if person.kind != "athlete" or not person.active:
            reasons.append("không phải vận động viên đang hoạt động")
        if person.medical_until is None:
            reasons.append("chưa có giấy khám sức khỏe")
        elif person.medical_until < on:
            reasons.append(f"giấy khám sức khỏe hết hạn ngày {person.medical_until:%d/%m/%Y}, trước ngày thi {on:%d/%m/%Y}")
        expired = [k for k, until in person.licences if until is not None and until < on]
        if person.licences and len(expired) == len(person.licences):
            reasons.append(f"thẻ/giấy phép «{expired[0]}» hết hạn trước ngày thi")
        return reasons

    async def register(self, category_id: int, athlete_id: int) -> CategoryEntry:
        """A coach (for the team's athletes) or a manager enters an athlete; a manager's entry is approved at once."""
        category = await self.category(category_id)
        now = self.clock()
        if category.status != "open":
            raise CategoryState(category.name, STATUS_VI[category.status], "đăng ký thêm")
        if category.registration_deadline is not None and now > category.registration_deadline:
            raise RegistrationClosed(category.name, self.clock.local(category.registration_deadline).strftime("%H:%M %d/%m/%Y"))
        person = (await eligibility(self.session, [athlete_id])).get(athlete_id)
        if person is None:
            raise EntryNotFound(f"VĐV {athlete_id}")
        coach_team = await self._coach_team()
        if coach_team is not None and person.team_id != coach_team:
            raise NotYourAthlete(person.full_name)
        on = await self.competition_date(category)
        reasons = self._misfits(category, person, on)
        if reasons:
            raise NotEligible(person.full_name, category.name, "; ".join(reasons))
        siblings = await self.categories(event_id=category.event_id)
        sibling_ids = [row_id(c) for c in siblings if c.status != "cancelled"]
        taken = (
            await self.session.exec(
                select(CategoryEntry).where(
                    CategoryEntry.athlete_id == athlete_id,
                    col(CategoryEntry.category_id).in_(sibling_ids),
                    col(CategoryEntry.status).in_(("pending", "approved")),
                )
            )
        ).first()
        if taken is not None:
            other = next(c for c in siblings if c.id == taken.category_id)
            raise AlreadyEntered(person.full_name, other.name)
        if category.team_limit is not None and person.team:
            same_team = [e for e in await self.entries(category_id, ("pending", "approved")) if e.team_name == person.team]
            if len(same_team) >= category.team_limit:
                raise TeamLimit(person.team, category.name, category.team_limit)
        existing = (
            await self.session.exec(
                select(CategoryEntry).where(CategoryEntry.category_id == category_id, CategoryEntry.athlete_id == athlete_id)
            )
        ).first()
        row = existing or CategoryEntry(category_id=category_id, athlete_id=athlete_id)
        row.team_name, row.status, row.reason = person.team, "pending", ""
        row.club, row.district = person.club, person.district
        row.registered_by, row.registered_at = self.actor_name, now
        row.decided_by, row.decided_at, row.entry_id = "", None, None
        self.session.add(row)
        await self.session.flush()
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.entry.register",
            subject=f"category:{category_id}",
            detail={"athlete": athlete_id},
        )
        if coach_team is None:  # a manager's own entry needs no second decision
            await self._approve(category, row)
        await self.session.commit()
        return row

    async def _approve(self, category: Category, row: CategoryEntry) -> None:
        if row.entry_id is None:
            scoring_entry = await self.competitions.create_entry(
                EntryCreate(event_id=category.event_id, athlete_id=row.athlete_id), commit=False
            )
            row.entry_id = scoring_entry.id
        row.status, row.decided_by, row.decided_at = "approved", self.actor_name, self.clock()
        self.session.add(row)

    async def decide(self, entry_id: int, approve: bool, reason: str = "") -> CategoryEntry:
        row = await self.entry(entry_id)
        category = await self.category(row.category_id)
        if category.status not in ("open", "closed"):
            raise CategoryState(category.name, STATUS_VI[category.status], "duyệt đăng ký")
        if approve:
            await self._approve(category, row)
            row.reason = reason.strip()[:300]
        else:
            if not reason.strip():
                raise CategoryInvalid("lý do", "cần ghi lý do từ chối")
            if row.entry_id is not None:
                await self.competitions.drop_entry(row.entry_id)
                row.entry_id = None
            row.status, row.reason, row.decided_by, row.decided_at = "refused", reason.strip()[:300], self.actor_name, self.clock()
            self.session.add(row)
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.entry." + ("approve" if approve else "refuse"),
            subject=f"category:{category.id}",
            detail={"entry": entry_id, "athlete": row.athlete_id, "reason": reason},
        )
        await self.session.commit()
        return row

    async def withdraw(self, entry_id: int, reason: str) -> CategoryEntry:
        row = await self.entry(entry_id)
        category = await self.category(row.category_id)
        if not reason.strip():
            raise CategoryInvalid("lý do", "cần ghi lý do rút tên")
        if category.status not in ("open", "closed"):
            raise CategoryState(
                category.name, STATUS_VI[category.status], "rút tên (sau bốc thăm, hãy xử thua trận bằng quyết định «bỏ cuộc»)"
            )
        if row.entry_id is not None:
            await self.competitions.drop_entry(row.entry_id)
            row.entry_id = None
        row.status, row.reason = "withdrawn", reason.strip()[:300]
        self.session.add(row)
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.entry.withdraw",
            subject=f"category:{category.id}",
            detail={"entry": entry_id, "reason": reason},
        )
        await self.session.commit()
        return row

    async def set_seed(self, entry_id: int, seed: int | None) -> CategoryEntry:
        row = await self.entry(entry_id)
        category = await self.category(row.category_id)
        if category.status not in ("open", "closed"):
            raise CategoryState(category.name, STATUS_VI[category.status], "đổi hạt giống")
        if seed is not None:
            if not 1 <= seed <= 64:
                raise CategoryInvalid("hạt giống", "từ 1 đến 64")
            for other in await self.entries(row.category_id, ("pending", "approved")):
                if other.seed == seed and other.id != row.id:
                    raise CategoryInvalid("hạt giống", f"hạt giống số {seed} đã có người")
        row.seed = seed
        self.session.add(row)
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.entry.seed",
            subject=f"category:{category.id}",
            detail={"entry": entry_id, "seed": seed},
        )
        await self.session.commit()
        return row

    async def check_in(self, entry_id: int, present: bool) -> CategoryEntry:
        row = await self.entry(entry_id)
        category = await self.category(row.category_id)
        if category.status != "open":
            raise CategoryState(category.name, STATUS_VI[category.status], "điểm danh")
        row.checked_in = present
        self.session.add(row)
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.entry.check_in",
            subject=f"category:{category.id}",
            detail={"entry": entry_id, "present": present},
        )
        await self.session.commit()
        return row

    # ---- weigh-in ------------------------------------------------------------------------
    async def weigh(self, entry_id: int, weight_text: str, source: str = "tablet") -> WeighIn:
        """Record an official weight; out of the band (with the rule set's tolerance) is recorded
        as such and the athlete must then be moved or withdrawn as the regulations say."""
        row = await self.entry(entry_id)
        category = await self.category(row.category_id)
        if row.status != "approved":
            raise CategoryState(category.name, ENTRY_STATUS_VI.get(row.status, row.status), "cân (đăng ký chưa được duyệt)")
        if category.status not in ("open", "closed"):
            raise CategoryState(category.name, STATUS_VI[category.status], "cân")
        try:
            kg = cat.parse_weight(weight_text)
        except cat.CategoryError as exc:
            raise WeightInvalid(weight_text, detail=exc.message) from None
        g = grams(kg)
        assert g is not None
        weight_misfits = await self._weight_misfits(row, category, kg)
        outcome = "ok" if not weight_misfits else ("over" if any(m.code == "category.over_weight" for m in weight_misfits) else "under")
        reading = WeighIn(
            category_entry_id=entry_id,
            weight_g=g,
            outcome=outcome,
            note="; ".join(m.message for m in weight_misfits),
            source=source[:40],
            at=self.clock(),
            by=self.actor_name,
        )
        row.weight_g, row.weigh_status = g, "ok" if outcome == "ok" else "out"
        self.session.add_all([reading, row])
        audit(
            self.session,
            actor=self.actor,
            action="tournaments.weigh_in",
            subject=f"category:{category.id}",
            detail={"entry": entry_id, "grams": g, "outcome": outcome},
        )
        await self.session.commit()
        return reading

    async def _weight_misfits(self, row: CategoryEntry, category: Category, kg: Decimal) -> list[cat.Misfit]:
        """Why a weight does not fit the category (with the rule set's tolerance); empty: it fits."""
        person = (await eligibility(self.session, [row.athlete_id])).get(row.athlete_id)
        misfits = cat.fit(
            spec_of(category),
            sex=person.gender if person else "",
            birth_date=person.birth_date if person else None,
            competition_date=await self.competition_date(category),
            weight_kg=kg,
            tolerance_kg=Decimal(category.tolerance_g) / 1000,
        )
        return [m for m in misfits if m.field == "weight"]

    async def weigh_notes(self, reading: WeighIn) -> list[dict[str, Any]]:
        """A reading's note line by line, as a page says it in the reader's language: the code, its values (kg) and
        the Vietnamese the note was written in."""
        row = await self.entry(reading.category_entry_id)
        misfits = await self._weight_misfits(row, await self.category(row.category_id), Decimal(reading.weight_g) / 1000)
        return [{"code": m.said or m.code, "params": dict(m.params), "what": m.message} for m in misfits]

    async def readings(self, entry_id: int) -> list[WeighIn]:
        q = select(WeighIn).where(WeighIn.category_entry_id == entry_id).order_by(col(WeighIn.id))
        return list((await self.session.exec(q)).all())

    async def suggested_category(self, entry_id: int) -> Category | None:
        """The category of the same event whose band fits the athlete's recorded weight."""
        row = await self.entry(entry_id)
        category = await self.category(row.category_id)
        if row.weight_g is None:
            return None
        person = (await eligibility(self.session, [row.athlete_id])).get(row.athlete_id)
        siblings = [c for c in await self.categories(event_id=category.event_id) if c.status in ("open", "closed")]
        band = cat.band_for(
            [spec_of(c) for c in siblings],
            sex=person.gender if person else "",
            birth_date=person.birth_date if person else None,
            competition_date=await self.competition_date(category),
            weight_kg=Decimal(row.weight_g) / 1000,
            tolerance_kg=Decimal(category.tolerance_g) / 1000,
        )
        return next((c for c in siblings if band is not None and c.code == band.code), None)

    async def move(self, entry_id: int, to_category_id: int, reason: str) -> CategoryEntry:
        """Move an athlete to another category of the same event (after the weigh-in, or by the
        manager with a reason): the old entry is withdrawn, a new approved one is made; audited and logged."""
        row = await self.entry(entry_id)
        source = await self.category(row.category_id)
        target = await self.category(to_category_id)
        if not reason.strip():
            raise CategoryInvalid("lý do", "cần ghi lý do chuyển hạng")
        if target.event_id != source.event_id or target.id == source.id:
            raise CategoryInvalid("hạng chuyển đến", "phải là một hạng khác của cùng nội dung")
        now = self.clock()
        for c in (source, target):
            if c.moves_locked_at is not None and now >= c.moves_locked_at:
                raise MovesLocked(c.name, self.clock.local(c.moves_locked_at).strftime("%H:%M %d/%m/%Y"))
            if c.status not in ("open", "closed"):
                raise CategoryState(c.name, STATUS_VI[c.status], "chuyển vận động viên")
        person = (await eligibility(self.session, [row.athlete_id])).get(row.athlete_id)
        assert person is not None
        on = await self.competition_date(target)
        weight = None if row.weight_g is None else Decimal(row.weight_g) / 1000
        misfits = cat.fit(
            spec_of(target),
            sex=person.gender,
            birth_date=person.birth_date,
            competition_date=on,
            weight_kg=weight,
            tolerance_kg=Decimal(target.tolerance_g) / 1000,
            check_weight=weight is not None,
        )
        if misfits:
            raise NotEligible(person.full_name, target.name, "; ".join(m.message for m in misfits))
        scoring_entry = row.entry_id
        row.status, row.reason, row.entry_id = "withdrawn", f"chuyển sang {target.name}: {reason.strip()}"[:300], None
        row.weigh_status = "moved" if row.weigh_status == "out" else row.weigh_status
        self.session.add(row)
        moved = (
            await self.session.exec(
                select(CategoryEntry).where(CategoryEntry.category_id == target.id, CategoryEntry.athlete_id == row.athlete_id)
            )
        ).first() or CategoryEntry(category_id=row_id(target), athlete_id=row.athlete_id)
        moved.team_name, moved.status, moved.reason = row.team_name, "approved", f"chuyển từ {source.name}"
        moved.club, moved.district = row.club, row.district
        moved.registered_by, moved.registered_at, moved.decided_by, moved.decided_at = self.actor_name, now, self.actor_name, now
        moved.weight_g, moved.weigh_status, moved.entry_id, moved.checked_in = (
            row.weight_g,
            "ok" if weight is not None else "",
            scoring_entry,
            row.checked_in,
        )
        self.session.add(moved)
        await self.session.flush()
        detail = {"athlete": person.full_name, "from": source.code, "to": target.code, "reason": reason.strip()}
        audit(self.session, actor=self.actor, action="tournaments.entry.move", subject=f"category:{source.id}", detail=detail)
        await log.append(self.session, source.competition_id, "entry_moved", detail, actor=self.actor_name, at=now)
        await self.session.commit()
        return moved

    async def weigh_list(self, category_id: int) -> list[EntryRow]:
        return [e for e in await self.entry_rows(category_id) if e.status == "approved"]
