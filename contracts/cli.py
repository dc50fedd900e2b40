"""``arena contracts ...``: run the department CA, verify signed PDFs, render a template.

Mounted by the assembly's CLI (``assembly.cli``) as ``main.add_command(contracts_group)``. Exit codes:
0 success; 1 a verified file is not intact, not trusted or signed by someone other than the named
party; 2 bad usage or unreadable input.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from asn1crypto import crl as asn1_crl
from cryptography import x509

from base.settings import load_settings
from contracts.ca import CertificateAuthority, Identity
from contracts.errors import CaError, ContractError, UnreadablePdf
from contracts.signing import to_asn1
from contracts.verify import SignatureInfo, TrustSettings, VerificationReport, verify_pdf

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.hashes import SHA256

DATA_DIR = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ARENA_DATA_DIR",
    default=Path("var"),
    show_default=True,
    help="arena data directory (holds ca/)",
)


def _now() -> datetime:
    """Now by the installation's clock (the settings' one, as the server builds it), for what the CA dates:
    ``ARENA_CLOCK_START`` when set (a rehearsal: the instant the server's clock starts from, so
    nothing made here is dated after the server's now; a CRL issued "later" than the server's
    clock would stop every signing), else the system's now. ``verify`` checks at the system's now."""
    try:
        return load_settings(os.environ).clock()()
    except ValueError as exc:  # a bad ARENA_* value: say which, make nothing
        raise click.ClickException(f"settings: {exc}") from exc


def _open_ca(data_dir: Path) -> CertificateAuthority:
    try:
        return CertificateAuthority.open(data_dir)
    except CaError as exc:
        raise click.ClickException(exc.detail) from exc


@click.group("contracts")
def contracts() -> None:
    """Digitally signed contracts: certificate authority and verification."""


contracts_group = contracts  # the name tests and other code use; ``contracts`` is what arena.cli mounts


@contracts.command("init-ca")
@DATA_DIR
@click.option("--organisation", default="Sở Văn hóa và Thể thao", show_default=True)
@click.option(
    "--base-url",
    envvar="ARENA_PUBLIC_URL",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="public address; CRLs are published at BASE/contracts/ca/*.crl",
)
def init_ca(data_dir: Path, organisation: str, base_url: str) -> None:
    """Create the department CA under DATA_DIR/ca (refuses to overwrite an existing one)."""
    try:
        ca = CertificateAuthority.init(data_dir, organisation=organisation, base_url=base_url, now=_now())
    except CaError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"CA created in {ca.folder}")
    click.echo(f"root: {ca.root_cert.subject.rfc4514_string()}  sha256={ca.root_cert.fingerprint(_sha256()).hex()}")


def _sha256() -> SHA256:
    """The hash of certificate fingerprints."""
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


@contracts.command("issue-cert")
@DATA_DIR
@click.option("--name", required=True, help="full name as on the ID card")
@click.option("--national-id", required=True, help="CCCD number (12 digits; old CMND 9): a certificate names a person by it")
@click.option("--user-ref", default=None, help="arena user reference, e.g. user:42")
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True, help="signing PIN (>= 6 chars)")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="where to write the sealed key (default DATA_DIR/ca/keys/SERIAL.json)",
)
def issue_cert(data_dir: Path, name: str, national_id: str, user_ref: str | None, pin: str, out: Path | None) -> None:
    """Issue a certificate and a PIN-sealed private key to a person."""
    ca = _open_ca(data_dir)
    try:
        issued = ca.issue_with_pin(Identity(name, national_id, user_ref), pin, _now())
    except ContractError as exc:
        raise click.ClickException(str(exc)) from exc
    serial = f"{issued.certificate.serial_number:x}"
    target = out or ca.folder / "keys" / f"{serial}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(issued.sealed_key)
    target.chmod(0o600)
    click.echo(f"serial {serial}\ncertificate {ca.folder / 'issued' / (serial + '.crt')}\nsealed key {target}")


@contracts.command("revoke")
@DATA_DIR
@click.argument("serial")
@click.option("--reason", type=click.Choice([r.name for r in x509.ReasonFlags]), default="unspecified")
def revoke(data_dir: Path, serial: str, reason: str) -> None:
    """Revoke the certificate with hex SERIAL and publish new CRLs."""
    ca = _open_ca(data_dir)
    try:
        ca.revoke(int(serial, 16), _now(), x509.ReasonFlags[reason])
    except (ValueError, CaError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"revoked {serial}; CRLs published in {ca.folder}")


@contracts.command("publish-crl")
@DATA_DIR
def publish_crl(data_dir: Path) -> None:
    """Re-issue both CRLs (run daily, e.g. from cron: they are valid for 7 days)."""
    ca = _open_ca(data_dir)
    ca.publish_crls(_now())
    click.echo(f"CRLs published in {ca.folder}")


def trust_from_ca(ca: CertificateAuthority | None, extra_roots: tuple[Path, ...] = (), revocation_mode: str = "soft-fail") -> TrustSettings:
    """Trust our CA's root (and current CRLs, so revocations show) plus extra PEM roots."""
    roots = [to_asn1(x509.load_pem_x509_certificate(p.read_bytes())) for p in extra_roots]
    others, crls = [], []
    if ca is not None:
        roots.append(to_asn1(ca.root_cert))
        others.append(to_asn1(ca.issuing_cert))
        crls = [asn1_crl.CertificateList.load(d) for d in ca.crls_der()]
    return TrustSettings(tuple(roots), tuple(others), tuple(crls), revocation_mode)


