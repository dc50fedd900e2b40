"""Accept a PDF that a party signed with their own tool and certificate, then uploaded.

Rule: accepted only if the upload is the document we sent plus appended bytes (an incremental
update), holds exactly one new signature, in the expected field, by the expected person, that
validates and is trusted, and every earlier signature still validates with no forbidden change.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader

from contracts.errors import ExternalSignatureRejected, UnreadablePdf
from contracts.signing import check_turn
from contracts.verify import SignatureInfo, TrustSettings, verify_pdf


@dataclass(frozen=True, slots=True)
class ExpectedSigner:
    """Who must have signed: a known certificate fingerprint, or a national ID in the subject."""

    national_id: str | None = None
    cert_sha256: str | None = None

    def matches(self, sig: SignatureInfo) -> bool:
        if self.cert_sha256 is not None and sig.cert_sha256.lower() == self.cert_sha256.lower():
            return True
        if self.national_id:
            # Vietnamese CAs write e.g. "CCCD:001308012345" or "CMND:..." in serialNumber or UID.
            return any(v.split(":")[-1].strip() == self.national_id for v in sig.subject_ids)
        return False


def _signature_count(pdf: bytes) -> int:
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    return sum(1 for s in reader.embedded_signatures if s.sig_object_type != "/DocTimeStamp")


def accept_external(before: bytes, after: bytes, *, field_name: str, expected: ExpectedSigner, trust: TrustSettings) -> SignatureInfo:
    """The new signature's report; raises ExternalSignatureRejected(reason) on any failed check.

    Order errors (WrongSigningOrder, FieldAlreadySigned) are raised before looking at ``after``.
    """
    check_turn(before, field_name)
    if len(after) <= len(before) or not after.startswith(before):
        raise ExternalSignatureRejected("not an incremental update of the document that was sent")
    try:
        report = verify_pdf(after, trust)
    except UnreadablePdf as exc:
        raise ExternalSignatureRejected(f"the upload is not a readable PDF ({exc.detail})") from exc
    if report.problems:
        raise ExternalSignatureRejected(f"a signature cannot be read: {report.problems[0]}")
    if len(report.signatures) != _signature_count(before) + 1:
        raise ExternalSignatureRejected("expected exactly one new signature")
    new = report.signatures[-1]
    if new.field_name != field_name:
        raise ExternalSignatureRejected(f"signed field {new.field_name!r}, expected {field_name!r}")
    if not report.intact:
        broken = next(s.field_name for s in report.signatures if not (s.intact and s.valid) or s.modified_after)
        raise ExternalSignatureRejected(f"signature {broken!r} does not validate or the content was changed")
    if not new.trusted:
        raise ExternalSignatureRejected("the signer's certificate is not trusted or is revoked")
    if not expected.matches(new):
        raise ExternalSignatureRejected(f"signed by {new.signer_name}, not by the expected party")
    return new
