"""Write the golden files the tests compare against; review the diff before committing.

Run after an intended change to the engine, the teaching case or the figure data:

    python scripts/make_golden.py

It writes `tests/report/testdata/ceasefire-teaching-seed0.json`: the teaching case's
report data with seed 0, a sweep of 20 draws of its two variants and the attribution over
them (the inputs of `tests/report/conftest.py`). The NegMAS traces have their own script,
`bench/negmas_traces.py`, which needs the `bench` extra.
"""

from __future__ import annotations

import json
from pathlib import Path

from accord import load_scenario, simulate
from accord.experiments.attribution import attribute
from accord.experiments.sweep import sweep
from accord.report.figure_data import report_data

ROOT = Path(__file__).resolve().parents[1]
TEACHING = "ceasefire-teaching"
VARIANTS = ("no-violation", "brave-guardian")
N_DRAWS = 20
FIGURE_DATA = ROOT / "tests" / "report" / "testdata" / "ceasefire-teaching-seed0.json"


def figure_data_document() -> str:
    """The teaching case's report data, as the golden file holds it."""
    teaching = load_scenario(TEACHING)
    data = report_data(
        teaching,
        simulate(teaching, seed=0),
        sweep=sweep(TEACHING, n_draws=N_DRAWS, variants=VARIANTS, seed=0).to_dict(),
        attribution=attribute(TEACHING, factors=VARIANTS, n_draws=N_DRAWS, seed=0).to_dict(),
    )
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    """Write every golden file and say which."""
    FIGURE_DATA.write_text(figure_data_document(), encoding="utf-8")
    print(f"wrote {FIGURE_DATA.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
