"""Benchmark: many negotiations (a sweep) with accord vs NegMAS, in one process run.

1. Boulware x Boulware over 125 outcomes (3 issues x 5 options) and 100 steps, a different
   random linear-additive utility pair for every draw: accord samples the weights and
   values of each draw from its scenario's distributions and runs all draws with its
   batched engine over a local process pool; NegMAS runs the same utility pairs one
   negotiation at a time. The agreement (text and step) of every draw NegMAS ran is
   compared. Rates are negotiations per second, wall clock.
2. The reference case `istanbul-2022` (if present): a sweep of `--istanbul-draws` draws
   for the baseline and three variants (no-bucha, credible-guarantees, russia-sincere),
   timed end to end and scaled to 10^4 draws; and, on one core, the batched single-text
   engine against the one-at-a-time engine on the same draws.

Run (needs the `bench` extra, which installs NegMAS):

    pip install -e '.[bench]' && python bench/sweep.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from typing import Any

import numpy as np

import accord
from accord.experiments.executors import LocalExecutor
from accord.experiments.sweep import Chunk, run_chunk, run_variants, sweep
from accord.scenario import load_scenario, shipped_scenarios, validate_data
from accord.scenario.parameters import parameters_of, sample_parameters

SIZES = [5, 5, 5]


def random_scenario(n_steps: int) -> dict[str, Any]:
    """Bilateral Boulware negotiation whose weights and values are uniform on [0, 1]."""
    issues = [{"id": f"i{k}", "name": f"i{k}", "options": [f"v{j}" for j in range(size)]}
              for k, size in enumerate(SIZES)]
    unit = {"uniform": [0.0, 1.0]}
    preferences = {
        party: {"weights": {i["id"]: unit for i in issues},
                "values": {i["id"]: {o: unit for o in i["options"]} for i in issues},
                "reservation_value": 0.0}
        for party in ("a", "b")
    }
    return {"accord": 1, "id": "bench-sweep", "title": "bench",
            "parties": [{"id": p, "name": p, "role": "party"} for p in ("a", "b")],
            "issues": issues, "preferences": preferences,
            "protocol": {"kind": "alternating_offers", "n_steps": n_steps, "order": ["a", "b"]},
            "strategies": {p: {"kind": "time_based", "curve": "boulware"} for p in ("a", "b")}}


def draw_utilities(data: dict[str, Any], values: np.ndarray, paths: list[str]) -> dict[str, Any]:
    """The normalised weights and values of one draw, as accord computes them."""
    by_path = dict(zip(paths, values, strict=True))
    result = {}
    for party in ("a", "b"):
        raw = np.array([by_path[f"preferences.{party}.weights.i{k}"] for k in range(len(SIZES))])
        weights = raw / raw.sum()
        tables = {f"i{k}": {f"v{j}": by_path[f"preferences.{party}.values.i{k}.v{j}"]
                            for j in range(size)} for k, size in enumerate(SIZES)}
        result[party] = {"weights": weights, "values": tables}
    return result


def negmas_agreement(utilities: dict[str, Any], n_steps: int) -> tuple[Any, ...]:
    """Run one NegMAS negotiation; return (text, step)."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import BoulwareTBNegotiator, SAOMechanism

    issues = [make_issue([f"v{j}" for j in range(size)], f"i{k}") for k, size in enumerate(SIZES)]
    space = make_os(issues)
    mechanism = SAOMechanism(outcome_space=space, n_steps=n_steps)
    for party in ("a", "b"):
        ufun = LinearAdditiveUtilityFunction(
            values=[TableFun(utilities[party]["values"][f"i{k}"]) for k in range(len(SIZES))],
            weights=[float(w) for w in utilities[party]["weights"]], outcome_space=space,
            reserved_value=0.0)
        mechanism.add(BoulwareTBNegotiator(id=party, name=party), ufun=ufun)
    state = mechanism.run()
    if state.agreement is None:
        return (None, None)
    return (tuple(sorted(zip([f"i{k}" for k in range(len(SIZES))], state.agreement,
                             strict=True))), state.step - 1)


