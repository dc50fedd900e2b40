"""Websockets of the live hub: scoreboards per field of play, judge tablets, keypad bridges.

Every socket answers a bad message with ``{"type": "error", "code", "message", "message_en"}`` and
changes nothing; an input is acknowledged only after it is committed.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from litestar import Router, WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect

from arena.accounts.models import Role
from arena.auth import requires_role
from arena.errors import ArenaError
from scoring.errors import ContestClosed, DeviceUnassigned, MessageInvalid, NotCurrentContest, SeatNotBound
from scoring.lifecycle import Phase
from scoring.live.hub import LiveHub
from scoring.models import DeviceAssignment, FieldOfPlay, Panel
from scoring.pairing import PairingService

SEAT_COOKIE = "arena_seat"
INPUT_KINDS = ("press", "mark", "card")


def error_message(exc: ArenaError, **echo: Any) -> str:
    return json.dumps(
        {"type": "error", "code": exc.code, "message": exc.message("vi"), "message_en": exc.message("en"), **echo},
        ensure_ascii=False,
    )


def _parse(raw: str) -> dict[str, Any]:
    try:
        message = json.loads(raw)
    except ValueError:
        raise MessageInvalid("not JSON") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise MessageInvalid("a message is a JSON object with a 'type'")
    return message


def _source_fields(message: dict[str, Any]) -> tuple[str, int]:
    epoch, seq = message.get("epoch"), message.get("seq")
    if not isinstance(epoch, str) or not epoch or len(epoch) > 60:
        raise MessageInvalid("'epoch' must be a non-empty string (at most 60 characters)")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise MessageInvalid("'seq' must be a positive integer")
    return epoch, seq


def _input_data(kind: str, seat: str, message: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"seat": seat}
    if kind == "press":
        if message.get("side") not in ("red", "blue"):
            raise MessageInvalid("'side' must be red or blue")
        data["side"] = message["side"]
        data["value"] = str(message.get("value", ""))
        if message.get("code") is not None:
            data["code"] = str(message["code"])
        if message.get("t_device") is not None:
            data["t_device"] = str(message["t_device"])
    elif kind == "mark":
        data["value"] = str(message.get("value", ""))
        if message.get("component") is not None:
            data["component"] = str(message["component"])
    else:
        data["round"] = message.get("round")
        for side in ("red", "blue"):
            data[side] = str(message.get(side, ""))
    return data


async def _stream(socket: WebSocket, fop_id: int, on_message: Any) -> None:
    """Subscribe to a field's deltas, send a snapshot, then hand each client message to ``on_message``."""
    hub: LiveHub = socket.app.state.hub
    channels = socket.app.state.channels

    async def forward(data: bytes) -> None:
        await socket.send_text(data.decode("utf-8"))

    async with channels.start_subscription([f"fop:{fop_id}"]) as subscriber:
        async with subscriber.run_in_background(forward):
            await socket.send_text(await hub.snapshot(fop_id))
            while True:
                try:
                    raw = await socket.receive_text()
                except WebSocketDisconnect:
                    return
                try:
                    message = _parse(raw)
                    if message["type"] == "snapshot":
                        await socket.send_text(await hub.snapshot(fop_id))
                    elif message["type"] == "ping":
                        await socket.send_text(json.dumps({"type": "pong", "t": message.get("t")}))
                    else:
                        await on_message(message)
                except ArenaError as exc:
                    await socket.send_text(error_message(exc, epoch=_echo(raw, "epoch"), seq=_echo(raw, "seq")))


def _echo(raw: str, key: str) -> Any:
    try:
        value = json.loads(raw)
        return value.get(key) if isinstance(value, dict) else None
    except ValueError:
        return None


@websocket("/ws/fop/{fop_id:int}", opt={"public": True})
async def scoreboard_socket(socket: WebSocket, fop_id: int) -> None:
    """Scoreboards, the public page and consoles: a snapshot on connect, then numbered deltas."""
    await socket.accept()
    async with socket.app.state.db_factory() as session:
        fop = await session.get(FieldOfPlay, fop_id)
    if fop is None:
        await socket.send_text(error_message(ArenaError(f"no field of play {fop_id}")))
        await socket.close(code=4404)
        return

    async def refuse(message: dict[str, Any]) -> None:
        raise MessageInvalid(f"a scoreboard sends only snapshot or ping, not {message['type']!r}")

    await _stream(socket, fop_id, refuse)


async def submit_input(
    hub: LiveHub, *, fop_id: int, panel_id: int, seat: str, kind: str, data: dict[str, Any],
    source_epoch: str, seq: int, contest_id: Optional[int], actor: str,
) -> dict[str, Any]:
    """Append a judge's input to the contest on the seat's field; the ack to send back."""
    key = (f"seat:{seat}", source_epoch, seq)
    current = await hub.current_contest_id(fop_id)
    if contest_id is None:
        # A keypad does not know contests: a resend whose ack was lost may arrive after the field
        # moved on, so look the key up in every log before giving it to the current contest.
        found = await hub.find_source_key(key)
        if found is not None:
            return {"type": "ack", "contest_id": found[0], "event_seq": found[1], "duplicate": True}
    target = contest_id if contest_id is not None else current
    if target is None:
        raise NotCurrentContest("none")
    rt = await hub.runtime(target)
    taken = rt.keys.get(key)
    if taken is None:
        if rt.panel_id != panel_id or rt.fop_id != fop_id:
            raise NotCurrentContest(target)
        if target != current:
            raise ContestClosed(target) if rt.envelope.phase is Phase.ENDED else NotCurrentContest(target)
    appended = await hub.append(target, kind, data, actor=actor, key=key)
    return {"type": "ack", "contest_id": target, "event_seq": appended.seq, "duplicate": appended.duplicate}


