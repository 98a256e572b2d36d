"""Benchmark: stacked alternating offers, accord vs NegMAS 0.16, in one process.

Setups (identical for both libraries; random linear-additive utilities, weights summing
to exactly 1, reserved values 0):

1. many negotiations over 125 outcomes (3 issues x 5 options), 100 steps,
   Boulware x Boulware and Conceder x Boulware, a different random utility pair each;
2. one negotiation over 10^6 outcomes (6 issues x 10 options), 1000 steps,
   Boulware x Boulware.

Set-up (building scenarios / mechanisms, negotiators and utility functions) is timed
apart from the run, and reported both apart and included. Times are CPU time of this
process (`time.process_time`), with wall time beside. Both sides build their full trace:
accord its transcript with every round's offers and replies, NegMAS its trace. Both run
the same seeds. Each negotiation's agreement (text and step) is compared between the
two; the report counts mismatches. Prints one JSON document with rates, ratios, versions
and the machine.

Run (needs the `bench` extra, which installs NegMAS):

    pip install -e '.[bench]' && python bench/sao.py
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from typing import Any

import numpy as np

import accord
from accord import simulate
from accord.scenario import validate_data


def random_setup(sizes: list[int], seed: int, curves: tuple[str, str], n_steps: int) -> dict:
    """A bilateral time-based negotiation as accord scenario data."""
    rng = np.random.default_rng(seed)
    issues = [
        {"id": f"i{k}", "name": f"i{k}", "options": [f"v{j}" for j in range(size)]}
        for k, size in enumerate(sizes)
    ]
    preferences = {}
    for party in ("a", "b"):
        raw = rng.random(len(sizes))
        weights = raw / raw.sum()
        weights[-1] = 1.0 - float(np.sum(weights[:-1]))
        while float(sum(weights.tolist())) != 1.0:  # exact sum, as NegMAS evaluates it
            weights[-1] = np.nextafter(weights[-1], 1.0 if sum(weights.tolist()) < 1 else 0.0)
        preferences[party] = {
            "weights": {f"i{k}": float(weights[k]) for k in range(len(sizes))},
            "values": {
                f"i{k}": {f"v{j}": float(v) for j, v in enumerate(rng.random(size))}
                for k, size in enumerate(sizes)
            },
            "reservation_value": 0.0,
        }
    return {
        "accord": 1,
        "id": "bench",
        "title": "bench",
        "parties": [{"id": p, "name": p, "role": "party"} for p in ("a", "b")],
        "issues": issues,
        "preferences": preferences,
        "protocol": {"kind": "alternating_offers", "n_steps": n_steps, "order": ["a", "b"]},
        "strategies": {
            "a": {"kind": "time_based", "curve": curves[0]},
            "b": {"kind": "time_based", "curve": curves[1]},
        },
    }


def accord_run(setup: dict) -> tuple[float, float, tuple[Any, ...]]:
    """Set-up CPU time, run CPU time (transcript built) and (text, step) of accord's run."""
    start = time.process_time()
    scenario = validate_data(setup)
    ready = time.process_time()
    transcript = simulate(scenario)
    steps = sum(len(r.steps) for r in transcript.rounds)  # every offer and reply recorded
    done = time.process_time()
    assert steps > 0
    outcome = transcript.outcome
    text = tuple(sorted(outcome.text.items())) if outcome.text else None
    return ready - start, done - ready, (text, outcome.step)


