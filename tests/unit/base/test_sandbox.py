import os
import signal
import time
from pathlib import Path

import anyio
import pytest

from base.errors import NotFound
from base.sandbox import Sandbox, SandboxFailed

# Jobs run in a child process: module-level functions, found there by this module's name.


def double(n: int) -> int:
    return 2 * n


def allocate(mb: int) -> int:
    return len(bytearray(mb << 20))


def refuse(what: str) -> None:
    raise NotFound(what)


def sleep_then_mark(seconds: float, mark: str) -> int:
    Path(mark).write_text(str(os.getpid()))
    time.sleep(seconds)
    return os.getpid()


def die() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _run(sandbox: Sandbox, fn, *args, **kw):
    return anyio.run(lambda: sandbox.run(fn, *args, **kw))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_a_job_answers_from_a_child_process():
    assert _run(Sandbox(512 << 20), double, 21, timeout_s=30) == 42


def test_an_allocation_past_the_memory_limit_fails_the_child_not_the_caller():
    sandbox = Sandbox(300 << 20)
    with pytest.raises(SandboxFailed) as failed:
        _run(sandbox, allocate, 600, timeout_s=30)
    assert failed.value.reason == "memory"
    assert _run(sandbox, allocate, 20, timeout_s=30) == 20 << 20  # the next job starts afresh


def test_a_domain_error_comes_back_with_its_class_and_values():
    with pytest.raises(NotFound) as refused:
        _run(Sandbox(512 << 20), refuse, "ảnh 7", timeout_s=30)
    assert refused.value.values == {"what": "ảnh 7"} and refused.value.message("vi") == "Không tìm thấy ảnh 7"


def test_a_job_past_its_time_is_killed(tmp_path):
    mark = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(SandboxFailed) as failed:
        # 6 s: the child imports this module before it writes its pid, which took over 1.5 s on a loaded 2-core machine
        _run(Sandbox(512 << 20), sleep_then_mark, 120, str(mark), timeout_s=6)
    assert failed.value.reason == "timeout" and time.monotonic() - started < 60
    assert not _alive(int(mark.read_text()))


def test_a_child_that_dies_of_a_signal_is_reported_as_crashed():
    with pytest.raises(SandboxFailed) as failed:
        _run(Sandbox(512 << 20), die, timeout_s=30)
    assert failed.value.reason == "crashed" and str(-signal.SIGSEGV) in failed.value.detail


def test_no_more_jobs_run_at_once_than_the_sandbox_has_workers(tmp_path):
    sandbox = Sandbox(512 << 20, workers=1)

    async def three() -> None:
        async with anyio.create_task_group() as tg:
            for i in range(3):
                tg.start_soon(lambda i=i: sandbox.run(sleep_then_mark, 0.5, str(tmp_path / f"m{i}"), timeout_s=30))

    started = time.monotonic()
    anyio.run(three)
    assert time.monotonic() - started >= 1.5  # one after the other
