"""Benchmark: GMCR stability analysis (Nash, GMR, SMR, SEQ) on large option-form models.

Models have 12 to 16 binary options (4,096 to 65,536 states, all feasible, every option
reversible, so each decision maker can reach every combination of its own options in one
move), split as evenly as possible among 2 or 3 decision makers, with random strict
preferences (a random permutation of the states per decision maker). Setup (validating
the conflict and building the sparse moves) is timed apart from the run (all four
concepts for every decision maker). Each timing is the best of `--repeats` runs over
`--seeds` seeds; peak memory is the peak traced by `tracemalloc` during one run (numpy
allocations included). Prints one JSON document with timings, the machine and versions.

For scale (from the issue, measured on this machine kind): gmcr-py's engine needs about
27 s for 4,096 states and 3 decision makers, about 166 s and 8.4 GB for 16,384 states
and 2, and cannot hold 65,536 states in memory.

Run:

    python bench/gmcr.py            # all sizes
    python bench/gmcr.py --quick    # 12 options only
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import time
import tracemalloc
from typing import Any

import numpy as np

import accord
from accord.analysis.gmcr import GraphModel, build_model, stability, validate_conflict_data


def conflict_data(n_options: int, n_decision_makers: int) -> dict[str, Any]:
    """Plain data of an option-form conflict; preferences are replaced after building."""
    owners = np.array_split(np.arange(n_options), n_decision_makers)
    return {
        "accord": 1,
        "id": "bench",
        "title": "Benchmark",
        "conflict": {
            "decision_makers": [
                {"id": f"d{d}", "options": [f"o{k}" for k in owned]}
                for d, owned in enumerate(owners)
            ],
            "options": [{"id": f"o{k}"} for k in range(n_options)],
            "preferences": {
                f"d{d}": {"prioritization": [f"o{owned[0]}"]} for d, owned in enumerate(owners)
            },
        },
    }


def setup(n_options: int, n_decision_makers: int, seed: int) -> GraphModel:
    """Validate and build the model, then give every decision maker random preferences."""
    conflict = validate_conflict_data(conflict_data(n_options, n_decision_makers)).conflict
    model = build_model(conflict)
    rng = np.random.default_rng(seed)
    levels = np.stack([rng.permutation(model.n_states) for _ in range(n_decision_makers)])
    return dataclasses.replace(model, levels=levels.astype(np.int32))


def measure(n_options: int, n_decision_makers: int, seeds: int, repeats: int) -> dict[str, Any]:
    """Best-of timings and peak memory for one size."""
    best_setup, best_run, peak, n_moves = float("inf"), float("inf"), 0, 0
    equilibria: dict[str, int] = {}
    for seed in range(seeds):
        for _ in range(repeats):
            start = time.perf_counter()
            model = setup(n_options, n_decision_makers, seed)
            best_setup = min(best_setup, time.perf_counter() - start)
            start = time.perf_counter()
            table = stability(model)
            best_run = min(best_run, time.perf_counter() - start)
        tracemalloc.start()
        table = stability(model)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        n_moves = sum(int(m.targets.size) for m in model.moves)
        equilibria = {c: int(table.equilibria(c).sum()) for c in table.stable}
    return {
        "n_options": n_options,
        "n_states": 1 << n_options,
        "n_decision_makers": n_decision_makers,
        "n_moves": n_moves,
        "setup_seconds": round(best_setup, 4),
        "run_seconds": round(best_run, 4),
        "peak_run_memory_mb": round(peak / 2**20, 1),
        "equilibria_last_seed": equilibria,
    }


def main() -> None:
    """Run the benchmark and print one JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="12 options only")
    args = parser.parse_args()
    sizes = [12] if args.quick else [12, 14, 16]
    results = [
        measure(n_options, n_dms, args.seeds, args.repeats)
        for n_options in sizes
        for n_dms in (2, 3)
    ]
    print(
        json.dumps(
            {
                "benchmark": "gmcr stability, all four concepts",
                "results": results,
                "accord": accord.__version__,
                "numpy": np.__version__,
                "python": platform.python_version(),
                "machine": f"{platform.machine()} {platform.system()}, "
                f"{platform.processor() or 'cpu'}",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
