"""Signing an event's final results over real HTTP: the chief referee first, then the director, each
the official the competition names for that role, with the department-issued key and its PIN; a
provisional result, the wrong official and a wrong PIN are refused; the signed PDF carries both
PAdES signatures and the register leads from the printed code to the signed file."""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from results_builders import finish_category, planned_category

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "fixtures" / "contracts"))
from contracts_people import OFFICIALS_PEOPLE as PEOPLE  # noqa: E402
from contracts_people import OFFICIALS_PIN as PIN  # noqa: E402
from contracts_people import link_person  # noqa: E402

from contracts.ca import CertificateAuthority  # noqa: E402


@pytest.fixture()
def ca(settings, venue_clock):
    return CertificateAuthority.init(
        settings.data_dir, organisation="Sở Văn hóa và Thể thao", base_url="http://testserver", now=venue_clock()
    )


def _officials(arena, competition_id):
    api = f"/api/tournaments/competitions/{competition_id}/officials"
    for username, role in (("referee", "chief_referee"), ("manager", "director")):
        person = link_person(arena, username, PEOPLE[username])
        arena.ok(arena.post(api, {"person_id": person, "role": role, "username": username}, role="manager"))
        arena.ok(arena.post("/api/contracts/keys/", {"pin": PIN[username]}, role=username))


def test_the_two_officials_sign_the_final_results_in_order(arena, ca):
    t = planned_category(arena, n=4, draw_format="single")
    _officials(arena, t.competition_id)
    sign = f"/api/results/categories/{t.category_id}/sign"

    r = arena.post(sign, {"pin": PIN["referee"]}, role="referee")
    assert r.status_code == 409 and "tạm thời" in r.json()["message"]

    finish_category(arena, t.category_id)
    state = arena.ok(arena.get(f"/api/results/categories/{t.category_id}/signatures", role="referee"))
    assert state["next_role_vi"] == "Tổng trọng tài" and state["you_may_sign"] is True and state["signed"] == []
    printed = state["code"]
    assert arena.ok(arena.get(f"/api/results/categories/{t.category_id}/signatures", role="manager"))["you_may_sign"] is False

    page = arena.get(f"/results/categories/{t.category_id}", role="referee").text
    assert 'id="sign"' in page and "Tổng trọng tài" in page and printed in page
    assert 'id="sign"' not in arena.get(f"/results/categories/{t.category_id}", role="manager").text
    assert 'id="sign"' not in arena.get(f"/results/categories/{t.category_id}", role=None).text

    r = arena.post(sign, {"pin": PIN["manager"]}, role="manager")
    assert r.status_code == 403 and "Tổng trọng tài" in r.json()["message"]
    r = arena.post(sign, {"pin": "000000"}, role="referee")
    assert r.status_code >= 400 and r.status_code != 500
    assert arena.post(sign, {"pin": PIN["referee"]}, role="coach").status_code == 403

    after_one = arena.ok(arena.post(sign, {"pin": PIN["referee"]}, role="referee"))
    assert [s["name"] for s in after_one["signed"]] == ["Lê Văn Trọng"] and after_one["next_role_vi"] == "Trưởng ban tổ chức"
    done = arena.ok(arena.post(sign, {"pin": PIN["manager"]}, role="manager"))
    assert done["complete"] is True and [s["role"] for s in done["signed"]] == ["Tổng trọng tài", "Trưởng ban tổ chức"]
    r = arena.post(sign, {"pin": PIN["manager"]}, role="manager")
    assert r.status_code == 409 and "đủ chữ ký" in r.json()["message"]
    assert "đã có đủ chữ ký" in arena.get(f"/results/categories/{t.category_id}", role="referee").text

    # the code printed on the paper: its public page leads to the signed version and rechecks the logs
    v = arena.get(f"/v/{printed}", role=None)
    assert v.status_code == 200 and "Thêm chữ ký của Lê Văn Trọng" in v.text
    latest_code = done["code"]
    v = arena.get(f"/v/{latest_code}", role=None)
    assert v.status_code == 200 and "Khớp với nhật ký điểm" in v.text and "Trưởng ban tổ chức" in v.text

    pdf = arena.get(f"/api/results/categories/{t.category_id}/results.pdf", role="manager")
    reader = PdfFileReader(BytesIO(pdf.content))
    assert [s.field_name for s in reader.embedded_signatures] == ["Certification", "Sig1_chief_referee", "Sig2_director"]
    reasons = [str(s.sig_object.get("/Reason")) for s in reader.embedded_signatures]
    assert reasons == ["Chứng thực kết quả thi đấu do Arena phát hành", "Ký xác nhận kết quả thi đấu", "Ký xác nhận kết quả thi đấu"]

    async def register_chain():
        from base.register import by_code, latest

        async with arena.app.state.db_factory() as session:
            first = await by_code(session, printed)
            last = await latest(session, f"results:category:{t.category_id}")
            return first, last

    first, last = arena.run(register_chain)
    assert first.superseded_by is not None and "Thêm chữ ký của Lê Văn Trọng" in first.supersede_reason
    assert last.superseded_by is None and last.version == first.version + 2