def _line(sig: SignatureInfo) -> str:
    when = sig.timestamp_time or sig.claimed_time
    stamp = f"{when:%Y-%m-%d %H:%M:%S %Z}" + (" (timestamp)" if sig.timestamp_time else " (signer's clock)") if when else "unknown time"
    kind = "certification" if sig.certification else "approval"
    flags = [
        ("OK" if sig.ok else "FAIL"),
        "intact" if sig.intact and sig.valid else "NOT INTACT",
        "trusted" if sig.trusted else "NOT TRUSTED",
        f"changed after: {sig.changes_after}",
    ]
    if sig.revoked:
        flags.append(f"REVOKED {sig.revoked_at:%Y-%m-%d}" if sig.revoked_at else "REVOKED")
    if sig.named_party is False:
        flags.append("NOT THE NAMED PARTY")
    chain = "\n      ".join(sig.chain)
    signer = f"{sig.signer_name} (CCCD {sig.signer_national_id or 'none'})"
    lines = [f"- {sig.field_name} ({kind}): {signer}, {stamp}"]
    if sig.party is not None:
        party = f"{sig.party.label or sig.party.role}: {sig.party.name} (CCCD {sig.party.national_id or 'not stated'})"
        lines.append(f"    party on the contract: {party}")
    return "\n".join(lines) + f"\n    {'; '.join(flags)}\n    chain:\n      {chain}"


def format_report(report: VerificationReport) -> str:
    lines = [_line(s) for s in report.signatures] + [f"! {p}" for p in report.problems]
    if not report.signatures:
        lines.append("no signatures")
    if report.signatures and not report.parties_match:
        lines.append("! signed by someone other than the party named on the contract")
    verdict = "VALID: every signature intact, trusted and by the named party" if report.bottom_line else "NOT VALID"
    return "\n".join(lines + [verdict])


@contracts.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ARENA_DATA_DIR",
    default=None,
    help="trust this installation's CA (default: ARENA_DATA_DIR if it has one)",
)
@click.option(
    "--trust-root",
    "trust_roots",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="also trust this root certificate (PEM), e.g. a licensed CA",
)
@click.option("--require-revocation-info", is_flag=True, help="untrusted unless revocation data is present")
@click.option("-v", "--verbose", is_flag=True, help="show pyhanko's own log (path building errors etc.)")
def verify(file: Path, data_dir: Path | None, trust_roots: tuple[Path, ...], require_revocation_info: bool, verbose: bool) -> None:
    """List every signature of FILE with its signer and the party the contract names; exit 0 only
    if all are intact, trusted and by the named party."""
    if not verbose:
        # pyhanko logs each failed path build with a traceback; the report below already says it.
        for name in ("pyhanko", "pyhanko_certvalidator"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    ca = CertificateAuthority.open(data_dir) if data_dir and (data_dir / "ca" / "root.crt").exists() else None
    trust = trust_from_ca(ca, trust_roots, "hard-fail" if require_revocation_info else "soft-fail")
    try:
        report = verify_pdf(file.read_bytes(), trust)
    except UnreadablePdf as exc:
        click.echo(exc.detail, err=True)
        raise SystemExit(2) from exc
    click.echo(format_report(report))
    raise SystemExit(0 if report.bottom_line else 1)


@contracts.command("render")
@click.argument("template_id")
@click.argument("fields_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def render(template_id: str, fields_json: Path, out: Path) -> None:
    """Render TEMPLATE_ID with values from FIELDS_JSON (dates as YYYY-MM-DD) to an unsigned PDF."""
    from contracts.documents import load_template
    from contracts.layout import FieldKind, build_layout
    from contracts.render import render_pdf

    try:
        template = load_template(template_id)
        raw = json.loads(fields_json.read_text(encoding="utf-8"))
        values = {k: date.fromisoformat(v) if template.field(k).kind is FieldKind.DATE else v for k, v in raw.items()}
        out.write_bytes(render_pdf(build_layout(template, values)))
    except (ContractError, KeyError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {out}")
