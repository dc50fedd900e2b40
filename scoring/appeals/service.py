"""Appeal use cases: file, start review, withdraw, decide (corrections go to the contest log).

Rules it keeps:
1. Filing is checked against the sport's policy (admissibility.py); every refusal reason is shown.
2. A filed appeal opens a review on the contest (``appeal_opened``: the scoreboard shows "under
   review") and its decision or withdrawal closes it (``appeal_closed``).
3. An upheld appeal appends correction events through the live hub; no score is ever edited.
4. Each jury member votes as themselves (the logged-in account), once; the jury is the contest's
   assigned jury (a ``JuryRoster``) or, with none assigned, every referee account; the vote that
   settles the jury's majority (decision.settled) takes the decision.
"""

from __future__ import annotations

import asyncio
import builtins
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import anyio.to_thread
from sqlmodel import col, select

from base.accounts.models import Role, User
from base.audit import audit
from base.clock import Clock
from base.db import AsyncSession, row_id
from base.sandbox import SandboxFailed
from scoring.appeals import media
from scoring.appeals.access import is_admin, is_jury, may_view_appeal
from scoring.appeals.actions import action_rows, event_text, logged_actions
from scoring.appeals.admissibility import ContestFacts, Filing, check_filing
from scoring.appeals.decision import DecisionInvalid, Remedy, Vote, decision_events, settled
from scoring.appeals.errors import (
    AlignNeedsMoment,
    AppealForbidden,
    AppealInadmissible,
    AppealNotFound,
    AppealStateConflict,
    ClipNeedsPosition,
    ClipNoEvent,
    ClipNotAligned,
    ClipOtherVideo,
    ClipOutside,
    ClipSpan,
    DecisionRefused,
    NoAppealRules,
    NotOnTheJury,
    VoteRepeated,
)
from scoring.appeals.evidence import EvidenceService, decode_failed
from scoring.appeals.jury import JuryRoster
from scoring.appeals.lifecycle import AppealEvent, AppealState, IllegalAppealTransition, next_state
from scoring.appeals.models import Appeal, AppealVote, Evidence
from scoring.appeals.policy import AppealPolicy, policy_for
from scoring.appeals.schemas import AppealCreate, ClipIn, JuryOut, VoteIn
from scoring.appeals.store import sha256_file
from scoring.appeals.team import coach_of_side
from scoring.appeals.timeline import clip_window
from scoring.appeals.wording import Reason
from scoring.lifecycle import Phase
from scoring.live.hub import LiveHub
from scoring.models import Contest

_FILING_LOCKS: dict[int, asyncio.Lock] = {}  # per contest: two coaches filing at once both count
_VOTE_LOCKS: dict[int, asyncio.Lock] = {}  # per appeal: two members voting at once, one decides


