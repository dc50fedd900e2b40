"""Field values for a contract from the athlete and coach records and the allowance rate tables.

Reads only through the athletes domain's services (never its tables): the person record (an
audited read of personal data), the team (level, sport) and the rate in force on the first day
of the contract for the team's level. A rate that does not exist is left out, and the template
then omits its line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from athletes import entitlements
from athletes.payments import PaymentService
from athletes.service import PeopleService
from base.accounts.models import User
from base.db import AsyncSession
from contracts.documents import load_template
from contracts.errors import FieldError

NUTRITION, WAGE = "nutrition_camp", "wage_support"  # regime codes of fixtures/athletes/rates.toml


def _person_fields(prefix: str, record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {f"{prefix}_name": record.full_name}
    if record.birth_date:
        out[f"{prefix}_dob"] = record.birth_date
    if record.national_id and "*" not in record.national_id:  # masked for roles that may not see it
        out[f"{prefix}_id_number"] = record.national_id
    if record.address:
        out[f"{prefix}_address"] = record.address
    return out


async def fields_from_records(
    session: AsyncSession,
    actor: User,
    template_id: str,
    *,
    today: date,
    athlete_id: int | None = None,
    coach_id: int | None = None,
    period_start: date | None = None,
) -> dict[str, Any]:
    """Values for ``template_id``'s fields that the records know; the caller adds the rest."""
    template = load_template(template_id)
    wanted = {f.name for f in template.fields}
    people = PeopleService(session, actor)
    values: dict[str, Any] = {}
    team_id = None
    for prefix, person_id in (("athlete", athlete_id), ("coach", coach_id)):
        if person_id is None:
            continue
        record = await people.record(person_id, today)
        values.update(_person_fields(prefix, record))
        if team_id is None or prefix == "athlete":
            team_id = record.team_id
    if team_id is not None:
        team = await people.team(team_id)
        values.update({"team": team.name, "sport": team.sport})
        day = period_start or today
        rates = await PaymentService(session, actor).core_rates()
        for field, regime in (("allowance_daily", NUTRITION), ("wage_daily", WAGE)):
            rate = entitlements.rate_on(rates, regime, team.level, day)
            if rate is not None:
                values[field] = rate.amount
    if period_start is not None:
        values["period_start"] = period_start
    if not values:
        raise FieldError("athlete_id", "give an athlete or a coach to fill the contract from")
    return {k: v for k, v in values.items() if k in wanted and v not in ("", None)}
