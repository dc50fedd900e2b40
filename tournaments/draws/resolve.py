"""From a draw and the results so far to every match's sides, the standings and the places (pure, one pass in match order)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from tournaments.draws.judged import STOPS, earlier_parts, rank_tally, tally
from tournaments.draws.league import Played, rank_league
from tournaments.draws.make import group_halves
from tournaments.draws.model import DECISIONS, Draw, DrawError, Match, MatchState, Placement, Result, Source, State

EMPTY = ""  # a side decided to be nobody (a bye, or the loser of a bye)


def _not_ready(key: str) -> DrawError:
    return DrawError(
        "draw.result_not_ready", f"Trận {key} chưa sẵn sàng nên chưa thể nhập kết quả", f"Match {key} is not ready for a result"
    )


def _bad(key: str, why_vi: str, why_en: str) -> DrawError:
    return DrawError("draw.bad_result", f"Kết quả trận {key} không hợp lệ: {why_vi}", f"Bad result for match {key}: {why_en}")


class _Run:
    def __init__(self, draw: Draw, results: Mapping[str, Result]) -> None:
        self.draw = draw
        self.results = results
        self.red: dict[str, str | None] = {}
        self.blue: dict[str, str | None] = {}
        self.win: dict[str, str] = {}
        self.lose: dict[str, str] = {}
        self.done: set[str] = set()
        self.bye: set[str] = set()
        self.ready: set[str] = set()
        self.by_stage: dict[str, list[Match]] = {}
        for m in draw.matches:
            self.by_stage.setdefault(m.stage, []).append(m)
        self.cache: dict[str, list[list[str]]] = {}
        self.qualified: dict[str, list[str]] = {}
        self.complete: dict[int, bool] = {}  # judged stage -> every performance of it done
        self.ladders: dict[str, list[str] | None] = {}

    # --- sources -------------------------------------------------------------------------------------------
    def value(self, src: Source) -> str | None:
        kind = src.kind
        if kind == "entrant":
            return src.ref
        if kind == "bye":
            return EMPTY
        if kind == "winner":
            return self.win[src.ref] if src.ref in self.done else None
        if kind == "loser":
            return self.lose[src.ref] if src.ref in self.done else None
        if kind == "rank":
            return self.rank(src.ref, src.place)
        if kind == "repechage":
            ladder = self.ladder(src.ref)
            if ladder is None:
                return None
            return ladder[src.place - 1] if src.place <= len(ladder) else EMPTY
        raise DrawError("draw.bad_json", f"Nguồn không hợp lệ: {kind}", f"Unknown source kind {kind!r}")

    def ladder(self, half: str) -> list[str] | None:
        """Everyone the finalist of that half beat, in round order (EMPTY for a bye), once the half's semifinal is done."""
        if half in self.ladders:
            return self.ladders[half]
        depth = self.draw.matches[-1].round
        semi = f"R{depth - 1}-{1 if half == 'top' else 2}"
        if semi not in self.done:
            return None
        losers: list[str] = []
        key: str | None = semi
        while key is not None:
            m = self.draw.match(key)
            losers.append(self.lose[key])
            side = m.red if self.win[key] == self.red[key] else m.blue
            key = side.ref if side is not None and side.kind == "winner" else None
        losers.reverse()
        self.ladders[half] = losers
        return losers

    def stage_done(self, stage: str) -> bool:
        return all(m.key in self.done for m in self.by_stage.get(stage, ()))

    def league(self, pool: str) -> list[list[str]]:
        if pool not in self.cache:
            keys = self.draw.pools.get(pool, ())
            games: list[Played] = []
            for m in self.by_stage.get(pool, ()):
                if m.key in self.done and m.key not in self.bye:
                    r, b = self.red[m.key], self.blue[m.key]
                    assert r is not None and b is not None
                    games.append((r, b, self.results[m.key]))
            tiebreaks = list(self.draw.options.get("tiebreaks", []))
            self.cache[pool] = rank_league(keys, games, tiebreaks, self.draw.lot)
        return self.cache[pool]

    def judged_classes(self, ref: str, keys: list[str], matches: list[Match]) -> list[list[str]]:
        if ref not in self.cache:
            t = tally(matches, self.red, self.done, self.bye, self.results)
            self.cache[ref] = rank_tally(keys, t, self.draw.lot)
        return self.cache[ref]

    def judged_stage(self, i: int) -> tuple[list[str], list[list[str]]]:
        """(qualified in rank order, all classes of the stage), for stage i once it is complete. Totals are the
        sums of each performance's parts; an entrant stopped by a decision ranks last and does not go on."""
        stages = self.draw.options["stages"]
        take = stages[i - 1]["take"]
        key = f"S{i}"
        matches = [m for m in self.draw.matches if m.round == i and m.blue is None]
        groups = [g for g in self.draw.pools if g.startswith(f"{key}:")] if i == 1 else []
        qualified: list[str] = []
        everyone: list[str] = []
        t = tally(matches, self.red, self.done, self.bye, self.results)
        for g in groups or [key]:
            if groups:
                members = list(self.draw.pools[g])
                gm = [m for m in matches if m.key.startswith(g + ":")]
            else:
                members = list(t.total)
                gm = matches
            classes = self.judged_classes(g, members, gm)
            placed = 0
            for cls in classes:
                if take is None or placed < take:
                    qualified.extend(k for k in cls if k not in t.stopped)
                placed += len(cls)
                everyone.extend(cls)
        qualified = [k for cls in rank_tally(qualified, t, self.draw.lot) for k in cls]  # across groups, tie-break and lot
        return qualified, rank_tally(everyone, t, self.draw.lot)

    def stopped_before(self, key: str) -> bool:
        """An earlier part of this performance ended with a decision that stops the entrant (a withdrawal ...)."""
        return any(k in self.done and k not in self.bye and self.results[k].decision in STOPS for k in earlier_parts(key))

    def rank(self, ref: str, place: int) -> str | None:
        if ref.startswith("pool:"):
            if not self.stage_done(ref):
                return None
            flat = [k for cls in self.league(ref) for k in cls]
            return flat[place - 1] if place <= len(flat) else EMPTY
        i = int(ref[1:].split(":", 1)[0].split(">", 1)[0])
        if i not in self.complete:  # asked while playing a later stage: every match of stage i was played already
            self.complete[i] = all(m.key in self.done for m in self.draw.matches if m.round == i and m.blue is None)
        if not self.complete[i]:
            return None
        if ref not in self.qualified and ">" in ref:  # the qualifiers of half A or B of the groups (WKF medal bouts)
            first, second = group_halves(self.draw.pools)
            half = {k for g in (first if ref.endswith(">A") else second) for k in self.draw.pools[g]}
            self.qualified[ref] = [k for k in self.judged_stage(i)[0] if k in half]
        if ref not in self.qualified and ":" in ref:  # a group's place (a medal bout): its athletes not stopped, in order
            gm = [m for m in self.draw.matches if m.round == i and m.blue is None and m.key.startswith(ref + ":")]
            stopped = tally(gm, self.red, self.done, self.bye, self.results).stopped
            members = list(self.draw.pools[ref]) if ref in self.draw.pools else [k for m in gm if (k := self.red.get(m.key))]
            classes = self.judged_classes(ref, members, gm)
            self.qualified[ref] = [k for cls in classes for k in cls if k not in stopped]
        if ref not in self.qualified:
            self.qualified[ref] = self.judged_stage(i)[0]
        q = self.qualified[ref]
        return q[place - 1] if place <= len(q) else EMPTY

    # --- medal bouts of judged groups (WKF kata) -------------------------------------------------------------
    def is_bout(self, m: Match) -> bool:
        return self.draw.options.get("bronze") == "groups" and m.round == len(self.draw.options["stages"]) + 1

    def partner(self, key: str) -> Match:
        bout, n = key.rsplit(":", 1)
        return self.draw.match(f"{bout}:{3 - int(n)}")

    def bout(self, bout: str) -> tuple[str, str] | None:
        """(winner, loser) of medal bout ``bout`` once both performances are done, EMPTY for nobody. A missing
        opponent (nobody for that place) gives the bout without a performance; a stopped performer (withdrawal ...)
        loses it; else the higher total wins, then the higher tie-break values (the rule set's: WKF kata, athletic
        performance), then the lot (WKF: another kata, to be checked; enter it as the result to decide otherwise)."""
        a, b = f"{bout}:1", f"{bout}:2"
        if a not in self.done or b not in self.done:
            return None
        ra, rb = self.red[a] or EMPTY, self.red[b] or EMPTY
        if ra == EMPTY or rb == EMPTY:
            return (ra or rb, EMPTY)
        res_a, res_b = self.results.get(a), self.results.get(b)
        stop_a = res_a is None or res_a.decision in STOPS
        stop_b = res_b is None or res_b.decision in STOPS
        if stop_a or stop_b:
            if stop_a and stop_b:
                return (EMPTY, EMPTY)
            return (rb, ra) if stop_a else (ra, rb)
        assert res_a is not None and res_b is not None

        def key(who: str, res: Result, other: Result) -> tuple[Decimal, tuple[Decimal, ...], int]:
            tie = res.tiebreak if res.tiebreak and len(res.tiebreak) == len(other.tiebreak) else ()
            lot = self.draw.lot.index(who) if who in self.draw.lot else len(self.draw.lot)
            return (res.red_points, tie, -lot)

        return (ra, rb) if key(ra, res_a, res_b) > key(rb, res_b, res_a) else (rb, ra)

    # --- matches -------------------------------------------------------------------------------------------
    def play(self, m: Match) -> None:
        key = m.key
        res = self.results.get(key)
        r = self.value(m.red)
        self.red[key] = r
        if m.blue is None:  # a judged performance
            self.blue[key] = None
            if r is not None and r != EMPTY and self.is_bout(m) and self.value(self.partner(key).red) == EMPTY:
                # a medal bout without an opponent: not performed, the athlete has the bout (see bout())
                self.done.add(key)
                self.bye.add(key)
                self.win[key] = self.lose[key] = EMPTY
            elif r == EMPTY:
                self.done.add(key)
                self.bye.add(key)
                self.win[key] = self.lose[key] = EMPTY
            elif r is not None:
                if res is None and self.stopped_before(key):  # not performed: the entrant stopped in an earlier part
                    self.done.add(key)
                    self.bye.add(key)
                    self.win[key] = self.lose[key] = EMPTY
                elif res is None:
                    self.ready.add(key)
                else:
                    if res.winner is not None:
                        raise _bad(key, "bài thi không có người thắng", "a judged performance has no winner")
                    self.check_decision(key, res)
                    self.done.add(key)
                    self.win[key], self.lose[key] = r, EMPTY
            if res is not None and key not in self.done or (res is not None and key in self.bye):
                raise _not_ready(key)
            return
        b = self.value(m.blue)
        self.blue[key] = b
        if key == "GF2" and "GF" in self.done and r is not None and self.win["GF"] == self.red["GF"]:
            # the winners' bracket champion won the first final: no second final
            if res is not None:
                raise _not_ready(key)
            self.done.add(key)
            self.bye.add(key)
            self.win[key], self.lose[key] = self.win["GF"], self.lose["GF"]
            return
        if r is None or b is None:
            if res is not None:
                raise _not_ready(key)
            return
        if r == EMPTY or b == EMPTY:
            if res is not None:
                raise _not_ready(key)
            self.done.add(key)
            self.bye.add(key)
            self.win[key] = r if b == EMPTY else b
            self.lose[key] = EMPTY
            return
        if res is None:
            self.ready.add(key)
            return
        self.check_decision(key, res)
        if res.winner is None:
            if not m.stage.startswith("pool:"):
                raise _bad(key, "phải có người thắng (chỉ đấu vòng tròn mới có hòa)", "a winner is needed (draws only in a round robin)")
            self.win[key] = self.lose[key] = EMPTY
        elif res.winner == "red":
            self.win[key], self.lose[key] = r, b
        elif res.winner == "blue":
            self.win[key], self.lose[key] = b, r
        else:
            raise _bad(key, "người thắng phải là đỏ hoặc xanh", "winner must be 'red' or 'blue'")
        self.done.add(key)

    def check_decision(self, key: str, res: Result) -> None:
        if res.decision not in DECISIONS:
            raise _bad(key, f"kiểu quyết định {res.decision!r} không có", f"unknown decision {res.decision!r}")

    def state(self, m: Match) -> MatchState:
        key = m.key
        done = key in self.done
        if m.blue is None and self.is_bout(m):  # a medal bout's performance: its athlete won or lost the bout
            who = self.red.get(key) or None
            outcome = self.bout(key.rsplit(":", 1)[0]) if who else None
            won = outcome is not None and outcome[0] == who
            lost = outcome is not None and not won
            return MatchState(key, who, None, key in self.ready, done, key in self.bye, who if won else None, who if lost else None)
        return MatchState(
            key=key,
            red=self.red.get(key) or None,
            blue=self.blue.get(key) or None,
            ready=key in self.ready,
            done=done,
            bye=key in self.bye,
            winner=(self.win.get(key) or None) if done and m.blue is not None else None,
            loser=(self.lose.get(key) or None) if done and m.blue is not None else None,
        )


