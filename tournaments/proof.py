"""Checking a competition's published log without the database (pure): anyone who downloads the
log (``GET /api/tournaments/competitions/{id}/log``) can run ``arena draw verify --log FILE``.

For every draw: the commitment published before it is the SHA-256 of the secret revealed after it,
the entry list has the digest published with the commitment, and drawing again from them gives
the draw's digest; and the log's hash chain is whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from scoring.live.chain import GENESIS, canonical_json, iso
from tournaments import draws


def draw_seed(secret: bytes, witness: str) -> bytes:
    """The seed a draw is made with: SHA-256(secret || "|" || witness)."""
    return hashlib.sha256(secret + b"|" + witness.encode("utf-8")).digest()


def link(prev_hash: str, competition_id: int, seq: int, kind: str, payload: str, at: datetime, actor: str) -> str:
    body = canonical_json({"competition": competition_id, "seq": seq, "kind": kind, "payload": payload, "at": iso(at), "actor": actor})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def chain(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Rows as published (competition, seq, kind, payload text, at ISO, actor, prev_hash, hash)."""
    prev = GENESIS
    for expected, row in enumerate(rows, start=1):
        at = datetime.fromisoformat(str(row["at"]))
        ok = row["seq"] == expected and row["prev_hash"] == prev
        ok = (
            ok
            and link(prev, int(row["competition"]), int(row["seq"]), str(row["kind"]), str(row["payload_text"]), at, str(row["actor"]))
            == row["hash"]
        )
        if not ok:
            return {"ok": False, "rows": len(rows), "broken_at": row["seq"]}
        prev = str(row["hash"])
    return {"ok": True, "rows": len(rows), "broken_at": None, "head": prev}


# The lines of a draw's check in Vietnamese by code (the API's "what", the command line); the pages say the code in
# the reader's language (tournaments.labels.SAID, whose Vietnamese the catalogue keeps equal to these).
CHECKS_VI = {
    "draw.not_drawn": "Hạng này chưa bốc thăm",
    "draw.chain": "Nhật ký của giải nguyên vẹn (%(rows)s dòng, chuỗi băm khớp)",
    "draw.lines": "Nhật ký có dòng công bố mã và dòng bốc thăm",
    "draw.committed_line": "Nhật ký có dòng công bố mã trước bốc thăm",
    "draw.commitment": "Mã cam kết đã công bố là SHA-256 của khóa bí mật được công khai sau bốc thăm",
    "draw.entries": "Danh sách vận động viên đúng mã danh sách đã công bố",
    "draw.again": "Bốc thăm lại từ danh sách và khóa cho đúng kết quả đã lưu",
    "draw.in_force": "Kết quả bốc thăm đang áp dụng là kết quả trong nhật ký",
}


def said(code: str, ok: bool, **params: Any) -> dict[str, Any]:
    """One line of a check: {"what" (Vietnamese), "ok", "code", "params"}."""
    return {"what": CHECKS_VI[code] % params, "ok": ok, "code": code, "params": params}


def check_draw(committed: dict[str, Any], made: dict[str, Any], stored_json: str | None = None) -> list[dict[str, Any]]:
    """The checks of one draw from its two log payloads (and the stored draw, when there is one)."""
    secret = bytes.fromhex(str(made["secret"]))
    checks = [said("draw.commitment", draws.commitment(secret) == committed["commitment"])]
    entrants = [draws.Entrant(key=e["key"], team=e["team"], seed=e["seed"], name=e["name"]) for e in committed["entrants"]]
    checks.append(said("draw.entries", draws.entries_digest(entrants) == committed["entries_digest"]))
    try:
        again = draws.make_draw(str(made["format"]), entrants, draw_seed(secret, str(made["witness"])), dict(made["options"]))
        same = again.digest() == made["draw_digest"] and (stored_json is None or again.to_json() == stored_json)
    except draws.DrawError:
        same = False
    checks.append(said("draw.again", same))
    return checks


def check_log(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Every draw of a published log, and its chain: {"ok", "chain", "draws": [{category, ok, checks}]}."""
    report = chain(rows)
    committed = {r["payload"]["draw"]: r["payload"] for r in rows if r["kind"] == "draw_committed"}
    results = []
    for r in rows:
        if r["kind"] != "draw_made":
            continue
        made = r["payload"]
        first = committed.get(made["draw"])
        checks = check_draw(first, made) if first is not None else [said("draw.committed_line", False)]
        results.append({"category": made["category"], "ok": all(c["ok"] for c in checks), "checks": checks})
    return {"ok": bool(report["ok"]) and all(d["ok"] for d in results), "chain": report, "draws": results}
