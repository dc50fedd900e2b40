"""Errors of the results domain; each has a stable code and a message in vi and en.

ResultsError
 +-- SettingsInvalid       results.settings_invalid      (400) a field of the results settings
 +-- NotSignable           results.not_signable          (409) results that cannot be signed (provisional, log broken)
 +-- SignatureRefused      results.signature_refused     (403) the caller is not the official who signs next
"""

from __future__ import annotations

from base.errors import ArenaError


class ResultsError(ArenaError):
    code, status = "results.error", 400
    vi = "Lỗi kết quả: {detail}"
    en = "Results error: {detail}"


class SettingsInvalid(ResultsError):
    code, status, fields = "results.settings_invalid", 400, ("field", "why")
    vi = "Thiết lập kết quả, mục «{field}»: {why}"
    en = "Results settings, {field}: {why}"


class NotSignable(ResultsError):
    code, status, fields = "results.not_signable", 409, ("why",)
    vi = "Chưa thể ký kết quả: {why}"
    en = "Results cannot be signed: {why}"


class SignatureRefused(ResultsError):
    code, status, fields = "results.signature_refused", 403, ("why",)
    vi = "Không ký được: {why}"
    en = "Cannot sign: {why}"
