"""The rule sets shipped with arena: one TOML file per rule set in ``rulesets/``, named by its id.
Reading these package files is the only I/O of the rule engine; parsed rule sets are cached.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from scoring.rules.errors import RuleSetInvalid, RuleSetNotFound
from scoring.rules.ruleset import RuleSet, parse_ruleset

_DIR = "rulesets"


def _files() -> dict[str, resources.abc.Traversable]:
    root = resources.files("scoring.rules").joinpath(_DIR)
    return {f.name.removesuffix(".toml"): f for f in root.iterdir() if f.name.endswith(".toml")}


@cache
def load_ruleset(ruleset_id: str) -> RuleSet:
    """The shipped rule set with this id; raises RuleSetNotFound or RuleSetInvalid."""
    files = _files()
    if ruleset_id not in files:
        raise RuleSetNotFound(ruleset_id, detail=f"known: {sorted(files)}")
    return parse_ruleset_file(files[ruleset_id].read_text(encoding="utf-8"), f"rulesets/{ruleset_id}.toml", ruleset_id)


def parse_ruleset_file(text: str, origin: str, file_id: str) -> RuleSet:
    """A rule-set file's text validated as a shipped one is: the schema, the checks, and its
    ``id`` equal to the file name without ``.toml`` (``file_id``). Raises RuleSetInvalid."""
    ruleset = parse_ruleset(text, origin)
    if ruleset.id != file_id:
        raise RuleSetInvalid(origin, "id", f"id {ruleset.id!r} differs from the file name {file_id!r}")
    return ruleset


def list_rulesets() -> list[RuleSet]:
    """Every shipped rule set, sorted by id."""
    return [load_ruleset(i) for i in sorted(_files())]
