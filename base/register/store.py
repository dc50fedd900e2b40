"""The bytes of every issued document under ``<data_dir>/register/<sha[:2]>/<sha>.pdf``: written
durably (``base.files.write_durably``) and by content, so the page hands out the very same file and
an unchanged document is served again without drawing it anew. An orphan file (its row never
committed) is harmless."""

from __future__ import annotations

import hashlib
from pathlib import Path

from base.files import write_durably
from base.register.errors import RegisterError, StoredFileMissing
from base.register.models import IssuedDocument
from base.settings import Settings


class DocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def for_settings(cls, settings: Settings) -> DocumentStore:
        return cls(settings.data_dir / "register")

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise RegisterError(detail=f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def put(self, data: bytes) -> str:
        """Keep ``data`` (once: the name is its SHA-256) and return its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        path = self._path(sha)
        if not path.exists():
            write_durably(path, data)
        return sha

    def get(self, doc: IssuedDocument) -> bytes:
        """The issued bytes of ``doc``; ``StoredFileMissing`` when they are gone or were changed."""
        try:
            data = self._path(doc.sha256).read_bytes()
        except OSError as exc:
            raise StoredFileMissing(doc.shown_code) from exc
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise StoredFileMissing(doc.shown_code)
        return data
