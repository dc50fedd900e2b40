import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from devices.cli import devices

pytestmark = pytest.mark.timeout(60)
ROOT = Path(__file__).resolve().parents[3]


def test_ports_command_lists_ports_or_says_there_are_none():
    result = CliRunner().invoke(devices, ["ports"])
    assert result.exit_code == 0, result.output
    assert result.output.strip()


def test_bridge_refuses_a_server_address_without_scheme():
    result = CliRunner().invoke(devices, ["bridge", "--server", "127.0.0.1:8000", "--token", "t", "--port", "/dev/null"])
    assert result.exit_code == 2
    assert "http(s)://" in result.output


def test_bridge_needs_a_port():
    result = CliRunner().invoke(devices, ["bridge", "--server", "http://127.0.0.1:1", "--token", "t"])
    assert result.exit_code == 2
    assert "--port" in result.output


def test_bridge_refuses_an_unsupported_baud_rate():
    result = CliRunner().invoke(devices, ["bridge", "--server", "http://127.0.0.1:1", "--token", "t", "--port", "x", "--baud", "300"])
    assert result.exit_code == 2


def test_simulate_refuses_a_script_with_an_unknown_button(tmp_path):
    script = tmp_path / "bout.txt"
    script.write_text("0.1 KP-01 RED_9\n")
    result = CliRunner().invoke(devices, ["simulate", "--script", str(script), "--link-dir", str(tmp_path / "l")])
    assert result.exit_code == 2
    assert "line 1" in result.output


def test_simulate_refuses_a_script_for_more_keypads_than_judges(tmp_path):
    script = tmp_path / "bout.txt"
    script.write_text("0.1 KP-04 RED_1\n")
    result = CliRunner().invoke(devices, ["simulate", "--judges", "3", "--script", str(script), "--link-dir", str(tmp_path / "l")])
    assert result.exit_code == 2
    assert "KP-04" in result.output


def test_simulator_and_bridge_commands_run_together_and_queue_presses_while_the_server_is_down(tmp_path):
    links = tmp_path / "links"
    outbox = tmp_path / "outbox.db"
    env = {**os.environ, "ARENA_DEVICE_TOKEN": "t"}
    sim = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from devices.cli import devices; devices()",
            "simulate",
            "--judges",
            "3",
            "--link-dir",
            str(links),
            "--script",
            str(ROOT / "fixtures" / "devices" / "demo_bout.txt"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while not (links / "KP-02").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        bridge = subprocess.run(
            [
                sys.executable,
                "-c",
                "from devices.cli import devices; devices()",
                "bridge",
                "--server",
                "http://127.0.0.1:9",
                "--port",
                str(links / "KP-*"),
                "--outbox",
                str(outbox),
                "--run-for",
                "3",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert bridge.returncode == 0, bridge.stderr
        assert "pending" in bridge.stderr
        import sqlite3

        count = sqlite3.connect(outbox).execute("SELECT count(*) FROM press WHERE status = 'pending'").fetchone()[0]
        assert count >= 1
    finally:
        sim.terminate()
        sim.wait(10)
