"""Device link lifecycle: connected or disconnected, decided from frames seen and ports lost.

Rule 1: every transition of a device link lives in TRANSITIONS below.
Rule 2: a framed keypad that sent nothing for ``timeout`` seconds is disconnected (heartbeats come
every 0.5 s, so three missed beats); time is an argument, never read here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from devices.schemas import DeviceState, LinkState


class LinkEvent(Enum):
    FRAME_SEEN = "frame_seen"
    HEARTBEAT_MISSED = "heartbeat_missed"
    PORT_LOST = "port_lost"


class IllegalTransition(Exception):
    def __init__(self, state: LinkState, event: LinkEvent) -> None:
        super().__init__(f"{event.value} is not allowed in {state.value}")
        self.state = state
        self.event = event


TRANSITIONS: dict[LinkState, dict[LinkEvent, LinkState]] = {
    LinkState.DISCONNECTED: {
        LinkEvent.FRAME_SEEN: LinkState.CONNECTED,
        LinkEvent.PORT_LOST: LinkState.DISCONNECTED,
    },
    LinkState.CONNECTED: {
        LinkEvent.FRAME_SEEN: LinkState.CONNECTED,
        LinkEvent.HEARTBEAT_MISSED: LinkState.DISCONNECTED,
        LinkEvent.PORT_LOST: LinkState.DISCONNECTED,
    },
}


def next_state(state: LinkState, event: LinkEvent) -> LinkState:
    try:
        return TRANSITIONS[state][event]
    except KeyError:
        raise IllegalTransition(state, event) from None


@dataclass(slots=True)
class _Link:
    state: DeviceState
    last_seen: float
    heartbeats: bool


class LinkMonitor:
    """Tracks every device seen; each method returns the states that changed (to report)."""

    def __init__(self, timeout: float = 1.5) -> None:
        self.timeout = timeout
        self._links: dict[str, _Link] = {}
        self._rejected: dict[str, int] = {}

    def _apply(self, link: _Link, event: LinkEvent, fresh: DeviceState | None = None) -> DeviceState | None:
        """Move the link's state on ``event``; ``fresh`` is its state with a frame's new fields."""
        new = replace(link.state if fresh is None else fresh, state=next_state(link.state.state, event))
        changed = new != link.state
        link.state = new
        return new if changed else None

    def seen(
        self,
        device: str,
        port: str,
        now: float,
        *,
        heartbeats: bool = True,
        battery: int | None = None,
        signal: int | None = None,
        health: bool = False,
    ) -> DeviceState | None:
        """A frame from ``device`` arrived; ``health`` means battery/signal are fresh values."""
        rejected = self._rejected.get(port, 0)
        link = self._links.get(device)
        if link is None:
            link = _Link(DeviceState(device, LinkState.DISCONNECTED, port=port), now, heartbeats)
            self._links[device] = link
        link.last_seen, link.heartbeats = now, heartbeats
        fresh = replace(link.state, port=port, rejected=rejected)
        if health:
            fresh = replace(fresh, battery=battery, signal=signal)
        return self._apply(link, LinkEvent.FRAME_SEEN, fresh)

    def expire(self, now: float) -> list[DeviceState]:
        """Devices whose heartbeats stopped; line keypads (no heartbeats) never expire."""
        changed = []
        for link in self._links.values():
            silent = now - link.last_seen > self.timeout
            if link.heartbeats and silent and link.state.state is LinkState.CONNECTED:
                state = self._apply(link, LinkEvent.HEARTBEAT_MISSED)
                if state:
                    changed.append(state)
        return changed

    def port_lost(self, port: str) -> list[DeviceState]:
        changed = []
        for link in self._links.values():
            if link.state.port == port:
                state = self._apply(link, LinkEvent.PORT_LOST)
                if state:
                    changed.append(state)
        return changed

    def set_rejected(self, port: str, rejected: int) -> list[DeviceState]:
        """Rejected frames cannot name their device, so every device on the port carries the count."""
        if self._rejected.get(port) == rejected:
            return []
        self._rejected[port] = rejected
        changed = []
        for link in self._links.values():
            if link.state.port == port and link.state.rejected != rejected:
                link.state = replace(link.state, rejected=rejected)
                changed.append(link.state)
        return changed

    def set_lost(self, device: str, lost: int) -> DeviceState | None:
        """The frames missing from ``device``'s seq now; its state if the count changed."""
        link = self._links.get(device)
        if link is None or link.state.lost == lost:
            return None
        link.state = replace(link.state, lost=lost)
        return link.state

    def states(self) -> list[DeviceState]:
        return [link.state for link in self._links.values()]
