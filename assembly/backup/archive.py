"""Where a backup's files go and come back from: a tar file (``.tar``, ``.tar.gz``, ``.tgz``) or a
folder; the same names and the same manifest either way.

Rules it keeps:
1. A backup appears under its name only when complete: it is written under a temporary name
   beside it and linked (a tar) or renamed (a folder) into place at the end; an existing name is
   never overwritten. Files are 0600 and folders 0700 (the CA's keys and the people's records).
2. Every byte is hashed while it is copied, once: what the manifest says is what was written.
3. Reading accepts only plain files with safe names (``manifest.member_problem``): no links, no
   devices, no absolute or ``..`` paths; the archive is read in order, never by seeking, so a
   compressed tar is read as fast as a plain one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Protocol

from assembly.backup.errors import ArchiveMissing, ArchiveUnreadable, TargetExists
from assembly.backup.manifest import FileEntry, member_problem

CHUNK = 1 << 20
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")


def is_tar(path: Path) -> bool:
    return path.name.endswith(TAR_SUFFIXES)


class _Hashing:
    """A reader that hashes what passes through it (tarfile reads the member's bytes from it)."""

    def __init__(self, source: Reader) -> None:
        self.source, self.hasher, self.size = source, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.source.read(n)
        self.hasher.update(chunk)
        self.size += len(chunk)
        return chunk


def copy_hashing(source: Reader, target: IO[bytes]) -> tuple[str, int]:
    """Copy ``source`` to ``target`` to the end; (SHA-256, size) of what was copied."""
    hasher, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        hasher.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return hasher.hexdigest(), size


def hash_stream(source: Reader) -> tuple[str, int]:
    hasher, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        hasher.update(chunk)
        size += len(chunk)
    return hasher.hexdigest(), size


def write_private(path: Path, source: Reader) -> tuple[str, int]:
    """A new file (0600, never an existing one) with ``source``'s bytes, fsynced; its parents 0700."""
    make_private_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        found = copy_hashing(source, out)
        out.flush()
        os.fsync(out.fileno())
    return found


def make_private_dirs(folder: Path) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700)
        made.chmod(0o700)  # whatever the umask


