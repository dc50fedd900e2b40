"""Content-addressed store for contract PDFs under ``DATA_DIR/contracts/pdf`` (name = SHA-256).

Writing is idempotent and durable (``arena.files.write_durably``: temp file, fsync, rename, fsync
of the folder), so a crash leaves either nothing or the whole file; an orphan file (its row never
committed) is harmless.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from base.files import write_durably
from contracts.errors import ContractError


class PdfStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ContractError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self._path(sha)
        if not path.exists():
            write_durably(path, data)  # a signed PDF is acknowledged only once it is on disk
        return sha

    def get(self, sha256: str) -> bytes:
        data = self._path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ContractError(f"stored PDF {sha256} is corrupt")
        return data
