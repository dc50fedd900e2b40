"""Websockets of the live hub: scoreboards per field of play, judge tablets, keypad bridges.

Every socket answers a bad message with ``{"type": "error", "code", "message", "message_en"}`` and
changes nothing; an input is acknowledged only after it is committed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from litestar import Router, WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect
from litestar.params import FromPath

from base.accounts.models import Role
from base.auth import current_user, requires_role
from base.errors import ArenaError
from scoring.errors import MessageInvalid, SeatNotBound, SpectatorsFull
from scoring.keypads import assignments, claim, keypad_press, keypad_state, press_data, submit_input
from scoring.live.hub import LiveHub
from scoring.models import FieldOfPlay, Panel
from scoring.pairing import PairingService

SEAT_COOKIE = "arena_seat"
INPUT_KINDS = ("press", "mark", "card")
TRY_AGAIN_LATER = 1013  # RFC 6455 close code: the page waits ``RETRY_SECONDS`` and tries again
RETRY_SECONDS = 30
log = logging.getLogger(__name__)


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
    if kind == "press":
        return press_data(seat, message.get("side"), message.get("value"), message.get("code"), message.get("t_device"))
    data: dict[str, Any] = {"seat": seat}
    if kind == "mark":
        data["value"] = str(message.get("value", ""))
        if message.get("component") is not None:
            data["component"] = str(message["component"])
    else:
        data["round"] = message.get("round")
        for side in ("red", "blue"):
            data[side] = str(message.get(side, ""))
    return data


async def _close_stuck(socket: WebSocket[Any, Any, Any]) -> None:
    try:
        await asyncio.wait_for(socket.close(code=1008, reason="no delta taken"), timeout=5)
    except Exception as exc:  # noqa: BLE001 - the connection is gone either way; uvicorn's keepalive ends it
        log.debug("closing a stuck socket: %s", exc)


async def _stream(socket: WebSocket[Any, Any, Any], fop_id: int, on_message: Any, *, public: bool = False) -> None:
    """Register for a field's deltas, send a snapshot, then hand each client message to ``on_message``.
    A public socket gets deltas after the scoring sockets (``Fanout``)."""
    hub: LiveHub = socket.app.state.hub
    fanout = socket.app.state.fanout
    closing: list[asyncio.Task[None]] = []
    last_snapshot = [time.monotonic()]  # the one sent on connect
    outlet = fanout.add(fop_id, socket.send, public=public, on_stuck=lambda: closing.append(asyncio.create_task(_close_stuck(socket))))
    try:
        await socket.send_text(await hub.snapshot(fop_id))
        while True:
            try:
                raw = await socket.receive_text()
            except WebSocketDisconnect:
                return
            try:
                message = _parse(raw)
                if message["type"] == "snapshot":
                    if public:  # at most one a second: a spectator asking in a loop costs the judges nothing
                        wait = last_snapshot[0] + 1.0 - time.monotonic()
                        if wait > 0:
                            await asyncio.sleep(wait)
                        last_snapshot[0] = time.monotonic()
                    await socket.send_text(await hub.snapshot(fop_id))
                elif message["type"] == "ping":
                    await socket.send_text(json.dumps({"type": "pong", "t": message.get("t")}))
                else:
                    await on_message(message)
            except ArenaError as exc:
                await socket.send_text(error_message(exc, epoch=_echo(raw, "epoch"), seq=_echo(raw, "seq")))
    finally:
        fanout.remove(fop_id, outlet)


def _echo(raw: str, key: str) -> Any:
    try:
        value = json.loads(raw)
        return value.get(key) if isinstance(value, dict) else None
    except ValueError:
        return None


@websocket("/ws/fop/{fop_id:int}", opt={"public": True})
async def scoreboard_socket(socket: WebSocket[Any, Any, Any], fop_id: FromPath[int]) -> None:
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

    if current_user(socket) is not None:  # a console or a logged-in official: never counted
        await _stream(socket, fop_id, refuse)
        return
    gate = socket.app.state.spectators
    address = socket.client.host if socket.client else ""
    full = gate.enter(fop_id, address)
    if full is not None:
        limit = gate.per_field if full == "field" else gate.per_address
        await socket.send_text(error_message(SpectatorsFull(limit=limit, retry=RETRY_SECONDS), retry_after=RETRY_SECONDS, limit=full))
        await socket.close(code=TRY_AGAIN_LATER)
        return
    try:
        await _stream(socket, fop_id, refuse, public=True)
    finally:
        gate.leave(fop_id, address)


@websocket("/ws/judge", opt={"public": True, "auth": "seat binding cookie"})
async def judge_socket(socket: WebSocket[Any, Any, Any]) -> None:
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
    checked = [hub.binding_generation]

    async def on_message(message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind not in INPUT_KINDS:
            raise MessageInvalid(f"unknown message type {kind!r}")
        epoch, seq = _source_fields(message)
        if checked[0] != hub.binding_generation:
            # A binding was revoked or replaced somewhere since we last looked: look again.
            generation = hub.binding_generation
            async with socket.app.state.db_factory() as session:
                if await PairingService(session).binding_for_token(token) is None:
                    raise SeatNotBound()
            checked[0] = generation
        contest_id = message.get("contest_id")
        if contest_id is not None and not isinstance(contest_id, int):
            raise MessageInvalid("'contest_id' must be an integer")
        ack = await submit_input(
            hub,
            fop_id=fop_id,
            panel_id=panel_id,
            seat=seat,
            kind=kind,
            data=_input_data(kind, seat, message),
            source_epoch=epoch,
            seq=seq,
            contest_id=contest_id,
            actor=f"seat:{seat}",
        )
        await socket.send_text(json.dumps({**ack, "epoch": epoch, "seq": seq}))

    await _stream(socket, fop_id, on_message)


@websocket("/ws/devices", guards=[requires_role(Role.DEVICE)])
async def devices_socket(socket: WebSocket[Any, Any, Any]) -> None:
    """A keypad bridge (bearer token of a ``device`` account): presses and device states."""
    await socket.accept()
    hub: LiveHub = socket.app.state.hub
    bridge = getattr(socket.user, "username", "bridge")
    await socket.send_text(json.dumps({"type": "assignments", "devices": await assignments(hub)}))
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


async def _device_message(socket: WebSocket[Any, Any, Any], hub: LiveHub, bridge: str, message: dict[str, Any]) -> str:
    kind = message["type"]
    if kind == "hello":
        # The keypads a bridge announces are bound to it; one another bridge has is refused.
        announced = message.get("devices")
        if not isinstance(announced, list) or not all(isinstance(d, str) and 0 < len(d) <= 64 for d in announced):
            raise MessageInvalid("'devices' must be a list of device ids")
        for device in announced[:256]:
            try:
                await claim(hub, device, bridge)
            except ArenaError as exc:
                await socket.send_text(error_message(exc, device=device, epoch=None, seq=None))
        return json.dumps({"type": "assignments", "devices": await assignments(hub)})
    device = message.get("device")
    if not isinstance(device, str) or not device or len(device) > 64:
        raise MessageInvalid("'device' must be a non-empty string")
    if kind == "device_state":
        await keypad_state(hub, device=device, state=message, via=bridge)
        return ""
    if kind != "press":
        raise MessageInvalid(f"unknown message type {kind!r}")
    epoch, seq = _source_fields(message)
    ack = await keypad_press(
        hub,
        device=device,
        epoch=epoch,
        seq=seq,
        side=message.get("side"),
        value=message.get("value"),
        code=message.get("code"),
        t_device=message.get("t_device"),
        age_ms=message.get("age_ms"),
        bridge=bridge,
    )
    return json.dumps(ack)


socket_router = Router(path="/", route_handlers=[scoreboard_socket, judge_socket, devices_socket])
