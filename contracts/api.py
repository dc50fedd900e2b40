"""HTTP API of contracts: drafts, sending, signing (PIN or uploaded file), keys, public verification
and the CA's published certificate and CRLs. Thin: parse, authorise, call the service, shape."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from base.accounts.models import Role, User
from base.auth import requires_login, requires_role
from base.errors import Forbidden
from base.rows import storable_id
from base.settings import Settings
from contracts.deps import provide_contracts
from contracts.documents import TEMPLATE_IDS
from contracts.errors import CaError, ContractNotFound, FieldError, UnreadablePdf
from contracts.keyring import Keyring
from contracts.runtime import runtime_for
from contracts.schemas import Contract, ContractCancel, ContractCreate, ContractPrefill, Key, KeyEnrol, SignRequest, Verification
from contracts.service import ContractService

MAX_PDF = 20 * 1024 * 1024


def _contract_id(contract_id: int) -> int:
    """A path's contract id; one no row can have (beyond 64 bits) is not found, never a database error."""
    if not storable_id(contract_id):
        raise ContractNotFound(contract_id)
    return contract_id


class UnknownTemplate(FieldError):
    """A request names a template arena does not ship: the caller's mistake (400), not a malformed
    template file (TemplateError, 500). Declared here, beside the one check that raises it."""

    code, status, fields = "contracts.unknown_template", 400, ("template_id", "known")
    vi = "Trường “template_id” không hợp lệ: không có mẫu hợp đồng “{template_id}” (các mẫu có: {known})"
    en = "Field “template_id” is invalid: there is no contract template “{template_id}” (templates: {known})"


def _template_id(template_id: str) -> str:
    if template_id not in TEMPLATE_IDS:
        raise UnknownTemplate(template_id[:64], ", ".join(TEMPLATE_IDS))
    return template_id


class ContractController(Controller):
    path = "/api/contracts"
    guards = [requires_login()]

    @get("/")
    async def list_mine(self, request: Request[User, Any, Any], contracts: NamedDependency[ContractService]) -> list[Contract]:
        rows = await contracts.list_for(request.user)
        return [Contract.of(await contracts.view(request.user, c.id)) for c in rows if c.id is not None]

    @post("/", guards=[requires_role(Role.MANAGER)])
    async def create(
        self, request: Request[User, Any, Any], data: JSONBody[ContractCreate], contracts: NamedDependency[ContractService]
    ) -> Contract:
        view = await contracts.create(request.user, _template_id(data.template_id), data.fields, data.parties, data.national_ids)
        return Contract.of(view)

    @post("/prefill", guards=[requires_role(Role.MANAGER)])
    async def prefill(
        self, request: Request[User, Any, Any], data: JSONBody[ContractPrefill], contracts: NamedDependency[ContractService]
    ) -> dict[str, Any]:
        """Field values from the athlete/coach records and the rate tables, to review and complete."""
        return await contracts.prefill(
            request.user, _template_id(data.template_id), athlete_id=data.athlete_id, coach_id=data.coach_id, period_start=data.period_start
        )

    @get("/{contract_id:int}")
    async def detail(
        self, request: Request[User, Any, Any], contract_id: FromPath[int], contracts: NamedDependency[ContractService]
    ) -> Contract:
        return Contract.of(await contracts.view(request.user, _contract_id(contract_id)))

    @get("/{contract_id:int}/pdf")
    async def pdf(
        self, request: Request[User, Any, Any], contract_id: FromPath[int], contracts: NamedDependency[ContractService]
    ) -> Response[bytes]:
        data = await contracts.pdf(request.user, _contract_id(contract_id))
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="hop-dong-{contract_id}.pdf"'}
        )

    @post("/{contract_id:int}/send", guards=[requires_role(Role.MANAGER)])
    async def send(
        self, request: Request[User, Any, Any], contract_id: FromPath[int], contracts: NamedDependency[ContractService]
    ) -> Contract:
        return Contract.of(await contracts.send(request.user, _contract_id(contract_id)))

    @post("/{contract_id:int}/cancel", guards=[requires_role(Role.MANAGER)])
    async def cancel(
        self,
        request: Request[User, Any, Any],
        contract_id: FromPath[int],
        data: JSONBody[ContractCancel],
        contracts: NamedDependency[ContractService],
    ) -> Contract:
        return Contract.of(await contracts.cancel(request.user, _contract_id(contract_id), data.reason))

    @post("/{contract_id:int}/sign")
    async def sign(
        self,
        request: Request[User, Any, Any],
        contract_id: FromPath[int],
        data: JSONBody[SignRequest],
        contracts: NamedDependency[ContractService],
    ) -> Contract:
        return Contract.of(await contracts.sign(request.user, _contract_id(contract_id), data.pin))

    @post("/{contract_id:int}/upload", request_max_body_size=MAX_PDF)
    async def upload(
        self, request: Request[User, Any, Any], contract_id: FromPath[int], contracts: NamedDependency[ContractService]
    ) -> Contract:
        """Body: the PDF (``Content-Type: application/pdf``) signed with the party's own tool."""
        return Contract.of(await contracts.upload_signed(request.user, _contract_id(contract_id), await request.body()))


