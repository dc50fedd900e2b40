"""Builders of the backup tests: something in every store of a running app (a scored bout, a drawn
category with its log and entry list, a photo, evidence, a certified contract), and the CLI."""

from __future__ import annotations

import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arena_builders import Arena, build_contest, end_by_decision, start_round
from click.testing import CliRunner, Result
from sqlmodel import select

from assembly.cli import main
from base.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tournaments"))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "fixtures" / "contracts"))
from contracts_people import link_party_people  # noqa: E402
from contracts_samples import ATHLETE_TRAINING  # noqa: E402
from tournament_builders import draw, register_all, setup_tournament  # noqa: E402


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xc8\x10\x2e")) + chunk(b"IEND", b"")


@dataclass
class Filled:
    contest_id: int
    documents: dict[str, str]  # register code -> SHA-256
    contract_id: int
    contract_pdf: bytes
    person_id: int
    photo: bytes
    evidence_sha: str


def arena_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def settings_args(settings: Settings) -> list[str]:
    return ["--data-dir", str(settings.data_dir)] + (["--database-url", settings.database_url] if settings.database_url else [])


def rows(arena: Arena, statement: Any) -> list[Any]:
    async def run() -> list[Any]:
        async with arena.app.state.db_factory() as session:
            return list((await session.exec(statement)).all())

    return arena.run(run)


def score_a_bout(arena: Arena) -> int:
    setup = build_contest(arena)
    start_round(arena, setup.contest_id)
    for delta in ("1", "2", "-0.5"):
        arena.command(setup.contest_id, "adjust", side="red", delta=delta, reason="Xem lại video")
    arena.command(setup.contest_id, "penalty", side="blue", code="gam-jeom")
    end_by_decision(arena, setup.contest_id)
    return setup.contest_id


def add_evidence(arena: Arena, settings: Settings, contest_id: int) -> str:
    from base.accounts.models import User
    from scoring.appeals.models import Evidence
    from scoring.appeals.store import FilesystemBlobStore

    async def run() -> str:
        blob = await FilesystemBlobStore(settings.data_dir / "blobs").put_bytes(b"\xff\xd8\xff\xe0 goc quay 2 " * 100)
        async with arena.app.state.db_factory() as session:
            user = (await session.exec(select(User).where(User.username == "referee"))).one()
            session.add(
                Evidence(
                    contest_id=contest_id,
                    kind="image",
                    sha256=blob.sha256,
                    size=blob.size,
                    mime="image/jpeg",
                    filename="goc-2.jpg",
                    uploaded_by=user.id,
                )
            )
            await session.commit()
        return blob.sha256

    return arena.run(run)


def sign_up_a_contract(arena: Arena, settings: Settings) -> int:
    from contracts.ca import CertificateAuthority

    CertificateAuthority.init(
        settings.data_dir, organisation="Sở Văn hóa và Thể thao Hà Nội", base_url="http://testserver", now=arena.app.state.clock()
    )
    link_party_people(arena)
    parties = {
        role: arena.ok(arena.get("/api/me", role=user))["id"]
        for role, user in (("athlete", "athlete"), ("coach", "coach"), ("director", "manager"))
    }
    fields = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in ATHLETE_TRAINING.items()}
    created = arena.ok(
        arena.post(
            "/api/contracts/",
            {"template_id": "athlete_training", "fields": fields, "parties": parties, "national_ids": {"athlete": "001308012345"}},
            role="manager",
        )
    )
    arena.ok(arena.post(f"/api/contracts/{created['id']}/send", {}, role="manager"))
    return created["id"]


def fill(arena: Arena, settings: Settings) -> Filled:
    """A scored bout, a drawn category (its log and its entry list through the register), a photo,
    evidence and a certified contract: something in every store."""
    from base.register import IssuedDocument

    contest_id = score_a_bout(arena)
    t = setup_tournament(arena, n=4, fields=1)
    register_all(arena, t)
    draw(arena, t)
    assert arena.get(f"/api/tournaments/categories/{t.category_id}/entries.pdf", role="manager").status_code == 200
    photo = png()
    r = arena.client.put(
        f"/api/people/{t.athletes[0]}/photo", content=photo, headers={**arena.as_role("manager"), "content-type": "image/png"}
    )
    assert r.status_code == 200, r.text
    evidence = add_evidence(arena, settings, contest_id)
    contract_id = sign_up_a_contract(arena, settings)
    pdf = arena.get(f"/api/contracts/{contract_id}/pdf", role="manager").content
    documents = {d.code: d.sha256 for d in rows(arena, select(IssuedDocument).where(IssuedDocument.sha256 != ""))}
    assert documents
    return Filled(contest_id, documents, contract_id, pdf, t.athletes[0], photo, evidence)


def issue_an_entry_list(arena: Arena, athletes: int = 4) -> None:
    """A drawn category (its competition log) whose entry list is issued through the register."""
    t = setup_tournament(arena, n=athletes, fields=1)
    register_all(arena, t)
    draw(arena, t)
    assert arena.get(f"/api/tournaments/categories/{t.category_id}/entries.pdf", role="manager").status_code == 200
