"""Opening an untrusted image: its size is read from the header and refused before any pixel is
decoded (a PNG of 657 KB can claim 169 megapixels and take 1.3 GB to decode).

For the sandbox's jobs (``base/sandbox.py``) only: ``open_checked`` lowers Pillow's own limit for
the whole process and turns its warning into an error, which the server's process must not do to
every other user of Pillow (documents, QR codes).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import IO

from PIL import Image


class TooManyPixels(Exception):
    """The header claims more than the limit; nothing was decoded."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        super().__init__(f"{width}x{height} pixels")


def strict_pillow(max_pixels: int) -> None:
    """Pillow refuses any image past ``max_pixels`` by itself, its warning included (a second
    guard, for what decodes beyond the first header: another frame, a plugin's own tiles)."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def _claimed_size(source: Path | IO[bytes]) -> tuple[int, int]:
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        if not isinstance(source, Path):
            source.seek(0)
        with Image.open(source) as img:
            return img.size
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def open_checked(source: Path | IO[bytes], max_pixels: int) -> Image.Image:
    """The image, opened lazily (the header only, no pixel decoded) and at most ``max_pixels``.

    Raises TooManyPixels with the claimed size, or Pillow's errors (UnidentifiedImageError,
    OSError) for what is no image."""
    strict_pillow(max_pixels)
    try:
        img = Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooManyPixels(*_claimed_size(source)) from None
    if img.width * img.height > max_pixels:
        img.close()
        raise TooManyPixels(img.width, img.height)
    return img
