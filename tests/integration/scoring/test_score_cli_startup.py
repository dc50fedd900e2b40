"""`arena score` loads only the rule engine: not the PDF signing of contracts (pyhanko, reportlab)
nor the device bridge. The `arena` group mounts each domain's command when it is used. No timing
is asserted (timed assertions are banned): the modules a real run imports are."""

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[3]
SHEET = ROOT / "fixtures" / "score_sheets" / "diving-individual.csv"
HEAVY = ("pyhanko", "reportlab", "contracts.signing", "contracts.cli", "devices.cli", "devices.bridge", "litestar", "sqlalchemy")

PROBE = """
import sys
from assembly.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    print("exit", exc.code)
print("loaded", sorted(m for m in {heavy!r} if m in sys.modules))
"""


def probe(*args: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return out.stdout.splitlines()


def test_arena_score_does_not_import_pyhanko_reportlab_or_other_domains():
    lines = probe("score", str(SHEET), "--ruleset", "diving-individual-7@2025")
    assert lines[0] == "PENG Jianfeng 5154B\tathlete: 81.60"
    assert lines[-2:] == ["exit 0", "loaded []"]


def test_arena_score_help_does_not_import_them_either():
    assert probe("score", "--help")[-1] == "loaded []"


def test_arena_help_still_lists_every_command_with_its_help():
    from assembly.cli import main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    for name, words in [
        ("score", "Compute the results"),
        ("devices", "Judge keypads"),
        ("contracts", "Digitally signed"),
        ("db", "Database"),
    ]:
        assert any(line.split()[:1] == [name] and words in line for line in result.output.splitlines()), result.output


def test_devices_and_contracts_commands_still_run():
    from assembly.cli import main

    for group, sub in [("devices", "simulate"), ("contracts", "verify")]:
        result = CliRunner().invoke(main, [group, "--help"])
        assert result.exit_code == 0, result.output
        assert sub in result.output