def _groups_to_places(groups: list[list[str]], start: int = 1) -> list[Placement]:
    out: list[Placement] = []
    place = start
    for g in groups:
        members = [k for k in g if k]
        for k in members:
            out.append(Placement(place, k))
        place += len(members)
    return out


def _knockout_losers(run: _Run, prefix: str, depth: int, skip: set[str], upto: int) -> list[list[str]]:
    """Losers of the main rounds ``upto`` down to 1 (later rounds rank better), leaving out ``skip``."""
    groups = []
    for r in range(upto, 0, -1):
        g = [run.lose[m.key] for m in run.by_stage.get("main", ()) if m.round == r and m.key in run.done and m.key.startswith(prefix)]
        groups.append([k for k in g if k and k not in skip])
    return groups


def _single_places(run: _Run, bronze: str) -> list[Placement]:
    """Single elimination, as far as known: losers of round r place (size >> r) + 1."""
    main = run.by_stage.get("main", [])
    if not main:
        return []
    depth = max(m.round for m in run.draw.matches if m.stage == "main")
    out: list[Placement] = []
    if "F" in run.done:
        out += [Placement(1, run.win["F"]), Placement(2, run.lose["F"])]
    if bronze == "one" and "B1" in run.done and "B1" not in run.bye:
        out += [Placement(3, run.win["B1"]), Placement(4, run.lose["B1"])]
    elif bronze == "one" and "B1" in run.done:
        out += [Placement(3, run.win["B1"])] if run.win["B1"] else []
    for m in main:
        if m.key == "F" or m.key not in run.done or not run.lose[m.key]:
            continue
        if m.round == depth - 1 and bronze == "one":
            continue
        out.append(Placement((1 << (depth - m.round)) + 1, run.lose[m.key]))
    return out


