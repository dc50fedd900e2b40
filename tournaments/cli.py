"""``arena draw ...``: check draws as anyone can.

``arena draw verify --log FILE`` checks a competition's published log (downloaded from
``/api/tournaments/competitions/<id>/log``) without the database; ``arena draw verify
--competition ID`` checks the installation's own log. Exit codes: 0 every draw and the chain
check out; 1 something does not; 2 bad usage or an unreadable file.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import click

from tournaments.proof import check_log


@click.group("draw")
def draw() -> None:
    """Draws anyone can check."""


@draw.command("verify")
@click.option("--log", "log_file", type=click.Path(dir_okay=False, path_type=Path), help="A published log (JSON from the API).")
@click.option("--competition", type=int, help="Check this installation's log of the competition.")
@click.pass_context
def verify(ctx: click.Context, log_file: Path | None, competition: int | None) -> None:
    """Recompute every draw of a competition's log and say whether each matches."""
    if (log_file is None) == (competition is None):
        raise click.UsageError("give --log FILE or --competition ID")
    if log_file is not None:
        try:
            data = json.loads(log_file.read_text(encoding="utf-8"))
            rows = data["rows"] if isinstance(data, dict) else data
        except (OSError, ValueError, KeyError, TypeError) as exc:
            click.echo(f"Không đọc được nhật ký {log_file}: {exc}", err=True)
            ctx.exit(2)
    else:
        assert competition is not None
        rows = asyncio.run(_rows(ctx, competition))
    try:
        report = check_log(rows)
    except (KeyError, ValueError, TypeError) as exc:
        click.echo(f"Nhật ký không đúng định dạng: {exc}", err=True)
        ctx.exit(2)
    chain = report["chain"]
    click.echo(
        ("✓" if chain["ok"] else "✗")
        + f" Chuỗi băm của nhật ký: {chain['rows']} dòng"
        + ("" if chain["ok"] else f", hỏng từ dòng {chain['broken_at']}")
    )
    for d in report["draws"]:
        click.echo(("✓" if d["ok"] else "✗") + f" Bốc thăm hạng {d['category']}")
        for c in d["checks"]:
            click.echo(("    ✓ " if c["ok"] else "    ✗ ") + c["what"])
    if not report["draws"]:
        click.echo("Nhật ký chưa có lần bốc thăm nào")
    ctx.exit(0 if report["ok"] else 1)


async def _rows(ctx: click.Context, competition: int) -> list[dict[str, Any]]:
    from base.db import create_engine, session_factory
    from base.settings import load_settings
    from tournaments import log

    overrides = {k: v for k, v in (ctx.find_root().obj or {}).get("overrides", {}).items() if v is not None}
    settings = load_settings(**overrides)
    engine = create_engine(settings)
    try:
        async with session_factory(engine)() as session:
            return [log.published(r) for r in await log.rows(session, competition)]
    finally:
        await engine.dispose()
