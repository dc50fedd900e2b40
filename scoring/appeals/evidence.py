"""Evidence use cases: tus uploads into the store, guarded reads with custody, alignment, clips.

Rules it keeps:
1. Every upload, view, download, clip, refusal and corrupt read is written to the custody log
   (who, when, which hash) and committed before any byte is served.
2. Stored bytes are checked against their hash as they are served; a mismatch is logged and
   refused (500), or cuts the stream at the first block that differs.
3. Evidence that a filed appeal relies on is never deleted; no path replaces stored bytes.
4. A staged file exists only beside its committed upload row: a refused creation (unknown
   contest, a limit) leaves nothing in ``tmp/``; an unfinished upload expires ``upload_expiry``
   after its creation, and expired ones lose their bytes at the next creation (or when touched).
5. Files are decoded only in the sandbox (``base/sandbox.py``), never in the server.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from sqlmodel import col, select

from base.accounts.models import Role, User
from base.audit import audit
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.rows import get_row
from base.sandbox import Sandbox, SandboxFailed
from scoring.appeals import media
from scoring.appeals.access import is_jury, may_view_appeal, may_view_evidence
from scoring.appeals.errors import (
    AppealError,
    AppealForbidden,
    AppealNotFound,
    AppealStateConflict,
    ContestNotFound,
    DecodeOutOfMemory,
    DecodeTimeout,
    EvidenceCorrupt,
    EvidenceEmpty,
    EvidenceLimit,
    EvidenceLocked,
    EvidenceNotFound,
    EvidenceUndecodable,
    RecordingsFull,
    TusHeaderInvalid,
    UploadExpired,
    UploadNotFound,
    UploadOffsetMismatch,
)
from scoring.appeals.lifecycle import AppealState, is_open
from scoring.appeals.limits import EvidenceLimits
from scoring.appeals.models import Appeal, CustodyEntry, Evidence, Upload
from scoring.appeals.ranges import ByteRange, parse_range
from scoring.appeals.store import BlobCorrupt, BlobStore
from scoring.appeals.uploads import UploadRegistry, append_stream, new_upload_id
from scoring.models import Contest

RECORDERS = (Role.REFEREE, Role.MANAGER, Role.DEVICE)  # who may upload an official recording


class EvidenceService:
    def __init__(
        self,
        session: AsyncSession,
        store: BlobStore,
        registry: UploadRegistry,
        clock: Clock,
        sandbox: Sandbox,
        limits: EvidenceLimits = EvidenceLimits(),
    ) -> None:
        self.session, self.store, self.registry, self.clock, self.limits = session, store, registry, clock, limits
        self.sandbox = sandbox

    # ---- custody -------------------------------------------------------------------------
    def custody(
        self,
        user: User | None,
        action: str,
        evidence: Evidence | None = None,
        *,
        appeal_id: int | None = None,
        sha256: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            CustodyEntry(
                at=self.clock(),
                actor_id=user.id if user else None,
                actor=user.username if user else "",
                action=action,
                evidence_id=evidence.id if evidence else None,
                appeal_id=appeal_id if appeal_id is not None else (evidence.appeal_id if evidence else None),
                sha256=sha256 or (evidence.sha256 if evidence else ""),
                detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
            )
        )

    async def custody_log(self, appeal_id: int, contest_id: int) -> list[CustodyEntry]:
        """The custody entries of an appeal and of its contest's official recordings."""
        official = select(Evidence.id).where(Evidence.contest_id == contest_id, col(Evidence.appeal_id).is_(None))
        q = (
            select(CustodyEntry)
            .where((col(CustodyEntry.appeal_id) == appeal_id) | (col(CustodyEntry.evidence_id).in_(official)))
            .order_by(col(CustodyEntry.id))
        )
        return list((await self.session.exec(q)).all())

    # ---- lookups -------------------------------------------------------------------------
    async def contest_appeals(self, contest_id: int) -> list[Appeal]:
        return list((await self.session.exec(select(Appeal).where(Appeal.contest_id == contest_id))).all())

    async def evidence(self, user: User, evidence_id: int) -> Evidence:
        """The evidence row if ``user`` may see it (the jury, the filing team, admins)."""
        row = await self.session.get(Evidence, evidence_id)
        if row is None:
            raise EvidenceNotFound(evidence_id)
        if not may_view_evidence(user, row, await self.contest_appeals(row.contest_id)):
            raise AppealForbidden("view")
        return row

    async def list_for(self, user: User, appeal: Appeal) -> list[Evidence]:
        """The appeal's own files and its contest's official recordings."""
        if not may_view_appeal(user, appeal):
            raise AppealForbidden("view")
        q = (
            select(Evidence)
            .where(
                Evidence.contest_id == appeal.contest_id,
                (col(Evidence.appeal_id) == appeal.id) | (col(Evidence.appeal_id).is_(None)),
            )
            .order_by(col(Evidence.id))
        )
        return list((await self.session.exec(q)).all())

    # ---- tus -----------------------------------------------------------------------------
    async def _upload_target(self, user: User, meta: dict[str, str]) -> tuple[int, int | None]:
        if meta.get("appeal_id"):
            if not meta["appeal_id"].isdigit():
                raise TusHeaderInvalid("appeal_id must be a number")
            appeal = await get_row(self.session, Appeal, int(meta["appeal_id"]))
            if appeal is None:
                raise AppealNotFound(meta["appeal_id"])
            if not may_view_appeal(user, appeal):
                raise AppealForbidden("view")
            if not is_open(AppealState(appeal.state)):
                raise AppealStateConflict("add evidence", appeal.state)
            return appeal.contest_id, appeal.id
        if meta.get("contest_id", "").isdigit():
            if not user.has_role(*RECORDERS):
                raise AppealForbidden("recording")
            if await get_row(self.session, Contest, int(meta["contest_id"])) is None:
                raise ContestNotFound(meta["contest_id"])
            return int(meta["contest_id"]), None
        raise TusHeaderInvalid("Upload-Metadata needs appeal_id or contest_id")

    async def _count(self, appeal_id: int) -> int:
        files = await self.session.exec(select(Evidence.id).where(Evidence.appeal_id == appeal_id, Evidence.kind != "clip"))
        pending = await self.session.exec(select(Upload.id).where(Upload.appeal_id == appeal_id, Upload.status == "open"))
        return len(files.all()) + len(pending.all())

    async def _check_recordings(self, contest_id: int, length: int) -> None:
        """A contest's official recordings (stored and unfinished) stay within count and bytes."""
        stored = await self.session.exec(
            select(Evidence.size).where(Evidence.contest_id == contest_id, col(Evidence.appeal_id).is_(None), Evidence.kind != "clip")
        )
        pending = await self.session.exec(
            select(Upload.length).where(Upload.contest_id == contest_id, col(Upload.appeal_id).is_(None), Upload.status == "open")
        )
        sizes = [*stored.all(), *pending.all()]
        cap, cap_bytes = self.limits.max_recordings_per_contest, self.limits.max_recording_bytes_per_contest
        if len(sizes) + 1 > cap or sum(sizes) + length > cap_bytes:
            raise RecordingsFull(contest_id, len(sizes), _gib(sum(sizes)), cap, _gib(cap_bytes))

    def expires_at(self, upload: Upload) -> datetime:
        """When an unfinished upload expires (tus Expiration): ``upload_expiry`` after its creation."""
        return upload.created_at + self.limits.upload_expiry

    def _drop_staged(self, upload: Upload, status: str) -> None:
        self.store.staging_path(upload.id).unlink(missing_ok=True)
        self.registry.forget(upload.id)
        upload.status = status
        self.session.add(upload)

    async def expire_uploads(self) -> int:
        """Delete the bytes of every unfinished upload past its expiry (none being written to);
        returns how many expired. Runs at each creation (rule 4)."""
        cutoff = self.clock() - self.limits.upload_expiry
        rows = await self.session.exec(select(Upload).where(Upload.status == "open", col(Upload.created_at) <= cutoff))
        expired = [row for row in rows.all() if not self.registry.state(row.id).lock.locked()]
        for row in expired:
            self._drop_staged(row, "expired")
        if expired:
            await self.session.commit()
        return len(expired)

    async def create_upload(self, user: User, length: int, meta: dict[str, str]) -> Upload:
        """tus creation: check target, size and count, commit the row with its empty staged file."""
        await self.expire_uploads()
        contest_id, appeal_id = await self._upload_target(user, meta)
        claimed = meta.get("filetype", "")
        if length > self.limits.max_for(claimed):
            raise EvidenceLimit(f"{length} bytes is over the limit of {self.limits.max_for(claimed)} for {claimed or 'a video'}")
        if length == 0:
            raise EvidenceEmpty()
        if appeal_id is not None and await self._count(appeal_id) >= self.limits.max_files_per_appeal:
            raise EvidenceLimit(f"at most {self.limits.max_files_per_appeal} files per appeal")
        if appeal_id is None:
            await self._check_recordings(contest_id, length)
        started_at = _parse_time(meta.get("started_at"))
        upload = Upload(
            id=new_upload_id(),
            contest_id=contest_id,
            appeal_id=appeal_id,
            length=length,
            filename=meta.get("filename", "")[:200],
            claimed_type=claimed[:100],
            started_at=started_at,
            created_by=row_id(user),
            created_at=self.clock(),
        )
        self.session.add(upload)
        await self.session.flush()  # a row the database refuses leaves no staged file (rule 4)
        staged = self.store.staging_path(upload.id)
        try:
            staged.touch(exist_ok=False)
            await self.session.commit()
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        return upload

    async def upload(self, user: User, upload_id: str) -> Upload:
        row = await self.session.get(Upload, upload_id)
        if row is None or row.status == "terminated":
            raise UploadNotFound()
        if row.created_by != user.id and Role.ADMIN not in user.role_set():
            raise AppealForbidden("upload")
        if row.status == "open" and self.clock() >= self.expires_at(row) and not self.registry.state(upload_id).lock.locked():
            self._drop_staged(row, "expired")
            await self.session.commit()
        if row.status == "expired":
            raise UploadExpired(_local_time(self.clock, self.expires_at(row)))
        return row

    async def append(
        self, user: User, upload_id: str, offset: int, chunks: AsyncIterator[bytes], checksum: tuple[str, bytes] | None
    ) -> tuple[Upload, Evidence | None]:
        """tus PATCH: append at ``offset``; when complete, probe and store (or refuse) the file."""
        upload = await self.upload(user, upload_id)
        state = self.registry.state(upload_id)
        async with state.lock:
            await self.session.refresh(upload)
            if upload.status != "open" or offset != upload.offset:
                raise UploadOffsetMismatch(offset, upload.offset)
            path = self.store.staging_path(upload_id)
            hasher = await self.registry.hasher_at(upload_id, path, offset)
            new_offset, new_hasher, _cut = await append_stream(path, offset, upload.length, chunks, hasher, checksum, self.limits)
            state.hasher, state.offset = new_hasher, new_offset
            upload.offset = new_offset
            self.session.add(upload)
            await self.session.commit()
            if new_offset < upload.length:
                return upload, None
            return upload, await self._finish(user, upload, new_hasher.hexdigest(), path)

    async def examine(self, path: Path, claimed: str, filename: str) -> tuple[media.MediaInfo, bytes]:
        """What the file is and its poster frame, decoded in the sandbox (rule 5); a file that
        needs more memory or time than the sandbox gives is refused, naming the file."""
        name = filename or path.name
        try:
            return await self.sandbox.run(
                media.examine, path, claimed, name, self.limits.max_pixels, timeout_s=self.limits.decode_timeout_s
            )
        except SandboxFailed as failed:
            raise decode_failed(failed, name, self.sandbox.memory_bytes, self.limits.decode_timeout_s) from None

    async def _finish(self, user: User, upload: Upload, sha256: str, path: Path) -> Evidence:
        try:
            info, thumb = await self.examine(path, upload.claimed_type, upload.filename)
            if info.kind == "image" and upload.length > self.limits.max_image_bytes:
                raise EvidenceLimit(f"an image is at most {self.limits.max_image_bytes} bytes")
        except AppealError as exc:
            path.unlink(missing_ok=True)
            self.registry.forget(upload.id)
            upload.status, upload.error = "refused", exc.message("en")
            self.session.add(upload)
            self.custody(
                user,
                "refuse",
                appeal_id=upload.appeal_id,
                sha256=sha256,
                detail={"upload": upload.id, "reason": exc.message("en"), "filename": upload.filename},
            )
            await self.session.commit()
            raise
        blob = await self.store.adopt(path, sha256)
        thumb_blob = await self.store.put_bytes(thumb)
        self.registry.forget(upload.id)
        row = Evidence(
            contest_id=upload.contest_id,
            appeal_id=upload.appeal_id,
            kind=info.kind,
            sha256=blob.sha256,
            size=blob.size,
            mime=info.mime,
            filename=upload.filename,
            info=json.dumps(info.as_dict()),
            thumb_sha256=thumb_blob.sha256,
            started_at=upload.started_at,
            uploaded_by=row_id(user),
            uploaded_at=self.clock(),
        )
        self.session.add(row)
        await self.session.flush()
        upload.status, upload.evidence_id = "done", row.id
        self.session.add(upload)
        self.custody(user, "upload", row, detail={"upload": upload.id, "filename": upload.filename, "size": blob.size})
        audit(
            self.session,
            actor=user,
            action="appeals.evidence_uploaded",
            subject=f"evidence:{row.id}",
            detail={"sha256": blob.sha256, "appeal_id": row.appeal_id},
        )
        await self.session.commit()
        return row

    async def terminate(self, user: User, upload_id: str) -> None:
        """tus termination: drop an unfinished upload and its staged bytes (finished ones stay)."""
        upload = await self.upload(user, upload_id)
        if upload.status == "done":
            raise EvidenceLocked()
        async with self.registry.state(upload_id).lock:
            self.store.staging_path(upload_id).unlink(missing_ok=True)
            self.registry.forget(upload_id)
            upload.status = "terminated"
            self.session.add(upload)
            await self.session.commit()

    # ---- reading -------------------------------------------------------------------------
    async def _verified(self, user: User, row: Evidence, sha256: str) -> None:
        """Re-hash all of the stored bytes (a poster frame, a clip's source) before use."""
        if not await self.store.verify(sha256):
            await self._corrupt(user, row, sha256)

    async def _corrupt(self, user: User, row: Evidence, sha256: str) -> NoReturn:
        self.custody(user, "corrupt", row, sha256=sha256, detail={"refused": True})
        audit(self.session, actor=user, action="appeals.evidence_corrupt", subject=f"evidence:{row.id}", detail={"sha256": sha256})
        await self.session.commit()
        raise EvidenceCorrupt(sha256)

    async def open_content(
        self, user: User, evidence_id: int, range_header: str | None, download: bool
    ) -> tuple[Evidence, ByteRange | None, AsyncIterator[bytes]]:
        """Check access, re-hash, log the view or download, then stream the (ranged) bytes."""
        row = await self.evidence(user, evidence_id)
        byte_range = parse_range(range_header, row.size)
        start, length = (byte_range.start, byte_range.length) if byte_range else (0, row.size)
        try:
            chunks = await self.store.open_verified(row.sha256, start, length)
        except BlobCorrupt:
            await self._corrupt(user, row, row.sha256)
        detail = {"range": [byte_range.start, byte_range.end] if byte_range else None}
        self.custody(user, "download" if download else "view", row, detail=detail)
        await self.session.commit()
        return row, byte_range, chunks

    async def thumbnail(self, user: User, evidence_id: int) -> bytes:
        row = await self.evidence(user, evidence_id)
        if not row.thumb_sha256:
            raise EvidenceNotFound(f"{evidence_id} thumbnail")
        await self._verified(user, row, row.thumb_sha256)
        chunks = [c async for c in self.store.read(row.thumb_sha256)]
        return b"".join(chunks)

    # ---- jury tools ----------------------------------------------------------------------
    async def align(self, user: User, evidence_id: int, started_at: datetime) -> Evidence:
        row = await self.evidence(user, evidence_id)
        if not is_jury(user) or row.kind != "video":
            raise AppealForbidden("jury")
        before = row.started_at
        row.started_at = started_at
        self.session.add(row)
        self.custody(user, "align", row, detail={"from": before, "to": started_at})
        await self.session.commit()
        return row

    async def store_clip(
        self, user: User, source: Evidence, appeal: Appeal, staged: Path, sha256: str, window: tuple[float, float]
    ) -> Evidence:
        """Adopt a clip the caller cut into ``staged`` and attach it to ``appeal``."""
        try:
            info, poster = await self.examine(staged, "video/mp4", staged.name)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        thumb = await self.store.put_bytes(poster)
        blob = await self.store.adopt(staged, sha256)
        start_ms, end_ms = int(window[0] * 1000), int(window[1] * 1000)
        row = Evidence(
            contest_id=source.contest_id,
            appeal_id=appeal.id,
            kind="clip",
            sha256=blob.sha256,
            size=blob.size,
            mime="video/mp4",
            filename=f"clip-{source.id}-{start_ms}-{end_ms}.mp4",
            info=json.dumps(info.as_dict()),
            thumb_sha256=thumb.sha256,
            parent_id=source.id,
            clip_start_ms=start_ms,
            clip_end_ms=end_ms,
            started_at=None,
            uploaded_by=row_id(user),
            uploaded_at=self.clock(),
        )
        self.session.add(row)
        await self.session.flush()
        self.custody(
            user, "clip", row, detail={"source": source.id, "source_sha256": source.sha256, "start_ms": start_ms, "end_ms": end_ms}
        )
        await self.session.commit()
        return row

    async def delete(self, user: User, evidence_id: int) -> None:
        """Admins only, and never evidence a filed appeal relies on (rule 3)."""
        row = await self.evidence(user, evidence_id)
        if Role.ADMIN not in user.role_set():
            raise AppealForbidden("delete")
        appeals = await self.contest_appeals(row.contest_id)
        if row.appeal_id is not None or appeals:
            raise EvidenceLocked()
        self.custody(user, "delete", row)
        await self.session.delete(row)
        await self.session.commit()


def _gib(size: int) -> str:
    return f"{size / 1024**3:.1f}".rstrip("0").rstrip(".")


def _local_time(clock: Clock, at: datetime) -> str:
    return clock.local(at).strftime("%H:%M %d/%m/%Y")


def decode_failed(failed: SandboxFailed, filename: str, memory_bytes: int, timeout_s: float) -> AppealError:
    """The refusal of a file the sandbox gave no answer for."""
    if failed.reason == "memory":
        return DecodeOutOfMemory(filename, memory_bytes >> 20)
    if failed.reason == "timeout":
        return DecodeTimeout(filename, f"{timeout_s:g}")
    return EvidenceUndecodable(detail=f"the decoder stopped ({failed.detail})")


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise TusHeaderInvalid(f"started_at {value!r} is not an ISO time") from None
    if parsed.tzinfo is None:
        raise TusHeaderInvalid("started_at needs a timezone")
    return parsed
