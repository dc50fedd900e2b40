"""Limits on evidence per appeal (sizes in bytes); one place so the docs and the checks agree."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EvidenceLimits:
    max_video_bytes: int = 5 * 1024**3  # a whole contest filmed in 1080p fits
    max_image_bytes: int = 50 * 1024**2
    max_files_per_appeal: int = 10
    flush_bytes: int = 4 << 20  # write and hash in blocks of this size (memory per upload)
    fsync_every_bytes: int = 64 << 20  # a crash loses at most this much of a running PATCH

    def max_for(self, claimed_type: str) -> int:
        return self.max_image_bytes if claimed_type.startswith("image/") else self.max_video_bytes
