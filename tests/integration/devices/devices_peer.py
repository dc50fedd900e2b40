"""A minimal real ``/ws/devices`` server for bridge tests: the ack/duplicate rule of the contract.

Its committed presses live in ``PeerStore``, which outlives a stop/start (a "server restart").
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from http import HTTPStatus

from websockets.asyncio.server import Server, ServerConnection, serve

TOKEN = "device-token-for-tests"


@dataclass
class PeerStore:
    committed: list[dict] = field(default_factory=list)
    keys: set[tuple[str, str, int]] = field(default_factory=set)
    duplicates: int = 0
    states: list[dict] = field(default_factory=list)
    hellos: list[dict] = field(default_factory=list)
    connects: list[float] = field(default_factory=list)
    closed_contests: set[str] = field(default_factory=set)

    def latest_state(self, device: str) -> str | None:
        found = [s["state"] for s in self.states if s["device"] == device]
        return found[-1] if found else None


class PeerServer:
    def __init__(self, store: PeerStore | None = None, port: int = 0) -> None:
        self.store = store or PeerStore()
        self.port = port
        self._server: Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await serve(self._handle, "127.0.0.1", self.port, process_request=self._auth)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        self._server = None

    def _auth(self, connection: ServerConnection, request):
        if request.path != "/ws/devices":
            return connection.respond(HTTPStatus.NOT_FOUND, "no such socket\n")
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return connection.respond(HTTPStatus.UNAUTHORIZED, "bad token\n")
        self.store.connects.append(time.monotonic())
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        async for text in ws:
            message = json.loads(text)
            kind = message["type"]
            if kind == "hello":
                self.store.hellos.append(message)
            elif kind == "device_state":
                self.store.states.append(message)
            elif kind == "press":
                await ws.send(json.dumps(self._press(message)))

    def _press(self, message: dict) -> dict:
        device, epoch, seq = message["device"], message["epoch"], message["seq"]
        if device in self.store.closed_contests:
            return {"type": "error", "code": "contest.closed", "message": "closed", "device": device, "seq": seq}
        key = (device, epoch, seq)
        duplicate = key in self.store.keys
        if duplicate:
            self.store.duplicates += 1
        else:
            self.store.keys.add(key)
            self.store.committed.append(message)
        return {"type": "ack", "device": device, "epoch": epoch, "seq": seq, "duplicate": duplicate}


async def eventually(check, timeout: float = 5.0, interval: float = 0.02):
    """Wait until ``check()`` is truthy; returns its value or fails the test with a clear message."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(interval)
