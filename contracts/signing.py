"""PAdES signing of prepared contracts: certification first, then each party in template order.

Rule 1: the department's certification signature (DocMDP "fill forms") is the first signature.
Rule 2: a party signs only its own prepared field, and only when every earlier field is signed.
Rule 3: every signature is an incremental update; with a validation context the revocation data
(our CRLs) is embedded (B-LT), with a timestamper the signature gets an RFC 3161 token (B-T).
Rule 4: a signature is made at a moment the caller gives (the app's clock): the signer's chain is
validated at that moment, and it is the signing time written into the PDF and onto the stamp.
Speed (LIBRARIES.md): keys are parsed once (``CachedKeySigner``), each field's signature settings
are built once, and the signature size is reserved instead of estimated by a dry run. Per signing
only a ``PdfSigner`` (~10 us) and the validation context (``SigningSetup.context_at``, ~0.1 ms,
from the trust roots, certificates and CRLs parsed once: a pyhanko context cannot change its
moment) are made.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import PdfHandler
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign.attributes import CMSAttributeProvider, SigningCertificateV2Provider
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, Signer, SimpleSigner
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from contracts import pdfspeed
from contracts.errors import CertificateNotValid, FieldAlreadySigned, SigningError, UnknownSignatureField, WrongSigningOrder
from contracts.fonts import CachingGlyphAccumulatorFactory

CERTIFICATION_FIELD = "Certification"
# Reserved /Contents size in bytes of hex (twice the DER size). Measured: a P-256 CMS with the
# signer and issuing CA certificates is ~1.75 kB DER; a timestamp token adds ~2-3 kB. Tight values
# matter: pyhanko parses the whole zero-padded hex string of earlier signatures on every update.
# Too small a guess falls back to pyhanko's dry-run estimate (slower, never wrong).
BYTES_RESERVED_BB = 4608
BYTES_RESERVED_LT = 12288
pdfspeed.install()


class _OurOwnRevocationData(logging.Filter):
    """pyhanko warns "fetching is not allowed" each time it embeds revocation data without network
    fetching. Here that is the design (Rule 3: our CRLs are known locally; a venue network fetches
    nothing), so that one message is dropped; every other pyhanko message still comes through."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_OurOwnRevocationData())
_PARTY_FIELD = re.compile(r"^Sig(\d+)_[A-Za-z0-9_]+$")


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class _FrozenAttribute(CMSAttributeProvider):
    """A signed attribute that never changes for a signer (signing-certificate-v2), kept as DER."""

    def __init__(self, attribute_type: str, der: bytes) -> None:
        self.attribute_type, self._der = attribute_type, der

    async def get_attribute(self, dry_run: bool = False) -> cms.CMSAttribute:
        return cms.CMSAttribute.load(self._der)


class CachedKeySigner(SimpleSigner):
    """SimpleSigner that keeps per-signer work done once: the parsed ``cryptography`` key, the
    signing-certificate-v2 attribute and the signer identifier. asn1crypto re-encodes an issuer
    name every time it is put into a new structure, up to 5 ms per signature for a long
    Vietnamese organisation name; here it is encoded once and reloaded from DER."""

    def __init__(self, cert: x509.Certificate, key: PrivateKeyTypes, chain: list[x509.Certificate]):
        der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        super().__init__(
            signing_cert=to_asn1(cert),
            signing_key=asn1_keys.PrivateKeyInfo.load(der),
            cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),  # type: ignore[no-untyped-call]  # unannotated in pyhanko
            embed_roots=False,
        )  # verifiers bring their own trust anchors
        self._key = key
        signing_cert = self.signing_cert
        assert signing_cert is not None
        attr = simple_cms_attribute("signing_certificate_v2", as_signing_certificate_v2(signing_cert))  # type: ignore[no-untyped-call]  # unannotated in pyhanko
        self._cert_attr: bytes = attr.dump()
        self._sid = cms.SignerIdentifier(
            {
                "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                    {"issuer": signing_cert.issuer, "serial_number": signing_cert.serial_number}
                )
            }
        ).dump()

    def _signed_attr_providers(self, *args: Any, **kwargs: Any) -> Iterator[CMSAttributeProvider]:
        for provider in super()._signed_attr_providers(*args, **kwargs):
            if isinstance(provider, SigningCertificateV2Provider):
                yield _FrozenAttribute(provider.attribute_type, self._cert_attr)
            else:
                yield provider

    def signer_info(self, digest_algorithm: str, signed_attrs: Any, signature: bytes) -> cms.SignerInfo:
        info = super().signer_info(digest_algorithm, signed_attrs, signature)
        info["sid"] = cms.SignerIdentifier.load(self._sid)
        return info

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._key, EllipticCurvePrivateKey):
            return self._key.sign(data, ECDSA(hash_algo))
        if isinstance(self._key, RSAPrivateKey):
            return self._key.sign(data, PKCS1v15(), hash_algo)
        return super().sign_raw(data, digest_algorithm)


