import json
from pathlib import Path

from click.testing import CliRunner
from contracts_builders import fully_signed, setup_bb

from contracts.cli import contracts_group


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(contracts_group, list(args), input=input, catch_exceptions=False)


def test_init_ca_writes_the_ca_under_data_dir_and_refuses_a_second_time(tmp_path):
    first = _run("init-ca", "--data-dir", str(tmp_path), "--organisation", "Sở VHTT Đà Nẵng")
    assert first.exit_code == 0, first.output
    assert (tmp_path / "ca" / "root.crt").exists() and (tmp_path / "ca" / "issuing.crl").exists()
    second = _run("init-ca", "--data-dir", str(tmp_path))
    assert second.exit_code != 0 and "already exists" in second.output


def test_issue_cert_then_revoke(tmp_path):
    _run("init-ca", "--data-dir", str(tmp_path))
    issued = _run(
        "issue-cert", "--data-dir", str(tmp_path), "--name", "Lê Văn Đức", "--national-id", "001099000001", input="135790\n135790\n"
    )
    assert issued.exit_code == 0, issued.output
    serial = next(line.split()[1] for line in issued.output.splitlines() if line.startswith("serial "))
    sealed = json.loads((tmp_path / "ca" / "keys" / f"{serial}.json").read_text())
    assert sealed["kdf"] == "scrypt"
    revoked = _run("revoke", "--data-dir", str(tmp_path), serial, "--reason", "key_compromise")
    assert revoked.exit_code == 0 and serial in json.loads((tmp_path / "ca" / "revoked.json").read_text())


def test_issue_cert_with_short_pin_fails_cleanly(tmp_path):
    _run("init-ca", "--data-dir", str(tmp_path))
    result = _run("issue-cert", "--data-dir", str(tmp_path), "--name", "A", "--national-id", "001099000001", input="12\n12\n")
    assert result.exit_code == 1 and "at least 6" in result.output


def test_issue_cert_without_a_cccd_is_refused(tmp_path):
    _run("init-ca", "--data-dir", str(tmp_path))
    missing = _run("issue-cert", "--data-dir", str(tmp_path), "--name", "Lê Văn Đức", input="135790\n135790\n")
    assert missing.exit_code == 2 and "--national-id" in missing.output
    wrong = _run("issue-cert", "--data-dir", str(tmp_path), "--name", "Lê Văn Đức", "--national-id", "0010", input="135790\n135790\n")
    assert wrong.exit_code == 1 and "CCCD" in wrong.output
    assert len(list((tmp_path / "ca" / "issued").glob("*.crt"))) == 1  # the department's own only


def test_verify_lists_every_signature_and_exits_zero_when_all_valid(pki, tmp_path):
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(fully_signed(pki, setup_bb()))
    result = _run("verify", str(pdf), "--data-dir", str(pki.ca.folder.parent))
    assert result.exit_code == 0, result.output
    for name in ("Certification", "Sig1_athlete", "Sig2_coach", "Sig3_director", "Nguyễn Thị Ánh Tuyết", "Root CA", "VALID"):
        assert name in result.output


def test_verify_exits_one_for_a_tampered_file_and_two_for_garbage(pki, tmp_path):
    signed = fully_signed(pki, setup_bb())
    at = signed.index(b"arena contracts")
    (tmp_path / "bad.pdf").write_bytes(signed[:at] + b"X" + signed[at + 1 :])
    tampered = _run("verify", str(tmp_path / "bad.pdf"), "--data-dir", str(pki.ca.folder.parent))
    assert tampered.exit_code == 1 and "NOT INTACT" in tampered.output and "NOT VALID" in tampered.output
    (tmp_path / "junk.pdf").write_bytes(b"not a pdf")
    assert _run("verify", str(tmp_path / "junk.pdf")).exit_code == 2


def test_verify_without_trusting_the_ca_exits_one(pki, tmp_path):
    (tmp_path / "c.pdf").write_bytes(fully_signed(pki, setup_bb()))
    result = _run("verify", str(tmp_path / "c.pdf"), "--data-dir", str(tmp_path / "nothing"))
    assert result.exit_code == 1 and "NOT TRUSTED" in result.output


def test_render_writes_a_pdf_from_json_fields(tmp_path):
    fields = {
        "contract_number": "1/BB",
        "signed_place": "Huế",
        "signed_date": "2026-03-09",
        "department_name": "Sở VHTT Huế",
        "storekeeper_name": "Lê Văn Đức",
        "athlete_name": "Hồ Thị Mỹ",
        "athlete_dob": "2009-01-02",
        "athlete_id_number": "046309000111",
        "team": "Đội Vovinam",
        "items": "01 võ phục",
    }
    (tmp_path / "f.json").write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    result = _run("render", "equipment_handover", str(tmp_path / "f.json"), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 0, result.output
    assert Path(tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_the_ca_commands_date_what_they_make_by_the_installations_clock(tmp_path, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from cryptography import x509

    monkeypatch.setenv("ARENA_CLOCK_START", "2026-03-14T09:00:00+07:00")  # a rehearsal's clock, before the system's now
    start = datetime(2026, 3, 14, 2, 0, tzinfo=UTC)
    assert _run("init-ca", "--data-dir", str(tmp_path)).exit_code == 0
    issued = _run(
        "issue-cert", "--data-dir", str(tmp_path), "--name", "Lê Văn Đức", "--national-id", "001090000001", input="135790\n135790\n"
    )
    serial = next(line.split()[1] for line in issued.output.splitlines() if line.startswith("serial "))
    cert = x509.load_pem_x509_certificate((tmp_path / "ca" / "issued" / f"{serial}.crt").read_bytes())
    assert cert.not_valid_before_utc == start - timedelta(minutes=5)
    assert _run("publish-crl", "--data-dir", str(tmp_path)).exit_code == 0
    crl = x509.load_der_x509_crl((tmp_path / "ca" / "issuing.crl").read_bytes())
    assert crl.last_update_utc == start  # not after the server's clock: the server can sign with it


def test_verify_says_not_valid_when_a_party_field_is_signed_by_someone_else(pki, tmp_path):
    from contracts_builders import prepared_contract

    from contracts.signing import certify_sync, sign_field_sync

    setup = setup_bb()
    pdf = certify_sync(prepared_contract(), pki.department, setup)
    pdf = sign_field_sync(pdf, "Sig1_athlete", pki.signers["coach"], setup)  # a good certificate, of the wrong person
    (tmp_path / "c.pdf").write_bytes(pdf)
    result = _run("verify", str(tmp_path / "c.pdf"), "--data-dir", str(pki.ca.folder.parent))
    assert result.exit_code == 1, result.output
    assert "Phạm Quốc Hưng (CCCD 001085009876)" in result.output
    assert "party on the contract: VẬN ĐỘNG VIÊN: Nguyễn Thị Ánh Tuyết (CCCD 001308012345)" in result.output
    assert "NOT THE NAMED PARTY" in result.output and result.output.rstrip().endswith("NOT VALID")
