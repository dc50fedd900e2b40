"""Hardware keypads as judges: device -> seat assignments, presses and device health.

Keypads reach this module two ways with the same rules: through a bridge on ``/ws/devices``, or
read directly by the server (``arena serve --device``). A keypad does not know contests: its press
goes to the contest on its seat's field, and a resend is recognised in any contest's log.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select

from base.db import AsyncSession, row_id
from scoring.errors import ContestClosed, DeviceBoundElsewhere, DeviceUnassigned, MessageInvalid, NotCurrentContest
from scoring.lifecycle import Phase
from scoring.live.chain import iso
from scoring.live.hub import LiveHub
from scoring.live.runtime import ContestRuntime
from scoring.models import DeviceAssignment, KeypadBridge, Panel


async def assignments(hub: LiveHub) -> dict[str, dict[str, Any]]:
    """Every keypad's seat: ``{device: {panel_id, seat, fop_id}}``, read once and kept by the hub
    until an assignment changes (``assign``/``unassign`` below are the only writers)."""
    if hub.keypad_seats is None:
        hub.keypad_seats = await _load_assignments(hub.factory)
    return hub.keypad_seats


async def _load_assignments(factory: async_sessionmaker[AsyncSession]) -> dict[str, dict[str, Any]]:
    async with factory() as session:
        rows = (await session.exec(select(DeviceAssignment))).all()
        panels = {p.id: p for p in (await session.exec(select(Panel))).all()}
    return {
        r.device_id: {"panel_id": r.panel_id, "seat": r.seat, "fop_id": panels[r.panel_id].fop_id if r.panel_id in panels else None}
        for r in rows
    }


async def assign(session: AsyncSession, hub: LiveHub, device_id: str, panel: Panel, seat: str, actor: Any) -> DeviceAssignment:
    """Put a keypad on a seat of a panel (replacing its earlier seat); audited."""
    from base.audit import audit
    from base.errors import InvalidInput

    if seat not in panel.seat_list():
        raise InvalidInput(f"seat {seat!r} is not on panel {panel.name}")
    panel_id = row_id(panel)
    row = await session.get(DeviceAssignment, device_id) or DeviceAssignment(device_id=device_id, panel_id=panel_id, seat=seat)
    row.panel_id, row.seat = panel_id, seat
    session.add(row)
    audit(session, actor=actor, action="device.assign", subject=f"device:{device_id}", detail={"panel_id": panel.id, "seat": seat})
    await session.commit()
    hub.keypad_seats = None
    return row


async def unassign(session: AsyncSession, hub: LiveHub, device_id: str, actor: Any) -> None:
    from base.audit import audit

    row = await session.get(DeviceAssignment, device_id)
    if row is not None:
        await session.delete(row)
        audit(session, actor=actor, action="device.unassign", subject=f"device:{device_id}")
        await session.commit()
        hub.keypad_seats = None


LOCAL = "@server"  # the bridge name of keypads the server reads itself (``arena serve --device``)


async def bridges(hub: LiveHub) -> dict[str, str]:
    """Every bound keypad's bridge, read once and kept by the hub (``claim``/``release`` write)."""
    if hub.keypad_bridges is None:
        async with hub.factory() as session:
            rows = (await session.exec(select(KeypadBridge))).all()
        hub.keypad_bridges = {r.device_id: r.bridge for r in rows}
    return hub.keypad_bridges


async def claim(hub: LiveHub, device: str, bridge: str) -> None:
    """Let ``bridge`` speak for ``device``: a keypad no bridge has is bound to this one (audited);
    one bound to another bridge is refused (``DeviceBoundElsewhere``), audited once per bridge."""
    from base.audit import audit

    bound = (await bridges(hub)).get(device)
    if bound == bridge:
        return
    async with hub.factory() as session:
        if bound is None:
            row = await session.get(KeypadBridge, device)
            if row is None:
                session.add(KeypadBridge(device_id=device, bridge=bridge))
                audit(session, actor=bridge, action="device.bind", subject=f"device:{device}", detail={"bridge": bridge})
                try:
                    await session.commit()
                except IntegrityError:  # another bridge bound it at the same moment
                    await session.rollback()
                    row = await session.get(KeypadBridge, device)
            hub.keypad_bridges = None
            if row is None or row.bridge == bridge:
                return
            bound = row.bridge
        if (device, bridge) not in hub.refused_claims:
            hub.refused_claims.add((device, bridge))
            detail = {"bridge": bridge, "bound_to": bound}
            audit(session, actor=bridge, action="device.claim_refused", subject=f"device:{device}", detail=detail)
            await session.commit()
    raise DeviceBoundElsewhere(device)


