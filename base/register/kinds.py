"""What the register says about a document besides its bytes: its kind in words, its signers, and
the checks a domain registers to recheck a kind of document today (``register_checker``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the table module imports this one
    from base.db import AsyncSession
    from base.register.models import IssuedDocument


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """What a document is, in words for the public page (``key`` is stored, e.g. "athletes.voucher")."""

    key: str
    vi: str
    en: str


_KINDS: dict[str, DocumentKind] = {}


def document_kind(key: str, vi: str, en: str) -> DocumentKind:
    """Declare a kind of document (a domain's module constant); the public page names it in words."""
    kind = DocumentKind(key, vi, en)
    _KINDS[key] = kind
    return kind


def known_kind(key: str) -> DocumentKind:
    """The declared kind of ``key``; an undeclared one (its module not loaded) is "Giấy tờ"."""
    return _KINDS.get(key) or DocumentKind(key, "Giấy tờ", "Document")


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signed: a display name, the role title printed with the signature, and when."""

    name: str
    role: str
    at: datetime

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "at": self.at.isoformat()}

    @classmethod
    def of_json(cls, data: dict[str, Any]) -> Signer:
        return cls(str(data["name"]), str(data.get("role", "")), datetime.fromisoformat(str(data["at"])))


@dataclass(frozen=True, slots=True)
class Check:
    """A domain's answer about an issued document today, e.g. "the results still follow from the logs"."""

    ok: bool
    text_vi: str
    text_en: str


Checker = Callable[["AsyncSession", "IssuedDocument"], Awaitable[Check]]
_CHECKERS: dict[str, Checker] = {}


def register_checker(kind: str | DocumentKind, checker: Checker) -> None:
    """Have the public page of every document of ``kind`` show ``checker``'s answer (one checker a
    kind; registering again replaces it). Domains call it at app assembly."""
    _CHECKERS[kind.key if isinstance(kind, DocumentKind) else kind] = checker


def checker_for(kind: str) -> Checker | None:
    return _CHECKERS.get(kind)
