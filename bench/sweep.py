"""Benchmark: many negotiations (a sweep) with accord vs NegMAS, in one process run.

1. Boulware x Boulware over 125 outcomes (3 issues x 5 options) and 100 steps, a different
   random linear-additive utility pair for every draw: accord does on one core what a
   sweep does with a chunk of draws (samples each draw's weights and values from its
   scenario's distributions, runs the draws in blocks, makes the rows the store keeps),
   and, for the wall-clock figure, a sweep on a local process pool of `--workers`; the
   engine's call alone is timed beside (`engine_only_per_cpu_s`). NegMAS runs the same
   utility pairs one negotiation at a time on one core. Rates are negotiations per CPU
   second of one process (per core), and per wall second. The agreement (text and step)
   stored for every draw NegMAS ran is compared.
2. The reference case `istanbul-2022` (if present): a sweep of `--istanbul-draws` draws
   (default 10^4, the size the target names) for the baseline and three variants
   (no-bucha, credible-guarantees, russia-sincere), in chunks of the size a sweep of 10^4
   draws uses, timed end to end on the pool (scaled to 10^4 draws when fewer are run: a
   worker's fixed costs, such as checking each pinned file once, then weigh more); and
   the workers' CPU time per run (sampling, engine, rows; the pool's processes are
   counted when they exit, their start included). No results store is written.

Run (needs the `bench` extra, which installs NegMAS):

    pip install -e '.[bench]' && python bench/sweep.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from typing import Any

import numpy as np

import accord
from accord.engine import simulate_draws
from accord.experiments.executors import LocalExecutor
from accord.experiments.sweep import Chunk, default_chunk_size, run_chunk, run_variants, sweep
from accord.scenario import shipped_scenarios, validate_data
from accord.scenario.parameters import parameters_of, sample_parameters
from accord.situation import sampled_draws

SIZES = [5, 5, 5]


def random_scenario(n_steps: int) -> dict[str, Any]:
    """Bilateral Boulware negotiation whose weights and values are uniform on [0, 1]."""
    issues = [
        {"id": f"i{k}", "name": f"i{k}", "options": [f"v{j}" for j in range(size)]}
        for k, size in enumerate(SIZES)
    ]
    unit = {"uniform": [0.0, 1.0]}
    preferences = {
        party: {
            "weights": {i["id"]: unit for i in issues},
            "values": {i["id"]: {o: unit for o in i["options"]} for i in issues},
            "reservation_value": 0.0,
        }
        for party in ("a", "b")
    }
    return {
        "accord": 1,
        "id": "bench-sweep",
        "title": "bench",
        "parties": [{"id": p, "name": p, "role": "party"} for p in ("a", "b")],
        "issues": issues,
        "preferences": preferences,
        "protocol": {"kind": "alternating_offers", "n_steps": n_steps, "order": ["a", "b"]},
        "strategies": {p: {"kind": "time_based", "curve": "boulware"} for p in ("a", "b")},
    }


def draw_utilities(data: dict[str, Any], values: np.ndarray, paths: list[str]) -> dict[str, Any]:
    """The normalised weights and values of one draw, as accord computes them."""
    by_path = dict(zip(paths, values, strict=True))
    result = {}
    for party in ("a", "b"):
        raw = np.array([by_path[f"preferences.{party}.weights.i{k}"] for k in range(len(SIZES))])
        weights = raw / raw.sum()
        tables = {
            f"i{k}": {
                f"v{j}": by_path[f"preferences.{party}.values.i{k}.v{j}"] for j in range(size)
            }
            for k, size in enumerate(SIZES)
        }
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
            weights=[float(w) for w in utilities[party]["weights"]],
            outcome_space=space,
            reserved_value=0.0,
        )
        mechanism.add(BoulwareTBNegotiator(id=party, name=party), ufun=ufun)
    state = mechanism.run()
    if state.agreement is None:
        return (None, None)
    return (
        tuple(sorted(zip([f"i{k}" for k in range(len(SIZES))], state.agreement, strict=True))),
        state.step - 1,
    )


def many(n_accord: int, n_negmas: int, workers: int) -> dict[str, Any]:
    """Rates and agreement check for the Boulware x Boulware sweep."""
    data = random_scenario(100)
    scenario = validate_data(data)
    cpu = time.process_time()
    rows = run_chunk(Chunk("baseline", scenario, 1, 0, n_accord))
    accord_cpu = time.process_time() - cpu
    draws = sampled_draws(scenario, seed=1, start=0, stop=n_accord)
    cpu = time.process_time()
    simulate_draws(scenario, draws, seed=1)
    engine_cpu = time.process_time() - cpu
    executor = LocalExecutor(workers)
    list(executor.map(abs, range(workers)))  # start the pool before timing
    wall = time.perf_counter()
    run_variants(
        {"baseline": scenario},
        n_draws=n_accord,
        seed=1,
        executor=executor,
        chunk_size=max(1, n_accord // (4 * workers)),
    )
    accord_wall = time.perf_counter() - wall
    executor.close()
    paths = [p.path for p in parameters_of(scenario)]
    values = sample_parameters(parameters_of(scenario), seed=1, n_draws=n_negmas)
    cpu = time.process_time()
    negmas = [
        negmas_agreement(draw_utilities(data, values[d], paths), 100) for d in range(n_negmas)
    ]
    negmas_cpu = time.process_time() - cpu
    ours = [
        (tuple(sorted(json.loads(text).items())) if text else None, step)
        for text, step in zip(rows.text[:n_negmas], rows.step[:n_negmas], strict=True)
    ]
    per_core = (n_accord / accord_cpu) / (n_negmas / negmas_cpu)
    return {
        "setup": "boulware x boulware, 125 outcomes, 100 steps, random utilities per draw",
        "n_accord": n_accord,
        "n_negmas": n_negmas,
        "accord_per_cpu_s": n_accord / accord_cpu,
        "negmas_per_cpu_s": n_negmas / negmas_cpu,
        "speedup_per_core": per_core,
        "engine_only_per_cpu_s": n_accord / engine_cpu,
        "workers": workers,
        "accord_per_wall_s": n_accord / accord_wall,
        "agreement_mismatches": sum(a != b for a, b in zip(ours, negmas, strict=True)),
        "n_agreements_compared": sum(b[0] is not None for b in negmas),
    }


def istanbul(n_draws: int, workers: int) -> dict[str, Any] | None:
    """Time a sweep of the reference case: the baseline and three variants (4 in all)."""
    if n_draws == 0 or "istanbul-2022" not in {s.id for s in shipped_scenarios()}:
        return None
    variants = ["no-bucha", "credible-guarantees", "russia-sincere"]
    chunk = default_chunk_size(10_000)  # as a sweep of 10^4 draws splits its work
    executor = LocalExecutor(workers)
    list(executor.map(abs, range(workers)))  # start the pool before timing
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = sweep(
        "istanbul-2022",
        n_draws=n_draws,
        variants=variants,
        seed=0,
        executor=executor,
        chunk_size=chunk,
    )
    elapsed = time.perf_counter() - start
    executor.close()  # the workers exit: their CPU time is counted as the children's
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    runs = n_draws * (1 + len(variants))
    return {
        "n_draws": n_draws,
        "variants": ["baseline", *variants],
        "runs": runs,
        "chunk_size": chunk,
        "workers": workers,
        "seconds": elapsed,
        "runs_per_s": runs / elapsed,
        "seconds_for_10000_draws_x_4": elapsed * 10_000 / n_draws,
        "workers_cpu_ms_per_run": 1000 * workers_cpu / runs,
        "p_agreement": {v: s["p_agreement"] for v, s in result.variants.items()},
    }


def main() -> None:
    """Run the benchmarks; print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-accord", type=int, default=20_000)
    parser.add_argument("--n-negmas", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--istanbul-draws", type=int, default=10_000)
    args = parser.parse_args()
    import negmas

    report = {
        "benchmark": "sweeps",
        "accord": accord.__version__,
        "negmas": negmas.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores": os.cpu_count(),
        "many": many(args.n_accord, args.n_negmas, args.workers),
        "istanbul": istanbul(args.istanbul_draws, args.workers),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
