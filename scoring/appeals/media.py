"""What a file really is (PyAV for video, Pillow for images), poster frames and clips.

Content is checked, not trusted: the first bytes name a type (``filetype``), the container's
structure must cover the file and end no ZIP (``containers.py``), the picture must be at most
``max_pixels`` by its header (before a pixel is decoded), then the file must open and decode in
PyAV or Pillow; anything else is refused with the reason. Blocking calls, and decoders fed with
untrusted bytes: the service runs ``examine`` and ``cut_clip`` in the sandbox (``base/sandbox.py``),
a child process with a memory limit, never in the server.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import filetype
from PIL import Image, UnidentifiedImageError

from base.images import TooManyPixels, open_checked
from scoring.appeals.containers import ISO_TYPES, layout_problem
from scoring.appeals.errors import (
    ClipEmpty,
    ClipSpan,
    EvidenceCut,
    EvidenceMislabelled,
    EvidenceNoVideo,
    EvidencePolyglot,
    EvidenceRefused,
    EvidenceTrailingBytes,
    EvidenceUndecodable,
    EvidenceUnknownType,
    MediaTooLarge,
)
from scoring.appeals.limits import EvidenceLimits

VIDEO_TYPES = {"video/mp4", "video/webm", "video/quicktime", "video/x-matroska", "video/x-m4v"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
THUMB_WIDTH = 320
MAX_PIXELS = EvidenceLimits().max_pixels  # a 48 MP phone photo is refused; 8K video (33 MP) passes
DECODER_THREADS = 2  # few threads: the child's address space stays small and one core stays free


@dataclass(frozen=True, slots=True)
class MediaInfo:
    kind: str  # "video" | "image"
    mime: str
    container: str
    codecs: tuple[str, ...]
    width: int
    height: int
    duration_ms: int | None  # None for images

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sniff(path: Path) -> str | None:
    """The MIME type the first bytes claim, or None when they name nothing we know."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    guess = filetype.guess(head)
    return guess.mime if guess else None


def examine(path: Path, claimed: str, filename: str, max_pixels: int = MAX_PIXELS) -> tuple[MediaInfo, bytes]:
    """The sandbox's job for a finished upload: what the file is, and its JPEG poster frame."""
    info, image = _probe(path, claimed, filename, max_pixels)
    if image is None:
        return info, thumbnail(path)
    with image:
        return info, _image_thumbnail(image)


def probe(path: Path, claimed: str = "", *, filename: str = "", max_pixels: int = MAX_PIXELS) -> MediaInfo:
    """Probe a file fully; raises EvidenceRefused, MediaTooLarge, EvidencePolyglot or EvidenceTrailingBytes
    with a reason a coach can act on."""
    info, image = _probe(path, claimed, filename or path.name, max_pixels)
    if image is not None:
        image.close()
    return info


def _probe(path: Path, claimed: str, filename: str, max_pixels: int) -> tuple[MediaInfo, Image.Image | None]:
    mime = sniff(path)
    if mime not in IMAGE_TYPES and mime not in VIDEO_TYPES:
        raise EvidenceRefused(mime) if mime else EvidenceUnknownType()
    claimed_kind = claimed.split("/", 1)[0] if claimed else ""
    if claimed_kind in ("video", "image") and claimed_kind != mime.split("/", 1)[0]:
        raise EvidenceMislabelled(claimed, mime)
    _check_layout(path, mime, filename)
    if mime in IMAGE_TYPES:
        return _probe_image(path, mime, filename, max_pixels)
    return _probe_video(path, mime, filename, max_pixels), None


def _check_layout(path: Path, mime: str, filename: str) -> None:
    problem = layout_problem(path, mime)
    if problem is None:
        return
    if problem.kind == "zip":
        raise EvidencePolyglot(filename, problem.offset)
    if problem.kind == "trailing":
        container = "MP4/MOV" if mime in ISO_TYPES else "Matroska/WebM"
        raise EvidenceTrailingBytes(filename, container, problem.extra, problem.offset)
    raise EvidenceCut(problem.offset)


def _too_large(filename: str, width: int, height: int, max_pixels: int) -> MediaTooLarge:
    return MediaTooLarge(filename, width, height, f"{width * height / 1e6:.1f}", f"{max_pixels / 1e6:g}")


def _probe_image(path: Path, mime: str, filename: str, max_pixels: int) -> tuple[MediaInfo, Image.Image]:
    try:
        try:
            img = open_checked(path, max_pixels)  # the header only, refused past the limit
        except TooManyPixels as bomb:
            raise _too_large(filename, bomb.width, bomb.height, max_pixels) from None
        try:
            img.load()  # decode every pixel: a truncated image fails here
        except BaseException:
            img.close()
            raise
        fmt = (img.format or "").lower()
        return MediaInfo("image", mime, fmt, (fmt,), img.width, img.height, None), img
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise EvidenceUndecodable(detail=f"the image does not decode ({exc})") from None


