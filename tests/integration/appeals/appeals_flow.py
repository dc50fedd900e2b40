"""Builders for the appeals integration tests: a running taekwondo bout and tus requests."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from arena_builders import Arena, Setup, build_contest, coach_the_athlete

TUS = {"Tus-Resumable": "1.0.0"}


def running_bout(arena: Arena) -> Setup:
    """A running bout whose athletes (one club's) are coached by the account "coach", not "coach2"."""
    setup = build_contest(arena)
    coach_the_athlete(arena, setup.red_athlete, setup.blue_athlete)
    for command in ("start_contest", "start_round", "start_clock"):
        arena.command(setup.contest_id, command)
    return setup


def meta(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def tus_create(arena: Arena, length: int, role: str = "coach", **values: str) -> Any:
    headers = {**arena.as_role(role), **TUS, "Upload-Length": str(length), "Upload-Metadata": meta(**values)}
    return arena.client.post("/api/appeals/uploads", headers=headers)


def tus_patch(arena: Arena, location: str, offset: int, body: bytes, role: str = "coach", **extra: str) -> Any:
    headers = {**arena.as_role(role), **TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream", **extra}
    return arena.client.patch(location, content=body, headers=headers)


def upload_file(arena: Arena, path: Path, appeal_id: int, filetype: str, role: str = "coach") -> Any:
    """Create and send a whole file in one PATCH; returns the final PATCH response."""
    data = path.read_bytes()
    created = tus_create(arena, len(data), role, appeal_id=str(appeal_id), filename=path.name, filetype=filetype)
    assert created.status_code == 201, created.text
    return tus_patch(arena, created.headers["location"], 0, data, role)


def file_appeal(
    arena: Arena, contest_id: int, category: str = "own-penalty", side: str = "red", action_seq: int | None = None, role: str = "coach"
) -> Any:
    body: dict[str, Any] = {"contest_id": contest_id, "side": side, "category": category, "reason": "Trọng tài phạt nhầm"}
    if action_seq is not None:
        body["action_seq"] = action_seq
    return arena.post("/api/appeals", body, role=role)


def contest_state(arena: Arena, contest_id: int) -> Any:
    return arena.ok(arena.get(f"/api/contests/{contest_id}", role=None))
