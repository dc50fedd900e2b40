"""The demo tournament: accounts for every role, three fields of play, bouts and dives, loaded
once from ``fixtures/demo/tournament.json`` through the same services the pages use."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
from sqlmodel import select

from base.settings import Settings

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "tournament.json"
KEYPADS = ("KP-01", "KP-02", "KP-03")  # simulated keypads, assigned to J1..J3 of the first field
ALL_INTERFACES = ("0.0.0.0", "::")
# A non-routable address: "connecting" a UDP socket to it picks the interface the machine would
# use for the LAN, without sending a packet.
PROBE_ADDRESS = ("10.255.255.255", 1)


def lan_address(socket_factory: Callable[..., socket.socket] = socket.socket) -> str | None:
    """This machine's address on its LAN (the venue's Wi-Fi), or None when it has none."""
    try:
        with socket_factory(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(PROBE_ADDRESS)
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith(("0.", "127.")) else address


def with_lan_url(settings: Settings, socket_factory: Callable[..., socket.socket] = socket.socket) -> Settings:
    """Listening on all interfaces without ``ARENA_PUBLIC_URL``: links and QR codes carry the LAN
    address (tablets cannot reach 127.0.0.1); otherwise the settings as they are."""
    if settings.public_url or settings.host not in ALL_INTERFACES:
        return settings
    address = lan_address(socket_factory)
    return replace(settings, public_url=f"http://{address}:{settings.port}") if address else settings


async def load_demo(settings: Settings, path: Path = DEMO) -> bool:
    """Load the demo unless a competition exists already; True when it was loaded now."""
    from assembly import registry  # noqa: F401
    from athletes.demo import load_demo as load_athletes_demo
    from athletes.service import create_athlete
    from base.accounts.models import Role
    from base.accounts.service import AccountService, password_hasher
    from base.db import create_engine, row_id, session_factory
    from contracts.demo import load_demo_contracts
    from scoring.live.hub import LiveHub
    from scoring.live.journal import AsyncJournal
    from scoring.models import Competition, DeviceAssignment
    from scoring.schemas import CompetitionCreate, ContestCreate, EntryCreate, FieldOfPlayCreate, PanelCreate, SportEventCreate
    from scoring.service import CompetitionService

    clock = settings.clock()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    engine = create_engine(settings)
    factory = session_factory(engine)
    try:
        async with factory() as session:
            if (await session.exec(select(Competition))).first() is not None:
                return False
            accounts = AccountService(session, password_hasher(settings.argon2_profile))
            for u in data["users"]:
                await accounts.create_user(u["username"], data["password"], [Role(r) for r in u["roles"]], u["full_name"])
            service = CompetitionService(session)
            comp = await service.create_competition(msgspec.convert(data["competition"], CompetitionCreate))
            fields, panels = {}, {}
            for f in data["fields"]:
                fop = await service.create_fop(FieldOfPlayCreate(competition_id=row_id(comp), name=f["name"], kind=f["kind"]))
                panel = await service.create_panel(PanelCreate(fop_id=row_id(fop), **f["panel"]))
                fields[f["key"]], panels[f["key"]] = fop, panel
            first_panel = panels[data["fields"][0]["key"]]
            for device, seat in zip(KEYPADS, first_panel.seat_list(), strict=False):
                session.add(DeviceAssignment(device_id=device, panel_id=row_id(first_panel), seat=seat))
            athletes_by_event: dict[str, list[int]] = {}
            hub = LiveHub(factory, publish=lambda _c, _d: None, clock=clock, journal=AsyncJournal(factory))
            for e in data["events"]:
                event = await service.create_event(
                    SportEventCreate(
                        competition_id=row_id(comp),
                        name=e["name"],
                        sport=e["sport"],
                        ruleset_id=e["ruleset"],
                        discipline=e["discipline"],
                        category=e["category"],
                    )
                )
                entries = []
                for name, team in e["athletes"]:
                    card = await create_athlete(session, name, team=team)
                    athletes_by_event.setdefault(e["key"], []).append(card.id)
                    entries.append(await service.create_entry(EntryCreate(event_id=row_id(event), athlete_id=card.id)))
                fop, panel = fields[e["field"]], panels[e["field"]]
                for order, c in enumerate(e["contests"], start=1):
                    contest = await service.create_contest(
                        ContestCreate(
                            event_id=row_id(event),
                            fop_id=row_id(fop),
                            panel_id=row_id(panel),
                            label=c["label"],
                            order=order,
                            red_entry_id=entries[c["red"]].id,
                            blue_entry_id=entries[c["blue"]].id if "blue" in c else None,
                            params=c.get("params", {}),
                        )
                    )
                    await hub.open_contest(row_id(contest), "demo")
                    if order == 1:
                        await service.set_current(row_id(fop), contest.id)
            await load_athletes_demo(session, clock.today())
            await session.commit()
            await _coach_the_taekwondo_club(session, athletes_by_event.get("tkd", []), clock.today())
            await load_demo_contracts(settings, session, clock)
            from tournaments.demo import load_demo_tournament

            await load_demo_tournament(session, clock, hub)
            return True
    finally:
        await engine.dispose()


async def _coach_the_taekwondo_club(session: Any, athlete_ids: list[int], today: date) -> None:
    """The demo coach's account is the coach of the taekwondo athletes' club, so it may appeal."""
    from sqlmodel import select

    from athletes.schemas import PersonCreate, TeamCreate
    from athletes.service import PeopleService
    from base.accounts.models import User
    from base.db import row_id

    people = PeopleService(session, None)
    team = await people.create_team(TeamCreate(name="CLB Taekwondo Phú Thọ", level="city", sport="taekwondo"))
    for athlete_id in athlete_ids:
        await people.move_to_team(athlete_id, row_id(team), today)
    coach = await people.create_person(PersonCreate(full_name="Võ Thanh Tùng", kind="coach", team_id=team.id), today)
    user = (await session.exec(select(User).where(User.username == "coach"))).first()
    if user is not None:
        user.person_id = coach.id
        session.add(user)
        await session.commit()


def demo_banner(settings: Settings, created: bool) -> str:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    base = settings.resolved_public_url()
    lines = [
        "",
        "Arena demo " + ("loaded" if created else "already loaded") + f" in {settings.data_dir.resolve()}",
        "",
    ]
    if settings.host in ALL_INTERFACES:
        if settings.public_url:
            lines += [f"Tablets and phones on the venue's Wi-Fi open {base}/ (QR codes carry this address).", ""]
        else:
            lines += ["Listening on every interface, but no LAN address was found: set ARENA_PUBLIC_URL.", ""]
    elif not settings.public_url:
        lines += [f"Only this computer reaches {base}/; for tablets on the Wi-Fi: make demo HOST=0.0.0.0", ""]
    lines += [
        "Pages:",
        f"  Home                      {base}/",
        f"  Live results (public)     {base}/live",
        f"  Scoreboard, Thảm 1        {base}/scoreboard/1",
        f"  Head referee console      {base}/referee/1      (log in as referee)",
        f"  Judge tablet              {base}/judge          (no login: pair with the code from the console)",
        f"  Back office               {base}/admin          (log in as manager: competitions, events, contests)",
        f"  Athletes and coaches      {base}/athletes       (manager; accountant for allowances, keeper for equipment)",
        f"  Appeals                   {base}/appeals        (coach files, referee/jury decides)",
        f"  Contracts                 {base}/contracts      (athlete, coach, manager sign in order)",
        f"  Verify a signed PDF       {base}/contracts/verify",
        f"  Tournament (categories, draws, order) {base}/tournaments   (manager; brackets and schedule are public)",
        f"  Weigh-in tablet           {base}/tournaments/weigh-in   (manager or referee)",
        f"  Registration              {base}/tournaments/register   (coach registers the team's athletes)",
        f"  Results and medal table   {base}/results        (public; referee then manager sign an event's results with their key's PIN)",
        f"  Check a printed document  {base}/v              (the code and QR code on every page of every PDF)",
        f"  Rankings (public)         {base}/rankings",
        f"  API documentation         {base}/schema",
        f"  Health                    {base}/health",
        "",
        f"Demo logins (password for all: {data['password']}):",
    ]
    # Judges never log in (a tablet pairs with a code): the judge account is not listed.
    users = [u for u in data["users"] if set(u["roles"]) != {"judge"}]
    lines += [f"  {u['username']:<11} {', '.join(u['roles']):<17} {u['full_name']}" for u in users]
    lines.append("")
    return "\n".join(lines)
