"""Errors of the rule engine: bad rule-set files, bad marks, bad score sheets.

RuleError (rules.error, 400)
 +-- RuleSetInvalid   (rules.ruleset_invalid)   a rule-set file breaks its schema; names file and field
 +-- RuleSetNotFound  (rules.ruleset_not_found, 404)
 +-- InputInvalid     (rules.input_invalid)     a mark, press, card or penalty the rule set refuses
 +-- SheetInvalid     (rules.sheet_invalid)     an offline score sheet that cannot be read
"""

from __future__ import annotations

from base.errors import ArenaError


class RuleError(ArenaError):
    code = "rules.error"
    status = 400
    vi = "Lỗi luật chấm điểm: {detail}"
    en = "Scoring rule error: {detail}"


class RuleSetInvalid(RuleError):
    code = "rules.ruleset_invalid"
    vi = "Bộ luật {origin} không hợp lệ ở trường {field}: {detail}"
    en = "Rule set {origin} is invalid at {field}: {detail}"

    def __init__(self, origin: str, field: str, detail: str) -> None:
        super().__init__(detail, origin=origin, field=field)
        self.origin = origin
        self.field = field


class RuleSetNotFound(RuleError):
    code = "rules.ruleset_not_found"
    status = 404
    vi = "Không có bộ luật {ruleset_id}"
    en = "No rule set {ruleset_id}"

    def __init__(self, ruleset_id: str, detail: str = "") -> None:
        super().__init__(detail, ruleset_id=ruleset_id)
        self.ruleset_id = ruleset_id


class InputInvalid(RuleError):
    code = "rules.input_invalid"
    vi = "Dữ liệu chấm không hợp lệ ({what}): {detail}"
    en = "Invalid scoring input ({what}): {detail}"

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(detail, what=what)
        self.what = what


class SheetInvalid(RuleError):
    code = "rules.sheet_invalid"
    vi = "Phiếu điểm {origin} lỗi ở {where}: {detail}"
    en = "Score sheet {origin} is invalid at {where}: {detail}"

    def __init__(self, origin: str, where: str, detail: str) -> None:
        super().__init__(detail, origin=origin, where=where)
        self.origin = origin
        self.where = where
