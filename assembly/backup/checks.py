"""What a restore proves about the installation it wrote, read back through the domains' own code:
every contest log's and competition log's hash chain, every issued document, contract PDF,
evidence file and photo against the SHA-256 its row keeps, the CA's chain and keys, and the
counts against the manifest. A negative answer is a value (``Check.failures``); nothing here
raises for a mismatch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from sqlmodel import col, select

from base.db import AsyncSession, create_engine, session_factory
from base.settings import Settings

# Names the summary prints, Vietnamese first (in the order checked).
LABELS = {
    "contests": "trận: chuỗi băm nhật ký / contests: log hash chain",
    "competition_logs": "nhật ký giải: chuỗi băm / competition logs: hash chain",
    "documents": "văn bản đã phát hành: SHA-256 / issued documents: SHA-256",
    "contract_pdfs": "PDF hợp đồng: SHA-256 / contract PDFs: SHA-256",
    "evidence": "chứng cứ: SHA-256 / evidence: SHA-256",
    "photos": "ảnh VĐV: SHA-256 / photos: SHA-256",
    "ca": "CA: chuỗi chứng thư và khóa / CA: certificate chain and keys",
}


@dataclass
class Check:
    name: str
    checked: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.name]

    def fail(self, line: str) -> None:
        self.failures.append(line)


async def check_installation(settings: Settings) -> list[Check]:
    """Every check of the restored ``settings`` (its database migrated to head)."""
    import assembly.registry  # noqa: F401  (every table mapped before the first query)

    engine = create_engine(settings)
    try:
        async with session_factory(engine)() as session:
            checks: list[Check] = []
            steps: list[tuple[str, Callable[[AsyncSession, Settings, Check], Awaitable[None]]]] = [
                ("contests", _contests),
                ("competition_logs", _competition_logs),
                ("documents", _documents),
                ("contract_pdfs", _contract_pdfs),
                ("evidence", _evidence),
                ("photos", _photos),
            ]
            for name, step in steps:
                check = Check(name)
                await step(session, settings, check)
                checks.append(check)
            ca = Check("ca")
            _ca(settings.data_dir, ca)
            if ca.checked:
                checks.append(ca)
            return checks
    finally:
        await engine.dispose()


async def _contests(session: AsyncSession, _settings: Settings, check: Check) -> None:
    from scoring.models import Contest
    from scoring.service import ContestLogService

    logs = ContestLogService(session)
    for contest in (await session.exec(select(Contest).order_by(col(Contest.id)))).all():
        assert contest.id is not None
        report = await logs.verify(contest.id)
        check.checked += 1
        name = f"trận “{contest.label}” (#{contest.id})" if contest.label else f"trận #{contest.id}"
        if not report["ok"]:
            check.fail(f"{name}: chuỗi băm hỏng ở sự kiện {report['broken_at']} / hash chain broken at event {report['broken_at']}")
        elif not report["final_hash_ok"]:
            check.fail(f"{name}: mã băm chốt trận không có trong chuỗi / the sealed final hash is not in the chain")


async def _competition_logs(session: AsyncSession, _settings: Settings, check: Check) -> None:
    from tournaments import log
    from tournaments.models import TournamentLog

    competitions = (await session.exec(select(TournamentLog.competition_id).distinct().order_by(col(TournamentLog.competition_id)))).all()
    for competition_id in competitions:
        report = log.verify(await log.rows(session, competition_id))
        check.checked += 1
        if not report["ok"]:
            check.fail(f"nhật ký giải #{competition_id}: chuỗi băm hỏng ở dòng {report['broken_at']} / broken at row {report['broken_at']}")


async def _documents(session: AsyncSession, settings: Settings, check: Check) -> None:
    from base.register import IssuedDocument
    from base.register.errors import StoredFileMissing
    from base.register.store import DocumentStore

    store = DocumentStore.for_settings(settings)
    rows = (await session.exec(select(IssuedDocument).where(IssuedDocument.sha256 != "").order_by(col(IssuedDocument.id)))).all()
    for doc in rows:
        check.checked += 1
        try:
            data = store.get(doc)
        except StoredFileMissing:
            check.fail(f"văn bản {doc.shown_code} ({doc.title}): tệp thiếu hoặc khác SHA-256 {doc.sha256} / file missing or changed")
            continue
        if doc.size and len(data) != doc.size:
            check.fail(f"văn bản {doc.shown_code}: {len(data)} byte, sổ ghi {doc.size} / size differs from the register")


async def _contract_pdfs(session: AsyncSession, settings: Settings, check: Check) -> None:
    from contracts.errors import ContractError
    from contracts.models import Contract, ContractDocument
    from contracts.store import PdfStore

    store = PdfStore(settings.data_dir / "contracts" / "pdf")
    wanted: dict[str, str] = {}
    for doc in (await session.exec(select(ContractDocument).order_by(col(ContractDocument.id)))).all():
        wanted.setdefault(doc.sha256, f"hợp đồng #{doc.contract_id}, bản {doc.revision}")
    for contract in (await session.exec(select(Contract).where(Contract.current_sha256 != ""))).all():
        wanted.setdefault(contract.current_sha256, f"hợp đồng #{contract.id}, bản hiện hành")
    for sha, name in wanted.items():
        check.checked += 1
        try:
            store.get(sha)
        except (ContractError, OSError):
            check.fail(f"{name}: PDF {sha[:16]}… thiếu hoặc đã bị đổi / missing or changed")


async def _evidence(session: AsyncSession, settings: Settings, check: Check) -> None:
    from scoring.appeals.models import Evidence
    from scoring.appeals.store import FilesystemBlobStore

    items = (await session.exec(select(Evidence).order_by(col(Evidence.id)))).all()
    if not items:
        return  # the store makes its folders when opened: none for an installation without evidence
    store = FilesystemBlobStore(settings.data_dir / "blobs")
    for item in items:
        for sha, what in ((item.sha256, "tệp"), (item.thumb_sha256, "ảnh xem trước")):
            if not sha:
                continue
            check.checked += 1
            if not await store.verify(sha):
                check.fail(
                    f"chứng cứ #{item.id} ({item.filename or item.kind}), {what} {sha[:16]}…: thiếu hoặc đã bị đổi / missing or changed"
                )


async def _photos(session: AsyncSession, settings: Settings, check: Check) -> None:
    from athletes.models import Athlete

    folder = settings.data_dir / "athletes" / "photos"
    for person in (await session.exec(select(Athlete).where(Athlete.photo_sha != "").order_by(col(Athlete.id)))).all():
        check.checked += 1
        path = folder / person.photo_sha
        if not path.is_file() or _sha256(path) != person.photo_sha:
            check.fail(f"ảnh của người #{person.id}: thiếu hoặc đã bị đổi / photo missing or changed")


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()


def _ca(data_dir: Path, check: Check) -> None:
    """The CA opens (its master key unseals the department's key), the issuing CA is the root's,
    and every certificate it issued is the issuing CA's. Nothing when there is no CA."""
    from contracts.ca import CertificateAuthority
    from contracts.errors import ContractError

    if not (data_dir / "ca" / "root.crt").exists():
        return
    check.checked += 1
    try:
        ca = CertificateAuthority.open(data_dir)
        cert, key = ca.department_key()
    except (ContractError, OSError, ValueError) as exc:
        check.fail(f"CA không mở được / the CA does not open: {exc}")
        return
    pairs = [("CA cấp phát / issuing CA", ca.issuing_cert, ca.root_cert), ("chứng thư của Sở / department", cert, ca.issuing_cert)]
    for path in sorted((data_dir / "ca" / "issued").glob("*.crt")):
        pairs.append((f"ca/issued/{path.name}", x509.load_pem_x509_certificate(path.read_bytes()), ca.issuing_cert))
    for name, child, parent in pairs:
        check.checked += 1
        try:
            child.verify_directly_issued_by(parent)
        except (InvalidSignature, ValueError, TypeError):
            check.fail(f"{name}: không do {parent.subject.rfc4514_string()} ký / not signed by its issuer")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():  # type: ignore[union-attr]
        check.fail("khóa của Sở không khớp chứng thư / the department's key does not match its certificate")
