"""Issuing the results documents through the register, and checking an issued one against the logs.

Every PDF is issued (``base.register``): it carries its code and QR code on every page; asking again
while nothing changed serves the same bytes; once a contest's log changes (a correction, an upheld
appeal) the next request issues a new version that supersedes the old one, with the reason.

What an issued results document keeps to be checked later (``facts``): the lines it printed and the
head hash of every contest log it summarises. ``check_results`` (the register's checker for these
kinds) reads every log again, checks its hash chain, folds each contest's score from its events,
compares it with the result the bracket moved on with, recomputes the standing and says plainly
whether the paper still follows from the logs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from base.accounts.models import User
from base.clock import Clock
from base.db import AsyncSession
from base.errors import ArenaError
from base.register import Check, DocumentKind, Issued, IssuedDocument, Register, content_digest, document_kind
from results import documents as doc
from results import standings as st
from results.service import ResultsService, medal_out, standing_out
from scoring.rules import RuleError, load_ruleset, tiebreak_values
from scoring.service import Replayed, replay_contests
from tournaments.views import bracket, local

CATEGORY = document_kind("results.category", "Kết quả thi đấu của một nội dung", "Results of a category")
PROTOCOL = document_kind("results.protocol", "Biên bản chấm điểm của một nội dung", "Judging protocol of a category")
MEDALS = document_kind("results.medals", "Bảng tổng sắp huy chương", "Medal table")
BOOK = document_kind("results.book", "Sổ kết quả của giải", "Results book of a competition")
CHANGED = "Kết quả thay đổi sau khi phát hành (nhật ký điểm có sự kiện mới: sửa điểm hoặc khiếu nại được chấp nhận)"


def _lines(s: st.Standing) -> list[list[Any]]:
    return [[ln.place, ln.name, ln.team, ln.medal, ln.score, list(ln.parts)] for ln in s.lines]


def _score_of(r: Replayed, side: str) -> str | None:
    if r.score is None:
        return None
    total = r.score.sides.get(side)
    return None if total is None or total.total is None else format(total.total, "f")


@dataclass(frozen=True)
class Gathered:
    standing: st.Standing
    out: dict[str, Any]
    logs: list[doc.LogHead]
    replayed: dict[int, Replayed]
    bracket: dict[str, Any]  # the view the standing was computed from
    competition_id: int


class Certifier(Protocol):
    """Certifies a final results PDF with the department's key (DocMDP: only the officials' signature
    fields may be filled afterwards); runs in a worker thread. ``available``: a department key exists."""

    @property
    def available(self) -> bool: ...

    def __call__(self, pdf: bytes) -> bytes: ...


class ResultsDocuments:
    """The results documents of one request: the results service, the register, the clock, and the
    department's certifier (None: no department CA is set up, so final results carry no signature fields)."""

    def __init__(self, results: ResultsService, register: Register, certifier: Certifier | None = None) -> None:
        self.results = results
        self.register = register
        self.certifier = certifier

    @property
    def clock(self) -> Clock:
        return self.results.clock

    def _issuer(self, actor: User | None) -> str:
        return (actor.full_name or actor.username) if actor is not None else "Arena"

    async def paper(self, competition_id: int, final: bool) -> doc.Paper:
        info = await self.results.competition(competition_id)
        return doc.Paper(info.organiser, info.name, info.venue, info.dates, local(self.clock, self.clock()), final)

    async def gather(self, category_id: int) -> Gathered:
        category = await self.results.category(category_id)
        s, view = await self.results.standing_and_bracket(category)
        replayed = await replay_contests(self.results.session, list(s.contests))
        logs = [doc.LogHead(r.label, r.head, r.chain_ok and r.sealed_ok) for r in replayed.values()]
        return Gathered(s, standing_out(s), logs, replayed, view, category.competition_id)

    def _stamp(self, code: str) -> doc.Footer:
        from base.register import draw_verification_stamp

        url = self.register.public_url
        return lambda canv, size: draw_verification_stamp(canv, code, url, size[0])

    def _certified(self, pdf: bytes) -> bytes:
        assert self.certifier is not None
        return self.certifier(pdf)

    async def category_pdf(self, category_id: int, actor: User | None, reason: str = CHANGED) -> Issued:
        g = await self.gather(category_id)
        signable = g.standing.final and self.certifier is not None and self.certifier.available
        paper = await self.paper(g.competition_id, g.standing.final)
        facts = {"category_id": category_id, "lines": _lines(g.standing), "heads": {str(k): r.head for k, r in g.replayed.items()}}
        return await self.register.issue(
            CATEGORY,
            f"Kết quả {g.standing.name}" + ("" if g.standing.final else " (tạm thời)"),
            f"results:category:{category_id}",
            self._issuer(actor),
            lambda code: self._render_category(g, paper, code, signable),
            content=content_digest(g.out, [(lg.label, lg.head) for lg in g.logs]),
            facts=facts,
            reason=reason,
            actor=actor,
            commit=True,
        )

    def _render_category(self, g: Gathered, paper: doc.Paper, code: str, signable: bool) -> bytes:
        pdf = doc.category_results_pdf(g.out, paper, g.logs, footer=self._stamp(code), signable=signable)
        return self._certified(pdf) if signable else pdf

    def protocols(self, g: Gathered) -> list[doc.Protocol]:
        out = []
        for m in sorted(g.bracket["matches"], key=lambda m: (m["round"], m["order"])):
            if not m.get("performance") or m.get("red") is None or m.get("contest_id") is None:
                continue
            r = g.replayed.get(int(m["contest_id"]))
            out.append(doc.protocol_of(m["stage"], m["label"], m["red"], r.score if r else None))
        return out

    async def protocol_pdf(self, category_id: int, actor: User | None) -> Issued:
        g = await self.gather(category_id)
        prots = self.protocols(g)
        paper = await self.paper(g.competition_id, g.standing.final)
        facts = {"category_id": category_id, "lines": _lines(g.standing), "heads": {str(k): r.head for k, r in g.replayed.items()}}
        return await self.register.issue(
            PROTOCOL,
            f"Biên bản chấm điểm {g.standing.name}",
            f"results:protocol:{category_id}",
            self._issuer(actor),
            lambda code: doc.protocol_pdf(g.out, prots, paper, footer=self._stamp(code)),
            content=content_digest(g.out, [(lg.label, lg.head) for lg in g.logs], [p.__dict__ for p in prots]),
            facts=facts,
            reason=CHANGED,
            actor=actor,
            commit=True,
        )

    async def medals_pdf(self, competition_id: int, actor: User | None, reason: str = "Bảng tổng sắp thay đổi sau khi phát hành") -> Issued:
        table = await self.results.medal_table(competition_id)
        m = medal_out(table)
        paper = await self.paper(competition_id, table.final)
        rows = [[r.rank, r.team, r.gold, r.silver, r.bronze, r.points] for r in table.rows]
        facts = {"competition_id": competition_id, "rows": rows, "count_by": table.count_by}
        return await self.register.issue(
            MEDALS,
            f"Tổng sắp huy chương {table.competition.name}" + ("" if table.final else " (tạm thời)"),
            f"results:medals:{competition_id}",
            self._issuer(actor),
            lambda code: doc.medal_table_pdf(m, paper, footer=self._stamp(code)),
            content=content_digest(m),
            facts=facts,
            reason=reason,
            actor=actor,
            commit=True,
        )

    async def book(self, competition_id: int) -> tuple[dict[str, Any], list[Gathered], dict[int, list[doc.Protocol]], bool]:
        categories = await self.results.categories(competition_id)
        gathered = [await self.gather(c.id) for c in categories if c.id is not None]
        table = await self.results.medal_table(competition_id, [g.standing for g in gathered])
        prots = {g.standing.category_id: p for g in gathered if (p := self.protocols(g))}
        return medal_out(table), gathered, prots, table.final

    async def book_pdf(self, competition_id: int, actor: User | None) -> Issued:
        m, gathered, prots, final = await self.book(competition_id)
        paper = await self.paper(competition_id, final)
        outs = [g.out for g in gathered]
        logs = {g.standing.category_id: g.logs for g in gathered}
        heads = {str(k): r.head for g in gathered for k, r in g.replayed.items()}
        return await self.register.issue(
            BOOK,
            f"Sổ kết quả {paper.competition}" + ("" if final else " (tạm thời)"),
            f"results:book:{competition_id}",
            self._issuer(actor),
            lambda code: doc.results_book_pdf(m, outs, paper, logs, prots, footer=self._stamp(code)),
            content=content_digest(m, outs, sorted(heads.items())),
            facts={"competition_id": competition_id, "heads": heads},
            reason=CHANGED,
            actor=actor,
            commit=True,
        )

    async def book_xlsx(self, competition_id: int) -> bytes:
        m, gathered, _, final = await self.book(competition_id)
        return doc.results_book_xlsx(m, [g.out for g in gathered], await self.paper(competition_id, final))

    async def category_xlsx(self, category_id: int) -> bytes:
        g = await self.gather(category_id)
        paper = await self.paper(g.competition_id, g.standing.final)
        return doc.category_results_xlsx(g.out, paper)

    async def medals_xlsx(self, competition_id: int) -> bytes:
        table = await self.results.medal_table(competition_id)
        return doc.medal_table_xlsx(medal_out(table), await self.paper(competition_id, table.final))


