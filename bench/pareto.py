"""Benchmark: Pareto frontier from utility functions, accord vs NegMAS, in one process.

Both libraries get identical random linear-additive utilities over outcome spaces of
10^4, 10^5 and 10^6 outcomes (issues of 10 options), for 2 and 3 parties. Set-up
(building scenario / utility-function objects) is timed apart from the run; the run is
"utility functions in, Pareto frontier out" (NegMAS: `negmas.preferences.pareto_frontier`
with the issues; accord: outcome space, utility array, `pareto_frontier`). Each timing
is the best of `--repeats` runs. The frontiers are checked to hold the same utility
vectors. Prints one JSON document with timings, ratios, versions and the machine.

Run (needs the `bench` extra, which installs NegMAS):

    pip install -e '.[bench]' && python bench/pareto.py
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import accord
from accord.analysis import pareto_frontier
from accord.scenario import validate_data
from accord.space import OutcomeSpace
from accord.utility import preference_model, utilities


def random_setup(n_issues: int, n_parties: int, seed: int) -> dict[str, Any]:
    """Plain description of random linear-additive utilities (weights sum to 1)."""
    rng = np.random.default_rng(seed)
    issues = [
        {"id": f"i{k}", "name": f"Issue {k}", "options": [f"v{j}" for j in range(10)]}
        for k in range(n_issues)
    ]
    preferences = {}
    for p in range(n_parties):
        weights = rng.random(n_issues)
        weights /= weights.sum()
        preferences[f"p{p}"] = {
            "weights": {f"i{k}": float(weights[k]) for k in range(n_issues)},
            "values": {
                f"i{k}": {f"v{j}": float(v) for j, v in enumerate(rng.random(10))}
                for k in range(n_issues)
            },
            "reservation_value": 0.0,
        }
    return {
        "accord": 1,
        "id": "bench",
        "title": "Benchmark",
        "parties": [{"id": p, "name": p, "role": "party"} for p in preferences],
        "issues": issues,
        "preferences": preferences,
    }


def accord_frontier(setup: dict[str, Any]) -> Callable[[], np.ndarray]:
    """Set up accord; return the timed run (utilities at frontier points)."""
    scenario = validate_data(setup)

    def run() -> np.ndarray:
        space = OutcomeSpace.from_scenario(scenario)
        u = utilities(space, preference_model(scenario, space))
        return u[pareto_frontier(u)]

    return run


def negmas_frontier(setup: dict[str, Any]) -> Callable[[], np.ndarray]:
    """Set up NegMAS; return the timed run (utilities at frontier points)."""
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction, pareto_frontier
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue(issue["options"], issue["id"]) for issue in setup["issues"]]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[TableFun(prefs["values"][issue["id"]]) for issue in setup["issues"]],
            weights=[prefs["weights"][issue["id"]] for issue in setup["issues"]],
            issues=issues,
        )
        for prefs in setup["preferences"].values()
    ]

    def run() -> np.ndarray:
        points, _ = pareto_frontier(ufuns, issues=issues)
        return np.array(points)

    return run


def best_of(run: Callable[[], np.ndarray], repeats: int) -> tuple[float, np.ndarray]:
    """Best wall time of `repeats` runs, and the last result."""
    best, result = float("inf"), np.zeros(0)
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def same_points(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two frontiers hold the same set of utility vectors (to 1e-9)."""
    rows_a = {tuple(np.round(row, 9)) for row in a}
    rows_b = {tuple(np.round(row, 9)) for row in b}
    return rows_a == rows_b


def main() -> None:
    """Run every size and party count; print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--max-issues", type=int, default=6)
    args = parser.parse_args()
    import negmas

    rows = []
    for n_parties in (2, 3):
        for n_issues in range(4, args.max_issues + 1):
            for seed in range(args.seeds):
                setup = random_setup(n_issues, n_parties, seed)
                start = time.perf_counter()
                accord_run = accord_frontier(setup)
                accord_setup = time.perf_counter() - start
                start = time.perf_counter()
                negmas_run = negmas_frontier(setup)
                negmas_setup = time.perf_counter() - start
                accord_time, accord_points = best_of(accord_run, args.repeats)
                negmas_repeats = 1 if n_issues >= 6 else args.repeats
                negmas_time, negmas_points = best_of(negmas_run, negmas_repeats)
                rows.append(
                    {
                        "n_outcomes": 10**n_issues,
                        "n_parties": n_parties,
                        "seed": seed,
                        "accord_setup_s": accord_setup,
                        "negmas_setup_s": negmas_setup,
                        "accord_s": accord_time,
                        "negmas_s": negmas_time,
                        "speedup": negmas_time / accord_time,
                        "frontier_size": len(accord_points),
                        "same_frontier": same_points(accord_points, negmas_points),
                    }
                )
    print(
        json.dumps(
            {
                "benchmark": "pareto_frontier from utility functions",
                "accord": accord.__version__,
                "negmas": negmas.__version__,
                "numpy": np.__version__,
                "python": platform.python_version(),
                "machine": platform.machine(),
                "processor": platform.processor(),
                "repeats": args.repeats,
                "rows": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
