"""Work on untrusted files (decoding images and videos) in a child process with limits.

A file built to exhaust a decoder (a PNG of a few hundred KB that claims 169 megapixels, a video
whose frames are huge) then kills or fails a child process, never the server that acknowledges
the judges' presses. Rules it keeps:

1. Every job runs in a process of its own, forked by multiprocessing's fork server (spawned where
   there is none, as on Windows), never forked from the server itself with its threads and
   connections.
2. Before the job starts, the child caps its address space (``RLIMIT_AS``) at ``memory_bytes``:
   an allocation past it fails (``MemoryError``, or the decoder's out-of-memory error) and the job
   ends as ``SandboxFailed("memory")``. Systems without ``resource`` (Windows) run without the cap.
3. At most ``workers`` jobs run at once, the others wait their turn; a job past its time is killed
   (``SandboxFailed("timeout")``), one that dies otherwise is ``SandboxFailed("crashed")``.
4. An ``ArenaError`` the job raises is raised again here, the same class with the same values, so
   a refusal with its reason reaches the caller as if the job had run in the server.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from base.errors import ArenaError

try:
    import resource
except ImportError:  # Windows: no address-space limit (rule 2)
    resource = None  # type: ignore[assignment]

T = TypeVar("T")

# What the fork server imports once, so that a job does not pay for it each time.
DEFAULT_PRELOAD = ("PIL.Image", "av", "filetype")


class SandboxFailed(Exception):
    """A job that gave no answer: ``reason`` is "memory", "timeout" or "crashed"."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


def _child(conn: Connection, memory_bytes: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        if resource is not None and memory_bytes > 0:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        answer: tuple[Any, ...]
        try:
            answer = ("ok", fn(*args))
        except MemoryError:
            answer = ("memory", "")
        except ArenaError as exc:
            answer = ("arena", type(exc).__module__, type(exc).__qualname__, exc.values, exc.detail)
        except Exception as exc:  # the job's own failure: its text goes back as the reason
            answer = ("crashed", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except MemoryError:
            conn.send(("memory", "the answer"))
    finally:
        conn.close()


def _context(preload: Sequence[str]) -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))  # no effect once the fork server runs
        return context
    return multiprocessing.get_context("spawn")


def _raise_again(module: str, qualname: str, values: dict[str, Any], detail: str) -> ArenaError:
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    if not (isinstance(target, type) and issubclass(target, ArenaError)):
        return ArenaError(detail=f"{module}.{qualname}: {detail}")
    return target(**values, detail=detail)


class Sandbox:
    """Runs ``fn(*args)`` in a child process (module-level functions and picklable values only)."""

    def __init__(self, memory_bytes: int, workers: int = 2, preload: Sequence[str] = DEFAULT_PRELOAD) -> None:
        self.memory_bytes = memory_bytes
        self.workers = max(1, workers)
        self._slots = anyio.Semaphore(self.workers)
        self._context = _context(preload)

    def _start(self, fn: Callable[..., Any], args: tuple[Any, ...], memory_bytes: int) -> tuple[BaseProcess, Connection]:
        receiver, sender = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_child, args=(sender, memory_bytes, fn, args), daemon=True)  # type: ignore[attr-defined]
        process.start()
        sender.close()
        return process, receiver

    @staticmethod
    def _stop(process: BaseProcess) -> int | None:
        if process.is_alive():
            process.kill()
        process.join(10)
        return process.exitcode

    async def run(self, fn: Callable[..., T], *args: Any, timeout_s: float, memory_bytes: int | None = None) -> T:
        """``fn(*args)`` as the child returned it; raises the job's ArenaError, or SandboxFailed."""
        memory = self.memory_bytes if memory_bytes is None else memory_bytes
        async with self._slots:
            process, receiver = await anyio.to_thread.run_sync(self._start, fn, args, memory)
            answer: tuple[Any, ...] | None = None
            answered = waited = False
            try:
                answered = await anyio.to_thread.run_sync(receiver.poll, timeout_s, abandon_on_cancel=True)
                if answered:
                    try:
                        answer = await anyio.to_thread.run_sync(receiver.recv)
                    except EOFError:  # the child died before it answered
                        answer = None
                waited = True
            finally:
                with anyio.CancelScope(shield=True):  # cancelled or not, the child does not outlive the call
                    exitcode = await anyio.to_thread.run_sync(self._stop, process)
                if waited:  # otherwise an abandoned thread may still poll it: the collector closes it
                    receiver.close()
        if not answered:
            raise SandboxFailed("timeout", f"{timeout_s:g} s")
        if answer is None:
            raise SandboxFailed("crashed", f"exit code {exitcode}")
        result: T = self._answer(answer)
        return result

    @staticmethod
    def _answer(answer: tuple[Any, ...]) -> Any:
        kind = answer[0]
        if kind == "ok":
            return answer[1]
        if kind == "arena":
            raise _raise_again(*answer[1:])
        raise SandboxFailed(kind, str(answer[1]))
