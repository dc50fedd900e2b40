"""A bench of simulated keypads, and what to play on them: a script file or random presses.

Script lines are ``<seconds> <device> <action>`` where action is a keymap button name or one of
``unplug``, ``replug``, ``silence`` (stop heartbeats, as a dead battery) and ``resume``.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from devices.errors import DeviceConfigError
from devices.keymap import DEFAULT_KEYMAP, Keymap
from devices.simulator import Faults, PtyPort, SimulatedKeypad

CONTROL_ACTIONS = ("unplug", "replug", "silence", "resume")


class Simulator:
    """``judges`` keypads ``KP-01``... with links in ``link_dir`` and a heartbeat thread."""

    def __init__(
        self,
        judges: int,
        link_dir: Path,
        *,
        faults: Faults | None = None,
        boot: int | None = None,
        heartbeat_interval: float = 0.5,
        keymap: Keymap = DEFAULT_KEYMAP,
    ) -> None:
        if not 1 <= judges <= 99:
            raise DeviceConfigError("simulator", "judges must be 1-99")
        link_dir.mkdir(parents=True, exist_ok=True)
        # A real keypad keeps a boot counter in EEPROM; a fresh one per run keeps epochs unique.
        boot = boot if boot is not None else int(time.time()) % 0xFFFE + 1
        self.keypads: dict[str, SimulatedKeypad] = {}
        for n in range(1, judges + 1):
            device = f"KP-{n:02d}"
            port = PtyPort(link_dir / device)
            self.keypads[device] = SimulatedKeypad(device, port, boot=boot, faults=faults, keymap=keymap)
        self.heartbeat_interval = heartbeat_interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="keypad heartbeats", daemon=True)

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def links(self) -> dict[str, Path]:
        return {d: k.port.link for d, k in self.keypads.items()}

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)
        for keypad in self.keypads.values():
            keypad.unplug()

    def wait_opened(self, timeout: float = 5.0) -> bool:
        """Wait until the host has opened every keypad port."""
        deadline = time.monotonic() + timeout
        return all(k.port.wait_opened(max(0.0, deadline - time.monotonic())) for k in self.keypads.values())

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat_interval):
            for keypad in self.keypads.values():
                keypad.heartbeat()

    def act(self, device: str, action: str) -> None:
        keypad = self.keypads.get(device)
        if keypad is None:
            raise DeviceConfigError("simulator", f"no keypad {device!r}")
        if action == "unplug":
            keypad.unplug()
        elif action == "replug":
            # Replug waits for the host to reopen; do not hold up the other keypads meanwhile.
            threading.Thread(target=keypad.replug, name=f"replug {device}", daemon=True).start()
        elif action in ("silence", "resume"):
            keypad.silent = action == "silence"
        else:
            keypad.press(action)


@dataclass(frozen=True, slots=True)
class ScriptStep:
    at: float
    device: str
    action: str


def parse_script(text: str, keymap: Keymap = DEFAULT_KEYMAP, source: str = "script") -> list[ScriptStep]:
    """Parse a script; raises ``DeviceConfigError`` naming the first bad line."""
    steps = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        try:
            at = float(parts[0])
            device, action = parts[1], parts[2]
            if len(parts) != 3 or at < 0:
                raise ValueError
        except (ValueError, IndexError):
            raise DeviceConfigError(source, f"line {number}: expected '<seconds> <device> <action>'") from None
        if action not in CONTROL_ACTIONS and keymap.by_name(action) is None:
            raise DeviceConfigError(source, f"line {number}: unknown action {action!r}")
        steps.append(ScriptStep(at, device, action))
    return sorted(steps, key=lambda s: s.at)


def run_script(sim: Simulator, steps: list[ScriptStep], stop: threading.Event) -> int:
    """Play ``steps`` in real time from now; returns how many ran before ``stop``."""
    start = time.monotonic()
    for done, step in enumerate(steps):
        if stop.wait(max(0.0, start + step.at - time.monotonic())):
            return done
        sim.act(step.device, step.action)
    return len(steps)


def run_random(
    sim: Simulator,
    rate: float,
    duration: float | None,
    stop: threading.Event,
    rng: random.Random,
    *,
    unplug_every: float | None = None,
    unplug_for: float = 1.0,
    keymap: Keymap = DEFAULT_KEYMAP,
) -> int:
    """Random presses at ``rate`` per second per keypad (Poisson), optional periodic unplugs."""
    buttons = [a.name for a in keymap.actions if a.code is None]
    devices = list(sim.keypads)
    start = time.monotonic()
    next_unplug = start + unplug_every if unplug_every else None
    presses = 0
    while duration is None or time.monotonic() - start < duration:
        if stop.wait(rng.expovariate(rate * len(devices))):
            break
        if next_unplug is not None and time.monotonic() >= next_unplug:
            victim = rng.choice(devices)
            sim.act(victim, "unplug")
            threading.Timer(unplug_for, sim.act, (victim, "replug")).start()
            next_unplug += unplug_every or 0
        sim.act(rng.choice(devices), rng.choice(buttons))
        presses += 1
    return presses
