from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO

import pytest
from contracts_builders import make_pki, prepared_contract, setup_bb
from pyhanko.pdf_utils.generic import StreamObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter

from contracts import keys
from contracts.ca import CertificateAuthority, Identity
from contracts.errors import ExternalSignatureRejected, WrongSigningOrder
from contracts.external import ExpectedSigner, accept_external
from contracts.signing import CachedKeySigner, certify_sync, sign_field_sync, to_asn1

ATHLETE = ExpectedSigner(national_id="001308012345")


@pytest.fixture(scope="module")
def licensed(tmp_path_factory):
    """A separate CA standing in for a licensed Vietnamese CA, and the athlete's own key from it."""
    ca = CertificateAuthority.init(
        tmp_path_factory.mktemp("licensed"), organisation="VNPT-CA (test)", base_url="http://ca.example", now=datetime.now(UTC)
    )
    issued = ca.issue_with_pin(Identity("NGUYỄN THỊ ÁNH TUYẾT", "001308012345"), "000000", datetime.now(UTC))
    signer = CachedKeySigner(issued.certificate, keys.unseal_with_pin(issued.sealed_key, "000000"), [ca.issuing_cert, ca.root_cert])
    return ca, signer


@pytest.fixture(scope="module")
def sent(pki) -> bytes:
    return certify_sync(prepared_contract(), pki.department, setup_bb())


def _trust(pki, licensed_ca):
    t = pki.trust()
    return replace(t, roots=t.roots + (to_asn1(licensed_ca.root_cert),), other_certs=t.other_certs + (to_asn1(licensed_ca.issuing_cert),))


def _own_tool_sign(pdf: bytes, field: str, signer) -> bytes:
    """What a signer's own software does: a plain pyhanko PAdES signature in the given field."""
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=SigSeedSubFilter.PADES)
    return signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer, existing_fields_only=True).getvalue()


def test_document_signed_with_a_licensed_ca_certificate_is_accepted(pki, licensed, sent):
    ca, signer = licensed
    after = _own_tool_sign(sent, "Sig1_athlete", signer)
    sig = accept_external(sent, after, field_name="Sig1_athlete", expected=ATHLETE, trust=_trust(pki, ca))
    assert sig.signer_name == "NGUYỄN THỊ ÁNH TUYẾT" and sig.trusted and sig.intact


def test_signature_by_another_person_is_rejected(pki, licensed, sent):
    ca, signer = licensed
    after = _own_tool_sign(sent, "Sig1_athlete", signer)
    with pytest.raises(ExternalSignatureRejected, match="expected party"):
        accept_external(sent, after, field_name="Sig1_athlete", expected=ExpectedSigner(national_id="999"), trust=_trust(pki, ca))


def test_signature_in_another_partys_field_is_rejected(pki, licensed, sent):
    ca, _ = licensed
    after = _own_tool_sign(sent, "Sig2_coach", pki.signers["coach"])
    with pytest.raises(ExternalSignatureRejected, match="Sig2_coach"):
        accept_external(sent, after, field_name="Sig1_athlete", expected=ATHLETE, trust=_trust(pki, ca))


def test_certificate_from_an_untrusted_ca_is_rejected(pki, licensed, sent):
    _, signer = licensed
    after = _own_tool_sign(sent, "Sig1_athlete", signer)
    with pytest.raises(ExternalSignatureRejected, match="not trusted"):
        accept_external(sent, after, field_name="Sig1_athlete", expected=ATHLETE, trust=pki.trust())


def test_a_different_document_is_rejected_even_if_validly_signed(pki, licensed, sent, tmp_path):
    ca, signer = licensed
    other = certify_sync(prepared_contract(), make_pki(tmp_path).department, setup_bb())
    after = _own_tool_sign(other, "Sig1_athlete", signer)
    with pytest.raises(ExternalSignatureRejected, match="incremental update"):
        accept_external(sent, after, field_name="Sig1_athlete", expected=ATHLETE, trust=_trust(pki, ca))


def test_upload_with_an_edited_page_and_a_signature_is_rejected(pki, licensed, sent):
    ca, signer = licensed
    writer = IncrementalPdfFileWriter(BytesIO(sent))
    writer.add_stream_to_page(0, writer.add_object(StreamObject(stream_data=b"0 0 m 300 300 l S")))
    edited = BytesIO()
    writer.write(edited)
    after = _own_tool_sign(edited.getvalue(), "Sig1_athlete", signer)
    with pytest.raises(ExternalSignatureRejected, match="does not validate or the content was changed"):
        accept_external(sent, after, field_name="Sig1_athlete", expected=ATHLETE, trust=_trust(pki, ca))


def test_two_new_signatures_in_one_upload_are_rejected(pki, licensed, sent):
    ca, signer = licensed
    once = _own_tool_sign(sent, "Sig1_athlete", signer)
    twice = sign_field_sync(once, "Sig2_coach", pki.signers["coach"], setup_bb())
    with pytest.raises(ExternalSignatureRejected, match="exactly one"):
        accept_external(sent, twice, field_name="Sig1_athlete", expected=ATHLETE, trust=_trust(pki, ca))


def test_upload_without_a_new_signature_is_rejected(pki, licensed, sent):
    ca, _ = licensed
    with pytest.raises(ExternalSignatureRejected):
        accept_external(sent, sent + b"\n% nothing signed\n", field_name="Sig1_athlete", expected=ATHLETE, trust=_trust(pki, ca))


def test_upload_for_a_party_whose_turn_has_not_come_is_refused(pki, licensed, sent):
    ca, _ = licensed
    with pytest.raises(WrongSigningOrder):
        accept_external(sent, sent, field_name="Sig2_coach", expected=ATHLETE, trust=_trust(pki, ca))
