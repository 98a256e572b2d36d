"""How often the mediated single text finds an agreement that exists, by the mediator's noise.

Random scenarios of 2–4 parties (3 issues of 2–4 options, random linear-additive
preferences and reservation values, a red line for some parties) are kept when their ZOPA
is not empty. Parties accept any text worth their reservation value; the mediator starts
from the true preferences blurred by Gaussian noise of the given sd, learns with rate 0.5,
and has one round of `n_steps` drafts. With no noise and no learning, the first draft
agrees whenever the ZOPA is open (a property the tests check); this script measures how
far noise takes the mediator from that.

    python bench/mediator.py            # prints one JSON document
"""

from __future__ import annotations

import argparse
import json
import platform
from typing import Any

import numpy as np

import accord
from accord.scenario import validate_data
from accord.situation import compile_model, evaluate, mean_draws


def random_case(rng: np.random.Generator) -> dict[str, Any]:
    """A random mediated scenario with a ZOPA that may or may not be open."""
    n_parties = int(rng.integers(2, 5))
    issues = [
        {"id": f"i{k}", "name": f"i{k}", "options": [f"o{j}" for j in range(int(n))]}
        for k, n in enumerate(rng.integers(2, 5, size=3))
    ]
    preferences = {}
    for p in range(n_parties):
        preferences[f"p{p}"] = {
            "weights": {i["id"]: round(float(rng.uniform(0.1, 1)), 3) for i in issues},
            "values": {
                i["id"]: {o: round(float(rng.random()), 3) for o in i["options"]} for i in issues
            },
            "reservation_value": round(float(rng.uniform(0.2, 0.6)), 3),
        }
        if rng.random() < 0.5:
            issue = issues[int(rng.integers(len(issues)))]
            preferences[f"p{p}"]["red_lines"] = [{issue["id"]: issue["options"][0]}]
    parties = [{"id": f"p{p}", "name": f"P{p}", "role": "party"} for p in range(n_parties)]
    return {
        "accord": 1,
        "id": "random",
        "title": "random",
        "parties": [*parties, {"id": "m", "name": "M", "role": "mediator"}],
        "issues": issues,
        "preferences": preferences,
    }


def rate(cases: list[dict[str, Any]], noise: float, n_steps: int, seeds: int) -> float:
    """Share of runs that agree, over the cases and `seeds` seeds each."""
    agreed = 0
    for data in cases:
        data = {
            **data,
            "protocol": {"kind": "single_text", "n_steps": n_steps},
            "mediator": {"party": "m", "noise": noise, "learning_rate": 0.5},
        }
        scenario = validate_data(data)
        agreed += sum(
            accord.simulate(scenario, seed=s).outcome.status == "agreement" for s in range(seeds)
        )
    return agreed / (len(cases) * seeds)


def main() -> None:
    """Measure the rates; print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    cases: list[dict[str, Any]] = []
    while len(cases) < args.cases:
        data = random_case(rng)
        scenario = validate_data(data)
        model = compile_model(scenario, mean_draws(scenario))
        if evaluate(model, model.initial).zopa().any():
            cases.append(data)
    rates = {
        f"noise {noise}": {f"{n} drafts": rate(cases, noise, n, args.seeds) for n in (1, 3, 6)}
        for noise in (0.0, 0.05, 0.1, 0.2)
    }
    print(
        json.dumps(
            {
                "benchmark": "mediator finds an open ZOPA",
                "accord": accord.__version__,
                "python": platform.python_version(),
                "cases": len(cases),
                "seeds_per_case": args.seeds,
                "agreement_rate": rates,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
