from dataclasses import replace
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from contracts_builders import ORDER, fully_signed, make_pki, prepared_contract, setup_bb
from contracts_tsa import running_tsa
from pyhanko.pdf_utils.generic import StreamObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from contracts.ca import USER_YEARS
from contracts.errors import CertificateNotValid, FieldAlreadySigned, SigningError, UnknownSignatureField, WrongSigningOrder
from contracts.fonts import stamp_font
from contracts.signing import SigningSetup, certify_sync, sign_field_sync, signature_fields, to_asn1
from contracts.verify import verify_pdf


@pytest.fixture(scope="module")
def signed(pki) -> bytes:
    return fully_signed(pki, setup_bb())


@pytest.fixture(scope="module")
def certified(pki) -> bytes:
    return certify_sync(prepared_contract(), pki.department, setup_bb())


def test_every_signature_validates_with_pyhankos_validator_and_is_trusted(pki, signed):
    context = ValidationContext(
        trust_roots=[to_asn1(pki.ca.root_cert)],
        other_certs=[to_asn1(pki.ca.issuing_cert)],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    sigs = PdfFileReader(BytesIO(signed)).embedded_signatures
    assert [s.field_name for s in sigs] == ["Certification", *ORDER]
    for sig in sigs:
        status = validate_pdf_signature(sig, context)
        assert status.intact and status.valid and status.trusted and status.docmdp_ok, status.pretty_print_details()
        assert status.bottom_line


def test_certification_comes_first_and_allows_only_filling_the_signature_fields(signed):
    first = PdfFileReader(BytesIO(signed)).embedded_signatures[0]
    assert first.field_name == "Certification" and first.docmdp_level is MDPPerm.FILL_FORMS


def test_report_names_each_signer_in_order_with_chain_and_no_forbidden_change(pki, signed):
    report = verify_pdf(signed, pki.trust())
    assert report.bottom_line
    assert [s.signer_name for s in report.signatures] == [
        "Sở Văn hóa và Thể thao Hà Nội",
        "Nguyễn Thị Ánh Tuyết",
        "Phạm Quốc Hưng",
        "Trần Thị Thu Hương",
    ]
    athlete = report.signatures[1]
    assert athlete.chain[0].endswith("Country: VN") and "Issuing CA" in athlete.chain[1] and "Root CA" in athlete.chain[2]
    assert athlete.claimed_time is not None and not athlete.modified_after
    assert report.signatures[-1].changes_after == "none"


def test_a_changed_byte_in_a_signed_pdf_shows_as_invalid(pki, signed):
    at = signed.index(b"arena contracts")  # the creator string in the first revision
    tampered = signed[:at] + b"A" + signed[at + 1 :]
    report = verify_pdf(tampered, pki.trust())
    assert not report.bottom_line and not report.intact
    assert not any(s.intact for s in report.signatures)


def test_content_added_after_the_last_signature_breaks_validation(pki, signed):
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.add_stream_to_page(0, writer.add_object(StreamObject(stream_data=b"0 0 m 500 500 l S")))
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), pki.trust())
    assert not report.bottom_line
    assert all(s.modified_after for s in report.signatures)
    assert all(s.intact and s.valid for s in report.signatures)  # the signed bytes are still there


def test_signing_out_of_order_is_refused(pki, certified):
    with pytest.raises(WrongSigningOrder) as err:
        sign_field_sync(certified, "Sig2_coach", pki.signers["coach"], setup_bb())
    assert err.value.values["waiting_for"] == "Sig1_athlete"


def test_signing_a_field_twice_is_refused(pki, certified):
    once = sign_field_sync(certified, "Sig1_athlete", pki.signers["athlete"], setup_bb())
    with pytest.raises(FieldAlreadySigned):
        sign_field_sync(once, "Sig1_athlete", pki.signers["athlete"], setup_bb())


def test_party_cannot_sign_before_the_department_certifies(pki):
    with pytest.raises(WrongSigningOrder) as err:
        sign_field_sync(prepared_contract(), "Sig1_athlete", pki.signers["athlete"], setup_bb())
    assert err.value.values["waiting_for"] == "Certification"


def test_certification_is_refused_once_anything_is_signed(pki, certified):
    with pytest.raises(SigningError):
        certify_sync(certified, pki.department, setup_bb())


def test_unknown_field_is_refused(pki, certified):
    with pytest.raises(UnknownSignatureField):
        sign_field_sync(certified, "Sig9_nobody", pki.signers["athlete"], setup_bb())


def test_fields_report_who_has_signed(signed, certified):
    assert [f.signed for f in signature_fields(certified) if f.order] == [False, False, False]
    assert all(f.signed for f in signature_fields(signed))


def test_b_lt_signatures_validate_from_embedded_revocation_data_alone(tmp_path):
    pki = make_pki(tmp_path)
    pdf = fully_signed(pki, SigningSetup(stamp_font(), validation_context=pki.validation_context()))
    offline = pki.trust(revocation_mode="hard-fail", with_current_crls=False)
    assert verify_pdf(pdf, offline).bottom_line
    # The same check on a B-B file fails: nothing proves the certificates were not revoked.
    assert not verify_pdf(fully_signed(pki, setup_bb()), offline).trusted


def test_embedding_our_own_revocation_data_logs_no_warning_but_other_pyhanko_warnings_still_show(tmp_path, caplog):
    import logging

    pki = make_pki(tmp_path)
    with caplog.at_level(logging.WARNING, logger="pyhanko"):
        fully_signed(pki, SigningSetup(stamp_font(), validation_context=pki.validation_context()))
        logging.getLogger("pyhanko.sign.signers.pdf_signer").warning("some other trouble")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pyhanko")] == ["some other trouble"]


def test_revoking_a_certificate_shows_in_later_validations(tmp_path):
    pki = make_pki(tmp_path)
    pdf = fully_signed(pki, SigningSetup(stamp_font(), validation_context=pki.validation_context()))
    pki.ca.revoke(pki.issued["coach"].certificate.serial_number, datetime.now(UTC))
    report = verify_pdf(pdf, pki.trust())
    coach = next(s for s in report.signatures if s.field_name == "Sig2_coach")
    assert coach.revoked and not coach.trusted and not report.bottom_line
    assert all(s.trusted for s in report.signatures if s.field_name != "Sig2_coach")


def test_timestamped_b_lt_signatures_report_the_tsa_time(pki, certified):
    with running_tsa() as tsa:
        context = ValidationContext(
            trust_roots=[to_asn1(pki.ca.root_cert), to_asn1(tsa.root)],
            other_certs=[to_asn1(pki.ca.issuing_cert)],
            crls=list(pki.trust().crls),
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        setup = SigningSetup(stamp_font(), validation_context=context, timestamper=HTTPTimeStamper(tsa.url))
        pdf = sign_field_sync(certified, "Sig1_athlete", pki.signers["athlete"], setup)
        pdf = sign_field_sync(pdf, "Sig2_coach", pki.signers["coach"], setup)  # a second loop, same stamper
        pdf = sign_field_sync(pdf, "Sig3_director", pki.signers["director"], setup)
    trust = pki.trust()
    trust = replace(trust, roots=trust.roots + (to_asn1(tsa.root),))
    report = verify_pdf(pdf, trust)
    for sig in report.signatures[1:]:
        assert sig.timestamp_time is not None and sig.trusted and sig.intact
    assert report.bottom_line
    assert report.document_timestamps == 1  # B-LTA: the completed contract gets an archive timestamp


def test_a_signature_is_validated_and_dated_at_the_moment_given_not_when_the_setup_was_built(tmp_path):
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(days=40)
    pki = make_pki(tmp_path, now=later)  # every certificate and CRL begins 40 days from now
    setup = SigningSetup(stamp_font(), validation_context=pki.validation_context())  # built now
    pdf = certify_sync(prepared_contract(), pki.department, setup, later)
    pdf = sign_field_sync(pdf, "Sig1_athlete", pki.signers["athlete"], setup, later + timedelta(hours=2))
    report = verify_pdf(pdf, replace(pki.trust(), moment=later + timedelta(hours=3)))
    assert report.bottom_line
    assert [s.claimed_time for s in report.signatures] == [later, later + timedelta(hours=2)]
    assert not verify_pdf(pdf, pki.trust()).trusted  # checked at the system's now: not valid yet
    # Past the certificate's end: a contracts error (409), not pyhanko's SigningError (a 500).
    with pytest.raises(CertificateNotValid):
        sign_field_sync(pdf, "Sig2_coach", pki.signers["coach"], setup, later + timedelta(days=365 * USER_YEARS + 1))


def test_a_persons_signer_is_not_kept_after_its_signature(pki, certified):
    import gc
    import weakref

    from contracts import keys
    from contracts.signing import CachedKeySigner

    issued = pki.issued["athlete"]
    signer = CachedKeySigner(issued.certificate, keys.unseal_with_pin(issued.sealed_key, "246810"), [pki.ca.issuing_cert, pki.ca.root_cert])
    setup = SigningSetup(stamp_font(), validation_context=pki.validation_context())
    sign_field_sync(certified, "Sig1_athlete", signer, setup)
    alive = weakref.ref(signer)
    del signer
    gc.collect()
    assert alive() is None  # the unlocked key is gone with the signing, as docs/contracts.md says
