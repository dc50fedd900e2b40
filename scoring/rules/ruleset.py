"""Rule sets are data: the schema of a rule-set file and its validation on load.

One TOML file per rule set (name, version, sport, source document, kind, every parameter).
``parse_ruleset`` refuses a bad file with a RuleSetInvalid naming the file and the field.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from scoring.rules.errors import RuleSetInvalid
from scoring.rules.rounding import NO_ROUNDING, Rounding
from scoring.rules.validation import check_ruleset

Name = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._@+:-]*$", max_length=64)]
ZERO = Decimal(0)
ONE = Decimal(1)


class _Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Subclasses repeat ``frozen=True``: msgspec inherits it, type checkers want to see it."""


class DeductionCode(_Struct, frozen=True):
    """A deduction a judge records by its code (wushu taolu panel A): a fixed amount each time."""

    code: Name
    amount: Decimal
    label: str = ""


class Component(_Struct, frozen=True):
    """One panel component (E, D, S, technical...) and how its marks are trimmed and weighted."""

    name: Name
    label: str = ""
    seats: tuple[Name, ...] = ()
    groups: tuple[tuple[Name, ...], ...] = ()  # judges split by diver (11-judge synchro)
    min: Decimal = ZERO
    max: Decimal = Decimal(10)
    step: Decimal | None = None
    drop_high: int = 0
    drop_low: int = 0
    aggregate: Literal["sum", "mean"] = "sum"
    pooled: bool = False  # trim all groups as one panel (9-judge synchro)
    small_panel: dict[str, tuple[int, int]] = {}  # marks present -> (drop high, drop low)
    # "deduction": value = base - aggregate; "codes": judges record deduction codes, a code counts
    # as often as ``quorum`` judges recorded it, value = base - the confirmed deductions
    input: Literal["mark", "deduction", "codes"] = "mark"
    codes: tuple[DeductionCode, ...] = ()
    quorum: int = 0
    base: Decimal = Decimal(10)
    weight: Decimal = ONE
    rounding: Rounding = NO_ROUNDING

    @property
    def all_seats(self) -> tuple[str, ...]:
        return self.seats or tuple(s for g in self.groups for s in g)

    @property
    def seat_groups(self) -> tuple[tuple[str, ...], ...]:
        return self.groups or (self.seats,)


class PanelPenalty(_Struct, frozen=True):
    """A referee's penalty on a judged performance (World Aquatics 2-point deduction, FIG neutral)."""

    code: Name
    effect: Literal["marks-minus", "marks-cap", "zero", "subtract"]
    label: str = ""
    amount: Decimal | None = None  # None: the amount comes with the penalty event


class Panel(_Struct, frozen=True):
    components: tuple[Component, ...]
    multipliers: tuple[Name, ...] = ()  # per-contest params multiplied in, e.g. "dd"
    factor: Decimal = ONE  # constant factor, e.g. 0.6 for synchro diving
    rounding: Rounding = NO_ROUNDING  # of the final score
    missing: Literal["shrink", "replace-mean"] = "shrink"
    penalties: tuple[PanelPenalty, ...] = ()
    floor: Decimal | None = ZERO
    # How a judged ranking orders equal totals: comparators, higher value first, ending in "tied"
    # (still equal: the place is shared): "higher:<component>[+<component>]" (the component's
    # score), "marks:<component>" (all its judges' scores, none cancelled), "top-<n>:<component>"
    # (its n highest judges' scores). ("tied",): equal totals share the place (diving); FIG
    # artistic: ("higher:E", "higher:D", "tied"); scoring.rules.ranking reads the values.
    tiebreak: tuple[str, ...] = ("tied",)


class Button(_Struct, frozen=True):
    value: Decimal
    label: str
    code: Name | None = None
    category: Name = "point"
    sides: tuple[Name, ...] = ()  # empty: every side


class Consensus(_Struct, frozen=True):
    """Button scoring: a point is valid when ``quorum`` seats press the same key within ``window``."""

    seats: tuple[Name, ...]
    quorum: int
    window: Decimal  # seconds, on server receipt time
    buttons: tuple[Button, ...]
    anchor: Literal["first", "pairwise"] = "first"
    bound: Literal["inclusive", "exclusive"] = "inclusive"
    match: Literal["side-value", "side-code"] = "side-value"
    # seconds: a seat's second press of the same key less than this after its last counted one is a
    # bounce (counted once); any later press is another scoring action. 0 turns it off.
    debounce: Decimal = Decimal("0.1")