def _finished_places(run: _Run) -> list[Placement]:
    d = run.draw
    fmt = d.format
    if fmt == "repechage":
        depth = max(m.round for m in d.matches if m.stage == "main")
        top = [[run.win["F"]], [run.lose["F"]]]
        placed = {run.win["F"], run.lose["F"]}
        groups: list[list[str]] = []
        if d.options["repechage"] == "finalists" or depth < 3:
            ladders = {h: (run.ladder(h) or []) for h in ("top", "bottom")} if depth >= 2 else {}
            bronzes = []
            for half, letter in (("top", "T"), ("bottom", "B")):
                if depth >= 3:
                    bronzes.append(run.win[f"R{letter}{depth - 2}"])
                elif depth == 2:
                    bronzes.append(ladders[half][0])
            groups.append(bronzes)
            for k in range(depth - 2, 0, -1):
                groups.append([run.lose[f"R{letter}{k}"] for letter in "TB"])
            rep_people = {k for lad in ladders.values() for k in lad}
            groups.extend(_knockout_losers(run, "R", depth, rep_people | placed, depth - 1))
        else:
            groups.append([run.win["B1"], run.win["B2"]])
            groups.append([run.lose["B1"], run.lose["B2"]])
            groups.append([run.lose["RT1"], run.lose["RB1"]])
            inrep = {run.lose[m.key] for m in d.matches if m.stage == "main" and m.round >= depth - 2 and m.key != "F"}
            groups.extend(_knockout_losers(run, "R", depth, inrep | placed, depth - 3))
        return _groups_to_places(top + groups)
    if fmt == "double":
        champion_match = "GF2" if "GF2" in run.done and "GF2" not in run.bye else "GF"
        groups = [[run.win[champion_match]], [run.lose[champion_match]]]
        lb_rounds = sorted({m.round for m in d.matches if m.stage == "losers"}, reverse=True)
        for r in lb_rounds:
            groups.append([run.lose[m.key] for m in run.by_stage["losers"] if m.round == r])
        return _groups_to_places(groups)
    if fmt == "round_robin":
        return _groups_to_places(run.league("pool:A"))
    if fmt == "judged":
        stages = d.options["stages"]
        last = len(stages)
        qualified, classes = run.judged_stage(last)
        groups = list(classes)
        if d.options.get("bronze") == "groups":  # WKF kata: 1, 2 from the final, 3, 3 and 5, 5 from the bronze bouts
            medals: list[Placement] = []
            for key, (won, lost) in (("F", (1, 2)), ("B1", (3, 5)), ("B2", (3, 5))):
                outcome = run.bout(key)
                assert outcome is not None
                medals += [Placement(place, who) for place, who in zip((won, lost), outcome, strict=True) if who]
            placed = {p.entrant for p in medals}
            # a bout both performers left (both stopped) places neither: they rank with the rest of the round
            groups = [[k for k in c if k not in placed] for c in classes]
        else:
            medals = []
        seen = {k for c in classes for k in c}
        for i in range(last - 1, 0, -1):
            q, cl = run.judged_stage(i)
            groups.extend([k for k in c if k not in seen] for c in cl)
            seen.update(k for c in cl for k in c)
        return sorted(medals, key=lambda p: p.place) + _groups_to_places(groups, start=len(medals) + 1)
    return []


