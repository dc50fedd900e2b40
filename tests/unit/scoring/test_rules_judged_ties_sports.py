"""Each judged sport's tie-break, by hand: performances folded from their judges' marks as the hub folds
them, then ranked as a judged stage ranks them (``tournaments.draws.rank_scores``), two and three tied."""

from decimal import Decimal

from scoring.rules import load_ruleset, tiebreak_values
from tournaments.draws.league import rank_scores


def _rank(contest_log, ruleset_id, performances):
    """name -> {component: {seat: mark}}; the classes of the ranking, best first, and each total."""
    totals, values = {}, {}
    for name, components in performances.items():
        log = contest_log(ruleset_id)
        for component, marks in components.items():
            log.marks(component, **marks)
        log.add("contest_ended")
        side = log.score().sides["athlete"]
        totals[name] = side.total
        values[name] = tiebreak_values(log.ruleset, side.detail["components"], side.detail["marks"])
    return rank_scores(list(performances), totals.__getitem__, list(performances), values.__getitem__), totals, values


def _same(v, n):
    return dict.fromkeys(v, n)


def _seats(prefix, *marks):
    return {f"{prefix}{i}": m for i, m in enumerate(marks, start=1)}


def aerobic(a, e, d):
    return {"A": _seats("A", *a), "E": _seats("E", *e), "D": _seats("D", *d)}


def test_aerobic_three_tied_go_by_execution_then_all_execution_judges_scores(contest_log):
    classes, totals, _ = _rank(
        contest_log,
        "gymnastics-aerobic-fig",
        {
            "X": aerobic(["8.0"] * 4, ["2.0"] * 4, ["3.0"] * 2),  # E 8.000, all E judges 32.0
            "Y": aerobic(["8.0"] * 4, ["1.8", "2.0", "2.0", "2.3"], ["3.0"] * 2),  # E 8.000, all E judges 31.9
            "Z": aerobic(["7.9"] * 4, ["1.9"] * 4, ["3.0"] * 2),  # E 8.100, A 7.900
        },
    )
    assert set(totals.values()) == {Decimal("19.000")}
    assert classes == [["Z"], ["X"], ["Y"]]


def test_aerobic_two_tied_on_all_execution_scores_go_by_the_three_highest(contest_log):
    classes, totals, values = _rank(
        contest_log,
        "gymnastics-aerobic-fig",
        {
            "X": aerobic(["8.0"] * 4, ["2.0"] * 4, ["3.0"] * 2),  # E judges 8.0 8.0 8.0 8.0: top three 24.0
            "W": aerobic(["8.0"] * 4, ["1.9", "2.0", "2.0", "2.1"], ["3.0"] * 2),  # 8.1 8.0 8.0 7.9: 32.0, top three 24.1
        },
    )
    assert totals["X"] == totals["W"] and values["X"][:4] == values["W"][:4]
    assert classes == [["W"], ["X"]]


def test_aerobic_equal_in_every_step_share_the_place(contest_log):
    same = aerobic(["8.0"] * 4, ["2.0"] * 4, ["3.0"] * 2)
    classes, _, values = _rank(contest_log, "gymnastics-aerobic-fig", {"X": same, "V": same})
    assert len(values["X"]) == 13  # E, A, D, then the judges' scores of each
    assert classes == [["X", "V"]]


def test_aerobic_scores_published_without_marks_compare_the_panels_only(contest_log):
    rs = load_ruleset("gymnastics-aerobic-fig")
    assert tiebreak_values(rs, {"A": "8.000", "E": "8.100", "D": "3.000"}, {}) == (Decimal("8.100"), Decimal("8.000"), Decimal("3.000"))


def poomsae(accuracy, presentation):
    return {"accuracy": _seats("J", *accuracy), "presentation": _seats("J", *presentation)}


def test_poomsae_three_tied_go_by_presentation_then_every_judges_score(contest_log):
    classes, totals, _ = _rank(
        contest_log,
        "taekwondo-poomsae-wt",
        {
            "P": poomsae(["0.5"] * 7, ["4.0"] * 7),  # 3.5 + 4.0; all judges 24.5 + 28.0
            "Q": poomsae(["0.4"] * 7, ["3.9"] * 7),  # 3.6 + 3.9: the lower presentation
            "R": poomsae(["0.5"] * 7, ["3.5", "4.0", "4.0", "4.0", "4.0", "4.0", "4.6"]),  # 3.5 + 4.0; all 24.5 + 28.1
        },
    )
    assert set(totals.values()) == {Decimal("7.5")}
    assert classes == [["R"], ["P"], ["Q"]]


def test_poomsae_two_tied_in_everything_share_the_place(contest_log):
    classes, _, _ = _rank(
        contest_log, "taekwondo-poomsae-wt", {"P": poomsae(["0.5"] * 7, ["4.0"] * 7), "S": poomsae(["0.5"] * 7, ["4.0"] * 7)}
    )
    assert classes == [["P", "S"]]  # the rules' rematch is a new performance: shared here


def test_kata_three_tied_go_by_the_athletic_score(contest_log):
    classes, totals, _ = _rank(
        contest_log,
        "karate-kata-wkf",
        {
            "K1": {"technical": _same([f"J{i}" for i in range(1, 8)], "8.0"), "athletic": _same([f"J{i}" for i in range(1, 8)], "7.4")},
            "K2": {"technical": _same([f"J{i}" for i in range(1, 8)], "7.4"), "athletic": _same([f"J{i}" for i in range(1, 8)], "8.8")},
            "K3": {"technical": _same([f"J{i}" for i in range(1, 8)], "8.0"), "athletic": _same([f"J{i}" for i in range(1, 8)], "7.4")},
        },
    )
    assert set(totals.values()) == {Decimal("23.46")}
    assert classes == [["K2"], ["K1", "K3"]]


def test_taolu_shares_the_place_on_equal_totals(contest_log):
    taolu = {"A": _seats("A", "0.3", "0.3", "0.3"), "B": _seats("B", *["2.5"] * 5), "C": _seats("C", *["1.5"] * 3)}
    other = {"A": _seats("A", "0.2", "0.2", "0.2"), "B": _seats("B", *["2.4"] * 5), "C": _seats("C", *["1.5"] * 3)}
    classes, totals, values = _rank(contest_log, "wushu-taolu-iwuf", {"T1": taolu, "T2": other})
    assert totals["T1"] == totals["T2"] and values == {"T1": (), "T2": ()}
    assert classes == [["T1", "T2"]]
