"""Mutation check: change one rule of the engine at a time and show that the tests notice.

Each mutation below rewrites one rule (a concession exponent, the learning rate, a
tolerance's sign, Bayes' rule, ...) in a copy of the project; the test suite must then
fail. A mutation the suite survives is a rule no test pins down.

    python scripts/mutations.py --list            # the mutations
    python scripts/mutations.py                   # all of them (about a minute each)
    python scripts/mutations.py --sample 2        # two, rotating with the date (CI)
    python scripts/mutations.py --only bayes-update
    python scripts/mutations.py --check           # every mutation still applies (fast)

Exit code 0 when every mutation run was killed, 1 when one survived, 2 when a mutation no
longer applies (its code changed: update it here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = (
    "src",
    "tests",
    "scenarios",
    "scripts",
    "bench",
    "pyproject.toml",
    "README.md",
    "docs",
    "examples",
)
TESTS = [
    "tests/engine",
    "tests/situation",
    "tests/test_utility.py",
    "tests/test_istanbul_2022.py",
    "tests/analysis/test_bargaining.py",
    "tests/report/test_figure_data.py",
]


@dataclass(frozen=True)
class Mutation:
    """One rule changed: in `path`, `before` (found exactly once) becomes `after`."""

    name: str
    path: str
    before: str
    after: str
    rule: str


MUTATIONS = (
    Mutation(
        "exponent-scale",
        "src/accord/engine/strategies.py",
        "1.0 - math.pow(t, e) for t in times",
        "1.0 - math.pow(t, e * 1.5) for t in times",
        "a time-based party's aspiration curve a(t) = 1 − t^e",
    ),
    Mutation(
        "time-origin",
        "src/accord/engine/strategies.py",
        "return [(k + 1) / (self.n_steps + 1) for k in steps]",
        "return [k / (self.n_steps + 1) for k in steps]",
        "relative time t = (k + 1)/(n + 1) of scheduled step k",
    ),
    Mutation(
        "band-tolerance-sign",
        "src/accord/engine/strategies.py",
        "low -= BAND_TOLERANCE",
        "low += BAND_TOLERANCE",
        "the band starts 1e-4 below the aspiration level",
    ),
    Mutation(
        "ranking-tie-order",
        "src/accord/engine/_ranking.py",
        'order[tied] = np.argsort(keys[tied], axis=1, kind="stable")',
        "order[tied] = np.argsort(keys[tied], axis=1)",
        "texts of equal value rank in code order",
    ),
    Mutation(
        "offer-reach",
        "src/accord/engine/_ranking.py",
        "reach = np.minimum(lows.min(axis=1) - NEAR_TOLERANCE, rational_best)",
        "reach = np.minimum(lows.min(axis=1), rational_best)",
        "a text just below the band's edge stays in reach of the offer rule",
    ),
    Mutation(
        "offer-least-over-first",
        "src/accord/engine/_ranking.py",
        "first[1:] = rows[1:] != rows[:-1]",
        "first[:-1] = rows[1:] != rows[:-1]",
        "of equal least values over the highest edge, the first in code order is kept",
    ),
    Mutation(
        "offer-tail-reach",
        "src/accord/engine/_ranking.py",
        "candidates = np.flatnonzero(lows.min(axis=1) - NEAR_TOLERANCE < reservation)",
        "candidates = np.flatnonzero(lows.min(axis=1) + NEAR_TOLERANCE < reservation)",
        "a text under r stays in reach of an edge up to 1e-6 above it",
    ),
    Mutation(
        "unread-values-union",
        "src/accord/situation/evaluation.py",
        "base, again = table.base, np.union1d(table.rows, rows)",
        "base, again = table.base, rows",
        "a party's values are made again in every draw moved since they were last made",
    ),
    Mutation(
        "best-text-tie-order",
        "src/accord/engine/strategies.py",
        "first[1:] = draws[1:] != draws[:-1]",
        "first[:-1] = draws[1:] != draws[:-1]",
        "a party's best text is the first in code order among equal values",
    ),
    Mutation(
        "kept-pairs-stand",
        "src/accord/situation/evaluation.py",
        "        if evaluation.value_tables[i] is previous.value_tables[i]\n",
        "        if True\n",
        "a party's values at its allowed texts are kept only while its values stand",
    ),
    Mutation(
        "group-least-loss",
        "src/accord/situation/groups.py",
        "least = np.minimum.reduceat(losses, first, axis=1)",
        "least = np.maximum.reduceat(losses, first, axis=1)",
        "a group's ceiling takes the least breach loss of its texts",
    ),
    Mutation(
        "planned-slice-offset",
        "src/accord/situation/evaluation.py",
        "draws = self.draws.start + draws * self.draws.step",
        "draws = draws + 0 * self.draws.step",
        "a slice of draws planned together reads its own draws' values",
    ),
    Mutation(
        "branch-one-item-late",
        "src/accord/engine/run.py",
        "(n_shared == walk.at or last)",
        "(n_shared + 1 == walk.at or last)",
        "a variant goes on from its scenario's run at the first item it plays differently",
    ),
    Mutation(
        "forks-first-on-ties",
        "src/accord/situation/shared.py",
        "if n_shared > best[1]:",
        "if n_shared >= best[1]:",
        "a run goes on from the first earlier run that shares the most items with it",
    ),
    Mutation(
        "forks-across-classes",
        "src/accord/situation/shared.py",
        "if classes[i] == classes[-1]:",
        "if True:",
        "a run goes on only from a run the same outside the timeline",
    ),
    Mutation(
        "branch-not-at-the-end",
        "src/accord/engine/run.py",
        "walk.at or last)",
        "walk.at)",
        "a walk that ends before a later model's first own item is copied where it ends",
    ),
    Mutation(
        "branch-shares-status",
        "src/accord/engine/run.py",
        "status=self.status.copy(),",
        "status=self.status,",
        "a variant's run goes on from a copy of its scenario's, which goes on unchanged",
    ),
    Mutation(
        "shared-skips-compiled-model",
        "src/accord/situation/shared.py",
        "if f.name not in _COMPARED_APART",
        "if f.name not in _COMPARED_APART and f.name != 'initial'",
        "runs share no item when compiling read the timelines differently",
    ),
    Mutation(
        "shared-skips-event-draws",
        "src/accord/situation/shared.py",
        "return ours.get(mine.item.id) == theirs.get(yours.item.id)",
        "return True",
        "an event is played alike only with the same draws of its numbers",
    ),
    Mutation(
        "shared-skips-outside-draws",
        "src/accord/situation/shared.py",
        "and mine.numbers.get(None) == yours.numbers.get(None)\n",
        "and True\n",
        "runs share no item when a number outside the events is drawn differently",
    ),
    Mutation(
        "learning-rate",
        "src/accord/engine/single_text.py",
        "rate = self.learning_rates\n",
        "rate = self.learning_rates * 0.5\n",
        "how far a reply moves the mediator's estimates",
    ),
    Mutation(
        "amendment-count",
        "src/accord/engine/single_text.py",
        "[:, : self.n_amendments]",
        "[:, : self.n_amendments + 1]",
        "a reply asks to amend at most n_amendments issues",
    ),
    Mutation(
        "acceptance-tolerance-sign",
        "src/accord/engine/single_text.py",
        "    return np.asarray(thresholds - ACCEPT_TOLERANCE)",
        "    return np.asarray(thresholds + ACCEPT_TOLERANCE)",
        "a text worth exactly the threshold is accepted",
    ),
    Mutation(
        "walkout-rule",
        "src/accord/engine/single_text.py",
        "(empty >= self.walkout_after)",
        "(empty > self.walkout_after)",
        "a party walks out after walkout_after empty rounds",
    ),
    Mutation(
        "estimate-error-order",
        "src/accord/engine/single_text.py",
        "normal(0, float(noise[d]), drawn.shape[1])",
        "normal(0, float(noise[d]), drawn.shape[1])[::-1]",
        "the mediator's errors are drawn weights first, then each issue's values, then r",
    ),
    Mutation(
        "revision-scope",
        "src/accord/engine/single_text.py",
        "kept = np.where(amended, 0, model.digits.take(drafted, axis=0))",
        "kept = np.where(~amended, 0, model.digits.take(drafted, axis=0))",
        "a revision changes the amended issues only",
    ),
    Mutation(
        "nash-product",
        "src/accord/engine/single_text.py",
        "product = product * np.clip(surplus[..., i], 0, None)",
        "product = product + np.clip(surplus[..., i], 0, None)",
        "the mediator's first tier is ranked by the Nash product",
    ),
    Mutation(
        "consent-threshold",
        "src/accord/situation/evaluation.py",
        "limit = conditions.thresholds.T[:, :, None] + CONSENT_TOLERANCE",
        "limit = conditions.thresholds.T[:, :, None] * 1.5 + CONSENT_TOLERANCE",
        "a guarantor consents while (1 − b)·exposure <= threshold",
    ),
    Mutation(
        "guarantor-trust",
        "src/accord/situation/evaluation.py",
        "belief = belief_in_all(conditions.beliefs, holders, about).T[:, :, None]",
        "belief = belief_in_all(conditions.beliefs, holders, about[:1]).T[:, :, None]",
        "a guarantor's trust is its belief that every party honours",
    ),
    Mutation(
        "breach-loss-sign",
        "src/accord/situation/value.py",
        "breach: np.ndarray = np.subtract(reservation_values, loss_scale)",
        "breach: np.ndarray = np.add(reservation_values, loss_scale)",
        "a breach leaves a party at r minus its loss",
    ),
    Mutation(
        "trust-product",
        "src/accord/situation/evaluation.py",
        "result = result * beliefs[:, holder, about]",
        "result = np.minimum(result, beliefs[:, holder, about])",
        "b_i is the product of i's beliefs about every other party",
    ),
    Mutation(
        "audience-cost",
        "src/accord/situation/value.py",
        "adjusted = utility - audience_costs * (1.0 - utility)",
        "adjusted = utility - audience_costs * utility",
        "conceding costs a·(1 − u) at home",
    ),
    Mutation(
        "zopa-tolerance-sign",
        "src/accord/situation/evaluation.py",
        "return np.asarray(values >= reservation_values - tolerance)",
        "return np.asarray(values >= reservation_values + tolerance)",
        "a text worth exactly r is inside the ZOPA",
    ),
    Mutation(
        "bayes-update",
        "src/accord/situation/beliefs.py",
        "honours * prior, evidence",
        "breaches * prior, evidence",
        "Bayes' rule b' = p·b / (p·b + q·(1 − b))",
    ),
    Mutation(
        "sao-acceptance-count",
        "src/accord/engine/offers.py",
        "complete = accepts & (count == len(self.order))",
        "complete = accepts & (count >= len(self.order) - 1)",
        "a text is agreed when every party accepts it",
    ),
    Mutation(
        "reservation-clamp",
        "src/accord/situation/events.py",
        "array[:, i] = np.minimum(high, np.maximum(0.0, before + delta))",
        "array[:, i] = np.minimum(high, before + delta)",
        "a reservation value stays in [0, 1] when events move it",
    ),
    Mutation(
        "walkout-ends-talks",
        "src/accord/engine/run.py",
        "if isinstance(event, process.Walkout) and not event.threat:",
        "if isinstance(event, process.Walkout) and event.threat:",
        "a walk-out ends the talks; a threat does not",
    ),
    Mutation(
        "party-leaves",
        "src/accord/engine/single_text.py",
        "accept |= ~evaluation.present  # a party that left is not asked",
        "",
        "a party that left the talks is not asked to accept",
    ),
    Mutation(
        "reply-margin",
        "src/accord/situation/evaluation.py",
        "np.asarray(values - self.reservation_values[draw, parties])",
        "np.asarray(values - 0.0 * self.reservation_values[draw, parties])",
        "a reply's margin is the text's value minus the reservation value",
    ),
    Mutation(
        "walkout-cause",
        "src/accord/engine/outcomes.py",
        'f"walkout:{event.party}" if cause == "zopa-open" else cause',
        'f"walkout:{event.party}"',
        "a walk-out is the cause only while texts were still in the ZOPA",
    ),
    Mutation(
        "partial-deferred",
        "src/accord/engine/run.py",
        "return text, named, deferred_issues(model.scenario, text)",
        "return text, named, ()",
        "a partial agreement records the issues it deferred",
    ),
    Mutation(
        "value-change",
        "src/accord/situation/evaluation.py",
        "        moved |= (table != earlier).any(axis=2)\n",
        "        pass\n",
        "a value change moves the utilities the run evaluates",
    ),
    Mutation(
        "zopa-pairs-unmoved",
        "src/accord/situation/evaluation.py",
        "        return np.where(np.asarray(self.moved), counted, before)\n",
        "        return counted\n",
        "the ZOPA of draws an event did not move keeps its size",
    ),
    Mutation(
        "ending-zopa-course",
        "src/accord/engine/run.py",
        "return list(zip(last.tolist(), sizes[-1].tolist(), strict=True))",
        "return list(zip(last.tolist(), (sizes[-1] > 0).tolist(), strict=True))",
        "a breakdown names the number of texts still in the ZOPA in its own draw",
    ),
    Mutation(
        "start-utilities-alike",
        "src/accord/situation/evaluation.py",
        "and np.array_equal(conditions.raw_weights[:, i], conditions_b.raw_weights[:, i])",
        "and True",
        "a variant that changes a party's weights from the first day sums its utilities anew",
    ),
    Mutation(
        "pair-breach-cell",
        "src/accord/situation/evaluation.py",
        "cells = model.cells_at(draws, entries - draws * model.n_texts)",
        "cells = model.cells_at(draws, 0 * draws)",
        "a value read at a pair takes the breach term of its text's commitment cell",
    ),
    Mutation(
        "group-counts-in-cells",
        "src/accord/situation/groups.py",
        "np.bincount(self.text_pairs[texts], minlength=self.pair_cells.size)",
        "np.bincount(self.text_pairs, minlength=self.pair_cells.size)",
        "the mediator counts, per group, only the texts it may table in consented cells",
    ),
    Mutation(
        "search-set-least-loss",
        "src/accord/situation/groups.py",
        "np.minimum.reduceat(least, starts, axis=2)",
        "np.maximum.reduceat(least, starts, axis=2)",
        "the mediator's search skips only sets of groups that cannot hold the best text",
    ),
    Mutation(
        "search-reach-ties",
        "src/accord/engine/single_text.py",
        "reach |= (tier == least_tier) & (score >= least_score - SEARCH_MARGIN)",
        "reach |= (tier == least_tier) & (score > least_score + SEARCH_MARGIN)",
        "the mediator's search values every group that could hold a text tying the best",
    ),
    Mutation(
        "search-set-counts",
        "src/accord/engine/single_text.py",
        "        self.set_usable[rows, in_set] -= usable\n",
        "",
        "a set's count of texts the mediator may table falls as they are rejected",
    ),
    Mutation(
        "revalued-cells",
        "src/accord/situation/evaluation.py",
        "        | (conditions.reservation_values != before.reservation_values)\n",
        "",
        "an event that moves a reservation value values that party's texts again",
    ),
    Mutation(
        "search-bound",
        "src/accord/engine/_ceilings.py",
        "        best_rest += options.max(axis=1)\n",
        "        best_rest += 0.5 * options.max(axis=1)\n",
        "the mediator's search skips only groups of texts that cannot hold the best one",
    ),
    Mutation(
        "ceiling-group-option",
        "src/accord/situation/groups.py",
        "leading_digits = model.digits[starts, :lead]",
        "leading_digits = model.digits[np.roll(starts, 1), :lead]",
        "a group's ceiling adds the terms of its own leading options",
    ),
    Mutation(
        "inducement-trust",
        "src/accord/situation/evaluation.py",
        "return np.asarray(self.trust_in_mediator * means.offered * self.present)",
        "return np.asarray((means.offered + 0.0 * self.trust_in_mediator) * self.present)",
        "a party values an inducement at its trust in the mediator times its value",
    ),
    Mutation(
        "mediator-stake",
        "src/accord/engine/single_text.py",
        "score * payoff ** means.stake[draws][:, None]",
        "score * payoff ** 0.0",
        "the mediator weighs its own payoff with its stake",
    ),
    Mutation(
        "inducement-budget",
        "src/accord/situation/inducements.py",
        "total <= budget[:, None] + BUDGET_TOLERANCE",
        "total <= budget[:, None] + 0.2",
        "a package costs at most the mediator's budget",
    ),
    Mutation(
        "proximity-agreement",
        "src/accord/engine/single_text.py",
        'can_agree = ~private | (sessions.kind == "sequential")',
        "can_agree = np.ones_like(private)",
        "a private proximity session cannot agree",
    ),
    Mutation(
        "sequential-order",
        "src/accord/engine/single_text.py",
        "seen[:, party] = seen[:, before] & replies.accept[:, before]",
        "seen[:, party] = seen[:, before]",
        "a sequential draft reaches a party only after those before it accept",
    ),
    Mutation(
        "partial-rule",
        "src/accord/situation/deferral.py",
        "if not protocol_of(scenario).partial:",
        "if protocol_of(scenario).partial:",
        "no text defers an issue unless the protocol allows partial agreements",
    ),
    Mutation(
        "linked-documents",
        "src/accord/situation/deferral.py",
        "allowed &= accepted[document.id] == accepted[other]",
        "allowed &= accepted[document.id] | accepted[other]",
        "linked documents are accepted together or not at all",
    ),
    Mutation(
        "hull-consent",
        "src/accord/situation/ranges.py",
        "    has = consented & np.isfinite(hull.highest)",
        "    has = np.isfinite(hull.highest)",
        "a party's best and worst values are over the cells its guarantors consent to",
    ),
    Mutation(
        "hull-kept-stand",
        "src/accord/situation/evaluation.py",
        "        if evaluation.party_utilities[i] is previous.party_utilities[i]\n",
        "",
        "a party's hull is kept only while its utilities stand",
    ),
    Mutation(
        "cut-cell-ceiling",
        "src/accord/situation/evaluation.py",
        "highest = self._in_draws(self.evaluation.cell_values(self.party)[0])",
        "highest = self._in_draws(self.evaluation.cell_values(self.party)[1])",
        "the offer rule reads every cell whose highest value reaches the band's lowest edge",
    ),
    Mutation(
        "cut-code-order",
        "src/accord/situation/ranges.py",
        '    return np.sort(draws * n_texts + texts[found], kind="stable")',
        "    return draws * n_texts + texts[found]",
        "texts read cell by cell rank in code order",
    ),
    Mutation(
        "hopeless-later-events",
        "src/accord/engine/run.py",
        "            points.append((k, sizes > 0, True))",
        "            points.append((k, sizes < 0, True))",
        "a draw whose ZOPA opens after a later event is drafted for before it opens",
    ),
    Mutation(
        "hopeless-later-rounds",
        "src/accord/engine/run.py",
        "        later = later | opens",
        "        later = opens",
        "a draw whose ZOPA opens at a later mediated round is drafted for in the earlier ones",
    ),
    Mutation(
        "hopeless-futures",
        "src/accord/engine/run.py",
        "            points.append((k, more.anywhere, False))",
        "            points.append((k, more.anywhere & False, False))",
        "a draw is left undrafted only if its ZOPA stays empty in the runs going on too",
    ),
    Mutation(
        "ahead-taken-up",
        "src/accord/engine/run.py",
        "_apply(course, item.item, recorder, self.ahead.pop(at, None))",
        "_apply(course, item.item, recorder, None)",
        "a walk evaluates the conditions after an event once, its look-ahead's evaluation",
    ),
    Mutation(
        "taken-up-values",
        "src/accord/situation/evaluation.py",
        "            evaluation.value_tables[i] = values[i]",
        "            pass",
        "an evaluation made ahead is given the values made since where they stand",
    ),
    Mutation(
        "texts-key-constraints",
        "src/accord/situation/model.py",
        "        constraints,\n        partial,\n",
        "        partial,\n",
        "a file's texts are shared only with files of the same constraints",
    ),
    Mutation(
        "texts-key-guarantors",
        "src/accord/situation/model.py",
        "        _guarantors(scenario, everyone),\n",
        "",
        "a file's texts are shared only with files of the same guarantors",
    ),
    Mutation(
        "hopeless-asks",
        "src/accord/engine/single_text.py",
        "    return np.asarray(hopeless & asks.all(axis=1))",
        "    return np.asarray(hopeless)",
        "a draw without a ZOPA is drafted for while a party asks less than r",
    ),
    Mutation(
        "hopeless-transcript",
        "src/accord/engine/run.py",
        "        if recorder is None:\n            self._look_ahead(futures)",
        "        if True:\n            self._look_ahead(futures)",
        "a transcript shows every draft of its draw, ZOPA or not",
    ),
    Mutation(
        "quiet-offers-tolerance",
        "src/accord/engine/offers.py",
        "evaluation.sizes_within(NEAR_TOLERANCE)",
        "evaluation.sizes_within(0.0)",
        "an offer a millionth under the reservation value may agree: such draws are played",
    ),
    Mutation(
        "quiet-offers-best-text",
        "src/accord/engine/offers.py",
        "            if unreasonable.any():",
        "            if False:",
        "a party with nothing worth r offers its best text, which may agree",
    ),
    Mutation(
        "quiet-offers-standing",
        "src/accord/engine/offers.py",
        "return np.asarray(quiet & ~_would_consider(views[self.order[0]], standing))",
        "return np.asarray(quiet)",
        "the offer standing from the last round may be accepted at the first turn",
    ),
    Mutation(
        "quiet-offers-left-standing",
        "src/accord/engine/run.py",
        'read_later=bool(_rounds_of(model, self.items, self.at + 1, "alternating_offers")),',
        "read_later=False",
        "a round that cannot agree still leaves its last offer standing for the next",
    ),
    Mutation(
        "quiet-offers-transcript",
        "src/accord/engine/offers.py",
        "            quiet[0] = False",
        "            quiet[0] = quiet[0]",
        "a transcript shows every offer of its draw",
    ),
    Mutation(
        "rows-by-index",
        "src/accord/situation/evaluation.py",
        "                draws = self.draws.take(draws)",
        "                draws = draws",
        "a round's draws picked by their indices read their own draws' values",
    ),
    Mutation(
        "grid-block-draws",
        "src/accord/utility.py",
        "leading_sums([options[rows] for options in per_option], lead)",
        "leading_sums([options[: block.shape[0]] for options in per_option], lead)",
        "each block of draws sums its own draws' terms over the grid",
    ),
)


def apply(mutation: Mutation, root: Path) -> None:
    """Rewrite the mutation's rule in the copy at `root`."""
    path = root / mutation.path
    text = path.read_text(encoding="utf-8")
    count = text.count(mutation.before)
    if count != 1:
        raise SystemExit(
            f"mutation '{mutation.name}' no longer applies: its code is found {count} times in "
            f"{mutation.path}; update scripts/mutations.py"
        )
    path.write_text(text.replace(mutation.before, mutation.after), encoding="utf-8")


