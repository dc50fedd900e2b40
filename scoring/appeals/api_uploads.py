"""The tus endpoint of the evidence store and evidence playback with HTTP Range requests.

POST /api/appeals/uploads (creation), HEAD/PATCH/DELETE /api/appeals/uploads/{id}, OPTIONS.
PATCH bodies are streamed (no body size limit on that route only); every other route keeps
Litestar's default limit. An unfinished upload's answers carry ``Upload-Expires`` (tus expiration);
an expired one answers 410.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Controller, Request, Response, delete, get, head, patch, post, route
from litestar.di import NamedDependency
from litestar.exceptions import InternalServerException
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from base.accounts.models import Role, User
from base.auth import requires_role
from scoring.appeals import tus
from scoring.appeals.errors import TusContentType, TusHeaderInvalid
from scoring.appeals.evidence import EvidenceService
from scoring.appeals.limits import EvidenceLimits
from scoring.appeals.uploads import StreamCut
from scoring.appeals.views import evidence_out

UPLOADERS = (Role.COACH, Role.REFEREE, Role.MANAGER, Role.DEVICE)
VIEWERS = (Role.COACH, Role.REFEREE)


async def _body(request: Request[Any, Any, Any]) -> AsyncIterator[bytes]:
    """The request body as it arrives; a client that goes away becomes StreamCut."""
    try:
        async for chunk in request.stream():
            if chunk:
                yield chunk
    except InternalServerException:
        raise StreamCut() from None


class UploadOptionsController(Controller):
    """tus discovery (versions, extensions, maximum size): public, so it lives apart from the
    uploaders' guard (the authentication middleware does not look at OPTIONS requests)."""

    path = "/api/appeals/uploads"
    tags = ["appeals"]

    @route("/", http_method=["OPTIONS"], opt={"public": True}, status_code=200)
    async def options(self) -> Response[bytes]:
        return Response(b"", status_code=204, headers=tus.options_headers(EvidenceLimits().max_video_bytes))


class UploadController(Controller):
    path = "/api/appeals/uploads"
    tags = ["appeals"]
    guards = [requires_role(*UPLOADERS)]

    @post("/", status_code=201)
    async def create(self, request: Request[User, Any, Any], evidence: NamedDependency[EvidenceService]) -> Response[bytes]:
        tus.require_version(request.headers)
        if "upload-defer-length" in request.headers:
            raise TusHeaderInvalid("Upload-Defer-Length is not supported: send Upload-Length")
        length = tus.parse_length(request.headers.get("upload-length"), "Upload-Length")
        meta = tus.parse_metadata(request.headers.get("upload-metadata"))
        upload = await evidence.create_upload(request.user, length, meta)
        headers = {**tus.base_headers(), "Location": f"{self.path}/{upload.id}", "Upload-Offset": "0"}
        headers |= tus.expires_header(evidence.expires_at(upload))
        return Response(b"", status_code=201, headers=headers)

    @head("/{upload_id:str}", status_code=200)
    async def status(
        self, upload_id: FromPath[str], request: Request[User, Any, Any], evidence: NamedDependency[EvidenceService]
    ) -> Response[None]:
        tus.require_version(request.headers)
        upload = await evidence.upload(request.user, upload_id)
        headers = {**tus.base_headers(), "Upload-Offset": str(upload.offset), "Upload-Length": str(upload.length)}
        if upload.evidence_id is not None:
            headers["Evidence-Id"] = str(upload.evidence_id)
        elif upload.status == "open":
            headers |= tus.expires_header(evidence.expires_at(upload))
        return Response(None, status_code=200, headers=headers)

    @patch("/{upload_id:str}", status_code=200, request_max_body_size=None)
    async def append(
        self, upload_id: FromPath[str], request: Request[User, Any, Any], evidence: NamedDependency[EvidenceService]
    ) -> Response[Any]:
        tus.require_version(request.headers)
        if request.headers.get("content-type", "").split(";")[0].strip() != tus.PATCH_CONTENT_TYPE:
            raise TusContentType()
        offset = tus.parse_length(request.headers.get("upload-offset"), "Upload-Offset")
        checksum = tus.parse_checksum(request.headers.get("upload-checksum"))
        upload, row = await evidence.append(request.user, upload_id, offset, _body(request), checksum)
        headers = {**tus.base_headers(), "Upload-Offset": str(upload.offset)}
        if row is not None:
            headers["Evidence-Id"] = str(row.id)
        else:
            headers |= tus.expires_header(evidence.expires_at(upload))
        return Response(None, status_code=204, headers=headers)

    @delete("/{upload_id:str}", status_code=200)
    async def terminate(
        self, upload_id: FromPath[str], request: Request[User, Any, Any], evidence: NamedDependency[EvidenceService]
    ) -> Response[bytes]:
        tus.require_version(request.headers)
        await evidence.terminate(request.user, upload_id)
        return Response(b"", status_code=204, headers=tus.base_headers())


class ContentController(Controller):
    path = "/api/appeals/evidence"
    tags = ["appeals"]
    guards = [requires_role(*VIEWERS)]

    @get("/{evidence_id:int}/content")
    async def content(
        self,
        evidence_id: FromPath[int],
        request: Request[User, Any, Any],
        evidence: NamedDependency[EvidenceService],
        download: FromQuery[bool] = False,
    ) -> Stream:
        row, byte_range, chunks = await evidence.open_content(request.user, evidence_id, request.headers.get("range"), download)
        headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, no-store", "X-Content-SHA256": row.sha256}
        if download:
            headers["Content-Disposition"] = f'attachment; filename="evidence-{row.id}-{row.sha256[:12]}"'
        if byte_range is None:
            headers["Content-Length"] = str(row.size)
            return Stream(chunks, status_code=200, headers=headers, media_type=row.mime)
        headers["Content-Range"] = byte_range.content_range(row.size)
        headers["Content-Length"] = str(byte_range.length)
        return Stream(chunks, status_code=206, headers=headers, media_type=row.mime)

    @get("/{evidence_id:int}/thumbnail")
    async def thumbnail(
        self, evidence_id: FromPath[int], request: Request[User, Any, Any], evidence: NamedDependency[EvidenceService]
    ) -> Response[bytes]:
        data = await evidence.thumbnail(request.user, evidence_id)
        return Response(data, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})

    @get("/{evidence_id:int}")
    async def one(self, evidence_id: FromPath[int], request: Request[User, Any, Any], evidence: NamedDependency[EvidenceService]) -> Any:
        return evidence_out(await evidence.evidence(request.user, evidence_id))

    @delete("/{evidence_id:int}", status_code=204, guards=[requires_role(Role.ADMIN)])
    async def remove(
        self, evidence_id: FromPath[int], request: Request[User, Any, Any], evidence: NamedDependency[EvidenceService]
    ) -> None:
        await evidence.delete(request.user, evidence_id)