def test_without_a_department_ca_the_results_are_printed_for_wet_signatures_and_signing_says_why(arena):
    t = planned_category(arena, n=4, draw_format="single")
    finish_category(arena, t.category_id)
    state = arena.ok(arena.get(f"/api/results/categories/{t.category_id}/signatures", role="referee"))
    assert state["signable"] is False and state["complete"] is False and "init-ca" in state["why_not"]
    r = arena.post(f"/api/results/categories/{t.category_id}/sign", {"pin": "135790"}, role="referee")
    assert r.status_code == 409 and "ký tay" in r.json()["message"]
    page = arena.get(f"/results/categories/{t.category_id}", role="referee").text
    assert "Không ký số được" in page and 'id="sign"' not in page


def test_an_official_may_sign_with_a_licensed_ca_token_and_upload_the_file(arena, ca, settings, tmp_path, venue_clock):
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    from contracts import keys
    from contracts.ca import Identity
    from contracts.signing import CachedKeySigner

    t = planned_category(arena, n=4, draw_format="single")
    _officials(arena, t.competition_id)
    finish_category(arena, t.category_id)

    licensed = CertificateAuthority.init(
        tmp_path / "licensed", organisation="VNPT-CA (test)", base_url="http://ca.example", now=venue_clock()
    )
    trusted = settings.data_dir / "ca" / "trusted"
    trusted.mkdir(exist_ok=True)
    (trusted / "vnpt.pem").write_bytes(licensed.root_cert.public_bytes(serialization.Encoding.PEM))

    def token_of(name: str, national_id: str) -> CachedKeySigner:
        issued = licensed.issue_with_pin(Identity(name, national_id), "121212", venue_clock())
        private = keys.unseal_with_pin(issued.sealed_key, "121212")
        return CachedKeySigner(issued.certificate, private, [licensed.issuing_cert, licensed.root_cert])

    before = arena.get(f"/api/results/categories/{t.category_id}/results.pdf", role="referee").content
    meta = signers.PdfSignatureMetadata(field_name="Sig1_chief_referee", subfilter=SigSeedSubFilter.PADES)

    def signed_by(signer: CachedKeySigner) -> bytes:
        return signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(before)), meta, signer=signer, existing_fields_only=True).getvalue()

    url = f"/api/results/categories/{t.category_id}/signed"
    headers = {**arena.as_role("referee"), "content-type": "application/pdf"}
    someone_else = arena.client.post(url, content=signed_by(token_of("NGUYỄN VĂN KHÁC", "001099000001")), headers=headers)
    assert someone_else.status_code == 422 and "Tệp đã ký không được chấp nhận" in someone_else.json()["message"]
    assert arena.client.post(url, content=before + b"%%", headers=headers).status_code == 422
    mine = signed_by(token_of("LÊ VĂN TRỌNG", PEOPLE["referee"]["national_id"]))
    by_director = arena.client.post(url, content=mine, headers={**arena.as_role("manager"), "content-type": "application/pdf"})
    assert by_director.status_code == 403  # not the director's turn to upload the chief referee's field
    ok = arena.client.post(url, content=mine, headers=headers)
    assert ok.status_code == 200, ok.text
    assert [s["role"] for s in ok.json()["signed"]] == ["Tổng trọng tài"] and ok.json()["next_role_vi"] == "Trưởng ban tổ chức"
    done = arena.ok(arena.post(f"/api/results/categories/{t.category_id}/sign", {"pin": PIN["manager"]}, role="manager"))
    assert done["complete"] is True
