"""The athletes domain's PDFs issued through the register (``base.register``): each carries its code
and QR code on every page, and asking again while nothing changed serves the same bytes.

Subjects: ``voucher:<id>``, ``payment-report:<grouping and filters>``, ``loan:<id>`` (the handover
record gets a new version when the loan changes, e.g. once the item is returned).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from athletes import views
from athletes.documents import handover_pdf, report_pdf, voucher_pdf
from athletes.equipment import EquipmentService
from athletes.payments import PaymentService
from base.register import Issued, Register, content_digest, document_kind

VOUCHER = document_kind("athletes.voucher", "Bảng thanh toán chế độ", "Allowance payment voucher")
PAYMENT_REPORT = document_kind("athletes.payment_report", "Báo cáo chi chế độ", "Report of allowances paid")
HANDOVER = document_kind("athletes.handover", "Biên bản bàn giao dụng cụ", "Equipment handover record")


def issuer(actor: Any) -> str:
    """The name the register shows for whoever printed it (never an id)."""
    return str(getattr(actor, "full_name", "") or getattr(actor, "username", "") or "Arena")


async def voucher(register: Register, payments: PaymentService, voucher_id: int, actor: Any) -> Issued:
    row, lines = await payments.voucher(voucher_id)
    regimes = await payments.regime_names()
    team = await payments.team_name(row.team_id)
    return await register.issue(
        VOUCHER,
        f"Bảng thanh toán chế độ số {row.number}",
        f"voucher:{voucher_id}",
        issuer(actor),
        lambda code: voucher_pdf(row, lines, regimes, team, stamp=register.stamp(code)),
        content=content_digest(row, lines),
        facts={"number": row.number, "total": row.total},
        reason="Chứng từ thay đổi sau khi in",
        actor=actor,
        commit=True,
    )


async def payment_report(
    register: Register,
    payments: PaymentService,
    actor: Any,
    *,
    group_by: str,
    period_from: date,
    period_to: date,
    team_id: int | None,
    person_id: int | None,
) -> Issued:
    rows = await payments.report(group_by, period_from, period_to, team_id, person_id)
    headers, table = views.report_table(group_by, rows)
    title, subtitle = views.report_titles(group_by, period_from, period_to)
    return await register.issue(
        PAYMENT_REPORT,
        f"{title[:1]}{title[1:].lower()} — {subtitle.lower()}",
        f"payment-report:{group_by}:{period_from.isoformat()}:{period_to.isoformat()}:{team_id or ''}:{person_id or ''}",
        issuer(actor),
        lambda code: report_pdf(title, subtitle, headers, table, numeric=(1, 2), stamp=register.stamp(code)),
        content=content_digest(title, subtitle, headers, table),
        facts={"total": sum(r.amount for r in rows)},
        reason="Số liệu chi trả thay đổi (có chứng từ mới trong kỳ)",
        actor=actor,
        commit=True,
    )


async def handover(register: Register, equipment: EquipmentService, loan_id: int, actor: Any, link: str) -> Issued:
    loan = await equipment.loan(loan_id)
    item = await equipment.item(loan.item_id)
    keeper = issuer(actor)
    return await register.issue(
        HANDOVER,
        f"Biên bản bàn giao dụng cụ BG-{loan_id:06d}",
        f"loan:{loan_id}",
        keeper,
        lambda code: handover_pdf(loan, item, keeper, link, stamp=register.stamp(code)),
        content=content_digest(loan, item, keeper, link),
        reason="Dụng cụ đã được trả: biên bản ghi thêm ngày trả và tình trạng" if loan.returned_on else None,
        actor=actor,
        commit=True,
    )
