"""The public pages of the register (no login): ``/v`` (type a code), ``/v/<code>`` (what the
document is, who issued and signed it, whether it was superseded, a domain's check), a copy or its
SHA-256 compared with the issued bytes, the issued PDF again, and the same as JSON for machines.

Checks are bounded: an uploaded copy of at most ``MAX_UPLOAD_MB`` MB, and ``CHECKS_PER_MINUTE``
checks a minute from one address (a phone on the venue's Wi-Fi checks a few papers, not thousands).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import State, UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from base.clock import Clock
from base.errors import ArenaError
from base.i18n import CURRENT_LANGUAGE
from base.register.codes import normalise_code, show_code
from base.register.errors import FileTooLarge, NoFileOrHash, TooManyChecks, UnknownCode
from base.register.kinds import Check, checker_for, known_kind
from base.register.models import IssuedDocument
from base.register.service import Match, Register, by_code, match, versions

log = logging.getLogger("arena")

MAX_UPLOAD_MB = 50
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
CHECKS_PER_MINUTE = 30
SHOWN = "%d/%m/%Y %H:%M"


class CheckBudget:
    """At most ``limit`` checks per ``window`` from one address, on the app's clock."""

    def __init__(self, limit: int = CHECKS_PER_MINUTE, window: timedelta = timedelta(minutes=1)) -> None:
        self.limit, self.window = limit, window
        self.seen: dict[str, deque[datetime]] = {}

    def spend(self, address: str, now: datetime) -> None:
        """Count one check of ``address``; raises ``TooManyChecks`` past the limit."""
        times = self.seen.setdefault(address, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) >= self.limit:
            raise TooManyChecks(max(1, int((times[0] + self.window - now).total_seconds()) + 1))
        times.append(now)
        if len(self.seen) > 10_000:  # forget idle addresses
            self.seen = {a: t for a, t in self.seen.items() if t and now - t[-1] < self.window}


def _budget(state: State) -> CheckBudget:
    budget = state.get("register_checks")
    if not isinstance(budget, CheckBudget):
        budget = CheckBudget()
        state.register_checks = budget
    return budget


@dataclass(frozen=True, slots=True)
class VersionView:
    code: str
    version: int
    issued_at: str
    current: bool
    this: bool


@dataclass(frozen=True, slots=True)
class DocumentView:
    """What the page shows of one issued document, in the venue's time and the caller's language."""

    code: str
    kind: str
    title: str
    version: int
    issued_at: str
    issued_by: str
    signers: list[tuple[str, str, str]]
    current: bool
    superseded_by: str
    superseded_at: str
    reason: str
    sha256: str
    size: int
    versions: list[VersionView]
    check: Check | None
    check_text: str


async def _recheck(register: Register, doc: IssuedDocument) -> Check | None:
    checker = checker_for(doc.kind)
    if checker is None:
        return None
    try:
        return await checker(register.session, doc)
    except Exception:  # noqa: BLE001 - a failing check must not hide what the register knows
        log.exception("register check of %s failed", doc.code)
        return Check(False, "Không kiểm tra lại được lúc này; hãy thử lại sau.", "Could not recheck now; try again later.")


async def document_view(register: Register, doc: IssuedDocument) -> DocumentView:
    clock, lang = register.clock, CURRENT_LANGUAGE.get()
    kind = known_kind(doc.kind)
    check = await _recheck(register, doc)
    chain = await versions(register.session, doc.subject)
    return DocumentView(
        code=doc.shown_code,
        kind=kind.vi if lang == "vi" else kind.en,
        title=doc.title,
        version=doc.version,
        issued_at=clock.local(doc.issued_at).strftime(SHOWN),
        issued_by=doc.issued_by,
        signers=[(s.name, s.role, clock.local(s.at).strftime(SHOWN)) for s in doc.signer_list()],
        current=doc.superseded_by is None,
        superseded_by=show_code(doc.superseded_by) if doc.superseded_by else "",
        superseded_at=clock.local(doc.superseded_at).strftime(SHOWN) if doc.superseded_at else "",
        reason=doc.supersede_reason,
        sha256=doc.sha256,
        size=doc.size,
        versions=[
            VersionView(v.shown_code, v.version, clock.local(v.issued_at).strftime(SHOWN), v.superseded_by is None, v.code == doc.code)
            for v in chain
        ]
        if len(chain) > 1
        else [],
        check=check,
        check_text=(check.text_vi if lang == "vi" else check.text_en) if check is not None else "",
    )


