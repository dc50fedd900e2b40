"""Appeal rules per sport (pure): deadline, fee, reviewable categories, quota, read from TOML.

One file per sport under ``policies/``; each value cites the article it comes from. A file with
an unknown key, a missing key or a bad value is refused when loaded, never half-used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

POLICY_DIR = Path(__file__).with_name("policies")


class PolicyInvalid(ValueError):
    """A policy file breaks the schema (the message names the file and the key)."""


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    label: str
    source: str
    needs_action: bool = False
    # A not-reviewable entry may name the rule set's score categories it covers (the ``category``
    # of a button in ``scoring/rules/rulesets/*.toml``): an action that is a point of one of them
    # is refused at filing, whatever category the coach chose (WT art. 21.2: trunk points).
    score_categories: tuple[str, ...] = ()
    label_vi: str = ""  # the Vietnamese label shown to people; the English label when empty
    source_vi: str = ""  # the article in Vietnamese ("Điều 21.1 (i)"); the English source when empty

    def shown_label(self, lang: str = "vi") -> str:
        return self.label_vi if lang == "vi" and self.label_vi else self.label

    def shown_source(self, lang: str = "vi") -> str:
        return self.source_vi if lang == "vi" and self.source_vi else self.source


@dataclass(frozen=True, slots=True)
class AppealPolicy:
    sport: str
    name: str
    source: str
    filer_role: str
    action_window_seconds: int
    after_contest_seconds: int
    fee_vnd: int
    quota_per_contest: int
    quota_kept_when_upheld: bool
    categories: tuple[Category, ...]
    not_reviewable: tuple[Category, ...]
    name_vi: str = ""  # the policy's name and rule document in Vietnamese (the English when empty)
    source_vi: str = ""

    def shown_name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" and self.name_vi else self.name

    def shown_source(self, lang: str = "vi") -> str:
        return self.source_vi if lang == "vi" and self.source_vi else self.source

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def forbidden(self, code: str) -> Category | None:
        return next((c for c in self.not_reviewable if c.code == code), None)

    def forbidden_score(self, score_category: str | None) -> Category | None:
        """The not-reviewable entry covering points of ``score_category``, if any."""
        if not score_category:
            return None
        return next((c for c in self.not_reviewable if score_category in c.score_categories), None)


_TOP = {
    "sport": str,
    "name": str,
    "source": str,
    "filer_role": str,
    "action_window_seconds": int,
    "after_contest_seconds": int,
    "fee_vnd": int,
    "quota_per_contest": int,
    "quota_kept_when_upheld": bool,
    "categories": list,
    "not_reviewable": list,
    "name_vi": str,
    "source_vi": str,
}
_CATEGORY = {"code": str, "label": str, "source": str, "needs_action": bool, "label_vi": str, "source_vi": str}
_FORBIDDEN = {**_CATEGORY, "score_categories": list}


def _check_keys(where: str, raw: dict[str, Any], schema: dict[str, type], optional: set[str]) -> None:
    unknown = set(raw) - set(schema)
    if unknown:
        raise PolicyInvalid(f"{where}: unknown key(s) {sorted(unknown)}")
    for key, kind in schema.items():
        if key not in raw:
            if key in optional:
                continue
            raise PolicyInvalid(f"{where}: missing {key}")
        value = raw[key]
        # bool is an int in Python: an int field must not take true/false.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise PolicyInvalid(f"{where}: {key} must be {kind.__name__}")
        if kind is int and isinstance(value, int) and value < 0:
            raise PolicyInvalid(f"{where}: {key} must not be negative")
        if kind is str and isinstance(value, str) and not value.strip():
            raise PolicyInvalid(f"{where}: {key} is empty")


def _categories(where: str, raw: list[Any], forbidden: bool = False) -> tuple[Category, ...]:
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise PolicyInvalid(f"{where}[{i}] must be a table")
        _check_keys(
            f"{where}[{i}]", item, _FORBIDDEN if forbidden else _CATEGORY, {"needs_action", "label_vi", "source_vi", "score_categories"}
        )
        fields = dict(item)
        scores = fields.pop("score_categories", [])
        if not all(isinstance(c, str) and c.strip() for c in scores):
            raise PolicyInvalid(f"{where}[{i}]: score_categories must be non-empty strings")
        out.append(Category(**fields, score_categories=tuple(scores)))
    codes = [c.code for c in out]
    if len(set(codes)) != len(codes):
        raise PolicyInvalid(f"{where}: duplicate category codes")
    return tuple(out)


def parse_policy(raw: dict[str, Any], where: str = "policy") -> AppealPolicy:
    """Build a policy from parsed TOML; raises PolicyInvalid naming the offending key."""
    _check_keys(where, raw, _TOP, {"not_reviewable", "name_vi", "source_vi"})
    categories = _categories(f"{where}.categories", raw["categories"])
    if not categories:
        raise PolicyInvalid(f"{where}: at least one reviewable category is needed")
    forbidden = _categories(f"{where}.not_reviewable", raw.get("not_reviewable", []), forbidden=True)
    clash = {c.code for c in categories} & {c.code for c in forbidden}
    if clash:
        raise PolicyInvalid(f"{where}: {sorted(clash)} both reviewable and not reviewable")
    if raw["quota_per_contest"] < 1:
        raise PolicyInvalid(f"{where}: quota_per_contest must be at least 1")
    fields = {k: raw[k] for k in _TOP if k not in ("categories", "not_reviewable") and k in raw}
    return AppealPolicy(**fields, categories=categories, not_reviewable=forbidden)


def load_policy_file(path: Path) -> AppealPolicy:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PolicyInvalid(f"{path.name}: {exc}") from None
    policy = parse_policy(raw, path.name)
    if policy.sport != path.stem:
        raise PolicyInvalid(f"{path.name}: sport {policy.sport!r} does not match the file name")
    return policy


@cache
def policy_for(sport: str) -> AppealPolicy | None:
    """The appeal policy of ``sport``, or None when the sport has no appeal rules here."""
    path = POLICY_DIR / f"{sport}.toml"
    if not sport.replace("-", "").isalnum() or not path.is_file():
        return None
    return load_policy_file(path)


def all_policies() -> list[AppealPolicy]:
    return [load_policy_file(p) for p in sorted(POLICY_DIR.glob("*.toml"))]
