"""The register of issued documents: every paper Arena prints carries, on every page, a short code
and a QR code of its public page ``/v/<code>``, which says what the document is, who issued and
signed it, whether it was superseded, and whether a copy is byte for byte the issued one
(docs/verification.md).

Rule 1: a code is reserved before the document is drawn (it is printed on every page); a row whose
bytes are not recorded yet is not issued, and the public pages do not know it.
Rule 2: a new version of a subject supersedes the current one, with a reason; both stay.
Rule 3: asking again for a document whose content did not change (the domain's ``content`` digest)
issues nothing new: the stored bytes are served again.
Rule 4: the issued bytes are kept (``DocumentStore``), so the page hands out the very same file.

A domain declares its kinds (``document_kind``), issues through ``Register.issue`` (or ``issue``)
with a render function that draws ``Register.stamp(code)`` on every page, and may register a
checker for a kind (``register_checker``) at app assembly.
"""

from base.register.codes import normalise_code, show_code, verification_url
from base.register.errors import RegisterError, UnknownCode
from base.register.kinds import Check, Checker, DocumentKind, Signer, checker_for, document_kind, known_kind, register_checker
from base.register.models import IssuedDocument
from base.register.service import (
    Issued,
    Match,
    Register,
    by_code,
    content_digest,
    issue,
    latest,
    match,
    record,
    reserve,
    revise,
    supersede,
    versions,
)
from base.register.stamp import STAMP_ROOM, PageCallback, draw_verification_stamp, verification_stamp
from base.register.store import DocumentStore

__all__ = [
    "STAMP_ROOM",
    "Check",
    "Checker",
    "DocumentKind",
    "DocumentStore",
    "IssuedDocument",
    "Issued",
    "Match",
    "PageCallback",
    "Register",
    "RegisterError",
    "Signer",
    "UnknownCode",
    "by_code",
    "checker_for",
    "content_digest",
    "document_kind",
    "draw_verification_stamp",
    "issue",
    "known_kind",
    "latest",
    "match",
    "normalise_code",
    "record",
    "register_checker",
    "reserve",
    "revise",
    "show_code",
    "supersede",
    "verification_stamp",
    "verification_url",
    "versions",
]