def negmas_run(setup: dict) -> tuple[float, float, tuple[Any, ...]]:
    """Set-up CPU time, run CPU time (trace recorded) and (text, step) of NegMAS's run."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

    classes = {"boulware": BoulwareTBNegotiator, "conceder": ConcederTBNegotiator}
    start = time.process_time()
    issues = [make_issue(i["options"], i["id"]) for i in setup["issues"]]
    space = make_os(issues)
    mechanism = SAOMechanism(outcome_space=space, n_steps=setup["protocol"]["n_steps"])
    for party in ("a", "b"):
        prefs = setup["preferences"][party]
        ufun = LinearAdditiveUtilityFunction(
            values=[TableFun(prefs["values"][i["id"]]) for i in setup["issues"]],
            weights=[prefs["weights"][i["id"]] for i in setup["issues"]],
            outcome_space=space,
            reserved_value=0.0,
        )
        negotiator = classes[setup["strategies"][party]["curve"]](id=party, name=party)
        mechanism.add(negotiator, ufun=ufun)
    ready = time.process_time()
    state = mechanism.run()
    assert len(mechanism.extended_trace) > 0
    done = time.process_time()
    text = None
    step = None
    if state.agreement is not None:
        text = tuple(sorted(zip([i["id"] for i in setup["issues"]], state.agreement, strict=True)))
        step = state.step - 1
    return ready - start, done - ready, (text, step)


def many(curves: tuple[str, str], n_accord: int, n_negmas: int) -> dict[str, Any]:
    """Rates over many random 125-outcome negotiations."""
    setups = [random_setup([5, 5, 5], seed, curves, 100) for seed in range(n_accord)]
    for setup in setups[:3]:  # warm both libraries' imports and caches alike
        accord_run(setup)
        negmas_run(setup)
    accord_results = [accord_run(s) for s in setups]
    negmas_results = [negmas_run(s) for s in setups[:n_negmas]]
    mismatches = sum(a[2] != n[2] for a, n in zip(accord_results, negmas_results))
    accord_rate = n_accord / sum(r[1] for r in accord_results)
    accord_total_rate = n_accord / sum(r[0] + r[1] for r in accord_results)
    negmas_rate = n_negmas / sum(r[1] for r in negmas_results)
    negmas_total_rate = n_negmas / sum(r[0] + r[1] for r in negmas_results)
    return {
        "setup": f"{curves[0]} x {curves[1]}, 125 outcomes, 100 steps (CPU time)",
        "n_accord": n_accord,
        "n_negmas": n_negmas,
        "accord_per_s": accord_rate,
        "negmas_per_s": negmas_rate,
        "speedup": accord_rate / negmas_rate,
        "accord_per_s_with_setup": accord_total_rate,
        "negmas_per_s_with_setup": negmas_total_rate,
        "speedup_with_setup": accord_total_rate / negmas_total_rate,
        "compared": n_negmas,
        "agreement_mismatches": mismatches,
        "n_agreements": sum(r[2][0] is not None for r in negmas_results),
    }


def big() -> dict[str, Any]:
    """One negotiation over 10^6 outcomes and 1000 steps."""
    setup = random_setup([10] * 6, 7, ("boulware", "boulware"), 1000)
    accord_setup, accord_time, accord_outcome = accord_run(setup)
    negmas_setup, negmas_time, negmas_outcome = negmas_run(setup)
    return {
        "setup": "boulware x boulware, 1,000,000 outcomes, 1000 steps",
        "accord_setup_s": accord_setup,
        "accord_run_s": accord_time,
        "negmas_setup_s": negmas_setup,
        "negmas_run_s": negmas_time,
        "speedup_total": (negmas_setup + negmas_time) / (accord_setup + accord_time),
        "same_agreement": accord_outcome == negmas_outcome,
        "agreement_step": accord_outcome[1],
    }


def main() -> None:
    """Run both setups; print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-accord", type=int, default=400)
    parser.add_argument("--n-negmas", type=int, default=40)
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    import negmas

    report: dict[str, Any] = {
        "benchmark": "stacked alternating offers, time-based negotiators",
        "accord": accord.__version__,
        "negmas": negmas.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "many": [
            many(("boulware", "boulware"), args.n_accord, args.n_negmas),
            many(("conceder", "boulware"), args.n_accord, args.n_negmas),
        ],
    }
    if not args.skip_big:
        report["big"] = big()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
