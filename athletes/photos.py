"""Person photos in a content-addressed folder (``<data_dir>/athletes/photos/<sha256>``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import filetype

from athletes.errors import FileRejected

MAX_PHOTO = 2 * 1024 * 1024
TYPES = {"image/jpeg", "image/png", "image/webp"}


def store_photo(data_dir: Path, content: bytes) -> str:
    """Keep a JPEG/PNG/WebP photo up to 2 MB; returns its SHA-256 (the same photo is stored once)."""
    if not content or len(content) > MAX_PHOTO:
        raise FileRejected("the photo must be 1 byte to 2 MB")
    kind = filetype.guess(content[:2048])
    if kind is None or kind.mime not in TYPES:
        raise FileRejected("the photo must be JPEG, PNG or WebP")
    sha = hashlib.sha256(content).hexdigest()
    folder = data_dir / "athletes" / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sha
    if not target.exists():
        tmp = target.with_suffix(".part")
        tmp.write_bytes(content)
        tmp.replace(target)
    return sha


def load_photo(data_dir: Path, sha: str) -> tuple[bytes, str]:
    path = data_dir / "athletes" / "photos" / sha
    if not sha or not path.is_file():
        raise FileRejected("no photo")
    content = path.read_bytes()
    kind = filetype.guess(content[:2048])
    return content, kind.mime if kind else "application/octet-stream"
