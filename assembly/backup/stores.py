"""What a data folder holds, and which of it a backup copies.

Every store is a folder of files that are written once under a temporary name and renamed into
place (``base.files.write_durably``, the blob store, the CA's ``_write``), or never changed
again once named by their SHA-256, so copying them file by file while the server runs gives whole
files. Anything not known here is copied too (better a file too many than a new store forgotten)
and named in the summary; ``tests/unit/assembly/test_backup_stores.py`` fails when code writes
under ``data_dir`` to a name that is neither a store nor skipped here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assembly.backup.manifest import SQLITE_NAMES, Skipped

STORES: dict[str, str] = {
    "secret": "khóa bí mật của máy chủ (CSRF, mã ghép nối) / the server's secret key",
    "ca": "CA của Sở: chứng thư, khóa đã niêm phong, CRL / the department CA: certificates, sealed keys, CRLs",
    "register": "văn bản đã phát hành (PDF) / issued documents (PDF)",
    "contracts": "PDF hợp đồng / contract PDFs",
    "blobs": "chứng cứ khiếu nại (video, ảnh, đoạn cắt) / appeal evidence (videos, images, clips)",
    "athletes": "ảnh VĐV / people's photos",
}

SKIPPED: dict[str, str] = {
    "sessions": "phiên đăng nhập: sau khi khôi phục mọi người đăng nhập lại / logins: everyone logs in again",
    "cache": "bộ nhớ đệm, tự tạo lại / caches, made again when needed",
    "keypads": "liên kết tới bàn phím giả lập / links to simulated keypads",
    "athletes/imports": "tệp nhập đang xem trước / import previews not yet committed",
    "blobs/tmp": "tệp đang tải lên dở: tải lại sau khi khôi phục / uploads in progress: upload again after a restore",
}

# Temporary names of files being written (write_durably's ".name.pid.tmp", the CA's "x.tmp", a
# photo's "x.part"): either renamed into place a moment later or left by a crash; never a store's.
TRANSIENT_SUFFIXES = (".tmp", ".part", ".partial")


@dataclass(frozen=True, slots=True)
class DataFile:
    relative: str  # POSIX path inside the data folder
    path: Path
    known: bool  # under one of STORES


def walk(data_dir: Path) -> tuple[list[DataFile], list[Skipped]]:
    """The files a backup copies from ``data_dir`` (sorted), and what it leaves out and why (the
    SQLite files are copied separately, through the backup API)."""
    files: list[DataFile] = []
    skipped: list[Skipped] = []
    for relative, path in _entries(data_dir, data_dir, skipped):
        top = relative.split("/", 1)[0]
        files.append(DataFile(relative, path, top in STORES))
    return files, skipped


def _entries(root: Path, folder: Path, skipped: list[Skipped]) -> Iterator[tuple[str, Path]]:
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        relative = path.relative_to(root).as_posix()
        if relative in SKIPPED:
            skipped.append(Skipped(relative, SKIPPED[relative]))
            continue
        if folder == root and entry.name in SQLITE_NAMES:
            continue
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode):
            skipped.append(Skipped(relative, "liên kết, không chép / a link, not copied"))
        elif stat.S_ISDIR(mode):
            yield from _entries(root, path, skipped)
        elif not stat.S_ISREG(mode):
            skipped.append(Skipped(relative, "không phải tệp thường / not a plain file"))
        elif not entry.name.endswith(TRANSIENT_SUFFIXES):
            yield relative, path