def _page(view: DocumentView, request: Request[Any, Any, Any], **extra: Any) -> Template:
    status = extra.pop("status", 200)
    context = {"user": request.user, "doc": view, "max_mb": MAX_UPLOAD_MB, "result": None, "error": None, **extra}
    return Template("base/verify.html", context=context, status_code=status)


def _missing(request: Request[Any, Any, Any], typed: str) -> Template:
    stored = normalise_code(typed)
    shown = show_code(stored) if stored else typed.strip()[:20]
    message = UnknownCode(shown).message(CURRENT_LANGUAGE.get())
    return Template("base/verify_start.html", context={"user": request.user, "error": message, "typed": shown}, status_code=404)


def _canonical(code: str) -> str | None:
    """The shown form when ``code`` is a code typed another way (``abcd1234``): redirect there."""
    stored = normalise_code(code)
    return show_code(stored) if stored is not None and show_code(stored) != code else None


@get("/v", opt={"public": True}, include_in_schema=False)
async def verify_start(request: Request[Any, Any, Any], code: FromQuery[str] = "") -> Template | Redirect:
    """The form to type a code; ``?code=`` goes to its page."""
    if code.strip():
        stored = normalise_code(code)
        return Redirect(f"/v/{show_code(stored)}", status_code=303) if stored else _missing(request, code)
    return Template("base/verify_start.html", context={"user": request.user, "error": None, "typed": ""})


