"""Errors of the contracts domain: one root under the base's ArenaError, a stable ``code`` each.

ContractError (base.errors.ArenaError)
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
│   ├── CertificateExpired   409  the signer's certificate has expired (by the app's clock)
│   ├── CertificateNotValid  409  the signing-time validation of a certificate failed
│   ├── ExternalSignatureRejected 422  an uploaded, externally signed PDF fails a check
│   └── NotTheNamedParty     403  the certificate is not the named party's (another person's CCCD)
├── IdentityError            409  enrolment refused: the certificate could not be bound to a person
│   ├── NoPersonRecord       409  the account is not tied to a person record
│   ├── NoNationalId         409  the person record has no CCCD
│   └── NationalIdMismatch   422  the CCCD typed at enrolment is not the record's
├── CaError                  503  the CA directory is missing, or exists when it should not
├── ContractNotFound         404  no such contract (or not one the caller may see)
├── NotAParty                403  the user is not the party whose turn it is
└── UnreadablePdf            400  the file cannot be parsed as a PDF at all
"""

from __future__ import annotations

from base.errors import ArenaError


class ContractError(ArenaError):
    code, status = "contracts.error", 400
    vi = "Lỗi hợp đồng: {detail}"
    en = "Contract error: {detail}"


class TemplateError(ContractError):
    code, status = "contracts.template_invalid", 500
    vi = "Mẫu hợp đồng không hợp lệ: {detail}"
    en = "Invalid contract template: {detail}"


class FieldError(ContractError):
    code, status, fields = "contracts.field_invalid", 400, ("field", "problem")
    vi = "Trường “{field}” không hợp lệ: {problem}"
    en = "Field “{field}” is invalid: {problem}"


class IllegalTransition(ContractError):
    code, status, fields = "contracts.illegal_transition", 409, ("state", "event")
    vi = "Không thể “{event}” khi hợp đồng đang ở trạng thái “{state}”"
    en = "Cannot “{event}” while the contract is “{state}”"


class SigningError(ContractError):
    code, status = "contracts.signing_failed", 409
    vi = "Không ký được: {detail}"
    en = "Signing failed: {detail}"


class WrongSigningOrder(SigningError):
    code, status, fields = "contracts.wrong_signing_order", 409, ("field", "waiting_for")
    vi = "Chưa đến lượt ký ô “{field}”: đang chờ “{waiting_for}”"
    en = "Field “{field}” cannot be signed yet: waiting for “{waiting_for}”"


class FieldAlreadySigned(SigningError):
    code, status, fields = "contracts.field_already_signed", 409, ("field",)
    vi = "Ô “{field}” đã được ký"
    en = "Field “{field}” is already signed"


class UnknownSignatureField(SigningError):
    code, status, fields = "contracts.unknown_signature_field", 400, ("field",)
    vi = "Văn bản không có ô chữ ký “{field}”"
    en = "The document has no signature field “{field}”"


class WrongPin(SigningError):
    code, status = "contracts.wrong_pin", 403
    vi = "Mã PIN ký số không đúng"
    en = "Wrong signing PIN"


class PinLocked(SigningError):
    code, status, fields = "contracts.pin_locked", 429, ("until",)
    vi = "Nhập sai PIN quá nhiều lần; thử lại sau {until}"
    en = "Too many wrong PINs; try again after {until}"


class NoSigningKey(SigningError):
    code, status = "contracts.no_signing_key", 409
    vi = "Bạn chưa có chứng thư số: hãy tạo chữ ký số trước"
    en = "You have no signing certificate yet: enrol first"


class CertificateRevoked(SigningError):
    """``serial`` is the certificate's serial number, shown in hex as everywhere else."""

    code, status, fields = "contracts.certificate_revoked", 403, ("serial",)
    vi = "Chứng thư số {serial} đã bị thu hồi"
    en = "Certificate {serial} is revoked"

    def __init__(self, serial: int) -> None:
        super().__init__(f"{serial:x}")


class CertificateExpired(SigningError):
    """The signer's certificate ended before the moment of signing (the app's clock). ``serial``
    in hex as everywhere else; ``until`` is the end of its validity, in the venue's zone."""

    code, status, fields = "contracts.certificate_expired", 409, ("serial", "until")
    vi = "Chứng thư số {serial} đã hết hạn lúc {until}: hãy tạo chữ ký số mới"
    en = "Certificate {serial} expired at {until}: enrol again"

    def __init__(self, serial: int, until: str) -> None:
        super().__init__(f"{serial:x}", until)


class CertificateNotValid(SigningError):
    code, status, fields = "contracts.certificate_not_valid", 409, ("reason",)
    vi = "Chứng thư số không hợp lệ tại thời điểm ký: {reason}"
    en = "The certificate is not valid at the time of signing: {reason}"


class ExternalSignatureRejected(SigningError):
    code, status, fields = "contracts.external_signature_rejected", 422, ("reason",)
    vi = "Tệp đã ký không được chấp nhận: {reason}"
    en = "Signed file rejected: {reason}"


class NotTheNamedParty(SigningError):
    """The signer's certificate names another person than the party's account's person record."""

    code, status, fields = "contracts.not_the_named_party", 403, ("signer", "party")
    vi = "Chứng thư số của {signer} không phải của người ký có tên trên hợp đồng ({party}): không được ký thay"
    en = "The certificate of {signer} is not the named party's ({party}): nobody may sign for another person"


class IdentityError(ContractError):
    code, status = "contracts.identity_error", 409
    vi = "Không cấp được chứng thư số: {detail}"
    en = "Cannot issue a certificate: {detail}"


class NoPersonRecord(IdentityError):
    code, status = "contracts.no_person_record", 409
    vi = "Tài khoản của bạn chưa gắn với hồ sơ cá nhân: hãy nhờ quản trị viên gắn hồ sơ trước khi tạo chữ ký số"
    en = "Your account is not tied to a person record: ask an administrator to link it before enrolling"


class NoNationalId(IdentityError):
    code, status = "contracts.no_national_id", 409
    vi = "Hồ sơ cá nhân của bạn chưa có số căn cước công dân (CCCD): hãy nhờ quản lý bổ sung trước khi tạo chữ ký số"
    en = "Your person record has no national ID (CCCD): ask a manager to add it before enrolling"


class NationalIdMismatch(IdentityError):
    code, status = "contracts.national_id_mismatch", 422
    vi = "Số CCCD vừa nhập không khớp với hồ sơ cá nhân của bạn"
    en = "The national ID (CCCD) you typed does not match your person record"


class CaError(ContractError):
    code, status = "contracts.ca_error", 503
    vi = "Cơ quan chứng thực của Sở chưa sẵn sàng: {detail}"
    en = "The department CA is not ready: {detail}"


class ContractNotFound(ContractError):
    code, status, fields = "contracts.not_found", 404, ("contract_id",)
    vi = "Không tìm thấy hợp đồng {contract_id}"
    en = "Contract {contract_id} not found"


class NotAParty(ContractError):
    code, status = "contracts.not_a_party", 403
    vi = "Bạn không phải bên ký hợp đồng này hoặc chưa đến lượt bạn"
    en = "You are not a signing party of this contract, or it is not your turn"


class UnreadablePdf(ContractError):
    code, status = "contracts.unreadable_pdf", 400
    vi = "Không đọc được tệp PDF: {detail}"
    en = "Cannot read the PDF file: {detail}"