class AppealService:
    def __init__(
        self, session: AsyncSession, hub: LiveHub, evidence: EvidenceService, clock: Clock, roster: JuryRoster | None = None
    ) -> None:
        self.session, self.hub, self.evidence, self.clock = session, hub, evidence, clock
        self.roster = roster  # the assigned jury (tournaments' officials, from assembly/app.py)

    async def get(self, user: User, appeal_id: int) -> Appeal:
        appeal = await self.session.get(Appeal, appeal_id)
        if appeal is None:
            raise AppealNotFound(appeal_id)
        if not may_view_appeal(user, appeal):
            raise AppealForbidden("view")
        return appeal

    async def list(self, user: User, contest_id: int | None = None) -> list[Appeal]:
        q = select(Appeal).order_by(col(Appeal.id).desc())
        if contest_id is not None:
            q = q.where(Appeal.contest_id == contest_id)
        if not is_jury(user):
            q = q.where(Appeal.coach_user_id == user.id)
        return list((await self.session.exec(q)).all())

    # builtins.list below: in this class "list" names the method above.
    async def contests_started(self) -> builtins.list[Contest]:
        """Contests an appeal may be about (started or ended), newest first."""
        q = select(Contest).where(Contest.status != "scheduled").order_by(col(Contest.id).desc())
        return list((await self.session.exec(q)).all())

    async def policy(self, contest_id: int) -> AppealPolicy:
        rt = await self.hub.runtime(contest_id)
        sport = str(rt.info.get("sport") or rt.ruleset.sport)
        policy = policy_for(sport)
        if policy is None:
            raise NoAppealRules(sport)
        return policy

    async def actions(self, contest_id: int, gettext: Callable[[str], str], lang: str) -> builtins.list[dict[str, Any]]:
        """The contest's latest actions for the filing page, newest first (see actions.action_rows)."""
        policy = await self.policy(contest_id)
        rt = await self.hub.runtime(contest_id)
        return action_rows(rt.ruleset, policy, rt.info, rt.events, gettext, lang)

    async def action_text(self, appeal: Appeal, gettext: Callable[[str], str], lang: str) -> str:
        """The action an appeal names, as the filing page listed it ("Lỗi phạt · Đỏ Nguyễn Văn An · Gam-jeom")."""
        if appeal.action_seq is None:
            return ""
        policy = await self.policy(appeal.contest_id)
        rt = await self.hub.runtime(appeal.contest_id)
        named = [e for e in rt.events if e.seq == appeal.action_seq]
        rows = action_rows(rt.ruleset, policy, rt.info, named, gettext, lang)
        return " · ".join(t for t in (rows[0]["kind_text"], rows[0]["side_text"], rows[0]["detail"]) if t) if rows else ""

    async def log_events(self, contest_id: int, gettext: Callable[[str], str]) -> builtins.list[tuple[int, str]]:
        """The contest log's events after its creation, in words, for the jury's pickers."""
        rt = await self.hub.runtime(contest_id)
        return [(e.seq, event_text(rt.ruleset, e, rt.info, gettext)) for e in rt.events if e.kind != "contest_created"]

    async def coach_sides(self, user: User, contest_id: int) -> builtins.list[str]:
        """The contest's sides whose athlete ``user`` coaches (every side for an admin)."""
        rt = await self.hub.runtime(contest_id)
        return [side for side in rt.sides if await coach_of_side(self.session, user, contest_id, side)]

    async def file(self, user: User, data: AppealCreate) -> Appeal:
        """A coach files for their side; refused with every reason when inadmissible."""
        policy = await self.policy(data.contest_id)
        if not await coach_of_side(self.session, user, data.contest_id, data.side):
            raise AppealForbidden("file")
        lock = _FILING_LOCKS.setdefault(data.contest_id, asyncio.Lock())
        async with lock:
            rt = await self.hub.runtime(data.contest_id)
            facts = ContestFacts(
                sides=tuple(rt.sides),
                started=rt.envelope.phase is not Phase.SCHEDULED,
                ended_at=rt.envelope.ended_at,
                actions=logged_actions(rt.ruleset, rt.events),
            )
            earlier = [(a.side, AppealState(a.state)) for a in await self.evidence.contest_appeals(data.contest_id)]
            now = self.clock()
            verdict = check_filing(policy, Filing(data.category, data.side, data.action_seq), facts, earlier, now, self.clock.zone)
            if not verdict.ok:
                raise AppealInadmissible(verdict.why, self.clock.zone)
            appeal = Appeal(
                contest_id=data.contest_id,
                sport=policy.sport,
                side=data.side,
                coach_user_id=row_id(user),
                category=data.category,
                action_seq=data.action_seq,
                reason=data.reason.strip(),
                fee_vnd=verdict.fee_vnd,
                deadline=verdict.deadline,
                filed_at=now,
            )
            self.session.add(appeal)
            await self.session.flush()
            audit(
                self.session,
                actor=user,
                action="appeals.filed",
                subject=f"appeal:{appeal.id}",
                detail={"contest_id": data.contest_id, "category": data.category, "fee_vnd": verdict.fee_vnd},
            )
            await self.session.commit()
        await self.hub.append(data.contest_id, "appeal_opened", {"appeal_id": str(appeal.id)}, actor=user.username)
        return appeal

    def _step(self, appeal: Appeal, event: AppealEvent) -> AppealState:
        try:
            return next_state(AppealState(appeal.state), event)
        except IllegalAppealTransition:
            raise AppealStateConflict(event.value, appeal.state) from None

    async def start_review(self, user: User, appeal_id: int) -> Appeal:
        appeal = await self.get(user, appeal_id)
        if not is_jury(user):
            raise AppealForbidden("jury")
        appeal.state = self._step(appeal, AppealEvent.REVIEW_STARTED)
        appeal.review_started_at = self.clock()
        self.session.add(appeal)
        audit(self.session, actor=user, action="appeals.review_started", subject=f"appeal:{appeal.id}")
        await self.session.commit()
        return appeal

    async def withdraw(self, user: User, appeal_id: int) -> Appeal:
        appeal = await self.get(user, appeal_id)
        if appeal.coach_user_id != user.id and not is_admin(user):
            raise AppealForbidden("withdraw")
        appeal.state = self._step(appeal, AppealEvent.WITHDRAWN)
        appeal.decided_at = self.clock()
        self.session.add(appeal)
        audit(self.session, actor=user, action="appeals.withdrawn", subject=f"appeal:{appeal.id}")
        await self.session.commit()
        await self.hub.append(appeal.contest_id, "appeal_closed", {"appeal_id": str(appeal.id)}, actor=user.username)
        return appeal

    async def jury(self, contest_id: int) -> tuple[builtins.list[User], bool]:
        """The contest's jury and whether it was assigned: the members the roster names (active
        accounts), or, when the competition has no assigned jury, every active account holding the
        referee role (admins are not counted unless they hold it by name)."""
        names = await self.roster.members(contest_id) if self.roster is not None else None
        if names is None:
            users = (await self.session.exec(select(User).where(User.active == True).order_by(col(User.id)))).all()  # noqa: E712
            return [u for u in users if Role.REFEREE in u.role_set()], False
        if not names:
            return [], True
        rows = (await self.session.exec(select(User).where(col(User.username).in_(names), User.active == True))).all()  # noqa: E712
        return sorted(rows, key=lambda u: names.index(u.username)), True

    async def jury_status(self, user: User, appeal: Appeal) -> JuryOut:
        members, assigned = await self.jury(appeal.contest_id)
        cast = await self.votes(row_id(appeal))
        voted = {v.member_id for v in cast}
        open_ = appeal.state in (AppealState.FILED.value, AppealState.UNDER_REVIEW.value)
        return JuryOut(
            members=[m.full_name or m.username for m in members],
            assigned=assigned,
            voted=[v.member_name for v in cast],
            may_vote=open_ and user.id in {m.id for m in members} and user.id not in voted,
            decided=not open_,
        )

    async def vote(self, user: User, appeal_id: int, data: VoteIn) -> Appeal:
        """The logged-in jury member's own vote. Each vote is stored as it comes; the vote that
        settles the jury's decision (decision.settled) applies it: an upheld appeal appends the
        remedies that vote names to the contest log, then ``appeal_closed``."""
        lock = _VOTE_LOCKS.setdefault(appeal_id, asyncio.Lock())
        async with lock:
            appeal = await self.get(user, appeal_id)
            if not is_jury(user) and not is_admin(user):
                raise AppealForbidden("jury")
            if appeal.state not in (AppealState.FILED.value, AppealState.UNDER_REVIEW.value):
                raise AppealStateConflict("vote", appeal.state)
            members, _ = await self.jury(appeal.contest_id)
            if user.id not in {m.id for m in members}:
                raise NotOnTheJury(user.full_name or user.username)
            cast = await self.votes(row_id(appeal))
            if user.id in {v.member_id for v in cast}:
                raise VoteRepeated(user.full_name or user.username)
            mine = Vote(row_id(user), data.uphold, data.reason.strip())
            try:
                result = settled([*(Vote(v.member_id, v.uphold, v.reason) for v in cast), mine], len(members))
            except DecisionInvalid as exc:
                raise DecisionRefused([exc.reason]) from None
            now = self.clock()
            row = AppealVote(
                appeal_id=row_id(appeal),
                member_id=row_id(user),
                member_name=user.full_name or user.username,
                uphold=mine.uphold,
                reason=mine.reason,
                at=now,
            )
            if result is None:
                self.session.add(row)
                audit(self.session, actor=user, action="appeals.voted", subject=f"appeal:{appeal.id}", detail={"uphold": mine.uphold})
                await self.session.commit()
                return appeal
            return await self._decide(user, appeal, result, row, data)

    async def _decide(self, user: User, appeal: Appeal, upheld: bool, row: AppealVote, data: VoteIn) -> Appeal:
        rt = await self.hub.runtime(appeal.contest_id)
        remedies = [Remedy(r.kind, r.corrects, r.side, r.delta, r.winner, r.method, r.round) for r in data.remedies] if upheld else []
        reason = (data.decision_reason or data.reason).strip()
        try:
            events = decision_events(upheld, remedies, rt.sides, row_id(appeal), reason)
        except DecisionInvalid as exc:
            raise DecisionRefused([exc.reason]) from None
        seqs_known = {e.seq for e in rt.events}
        for kind, payload in events:
            if kind == "correction" and payload["corrects"] not in seqs_known:
                raise DecisionRefused([Reason("no_such_event", {"seq": payload["corrects"]})])
        state = self._step(appeal, AppealEvent.UPHELD if upheld else AppealEvent.REJECTED)
        appended = [(await self.hub.append(appeal.contest_id, k, p, actor=user.username)).seq for k, p in events]
        await self.hub.append(appeal.contest_id, "appeal_closed", {"appeal_id": str(appeal.id)}, actor=user.username)
        self.session.add(row)
        appeal.state, appeal.decided_at, appeal.decision_reason = state, self.clock(), reason
        appeal.remedies = json.dumps([{"kind": k, **p} for k, p in events], ensure_ascii=False)
        appeal.appended_seqs = json.dumps(appended)
        self.session.add(appeal)
        audit(
            self.session,
            actor=user,
            action=f"appeals.{state.value}",
            subject=f"appeal:{appeal.id}",
            detail={"appended": appended, "clips": data.clip_ids, "uphold": row.uphold},
        )
        await self.session.commit()
        return appeal

    async def votes(self, appeal_id: int) -> builtins.list[AppealVote]:
        return list(
            (await self.session.exec(select(AppealVote).where(AppealVote.appeal_id == appeal_id).order_by(col(AppealVote.id)))).all()
        )

    async def clip(self, user: User, evidence_id: int, data: ClipIn) -> Evidence:
        """Cut a clip around a marker (log event ``seq``) or a position, and attach it to the appeal."""
        appeal = await self.get(user, data.appeal_id)
        if not is_jury(user):
            raise AppealForbidden("jury")
        source = await self.evidence.evidence(user, evidence_id)
        if source.kind != "video" or source.contest_id != appeal.contest_id:
            raise ClipOtherVideo()
        position = await self._position(source, data)
        duration = json.loads(source.info).get("duration_ms")
        try:
            window = clip_window(position, data.before_s, data.after_s, duration)
        except ValueError as exc:
            raise (ClipSpan() if "spans" in str(exc) else ClipOutside()) from None
        await self.evidence._verified(user, source, source.sha256)
        staged = self.evidence.store.staging_path(f"clip-{source.id}-{int(self.clock().timestamp() * 1e6)}.mp4")
        src_path = self.evidence.store.local_path(source.sha256)
        limits = self.evidence.limits
        try:
            await self.evidence.sandbox.run(media.cut_clip, src_path, window[0], window[1], staged, timeout_s=limits.clip_timeout_s)
        except SandboxFailed as failed:
            staged.unlink(missing_ok=True)
            raise decode_failed(failed, f"clip-{source.id}", self.evidence.sandbox.memory_bytes, limits.clip_timeout_s) from None
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        digest, _ = await anyio.to_thread.run_sync(sha256_file, staged)
        return await self.evidence.store_clip(user, source, appeal, Path(staged), digest, window)

    async def _position(self, source: Evidence, data: ClipIn) -> float:
        if data.video_s is not None:
            return data.video_s
        if data.seq is None:
            raise ClipNeedsPosition()
        if source.started_at is None:
            raise ClipNotAligned()
        rt = await self.hub.runtime(source.contest_id)
        event = next((e for e in rt.events if e.seq == data.seq), None)
        if event is None:
            raise ClipNoEvent(data.seq)
        return (event.at - source.started_at).total_seconds()

    async def align(self, user: User, evidence_id: int, started_at: datetime | None, seq: int | None, video_s: float | None) -> Evidence:
        """Set a recording's start: given directly, or from one known moment (seq at video_s)."""
        from scoring.appeals.timeline import origin_from_alignment

        if started_at is None:
            source = await self.evidence.evidence(user, evidence_id)
            rt = await self.hub.runtime(source.contest_id)
            event = next((e for e in rt.events if e.seq == seq), None)
            if event is None or video_s is None or video_s < 0:
                raise AlignNeedsMoment()
            started_at = origin_from_alignment(event.at, video_s)
        if started_at.tzinfo is None:
            raise AlignNeedsMoment(detail="started_at needs a timezone")
        return await self.evidence.align(user, evidence_id, started_at)

    async def record(self, user: User, appeal_id: int, gettext: Callable[[str], str] = str) -> dict[str, Any]:
        """Everything the record shows: appeal, contest, votes, evidence, custody; ``names`` maps
        each custody actor's account to the person's name, ``coach_name`` is the filer's, ``zone`` is the
        venue's and ``action`` the action appealed in words (``gettext`` translates its labels)."""
        appeal = await self.get(user, appeal_id)
        rt = await self.hub.runtime(appeal.contest_id)
        custody = await self.evidence.custody_log(row_id(appeal), appeal.contest_id)
        people = (await self.session.exec(select(User).where(col(User.username).in_({c.actor for c in custody})))).all()
        names = {u.username: u.full_name or u.username for u in people}
        coach = await self.session.get(User, appeal.coach_user_id)
        return {
            "appeal": appeal,
            "contest": rt.info,
            "policy": policy_for(appeal.sport),
            "votes": await self.votes(row_id(appeal)),
            "evidence": await self.evidence.list_for(user, appeal),
            "custody": custody,
            "score": rt.score.as_dict() if rt.score else None,
            "names": names,
            "coach_name": (coach.full_name or coach.username) if coach else "—",
            "zone": self.clock.zone,
            "action": await self.action_text(appeal, gettext, "vi"),
        }
