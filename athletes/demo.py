"""Demo data of the athletes domain: teams, people, the shipped rate book, a month of camp, a
voucher, equipment and a loan. ``arena demo`` can call ``load_demo(session)`` once after migrating.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import select

from athletes.demo_data import TEAMS, people
from athletes.equipment import EquipmentService
from athletes.models import Team
from athletes.payments import PaymentService
from athletes.schemas import AttendanceCreate, ItemCreate, LoanCreate, PersonCreate, TeamCreate, VoucherCreate
from athletes.service import PeopleService
from base.db import AsyncSession, row_id

RATE_BOOK = Path(__file__).resolve().parent.parent / "fixtures" / "athletes" / "rates.toml"
DEMO_CLUBS = ("CLB Taekwondo Phú Thọ", "CLB Võ thuật Hòa Hưng", "CLB Bơi lội Yết Kiêu", "CLB Điền kinh Thống Nhất", "")
DEMO_DISTRICTS = ("Quận 1", "Quận 3", "Quận 5", "TP. Thủ Đức", "Quận Bình Thạnh", "Quận Tân Bình", "Huyện Củ Chi")


async def load_demo(session: AsyncSession, today: date, count: int = 60) -> bool:
    """Load once (returns False when teams exist already)."""
    if (await session.exec(select(Team.id))).first() is not None:
        return False
    people_svc, payments, equipment = PeopleService(session, None), PaymentService(session, None), EquipmentService(session, None)
    await payments.load_rate_book(RATE_BOOK)
    teams = [await people_svc.create_team(TeamCreate(name=name, level=level)) for name, level in TEAMS]
    first = today.replace(day=1) - timedelta(days=1)
    month = first.replace(day=1)
    ids: list[int] = []
    for i, p in enumerate(people(count, seed=7)):
        minor = today.year - p.birth_date.year < 19
        person = await people_svc.create_person(
            PersonCreate(
                full_name=p.full_name,
                birth_date=p.birth_date,
                gender=p.gender,
                national_id=p.national_id,
                team_id=teams[p.team_index].id,
                kind="coach" if i % 12 == 0 else "athlete",
                club=DEMO_CLUBS[i % len(DEMO_CLUBS)],
                district=DEMO_DISTRICTS[i % len(DEMO_DISTRICTS)],
                guardian_name="Phụ huynh" if minor else "",
                guardian_phone="0901234567" if minor else "",
            ),
            today,
        )
        ids.append(row_id(person))
    for pid in ids[:30]:
        await payments.record_attendance(
            AttendanceCreate(person_id=pid, regime_code="nutrition_camp", first_day=month, last_day=month + timedelta(days=9))
        )
    await payments.issue_voucher(
        VoucherCreate(title=f"Dinh dưỡng tập huấn tháng {month.month}/{month.year}", period_from=month, period_to=first)
    )
    items = await equipment.add_items(ItemCreate(name="Giáp điện tử Taekwondo", category="Giáp", count=6, value=3_500_000))
    await equipment.add_items(ItemCreate(name="Găng thi đấu Karate", category="Găng", count=10, value=450_000))
    await equipment.lend(LoanCreate(item_id=row_id(items[0]), team_id=teams[0].id, due_on=today + timedelta(days=14)), today)
    return True