class KeyController(Controller):
    path = "/api/contracts/keys"
    guards = [requires_login()]

    @post("/")
    async def enrol(self, request: Request[User, Any, Any], data: JSONBody[KeyEnrol], contracts: NamedDependency[ContractService]) -> Key:
        """Issue the caller a certificate; the private key is sealed with the PIN chosen here."""
        return Key.of(await contracts.keys.enrol(request.user, data.pin, data.national_id))

    @get("/me")
    async def mine(self, request: Request[User, Any, Any], contracts: NamedDependency[ContractService]) -> Key | None:
        key = await contracts.keys.latest_key(request.user)
        return Key.of(key) if key else None

    @post("/{key_id:int}/revoke")
    async def revoke(self, request: Request[User, Any, Any], key_id: FromPath[int], contracts: NamedDependency[ContractService]) -> Key:
        keyring: Keyring = contracts.keys
        if not storable_id(key_id):
            raise Forbidden("not your key")  # as for another user's key: no key has this id
        return Key.of(await keyring.revoke(request.user, key_id))


# No CSRF: public, changes nothing, and scripts post raw PDFs without a cookie.
@post("/api/contracts/verify", opt={"public": True, "exclude_from_csrf": True}, request_max_body_size=MAX_PDF)
async def verify_upload(request: Request[Any, Any, Any], contracts: NamedDependency[ContractService]) -> Verification:
    """Anyone: the body is a PDF; the answer lists every signature and whether it holds."""
    body = await request.body()
    if not body:
        raise UnreadablePdf("empty body")
    return Verification.of(await contracts.verify(body))


@get("/contracts/ca/{name:str}", opt={"public": True})
async def ca_file(name: FromPath[str], settings: NamedDependency[Settings]) -> Response[bytes]:
    """The CA's published files: root.crt, issuing.crt (PEM), root.crl, issuing.crl (DER)."""
    media = {
        "root.crt": "application/x-pem-file",
        "issuing.crt": "application/x-pem-file",
        "root.crl": "application/pkix-crl",
        "issuing.crl": "application/pkix-crl",
    }
    if name not in media:
        return Response(b"not found", status_code=404, media_type="text/plain")
    path = runtime_for(settings).data_dir / "ca" / name
    if not path.exists():
        raise CaError("run `arena contracts init-ca`")
    return Response(path.read_bytes(), media_type=media[name])


contracts_router = Router(
    path="/",
    route_handlers=[ContractController, KeyController, verify_upload, ca_file],
    dependencies={"contracts": Provide(provide_contracts, sync_to_thread=False)},
    tags=["contracts"],
)
