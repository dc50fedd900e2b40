"""In-process fan-out of a field's deltas to its open sockets.

Writing a frame to a healthy socket completes without suspending (uvicorn's send only waits when
the client's buffer is full), so each delta is written to every socket in one pass, with no task
or queue per socket. A socket whose send does suspend (a slow client) is finished by a task of its
own and gets later deltas queued behind it; past ``BACKLOG`` it loses them and, seeing the gap in
the sequence numbers, asks for a snapshot. A socket whose send has not completed for
``stuck_seconds`` is closed (a phone asleep in a pocket keeps its buffer full for ever). Measured:
this pass costs about half of what a subscriber task per socket cost (bench/RESULTS.md, "Live
scoring").

Scoring comes first: the judges' tablets and the head referee's console (``public=False``) get each
delta in the publishing pass; the public's sockets get it after, ``CHUNK`` sockets at a time with
the event loop free between chunks, so that a press arriving meanwhile is committed and acknowledged
without waiting behind a thousand spectators. How many public sockets may open at all is the gate's
(``SpectatorGate``: per field and per address; docs/security.md).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Coroutine[Any, Any, None]]  # driven by hand: a coroutine, not any awaitable
BACKLOG = 64
CHUNK = 100  # public sockets written between two yields to the event loop
STUCK_SECONDS = 30.0


class Outlet:
    """One socket of a field: writes deltas in order, never more than one send at a time."""

    def __init__(
        self,
        send: Send,
        on_sent: Callable[[str], None],
        *,
        public: bool = False,
        on_stuck: Callable[[], None] = lambda: None,
        stuck_seconds: float = STUCK_SECONDS,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.send = send
        self.on_sent = on_sent
        self.public = public
        self.on_stuck = on_stuck
        self.stuck_seconds = stuck_seconds
        self.now = now
        self.backlog: deque[str] = deque()
        self.busy = False
        self.busy_since = 0.0
        self.closed = False
        self.task: asyncio.Future[None] | None = None

    def offer(self, text: str) -> None:
        if self.closed:
            return
        if self.busy:
            if self.now() - self.busy_since >= self.stuck_seconds:
                self._give_up()
                return
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
        self.busy_since = self.now()
        self.task = asyncio.ensure_future(self._finish(coroutine, waiting, text))

    async def _finish(self, coroutine: Any, waiting: Any, text: str) -> None:
        """Drive a send that suspended (the client's buffer is full) the way a task would."""
        try:
            while True:
                if waiting is None:
                    await asyncio.sleep(0)
                else:
                    # The future arrives marked as being waited for (the send's own ``await`` set
                    # the mark, and a Task would clear it); awaiting it again with the mark set is
                    # refused ("await wasn't used with future"), which closed every slow socket.
                    waiting._asyncio_future_blocking = False
                    await waiting
                try:
                    waiting = coroutine.send(None)
                except StopIteration:
                    break
            self.on_sent(text)
        except asyncio.CancelledError:
            coroutine.close()  # given up on (stuck): the send is abandoned with it
            raise
        except Exception as exc:  # noqa: BLE001 - as in _write
            self._close(exc)
            return
        finally:
            self.busy = False
        while self.backlog and not self.busy and not self.closed:
            self._write(self.backlog.popleft())

    def _give_up(self) -> None:
        """The client has taken nothing for ``stuck_seconds``: stop writing and have it closed."""
        log.info("a %s socket took no delta for %.0f s: closed", "public" if self.public else "scoring", self.stuck_seconds)
        self._close(TimeoutError("stuck"))
        if self.task is not None:
            self.task.cancel()
        self.on_stuck()

    def _close(self, exc: BaseException) -> None:
        self.closed = True
        self.backlog.clear()
        log.debug("scoreboard socket closed while sending: %s", exc)


class Fanout:
    """``on_written(fop_id, text)`` is told once when a delta has been written to every socket that
    took it at once (after the scoring sockets' pass and again after the public's), and again for
    each slow socket when it finally takes it."""

    def __init__(
        self,
        on_written: Callable[[int, str], None] = lambda _f, _t: None,
        *,
        stuck_seconds: float = STUCK_SECONDS,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fields: dict[int, set[Outlet]] = {}
        self.public: dict[int, set[Outlet]] = {}
        self.on_written = on_written
        self.stuck_seconds = stuck_seconds
        self.now = now
        self.pending: dict[int, deque[str]] = {}  # per field: deltas the public has still to get
        self.pumps: dict[int, asyncio.Task[None]] = {}

    def add(self, fop_id: int, send: Send, *, public: bool = False, on_stuck: Callable[[], None] = lambda: None) -> Outlet:
        outlet = Outlet(
            send,
            lambda text: self.on_written(fop_id, text),
            public=public,
            on_stuck=on_stuck,
            stuck_seconds=self.stuck_seconds,
            now=self.now,
        )
        (self.public if public else self.fields).setdefault(fop_id, set()).add(outlet)
        return outlet

    def remove(self, fop_id: int, outlet: Outlet) -> None:
        outlet.closed = True
        self.fields.get(fop_id, set()).discard(outlet)
        self.public.get(fop_id, set()).discard(outlet)

    def publish(self, fop_id: int, text: str) -> None:
        for outlet in tuple(self.fields.get(fop_id, ())):
            outlet.offer(text)
        public = self.public.get(fop_id)
        if public and (len(public) > CHUNK or fop_id in self.pumps):
            self._queue(fop_id, text)  # the public's pass runs after, a chunk at a time
            return
        for outlet in tuple(public or ()):
            outlet.offer(text)
        self.on_written(fop_id, text)

    def _queue(self, fop_id: int, text: str) -> None:
        pending = self.pending.setdefault(fop_id, deque())
        if len(pending) >= BACKLOG:
            pending.clear()  # the public has fallen this far behind: they see a gap and ask for a snapshot
        pending.append(text)
        if fop_id not in self.pumps:
            self.pumps[fop_id] = asyncio.ensure_future(self._pump(fop_id))

    async def _pump(self, fop_id: int) -> None:
        pending = self.pending[fop_id]
        try:
            while pending:
                text = pending.popleft()
                outlets = tuple(self.public.get(fop_id, ()))
                for start in range(0, len(outlets), CHUNK):
                    for outlet in outlets[start : start + CHUNK]:
                        outlet.offer(text)
                    await asyncio.sleep(0)  # a judge's press waiting now goes first
                self.on_written(fop_id, text)
        finally:
            self.pumps.pop(fop_id, None)


@dataclass
class SpectatorGate:
    """How many public sockets (anonymous scoreboards and live pages) may be open: per field and per
    address; 0 means no limit. Judges, consoles and logged-in officials never pass through it. The
    city's spectators belong on a public relay (docs/security.md), not on a venue's scoring process."""

    per_field: int = 500
    per_address: int = 20

    def __post_init__(self) -> None:
        self.fields: Counter[int] = Counter()
        self.addresses: Counter[str] = Counter()

    def enter(self, fop_id: int, address: str) -> str | None:
        """Take a place, or say which limit is reached (``"field"`` or ``"address"``)."""
        if self.per_field and self.fields[fop_id] >= self.per_field:
            return "field"
        if self.per_address and self.addresses[address] >= self.per_address:
            return "address"
        self.fields[fop_id] += 1
        self.addresses[address] += 1
        return None

    def leave(self, fop_id: int, address: str) -> None:
        self.fields[fop_id] -= 1
        self.addresses[address] -= 1
        if self.fields[fop_id] <= 0:
            del self.fields[fop_id]
        if self.addresses[address] <= 0:
            del self.addresses[address]