async def release(session: AsyncSession, hub: LiveHub, device_id: str, actor: Any) -> None:
    """Free a keypad from its bridge (the head referee moved its receiver); the next bridge that
    announces it gets it. Audited."""
    from base.audit import audit

    row = await session.get(KeypadBridge, device_id)
    if row is not None:
        await session.delete(row)
        audit(session, actor=actor, action="device.release", subject=f"device:{device_id}", detail={"bridge": row.bridge})
        await session.commit()
    hub.keypad_bridges = None
    hub.refused_claims = {c for c in hub.refused_claims if c[0] != device_id}


async def submit_input(
    hub: LiveHub,
    *,
    fop_id: int,
    panel_id: int,
    seat: str,
    kind: str,
    data: dict[str, Any],
    source_epoch: str,
    seq: int,
    contest_id: int | None,
    actor: str,
    ordered: bool = True,
) -> dict[str, Any]:
    """Append a judge's input to the contest on the seat's field; the ack to send back.

    ``ordered``: the source sends its seqs in order (a tablet), so an older seq is stale; a keypad's
    backlog arrives after its newer presses and is taken in any order. A late press (``pressed_at``
    in ``data``) that no log can take (the contest has ended, or had not started when it was
    pressed) is recorded by the hub and acknowledged with ``counted: false`` and the reason."""
    key = (f"seat:{seat}", source_epoch, seq)
    current = await hub.current_contest_id(fop_id)
    if contest_id is None:
        # A resend whose ack was lost may arrive after the field moved on to the next contest:
        # look the key up in every log before giving the press to the current contest.
        found = await hub.find_source_key(key)
        if found is not None:
            return {"type": "ack", "contest_id": found[0], "event_seq": found[1], "duplicate": True}
    target = contest_id if contest_id is not None else current
    if target is None:
        raise NotCurrentContest("none")
    rt = await hub.runtime(target)
    if rt.keys.get(key) is None:
        if rt.panel_id != panel_id or rt.fop_id != fop_id:
            raise NotCurrentContest(target)
        if target != current:
            raise ContestClosed(target) if rt.envelope.phase is Phase.ENDED else NotCurrentContest(target)
        reason = unloggable(rt, data)
        if reason is not None:
            entry = {**data, "reason": reason, "logged": False, "contest_id": target, "actor": actor, "epoch": source_epoch, "seq": seq}
            first = await hub.late_not_logged(rt, key, entry)
            return {"type": "ack", "contest_id": target, "event_seq": None, "duplicate": not first, "counted": False, "late": reason}
    appended = await hub.append(target, kind, data, actor=actor, key=key, ordered=ordered)
    return {"type": "ack", "contest_id": target, "event_seq": appended.seq, "duplicate": appended.duplicate}


LATE_MS = 250  # a keypad press the bridge says was made this long before it was sent is a late press


def unloggable(rt: ContestRuntime, data: dict[str, Any]) -> str | None:
    """Why a late press cannot go into this contest's log at all (its reason code), or None."""
    raw = data.get("pressed_at")
    if raw is None:
        return None
    if rt.envelope.phase is Phase.ENDED:
        return "contest_over"
    started, pressed = rt.started_at(), datetime.fromisoformat(str(raw))
    if started is None or pressed < started:
        return "before_start"
    if rt.envelope.phase is Phase.READY:  # presses are logged while a round is on (lifecycle Rule 2)
        ended = [e.at for e in rt.events if e.kind == "round_ended"]
        return "round_over" if ended and pressed < ended[-1] else "between_rounds"
    return None


