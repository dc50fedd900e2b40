"""A server a test started dies with the test process, however that process ends (a crashed or
killed pytest worker included): the suite leaves no server behind, pass or fail."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_server_outlives_no_test_process_that_dies_without_stopping_it(tmp_path):
    script = (
        f"import os, sys; sys.path.insert(0, {str(TESTS)!r})\n"
        "from pathlib import Path\nfrom arena_builders import ServerProcess\n"
        f"server = ServerProcess(Path({str(tmp_path)!r}) / 'var').start()\n"
        "print(server.proc.pid, flush=True)\nos._exit(3)  # no stop(), no clean-up: a crash\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240, cwd=TESTS.parent)
    assert done.returncode == 3, done.stderr
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return  # gone, waiting for init to reap it
        time.sleep(0.1)
    os.kill(pid, 9)
    pytest.fail(f"the server {pid} outlived the process that started it")