# ---- the register's checker -----------------------------------------------------------------------


async def check_document(session: AsyncSession, clock: Clock, d: IssuedDocument) -> Check:
    """Whether an issued results document still follows from the logs (see the module's text)."""
    try:
        return await _check(session, clock, d)
    except ArenaError as exc:  # the category was cancelled since, or its competition is gone
        return Check(False, f"Không kiểm tra lại được từ nhật ký: {exc.message('vi')}.", f"Cannot be checked again: {exc.message('en')}.")


async def _check(session: AsyncSession, clock: Clock, d: IssuedDocument) -> Check:
    import json

    facts = json.loads(d.facts or "{}")
    heads: dict[str, str] = facts.get("heads", {})
    results = ResultsService(session, clock)
    replayed = await replay_contests(session, [int(k) for k in heads])
    problems: list[str] = []
    broken = [r.label for r in replayed.values() if not (r.chain_ok and r.sealed_ok)]
    if broken:
        problems.append("chuỗi băm của nhật ký không còn nguyên vẹn: " + ", ".join(broken))
    missing = [k for k in heads if int(k) not in replayed]
    if missing:
        problems.append(f"{len(missing)} nhật ký trận không còn trong hệ thống")
    moved = [r.label for k, r in replayed.items() if heads.get(str(k)) != r.head]
    if moved:
        problems.append("nhật ký đã có sự kiện mới sau khi phát hành (sửa điểm hoặc khiếu nại): " + ", ".join(moved))
    if "category_id" in facts:
        category = await results.category(int(facts["category_id"]))
        s, view = await results.standing_and_bracket(category)
        if facts.get("lines") is not None and _lines(s) != facts["lines"]:
            problems.append("thứ hạng tính lại từ nhật ký khác với thứ hạng trên văn bản")
        problems += _scores_differ(view, replayed)
        relogged = _from_logs(view, replayed)
        if (
            relogged
            and facts.get("lines") is not None
            and _lines(st.standing(await bracket(results.draws, category, relogged))) != facts["lines"]
        ):
            problems.append("thứ hạng xếp lại theo điểm và chỉ số phụ khi bằng điểm tính lại từ nhật ký khác với thứ hạng trên văn bản")
    elif "competition_id" in facts and facts.get("rows") is not None:
        # by the unit it was printed with: a later change of the setting issues a new table, it does not break this one
        table = await results.medal_table(int(facts["competition_id"]), count_by=facts.get("count_by", "team"))
        if [[r.rank, r.team, r.gold, r.silver, r.bronze, r.points] for r in table.rows] != facts["rows"]:
            problems.append("bảng tổng sắp tính lại từ kết quả hiện nay khác với văn bản")
    if problems:
        return Check(False, "Không còn khớp với nhật ký điểm: " + "; ".join(problems) + ".", "No longer matches the scoring logs.")
    n = len(replayed)
    return Check(
        True,
        f"Khớp với nhật ký điểm: đã đọc lại {n} nhật ký trận, chuỗi băm nguyên vẹn, điểm và thứ hạng tính lại đúng như trên văn bản.",
        f"Matches the scoring logs: {n} contest logs read again, chains intact, scores and places recomputed as printed.",
    )


