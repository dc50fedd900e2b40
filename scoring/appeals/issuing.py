"""The appeal record issued through the register (``base.register``): its code and QR code on every
page; asked again while nothing was added (votes, evidence, custody entries), the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from base.accounts.models import User
from base.register import Issued, Register, content_digest, document_kind
from scoring.appeals.report import appeal_pdf
from scoring.appeals.service import AppealService

APPEAL_RECORD = document_kind("scoring.appeal_record", "Biên bản khiếu nại", "Appeal record")


def _printed(record: dict[str, Any]) -> list[Any]:
    policy = record["policy"]
    return [record["appeal"], record["contest"], policy.source if policy else None, record["votes"], record["evidence"], record["custody"]]


async def appeal_record(
    register: Register, appeals: AppealService, user: User, appeal_id: int, gettext: Callable[[str, str], str] | None = None
) -> Issued:
    """The official record, always in Vietnamese (one registered paper per content, whoever asks);
    ``gettext(msgid, lang)`` gives the rule set's Vietnamese labels of the action appealed."""
    record = await appeals.record(user, appeal_id, (lambda m: gettext(m, "vi")) if gettext else str)
    appeal = record["appeal"]
    return await register.issue(
        APPEAL_RECORD,
        f"Biên bản khiếu nại số {appeal.id}",
        f"appeal:{appeal_id}",
        user.full_name or user.username,
        lambda code: appeal_pdf(record, stamp=register.stamp(code)),
        content=content_digest(*_printed(record)),
        facts={"state": appeal.state},
        reason="Biên bản ghi thêm diễn biến mới (phiếu biểu quyết, bằng chứng hoặc nhật ký lưu giữ)",
        actor=user,
        commit=True,
    )
