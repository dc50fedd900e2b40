"""The tournament's PDFs issued through the register (``base.register``): each carries its code and
QR code on every page; asked again while what it shows did not change (the printing time aside), the
same bytes come back; once it changed, a new version supersedes the old one.

Subjects: ``bracket:<category>:<a4|a3>``, ``weigh-in:<category>``, ``entries:<category>``,
``sheets:category:<id>``, ``sheets:bout:<id>``, ``sheets:field:<id>:<count>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from base.register import DocumentKind, Issued, PageCallback, Register, content_digest, document_kind
from tournaments.documents import Heading

BRACKET = document_kind("tournaments.bracket", "Sơ đồ thi đấu", "Bracket")
WEIGH_IN = document_kind("tournaments.weigh_in", "Danh sách cân kiểm tra", "Weigh-in list")
ENTRIES = document_kind("tournaments.entries", "Danh sách đăng ký thi đấu", "Entry list")
SHEETS = document_kind("tournaments.score_sheets", "Biên bản thi đấu (phiếu giấy)", "Paper score sheets")
REASON = "Nội dung thay đổi sau khi in"


async def issue(
    register: Register,
    actor: Any,
    kind: DocumentKind,
    title: str,
    subject: str,
    heading: Heading,
    render: Callable[[PageCallback], bytes],
    shown: Any,
) -> Issued:
    """Issue ``render(stamp)``; ``shown`` (with the heading, without its printing time) says whether
    it changed since the current version."""
    return await register.issue(
        kind,
        title,
        subject,
        str(getattr(actor, "full_name", "") or getattr(actor, "username", "") or "Arena"),
        lambda code: render(register.stamp(code)),
        content=content_digest(replace(heading, printed=""), shown),
        reason=REASON,
        actor=actor,
        commit=True,
    )
