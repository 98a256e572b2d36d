"""The situation at a moment: what each party gets from each text, given trust.

A `CompiledScenario` holds what never changes during a run (the outcome space, option
values, constraints, vulnerabilities, guarantees). `Conditions` hold what events move
(weights, reservation values, audience costs, beliefs, red lines, guarantor
thresholds). Together they give a `Situation`:

- utility u_i(o) as in `accord.utility`, with the current weights;
- audience cost a_i: conceding is costly at home, so u'_i(o) = u_i(o) − a_i·(1 − u_i(o));
- trust: b_i = Π_{j ≠ i} b_ij, the probability that every other party honours;
- breach loss: loss_i(o) = Σ_k vulnerability_ik(o_k) · (1 − c_i(o)), with the credibility
  of the guarantees protecting i, c_i(o) = 1 − Π_k (1 − credibility_k(o_k)) over the
  options whose guarantee protects i (`protects`; default: every party);
- value of agreement o to i: V_i(o) = b_i·u'_i(o) + (1 − b_i)·(r_i − loss_i(o)), so
  V_i(o) >= r_i exactly when b_i·(u'_i(o) − r_i) >= (1 − b_i)·loss_i(o);
- guarantor consent: guarantor g named in o consents while (1 − b_g)·exposure(o) <=
  threshold_g, with b_g = Π_j b_gj over the negotiating parties and exposure(o) the sum of
  the exposures of o's options; a withdrawn guarantor never consents.

The ZOPA at a moment: feasible outcomes that every named guarantor consents to, that hit
no red line, and with V_i(o) >= r_i for every party. Without `beliefs` every b is 1, V = u'
and, without audience costs, the ZOPA is the foundation's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from accord.analysis.bargaining import zopa_mask
from accord.scenario.distributions import quantity_mean
from accord.scenario.schema import Scenario
from accord.space import OutcomeSpace, PatternIndex, require_feasible
from accord.utility import (
    PreferenceModel,
    Resolve,
    acceptable_mask,
    normalise_weights,
    preference_model,
    utilities,
)

__all__ = [
    "CONSENT_TOLERANCE",
    "CompiledScenario",
    "Conditions",
    "Situation",
    "compile_scenario",
    "guarantor_consent",
    "refusals",
    "situation",
    "trust",
]

# A guarantor refuses a text only when its risk exceeds its threshold by more than this.
CONSENT_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Conditions:
    """What events change, as arrays indexed like `CompiledScenario.parties`.

    Attributes:
        raw_weights: `(n_parties, n_issues)` weights before normalisation.
        reservation_values: `(n_parties,)`.
        audience_costs: `(n_parties,)`, cost per unit of concession.
        beliefs: `(n_everyone, n_everyone)`, beliefs[holder, about] in [0, 1].
        red_lines: per party, the patterns it never accepts.
        thresholds: guarantor id → consent threshold (absent: always consents).
        withdrawn: guarantors that withdrew.
    """

    raw_weights: np.ndarray
    reservation_values: np.ndarray
    audience_costs: np.ndarray
    beliefs: np.ndarray
    red_lines: tuple[tuple[PatternIndex, ...], ...]
    thresholds: Mapping[str, float] = field(default_factory=dict)
    withdrawn: frozenset[str] = frozenset()

    def with_changes(self, **changes: object) -> Conditions:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CompiledScenario:
    """The parts of a scenario that stay fixed during a run, as arrays.

    Attributes:
        parties: negotiating parties (role 'party'), the utility columns.
        everyone: every participant, the axes of the belief matrix.
        loss_scale: `(n_outcomes, n_parties)` vulnerability × (1 − credibility).
        exposure: `(n_outcomes,)` how strongly the text draws guarantors in.
        named: guarantor id → `(n_outcomes,)` whether the text names it.
    """

    scenario: Scenario
    space: OutcomeSpace
    parties: tuple[str, ...]
    everyone: tuple[str, ...]
    preferences: PreferenceModel
    feasible: np.ndarray
    loss_scale: np.ndarray
    exposure: np.ndarray
    named: Mapping[str, np.ndarray]
    initial: Conditions
    resolve: Resolve
    # Derived arrays that many situations of one run share (utilities for given weights,
    # red-line masks); filled on first use, never changing what they cache.
    memo: dict[tuple[str, bytes], np.ndarray] = field(
        default_factory=dict, compare=False, repr=False
    )

    def cached(self, kind: str, key: bytes, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """Return the array cached under (kind, key), computing it once."""
        slot = (kind, key)
        if slot not in self.memo:
            self.memo[slot] = compute()
        return self.memo[slot]


def compile_scenario(scenario: Scenario, *, resolve: Resolve = quantity_mean) -> CompiledScenario:
    """Compile a scenario's fixed parts and initial conditions (numbers via `resolve`)."""
    space = OutcomeSpace.from_scenario(scenario)
    model = preference_model(scenario, space, resolve=resolve)
    feasible = space.feasible_mask(scenario.constraints)
    require_feasible(feasible, scenario.id)
    everyone = tuple(party.id for party in scenario.parties)
    loss_scale, exposure, named = _commitment_arrays(scenario, space, model.parties, resolve)
    initial = Conditions(
        raw_weights=np.array(
            [
                [resolve(scenario.preferences[p].weights.get(issue, 0.0)) for issue in space.issues]
                for p in model.parties
            ]
        ),
        reservation_values=model.reservation_values.copy(),
        audience_costs=np.zeros(len(model.parties)),
        beliefs=_initial_beliefs(scenario, everyone, resolve),
        red_lines=model.red_lines,
        thresholds={g: resolve(t.threshold) for g, t in scenario.guarantors.items()},
    )
    return CompiledScenario(
        scenario,
        space,
        model.parties,
        everyone,
        model,
        feasible,
        loss_scale,
        exposure,
        named,
        initial,
        resolve,
    )


def _initial_beliefs(scenario: Scenario, everyone: tuple[str, ...], resolve: Resolve) -> np.ndarray:
    beliefs = np.ones((len(everyone), len(everyone)))
    for holder, about_map in scenario.beliefs.items():
        for about, value in about_map.items():
            beliefs[everyone.index(holder), everyone.index(about)] = resolve(value)
    return beliefs


def _commitment_arrays(
    scenario: Scenario, space: OutcomeSpace, parties: tuple[str, ...], resolve: Resolve
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Breach-loss scale per party, guarantors' exposure, and the texts naming each guarantor."""
    n_parties = len(parties)
    commitment = scenario.commitment
    if commitment is None:
        return (np.zeros((space.n_outcomes, n_parties)), np.zeros(space.n_outcomes), {})
    vulnerability = np.zeros((*space.radices, n_parties))
    for i, party in enumerate(parties):
        for issue, table in commitment.vulnerability.get(party, {}).items():
            k = space.issues.index(issue)
            column = np.array([resolve(table.get(o, 0.0)) for o in space.options[k]])
            vulnerability[..., i] += space.broadcast(k, column)
    # Credibility shrinks the breach loss of the parties a guarantee protects only:
    # no_credibility[..., i] = Π_k (1 − credibility_k(o_k)) over guarantees protecting i.
    no_credibility = np.ones((*space.radices, n_parties))
    exposure = np.zeros(space.radices)
    named: dict[str, np.ndarray] = {}
    for issue, guarantees in commitment.guarantees.items():
        k = space.issues.index(issue)
        options = space.options[k]
        factors = np.ones((len(options), n_parties))
        for j, option in enumerate(options):
            guarantee = guarantees.get(option)
            if guarantee is None:
                continue
            protected = guarantee.protects or parties
            for i, party in enumerate(parties):
                if party in protected:
                    factors[j, i] = 1.0 - resolve(guarantee.credibility)
            exposure = exposure + space.broadcast(
                k, np.eye(len(options))[j] * resolve(guarantee.exposure)
            )
            for guarantor in guarantee.guarantors:
                mask = space.mask({k: [j]})
                named[guarantor] = named.get(guarantor, np.zeros(space.n_outcomes, bool)) | mask
        no_credibility = no_credibility * space.broadcast(k, factors)
    loss_scale = (vulnerability * no_credibility).reshape(space.n_outcomes, n_parties)
    return loss_scale, np.broadcast_to(exposure, space.radices).reshape(-1).copy(), named


@dataclass(frozen=True)
class Situation:
    """Values of every outcome to every party at one moment.

    Attributes:
        utilities: `(n_outcomes, n_parties)` u_i(o) with current weights.
        values: `(n_outcomes, n_parties)` trust- and audience-adjusted V_i(o).
        acceptable: `(n_outcomes, n_parties)` False where a red line is hit.
        consent: `(n_outcomes,)` every named guarantor consents.
    """

    compiled: CompiledScenario
    conditions: Conditions
    date: dt.date | None
    utilities: np.ndarray
    values: np.ndarray
    acceptable: np.ndarray
    consent: np.ndarray

    @property
    def space(self) -> OutcomeSpace:
        """The outcome space."""
        return self.compiled.space

    @property
    def parties(self) -> tuple[str, ...]:
        """The negotiating parties."""
        return self.compiled.parties

    @property
    def feasible(self) -> np.ndarray:
        """`(n_outcomes,)` outcomes that satisfy the constraints."""
        return self.compiled.feasible

    @property
    def reservation_values(self) -> np.ndarray:
        """`(n_parties,)` current reservation values."""
        return self.conditions.reservation_values

    @property
    def has_trust(self) -> bool:
        """Whether trust or audience costs make values differ from utilities."""
        return bool(self.compiled.scenario.beliefs) or bool(np.any(self.conditions.audience_costs))

    @cached_property
    def admissible(self) -> np.ndarray:
        """`(n_outcomes,)` feasible, consented texts that hit no party's red line."""
        mask: np.ndarray = self.feasible & self.consent
        for column in range(self.acceptable.shape[1]):
            mask &= self.acceptable[:, column]
        return mask

    def zopa(self) -> np.ndarray:
        """`(n_outcomes,)` the zone of possible agreement."""
        return zopa_mask(
            self.values,
            self.reservation_values,
            feasible=self.feasible & self.consent,
            acceptable=self.acceptable,
        )

    def belief_summary(self) -> list[dict[str, object]]:
        """Beliefs declared in the scenario, with their current values."""
        everyone = self.compiled.everyone
        return [
            {
                "holder": holder,
                "about": about,
                "value": round(
                    float(self.conditions.beliefs[everyone.index(holder), everyone.index(about)]),
                    12,
                ),
            }
            for holder, about_map in self.compiled.scenario.beliefs.items()
            for about in about_map
        ]


def trust(compiled: CompiledScenario, conditions: Conditions) -> np.ndarray:
    """Return `(n_parties,)` b_i: each party's belief that every other party honours."""
    index = [compiled.everyone.index(p) for p in compiled.parties]
    beliefs = conditions.beliefs[np.ix_(index, index)].copy()
    np.fill_diagonal(beliefs, 1.0)
    return np.asarray(beliefs.prod(axis=1))


def situation(
    compiled: CompiledScenario, conditions: Conditions, date: dt.date | None = None
) -> Situation:
    """Evaluate every outcome for every party under `conditions`."""
    model = replace(
        compiled.preferences,
        weights=normalise_weights(conditions.raw_weights),
        red_lines=conditions.red_lines,
    )
    raw = compiled.cached(
        "utilities", conditions.raw_weights.tobytes(), lambda: utilities(compiled.space, model)
    )
    values = raw
    if np.any(conditions.audience_costs):
        values = raw - conditions.audience_costs * (1.0 - raw)
    b = trust(compiled, conditions)
    if np.any(b < 1.0):
        breach = conditions.reservation_values - compiled.loss_scale
        values = b * values + (1.0 - b) * breach
    acceptable = compiled.cached(
        "acceptable",
        repr(conditions.red_lines).encode(),
        lambda: acceptable_mask(compiled.space, conditions.red_lines),
    )
    consent = _consent(compiled, conditions)
    return Situation(compiled, conditions, date, raw, values, acceptable, consent)


def refusals(compiled: CompiledScenario, conditions: Conditions) -> dict[str, np.ndarray]:
    """Return, per guarantor, `(n_outcomes,)` the texts naming it that it refuses."""
    party_index = [compiled.everyone.index(p) for p in compiled.parties]
    result = {}
    for guarantor, named in compiled.named.items():
        if guarantor in conditions.withdrawn:
            result[guarantor] = named
            continue
        threshold = conditions.thresholds.get(guarantor)
        if threshold is None:
            continue
        belief = conditions.beliefs[compiled.everyone.index(guarantor), party_index].prod()
        result[guarantor] = named & (
            (1.0 - belief) * compiled.exposure > threshold + CONSENT_TOLERANCE
        )
    return result


def _consent(compiled: CompiledScenario, conditions: Conditions) -> np.ndarray:
    consent = np.ones(compiled.space.n_outcomes, dtype=bool)
    for refused in refusals(compiled, conditions).values():
        consent &= ~refused
    return consent


def guarantor_consent(current: Situation, code: int) -> dict[str, bool]:
    """For each guarantor text `code` names, whether it consents in this situation."""
    refused = refusals(current.compiled, current.conditions)
    return {
        g: not bool(refused[g][code]) if g in refused else True
        for g, named in current.compiled.named.items()
        if named[code]
    }
