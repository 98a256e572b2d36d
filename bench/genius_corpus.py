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
                notes.add(issue.name)
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
    """Offers of both libraries' runs: (proposer index, outcome, proposer's utility)."""
    from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism

    parties = scenario.party_ids[:2]
    transcript = accord.simulate(validate_data(scenario_data_for_sao(scenario, parties)), seed=0)
    names = [{o.id: (o.name or o.id) for o in issue.options} for issue in scenario.issues]
    typed = [{str(v): v for v in issue.all} for issue in issues]

    def offer(k: int, values) -> tuple:
        outcome = tuple(typed[i][str(v)] for i, v in enumerate(values))
        return (k, tuple(str(v) for v in outcome), round(float(ufuns[k](outcome)), 12))

    ours = [
        offer(
            parties.index(step.proposer),
            [names[i][step.proposal[issue.id]] for i, issue in enumerate(scenario.issues)],
        )
        for record in transcript.rounds
        for step in record.steps
        if step.proposal
    ]
    mechanism = SAOMechanism(outcome_space=ufuns[0].outcome_space, n_steps=100)
    for k, cls in enumerate((BoulwareTBNegotiator, ConcederTBNegotiator)):
        mechanism.add(cls(id=parties[k], name=parties[k]), ufun=ufuns[k])
    mechanism.run()
    theirs = [offer(parties.index(who), made) for _, who, made in mechanism.extended_trace]
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
    """Compare one domain; the result's `grades` say how each comparison came out."""
    good, errors, scenario = accord_side(domain, profiles)
    if scenario is None:
        return {"status": "error", "reasons": errors or ["fewer than two profiles"]}
    try:
        issues, ufuns, notes = negmas_side(domain, good)
    except Exception as error:  # NegMAS refusing a file accord reads is a finding
        return {"status": "differs", "reasons": [f"NegMAS cannot read it: {error}"[:200]]}
    radices = list(OutcomeSpace.from_scenario(scenario).radices)
    digits = sample_digits(radices, rng)
    ours, theirs = accord_table(scenario, digits), negmas_table(issues, ufuns, digits)
    reasons: list[str] = []
    grades: dict[str, str] = {}
    gap = float(np.max(np.abs(ours - theirs)))
    grades["utilities"] = "exact" if gap == 0 else "rounding" if gap <= 1e-12 else "differs"
    if grades["utilities"] == "differs":
        n_differ = int(np.sum(np.any(ours != theirs, axis=1)))
        reasons.append(
            f"utilities: {n_differ:,} of {len(digits):,} outcomes differ (max {gap:.3g})"
        )
        if notes:
            reasons.append(
                f"integer issue(s) {', '.join(sorted(notes))}: NegMAS evaluates offset + "
                "slope x, Genius and accord offset + slope (x - lowerbound) clipped to [0, 1]"
            )
    if len(digits) == int(np.prod(radices, dtype=float)):
        grades["pareto"] = pareto_grade(ours, theirs)
        if grades["pareto"] == "differs":
            reasons.append("Pareto frontier differs")
        a, b = sao_traces(scenario, issues, ufuns)
        grades["sao"] = sao_grade(a, b)
        if grades["sao"] == "differs":
            first = next((k for k, (x, y) in enumerate(zip(a, b)) if x[::2] != y[::2]), None)
            at = f"offer {first}" if first is not None else "the end"
            reasons.append(f"SAO trace differs at {at} ({len(a)} vs {len(b)} offers)")
    status = "differs" if reasons else "exact" if set(grades.values()) == {"exact"} else "match"
    return {"status": status, "reasons": reasons, "grades": grades, "skipped": errors}


def pareto_grade(ours: np.ndarray, theirs: np.ndarray) -> str:
    """'exact': the same outcomes; 'rounding': the same outcomes once both libraries'
    utilities are rounded to 12 decimals (an outcome one ulp better on one side can
    dominate another that ties with it on the other side)."""
    if set(pareto_frontier(ours).tolist()) == set(pareto_frontier(theirs).tolist()):
        return "exact"
    rounded = pareto_frontier(np.round(ours, 12)), pareto_frontier(np.round(theirs, 12))
    return "rounding" if set(rounded[0].tolist()) == set(rounded[1].tolist()) else "differs"


def sao_grade(ours: list, theirs: list) -> str:
    """'exact': the same offers; 'ties': the same until an offer where the proposer was
    indifferent between the two outcomes (equal utility to 1e-12; NegMAS breaks such ties
    by an unstable sort), after which the runs may go different ways."""
    if ours == theirs:
        return "exact"
    first = next((k for k, (a, b) in enumerate(zip(ours, theirs)) if a != b), None)
    if first is not None and ours[first][::2] == theirs[first][::2]:
        return "ties"
    return "differs"


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
            results[name] = {"status": "differs", "reasons": [f"failed: {error!r}"[:200]]}
    counts = Counter(r["status"] for r in results.values())
    grades = Counter(
        (what, grade) for r in results.values() for what, grade in r.get("grades", {}).items()
    )
    print(
        f"accord {accord.__version__}, NegMAS {negmas.__version__}, Python "
        f"{platform.python_version()}, {platform.machine()}; {time.perf_counter() - start:.0f} s"
    )
    print(
        f"{len(found)} domains: {counts['exact']} match exactly, {counts['match']} match up "
        f"to float rounding or ties, {counts['differs']} differ, {counts['error']} refused "
        "with a located error"
    )
    for what in ("utilities", "pareto", "sao"):
        shown = ", ".join(f"{g} {n}" for (w, g), n in sorted(grades.items()) if w == what)
        print(f"  {what}: {shown}")
    full = sum(1 for r in results.values() if "sao" in r.get("grades", {}))
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
