"""Bargaining solutions against brute force and against the published cases."""

import itertools
import math

import numpy as np
import yaml
from hypothesis import given
from hypothesis import strategies as st

from accord import analyze
from accord.analysis import nash_solution, zopa_mask
from accord.scenario import load_scenario, resolve_scenario_path
from tests.strategies import utility_arrays


def oracle(scenario_id: str) -> dict:
    """Every solution by its definition, from the raw YAML numbers, in plain Python."""
    data = yaml.safe_load(resolve_scenario_path(scenario_id).read_text())
    issues = [(i["id"], [str(o) for o in i["options"]]) for i in data["issues"]]
    parties = [p["id"] for p in data["parties"] if p["role"] == "party"]
    outcomes = [
        dict(zip([k for k, _ in issues], combo, strict=True))
        for combo in itertools.product(*[opts for _, opts in issues])
    ]

    def utility(party: str, outcome: dict) -> float:
        prefs = data["preferences"][party]
        total = sum(prefs["weights"].values())
        return sum(
            w / total * prefs["values"][k][str(outcome[k])] for k, w in prefs["weights"].items()
        )

    r = [data["preferences"][p]["reservation_value"] for p in parties]
    u = [[utility(p, o) for p in parties] for o in outcomes]
    # The ZOPA includes outcomes worth exactly r; 1e-12 absorbs rounding (documented).
    zopa = [
        i for i, row in enumerate(u) if all(x >= ri - 1e-12 for x, ri in zip(row, r, strict=True))
    ]
    ideal = [max(u[i][j] for i in zopa) for j in range(len(parties))]

    def best(score) -> int:
        top = max(score(i) for i in zopa)
        return min(i for i in zopa if score(i) >= top - 1e-9 * max(1, abs(top)))

    def surplus(i: int) -> list[float]:
        return [x - ri for x, ri in zip(u[i], r, strict=True)]

    return {
        "outcomes": outcomes,
        "utilities": u,
        "zopa": zopa,
        "pareto": [
            i
            for i in range(len(u))
            if not any(
                all(a >= b for a, b in zip(u[j], u[i], strict=True)) and u[j] != u[i]
                for j in range(len(u))
            )
        ],
        "nash": best(lambda i: math.prod(surplus(i))),
        "kalai_smorodinsky": best(
            lambda i: min(
                s / (m - ri) if m > ri else 1.0
                for s, m, ri in zip(surplus(i), ideal, r, strict=True)
            )
        ),
        "utilitarian": best(lambda i: sum(u[i])),
        "egalitarian": best(lambda i: min(surplus(i))),
    }


def check_against_oracle(scenario_id: str) -> tuple[dict, dict]:
    expected = oracle(scenario_id)
    result = analyze(load_scenario(scenario_id)).to_dict()
    assert result["zopa"]["n_outcomes"] == len(expected["zopa"])
    assert [p["outcome"] for p in result["pareto"]] == [
        expected["outcomes"][i] for i in expected["pareto"]
    ]
    for name in ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian"):
        assert result["solutions"][name]["outcome"] == expected["outcomes"][expected[name]], name
    return expected, result


def test_nash_1950_solution_is_the_exchange_nash_reports():
    # Nash (1950), Econometrica 18(2), pp. 160-161: Bill gives book, whip, ball, bat;
    # Jack gives pen, toy, knife; gains (12, 5) over no trade, product 60.
    _, result = check_against_oracle("nash-1950-bill-jack")
    nash = result["solutions"]["nash"]
    assert nash["outcome"] == {
        "book": "jack",
        "whip": "jack",
        "ball": "jack",
        "bat": "jack",
        "box": "bill",
        "pen": "bill",
        "toy": "bill",
        "knife": "bill",
        "hat": "jack",
    }
    bill_gain = nash["utilities"]["bill"] * 34 - 12  # Bill's goods are worth 34 in all
    jack_gain = nash["utilities"]["jack"] * 16 - 6  # Jack's goods are worth 16 in all
    assert round(bill_gain, 9) == 12 and round(jack_gain, 9) == 5


def test_casino_dialogue_3_solutions_match_brute_force_and_published_scores():
    # Chawla et al. (2021), CaSiNo: High 5, Medium 4, Low 3 points a package; the deal of
    # dialogue 3 scored (23, 19); its Nash product over walk-away (5, 5) ties with (19, 23).
    _, result = check_against_oracle("casino-campsite")
    points = {p: round(v * 36, 9) for p, v in result["solutions"]["nash"]["utilities"].items()}
    assert sorted(points.values()) == [19, 23]
    pareto_points = sorted(round(p["utilities"]["agent1"] * 36) for p in result["pareto"])
    assert pareto_points == [0, 5, 10, 15, 19, 23, 27, 30, 33, 36]


@given(utility_arrays(max_points=60), st.data())
def test_nash_point_survives_positive_affine_rescaling(points, data):
    n_parties = points.shape[1]
    reservation = np.array([data.draw(st.floats(0, 0.5)) for _ in range(n_parties)])
    candidates = np.flatnonzero(zopa_mask(points, reservation))
    before = nash_solution(points, reservation, candidates)
    scale = np.array([data.draw(st.floats(0.1, 10)) for _ in range(n_parties)])
    shift = np.array([data.draw(st.floats(-5, 5)) for _ in range(n_parties)])
    after = nash_solution(points * scale + shift, reservation * scale + shift, candidates)
    assert before == after


def test_nash_point_is_on_the_pareto_frontier():
    rng = np.random.default_rng(11)
    for _ in range(20):
        points = rng.random((200, 3))
        reservation = rng.random(3) * 0.4
        candidates = np.flatnonzero(zopa_mask(points, reservation))
        nash = nash_solution(points, reservation, candidates)
        if nash is not None:
            dominated = np.all(points >= points[nash], axis=1) & np.any(
                points > points[nash], axis=1
            )
            assert not dominated.any()
