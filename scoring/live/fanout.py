"""In-process fan-out of a field's deltas to its open sockets.

Writing a frame to a healthy socket completes without suspending (uvicorn's send only waits when
the client's buffer is full), so each delta is written to every socket in one pass, with no task
or queue per socket. A socket whose send does suspend (a slow client) is finished by a task of its
own and gets later deltas queued behind it; past ``BACKLOG`` it loses them and, seeing the gap in
the sequence numbers, asks for a snapshot. Measured: this pass costs about half of what a
subscriber task per socket cost (bench/RESULTS.md, "Live scoring").
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Coroutine[Any, Any, None]]  # driven by hand: a coroutine, not any awaitable
BACKLOG = 64


class Outlet:
    """One socket of a field: writes deltas in order, never more than one send at a time."""

    def __init__(self, send: Send, on_sent: Callable[[str], None]) -> None:
        self.send = send
        self.on_sent = on_sent
        self.backlog: deque[str] = deque()
        self.busy = False
        self.closed = False

    def offer(self, text: str) -> None:
        if self.closed:
            return
        if self.busy:
            if len(self.backlog) >= BACKLOG:
                self.backlog.clear()  # the client will see a gap and ask for a snapshot
            self.backlog.append(text)
            return
        self._write(text)

    def _write(self, text: str) -> None:
        coroutine = self.send({"type": "websocket.send", "text": text})
        try:
            waiting = coroutine.send(None)
        except StopIteration:
            return  # written at once; the fan-out reports the whole pass
        except Exception as exc:  # noqa: BLE001 - a dead socket is closed here, reported by its handler
            self._close(exc)
            return
        self.busy = True
        asyncio.ensure_future(self._finish(coroutine, waiting, text))

    async def _finish(self, coroutine: Any, waiting: Any, text: str) -> None:
        """Drive a send that suspended (the client's buffer is full) the way a task would."""
        try:
            while True:
                if waiting is None:
                    await asyncio.sleep(0)
                else:
                    await waiting
                try:
                    waiting = coroutine.send(None)
                except StopIteration:
                    break
            self.on_sent(text)
        except Exception as exc:  # noqa: BLE001 - as in _write
            self._close(exc)
            return
        finally:
            self.busy = False
        while self.backlog and not self.busy and not self.closed:
            self._write(self.backlog.popleft())

    def _close(self, exc: BaseException) -> None:
        self.closed = True
        self.backlog.clear()
        log.debug("scoreboard socket closed while sending: %s", exc)


class Fanout:
    """``on_written(fop_id, text)`` is told once when a delta has been written to every socket that
    took it at once, and again for each slow socket when it finally takes it."""

    def __init__(self, on_written: Callable[[int, str], None] = lambda _f, _t: None) -> None:
        self.fields: dict[int, set[Outlet]] = {}
        self.on_written = on_written

    def add(self, fop_id: int, send: Send) -> Outlet:
        outlet = Outlet(send, lambda text: self.on_written(fop_id, text))
        self.fields.setdefault(fop_id, set()).add(outlet)
        return outlet

    def remove(self, fop_id: int, outlet: Outlet) -> None:
        outlet.closed = True
        self.fields.get(fop_id, set()).discard(outlet)

    def publish(self, fop_id: int, text: str) -> None:
        for outlet in tuple(self.fields.get(fop_id, ())):
            outlet.offer(text)
        self.on_written(fop_id, text)
