"""`arena score SHEET`: recompute official results from a score sheet offline (no server), so an
auditor can check any result. The assembly mounts ``score`` into the ``arena`` click group (and
imports this module only when ``score`` runs: keep its imports to the rule engine).

Exit codes: 0 every row scored; 1 the sheet or rule set cannot be used (nothing scored);
2 a usage error (click); 3 the sheet was read but some rows were not scored (bad cells).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from scoring.rules.catalog import load_ruleset, parse_ruleset_file
from scoring.rules.contest import ContestScore
from scoring.rules.errors import InputInvalid, RuleError
from scoring.rules.live import score_contest
from scoring.rules.ruleset import RuleSet
from scoring.rules.sheet import Problem, SheetContest, format_total, parse_sheet, total_places
from scoring.rules.skating_sheet import SkaterSegment, parse_skating_sheet, places

EXIT_ROWS_NOT_SCORED = 3


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    where: str
    ruleset: RuleSet
    score: ContestScore | None
    problems: tuple[Problem, ...]


def _score(contest: SheetContest) -> _Row:
    """Score one row; any cell the rule set refuses, here or in the fold, means no result."""

    def row(score: ContestScore | None, problems: tuple[Problem, ...]) -> _Row:
        return _Row(contest.name, contest.where, contest.ruleset, score, problems)

    if contest.problems:
        return row(None, contest.problems)
    try:
        result = score_contest(contest.ruleset, contest.events)
    except InputInvalid as exc:
        return row(None, (Problem(contest.where, exc.detail or exc.message("en")),))
    refused = tuple(Problem(contest.sources.get(i["seq"], contest.where), str(i["reason"])) for i in result.ignored)
    if refused:
        return row(None, refused)
    if any(side.total is None for side in result.sides.values()):
        return row(None, (Problem(contest.where, "too few marks to give a score (see --explain)"),))
    return row(result, ())


def _skater_row(ruleset: RuleSet, skater: SkaterSegment) -> _Row:
    return _Row(skater.name, skater.where, ruleset, skater.score, tuple(skater.problems))


def _skating_ruleset(ruleset: RuleSet | str | None) -> RuleSet | None:
    """The rule set when it is a figure skating one (its protocols are CSV sheets of their own)."""
    if isinstance(ruleset, str):
        try:
            ruleset = load_ruleset(ruleset)
        except RuleError:
            return None  # parse_sheet names the unknown rule set
    return ruleset if ruleset is not None and ruleset.kind == "skating" else None


def _load_ruleset_file(path: Path) -> RuleSet:
    if path.suffix != ".toml":
        raise click.BadParameter(f"{path} is not a .toml rule-set file", param_hint="--ruleset-file")
    return parse_ruleset_file(path.read_text(encoding="utf-8"), str(path), path.stem)


@click.command("score")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ruleset", "ruleset_id", help="Rule set id (CSV sheets need one, or --ruleset-file; overrides a JSON sheet's).")
@click.option(
    "--ruleset-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A custom rule-set TOML file (validated as the shipped ones; its id is its file name), instead of --ruleset.",
)
@click.option("--format", "out_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--explain", is_flag=True, help="Show why each score is what it is (dropped marks, rules).")
@click.pass_context
def score(ctx: click.Context, sheet: Path, ruleset_id: str | None, ruleset_file: Path | None, out_format: str, explain: bool) -> None:
    """Compute the results of SHEET (.json or .csv, see docs/scoring.md) and print them.

    A row with a bad cell is printed as "-" with the cell (line and column) and the reason; the
    exit code is then 3. A sheet that cannot be read (header, rule set) exits 1 and scores nothing.
    """
    if ruleset_id is not None and ruleset_file is not None:
        raise click.UsageError("give --ruleset or --ruleset-file, not both")
    fmt = "csv" if sheet.suffix.lower() == ".csv" else "json"
    try:
        ruleset: RuleSet | str | None = _load_ruleset_file(ruleset_file) if ruleset_file is not None else ruleset_id
        text = sheet.read_text(encoding="utf-8-sig")
        skating = _skating_ruleset(ruleset) if fmt == "csv" else None
        if skating is not None:
            rows = [_skater_row(skating, s) for s in parse_skating_sheet(text, sheet.name, skating)]
        else:
            rows = [_score(c) for c in parse_sheet(text, sheet.name, fmt, ruleset)]
    except RuleError as exc:
        raise click.ClickException(exc.message("en")) from None
    if out_format == "json":
        click.echo(json.dumps([_json_row(row, explain) for row in rows], ensure_ascii=False, indent=2))
    else:
        for row in rows:
            _print_row(row, explain)
    bad = sum(1 for row in rows if row.problems)
    if bad:
        click.echo(f"{bad} of {len(rows)} rows not scored", err=True)
        ctx.exit(EXIT_ROWS_NOT_SCORED)


def _totals(row: _Row) -> dict[str, str | None]:
    if row.score is None:
        return {side: None for side in row.ruleset.sides}
    out: dict[str, str | None] = {}
    for side, value in row.score.sides.items():
        skating = row.ruleset.skating
        shown = places(skating) if skating is not None else total_places(row.ruleset, value.detail.get("params"))
        out[side] = None if value.total is None else format_total(value.total, shown)
    return out


def _print_row(row: _Row, explain: bool) -> None:
    r = row.score
    sides = "  ".join(f"{s}: {v if v is not None else '-'}" for s, v in _totals(row).items())
    decided = f"  winner: {r.winner} ({r.method})" if r is not None and (r.winner or r.method) else ""
    click.echo(f"{row.name}\t{sides}{decided}")
    for problem in row.problems:
        click.echo(f"  ! {problem.where}: {problem.reason}")
    if explain and r is not None:
        for line in r.explanation.lines():
            click.echo(f"    {line}")


def _json_row(row: _Row, explain: bool) -> dict[str, Any]:
    r = row.score
    errors = [{"where": p.where, "reason": p.reason} for p in row.problems]
    if r is None:
        return {"name": row.name, "where": row.where, "errors": errors, "sides": {s: {"total": None} for s in _totals(row)}}
    item: dict[str, Any] = {"name": row.name, "where": row.where, "errors": errors, **r.as_dict()}
    for side, total in _totals(row).items():
        item["sides"][side]["total"] = total
    if not explain:
        item.pop("explanation")
    return item
