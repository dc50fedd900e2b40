"""Evidence on the contest timeline (pure): where each log event falls in a recording.

A recording's origin is the wall-clock time of its first frame (``started_at``), set by the
camera laptop when it uploads, or by the jury aligning one known moment: "event 12 is at 83.4 s
in this video" gives ``started_at = at(12) - 83.4 s``. Every log event then has a position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# Bookkeeping events a jury does not seek to.
_SKIP = {"contest_created"}
_GROUPS = {
    "press": "press",
    "mark": "score",
    "card": "score",
    "score_adjusted": "score",
    "decision": "score",
    "penalty": "penalty",
    "correction": "correction",
}


@dataclass(frozen=True, slots=True)
class Marker:
    seq: int
    kind: str
    group: str  # press | score | penalty | correction | clock | appeal
    label: str
    at: datetime
    video_s: float | None  # None when the recording has no origin yet, or the event is outside it

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "group": self.group,
            "label": self.label,
            "at": self.at.isoformat(),
            "video_s": self.video_s,
        }


def _label(kind: str, data: Mapping[str, Any]) -> str:
    bits = [kind.replace("_", " ")]
    for key in ("seat", "side", "value", "button", "code", "delta", "winner", "round", "corrects"):
        if key in data:
            bits.append(f"{key}={data[key]}")
    return " ".join(bits)


def _group(kind: str) -> str:
    if kind.startswith("appeal"):
        return "appeal"
    return _GROUPS.get(kind, "clock")


def markers(events: Iterable[Any], started_at: datetime | None, duration_ms: int | None) -> list[Marker]:
    """One marker per log event (``seq``, ``kind``, ``data``, ``at``), positioned in the video."""
    out = []
    for ev in events:
        if ev.kind in _SKIP:
            continue
        video_s = None
        if started_at is not None:
            offset = (ev.at - started_at).total_seconds()
            if offset >= 0 and (duration_ms is None or offset * 1000 <= duration_ms):
                video_s = round(offset, 3)
        out.append(Marker(ev.seq, ev.kind, _group(ev.kind), _label(ev.kind, ev.data), ev.at, video_s))
    return out


def origin_from_alignment(event_at: datetime, video_s: float) -> datetime:
    """The recording's start, given that the event at ``event_at`` shows at ``video_s`` seconds."""
    if video_s < 0:
        raise ValueError("a position in the video is not negative")
    return event_at - timedelta(seconds=video_s)


def clip_window(video_s: float, before_s: float, after_s: float, duration_ms: int | None) -> tuple[float, float]:
    """[start, end] of a clip around ``video_s``, kept inside the recording."""
    if before_s < 0 or after_s < 0 or before_s + after_s <= 0 or before_s + after_s > 120:
        raise ValueError("a clip spans 0 to 120 s around its marker")
    end_limit = duration_ms / 1000 if duration_ms else video_s + after_s
    start, end = max(0.0, video_s - before_s), min(end_limit, video_s + after_s)
    if end <= start:
        raise ValueError("the marker is outside the recording")
    return start, end
