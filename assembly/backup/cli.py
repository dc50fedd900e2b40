"""``arena backup`` and ``arena restore`` (mounted by ``assembly.cli``; docs/operations.md).

Exit codes: 0 done (and, for a restore, every check held); 1 restored, but a check failed (the
summary names it: do not serve from that folder); 2 refused (bad archive, a changed byte, a
non-empty target, a missing tool): nothing was written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from assembly.backup.restore import RestoreReport
    from assembly.backup.snapshot import BackupReport
    from base.errors import ArenaError
    from base.settings import Settings

COUNT_NAMES = {
    "competitions": "giải",
    "contests": "trận",
    "contest_events": "sự kiện trong nhật ký trận",
    "tournament_log": "dòng nhật ký giải",
    "people": "người (VĐV, HLV, ...)",
    "users": "tài khoản",
    "documents": "văn bản đã phát hành",
    "contracts": "hợp đồng",
    "contract_pdfs": "bản PDF hợp đồng",
    "evidence": "tệp chứng cứ",
}


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    from base.settings import load_settings

    group = (ctx.find_root().obj or {}).get("overrides", {})
    try:
        return load_settings(os.environ, **{**group, **{k: v for k, v in overrides.items() if v is not None}})
    except ValueError as exc:
        raise click.ClickException(f"settings: {exc}") from exc


def _refuse(exc: ArenaError) -> None:
    click.echo(f"Lỗi: {exc.message('vi')}\nError: {exc.message('en')}", err=True)
    raise SystemExit(2)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{n} byte"


def _seconds(s: float) -> str:
    return f"{s:.1f}".replace(".", ",") + " giây"


def _counts(counts: dict[str, int]) -> str:
    return " · ".join(f"{counts[k]} {label}" for k, label in COUNT_NAMES.items() if k in counts)


@click.command("backup")
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    help="A new file .tar (.tar.gz, .tgz) or a new folder, outside the data folder (e.g. on a USB stick).",
)
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), help="Data folder (default ./var).")
@click.option("--database-url", help="The server's database (default the data folder's SQLite).")
@click.pass_context
def backup(ctx: click.Context, target: Path, data_dir: Path | None, database_url: str | None) -> None:
    """Back up the database and every store while the server runs."""
    from assembly.backup.errors import BackupError
    from assembly.backup.snapshot import take_backup

    settings = _settings(ctx, data_dir=data_dir, database_url=database_url)
    try:
        report = take_backup(settings, target)
    except BackupError as exc:
        _refuse(exc)
        return
    click.echo(backup_summary(report, settings))


def backup_summary(report: BackupReport, settings: Settings) -> str:
    m = report.manifest
    at = settings.clock().local(m.created_at)
    kind = "SQLite" if m.database_kind == "sqlite" else "PostgreSQL"
    lines = [
        f"Đã sao lưu vào {report.path}",
        f"  lúc {at:%d/%m/%Y %H:%M:%S} (giờ {at.tzname()}), Arena {m.arena_version}, {kind}, lược đồ {m.alembic_revision or '(trống)'}",
        f"  {_counts(m.counts)}",
        f"  {len(m.files)} tệp, {_size(report.size)}, {_seconds(report.seconds)}",
    ]
    if m.skipped:
        lines.append("  Không chép: " + "; ".join(f"{s.path} ({s.reason.split(' / ')[0]})" for s in m.skipped))
    if report.unknown:
        lines.append(
            "  Chép thêm (không thuộc kho nào đã biết): " + ", ".join(report.unknown[:10]) + (" ..." if len(report.unknown) > 10 else "")
        )
    lines += [
        f"Mã kiểm tra (SHA-256 của manifest.json): {report.manifest_sha256}",
        f"  Ghi lại mã này; khi khôi phục: arena restore --from {report.path} --data-dir <thư mục trống> --expect-sha256 {report.manifest_sha256}",
    ]
    return "\n".join(lines)


@click.command("restore")
@click.option("--from", "archive", required=True, type=click.Path(path_type=Path), help="The backup (.tar, .tar.gz, .tgz or folder).")
@click.option("--data-dir", type=click.Path(path_type=Path), help="An empty (or new) data folder to restore into.")
@click.option("--database-url", help="For a PostgreSQL backup: an empty PostgreSQL database (postgresql+asyncpg://...).")
@click.option("--expect-sha256", default="", help="The manifest's SHA-256 printed by the backup: refuse any other.")
@click.pass_context
def restore(ctx: click.Context, archive: Path, data_dir: Path | None, database_url: str | None, expect_sha256: str) -> None:
    """Restore a backup into an empty data folder, then check every log chain and stored file."""
    from assembly.backup.errors import BackupError
    from assembly.backup.restore import restore as run_restore

    group = (ctx.find_root().obj or {}).get("overrides", {})
    target = data_dir or group.get("data_dir") or (Path(os.environ["ARENA_DATA_DIR"]) if os.environ.get("ARENA_DATA_DIR") else None)
    if target is None:
        raise click.UsageError("name the empty folder to restore into: --data-dir DIR")
    url = database_url if database_url is not None else (group.get("database_url") or "")
    try:
        report = run_restore(archive, Path(target), url, expect_sha256)
    except BackupError as exc:
        _refuse(exc)
        return
    click.echo(restore_summary(report))
    if not report.ok:
        raise SystemExit(1)


def restore_summary(report: RestoreReport) -> str:
    m = report.manifest
    kind = "SQLite" if m.database_kind == "sqlite" else "PostgreSQL"
    lines = [
        f"Đã khôi phục {report.archive} vào {report.data_dir}",
        f"  bản sao lưu lúc {m.created_at:%d/%m/%Y %H:%M:%S} UTC, Arena {m.arena_version}, {kind}, lược đồ {m.alembic_revision or '(trống)'}"
        + (f" (đã nâng lên {report.head_revision})" if report.head_revision != m.alembic_revision else ""),
        f"  {len(m.files)} tệp khớp SHA-256 của tệp kê khai {report.manifest_sha256}",
        f"  {_counts(report.counts)}",
        "Kiểm tra:",
    ]
    for check in report.checks:
        good = check.checked - len(check.failures)
        lines.append(f"  {'đúng' if not check.failures else 'SAI '} {good}/{check.checked} {check.label}")
        lines += [f"       - {line}" for line in check.failures[:50]]
        if len(check.failures) > 50:
            lines.append(f"       ... và {len(check.failures) - 50} lỗi nữa")
    for line in report.count_mismatches:
        lines.append(f"  SAI  số lượng {line}")
    failures = sum(len(c.failures) for c in report.checks) + len(report.count_mismatches)
    if failures:
        lines.append(f"CÓ {failures} LỖI: đừng chạy máy chủ trên thư mục này; hãy dùng một bản sao lưu khác. / {failures} FAILED CHECKS.")
    else:
        serve = f"arena serve --data-dir {report.data_dir}" + (" --database-url ..." if m.database_kind == "postgresql" else "")
        lines.append(f"Mọi thứ khớp ({_seconds(report.seconds)}). Chạy: {serve}")
    return "\n".join(lines)