@cache
def stamp_style(font_path: Path) -> TextStampStyle:
    """Visible stamp in the prepared box; a TTF font so Vietnamese names are not garbled."""
    return TextStampStyle(
        stamp_text="Ký bởi: %(signer)s\nThời gian: %(ts)s",
        text_box_style=TextBoxStyle(font=CachingGlyphAccumulatorFactory(str(font_path)), font_size=8),
        border_width=1,
    )


class _PdfSignerAt(PdfSigner):
    """A PdfSigner whose signing session takes its time from ``moment`` (pyhanko reads the wall
    clock for the signature dictionary's /M and the stamp's "%(ts)s" and offers no parameter)."""

    moment: datetime | None = None

    def init_signing_session(self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        if self.moment is not None:
            session.system_time = self.moment
        return session


def context_at(template: ValidationContext, moment: datetime) -> ValidationContext:
    """A context like ``template`` (trust anchors, certificates, CRLs, policies: the same parsed
    objects, so building it is cheap) that validates at ``moment``. Fresh per signing, so the
    paths one signing validated are never taken as valid by a later one."""
    return ValidationContext(
        trust_manager=template.path_builder.trust_manager,
        other_certs=list(template.certificate_registry),
        crls=template.crls,
        ocsps=template.ocsps,
        revinfo_policy=template.revinfo_policy,
        allow_fetching=template.fetching_allowed,
        algorithm_usage_policy=template.algorithm_policy,
        time_tolerance=template.time_tolerance,
        moment=moment,
    )


@dataclass
class SigningSetup:
    """How signatures are made. ``validation_context`` set means embed revocation data (B-LT); it
    is a template: every signing validates at its own moment (``context_at``), never at the
    moment the template was built."""

    font_path: Path
    validation_context: ValidationContext | None = None
    timestamper: TimeStamper | None = None
    _metadata_by_field: dict[tuple[str, bool, bool], PdfSignatureMetadata] = field(default_factory=dict, repr=False)

    @property
    def bytes_reserved(self) -> int:
        long_term = self.validation_context is not None or self.timestamper is not None
        return BYTES_RESERVED_LT if long_term else BYTES_RESERVED_BB

    def context_at(self, moment: datetime) -> ValidationContext | None:
        return None if self.validation_context is None else context_at(self.validation_context, moment)

    def pdf_signer(
        self,
        signer: Signer,
        field_name: str,
        *,
        moment: datetime | None = None,
        certify: bool = False,
        last: bool = False,
        reason: str | None = None,
    ) -> PdfSigner:
        """The PdfSigner for (signer, field) signing at ``moment`` (default: the system's now, for
        callers without an app clock). The field's signature settings are built once; the PdfSigner
        itself (~10 us) is made per signing, so no signer (a person's unlocked key) outlives its
        signature in a cache. The last party's signature gets a document timestamp too (PAdES
        B-LTA) when both a TSA and revocation embedding are configured."""
        moment = moment or datetime.now(UTC)
        meta = self._metadata(field_name, certify=certify, last=last)
        if reason is not None:  # another kind of document than a contract says what its signature means
            meta = replace(meta, reason=reason)
        if self.validation_context is not None:
            meta = replace(meta, validation_context=self.context_at(moment))
        spec = SigFieldSpec(field_name) if certify else None  # invisible certification field
        found = _PdfSignerAt(meta, signer, timestamper=self.timestamper, stamp_style=stamp_style(self.font_path), new_field_spec=spec)
        found.moment = moment
        return found

    def _metadata(self, field_name: str, *, certify: bool, last: bool) -> PdfSignatureMetadata:
        key = (field_name, certify, last)
        found = self._metadata_by_field.get(key)
        if found is None:
            found = self._metadata_by_field[key] = PdfSignatureMetadata(
                field_name=field_name,
                md_algorithm="sha256",
                subfilter=SigSeedSubFilter.PADES,
                certify=certify,
                # The last field's /Lock already says "no changes"; asking for it avoids a warning.
                docmdp_permissions=MDPPerm.NO_CHANGES if last else MDPPerm.FILL_FORMS,
                embed_validation_info=self.validation_context is not None,
                use_pades_lta=last and self.timestamper is not None and self.validation_context is not None,
                reason="Chứng thực văn bản hợp đồng" if certify else "Ký hợp đồng",
            )
        return found


@dataclass(frozen=True, slots=True)
class FieldState:
    name: str
    order: int | None  # 1-based party order for "SigN_role" fields; None for other fields
    signed: bool


def signature_fields(pdf: bytes | PdfHandler) -> list[FieldState]:
    """Every signature field of the document, party fields sorted by their order."""
    reader = PdfFileReader(BytesIO(pdf)) if isinstance(pdf, bytes) else pdf
    try:
        fields = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return []
    states = []
    for ref in fields:
        f = ref.get_object()
        if f.get("/FT") != "/Sig":
            continue
        name = str(f["/T"])
        m = _PARTY_FIELD.match(name)
        # raw_get: do not resolve /V, which would parse the whole /Contents hex string.
        signed = "/V" in f and f.raw_get("/V") is not None
        states.append(FieldState(name, int(m.group(1)) if m else None, signed))
    return sorted(states, key=lambda s: (s.order is not None, s.order or 0))


def check_turn(pdf: bytes | PdfHandler, field_name: str) -> bool:
    """Raise unless ``field_name`` is the next party field to sign in a certified document;
    returns whether it is the last party field."""
    states = {s.name: s for s in signature_fields(pdf)}
    target = states.get(field_name)
    if target is None or target.order is None:
        raise UnknownSignatureField(field_name)
    turn = target.order
    if not states.get(CERTIFICATION_FIELD, FieldState("", None, False)).signed:
        raise WrongSigningOrder(field_name, CERTIFICATION_FIELD)
    if target.signed:
        raise FieldAlreadySigned(field_name)
    for s in states.values():
        if s.order is not None and s.order < turn and not s.signed:
            raise WrongSigningOrder(field_name, s.name)
    return all(s.order is None or s.order <= turn for s in states.values())


async def certify(pdf: bytes, signer: Signer, setup: SigningSetup, moment: datetime | None = None, reason: str | None = None) -> bytes:
    """Add the department's certification signature at ``moment`` (Rule 4); raises SigningError
    if anything is signed."""
    if any(s.signed for s in signature_fields(pdf)):
        raise SigningError("a certification signature must be the first signature of a document")
    return await _sign(pdf, setup.pdf_signer(signer, CERTIFICATION_FIELD, moment=moment, certify=True, reason=reason), setup, False)


async def sign_field(
    pdf: bytes, field_name: str, signer: Signer, setup: SigningSetup, moment: datetime | None = None, reason: str | None = None
) -> bytes:
    """Sign the party field ``field_name`` at ``moment`` (Rule 4); raises WrongSigningOrder /
    FieldAlreadySigned first, CertificateNotValid when the chain does not validate then."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    last = check_turn(writer.prev, field_name)  # the writer's own parse of the file: no second reader
    return await _sign(pdf, setup.pdf_signer(signer, field_name, moment=moment, last=last, reason=reason), setup, True, writer)


async def _sign(
    pdf: bytes, pdf_signer: PdfSigner, setup: SigningSetup, existing_only: bool, writer: IncrementalPdfFileWriter | None = None
) -> bytes:
    try:
        out = await pdf_signer.async_sign_pdf(
            writer or IncrementalPdfFileWriter(BytesIO(pdf)), existing_fields_only=existing_only, bytes_reserved=setup.bytes_reserved
        )
    except PyhankoSigningError as exc:
        if isinstance(exc.__cause__, PathBuildingError | PathValidationError):
            raise CertificateNotValid(str(exc.__cause__)) from exc
        if "too small" not in str(exc).lower() and "larger than" not in str(exc).lower():
            raise
        out = await pdf_signer.async_sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), existing_fields_only=existing_only)
    signed: bytes = out.getvalue()
    return signed


def certify_sync(pdf: bytes, signer: Signer, setup: SigningSetup, moment: datetime | None = None, reason: str | None = None) -> bytes:
    """``certify`` for a worker thread or the CLI (runs its own short event loop)."""
    return asyncio.run(certify(pdf, signer, setup, moment, reason))


def sign_field_sync(
    pdf: bytes, field_name: str, signer: Signer, setup: SigningSetup, moment: datetime | None = None, reason: str | None = None
) -> bytes:
    """``sign_field`` for a worker thread (``await asyncio.to_thread(sign_field_sync, ...)``)."""
    return asyncio.run(sign_field(pdf, field_name, signer, setup, moment, reason))
