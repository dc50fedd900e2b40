"""Errors of the contracts domain: one root, typed fields, a stable ``code`` each.

ContractError
├── TemplateError            a template file is malformed (our bug or a bad deployment)
├── FieldError               a field value is missing or has the wrong type
├── IllegalTransition        a workflow event that the current state does not allow
├── SigningError
│   ├── WrongSigningOrder    an earlier party has not signed yet
│   ├── FieldAlreadySigned   the party's field holds a signature already
│   ├── UnknownSignatureField
│   ├── WrongPin             the PIN does not unlock the signer's key
│   ├── CertificateRevoked   the signer's certificate was revoked by the department CA
│   └── ExternalSignatureRejected  an uploaded, externally signed PDF fails an acceptance check
├── CaError                  the CA directory is missing, or exists when it should not
├── NotAParty                the user is not a party of the contract (or not the expected one)
└── UnreadablePdf            the file cannot be parsed as a PDF at all
"""

from __future__ import annotations


class ContractError(Exception):
    code = "contracts.error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TemplateError(ContractError):
    code = "contracts.template_invalid"


class FieldError(ContractError):
    code = "contracts.field_invalid"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"field {field!r}: {problem}")
        self.field = field
        self.problem = problem


class IllegalTransition(ContractError):
    code = "contracts.illegal_transition"

    def __init__(self, state: str, event: str) -> None:
        super().__init__(f"event {event!r} is not allowed in state {state!r}")
        self.state = state
        self.event = event


class SigningError(ContractError):
    code = "contracts.signing_failed"


class WrongSigningOrder(SigningError):
    code = "contracts.wrong_signing_order"

    def __init__(self, field: str, waiting_for: str) -> None:
        super().__init__(f"field {field!r} cannot be signed before {waiting_for!r}")
        self.field = field
        self.waiting_for = waiting_for


class FieldAlreadySigned(SigningError):
    code = "contracts.field_already_signed"

    def __init__(self, field: str) -> None:
        super().__init__(f"field {field!r} is already signed")
        self.field = field


class UnknownSignatureField(SigningError):
    code = "contracts.unknown_signature_field"

    def __init__(self, field: str) -> None:
        super().__init__(f"the document has no signature field {field!r}")
        self.field = field


class WrongPin(SigningError):
    code = "contracts.wrong_pin"

    def __init__(self) -> None:
        super().__init__("the signing PIN does not unlock this key")


class CertificateRevoked(SigningError):
    code = "contracts.certificate_revoked"

    def __init__(self, serial: int) -> None:
        super().__init__(f"certificate {serial:x} is revoked")
        self.serial = serial


class ExternalSignatureRejected(SigningError):
    code = "contracts.external_signature_rejected"

    def __init__(self, reason: str) -> None:
        super().__init__(f"uploaded PDF rejected: {reason}")
        self.reason = reason


class CaError(ContractError):
    code = "contracts.ca_error"


class NotAParty(ContractError):
    code = "contracts.not_a_party"


class UnreadablePdf(ContractError):
    code = "contracts.unreadable_pdf"
