"""Errors of the contracts domain: one root under the base's ArenaError, a stable ``code`` each.

ContractError (arena.errors.ArenaError)
├── TemplateError            500  a template file is malformed (our bug or a bad deployment)
├── FieldError               400  a field value is missing or has the wrong type
├── IllegalTransition        409  a workflow event that the current state does not allow
├── SigningError             409
│   ├── WrongSigningOrder    409  an earlier party has not signed yet
│   ├── FieldAlreadySigned   409  the party's field holds a signature already
│   ├── UnknownSignatureField 400
│   ├── WrongPin             403  the PIN does not unlock the signer's key
│   ├── PinLocked            429  too many wrong PINs: signing is locked for a while
│   ├── NoSigningKey         409  the user has no certificate from the department CA yet
│   ├── CertificateRevoked   403  the signer's certificate was revoked
│   └── ExternalSignatureRejected 422  an uploaded, externally signed PDF fails a check
├── CaError                  503  the CA directory is missing, or exists when it should not
├── ContractNotFound         404  no such contract (or not one the caller may see)
├── NotAParty                403  the user is not the party whose turn it is
└── UnreadablePdf            400  the file cannot be parsed as a PDF at all
"""

from __future__ import annotations

from typing import Any

from base.errors import ArenaError


class ContractError(ArenaError):
    code = "contracts.error"
    status = 400
    vi = "Lỗi hợp đồng: {detail}"
    en = "Contract error: {detail}"

    def __init__(self, detail: str = "", **fields: Any) -> None:
        super().__init__(detail, **fields)


class TemplateError(ContractError):
    code = "contracts.template_invalid"
    status = 500
    vi = "Mẫu hợp đồng không hợp lệ: {detail}"
    en = "Invalid contract template: {detail}"


class FieldError(ContractError):
    code = "contracts.field_invalid"
    vi = "Trường “{field}” không hợp lệ: {problem}"
    en = "Field “{field}” is invalid: {problem}"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"field {field!r}: {problem}", field=field, problem=problem)
        self.field, self.problem = field, problem


class IllegalTransition(ContractError):
    code = "contracts.illegal_transition"
    status = 409
    vi = "Không thể “{event}” khi hợp đồng đang ở trạng thái “{state}”"
    en = "Cannot “{event}” while the contract is “{state}”"

    def __init__(self, state: str, event: str) -> None:
        super().__init__(f"event {event!r} is not allowed in state {state!r}", state=state, event=event)
        self.state, self.event = state, event


class SigningError(ContractError):
    code = "contracts.signing_failed"
    status = 409
    vi = "Không ký được: {detail}"
    en = "Signing failed: {detail}"


class WrongSigningOrder(SigningError):
    code = "contracts.wrong_signing_order"
    vi = "Chưa đến lượt ký ô “{field}”: đang chờ “{waiting_for}”"
    en = "Field “{field}” cannot be signed yet: waiting for “{waiting_for}”"

    def __init__(self, field: str, waiting_for: str) -> None:
        super().__init__(f"field {field!r} cannot be signed before {waiting_for!r}", field=field, waiting_for=waiting_for)
        self.field, self.waiting_for = field, waiting_for


class FieldAlreadySigned(SigningError):
    code = "contracts.field_already_signed"
    vi = "Ô “{field}” đã được ký"
    en = "Field “{field}” is already signed"

    def __init__(self, field: str) -> None:
        super().__init__(f"field {field!r} is already signed", field=field)
        self.field = field


class UnknownSignatureField(SigningError):
    code = "contracts.unknown_signature_field"
    status = 400
    vi = "Văn bản không có ô chữ ký “{field}”"
    en = "The document has no signature field “{field}”"

    def __init__(self, field: str) -> None:
        super().__init__(f"the document has no signature field {field!r}", field=field)
        self.field = field


class WrongPin(SigningError):
    code = "contracts.wrong_pin"
    status = 403
    vi = "Mã PIN ký số không đúng"
    en = "Wrong signing PIN"

    def __init__(self) -> None:
        super().__init__("the signing PIN does not unlock this key")


class PinLocked(SigningError):
    code = "contracts.pin_locked"
    status = 429
    vi = "Nhập sai PIN quá nhiều lần; thử lại sau {until}"
    en = "Too many wrong PINs; try again after {until}"

    def __init__(self, until: str) -> None:
        super().__init__(f"signing locked until {until}", until=until)


class NoSigningKey(SigningError):
    code = "contracts.no_signing_key"
    vi = "Bạn chưa có chứng thư số: hãy tạo chữ ký số trước"
    en = "You have no signing certificate yet: enrol first"


class CertificateRevoked(SigningError):
    code = "contracts.certificate_revoked"
    status = 403
    vi = "Chứng thư số {serial} đã bị thu hồi"
    en = "Certificate {serial} is revoked"

    def __init__(self, serial: int) -> None:
        super().__init__(f"certificate {serial:x} is revoked", serial=f"{serial:x}")
        self.serial = serial


class ExternalSignatureRejected(SigningError):
    code = "contracts.external_signature_rejected"
    status = 422
    vi = "Tệp đã ký không được chấp nhận: {reason}"
    en = "Signed file rejected: {reason}"

    def __init__(self, reason: str) -> None:
        super().__init__(f"uploaded PDF rejected: {reason}", reason=reason)
        self.reason = reason


class CaError(ContractError):
    code = "contracts.ca_error"
    status = 503
    vi = "Cơ quan chứng thực của Sở chưa sẵn sàng: {detail}"
    en = "The department CA is not ready: {detail}"


class ContractNotFound(ContractError):
    code = "contracts.not_found"
    status = 404
    vi = "Không tìm thấy hợp đồng {contract_id}"
    en = "Contract {contract_id} not found"

    def __init__(self, contract_id: int) -> None:
        super().__init__(f"contract {contract_id} not found", contract_id=contract_id)


class NotAParty(ContractError):
    code = "contracts.not_a_party"
    status = 403
    vi = "Bạn không phải bên ký hợp đồng này hoặc chưa đến lượt bạn"
    en = "You are not a signing party of this contract, or it is not your turn"


class UnreadablePdf(ContractError):
    code = "contracts.unreadable_pdf"
    vi = "Không đọc được tệp PDF: {detail}"
    en = "Cannot read the PDF file: {detail}"
