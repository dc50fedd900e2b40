"""Verify every signature of any PDF with pyhanko's validator; a negative answer is a value.

``verify_pdf(data, trust)`` returns a frozen ``VerificationReport`` and raises ``UnreadablePdf``
only when the bytes cannot be parsed. Revocation data comes from the file's DSS (B-LT) plus any
CRLs the caller adds (our CA's current CRLs, so a later revocation shows).

Each party signature is also compared with the party the contract names for its field (name and
CCCD, written into the field when the contract was rendered and read back from the revision the
department certified, so a later revision cannot rename the party): a signature by anyone else is
``named_party=False`` and makes the report not valid, however good the certificate.
"""

from __future__ import annotations

import asyncio
import unicodedata
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
from contracts.layout import PARTY_KEY

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
class NamedParty:
    """The party printed on the contract for one signature field."""

    role: str
    label: str
    name: str
    national_id: str  # "" when the contract states no CCCD for this party


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
    signer_national_id: str = ""  # the CCCD in the signer's certificate subject ("" if none)
    party: NamedParty | None = None  # who the contract names for this field (None: not stated)
    named_party: bool | None = None  # the signer is that party; None when there is nothing to compare

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.modified_after and self.named_party is not False


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
    def parties_match(self) -> bool:
        """No signature is by someone other than the party the contract names for its field."""
        return all(s.named_party is not False for s in self.signatures)

    @property
    def bottom_line(self) -> bool:
        return self.intact and self.trusted and self.parties_match


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


def _national_id(ids: tuple[str, ...]) -> str:
    """The CCCD among subject ids ("CCCD:001308012345", or a bare 9/12-digit number)."""
    for value in ids:
        kind, _, digits = value.rpartition(":")
        digits = digits.strip()
        if digits.isdigit() and kind.strip().upper() in ("CCCD", "CMND", ""):
            return digits
    return ""


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _is_party(signer_name: str, signer_nid: str, party: NamedParty | None) -> bool | None:
    """The signer is the named party: same CCCD when the contract states one, else same name."""
    if party is None:
        return None
    if party.national_id:
        return signer_nid == party.national_id
    return _fold(signer_name) == _fold(party.name) if party.name else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _named_parties(data: bytes, sigs: list[EmbeddedPdfSignature]) -> dict[str, NamedParty]:
    """Field name -> party, as the certified revision names them (empty without a certification)."""
    approvals = [s for s in sigs if s.sig_object_type != "/DocTimeStamp"]
    certification = approvals[0] if approvals and approvals[0].docmdp_level is not None else None
    if certification is None:
        return {}
    try:
        _, _, start, length = (int(v) for v in certification.byte_range)
        reader = PdfFileReader(BytesIO(data[: start + length]), strict=False)
        fields = reader.root["/AcroForm"]["/Fields"]
        out = {}
        for ref in fields:
            field = ref.get_object()
            party = field.get(PARTY_KEY)
            if party is None:
                continue
            party = party.get_object()
            out[_text(field.get("/T"))] = NamedParty(
                _text(party.get("/Role")), _text(party.get("/Label")), _text(party.get("/Name")), _text(party.get("/CCCD"))
            )
        return out
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError):
        return {}


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


def _info(sig: EmbeddedPdfSignature, status: PdfSignatureStatus, party: NamedParty | None, first: bool) -> SignatureInfo:
    cert = sig.signer_cert
    ids, name = _ids(cert), _name(cert)
    nid = _national_id(ids)
    # Only the first signature can certify (ISO 32000); a later one with DocMDP is the last
    # party's approval that also locks the document.
    certification = first and sig.docmdp_level is not None
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
        signer_name=name,
        signer_subject=cert.subject.human_friendly,
        serial_hex=f"{cert.serial_number:x}",
        cert_sha256=cert.sha256.hex(),
        subject_ids=ids,
        claimed_time=sig.self_reported_timestamp,
        timestamp_time=ts.timestamp if ts is not None else None,
        chain=chain,
        certification=certification,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted and (ts is None or ts.trusted),
        revoked=status.revoked,
        revoked_at=rev.revocation_date if rev else None,
        modified_after=modified,
        changes_after=changes,
        summary=status.summary(),
        signer_national_id=nid,
        party=party,
        named_party=None if certification else _is_party(name, nid, party),
    )


async def _verify(reader: PdfFileReader, trust: TrustSettings, data: bytes) -> VerificationReport:
    certs, crls, ocsps = _dss_material(reader)
    parties = _named_parties(data, list(reader.embedded_signatures))
    context = ValidationContext(
        trust_roots=list(trust.roots),
        other_certs=certs + list(trust.other_certs),
        crls=crls + list(trust.crls),
        ocsps=ocsps,
        allow_fetching=False,
        revocation_mode=trust.revocation_mode,
        moment=trust.moment,
    )
    infos: list[SignatureInfo] = []
    stamps, problems, seen = 0, [], 0
    for sig in reader.embedded_signatures:
        if sig.sig_object_type == "/DocTimeStamp":
            stamps += 1  # document timestamps (PAdES-LTA) are checked as part of LTA, not listed
            continue
        seen += 1
        try:
            status = await async_validate_pdf_signature(sig, signer_validation_context=context, ts_validation_context=context)
        except (ValueError, NonexistentAttributeError) as exc:
            # A signature whose CMS cannot be interpreted is reported, not fatal for the others.
            problems.append(f"{sig.field_name}: {exc}")
            continue
        infos.append(_info(sig, status, parties.get(sig.field_name), first=seen == 1))
    return VerificationReport(tuple(infos), stamps, tuple(problems))


def verify_pdf(data: bytes, trust: TrustSettings) -> VerificationReport:
    """Check every signature of ``data``; raises UnreadablePdf only if it is not a readable PDF."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        reader.embedded_signatures  # noqa: B018 (parses the signature dictionaries)
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise UnreadablePdf(f"not a readable PDF: {exc}") from exc
    return asyncio.run(_verify(reader, trust, data))


async def verify_pdf_async(data: bytes, trust: TrustSettings) -> VerificationReport:
    """``verify_pdf`` for code already inside an event loop (CPU-bound: prefer a worker thread)."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        reader.embedded_signatures  # noqa: B018
    except (PdfReadError, ValueError, KeyError, IndexError) as exc:
        raise UnreadablePdf(f"not a readable PDF: {exc}") from exc
    return await _verify(reader, trust, data)