def _probe_video(path: Path, mime: str, filename: str, max_pixels: int) -> MediaInfo:
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise EvidenceNoVideo()
            stream = container.streams.video[0]
            ctx = stream.codec_context
            if ctx.width * ctx.height > max_pixels:  # the container's header, before any frame is decoded
                raise _too_large(filename, ctx.width, ctx.height, max_pixels)
            ctx.thread_count = DECODER_THREADS
            frame = next(container.decode(stream), None)
            if frame is None:
                raise EvidenceUndecodable(detail="no video frame decodes")
            if frame.width * frame.height > max_pixels:
                raise _too_large(filename, frame.width, frame.height, max_pixels)
            duration_ms = _duration_ms(container, stream)
            codecs = tuple(s.codec_context.name for s in container.streams if s.type in ("video", "audio"))
            return MediaInfo("video", mime, container.format.name, codecs, ctx.width, ctx.height, duration_ms)
    except MemoryError:
        raise  # past the sandbox's memory (av.error.MemoryError is an FFmpegError too)
    except av.error.FFmpegError as exc:
        raise EvidenceUndecodable(detail=f"the video does not decode ({exc.strerror or exc})") from None


def _duration_ms(container: Any, stream: Any) -> int | None:
    if container.duration is not None:
        return int(Fraction(container.duration, av.time_base) * 1000)
    if stream.duration is not None and stream.time_base is not None:
        return int(stream.duration * stream.time_base * 1000)
    return None


def _even(n: float) -> int:
    return max(2, int(n) // 2 * 2)


def thumbnail(path: Path, at_s: float = 1.0, width: int = THUMB_WIDTH) -> bytes:
    """A JPEG poster frame near ``at_s`` (the first frame if the video is shorter)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.codec_context.thread_count = DECODER_THREADS
        duration = (_duration_ms(container, stream) or 0) / 1000
        target = min(at_s, duration / 2) if duration else 0
        if target > 0 and stream.time_base is not None:
            container.seek(int(target / stream.time_base), stream=stream, backward=True)
        frame = None
        for frame in container.decode(stream):
            if frame.time is None or frame.time >= target:
                break
        if frame is None:
            raise EvidenceUndecodable(detail="no video frame decodes")
        height = _even(frame.height * width / frame.width)
        small = frame.reformat(width=_even(width), height=height, format="yuvj420p")
        encoder = av.CodecContext.create("mjpeg", "w")
        encoder.width, encoder.height = small.width, small.height
        encoder.pix_fmt = "yuvj420p"
        encoder.time_base = Fraction(1, 25)
        packets = encoder.encode(small) + encoder.encode(None)
        return b"".join(bytes(p) for p in packets)


def _image_thumbnail(img: Image.Image, width: int = THUMB_WIDTH) -> bytes:
    img.thumbnail((width, width * 4))  # in place: the decoded picture is not needed any more
    out = io.BytesIO()
    img.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def cut_clip(src: Path, start_s: float, end_s: float, dst: Path) -> int:
    """Re-encode [start_s, end_s] of ``src`` to an H.264 MP4 at ``dst``; returns frames written.

    Re-encoding (not stream copy) makes the clip start exactly at ``start_s`` even between key
    frames. Sound is left out: the jury reviews the picture. Raises ClipRefused if no frame falls
    in the window."""
    if end_s <= start_s:
        raise ClipSpan()
    with av.open(str(src)) as source, av.open(str(dst), "w", format="mp4") as out:
        stream = source.streams.video[0]
        stream.codec_context.thread_count = DECODER_THREADS
        rate = stream.average_rate or Fraction(25)
        video = out.add_stream("libx264", rate=rate)
        video.codec_context.thread_count = DECODER_THREADS
        video.width, video.height = _even(stream.codec_context.width), _even(stream.codec_context.height)
        video.pix_fmt = "yuv420p"
        if start_s > 0:
            assert stream.time_base is not None, "a decoded video stream has a time base"
            source.seek(int(start_s / stream.time_base), stream=stream, backward=True)
        written = 0
        for frame in source.decode(stream):
            if frame.time is None or frame.time < start_s:
                continue
            if frame.time > end_s:
                break
            frame = frame.reformat(width=video.width, height=video.height, format="yuv420p")
            frame.pts = written
            frame.time_base = Fraction(1) / rate
            out.mux(video.encode(frame))
            written += 1
        out.mux(video.encode(None))
    if written == 0:
        dst.unlink(missing_ok=True)
        raise ClipEmpty(f"{start_s:.1f}", f"{end_s:.1f}")
    return written