def late_press_time(hub: LiveHub, age_ms: Any) -> str | None:
    """The press time of a keypad press the bridge says was made ``age_ms`` ago (None: on time)."""
    if age_ms is None:
        return None
    if not isinstance(age_ms, int) or isinstance(age_ms, bool) or not 0 <= age_ms <= MAX_AGE_MS:
        raise MessageInvalid(f"'age_ms' must be a whole number of milliseconds from 0 to {MAX_AGE_MS}")
    return iso(hub.clock() - timedelta(milliseconds=age_ms)) if age_ms >= LATE_MS else None


MAX_AGE_MS = 7 * 24 * 3600 * 1000  # a press time in the future or older than a week is refused


def press_data(seat: str, side: Any, value: Any, code: Any = None, t_device: Any = None) -> dict[str, Any]:
    if side not in ("red", "blue"):
        raise MessageInvalid("'side' must be red or blue")
    data: dict[str, Any] = {"seat": seat, "side": side, "value": str(value if value is not None else "")}
    if code is not None:
        data["code"] = str(code)
    if t_device is not None:
        data["t_device"] = str(t_device)
    return data


async def keypad_press(
    hub: LiveHub,
    *,
    device: str,
    epoch: str,
    seq: int,
    side: Any,
    value: Any,
    code: Any = None,
    t_device: Any = None,
    age_ms: Any = None,
    bridge: str = LOCAL,
) -> dict[str, Any]:
    """A keypad press: refused when the keypad has no seat, else scored like a tablet press.
    ``age_ms`` (the bridge's reading of how long ago it was pressed) makes a press made more than
    ``LATE_MS`` before it arrived a late press, placed by the rule set at its press time."""
    pressed = late_press_time(hub, age_ms)
    await claim(hub, device, bridge)
    assignment = (await assignments(hub)).get(device)
    if assignment is None:
        raise DeviceUnassigned(device)
    seat = assignment["seat"]
    data = press_data(seat, side, value, code, t_device)
    if pressed is not None:
        data["pressed_at"] = pressed
    ack = await submit_input(
        hub,
        fop_id=assignment["fop_id"],
        panel_id=assignment["panel_id"],
        seat=seat,
        kind="press",
        data=data,
        source_epoch=f"device:{device}:{epoch}",
        seq=seq,
        contest_id=None,
        actor=f"device:{device}",
        ordered=False,
    )
    return {**ack, "device": device, "epoch": epoch, "seq": seq}


async def keypad_state(hub: LiveHub, *, device: str, state: dict[str, Any], via: str) -> None:
    """Record a keypad's health (connected, battery, signal) for its head referee's console; only
    its own bridge (``via``) may report it."""
    await claim(hub, device, via)
    assignment = (await assignments(hub)).get(device)
    record = {k: state.get(k) for k in ("state", "battery", "signal", "rejected", "lost")}
    record.update(bridge=via, at=hub.clock().isoformat())
    if assignment:
        record.update(assignment)
    await hub.device_state(device, record)


async def run_local_keypads(ports: tuple[str, ...], hub: LiveHub, stop: Any) -> None:
    """Read keypads plugged into this server (one-laptop venue) until ``stop`` is set."""
    import logging

    from base.errors import ArenaError
    from devices.keymap import DEFAULT_KEYMAP
    from devices.local import run_local_ports

    log = logging.getLogger("arena.keypads")

    async def submit(press: Any) -> None:
        try:
            await keypad_press(
                hub,
                device=press.device,
                epoch=press.epoch,
                seq=press.seq,
                side=press.side.value,
                value=str(press.value),
                code=press.code,
                t_device=press.t_device,
                age_ms=press.age_ms,
            )
        except ArenaError as exc:
            log.warning("keypad %s press %s refused: %s", press.device, press.seq, exc.message("en"))

    async def on_state(state: Any) -> None:
        message = {"state": state.state.value, "battery": state.battery, "signal": state.signal, "rejected": state.rejected}
        await keypad_state(hub, device=state.device, state=message, via=LOCAL)

    await run_local_ports(ports, DEFAULT_KEYMAP, submit, on_state, stop)
