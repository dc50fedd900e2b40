"""Pages of contracts: my contracts, the phone signing page (the PDF first, then the PIN), key
enrolment, and the public verification page where anyone uploads a PDF."""

from __future__ import annotations

import hashlib
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from litestar import Request, Response, Router, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Template
from pyhanko.pdf_utils.reader import PdfFileReader

from base.accounts.models import User
from base.auth import requires_login
from base.i18n import CURRENT_LANGUAGE
from contracts.deps import provide_contracts
from contracts.errors import ContractError, UnreadablePdf
from contracts.layout import NATIONAL_MOTTO
from contracts.schemas import Contract, Verification
from contracts.service import ContractService

PAGE_DPI = 110  # an A4 page 910 px wide: readable on a phone, zoomable


def _page_count(pdf: bytes) -> int:
    return int(PdfFileReader(BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


def _render_page_png(pdf: bytes, sha: str, page: int, cache: Path) -> bytes:
    """One page as PNG with poppler's pdftoppm, cached by document hash and page number."""
    target = cache / f"{sha}-{page}.png"
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        src = cache / f"{sha}.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-singlefile",
                "-r",
                str(PAGE_DPI),
                "-f",
                str(page),
                "-l",
                str(page),
                str(src),
                str(target.with_suffix("")),
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
    return target.read_bytes()


@get("/contracts", guards=[requires_login()])
async def my_contracts(request: Request[User, Any, Any], contracts: NamedDependency[ContractService]) -> Template:
    rows = await contracts.list_for(request.user)
    views = [Contract.of(await contracts.view(request.user, c.id)) for c in rows if c.id is not None]
    return Template("contracts/list.html", context={"user": request.user, "contracts": views})


@get("/contracts/{contract_id:int}", guards=[requires_login()])
async def sign_page(request: Request[User, Any, Any], contract_id: FromPath[int], contracts: NamedDependency[ContractService]) -> Template:
    view = await contracts.view(request.user, contract_id)
    pdf = await contracts.pdf(request.user, contract_id)
    text = await contracts.text(request.user, contract_id)
    shown = Contract.of(view)
    mine = next((p for p in view.parties if p.user_id == request.user.id and p.signed_at is None), None)
    my_turn = mine is not None and shown.next_field == mine.field_name
    key = await contracts.keys.latest_key(request.user)
    return Template(
        "contracts/sign.html",
        context={
            "user": request.user,
            "contract": shown,
            "text": text,
            "motto": NATIONAL_MOTTO,
            "local": contracts.clock.local,  # signing times in the venue's zone
            "pages": range(1, _page_count(pdf) + 1),
            "my_turn": my_turn,
            "has_key": key is not None,
        },
    )


@get("/contracts/{contract_id:int}/page/{page:int}", guards=[requires_login()], media_type="image/png")
async def page_image(
    request: Request[User, Any, Any], contract_id: FromPath[int], page: FromPath[int], contracts: NamedDependency[ContractService]
) -> Response[bytes]:
    pdf = await contracts.pdf(request.user, contract_id)
    if not 1 <= page <= _page_count(pdf):
        return Response(b"", status_code=404)
    sha = hashlib.sha256(pdf).hexdigest()
    cache = contracts.runtime.data_dir / "cache" / "contract-pages"
    png = await anyio.to_thread.run_sync(lambda: _render_page_png(pdf, sha, page, cache))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@get("/contracts/keys", guards=[requires_login()])
async def keys_page(request: Request[User, Any, Any], contracts: NamedDependency[ContractService]) -> Template:
    key = await contracts.keys.latest_key(request.user)
    return Template("contracts/keys.html", context={"user": request.user, "key": key, "local": contracts.clock.local})


@get("/contracts/verify", opt={"public": True})
async def verify_page(request: Request[Any, Any, Any]) -> Template:
    return Template("contracts/verify.html", context={"user": request.user, "report": None, "error": None})


@post("/contracts/verify", opt={"public": True}, request_max_body_size=20 * 1024 * 1024)
async def verify_submit(
    request: Request[Any, Any, Any],
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    contracts: NamedDependency[ContractService],
) -> Template:
    upload = data.get("file") if isinstance(data.get("file"), UploadFile) else None
    report, error = None, None
    try:
        if upload is None:
            raise UnreadablePdf("no file")
        report = Verification.of(await contracts.verify(await upload.read()))
    except ContractError as exc:
        error = exc.message(CURRENT_LANGUAGE.get())
    return Template(
        "contracts/verify.html",
        context={
            "user": request.user,
            "report": report,
            "error": error,
            "filename": upload.filename if upload else "",
            "local": contracts.clock.local,  # signing times in the venue's zone
        },
        status_code=200 if error is None else 400,
    )


contracts_pages = Router(
    path="/",
    route_handlers=[my_contracts, sign_page, page_image, keys_page, verify_page, verify_submit],
    dependencies={"contracts": Provide(provide_contracts, sync_to_thread=False)},
    include_in_schema=False,
)
