"""The mediator as an actor: its inducements, the parties' trust in it, its own interests.

A mediator may attach inducements (side-payments, aid, guarantees) to a draft, each for
one negotiating party, promised with the draft and given only if the draft is agreed.
For draw d, text o and party i:

- offered value W_i: the sum of the values of the inducements offered to i;
- trust in the mediator τ_i = b_i,m, i's belief that the mediator honours its word
  (`beliefs[i][mediator]`, moved by signals whose actor is the mediator; default 1);
- the package (`attach`): a draft carries, for every party that would not gain from the
  text alone (V_i(o) < r_i), every inducement offered to it, unless the package would
  cost more than the mediator's `budget`, when the draft carries none;
- with its package, the draft is worth V_i(o) + τ_i·W_i to each party that receives one.

The same rule serves the mediator, with its estimates of V and r, when it ranks drafts,
and the analysis, with the true values, for the ZOPA with inducements.

The mediator's own payoff from a text is u_m(o) − cost of its package, with u_m its
utility over texts (`mediator.interests`; 1 for every text without them). It ranks the
texts everyone gains from by Π_i (V̂_i − r̂_i) · max(0, u_m − cost)^s, the asymmetric
Nash product in which it takes part with weight s (`interests.stake`) and a
disagreement payoff of 0.

References:
    Kalai (1977), "Nonsymmetric Nash solutions and replications of 2-person bargaining",
    International Journal of Game Theory 6(3): 129–133 (the asymmetric Nash product);
    Touval and Zartman (1985), International Mediation in Theory and Practice, Westview
    (mediators' leverage: side-payments, aid and guarantees).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.scenario.schema import Scenario
from accord.situation.draws import Draws
from accord.space import OutcomeSpace
from accord.utility import utilities

__all__ = ["BUDGET_TOLERANCE", "Means", "attach", "compile_means", "mediator_payoff"]

# A package costing its budget up to this is affordable: rounding never refuses it.
BUDGET_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Means:
    """The mediator's means and interests, for a block of draws.

    Attributes:
        mediator: the drafting mediator's index among every participant (None: none).
        offered: `(n_draws, n_parties)` W_i, the value of the inducements offered to i.
        cost: `(n_draws, n_parties)` what those inducements cost the mediator.
        budget: `(n_draws,)` most one package may cost (inf: no limit).
        ids: per party, the ids of the inducements offered to it.
        interests: `(n_draws, n_texts)` the mediator's utility u_m (None: indifferent).
        stake: `(n_draws,)` the weight s of its own payoff when it ranks drafts.
    """

    mediator: int | None
    offered: np.ndarray
    cost: np.ndarray
    budget: np.ndarray
    ids: tuple[tuple[str, ...], ...]
    interests: np.ndarray | None
    stake: np.ndarray

    @property
    def has_inducements(self) -> bool:
        """Whether the mediator offers anything at all."""
        return any(self.ids)


def compile_means(
    scenario: Scenario,
    space: OutcomeSpace,
    draws: Draws,
    parties: tuple[str, ...],
    everyone: tuple[str, ...],
    digits: np.ndarray,
) -> Means:
    """Compile the drafting mediator's inducements, budget and interests."""
    n_draws, n_parties = draws.n_draws, len(parties)
    offered = np.zeros((n_draws, n_parties))
    cost = np.zeros((n_draws, n_parties))
    ids: list[list[str]] = [[] for _ in parties]
    spec = scenario.mediator
    budget = np.full(n_draws, np.inf)
    if spec is None:
        mediator = next((p.id for p in scenario.parties if "mediator" in p.roles), None)
        return Means(
            None if mediator is None else everyone.index(mediator),
            offered,
            cost,
            budget,
            tuple(() for _ in parties),
            None,
            np.zeros(n_draws),
        )
    for inducement in spec.inducements:
        i = parties.index(inducement.party)
        offered[:, i] += draws.read(inducement.value)
        cost[:, i] += draws.read(inducement.cost)
        ids[i].append(inducement.id)
    if spec.budget is not None:
        budget = draws.read(spec.budget)
    interests, stake = _interests(scenario, space, draws, digits)
    return Means(
        everyone.index(spec.party),
        offered,
        cost,
        budget,
        tuple(tuple(listed) for listed in ids),
        interests,
        stake,
    )


def _interests(
    scenario: Scenario, space: OutcomeSpace, draws: Draws, digits: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray]:
    """`(n_draws, n_texts)` u_m and `(n_draws,)` its stake (None, 0 without interests)."""
    assert scenario.mediator is not None
    interests = scenario.mediator.interests
    if interests is None:
        return None, np.zeros(draws.n_draws)
    weights = np.zeros((draws.n_draws, 1, space.n_issues))
    tables = []
    for k, issue in enumerate(space.issues):
        weights[:, 0, k] = draws.read(interests.weights.get(issue, 0.0))
        table = np.zeros((draws.n_draws, 1, space.radices[k]))
        for j, option in enumerate(space.options[k]):
            table[:, 0, j] = draws.read(interests.values.get(issue, {}).get(option, 0.0))
        tables.append(table)
    return utilities(tables, weights, digits)[:, :, 0], draws.read(interests.stake)


def attach(
    surplus: np.ndarray, induced: np.ndarray, cost: np.ndarray, budget: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return the surpluses with each text's package, and the package `(R, n, n_parties)`.

    Args:
        surplus: `(R, n, n_parties)` V_i − r_i of n texts in R draws (or the estimates).
        induced: `(R, n_parties)` τ_i·W_i, what the inducements offered to i are worth.
        cost: `(R, n_parties)` what they cost the mediator.
        budget: `(R,)` most a package may cost.
    """
    needed = (surplus < 0) & (induced > 0)[:, None, :]
    total = np.zeros(surplus.shape[:2])
    # Party by party, in order: a draw's sum must not depend on the block's layout.
    for i in range(surplus.shape[-1]):
        total += np.where(needed[..., i], cost[:, None, i], 0.0)
    affordable = total <= budget[:, None] + BUDGET_TOLERANCE
    attached = needed & affordable[..., None]
    return surplus + np.where(attached, induced[:, None, :], 0.0), attached


def mediator_payoff(
    means: Means, rows: np.ndarray, positions: np.ndarray, attached: np.ndarray
) -> np.ndarray:
    """`(R, n)` u_m(o) − cost of the package of the texts at `positions` `(R, n)`."""
    spent = np.zeros(attached.shape[:2])
    for i in range(attached.shape[-1]):
        spent += np.where(attached[..., i], means.cost[rows, None, i], 0.0)
    if means.interests is None:
        return 1.0 - spent
    return np.asarray(means.interests[rows[:, None], positions] - spent)
