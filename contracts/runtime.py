"""What a running server keeps loaded for contracts: the CA, the department's signer, the signing
setup (B-LT with our CRLs, B-T when a TSA is configured) and the PDF store, one per data dir.

Signing runs in worker threads (never on the event loop) and one at a time per process, since
the per-field signature settings and the stamp font's subsets are shared. What is loaded here holds no
moment: the validation context built at load is a template (trust roots, certificates, CRLs
parsed once); every signing validates at its own ``clock()`` (``SigningSetup.context_at``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from asn1crypto import crl as asn1_crl
from cryptography import x509
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator import ValidationContext

from base.settings import Settings
from contracts.ca import CRL_VALID_DAYS, CertificateAuthority
from contracts.fonts import stamp_font
from contracts.signing import CachedKeySigner, SigningSetup, to_asn1
from contracts.store import PdfStore
from contracts.verify import TrustSettings

# Re-publish when less than this much validity is left: a B-LT signature embeds the CRL, and a
# stale one would make the signing-time check (hard-fail) refuse to sign.
CRL_REFRESH_MARGIN = timedelta(days=CRL_VALID_DAYS - 1)


@dataclass
class ContractsRuntime:
    data_dir: Path
    tsa_url: str
    store: PdfStore
    ca: CertificateAuthority | None = None
    department: CachedKeySigner | None = None
    setup: SigningSetup | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self) -> None:
        """(Re)load the CA and build the signing setup; raises CaError when there is no CA."""
        ca = CertificateAuthority.open(self.data_dir)
        cert, key = ca.department_key()
        self.ca, self.department = ca, CachedKeySigner(cert, key, self.chain(ca))
        root_crl, issuing_crl = (asn1_crl.CertificateList.load(d) for d in ca.crls_der())
        # Our chain's CRLs are always known and embedded. A TSA's chain (roots in ca/tsa/*.pem) is
        # checked too when its token is embedded; its revocation data is not fetched (venues are
        # often offline), hence soft-fail when a TSA is configured. A template: its own moment (the
        # system's now at load) is never used; each signing derives a context at its moment.
        context = ValidationContext(
            trust_roots=[to_asn1(ca.root_cert), *map(to_asn1, self.pem_dir("tsa"))],
            other_certs=[to_asn1(ca.issuing_cert)],
            crls=[root_crl, issuing_crl],
            allow_fetching=False,
            revocation_mode="soft-fail" if self.tsa_url else "hard-fail",
        )
        stamper = HTTPTimeStamper(self.tsa_url) if self.tsa_url else None
        self.setup = SigningSetup(stamp_font(self.data_dir / "cache"), validation_context=context, timestamper=stamper)

    @staticmethod
    def chain(ca: CertificateAuthority) -> list[x509.Certificate]:
        return [ca.issuing_cert, ca.root_cert]

    def ready(self, now: datetime) -> tuple[CertificateAuthority, CachedKeySigner, SigningSetup]:
        """The loaded CA, department signer and setup, with CRLs fresh enough to sign."""
        if self.ca is None:
            self.load()
        assert self.ca is not None
        crl = x509.load_der_x509_crl(self.ca.crls_der()[1])
        if crl.next_update_utc is None or crl.next_update_utc - now < CRL_REFRESH_MARGIN:
            self.ca.publish_crls(now)
            self.load()
        assert self.ca is not None and self.department is not None and self.setup is not None
        return self.ca, self.department, self.setup

    def after_revocation(self) -> None:
        self.load()

    def pem_dir(self, name: str) -> list[x509.Certificate]:
        folder = self.data_dir / "ca" / name
        return [x509.load_pem_x509_certificate(p.read_bytes()) for p in sorted(folder.glob("*.pem"))] if folder.is_dir() else []

    def extra_roots(self) -> list[x509.Certificate]:
        """Roots trusted besides our own: licensed CAs (ca/trusted/*.pem) and TSAs (ca/tsa/*.pem)."""
        return self.pem_dir("trusted") + self.pem_dir("tsa")

    def trust(self, moment: datetime | None = None) -> TrustSettings:
        """Our root with its current CRLs (so revocations show) plus the accepted licensed CAs,
        validating at ``moment`` (the app's clock; None: the system's now at each check)."""
        roots = [to_asn1(c) for c in self.extra_roots()]
        others, crls = [], []
        if (self.data_dir / "ca" / "root.crt").exists():
            ca = self.ca or CertificateAuthority.open(self.data_dir)
            roots.append(to_asn1(ca.root_cert))
            others.append(to_asn1(ca.issuing_cert))
            crls = [asn1_crl.CertificateList.load(d) for d in ca.crls_der()]
        return TrustSettings(tuple(roots), tuple(others), tuple(crls), moment=moment)


_RUNTIMES: dict[Path, ContractsRuntime] = {}
_RUNTIMES_LOCK = threading.Lock()


def runtime_for(settings: Settings) -> ContractsRuntime:
    """The process-wide runtime of ``settings.data_dir`` (keys parsed once, signers reused)."""
    data_dir = settings.data_dir.resolve()
    with _RUNTIMES_LOCK:
        found = _RUNTIMES.get(data_dir)
        if found is None:
            tsa_url = settings.tsa_url
            found = _RUNTIMES[data_dir] = ContractsRuntime(data_dir, tsa_url, PdfStore(data_dir / "contracts" / "pdf"))
        return found
