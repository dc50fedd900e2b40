"""Verify every signature of any PDF with pyhanko's validator; a negative answer is a value.

``verify_pdf(data, trust)`` returns a frozen ``VerificationReport`` and raises ``UnreadablePdf``
only when the bytes cannot be parsed. Revocation data comes from the file's DSS (B-LT) plus any
CRLs the caller adds (our CA's current CRLs, so a later revocation shows).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import NonexistentAttributeError
from pyhanko.sign.validation import EmbeddedPdfSignature, async_validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from contracts.errors import UnreadablePdf

_ALLOWED_AFTER = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """What a verifier trusts: roots (our CA, licensed CAs), extra certs and CRLs to consult."""

    roots: tuple[asn1_x509.Certificate, ...]
    other_certs: tuple[asn1_x509.Certificate, ...] = ()
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    revocation_mode: str = "soft-fail"  # "hard-fail": missing revocation data makes it untrusted
    moment: datetime | None = None  # validate at this time (the app's clock); None: the system's now


@dataclass(frozen=True, slots=True)
class SignatureInfo:
    field_name: str
    signer_name: str
    signer_subject: str
    serial_hex: str
    cert_sha256: str  # fingerprint of the signer's certificate
    subject_ids: tuple[str, ...]  # serialNumber / UID values, e.g. "CCCD:001308012345"
    claimed_time: datetime | None  # the signer's own clock (not proof)
    timestamp_time: datetime | None  # RFC 3161 token time, when present
    chain: tuple[str, ...]  # subjects, signer first
    certification: bool
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks
    trusted: bool  # the chain reaches a trusted root and is not revoked
    revoked: bool
    revoked_at: datetime | None
    modified_after: bool  # content changed after signing beyond what the rules allow
    changes_after: str  # "none", "signatures/form filling", "validation data", "other"
    summary: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.modified_after


@dataclass(frozen=True, slots=True)
class VerificationReport:
    signatures: tuple[SignatureInfo, ...]
    document_timestamps: int = 0
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def intact(self) -> bool:
        return bool(self.signatures) and all(s.intact and s.valid and not s.modified_after for s in self.signatures)

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted for s in self.signatures)

    @property
    def bottom_line(self) -> bool:
        return self.intact and self.trusted


def _dss_material(
    reader: PdfFileReader,
) -> tuple[list[asn1_x509.Certificate], list[asn1_crl.CertificateList], list[asn1_ocsp.OCSPResponse]]:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return [], [], []
    crls = [asn1_crl.CertificateList.load(c.get_object().read_data(DecodePurpose.CRL)) for c in dss.crls]
    ocsps = [asn1_ocsp.OCSPResponse.load(o.get_object().read_data(DecodePurpose.OCSP_RESPONSE)) for o in dss.ocsps]
    return list(dss.load_certs()), crls, ocsps


def _name(cert: asn1_x509.Certificate) -> str:
    cn = cert.subject.native.get("common_name")
    return cn if isinstance(cn, str) else cert.subject.human_friendly


def _ids(cert: asn1_x509.Certificate) -> tuple[str, ...]:
    wanted = {"serial_number", "user_id", "2.5.4.5", "0.9.2342.19200300.100.1.1"}
    return tuple(
        str(attr["value"].native)
        for rdn in cert.subject.chosen
        for attr in rdn
        if attr["type"].native in wanted or attr["type"].dotted in wanted
    )


def _changes(status: PdfSignatureStatus) -> tuple[str, bool]:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "none", False
    level = status.modification_level
    labels: dict[ModificationLevel | None, str] = {
        ModificationLevel.LTA_UPDATES: "validation data",
        ModificationLevel.FORM_FILLING: "signatures/form filling",
    }
    text = labels.get(level, "other")
    return text, level not in _ALLOWED_AFTER or status.docmdp_ok is False


def _info(sig: EmbeddedPdfSignature, status: PdfSignatureStatus) -> SignatureInfo:
    cert = sig.signer_cert
    path = status.validation_path
    # Without a trusted path, show who the signer claims issued the certificate.
    chain = (
        tuple(c.subject.human_friendly for c in reversed(list(path.iter_certs(include_root=True))))
        if path
        else (cert.subject.human_friendly, f"(issuer, not trusted) {cert.issuer.human_friendly}")
    )
    changes, modified = _changes(status)
    ts = status.timestamp_validity
    rev = status.revocation_details
    return SignatureInfo(
        field_name=sig.field_name,
        signer_name=_name(cert),
        signer_subject=cert.subject.human_friendly,
        serial_hex=f"{cert.serial_number:x}",
        cert_sha256=cert.sha256.hex(),
        subject_ids=_ids(cert),
        claimed_time=sig.self_reported_timestamp,
        timestamp_time=ts.timestamp if ts is not None else None,
        chain=chain,
        certification=sig.docmdp_level is not None,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted and (ts is None or ts.trusted),
        revoked=status.revoked,
        revoked_at=rev.revocation_date if rev else None,
        modified_after=modified,
        changes_after=changes,
        summary=status.summary(),
    )


async def _verify(reader: PdfFileReader, trust: TrustSettings) -> VerificationReport:
    certs, crls, ocsps = _dss_material(reader)
    context = ValidationContext(
        trust_roots=list(trust.roots),
        other_certs=certs + list(trust.other_certs),
        crls=crls + list(trust.crls),
        ocsps=ocsps,
        allow_fetching=False,
        revocation_mode=trust.revocation_mode,
        moment=trust.moment,
    )
    infos, stamps, problems = [], 0, []
    for sig in reader.embedded_signatures:
        if sig.sig_object_type == "/DocTimeStamp":
            stamps += 1  # document timestamps (PAdES-LTA) are checked as part of LTA, not listed
            continue
        try:
            status = await async_validate_pdf_signature(sig, signer_validation_context=context, ts_validation_context=context)
        except (ValueError, NonexistentAttributeError) as exc:
            # A signature whose CMS cannot be interpreted is reported, not fatal for the others.
            problems.append(f"{sig.field_name}: {exc}")
            continue
        infos.append(_info(sig, status))
    return VerificationReport(tuple(infos), stamps, tuple(problems))


def verify_pdf(data: bytes, trust: TrustSettings) -> VerificationReport:
    """Check every signature of ``data``; raises UnreadablePdf only if it is not a readable PDF."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        reader.embedded_signatures  # noqa: B018 (parses the signature dictionaries)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise UnreadablePdf(f"not a readable PDF: {exc}") from exc
    return asyncio.run(_verify(reader, trust))


async def verify_pdf_async(data: bytes, trust: TrustSettings) -> VerificationReport:
    """``verify_pdf`` for code already inside an event loop (CPU-bound: prefer a worker thread)."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        reader.embedded_signatures  # noqa: B018
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise UnreadablePdf(f"not a readable PDF: {exc}") from exc
    return await _verify(reader, trust)
