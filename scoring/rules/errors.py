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
    code, status = "rules.error", 400
    vi = "Lỗi luật chấm điểm: {detail}"
    en = "Scoring rule error: {detail}"


class RuleSetInvalid(RuleError):
    code, status, fields = "rules.ruleset_invalid", 400, ("origin", "field", "detail")
    vi = "Bộ luật {origin} không hợp lệ ở trường {field}: {detail}"
    en = "Rule set {origin} is invalid at {field}: {detail}"


class RuleSetNotFound(RuleError):
    code, status, fields = "rules.ruleset_not_found", 404, ("ruleset_id",)
    vi = "Không có bộ luật {ruleset_id}"
    en = "No rule set {ruleset_id}"


class InputInvalid(RuleError):
    code, status, fields = "rules.input_invalid", 400, ("what", "detail")
    vi = "Dữ liệu chấm không hợp lệ ({what}): {detail}"
    en = "Invalid scoring input ({what}): {detail}"


class SheetInvalid(RuleError):
    code, status, fields = "rules.sheet_invalid", 400, ("origin", "where", "detail")
    vi = "Phiếu điểm {origin} lỗi ở {where}: {detail}"
    en = "Score sheet {origin} is invalid at {where}: {detail}"