def many(n_accord: int, n_negmas: int, workers: int) -> dict[str, Any]:
    """Rates and agreement check for the Boulware x Boulware sweep."""
    data = random_scenario(100)
    scenario = validate_data(data)
    executor = LocalExecutor(workers)
    list(executor.map(abs, range(workers)))  # start the pool before timing
    start = time.perf_counter()
    rows = run_variants({"baseline": scenario}, n_draws=n_accord, seed=1, executor=executor,
                        chunk_size=max(1, n_accord // (4 * workers)))["baseline"]
    accord_time = time.perf_counter() - start
    executor.close()
    paths = [p.path for p in parameters_of(scenario)]
    values = sample_parameters(parameters_of(scenario), seed=1, n_draws=n_negmas)
    start = time.perf_counter()
    negmas = [negmas_agreement(draw_utilities(data, values[d], paths), 100)
              for d in range(n_negmas)]
    negmas_time = time.perf_counter() - start
    ours = [(tuple(sorted(json.loads(t).items())) if t else None, s)
            for t, s in zip(rows.text[:n_negmas], rows.step[:n_negmas], strict=True)]
    return {"setup": "boulware x boulware, 125 outcomes, 100 steps, random utilities per draw",
            "workers": workers, "n_accord": n_accord, "n_negmas": n_negmas,
            "accord_per_s": n_accord / accord_time, "negmas_per_s": n_negmas / negmas_time,
            "speedup": (n_accord / accord_time) / (n_negmas / negmas_time),
            "agreement_mismatches": sum(a != b for a, b in zip(ours, negmas, strict=True)),
            "n_agreements_compared": sum(b[0] is not None for b in negmas)}


def istanbul(n_draws: int, workers: int) -> dict[str, Any] | None:
    """Time a sweep of the reference case: the baseline and three variants (4 in all).

    The sweep runs end to end (sampling, batched single-text engine, summaries) on the
    process pool. A block of draws is also run one at a time, to give the batched
    engine's speed-up on one core; `seconds_for_10000_draws` scales the measured rate.
    """
    if n_draws == 0 or "istanbul-2022" not in {s.id for s in shipped_scenarios()}:
        return None
    variants = ["no-bucha", "credible-guarantees", "russia-sincere"]
    executor = LocalExecutor(workers)
    list(executor.map(abs, range(workers)))  # start the pool before timing
    start = time.perf_counter()
    result = sweep("istanbul-2022", n_draws=n_draws, variants=variants, seed=0,
                   executor=executor)
    elapsed = time.perf_counter() - start
    executor.close()
    runs = n_draws * (1 + len(variants))
    scenario = load_scenario("istanbul-2022")
    chunk = Chunk("baseline", scenario, seed=0, start=0, stop=min(n_draws, 40))
    start = time.perf_counter()
    batched = run_chunk(chunk)
    batched_time = time.perf_counter() - start
    start = time.perf_counter()
    single = run_chunk(chunk, batched=False)
    single_time = time.perf_counter() - start
    return {"n_draws": n_draws, "variants": ["baseline", *variants], "runs": runs,
            "workers": workers, "seconds": elapsed, "runs_per_s": runs / elapsed,
            "seconds_for_10000_draws": elapsed * 10_000 / n_draws,
            "one_core_ms_per_run": {"batched": 1000 * batched_time / len(batched.draws),
                                    "one_at_a_time": 1000 * single_time / len(single.draws)},
            "same_outcomes": batched.reason == single.reason and batched.text == single.text,
            "p_agreement": {v: s["p_agreement"] for v, s in result.variants.items()}}


def main() -> None:
    """Run the benchmarks; print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-accord", type=int, default=20_000)
    parser.add_argument("--n-negmas", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--istanbul-draws", type=int, default=1_000)
    args = parser.parse_args()
    import negmas

    report = {
        "benchmark": "sweeps", "accord": accord.__version__, "negmas": negmas.__version__,
        "numpy": np.__version__, "python": platform.python_version(),
        "machine": platform.machine(), "cores": os.cpu_count(),
        "many": many(args.n_accord, args.n_negmas, args.workers),
        "istanbul": istanbul(args.istanbul_draws, args.workers),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
