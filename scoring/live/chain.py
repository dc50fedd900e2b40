"""The hash chain of a contest's event log (pure).

Each record's hash is SHA-256 over the previous hash and the record's canonical JSON, so changing,
removing or reordering any stored event breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept (NFC is the caller's job)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def iso(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("naive datetime refused")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class ChainRecord:
    contest_id: int
    seq: int
    kind: str
    payload: str  # canonical JSON text as stored
    at: datetime
    actor: str
    source: str | None
    epoch: str | None
    source_seq: int | None

    def body(self) -> str:
        return canonical_json(
            {
                "contest_id": self.contest_id,
                "seq": self.seq,
                "kind": self.kind,
                "payload": self.payload,
                "at": iso(self.at),
                "actor": self.actor,
                "source": self.source,
                "epoch": self.epoch,
                "source_seq": self.source_seq,
            }
        )


def link_hash(prev_hash: str, record: ChainRecord) -> str:
    return hashlib.sha256((prev_hash + record.body()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The answer of a chain check; ``ok`` is False with the first broken seq and why."""

    ok: bool
    events: int
    head: str
    broken_at: int | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": self.head,
            "broken_at": self.broken_at,
            "reason": self.reason,
        }


def verify_chain(rows: Iterable[tuple[ChainRecord, str, str]]) -> ChainReport:
    """Check ``(record, stored_prev_hash, stored_hash)`` rows in seq order."""
    prev = GENESIS
    count = 0
    expected_seq = 1
    for record, stored_prev, stored_hash in rows:
        if record.seq != expected_seq:
            return ChainReport(False, count, prev, record.seq, f"gap: expected seq {expected_seq}")
        if stored_prev != prev:
            return ChainReport(False, count, prev, record.seq, "previous hash does not match")
        actual = link_hash(prev, record)
        if actual != stored_hash:
            return ChainReport(False, count, prev, record.seq, "content does not match its hash")
        prev = actual
        count += 1
        expected_seq += 1
    return ChainReport(True, count, prev)


def payload_json(payload: Mapping[str, Any]) -> str:
    return canonical_json(dict(payload))