class BoutPenalty(_Struct, frozen=True):
    code: Name
    label: str = ""
    opponent_points: Decimal = ZERO
    own_points: Decimal = ZERO  # negative: deducted from the penalised side (pencak silat)
    counts: int = 1  # weight towards the penalty count and limit
    disqualifies: bool = False
    revokes_senshu: bool = False


class Bout(_Struct, frozen=True):
    rounds: int
    match: Literal["rounds-won", "total"]
    point_gap: Decimal | None = None
    point_gap_scope: Literal["round", "match"] = "match"
    penalty_limit: int | None = None  # this many penalty counts loses the round / the bout
    penalty_limit_scope: Literal["round", "match"] = "match"
    penalties: tuple[BoutPenalty, ...] = ()
    senshu: bool = False  # WKF: first unopposed score wins a tie
    round_tiebreak: tuple[str, ...] = ()
    tiebreak: tuple[str, ...] = ("referee_decision",)


class Cards(_Struct, frozen=True):
    """10-point-must cards (boxing): each judge scores each round."""

    seats: tuple[Name, ...]
    rounds: int
    must: Decimal = Decimal(10)
    min: Decimal = Decimal(6)
    penalties: tuple[BoutPenalty, ...] = ()
    even_card: Literal["judge-must-choose", "counts-even"] = "judge-must-choose"


class SovRow(_Struct, frozen=True):
    """One element of an ISU Scale of Values table (seasons before 2018/19): its base value, the
    reduced values the table prints beside it (V, V1), and the value of each GOE grade, from
    ``goe_min`` to ``goe_max`` (grade 0 is worth 0)."""

    element: Name
    base: Decimal
    goe: tuple[Decimal, ...]
    reduced: tuple[Decimal, ...] = ()  # V, V1 as printed (evidence; the protocol's base value is used)


class Skating(_Struct, frozen=True):
    """ISU judging system parameters (rule 353) of one edition of the Scale of Values.

    ``goe_values = "percent"``: a grade is worth 10% of the base value (2018/19 on); ``"table"``:
    each grade's value is read from the edition's Scale of Values (``table``), an element the
    table does not hold is an error (its panel GOE must then come from the protocol)."""

    judges: tuple[Name, ...]
    edition: str  # the Scale of Values encoded, e.g. "2017-18" (ISU Communication 2089)
    seasons: tuple[str, ...]  # the protocols' seasons this rule set scores, e.g. ("2017-18",)
    goe_min: int = -5
    goe_max: int = 5
    goe_values: Literal["percent", "table"] = "percent"
    table: tuple[SovRow, ...] = ()
    drop_high: int = 1
    drop_low: int = 1
    small_panel: dict[str, tuple[int, int]] = {}
    goe_rounding: Rounding = NO_ROUNDING
    component_min: Decimal = Decimal("0.25")
    component_max: Decimal = Decimal(10)
    component_step: Decimal = Decimal("0.25")
    component_rounding: Rounding = NO_ROUNDING
    factored_rounding: Rounding = NO_ROUNDING  # each component x factor
    components: tuple[Name, ...] = ()


class RuleSet(_Struct, frozen=True):
    id: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9._@-]*$", max_length=64)]
    name: str
    version: str
    sport: Name
    source: str
    kind: Literal["panel", "buttons", "cards", "skating"]
    sides: tuple[Name, ...]
    rounding: Rounding = NO_ROUNDING
    notes: str = ""
    panel: Panel | None = None
    consensus: Consensus | None = None
    bout: Bout | None = None
    cards: Cards | None = None
    skating: Skating | None = None


def _dec_hook(tp: type, obj: Any) -> Any:
    if tp is Rounding:
        if not isinstance(obj, str):
            raise TypeError(f"rounding must be a string, got {type(obj).__name__}")
        return Rounding.parse(obj)
    raise NotImplementedError(tp)


def parse_ruleset(text: str, origin: str) -> RuleSet:
    """Parse and validate one rule-set file's text; ``origin`` names the file in errors.

    TOML floats are read as exact Decimals. Raises RuleSetInvalid(origin, field, detail).
    """
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetInvalid(origin, "(toml)", str(exc)) from None
    try:
        ruleset = msgspec.convert(raw, RuleSet, dec_hook=_dec_hook)
    except msgspec.ValidationError as exc:
        message = str(exc)
        where = message.rsplit(" - at `", 1)[1].rstrip("`") if " - at `" in message else "$"
        raise RuleSetInvalid(origin, where, message.split(" - at `")[0]) from None
    check_ruleset(ruleset, origin)
    return ruleset