def _side(m: dict[str, Any], r: Replayed, side: str) -> str:
    """The log's side for the bracket's: a performance's rule set may call its one side "athlete"."""
    if m.get("performance") and r.score is not None and side not in r.score.sides and len(r.score.sides) == 1:
        return next(iter(r.score.sides))
    return side


def _logged(view: dict[str, Any], replayed: dict[int, Replayed]) -> list[tuple[dict[str, Any], Replayed]]:
    """The matches whose score a log can give again: held on the mat and ended or decided there."""
    out = []
    for m in view["matches"]:
        cid = m.get("contest_id")
        r = replayed.get(int(cid)) if cid is not None else None
        if r is None or m.get("score") is None or r.score is None or r.score.state not in ("ended", "decided"):
            continue  # decided off the mat, or not held: nothing in a log to recompute
        out.append((m, r))
    return out


def _logged_tiebreak(r: Replayed, side: str) -> tuple[Decimal, ...]:
    """A performance's tie-break values folded from its log, in its rule set's order (as the hub stores them)."""
    assert r.score is not None
    try:
        ruleset = load_ruleset(r.ruleset)
    except RuleError:
        return ()
    detail = r.score.sides[side].detail
    return tiebreak_values(ruleset, detail.get("components") or {}, detail.get("marks"))


