"""Equipment: items with QR-labelled codes, lending to a person, team or venue, returns, overdue.

Rule: an item is lent to one borrower at a time; lending needs it "in_stock", returning puts it back
with the condition seen on return ("lost" retires it). Every lend and return is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from athletes.errors import ItemNotAvailable, ItemNotFound, LoanClosed, LoanNotFound, PersonNotFound, RecordInvalid, TeamNotFound
from athletes.folding import fold, nfc
from athletes.models import Athlete, EquipmentItem, Loan, Team
from athletes.schemas import CONDITIONS, STATUS_NAMES_EN, STATUS_NAMES_VI, ItemCreate, LoanCreate, LoanReturn, Page
from athletes.search import index_entry
from base.audit import audit
from base.db import AsyncSession, row_id
from base.rows import get_row, same_id

LABEL_LINK = re.compile(r"/athletes/equipment/(\d{1,18})/?$")  # the QR code's content: the item's page
LABEL_CODE = re.compile(r"^(?:EQ-?)?(\d{1,18})$")  # EQ-000001, EQ1 or 1


@dataclass(frozen=True, slots=True)
class StockLine:
    category: str
    name: str
    in_stock: int
    on_loan: int
    retired: int


class EquipmentService:
    def __init__(self, session: AsyncSession, actor: Any = None) -> None:
        self.session = session
        self.actor = actor

    def _who(self) -> str:
        return getattr(self.actor, "username", "") or ""

    async def add_items(self, data: ItemCreate) -> list[EquipmentItem]:
        """``count`` identical items, each with its own code EQ-000001... for its QR label."""
        problems = []
        if not nfc(data.name):
            problems.append(("name", "bắt buộc nhập tên dụng cụ", "the item name is required"))
        if not 1 <= data.count <= 500:
            problems.append(("count", "số lượng từ 1 đến 500", "count must be 1 to 500"))
        if data.condition not in CONDITIONS or data.value < 0:
            problems.append(("condition", "tình trạng hoặc giá trị không hợp lệ", "invalid condition or value"))
        if problems:
            raise RecordInvalid(problems)
        last = (await self.session.exec(select(func.max(EquipmentItem.id)))).one() or 0
        items = []
        for i in range(data.count):
            item = EquipmentItem(
                code=f"EQ-{last + i + 1:06d}",
                name=nfc(data.name),
                name_folded=fold(data.name),
                category=nfc(data.category),
                condition=data.condition,
                value=data.value,
            )
            self.session.add(item)
            items.append(item)
        await self.session.flush()
        for item in items:
            await index_entry(self.session, "item", row_id(item), f"{item.name}", item.code, ids=[item.code])
        audit(
            self.session,
            actor=self.actor,
            action="athletes.equipment.add",
            subject=f"item:{items[0].id}",
            detail={"count": data.count, "name": data.name},
        )
        await self.session.commit()
        return items

    async def item(self, item_id: int) -> EquipmentItem:
        item = await get_row(self.session, EquipmentItem, item_id)
        if item is None:
            raise ItemNotFound(item_id)
        return item

    async def find_item(self, ref: int | str) -> EquipmentItem:
        """The item by its id, or by what its label gives: the code printed on it (``EQ-000001``, any
        case, the digits alone) or the link its QR code holds (a scanner types it in full)."""
        if not isinstance(ref, str):
            return await self.item(ref)
        text = nfc(ref).strip()
        link = LABEL_LINK.search(text)
        if link:
            return await self.item(int(link.group(1)))
        number = LABEL_CODE.match(text.upper())
        code = f"EQ-{int(number.group(1)):06d}" if number else text.upper()
        found = (await self.session.exec(select(EquipmentItem).where(EquipmentItem.code == code))).first() if code else None
        if found is None:
            raise ItemNotFound(text.upper() or "''")
        return found

    async def items(self, status: str = "", category: str = "", page: int = 1, per_page: int = 50) -> Page:
        page, per_page = max(page, 1), min(max(per_page, 1), 500)
        stmt = select(EquipmentItem)
        if status:
            stmt = stmt.where(EquipmentItem.status == status)
        if category:
            stmt = stmt.where(EquipmentItem.category == category)
        total = (await self.session.exec(select(func.count()).select_from(stmt.subquery()))).one()
        rows = (await self.session.exec(stmt.order_by(EquipmentItem.code).offset((page - 1) * per_page).limit(per_page))).all()
        return Page(items=list(rows), total=int(total), page=page, per_page=per_page)

    async def stock(self) -> list[StockLine]:
        rows = (
            await self.session.exec(
                select(EquipmentItem.category, EquipmentItem.name, EquipmentItem.status, func.count()).group_by(
                    EquipmentItem.category, EquipmentItem.name, EquipmentItem.status
                )
            )
        ).all()
        table: dict[tuple[str, str], dict[str, int]] = {}
        for category, name, status, n in rows:
            table.setdefault((category, name), {})[status] = int(n)
        return [StockLine(c, n, s.get("in_stock", 0), s.get("on_loan", 0), s.get("retired", 0)) for (c, n), s in sorted(table.items())]

    async def _borrower(self, data: LoanCreate) -> tuple[str, str]:
        given = [x for x in (data.person_id, data.team_id, nfc(data.venue) or None) if x]
        if len(given) != 1:
            raise RecordInvalid(
                [("borrower", "chọn đúng một người mượn: VĐV/HLV, đội hoặc địa điểm", "give exactly one borrower: person, team or venue")]
            )
        if data.person_id:
            person = await get_row(self.session, Athlete, data.person_id)
            if person is None:
                raise PersonNotFound(data.person_id)
            return "person", person.full_name
        if data.team_id:
            team = await get_row(self.session, Team, data.team_id)
            if team is None:
                raise TeamNotFound(data.team_id)
            return "team", team.name
        return "venue", nfc(data.venue)

    async def lend(self, data: LoanCreate, today: date) -> Loan:
        """Lend an item (by id or label code); an unknown item, person or team is refused before anything changes."""
        item = await self.find_item(data.item_id)
        if item.status != "in_stock":
            raise ItemNotAvailable(
                item.code, item.status, STATUS_NAMES_VI.get(item.status, item.status), STATUS_NAMES_EN.get(item.status, item.status)
            )
        if data.due_on < today:
            raise RecordInvalid([("due_on", "hạn trả phải từ hôm nay trở đi", "the due date must be today or later")])
        kind, label = await self._borrower(data)
        loan = Loan(
            item_id=row_id(item),
            borrower_kind=kind,
            person_id=data.person_id,
            team_id=data.team_id,
            venue=nfc(data.venue) if kind == "venue" else "",
            borrower_label=label,
            lent_on=today,
            due_on=data.due_on,
            condition_out=item.condition,
            note=nfc(data.note),
            lent_by=self._who(),
        )
        item.status = "on_loan"
        self.session.add(loan)
        await self.session.flush()
        audit(
            self.session,
            actor=self.actor,
            action="athletes.equipment.lend",
            subject=f"item:{item.id}",
            detail={"loan": loan.id, "to": label},
        )
        await self.session.commit()
        return loan

    async def give_back(self, loan_id: int, data: LoanReturn, today: date) -> Loan:
        loan = await self.loan(loan_id)
        if loan.returned_on is not None:
            raise LoanClosed(f"BG-{loan_id:06d}")  # the number on its handover record
        if data.condition not in CONDITIONS:
            raise RecordInvalid([("condition", "tình trạng không hợp lệ", f"condition must be one of {', '.join(CONDITIONS)}")])
        item = await self.item(loan.item_id)
        loan.returned_on, loan.condition_in, loan.received_by = today, data.condition, self._who()
        loan.note = nfc(" ".join(x for x in (loan.note, data.note) if x))
        item.condition = data.condition
        item.status = "retired" if data.condition == "lost" else "in_stock"
        audit(
            self.session,
            actor=self.actor,
            action="athletes.equipment.return",
            subject=f"item:{item.id}",
            detail={"loan": loan.id, "condition": data.condition},
        )
        await self.session.commit()
        return loan

    async def loan(self, loan_id: int) -> Loan:
        loan = await get_row(self.session, Loan, loan_id)
        if loan is None:
            raise LoanNotFound(loan_id)
        return loan

    async def loans(self, open_only: bool = False, item_id: int | None = None) -> list[Loan]:
        stmt = select(Loan).order_by(col(Loan.id).desc())
        if open_only:
            stmt = stmt.where(Loan.returned_on == None)  # noqa: E711
        if item_id:
            stmt = stmt.where(same_id(Loan.item_id, item_id))
        return list((await self.session.exec(stmt)).all())

    async def loans_with_items(self, open_only: bool = False, item_id: int | None = None) -> list[tuple[Loan, EquipmentItem]]:
        """Loans (newest first) each with its item, so a list shows the label code and the name."""
        stmt = select(Loan, EquipmentItem).join(EquipmentItem).order_by(col(Loan.id).desc())
        if open_only:
            stmt = stmt.where(Loan.returned_on == None)  # noqa: E711
        if item_id:
            stmt = stmt.where(same_id(Loan.item_id, item_id))
        return [(loan, item) for loan, item in (await self.session.exec(stmt)).all()]

    async def overdue(self, today: date) -> list[tuple[Loan, EquipmentItem]]:
        """Open loans past their due date, the longest overdue first."""
        rows = await self.session.exec(
            select(Loan, EquipmentItem)
            .join(EquipmentItem)
            .where(Loan.returned_on == None, Loan.due_on < today)  # noqa: E711 (SQL IS NULL)
            .order_by(col(Loan.due_on), col(Loan.id))
        )
        return [(loan, item) for loan, item in rows.all()]