def resolve(draw: Draw, results: Mapping[str, Result]) -> State:
    """Every match's state given the results so far (keyed by match key). A result for a match that is not ready
    (sides unknown, a bye, or a second final that is not needed) raises DrawError("draw.result_not_ready")."""
    for key in results:
        try:
            draw.match(key)
        except KeyError:
            raise DrawError("draw.bad_result", f"Không có trận {key} trong lượt bốc thăm", f"No match {key} in the draw") from None
    run = _Run(draw, results)
    for m in draw.matches:
        run.play(m)
    finished = len(run.done) == len(draw.matches)
    standings: dict[str, tuple[str, ...]] = {}
    if draw.format in ("round_robin", "pools"):
        for pool in draw.pools:
            standings[pool] = tuple(k for cls in run.league(pool) for k in cls)
    elif draw.format == "judged":
        for g in draw.pools:
            gm = [m for m in draw.matches if m.round == 1 and (m.key.startswith(g + ":"))]
            standings[g] = tuple(k for cls in run.judged_classes(g, list(draw.pools[g]), gm) for k in cls)
        for i in range(1, len(draw.options["stages"]) + 1):
            ref = f"S{i}"
            if ref in standings:
                continue
            ms = [m for m in draw.matches if m.round == i]
            keys = [k for m in ms if (k := run.red.get(m.key))]
            run.cache.pop(ref, None)
            standings[ref] = tuple(k for cls in run.judged_classes(ref, keys, ms) for k in cls)
    placements: list[Placement] = []
    if draw.format == "single":
        placements = _single_places(run, str(draw.options["bronze"]))
    elif draw.format == "pools":
        placements = _single_places(run, str(draw.options["bronze"]))
        if all(run.stage_done(p) for p in draw.pools):
            qualified_count = sum(min(int(draw.options["advance"]), len(v)) for v in draw.pools.values())
            rows: list[list[str]] = []
            for pool in draw.pools:
                flat = [k for cls in run.league(pool) for k in cls]
                for i, k in enumerate(flat[int(draw.options["advance"]) :]):
                    while len(rows) <= i:
                        rows.append([])
                    rows[i].append(k)
            placements += _groups_to_places(rows, start=qualified_count + 1)
    elif finished:
        placements = _finished_places(run)
    placements.sort(key=lambda p: (p.place, p.entrant))
    return State(
        matches={m.key: run.state(m) for m in draw.matches},
        placements=tuple(placements),
        finished=finished,
        standings=standings,
    )
