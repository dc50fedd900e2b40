"""The root of every domain's error tree, and how an error becomes an answer in vi or en.

ArenaError
 +-- NotFound                (404)   an id that does not exist
 +-- Forbidden               (403)   a role or binding that does not allow the action
 +-- NotAuthenticated        (401)   no session or token
 +-- InvalidInput            (400)   input that breaks a rule of the form or the message
 +-- Conflict                (409)   a state that does not allow the action now
 +-- BadLogin                (401)   wrong username or password
 +-- (each domain's root)    e.g. scoring.errors.ScoringError, contracts.errors.ContractError...

An error is a declaration: a stable ``code``, an HTTP ``status``, the ``fields`` it carries and two
message templates (``vi``, ``en``) formatted with them::

    class LoanClosed(AthletesError):
        code, status, fields = "athletes.loan_closed", 409, ("loan",)
        vi = "Phiếu mượn {loan} đã trả rồi"
        en = "Loan {loan} was already returned"

    raise LoanClosed(loan_id)          # or LoanClosed(loan=loan_id)

The one constructor is ArenaError's: positional values bind to ``fields`` in order, named values by
name; a missing, unknown or twice-given field is a TypeError. ``detail`` (the ``{detail}`` of a
template) is a keyword of every error, the one positional value of an error without fields, and
may be declared in ``fields`` where it is required. The values are kept in ``values`` (a dict, without
``detail``, which is ``self.detail``); ``str()`` is the English message. The constructor has no side effects.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ArenaError(Exception):
    code: ClassVar[str] = "arena.error"
    status: ClassVar[int] = 400
    fields: ClassVar[tuple[str, ...]] = ()
    vi: ClassVar[str] = "Có lỗi: {detail}"
    en: ClassVar[str] = "Error: {detail}"

    detail: str
    values: dict[str, object]

    def __init__(self, *args: object, detail: str | None = None, **named: object) -> None:
        name = type(self).__name__
        positional = self.fields or ("detail",)  # an error without fields takes its detail positionally
        if len(args) > len(positional):
            raise TypeError(f"{name} takes at most {len(positional)} positional value(s) {positional}, got {len(args)}")
        given = dict(zip(positional, args, strict=False))
        if detail is not None:
            named["detail"] = detail
        for key, value in named.items():
            if key in given:
                raise TypeError(f"{name} got {key!r} twice")
            given[key] = value
        unknown = sorted(set(given) - {*self.fields, "detail"})
        if unknown:
            raise TypeError(f"{name} has no field {', '.join(map(repr, unknown))}; it declares {self.fields}")
        missing = [field for field in self.fields if field not in given]
        if missing:
            raise TypeError(f"{name} needs {', '.join(map(repr, missing))}")
        self.detail = str(given.pop("detail", ""))
        self.values = given
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        template = self.vi if lang == "vi" else self.en
        try:
            return template.format(detail=self.detail, **self.values)
        except (KeyError, IndexError):
            return f"{template} ({self.detail})"

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"code": self.code, "message": self.message(lang), "detail": self.detail}


class NotFound(ArenaError):
    code, status, fields = "arena.not_found", 404, ("what",)
    vi = "Không tìm thấy {what}"
    en = "{what} not found"


class Forbidden(ArenaError):
    code, status = "arena.forbidden", 403
    vi = "Bạn không có quyền thực hiện thao tác này"
    en = "You are not allowed to do this"


class NotAuthenticated(ArenaError):
    code, status = "arena.not_authenticated", 401
    vi = "Cần đăng nhập"
    en = "Login required"


class InvalidInput(ArenaError):
    code, status = "arena.invalid_input", 400
    vi = "Dữ liệu không hợp lệ: {detail}"
    en = "Invalid input: {detail}"


class Conflict(ArenaError):
    code, status = "arena.conflict", 409
    vi = "Không thể thực hiện lúc này: {detail}"
    en = "Not possible now: {detail}"


class BadLogin(ArenaError):
    code, status = "accounts.bad_login", 401
    vi = "Sai tên đăng nhập hoặc mật khẩu"
    en = "Wrong username or password"


def all_error_classes() -> list[type[ArenaError]]:
    """Every error class loaded (the test imports every domain first)."""
    seen: list[type[ArenaError]] = []
    stack: list[type[ArenaError]] = [ArenaError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen
