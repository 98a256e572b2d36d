"""Read every Genius domain of a corpus with accord and with NegMAS 0.16, and compare.

For each domain (a ``<negotiation_template>`` file and the profiles beside it, see
`accord.interop.genius.find_domains`), both libraries read the same profiles, and the
script compares

1. the utility of every outcome (of 10^5 seeded samples where the space is larger),
   bit for bit;
2. the Pareto frontier (spaces up to 10^5 outcomes);
3. a time-based stacked-alternating-offers run (Boulware against Conceder, 100 steps,
   the first two profiles, spaces up to 10^5 outcomes), offer for offer.

NegMAS keeps Genius's raw evaluations; Genius (and accord) divide each discrete issue's
evaluations by their largest. The NegMAS side is therefore compared after that same
division of its own tables (its weights and integer evaluators as NegMAS read them).
Discount factors are ignored on both sides (accord refuses them without
``--ignore-discount``). A profile accord refuses (with its located error) is left out on
both sides; a domain with fewer than two readable profiles is listed with the errors.

Run (needs the `bench` extra):

    pip install -e '.[bench]' && python bench/genius_corpus.py CORPUS_DIR
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

import accord
from accord.analysis.pareto import pareto_frontier
from accord.errors import AccordError
from accord.interop.additive import scenario_data, scenario_id_for
from accord.interop.genius import find_domains, read_genius
from accord.scenario import validate_data
from accord.space import OutcomeSpace
from accord.utility import utilities as accord_utilities

MAX_FULL = 100_000


def accord_side(domain: Path, profiles: list[Path]):
    """The readable profiles, the errors of the others, and the scenario over the former."""
    good, errors = [], []
    for profile in profiles:
        try:
            read_genius(domain, [profile], ignore_discount=True)
            good.append(profile)
        except AccordError as error:
            errors.append(str(error).split("\n")[0])
    if len(good) < 2:
        return good, errors, None
    case = read_genius(domain, good, ignore_discount=True)
    scenario = validate_data(scenario_data(case, scenario_id=scenario_id_for(case.name)))
    return good, errors, scenario


def sample_digits(radices: list[int], rng: np.random.Generator) -> np.ndarray:
    """`(n, n_issues)` every outcome, or 10^5 seeded samples of a larger space."""
    n_outcomes = int(np.prod(radices, dtype=float))
    if n_outcomes <= MAX_FULL:
        return np.stack(np.unravel_index(np.arange(n_outcomes), radices), axis=1)
    return np.stack([rng.integers(0, r, size=MAX_FULL) for r in radices], axis=1)


def accord_table(scenario, digits: np.ndarray) -> np.ndarray:
    """`(n, n_parties)` accord's utilities of the outcomes."""
    parties = scenario.party_ids
    tables = [
        np.array(
            [
                [
                    [scenario.preferences[p].values[issue.id][o] for o in issue.option_ids]
                    for p in parties
                ]
            ]
        )
        for issue in scenario.issues
    ]
    weights = np.array(
        [
            [
                [scenario.preferences[p].weights[issue.id] for issue in scenario.issues]
                for p in parties
            ]
        ]
    )
    return accord_utilities(tables, weights, digits)[0]


def negmas_side(domain: Path, profiles: list[Path]):
    """NegMAS's reading: its issues and ufuns, discrete tables divided by their maximum."""
    from negmas.inout import load_genius_domain
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    scenario = load_genius_domain(domain, profiles, ignore_discount=True, safe_parsing=False)
    issues = scenario.outcome_space.issues
    ufuns, notes = [], set()
    for raw in scenario.ufuns:
        values = []
        for issue, fun in zip(issues, raw.values):
            if isinstance(fun, TableFun):
                top = max(float(fun(v)) for v in issue.all)
                values.append(
                    TableFun({v: (float(fun(v)) / top if top else 0.0) for v in issue.all})
                )
            else:
                notes.add(f"integer issue '{issue.name}' read by NegMAS as {type(fun).__name__}")
                values.append(fun)
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values,
                weights=list(raw.weights),
                outcome_space=scenario.outcome_space,
                reserved_value=float(raw.reserved_value),
            )
        )
    return issues, ufuns, notes


def negmas_table(issues, ufuns, digits: np.ndarray) -> np.ndarray:
    values = [list(issue.all) for issue in issues]
    outcomes = [tuple(values[k][d] for k, d in enumerate(row)) for row in digits]
    return np.array([[float(u(o)) for u in ufuns] for o in outcomes])


def sao_traces(scenario, issues, ufuns) -> tuple[list, list]:
    """Offers (proposer index, outcome as value names) of both libraries' runs."""
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

    parties = scenario.party_ids[:2]
    data = scenario_data_for_sao(scenario, parties)
    transcript = accord.simulate(validate_data(data), seed=0)
    names = [{o.id: (o.name or o.id) for o in issue.options} for issue in scenario.issues]
    ours = [
        (
            parties.index(step.proposer),
            tuple(names[k][step.proposal[i.id]] for k, i in enumerate(scenario.issues)),
        )
        for record in transcript.rounds
        for step in record.steps
        if step.proposal
    ]
    mechanism = SAOMechanism(outcome_space=ufuns[0].outcome_space, n_steps=100)
    for k, cls in enumerate((BoulwareTBNegotiator, ConcederTBNegotiator)):
        mechanism.add(cls(id=parties[k], name=parties[k]), ufun=ufuns[k])
    mechanism.run()
    theirs = [
        (parties.index(negotiator), tuple(str(v) for v in offer))
        for _, negotiator, offer in mechanism.extended_trace
    ]
    return ours, theirs


def scenario_data_for_sao(scenario, parties) -> dict:
    data = accord.scenario.load.scenario_data(scenario)
    data["parties"] = [p for p in data["parties"] if p["id"] in parties]
    data["preferences"] = {p: data["preferences"][p] for p in parties}
    data["protocol"] = {"kind": "alternating_offers", "n_steps": 100, "order": list(parties)}
    data["strategies"] = {
        parties[0]: {"kind": "time_based", "curve": "boulware"},
        parties[1]: {"kind": "time_based", "curve": "conceder"},
    }
    return data


def compare(domain: Path, profiles: list[Path], rng: np.random.Generator) -> dict:
    good, errors, scenario = accord_side(domain, profiles)
    if scenario is None:
        return {"status": "error", "reasons": errors or ["fewer than two profiles"]}
    issues, ufuns, notes = negmas_side(domain, good)
    radices = list(OutcomeSpace.from_scenario(scenario).radices)
    digits = sample_digits(radices, rng)
    ours, theirs = accord_table(scenario, digits), negmas_table(issues, ufuns, digits)
    reasons = sorted(notes)
    same = np.sum(np.all(ours == theirs, axis=1))
    if same < len(digits):
        gap = float(np.max(np.abs(ours - theirs)))
        reasons.append(
            f"utilities: {len(digits) - same:,} of {len(digits):,} outcomes differ (max {gap:.3g})"
        )
    compared = ["utilities"]
    if len(digits) == int(np.prod(radices, dtype=float)):
        compared.append("pareto")
        if set(pareto_frontier(ours).tolist()) != set(pareto_frontier(theirs).tolist()):
            reasons.append("Pareto frontier differs")
        compared.append("sao")
        a, b = sao_traces(scenario, issues, ufuns)
        if a != b:
            first = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            reasons.append(f"SAO trace differs from offer {first} ({len(a)} vs {len(b)} offers)")
    return {
        "status": "match" if not reasons else "differs",
        "reasons": reasons,
        "skipped": errors,
        "compared": compared,
        "n": len(digits),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    import negmas

    rng = np.random.default_rng(0)
    found = find_domains(args.corpus)
    start = time.perf_counter()
    results = {}
    for domain, profiles in found:
        name = str(domain.relative_to(args.corpus))
        try:
            results[name] = compare(domain, profiles, rng)
        except Exception as error:  # a NegMAS failure is a finding, not a crash
            results[name] = {
                "status": "differs",
                "reasons": [f"comparison failed: {type(error).__name__}: {error}"[:200]],
            }
    counts = Counter(r["status"] for r in results.values())
    print(
        f"accord {accord.__version__}, NegMAS {negmas.__version__}, Python "
        f"{platform.python_version()}, {platform.machine()}; {time.perf_counter() - start:.0f} s"
    )
    print(
        f"{len(found)} domains: {counts['match']} match exactly, {counts['differs']} differ, "
        f"{counts['error']} refused with a located error"
    )
    full = sum(1 for r in results.values() if "sao" in r.get("compared", ()))
    print(
        f"(utilities compared on every outcome, Pareto frontier and SAO trace for the {full} "
        "domains of at most 100,000 outcomes; 100,000 sampled outcomes otherwise)"
    )
    for status in ("differs", "error"):
        for name, result in results.items():
            if result["status"] == status:
                print(f"- {status}: {name}: {'; '.join(result['reasons'])}")
    skipped = sum(len(r.get("skipped", ())) for r in results.values() if r["status"] != "error")
    print(f"{skipped} profiles refused with a located error in domains that import; by reason:")
    reasons = Counter(
        s.split(": ", 2)[-1][:90]
        for r in results.values()
        if r["status"] != "error"
        for s in r.get("skipped", ())
    )
    for reason, n in reasons.most_common():
        print(f"  {n:3d}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
