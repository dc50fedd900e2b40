"""Limits on evidence (sizes in bytes); one place so the docs and the checks agree.

The defaults are the settings' (``ARENA_MEDIA_*``, ``ARENA_UPLOAD_EXPIRY_HOURS``,
``ARENA_RECORDINGS_*``); ``from_settings`` reads an installation's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from base.settings import Settings


@dataclass(frozen=True, slots=True)
class EvidenceLimits:
    max_video_bytes: int = 5 * 1024**3  # a whole contest filmed in 1080p fits
    max_image_bytes: int = 50 * 1024**2
    max_files_per_appeal: int = 10
    flush_bytes: int = 4 << 20  # write and hash in blocks of this size (memory per upload)
    fsync_every_bytes: int = 64 << 20  # a crash loses at most this much of a running PATCH
    max_pixels: int = 40_000_000  # an image or a video frame, by its header, before decoding
    decode_memory_bytes: int = 1024 << 20  # the sandbox child's address space (RLIMIT_AS)
    decode_timeout_s: float = 120.0  # probing and the poster frame of one file
    clip_timeout_s: float = 300.0  # re-encoding one clip
    upload_expiry: timedelta = timedelta(hours=24)  # an unfinished upload, from its creation
    max_recordings_per_contest: int = 10  # official recordings, unfinished uploads included
    max_recording_bytes_per_contest: int = 20 * 1024**3

    def max_for(self, claimed_type: str) -> int:
        return self.max_image_bytes if claimed_type.startswith("image/") else self.max_video_bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> EvidenceLimits:
        return cls(
            max_pixels=settings.media_max_megapixels * 1_000_000,
            decode_memory_bytes=settings.media_memory_mb << 20,
            upload_expiry=timedelta(hours=settings.upload_expiry_hours),
            max_recordings_per_contest=settings.recordings_per_contest,
            max_recording_bytes_per_contest=settings.recordings_gib_per_contest * 1024**3,
        )
