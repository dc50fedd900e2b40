"""The demo tournament a newcomer clicks through from the draw to the finals: a taekwondo category
of 12 with repechage over two mats, a kata event in two groups ending in the WKF medal bouts (each
group's 2nd against the other's 3rd for bronze, the group winners for gold), and a diving event
with a preliminary and a final of three dives each (every diver's dive list entered, so each dive
is scored with its dd). Loaded through the same services the pages use, on the day the demo starts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from athletes.schemas import PersonCreate, TeamCreate
from athletes.service import PeopleService
from base.clock import Clock
from base.db import AsyncSession, row_id
from scoring.live.hub import LiveHub
from scoring.schemas import CompetitionCreate, FieldOfPlayCreate, PanelCreate, SportEventCreate
from tournaments.live import open_called, open_new_contests
from tournaments.ordering import OrderService
from tournaments.schemas import CategoryIn

TEAMS = ("CLB Quận 1", "CLB Thủ Đức", "CLB Bình Thạnh", "CLB Gò Vấp")
# Where each athlete trains and which district they represent (a medal table by club or by district,
# docs/results.md): not the team's order, so the three tables differ; every fifth athlete has no club.
CLUBS = ("CLB Taekwondo Phú Thọ", "CLB Võ thuật Hòa Hưng", "CLB Karate Tân Bình", "CLB Nhảy cầu Yết Kiêu", "")
DISTRICTS = ("Quận 1", "Quận 10", "TP. Thủ Đức", "Quận Bình Thạnh", "Quận Gò Vấp", "Quận Tân Bình")
FIGHTERS = (
    "Nguyễn Hoàng Phúc", "Trần Đức Anh", "Lê Minh Triết", "Phạm Gia Khánh", "Võ Nhật Nam", "Huỳnh Tấn Lộc",
    "Đoàn Quang Vinh", "Bùi Thế Hiển", "Phan Trọng Tín", "Đinh Công Hậu", "Lâm Bảo Long", "Tô Hữu Nghĩa",
)  # fmt: skip
KATA = ("Nguyễn Thảo Vy", "Lê Ngọc Hân", "Trần Bảo Trâm", "Phạm Khánh Linh", "Võ Mỹ Duyên", "Hồ Thu Trang", "Đặng Minh Thư", "Mai Gia Hân")
DIVERS = ("Ngô Thanh Hà", "Lý Tú Anh", "Châu Ngọc Mai", "Dương Hải Yến", "Tạ Quỳnh Như", "Kiều Phương Thảo")
DIVES = [("107C", "2.8"), ("305B", "3.0"), ("107B", "3.1")]  # women's 3 m dives and their dd, from a World Aquatics result book


async def load_demo_tournament(session: AsyncSession, clock: Clock, hub: LiveHub) -> int:
    """Create the demo tournament; returns its competition id."""
    svc = OrderService(session, clock, None)
    comps = svc.competitions
    today = clock.today()
    comp = await comps.create_competition(
        CompetitionCreate(
            name="Giải Trẻ các môn võ và Nhảy cầu Thành phố 2026", venue="Nhà thi đấu Phú Thọ", starts_on=today, ends_on=today
        )
    )
    cid = row_id(comp)
    fields: dict[str, int] = {}
    for key, name, kind, seats in (
        ("A", "Thảm A", "mat", ["J1", "J2", "J3"]),
        ("B", "Thảm B", "mat", ["J1", "J2", "J3"]),
        ("K", "Thảm Quyền", "mat", ["J1", "J2", "J3", "J4", "J5", "J6", "J7"]),
        ("D", "Cầu 3m (giải trẻ)", "board", ["J1", "J2", "J3", "J4", "J5", "J6", "J7"]),
    ):
        fop = await comps.create_fop(FieldOfPlayCreate(competition_id=cid, name=name, kind=kind))
        await comps.create_panel(PanelCreate(fop_id=row_id(fop), name=f"Tổ trọng tài {name}", seats=seats))
        fields[key] = row_id(fop)
    people = PeopleService(session, None)
    teams = [row_id(await people.create_team(TeamCreate(name=f"{t} (giải trẻ)", level="city_youth", sport="võ"))) for t in TEAMS]
    medical = today + timedelta(days=180)

    async def person(name: str, gender: str, born: int, i: int) -> int:
        p = await people.create_person(
            PersonCreate(
                full_name=name,
                kind="athlete",
                gender=gender,
                birth_date=datetime(born, 1 + i % 12, 10).date(),
                team_id=teams[i % 4],
                club=CLUBS[i % 5],
                district=DISTRICTS[(i * 5) % 6],
                medical_until=medical,
                guardian_name="Phụ huynh " + name.split()[-1],
                guardian_phone=f"0903{100000 + i * 7919:06d}"[:10],
            ),
            today,
        )
        return row_id(p)

    plans: list[tuple[Any, list[int], str]] = []
    tkd = await comps.create_event(
        SportEventCreate(competition_id=cid, name="Taekwondo đối kháng trẻ", sport="taekwondo", ruleset_id="taekwondo-wt")
    )
    cat_tkd = await svc.create_category(
        CategoryIn(
            event_id=row_id(tkd), name="Nam 58 kg - Trẻ", code="TKD-JUN-M-58", sex="M", age_group="Trẻ", min_age=15, max_age=17,
            weight_min="55", weight_max="58", draw_format="repechage", sport_rules="taekwondo", contest_minutes=8, fields=[fields["A"], fields["B"]],
        )
    )  # fmt: skip
    plans.append((cat_tkd, [await person(n, "M", today.year - 16, i) for i, n in enumerate(FIGHTERS)], "57,2"))
    kata = await comps.create_event(
        SportEventCreate(competition_id=cid, name="Karate quyền (kata) nữ trẻ", sport="karate", ruleset_id="karate-kata-wkf")
    )
    cat_kata = await svc.create_category(
        CategoryIn(
            event_id=row_id(kata), name="Kata cá nhân nữ - Trẻ", code="KATA-JUN-F", sex="F", age_group="Trẻ", min_age=14, max_age=17,
            draw_format="judged", draw_options={"groups": 4, "stages": [{"name": "Vòng bảng", "take": None}], "bronze": "groups"},
            sport_rules="karate", contest_minutes=4, fields=[fields["K"]],
        )
    )  # fmt: skip
    plans.append((cat_kata, [await person(n, "F", today.year - 15, i) for i, n in enumerate(KATA)], ""))
    dive = await comps.create_event(
        SportEventCreate(competition_id=cid, name="Nhảy cầu 3m nữ trẻ", sport="diving", ruleset_id="diving-individual-7@2025")
    )
    cat_dive = await svc.create_category(
        CategoryIn(
            event_id=row_id(dive), name="Cầu 3m nữ - Trẻ", code="DIVE-3M-JUN-F", sex="F", age_group="Trẻ", min_age=14, max_age=18,
            draw_format="judged", draw_options={"stages": [{"name": "Sơ loại", "take": 4}, {"name": "Chung kết", "take": None}], "parts": 3},
            sport_rules="diving", contest_minutes=3, fields=[fields["D"]],
        )
    )  # fmt: skip
    plans.append((cat_dive, [await person(n, "F", today.year - 16, i) for i, n in enumerate(DIVERS)], ""))

    for category, athletes, weight in plans:
        cat_id = row_id(category)
        for i, athlete_id in enumerate(athletes):
            entry = await svc.register(cat_id, athlete_id)
            if weight:
                await svc.weigh(row_id(entry), weight)
            if category is cat_dive:  # each diver's three dives, in the order she dives them
                await svc.set_program(row_id(entry), [{"code": c, "dd": dd} for c, dd in DIVES[i % 3 :] + DIVES[: i % 3]])
        await svc.set_status(cat_id, "closed")
        await svc.commit(cat_id)
        await svc.draw(cat_id, witness="Trưởng đoàn CLB Quận 1 đọc số 2026")
    start = datetime.combine(today, time(8, 0), tzinfo=clock.zone)
    for key, fop_id in fields.items():
        await svc.add_session(cid, fop_id, "Buổi sáng", start, start + timedelta(hours=4))
        await svc.add_session(cid, fop_id, "Buổi chiều", start + timedelta(hours=5, minutes=30), start + timedelta(hours=10))
        del key
    await svc.plan(cid)
    await open_new_contests(hub, await svc.new_contests(cid), "demo")
    for fop_id in fields.values():
        nxt = await svc.next_contest(fop_id)
        if nxt is not None:
            await open_called(hub, svc, nxt, "demo")
            await comps.set_current(fop_id, nxt)
    await _results_officials(session, cid, today)
    return cid


async def _results_officials(session: AsyncSession, competition_id: int, today: date) -> None:
    """The two officials who sign the results (docs/results.md): the demo referee as chief referee
    (a person record with a CCCD, which a signing certificate needs) and the demo manager as the
    competition's director (the contracts demo gave that account its person)."""
    from sqlmodel import select

    from base.accounts.models import User
    from base.accounts.service import AccountService, password_hasher
    from tournaments.officials import OfficialForm, OfficialsService

    users = {u.username: u for u in (await session.exec(select(User))).all()}
    referee, manager = users.get("referee"), users.get("manager")
    if referee is not None and referee.person_id is None:
        chief = await PeopleService(session, None).create_person(
            PersonCreate(full_name="Lê Văn Trọng", kind="coach", gender="M", birth_date=date(1975, 3, 4), national_id="079075001234"), today
        )
        referee.person_id = row_id(chief)
        session.add(referee)
        await session.commit()
    officials = OfficialsService(session, None, AccountService(session, password_hasher("CHEAPEST")))
    for user, role in ((referee, "chief_referee"), (manager, "director")):
        if user is not None and user.person_id is not None:
            await officials.assign(competition_id, OfficialForm(person_id=user.person_id, role=role, username=user.username))
