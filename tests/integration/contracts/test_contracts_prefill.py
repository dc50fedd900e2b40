from datetime import date
from pathlib import Path

from athletes.payments import PaymentService
from athletes.schemas import PersonCreate, TeamCreate
from athletes.service import PeopleService

RATES = Path(__file__).resolve().parents[3] / "fixtures" / "athletes" / "rates.toml"


def _seed(arena) -> tuple[int, int]:
    """A city youth taekwondo team with an athlete and a coach, and the rate book loaded."""

    async def run() -> tuple[int, int]:
        async with arena.app.state.db_factory() as session:
            from sqlmodel import select

            from base.accounts.models import User

            admin = (await session.exec(select(User).where(User.username == "admin"))).one()
            people = PeopleService(session, admin)
            team = await people.create_team(TeamCreate(name="Đội tuyển trẻ Taekwondo Hà Nội", level="city_youth", sport="Taekwondo"))
            athlete = await people.create_person(
                PersonCreate(
                    full_name="Nguyễn Thị Ánh Tuyết",
                    birth_date=date(2008, 5, 17),
                    national_id="001308012345",
                    address="Ngõ 12 phố Đặng Tiến Đông, Hà Nội",
                    team_id=team.id,
                    guardian_name="Nguyễn Văn Bình",
                    guardian_phone="0912345678",
                ),
                today=date(2026, 3, 9),
            )
            coach = await people.create_person(
                PersonCreate(
                    full_name="Phạm Quốc Hưng", kind="coach", birth_date=date(1985, 11, 2), national_id="001085009876", team_id=team.id
                ),
                today=date(2026, 3, 9),
            )
            await PaymentService(session, admin).load_rate_book(RATES)
            await session.commit()
            return athlete.id, coach.id

    return arena.run(run)


def test_contract_fields_come_from_the_athlete_and_coach_records_and_the_rate_table(arena):
    athlete_id, coach_id = _seed(arena)
    fields = arena.ok(
        arena.post(
            "/api/contracts/prefill",
            {"template_id": "athlete_training", "athlete_id": athlete_id, "coach_id": coach_id, "period_start": "2026-04-01"},
            role="manager",
        )
    )
    assert fields["athlete_name"] == "Nguyễn Thị Ánh Tuyết" and fields["athlete_dob"] == "2008-05-17"
    assert fields["athlete_id_number"] == "001308012345" and fields["coach_name"] == "Phạm Quốc Hưng"
    assert fields["team"] == "Đội tuyển trẻ Taekwondo Hà Nội" and fields["sport"] == "Taekwondo"
    assert isinstance(fields["allowance_daily"], int) and fields["allowance_daily"] > 0
    assert fields["period_start"] == "2026-04-01"


def test_only_managers_prefill(arena):
    athlete_id, _ = _seed(arena)
    answer = arena.post("/api/contracts/prefill", {"template_id": "athlete_training", "athlete_id": athlete_id}, role="athlete")
    assert answer.status_code == 403