def _scores_differ(view: dict[str, Any], replayed: dict[int, Replayed]) -> list[str]:
    """Each contest's score folded from its log against the result its bracket moved on with, and a
    performance's tie-break values too (what orders equal totals: FIG E then D, WT presentation)."""
    wrong, ties = [], []
    for m, r in _logged(view, replayed):
        score = m["score"]
        for side in ("red", "blue") if m.get("blue") else ("red",):
            got = _score_of(r, _side(m, r, side))
            if got is not None and score.get(side) is not None and Decimal(got) != Decimal(str(score[side])):
                wrong.append(m["label"])
                break
        else:
            if m.get("performance") and (side := _side(m, r, "red")) in (r.score.sides if r.score else {}):
                if [str(v) for v in _logged_tiebreak(r, side)] != list(m.get("tiebreak") or []):
                    ties.append(m["label"])
    out = [f"điểm tính lại từ nhật ký khác với kết quả đã ghi: {', '.join(wrong)}"] if wrong else []
    if ties:
        out.append(f"chỉ số phụ khi bằng điểm (theo luật của môn) tính lại từ nhật ký khác với kết quả đã ghi: {', '.join(ties)}")
    return out


def _from_logs(view: dict[str, Any], replayed: dict[int, Replayed]) -> dict[str, tuple[Decimal, tuple[Decimal, ...]]]:
    """Each performance's total and tie-break values as its log gives them (match key -> both), to rank again."""
    out = {}
    for m, r in _logged(view, replayed):
        side = _side(m, r, "red")
        total = r.score.sides.get(side) if m.get("performance") and r.score is not None else None
        if total is not None and total.total is not None:
            out[m["key"]] = (total.total, _logged_tiebreak(r, side))
    return out


def checker(clock: Clock) -> Callable[[AsyncSession, IssuedDocument], Awaitable[Check]]:
    async def check(session: AsyncSession, d: IssuedDocument) -> Check:
        return await check_document(session, clock, d)

    return check


KINDS: tuple[DocumentKind, ...] = (CATEGORY, PROTOCOL, MEDALS, BOOK)