class Reader(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class ArchiveWriter(Protocol):
    def add_file(self, name: str, source: Path) -> FileEntry: ...

    def add_bytes(self, name: str, data: bytes, at: datetime) -> FileEntry: ...  # at: the app clock's moment (its mtime)

    def commit(self) -> int: ...  # the archive's size in bytes, once it is in place

    def abort(self) -> None: ...


def writer_for(target: Path) -> ArchiveWriter:
    """A writer for ``target``: a tar when its name ends in .tar, .tar.gz or .tgz, else a folder."""
    if target.exists() or target.is_symlink():
        raise TargetExists(str(target))
    return TarWriter(target) if is_tar(target) else FolderWriter(target)


class TarWriter:
    def __init__(self, target: Path) -> None:
        self.target = target
        fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")  # 0600
        self.partial = Path(partial)
        self.file = os.fdopen(fd, "wb")
        self.tar = tarfile.open(fileobj=self.file, mode="w:gz" if not target.name.endswith(".tar") else "w", format=tarfile.PAX_FORMAT)
        self.folders: set[str] = set()

    def _folders_of(self, name: str, mtime: float) -> None:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            folder = "/".join(parts[:i])
            if folder not in self.folders:
                info = tarfile.TarInfo(folder)
                info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o700, int(mtime)
                self.tar.addfile(info)
                self.folders.add(folder)

    def add_file(self, name: str, source: Path) -> FileEntry:
        with source.open("rb") as fh:
            st = os.fstat(fh.fileno())  # the file opened: a store's atomic rename cannot change it now
            self._folders_of(name, st.st_mtime)
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = st.st_size, 0o600, int(st.st_mtime)
            reader = _Hashing(fh)
            self.tar.addfile(info, reader)  # tarfile reads exactly info.size bytes
        return FileEntry(name, reader.hasher.hexdigest(), reader.size)

    def add_bytes(self, name: str, data: bytes, at: datetime) -> FileEntry:
        import io

        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = len(data), 0o600, int(at.timestamp())
        self.tar.addfile(info, io.BytesIO(data))
        return FileEntry(name, hashlib.sha256(data).hexdigest(), len(data))

    def commit(self) -> int:
        self.tar.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        try:
            os.link(self.partial, self.target)  # fails when the name appeared meanwhile: never overwrite
            self.partial.unlink()
        except FileExistsError:
            self.partial.unlink()
            raise TargetExists(str(self.target)) from None
        except OSError:  # no hard links (a FAT or exFAT USB stick): check, then rename
            if self.target.exists():
                self.partial.unlink()
                raise TargetExists(str(self.target)) from None
            os.rename(self.partial, self.target)
        _fsync_dir(self.target.parent)
        return self.target.stat().st_size

    def abort(self) -> None:
        try:
            self.tar.close()
            self.file.close()
        except (OSError, tarfile.TarError):
            pass  # the partial file goes anyway
        self.partial.unlink(missing_ok=True)


class FolderWriter:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.partial = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial"))  # 0700
        self.size = 0

    def add_file(self, name: str, source: Path) -> FileEntry:
        with source.open("rb") as fh:
            sha, size = write_private(self.partial / name, fh)
        self.size += size
        return FileEntry(name, sha, size)

    def add_bytes(self, name: str, data: bytes, at: datetime) -> FileEntry:
        import io

        return self.add_file_from(name, io.BytesIO(data))

    def add_file_from(self, name: str, source: Reader) -> FileEntry:
        sha, size = write_private(self.partial / name, source)
        self.size += size
        return FileEntry(name, sha, size)

    def commit(self) -> int:
        for folder, _dirs, _files in os.walk(self.partial):
            _fsync_dir(Path(folder))
        if self.target.exists():
            shutil.rmtree(self.partial)
            raise TargetExists(str(self.target))
        os.rename(self.partial, self.target)
        _fsync_dir(self.target.parent)
        return self.size

    def abort(self) -> None:
        shutil.rmtree(self.partial, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder; NTFS journals the rename itself
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_members(archive: Path) -> Iterator[tuple[str, Reader]]:
    """Every plain file of ``archive`` (a tar or a folder) in order, as (name, stream); a link, a
    device or an unsafe name is ``ArchiveUnreadable`` naming it (rule 3)."""
    if not archive.exists():
        raise ArchiveMissing(str(archive))
    if archive.is_dir():
        yield from _folder_members(archive)
    else:
        yield from _tar_members(archive)


def _checked(archive: Path, name: str) -> str:
    problem = member_problem(name)
    if problem:
        raise ArchiveUnreadable(str(archive), detail=f"{name!r}: {problem}")
    return name


def _tar_members(archive: Path) -> Iterator[tuple[str, Reader]]:
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if member.isdir():
                    continue  # folders are made as the parents of files, never from an entry
                if not member.isreg():
                    raise ArchiveUnreadable(str(archive), detail=f"{member.name!r}: không phải tệp thường / not a plain file")
                stream = tar.extractfile(member)
                assert stream is not None  # a regular member always has one
                yield _checked(archive, member.name), _Guarded(stream, archive, member.name)
    except _READ_ERRORS as exc:
        raise ArchiveUnreadable(str(archive), detail=f"{type(exc).__name__}: {exc}") from None


# A truncated or garbled tar: tarfile's own errors, a gzip stream cut short (EOFError), zlib's and
# the medium's (OSError).
_READ_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error)


class _Guarded:
    """A member's bytes, whose read errors name the archive and the member (they happen in the
    caller's loop, outside the generator's ``try``)."""

    def __init__(self, source: IO[bytes], archive: Path, name: str) -> None:
        self.source, self.archive, self.name = source, archive, name

    def read(self, n: int = -1) -> bytes:
        try:
            return self.source.read(n)
        except _READ_ERRORS as exc:
            raise ArchiveUnreadable(str(self.archive), detail=f"{self.name}: {type(exc).__name__}: {exc}") from None


def _folder_members(archive: Path) -> Iterator[tuple[str, Reader]]:
    for folder, dirs, files in os.walk(archive):
        dirs.sort()
        for file in sorted(files):
            path = Path(folder) / file
            name = path.relative_to(archive).as_posix()
            mode = path.lstat().st_mode
            if not stat.S_ISREG(mode):
                raise ArchiveUnreadable(str(archive), detail=f"{name!r}: không phải tệp thường / not a plain file")
            with path.open("rb") as fh:
                yield _checked(archive, name), _Guarded(fh, archive, name)
        for d in dirs:
            if (Path(folder) / d).is_symlink():
                raise ArchiveUnreadable(str(archive), detail=f"{d!r}: liên kết / a link")