@websocket("/ws/judge", opt={"public": True, "auth": "seat binding cookie"})
async def judge_socket(socket: WebSocket) -> None:
    """A judge tablet bound to a seat: presses/marks with epoch+seq, acked after commit."""
    await socket.accept()
    hub: LiveHub = socket.app.state.hub
    token = socket.query_params.get("seat_token") or socket.cookies.get(SEAT_COOKIE)
    async with socket.app.state.db_factory() as session:
        binding = await PairingService(session).binding_for_token(token)
        panel = await session.get(Panel, binding.panel_id) if binding else None
    if binding is None or panel is None:
        await socket.send_text(error_message(SeatNotBound()))
        await socket.close(code=4403)
        return
    seat, panel_id, fop_id = binding.seat, panel.id, panel.fop_id
    await socket.send_text(json.dumps({"type": "hello", "seat": seat, "panel_id": panel_id, "fop_id": fop_id}))

    async def on_message(message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind not in INPUT_KINDS:
            raise MessageInvalid(f"unknown message type {kind!r}")
        epoch, seq = _source_fields(message)
        async with socket.app.state.db_factory() as session:
            if await PairingService(session).binding_for_token(token) is None:
                raise SeatNotBound()
        contest_id = message.get("contest_id")
        if contest_id is not None and not isinstance(contest_id, int):
            raise MessageInvalid("'contest_id' must be an integer")
        ack = await submit_input(
            hub, fop_id=fop_id, panel_id=panel_id, seat=seat, kind=kind, data=_input_data(kind, seat, message),
            source_epoch=epoch, seq=seq, contest_id=contest_id, actor=f"seat:{seat}",
        )
        await socket.send_text(json.dumps({**ack, "epoch": epoch, "seq": seq}))

    await _stream(socket, fop_id, on_message)


@websocket("/ws/devices", guards=[requires_role(Role.DEVICE)])
async def devices_socket(socket: WebSocket) -> None:
    """A keypad bridge (bearer token of a ``device`` account): presses and device states."""
    await socket.accept()
    hub: LiveHub = socket.app.state.hub
    bridge = getattr(socket.user, "username", "bridge")
    await socket.send_text(json.dumps({"type": "assignments", "devices": await _assignments(socket)}))
    while True:
        try:
            raw = await socket.receive_text()
        except WebSocketDisconnect:
            return
        echo = {"device": _echo(raw, "device"), "epoch": _echo(raw, "epoch"), "seq": _echo(raw, "seq")}
        try:
            message = _parse(raw)
            reply = await _device_message(socket, hub, bridge, message)
        except ArenaError as exc:
            reply = error_message(exc, **echo)
        if reply:
            await socket.send_text(reply)


async def _assignments(socket: WebSocket) -> dict[str, Any]:
    from sqlmodel import select

    async with socket.app.state.db_factory() as session:
        rows = (await session.exec(select(DeviceAssignment))).all()
        out = {}
        for row in rows:
            panel = await session.get(Panel, row.panel_id)
            out[row.device_id] = {"panel_id": row.panel_id, "seat": row.seat, "fop_id": panel.fop_id if panel else None}
    return out


async def _device_message(socket: WebSocket, hub: LiveHub, bridge: str, message: dict[str, Any]) -> str:
    kind = message["type"]
    device = message.get("device")
    if kind == "hello":
        return json.dumps({"type": "assignments", "devices": await _assignments(socket)})
    if not isinstance(device, str) or not device or len(device) > 64:
        raise MessageInvalid("'device' must be a non-empty string")
    assignment = (await _assignments(socket)).get(device)
    if kind == "device_state":
        state = {k: message.get(k) for k in ("state", "battery", "signal", "rejected")}
        state.update(bridge=bridge, at=hub.clock().isoformat())
        if assignment:
            state.update(panel_id=assignment["panel_id"], seat=assignment["seat"], fop_id=assignment["fop_id"])
        await hub.device_state(device, state)
        return ""
    if kind != "press":
        raise MessageInvalid(f"unknown message type {kind!r}")
    epoch, seq = _source_fields(message)
    if assignment is None:
        raise DeviceUnassigned(device)
    ack = await submit_input(
        hub, fop_id=assignment["fop_id"], panel_id=assignment["panel_id"], seat=assignment["seat"], kind="press",
        data=_input_data("press", assignment["seat"], message), source_epoch=f"device:{device}:{epoch}", seq=seq,
        contest_id=None, actor=f"device:{device}",
    )
    return json.dumps({**ack, "device": device, "epoch": epoch, "seq": seq})


socket_router = Router(path="/", route_handlers=[scoreboard_socket, judge_socket, devices_socket])
