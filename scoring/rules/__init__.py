"""The rule engine: turns judges' marks and presses into official results. Pure: no I/O beyond
reading its own rule-set files, no database, no web framework. See docs/scoring.md.
"""

from scoring.rules.catalog import list_rulesets, load_ruleset
from scoring.rules.contest import ContestScore, LogEvent, SideScore
from scoring.rules.errors import InputInvalid, RuleError, RuleSetInvalid, RuleSetNotFound, SheetInvalid
from scoring.rules.explanation import Explanation, Step
from scoring.rules.live import ContestFold, check_payload, input_spec, score_contest
from scoring.rules.ranking import tiebreak_values
from scoring.rules.rounding import Rounding
from scoring.rules.ruleset import RuleSet, parse_ruleset
from scoring.rules.trimming import trim, trim_groups

__all__ = [
    "ContestFold",
    "ContestScore",
    "Explanation",
    "InputInvalid",
    "LogEvent",
    "RuleError",
    "RuleSet",
    "RuleSetInvalid",
    "RuleSetNotFound",
    "Rounding",
    "SheetInvalid",
    "SideScore",
    "Step",
    "check_payload",
    "input_spec",
    "list_rulesets",
    "load_ruleset",
    "parse_ruleset",
    "score_contest",
    "tiebreak_values",
    "trim",
    "trim_groups",
]
