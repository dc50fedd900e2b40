"""`arena score SHEET`: recompute official results from a score sheet offline (no server), so an
auditor can check any result. The lead mounts ``score`` into the ``arena`` click group.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from scoring.rules.errors import RuleError
from scoring.rules.live import score_contest
from scoring.rules.rounding import plain
from scoring.rules.sheet import parse_sheet


@click.command("score")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ruleset", "ruleset_id", help="Rule set id (required for CSV sheets; overrides a JSON sheet's).")
@click.option("--format", "out_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--explain", is_flag=True, help="Show why each score is what it is (dropped marks, rules).")
def score(sheet: Path, ruleset_id: str | None, out_format: str, explain: bool) -> None:
    """Compute the results of SHEET (.json or .csv, see docs/scoring.md) and print them."""
    fmt = "csv" if sheet.suffix.lower() == ".csv" else "json"
    try:
        contests = parse_sheet(sheet.read_text(encoding="utf-8"), sheet.name, fmt, ruleset_id)
        results = [(c, score_contest(c.ruleset, c.events)) for c in contests]
    except RuleError as exc:
        raise click.ClickException(exc.message("en")) from None
    if out_format == "json":
        payload = [{"name": c.name, **r.as_dict()} for c, r in results]
        if not explain:
            for item in payload:
                item.pop("explanation")
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for c, r in results:
        sides = "  ".join(f"{s}: {plain(v.total) if v.total is not None else '-'}" for s, v in r.sides.items())
        decided = f"  winner: {r.winner} ({r.method})" if r.winner or r.method else ""
        click.echo(f"{c.name}\t{sides}{decided}")
        for refused in r.ignored:
            click.echo(f"  ! ignored event {refused['seq']} ({refused['kind']}): {refused['reason']}")
        if explain:
            for line in r.explanation.lines():
                click.echo(f"    {line}")