@get("/v/{code:str}", opt={"public": True}, include_in_schema=False)
async def verify_page(code: FromPath[str], request: Request[Any, Any, Any], register: NamedDependency[Register]) -> Template | Redirect:
    if (shown := _canonical(code)) is not None:
        return Redirect(f"/v/{shown}", status_code=301)
    try:
        doc = await by_code(register.session, code)
    except UnknownCode:
        return _missing(request, code)
    return _page(await document_view(register, doc), request)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to a check, in plain words."""

    same: bool
    text: str
    sha256: str
    other_code: str = ""


def verdict(found: Match, clock: Clock) -> Verdict:
    lang = CURRENT_LANGUAGE.get()
    if found.same:
        text = "Trùng khớp từng byte với bản Arena đã phát hành" if lang == "vi" else "Identical byte for byte to the copy Arena issued"
        return Verdict(True, text, found.sha256)
    other = found.matched
    if other is not None:
        when = clock.local(other.issued_at).strftime(SHOWN)
        state = (
            ("bản hiện hành" if other.superseded_by is None else "đã được thay thế")
            if lang == "vi"
            else ("current" if other.superseded_by is None else "superseded")
        )
        if lang == "vi":
            text = f"Trùng khớp từng byte với phiên bản {other.version} (mã {other.shown_code}, phát hành {when}, {state}) của giấy tờ này"
        else:
            text = f"Identical byte for byte to version {other.version} (code {other.shown_code}, issued {when}, {state}) of this document"
        return Verdict(True, text, found.sha256, other.shown_code)
    if lang == "vi":
        text = "KHÔNG trùng khớp với bản Arena đã phát hành: tệp này khác bản gốc (đã bị sửa, hoặc là giấy tờ khác)"
    else:
        text = "NOT identical to the copy Arena issued: this file differs from the original (changed, or another document)"
    return Verdict(False, text, found.sha256)


async def _read_upload(upload: UploadFile) -> bytes:
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise FileTooLarge(MAX_UPLOAD_MB)
    return data


@post("/v/{code:str}", opt={"public": True}, include_in_schema=False, request_max_body_size=MAX_UPLOAD + 1024 * 1024)
async def verify_copy(
    code: FromPath[str],
    request: Request[Any, Any, Any],
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    register: NamedDependency[Register],
) -> Template:
    """Compare an uploaded copy (``file``) or a pasted ``sha256`` with the issued bytes."""
    try:
        doc = await by_code(register.session, code)
    except UnknownCode:
        return _missing(request, code)
    view = await document_view(register, doc)
    upload = data.get("file") if isinstance(data.get("file"), UploadFile) else None
    pasted = str(data.get("sha256") or "").strip()
    try:
        _budget(request.app.state).spend(request.client.host if request.client else "", register.clock())
        content = await _read_upload(upload) if upload is not None and upload.filename else None
        if content is None and not pasted:
            raise NoFileOrHash()
        found = await match(register.session, doc.code, data=content, sha256=None if content is not None else pasted)
    except ArenaError as exc:
        return _page(view, request, error=exc.message(CURRENT_LANGUAGE.get()), status=exc.status)
    return _page(view, request, result=verdict(found, register.clock), filename=upload.filename if content is not None and upload else "")


@get("/v/{code:str}/pdf", opt={"public": True}, include_in_schema=False)
async def issued_pdf(code: FromPath[str], register: NamedDependency[Register]) -> Response[bytes]:
    """The issued bytes, exactly (a superseded version too: its page says so)."""
    doc = await by_code(register.session, code)
    body = register.store.get(doc)
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "content-disposition": f'inline; filename="arena-{doc.shown_code}.pdf"',
            "Cache-Control": "public, max-age=86400, immutable",
        },
    )


def _json(view: DocumentView, doc: IssuedDocument, clock: Clock) -> dict[str, Any]:
    return {
        "code": view.code,
        "kind": doc.kind,
        "kind_vi": known_kind(doc.kind).vi,
        "title": doc.title,
        "version": doc.version,
        "issued_at": doc.issued_at.isoformat(),
        "issued_at_local": view.issued_at,
        "issued_by": doc.issued_by,
        "signers": [{"name": s.name, "role": s.role, "at": s.at.isoformat()} for s in doc.signer_list()],
        "status": "current" if view.current else "superseded",
        "superseded_by": view.superseded_by or None,
        "supersede_reason": doc.supersede_reason or None,
        "superseded_at": doc.superseded_at.isoformat() if doc.superseded_at else None,
        "sha256": doc.sha256,
        "size": doc.size,
        "pdf": f"/v/{view.code}/pdf",
        "check": {"ok": view.check.ok, "text_vi": view.check.text_vi, "text_en": view.check.text_en} if view.check else None,
    }


@get("/api/v/{code:str}", opt={"public": True}, tags=["register"])
async def document_json(code: FromPath[str], register: NamedDependency[Register]) -> dict[str, Any]:
    """What the register says of a code (any way of typing it); 404 for a code not in the register."""
    doc = await by_code(register.session, code)
    return _json(await document_view(register, doc), doc, register.clock)


# No CSRF: public, changes nothing, and scripts post the raw PDF without a cookie.
@post(
    "/api/v/{code:str}/match",
    opt={"public": True, "exclude_from_csrf": True},
    tags=["register"],
    status_code=200,
    request_max_body_size=MAX_UPLOAD,
)
async def match_json(
    code: FromPath[str], request: Request[Any, Any, Any], register: NamedDependency[Register], sha256: FromQuery[str] = ""
) -> dict[str, Any]:
    """Compare the raw body (a PDF) or ``?sha256=`` with the issued bytes of ``code``."""
    _budget(request.app.state).spend(request.client.host if request.client else "", register.clock())
    body = await request.body()
    if not body and not sha256:
        raise NoFileOrHash()
    found = await match(register.session, code, data=body or None, sha256=sha256 if not body else None)
    answer = verdict(found, register.clock)
    return {
        "code": found.document.shown_code,
        "match": found.same,
        "matches_version": found.matched.shown_code if found.matched is not None else None,
        "sha256": found.sha256,
        "message": answer.text,
    }


verify_router = Router(
    path="/",
    route_handlers=[verify_start, verify_page, verify_copy, issued_pdf, document_json, match_json],
)
