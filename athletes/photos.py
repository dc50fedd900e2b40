"""Person photos in a content-addressed folder (``<data_dir>/athletes/photos/<sha256>``).

A photo is never decoded by the server: its type is read from its first bytes and its size from
its header, in the sandbox (``base/sandbox.py``), and one past the pixel limit is refused.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import filetype
from PIL import UnidentifiedImageError

from athletes.errors import FileRejected, PhotoTooLarge
from base.images import TooManyPixels, open_checked
from base.sandbox import Sandbox, SandboxFailed

MAX_PHOTO = 2 * 1024 * 1024
TYPES = {"image/jpeg", "image/png", "image/webp"}
HEADER_TIMEOUT_S = 20.0


def photo_size(content: bytes, max_pixels: int) -> tuple[int, int]:
    """The sandbox's job: (width, height) from the header; PhotoTooLarge past ``max_pixels``."""
    try:
        with open_checked(io.BytesIO(content), max_pixels) as img:
            return img.size
    except TooManyPixels as bomb:
        raise PhotoTooLarge(
            len(content) // 1024, bomb.width, bomb.height, f"{bomb.width * bomb.height / 1e6:.1f}", f"{max_pixels / 1e6:g}"
        ) from None
    except (UnidentifiedImageError, OSError) as exc:
        raise FileRejected(f"the photo cannot be read ({exc})") from None


async def store_photo(data_dir: Path, content: bytes, sandbox: Sandbox, max_pixels: int) -> str:
    """Keep a JPEG/PNG/WebP photo up to 2 MB and ``max_pixels``; returns its SHA-256 (the same
    photo is stored once)."""
    if not content or len(content) > MAX_PHOTO:
        raise FileRejected("the photo must be 1 byte to 2 MB")
    kind = filetype.guess(content[:2048])
    if kind is None or kind.mime not in TYPES:
        raise FileRejected("the photo must be JPEG, PNG or WebP")
    try:
        await sandbox.run(photo_size, content, max_pixels, timeout_s=HEADER_TIMEOUT_S)
    except SandboxFailed as failed:
        raise FileRejected(f"the photo's header cannot be read ({failed})") from None
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
