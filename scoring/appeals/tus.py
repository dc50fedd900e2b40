"""The tus 1.0 subset we speak (core, creation, checksum, termination, expiration), as pure header logic.

The controller in ``api_uploads.py`` moves bytes; this module only reads and writes headers, so
the protocol rules are tested without a server. Spec: https://tus.io/protocols/resumable-upload
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime

from scoring.appeals.errors import TusHeaderInvalid, TusVersionUnsupported

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,checksum,termination,expiration"
CHECKSUM_ALGORITHMS = ("sha1", "sha256", "md5")
PATCH_CONTENT_TYPE = "application/offset+octet-stream"


def base_headers() -> dict[str, str]:
    """Headers every tus response carries (except OPTIONS, which adds the capabilities)."""
    return {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store"}


def options_headers(max_size: int) -> dict[str, str]:
    return {
        "Tus-Resumable": TUS_VERSION,
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": EXTENSIONS,
        "Tus-Max-Size": str(max_size),
        "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
    }


def expires_header(at: datetime) -> dict[str, str]:
    """``Upload-Expires`` (tus expiration) in the HTTP date format of RFC 9110, always GMT."""
    return {"Upload-Expires": format_datetime(at.astimezone(UTC), usegmt=True)}


def require_version(headers: Mapping[str, str]) -> None:
    """Every request but OPTIONS must say Tus-Resumable: 1.0.0 (tus core, 412 otherwise)."""
    version = headers.get("tus-resumable")
    if version != TUS_VERSION:
        raise TusVersionUnsupported(version=version or "none")


def parse_length(value: str | None, what: str) -> int:
    if value is None or not value.isdigit():
        raise TusHeaderInvalid(f"{what} must be a non-negative integer, got {value!r}")
    return int(value)


def parse_metadata(value: str | None) -> dict[str, str]:
    """``Upload-Metadata: key base64,key2 base64,flag`` -> {key: text}; a bad pair is refused."""
    out: dict[str, str] = {}
    if not value:
        return out
    for pair in value.split(","):
        parts = pair.strip().split(" ")
        key = parts[0]
        if not key or len(parts) > 2 or key in out:
            raise TusHeaderInvalid(f"Upload-Metadata pair {pair.strip()!r} is malformed")
        try:
            out[key] = base64.b64decode(parts[1], validate=True).decode("utf-8") if len(parts) == 2 else ""
        except (binascii.Error, UnicodeDecodeError):
            raise TusHeaderInvalid(f"Upload-Metadata value of {key!r} is not base64 UTF-8") from None
    return out


def encode_metadata(values: Mapping[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def parse_checksum(value: str | None) -> tuple[str, bytes] | None:
    """``Upload-Checksum: sha1 <base64>`` -> (algorithm, digest); None when absent."""
    if value is None:
        return None
    parts = value.strip().split(" ")
    if len(parts) != 2 or parts[0] not in CHECKSUM_ALGORITHMS:
        # tus checksum extension: an unsupported algorithm is 400 Bad Request.
        raise TusHeaderInvalid(f"Upload-Checksum {value!r}: use one of {', '.join(CHECKSUM_ALGORITHMS)}")
    try:
        digest = base64.b64decode(parts[1], validate=True)
    except binascii.Error:
        raise TusHeaderInvalid("Upload-Checksum digest is not base64") from None
    if len(digest) != hashlib.new(parts[0]).digest_size:
        raise TusHeaderInvalid("Upload-Checksum digest has the wrong length")
    return parts[0], digest