def copy_project(target: Path) -> None:
    """Copy what the tests need into `target`."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis")
            )
        elif source.exists():
            shutil.copy2(source, target / name)


def run(mutation: Mutation, workers: str) -> tuple[bool, str, float]:
    """Apply `mutation` to a copy, run the tests there; return (killed, first failure, s)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"accord-{mutation.name}-") as folder:
        root = Path(folder)
        copy_project(root)
        apply(mutation, root)
        env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-n",
                workers,
                "-p",
                "no:cacheprovider",
                *TESTS,
            ],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    failure = next((line for line in result.stdout.splitlines() if line.startswith("FAILED")), "")
    return result.returncode != 0, failure, time.monotonic() - started


def rotating_sample(size: int, today: dt.date) -> list[Mutation]:
    """`size` mutations, a different slice each day, covering all of them in turn."""
    start = (today.toordinal() * size) % len(MUTATIONS)
    return [MUTATIONS[(start + j) % len(MUTATIONS)] for j in range(min(size, len(MUTATIONS)))]


def main() -> int:
    """Run the chosen mutations; print one line each; exit 1 if one survived."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    parser.add_argument(
        "--check", action="store_true", help="check that every mutation still applies, and stop"
    )
    parser.add_argument("--only", action="append", default=[], help="run this one (repeatable)")
    parser.add_argument("--sample", type=int, help="run this many, rotating with the date")
    parser.add_argument("--workers", default="2", help="pytest-xdist workers (default 2)")
    options = parser.parse_args()
    if options.list:
        for m in MUTATIONS:
            print(f"{m.name:28} {m.path:38} {m.rule}")
        return 0
    if options.check:
        with tempfile.TemporaryDirectory() as folder:
            copy_project(Path(folder))
            for mutation in MUTATIONS:
                apply(mutation, Path(folder))
        print(f"all {len(MUTATIONS)} mutations apply")
        return 0
    chosen = list(MUTATIONS)
    if options.only:
        known = {m.name: m for m in MUTATIONS}
        unknown = [name for name in options.only if name not in known]
        if unknown:
            print(f"unknown mutation: {', '.join(unknown)}", file=sys.stderr)
            return 2
        chosen = [known[name] for name in options.only]
    elif options.sample:
        chosen = rotating_sample(options.sample, dt.date.today())
    survived = 0
    for mutation in chosen:
        killed, failure, seconds = run(mutation, options.workers)
        verdict = "killed" if killed else "SURVIVED"
        survived += not killed
        print(f"{verdict:8} {mutation.name:28} {seconds:5.0f} s  {failure}", flush=True)
    print(f"{len(chosen) - survived} of {len(chosen)} mutations killed")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
