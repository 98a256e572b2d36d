"""Generate golden negotiation traces with NegMAS 0.16.0 (benchmark-side only).

What it generates
-----------------
JSON files in ``tests/engine/testdata/negmas/`` (one per case), each holding a
complete, self-contained description of a stacked-alternating-offers (SAO)
negotiation run by NegMAS 0.16.0 with its time-based negotiators
(``BoulwareTBNegotiator``, ``LinearTBNegotiator``, ``ConcederTBNegotiator``):

* the outcome space (``issues``: ids and ordered option lists),
* linear-additive utilities (``weights`` and per-issue ``values`` tables) such
  that ``u(outcome) = sum over issues, in issue order, of
  weights[issue] * values[issue][option]`` -- the NegMAS ufuns used are exactly
  this function (``LinearAdditiveUtilityFunction`` with ``TableFun`` values,
  bias 0, accumulated left to right starting from 0.0),
* reserved values, strategies, ``n_steps`` and the negotiator order,
* the full trace: every offer in order with the NegMAS step index, the
  proposer's relative time, every party's utility for it and the responses it
  received,
* the final outcome (agreement or breakdown, and the step it happened at).

Floats are written with ``repr`` precision (Python's json module does this), so
utilities round-trip bit-exactly.

Cases: boulware-boulware, conceder-boulware, linear-3party, england-zimbabwe
(Genius ANAC2010 domain, normalised by NegMAS), boulware-breakdown (ends without
agreement), reserved-linear-conceder (nonzero reserved values for both),
mixed-3party, short-horizon (6 steps) and dense-boulware-linear (32768 outcomes,
exercises the "up to 1e-6 below the band" offer rule).

How to run
----------
From the repository root, with the ``bench`` extra installed (it brings NegMAS)::

    pip install -e '.[bench]' && python bench/negmas_traces.py

Optional: ``--out DIR`` writes somewhere else; ``--genius DIR`` points at the
EnglandZimbabwe_ANAC2010 Genius folder (default
``bench/data/genius/EnglandZimbabwe_ANAC2010``).

Checks performed
----------------
* Every case is run twice with NegMAS; the two JSON documents must be equal.
* The recorded weights/value tables are re-evaluated and must reproduce the
  NegMAS ufun values bit-exactly on every outcome.
* The trace is re-simulated by ``replay()`` -- an independent implementation of
  the semantics written down in ``docs/interop/negmas-sao.md`` that
  uses only the JSON data -- and must match offer for offer.
* Cases whose utilities contain exact ties (where NegMAS's choice among equal
  outcomes depends on numpy's unstable sort) are reported.

This script imports NegMAS (AGPL) and therefore is NOT part of accord; it only
produces data. accord itself must never import NegMAS.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import random
import sys
from pathlib import Path

import negmas
import numpy as np
from negmas.inout import Scenario
from negmas.outcomes import make_issue, make_os
from negmas.preferences import LinearAdditiveUtilityFunction
from negmas.preferences.value_fun import TableFun
from negmas.sao import (
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearTBNegotiator,
    SAOMechanism,
)
from negmas.sao.common import ResponseType

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "tests" / "engine" / "testdata" / "negmas"
DEFAULT_GENIUS = Path(__file__).parent / "data" / "genius" / "EnglandZimbabwe_ANAC2010"

# Exponents of the polynomial aspiration curve 1 - t**e used by NegMAS 0.16.0.
EXPONENTS = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}
# Absolute tolerance (utility units) UtilBasedNegotiator uses by default.
NEGOTIATOR_EPS = 0.0001


# --------------------------------------------------------------------------
# Recording wrappers (subclasses that only log what the base class decides)
# --------------------------------------------------------------------------
class _Recorder:
    """Mixin logging every propose/respond decision of a NegMAS negotiator."""

    event_log: list  # shared list assigned after construction

    def propose(self, state, dest=None):
        out = super().propose(state, dest=dest)
        band = self._inverter.scale_utilities(self.utility_range_to_propose(state))
        self.event_log.append(
            (
                "propose",
                self.id,
                int(state.step),
                float(state.relative_time),
                out,
                [float(band[0]), float(band[1])],
            )
        )
        return out

    def respond(self, state, source=None):
        resp = super().respond(state, source=source)
        band = self._inverter.scale_utilities(self.utility_range_to_accept(state))
        self.event_log.append(
            (
                "respond",
                self.id,
                int(state.step),
                float(state.relative_time),
                state.current_offer,
                resp,
                [float(band[0]), float(band[1])],
            )
        )
        return resp


class RecBoulware(_Recorder, BoulwareTBNegotiator):
    pass


class RecLinear(_Recorder, LinearTBNegotiator):
    pass


class RecConceder(_Recorder, ConcederTBNegotiator):
    pass


CLASS_NAMES = {
    "boulware": "BoulwareTBNegotiator",
    "linear": "LinearTBNegotiator",
    "conceder": "ConcederTBNegotiator",
}

NEGOTIATOR_CLASSES = {
    "boulware": RecBoulware,
    "linear": RecLinear,
    "conceder": RecConceder,
}


# --------------------------------------------------------------------------
# Utility construction
# --------------------------------------------------------------------------
def random_party_utility(rng: np.random.Generator, issues: list[dict]) -> dict:
    """Random weights (sum ~1) and per-issue values spanning exactly [0, 1]."""
    raw = rng.random(len(issues)) + 0.05
    weights = raw / raw.sum()
    values = {}
    for issue in issues:
        v = rng.random(len(issue["options"]))
        v = (v - v.min()) / (v.max() - v.min())
        values[issue["id"]] = {o: float(x) for o, x in zip(issue["options"], v)}
    return {
        "weights": {i["id"]: float(w) for i, w in zip(issues, weights)},
        "values": values,
    }


def opposed_utility(util: dict) -> dict:
    """Same weights, values mirrored (1 - v): nearly constant-sum with util."""
    return {
        "weights": dict(util["weights"]),
        "values": {
            i: {o: 1.0 - v for o, v in table.items()} for i, table in util["values"].items()
        },
    }


def anti_utility(rng: np.random.Generator, util: dict, issues: list[dict]) -> dict:
    """Own random weights; values 0.75 * (1 - v) + 0.25 * noise, rescaled to [0, 1]."""
    raw = rng.random(len(issues)) + 0.05
    weights = raw / raw.sum()
    values = {}
    for issue in issues:
        mirrored = np.array([1.0 - util["values"][issue["id"]][o] for o in issue["options"]])
        v = 0.75 * mirrored + 0.25 * rng.random(len(issue["options"]))
        v = (v - v.min()) / (v.max() - v.min())
        values[issue["id"]] = {o: float(x) for o, x in zip(issue["options"], v)}
    return {
        "weights": {i["id"]: float(w) for i, w in zip(issues, weights)},
        "values": values,
    }


def make_issues(sizes: list[int]) -> list[dict]:
    return [{"id": f"i{k}", "options": [f"v{j}" for j in range(n)]} for k, n in enumerate(sizes)]


def negmas_space(issues: list[dict]):
    return make_os([make_issue(list(i["options"]), i["id"]) for i in issues])


def negmas_ufun(os_, issues: list[dict], util: dict, reserved: float):
    values = [TableFun(dict(util["values"][i["id"]])) for i in issues]
    weights = [util["weights"][i["id"]] for i in issues]
    return LinearAdditiveUtilityFunction(
        values, weights, outcome_space=os_, reserved_value=reserved
    )


def table_utility(util: dict, issues: list[dict], outcome: tuple) -> float:
    """u = 0.0; u += w_i * v_i(o_i) in issue order (exactly what NegMAS does)."""
    u = 0.0
    for issue, option in zip(issues, outcome):
        u += util["weights"][issue["id"]] * util["values"][issue["id"]][option]
    return u


def all_outcomes(issues: list[dict]) -> list[tuple]:
    return list(itertools.product(*[i["options"] for i in issues]))


# --------------------------------------------------------------------------
# Running one case with NegMAS
# --------------------------------------------------------------------------
def response_name(r) -> str:
    if r == ResponseType.ACCEPT_OFFER:
        return "accept"
    if r == ResponseType.REJECT_OFFER:
        return "reject"
    return str(r)


def run_negmas(spec: dict, ufuns: dict) -> dict:
    """Runs the SAO mechanism and returns trace/outcome/diagnostic fields."""
    random.seed(0)
    np.random.seed(0)
    issues = spec["issues"]
    os_ = spec["_os"]
    mech = SAOMechanism(outcome_space=os_, n_steps=spec["n_steps"])
    log: list = []
    negs = {}
    for pid in spec["order"]:
        cls = NEGOTIATOR_CLASSES[spec["strategies"][pid]]
        neg = cls(name=pid, id=pid)
        neg.event_log = log
        negs[pid] = neg
        assert mech.add(neg, ufun=ufuns[pid])
    mech.run()
    state = mech.state

    def as_dict(o):
        return None if o is None else {i["id"]: v for i, v in zip(issues, o)}

    # trace from the recorded propose/respond decisions
    trace = []
    for ev in log:
        if ev[0] == "propose":
            _, pid, step, rt, offer, band = ev
            trace.append(
                {
                    "step": step,
                    "proposer": pid,
                    "offer": as_dict(offer),
                    "relative_time": rt,
                    "utilities": {p: float(ufuns[p](offer)) for p in spec["order"]},
                    "proposer_band": band,
                    "responses": {},
                    "response_bands": {},
                }
            )
        else:
            _, pid, step, rt, offer, resp, band = ev
            last = trace[-1]
            assert as_dict(offer) == last["offer"], "response to unexpected offer"
            assert step == last["step"] or step == last["step"] + 1
            last["responses"][pid] = response_name(resp)
            last["response_bands"][pid] = band

    # cross-check with what the mechanism itself exposes
    ext = mech.extended_trace
    assert len(ext) == len(trace), (len(ext), len(trace))
    for (st, pid, off), rec in zip(ext, trace):
        assert st == rec["step"] and pid == rec["proposer"]
        assert as_dict(off) == rec["offer"]
    full = mech.full_trace
    assert len(full) == len(trace)
    # NegMAS rewrites the LAST full_trace element of an agreed negotiation with
    # the step/relative time of the round in which the agreement happened, so
    # only the earlier elements carry the time at which the offer was made.
    n_check = len(trace) - (1 if state.agreement is not None else 0)
    for te, rec in zip(full[:n_check], trace[:n_check]):
        assert te.step == rec["step"], (te, rec)
        assert te.relative_time == rec["relative_time"], (te, rec)

    agreement = state.agreement
    if agreement is not None:
        # the round in which the last acceptance happened
        last_resp_step = [ev[2] for ev in log if ev[0] == "respond"][-1]
        outcome = {
            "status": "agreement",
            "agreement": as_dict(agreement),
            "step": last_resp_step,
            "proposer": trace[-1]["proposer"],
            "utilities": {p: float(ufuns[p](agreement)) for p in spec["order"]},
        }
    else:
        outcome = {
            "status": "breakdown",
            "agreement": None,
            "step": None,
            "reason": "timedout" if state.timedout else ("broken" if state.broken else "other"),
        }
    outcome["final_mechanism_step"] = int(state.step)
    outcome["n_offers"] = len(trace)

    diag = {}
    for pid, neg in negs.items():
        rec = neg._inverter.recommender
        diag[pid] = {
            "eps": float(rec.eps),
            "ufun_max": float(rec.max),
            "aspiration_floor": float(rec.min),
            "inverter": type(rec.inv.delegate).__name__
            if hasattr(rec.inv, "delegate")
            else type(rec.inv).__name__,
        }
        assert rec.eps == NEGOTIATOR_EPS
    return {"trace": trace, "outcome": outcome, "negmas_internal": diag}


# --------------------------------------------------------------------------
# Independent re-simulation from the JSON (the written spec, not NegMAS code)
# --------------------------------------------------------------------------
class _SpecAgent:
    """One time-based negotiator, implemented from the written specification."""

    def __init__(self, case: dict, pid: str, outcomes: list[tuple]):
        issues = case["issues"]
        util = case["utilities"][pid]
        self.exponent = EXPONENTS[case["strategies"][pid]]
        self.rv = case["reservation_values"][pid]
        self.u = {o: table_utility(util, issues, o) for o in outcomes}
        # extreme outcomes: per issue, argmax (last max wins, >=) / argmin (first min)
        best, worst = [], []
        for issue in issues:
            table = util["values"][issue["id"]]
            hi = lo = None
            for opt in issue["options"]:
                val = table[opt]
                if hi is None or val >= table[hi]:
                    hi = opt
                if lo is None or val < table[lo]:
                    lo = opt
            best.append(hi)
            worst.append(lo)
        self.best = tuple(best)
        self.umax = self.u[self.best]
        self.umin = max(self.u[tuple(worst)], self.rv)
        rational = [o for o in outcomes if self.u[o] >= self.rv]
        irrational = [o for o in outcomes if self.u[o] < self.rv]
        rational.sort(key=lambda o: self.u[o])  # stable: ties in enumeration order
        self.sorted = rational + irrational
        self.n_rational = len(rational)
        self.sorted_u = [self.u[o] for o in self.sorted]
        self.max_irrational = max(self.sorted_u[self.n_rational :], default=-math.inf)

    def band(self, t: float) -> tuple[float, float]:
        asp = 1.0 - math.pow(t, self.exponent)
        span = self.umax - self.umin
        lo = span * asp + self.umin - NEGOTIATOR_EPS
        hi = span * 1.0 + self.umin + NEGOTIATOR_EPS
        lo = max(self.umin, min(self.umax, lo))
        hi = max(self.umin, min(self.umax, hi))
        return lo, hi

    def accepts(self, t: float, offer: tuple) -> bool:
        lo, hi = self.band(t)
        return lo <= self.u[offer] <= hi

    def propose(self, t: float) -> tuple[tuple, str]:
        """Returns (outcome, which selection rule produced it)."""
        if self.n_rational == 0:
            return self.best, "best-outcome (no rational outcome)"
        lo, hi = self.band(t)
        su, n_rat = self.sorted_u, self.n_rational
        # i: first rational outcome with u >= lo (the last rational one if none)
        i = min(bisect.bisect_left(su, lo, 0, n_rat), n_rat - 1)
        best_k, best_d = i, abs(su[i] - lo)
        cand_lo, cand_hi = lo - 1e-6, hi + 2e-6
        # a candidate can only beat i if it lies below lo: rational ones sit just
        # before i in the sorted block, irrational ones anywhere after the block
        scan = range(bisect.bisect_left(su, cand_lo, 0, n_rat), i)
        if self.max_irrational >= cand_lo:
            scan = itertools.chain(scan, range(n_rat, len(su)))
        for k in scan:
            uk = su[k]
            if cand_lo <= uk <= cand_hi and abs(uk - lo) < best_d:
                best_k, best_d = k, abs(uk - lo)
        if best_k != i:
            return self.sorted[best_k], "within-1e-6-below-band"
        if su[i] < lo:
            return self.sorted[i], "best-rational (band above all outcomes)"
        return self.sorted[i], "lowest-at-or-above-band"


def replay(case: dict) -> tuple[list, dict]:
    """Re-simulates a case from its JSON description using the written spec."""
    issues = case["issues"]
    outcomes = all_outcomes(issues)
    order = case["order"]
    agents = {p: _SpecAgent(case, p, outcomes) for p in order}
    n, n_steps = len(order), case["n_steps"]
    trace, current, n_acc = [], None, 0

    def as_dict(o):
        return {i["id"]: v for i, v in zip(issues, o)}

    for step in range(n_steps):
        t = (step + 1) / (n_steps + 1)
        for pid in order:
            agent = agents[pid]
            if current is not None:
                trace[-1]["response_bands"][pid] = list(agent.band(t))
                if agent.accepts(t, current):
                    trace[-1]["responses"][pid] = "accept"
                    n_acc += 1
                    if n_acc == n:
                        return trace, {
                            "status": "agreement",
                            "agreement": as_dict(current),
                            "step": step,
                        }
                    continue
                trace[-1]["responses"][pid] = "reject"
            current, rule = agent.propose(t)
            n_acc = 1
            trace.append(
                {
                    "step": step,
                    "proposer": pid,
                    "offer": as_dict(current),
                    "relative_time": t,
                    "proposer_band": list(agent.band(t)),
                    "responses": {},
                    "response_bands": {},
                    "selection": rule,
                }
            )
    return trace, {"status": "breakdown", "agreement": None, "step": None}


# --------------------------------------------------------------------------
# Case definitions
# --------------------------------------------------------------------------
def synthetic_case(
    name,
    description,
    sizes,
    strategies,
    n_steps,
    seed,
    reserved=None,
    opposition="independent",
    share_utilities_with=None,
):
    """opposition: independent | anti (2 parties) | mirror (2 parties)."""
    rng = np.random.default_rng(seed)
    issues = make_issues(sizes)
    parties = list(strategies)
    if share_utilities_with is not None:
        utilities = {p: share_utilities_with["utilities"][p] for p in parties}
    elif opposition == "mirror":
        first = random_party_utility(rng, issues)
        utilities = {parties[0]: first, parties[1]: opposed_utility(first)}
    elif opposition == "anti":
        first = random_party_utility(rng, issues)
        utilities = {parties[0]: first, parties[1]: anti_utility(rng, first, issues)}
    else:
        utilities = {p: random_party_utility(rng, issues) for p in parties}
    reserved = reserved or {p: 0.0 for p in parties}
    return {
        "name": name,
        "description": description,
        "seed": seed,
        "issues": issues,
        "parties": parties,
        "strategies": dict(strategies),
        "utilities": utilities,
        "reservation_values": dict(reserved),
        "n_steps": n_steps,
        "order": parties,
    }


def genius_case(folder: Path) -> tuple[dict, dict]:
    """England-Zimbabwe with Genius's own reading of an additive utility space.

    Genius evaluates U(o) = sum_i w_i * eval_i(o_i) / max_v eval_i(v): each issue's
    evaluations divided by their maximum, weights from the XML. NegMAS's
    `Scenario.normalize()` would instead shift and scale the tables to a range shared by
    both parties (entries above 1); the Genius reading keeps every value in [0, 1].
    """
    scenario = Scenario.load(folder)
    os_ = scenario.outcome_space
    issues = [{"id": i.name, "options": [str(v) for v in i.all]} for i in os_.issues]
    parties = ["england", "zimbabwe"]
    utilities, reserved, ufuns = {}, {}, {}
    for pid, raw in zip(parties, scenario.ufuns):
        assert isinstance(raw, LinearAdditiveUtilityFunction) and raw._bias == 0.0
        values = {}
        for issue, table in zip(issues, raw.values):
            evaluations = {o: float(table(o)) for o in issue["options"]}
            top = max(evaluations.values())
            values[issue["id"]] = {o: e / top for o, e in evaluations.items()}
        weights = {i["id"]: float(w) for i, w in zip(issues, raw.weights)}
        utilities[pid] = {"weights": weights, "values": values}
        reserved[pid] = 0.0
        ufuns[pid] = LinearAdditiveUtilityFunction(
            values=[TableFun(values[i["id"]]) for i in issues],
            weights=[weights[i["id"]] for i in issues],
            outcome_space=os_,
            reserved_value=0.0,
        )
    case = {
        "name": "england-zimbabwe",
        "description": (
            "Genius ANAC2010 EnglandZimbabwe, read the way Genius reads an additive "
            "utility space: each issue's evaluations divided by their maximum, weights "
            "from the XML, reserved value 0. England=Boulware, Zimbabwe=Conceder."
        ),
        "source": "bench/data/genius/EnglandZimbabwe_ANAC2010",
        "issues": issues,
        "parties": parties,
        "strategies": {"england": "boulware", "zimbabwe": "conceder"},
        "utilities": utilities,
        "reservation_values": reserved,
        "n_steps": 100,
        "order": parties,
        "_os": os_,
    }
    return case, ufuns


def build_cases(genius: Path) -> list[tuple[dict, dict | None]]:
    anti = (
        "Utilities: a random; b with its own random weights and values "
        "0.75*(1-v_a)+0.25*noise rescaled per issue to [0, 1] (opposed)."
    )
    bb = synthetic_case(
        "boulware-boulware",
        "2 parties, 3 issues x 5 options (125 outcomes), seeded random "
        "linear-additive utilities (seed 101), Boulware vs Boulware, 100 steps, "
        "reserved 0. " + anti,
        [5, 5, 5],
        {"a": "boulware", "b": "boulware"},
        100,
        101,
        opposition="anti",
    )
    cb = synthetic_case(
        "conceder-boulware",
        "Same space and utilities as boulware-boulware (seed 101); a=Conceder, "
        "b=Boulware, 100 steps, reserved 0.",
        [5, 5, 5],
        {"a": "conceder", "b": "boulware"},
        100,
        101,
        share_utilities_with=bb,
    )
    l3 = synthetic_case(
        "linear-3party",
        "3 parties all LinearTB, 3 issues of 4, 6 and 6 options (144 outcomes), "
        "independent seeded random utilities (seed 303), 60 steps, reserved 0.",
        [4, 6, 6],
        {"a": "linear", "b": "linear", "c": "linear"},
        60,
        303,
    )
    brk = synthetic_case(
        "boulware-breakdown",
        "2 parties, 3 issues x 5 options; b's values are 1 - a's values with the "
        "same weights (u_a + u_b ~= 1 everywhere), both Boulware with reserved "
        "value 0.55, so no outcome is acceptable to both: ends without agreement "
        "(timeout after 60 steps).",
        [5, 5, 5],
        {"a": "boulware", "b": "boulware"},
        60,
        404,
        reserved={"a": 0.55, "b": 0.55},
        opposition="mirror",
    )
    res = synthetic_case(
        "reserved-linear-conceder",
        "2 parties, 3 issues x 5 options, seeded utilities (seed 505), nonzero "
        "reserved values for both (a=0.35 Linear, b=0.45 Conceder), 80 steps. "
        "A reserved value above the worst utility becomes the aspiration floor. " + anti,
        [5, 5, 5],
        {"a": "linear", "b": "conceder"},
        80,
        505,
        reserved={"a": 0.35, "b": 0.45},
        opposition="anti",
    )
    mx3 = synthetic_case(
        "mixed-3party",
        "3 parties (a=Boulware, b=Linear, c=Conceder), 3 issues of 5, 5 and 6 "
        "options (150 outcomes), independent seeded utilities (seed 606), "
        "reserved a=0.2, b=0.1, c=0.0, 80 steps.",
        [5, 5, 6],
        {"a": "boulware", "b": "linear", "c": "conceder"},
        80,
        606,
        reserved={"a": 0.2, "b": 0.1, "c": 0.0},
    )
    sh = synthetic_case(
        "short-horizon",
        "2 parties, 4 issues x 3 options (81 outcomes), seeded utilities (seed "
        "707), Boulware vs Linear with only 6 steps (coarse relative time). " + anti,
        [3, 3, 3, 3],
        {"a": "boulware", "b": "linear"},
        6,
        707,
        opposition="anti",
    )
    dense = synthetic_case(
        "dense-boulware-linear",
        "2 parties, 5 issues x 8 options (32768 outcomes), seeded utilities (seed "
        "808), Boulware vs Linear, 200 steps, reserved 0. Dense utilities: several "
        "offers are chosen by the 'up to 1e-6 below the band' rule (see the "
        "'selection' field). " + anti,
        [8, 8, 8, 8, 8],
        {"a": "boulware", "b": "linear"},
        200,
        808,
        opposition="anti",
    )
    cases: list[tuple[dict, dict | None]] = [(c, None) for c in (bb, cb, l3)]
    cases.append(genius_case(genius))
    cases += [(c, None) for c in (brk, res, mx3, sh, dense)]
    return cases


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------
def tie_report(case: dict) -> dict:
    """Exact ties and near ties (< 1e-6) among each party's outcome utilities."""
    outs = all_outcomes(case["issues"])
    rep = {}
    for p in case["parties"]:
        us = sorted(table_utility(case["utilities"][p], case["issues"], o) for o in outs)
        gaps = [b - a for a, b in zip(us, us[1:])]
        rep[p] = {
            "exact_ties": sum(1 for g in gaps if g == 0.0),
            "min_positive_gap": min((g for g in gaps if g > 0.0), default=None),
        }
    return rep


def generate(case: dict, ufuns: dict | None) -> dict:
    if ufuns is None:
        case["_os"] = negmas_space(case["issues"])
        ufuns = {
            p: negmas_ufun(
                case["_os"], case["issues"], case["utilities"][p], case["reservation_values"][p]
            )
            for p in case["parties"]
        }
    # the recorded tables must reproduce the NegMAS ufuns bit for bit
    for p in case["parties"]:
        for o in all_outcomes(case["issues"]):
            a = float(ufuns[p](o))
            b = table_utility(case["utilities"][p], case["issues"], o)
            assert a == b, (case["name"], p, o, a, b)
    run = run_negmas(case, ufuns)
    doc = {"negmas_version": negmas.__version__}
    doc.update({k: v for k, v in case.items() if not k.startswith("_")})
    doc["negotiator_params"] = {
        p: {
            "class": CLASS_NAMES[case["strategies"][p]],
            "aspiration": "1 - t**exponent",
            "exponent": EXPONENTS[case["strategies"][p]],
            "eps": NEGOTIATOR_EPS,
        }
        for p in case["parties"]
    }
    doc["relative_time"] = "(step + 1) / (n_steps + 1)"
    doc.update(run)
    doc["ties"] = tie_report(case)
    return doc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--genius", type=Path, default=DEFAULT_GENIUS)
    args = ap.parse_args(argv)
    assert negmas.__version__ == "0.16.0", negmas.__version__
    args.out.mkdir(parents=True, exist_ok=True)

    ok = True
    rows = []
    for (case1, uf1), (case2, uf2) in zip(build_cases(args.genius), build_cases(args.genius)):
        doc1, doc2 = generate(case1, uf1), generate(case2, uf2)
        same = json.dumps(doc1, sort_keys=True) == json.dumps(doc2, sort_keys=True)
        rtrace, rout = replay(doc1)
        keys = (
            "step",
            "proposer",
            "offer",
            "relative_time",
            "proposer_band",
            "responses",
            "response_bands",
        )
        ntrace = [{k: e[k] for k in keys} for e in doc1["trace"]]
        strace = [{k: e[k] for k in keys} for e in rtrace]
        nout = {k: doc1["outcome"][k] for k in ("status", "agreement", "step")}
        spec_ok = strace == ntrace and rout == nout
        if not spec_ok:
            for k, (a, b) in enumerate(zip(ntrace, strace)):
                if a != b:
                    print(
                        f"{doc1['name']}: first spec mismatch at offer {k}:\n"
                        f"  negmas {a}\n  spec   {b}",
                        file=sys.stderr,
                    )
                    break
        else:
            counts: dict[str, int] = {}
            for e, r in zip(doc1["trace"], rtrace):
                e["selection"] = r["selection"]
                counts[r["selection"]] = counts.get(r["selection"], 0) + 1
            doc1["selection_counts"] = counts
        ties = any(v["exact_ties"] for v in doc1["ties"].values())
        ok &= same and spec_ok
        path = args.out / f"{doc1['name']}.json"
        path.write_text(json.dumps(doc1, indent=1) + "\n")
        out = doc1["outcome"]
        below = doc1.get("selection_counts", {}).get("within-1e-6-below-band", 0)
        rows.append(
            (
                doc1["name"],
                len(doc1["parties"]),
                doc1["n_steps"],
                out["status"],
                out["step"],
                out["n_offers"],
                below,
                "yes" if same else "NO",
                "yes" if spec_ok else "NO",
                "TIES" if ties else "-",
                path.name,
            )
        )
    hdr = ("case", "n", "steps", "status", "at", "offers", "below", "repro", "spec", "ties", "file")
    widths = [max(len(str(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    for r in [hdr] + rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)))
    print(f"\nwrote {len(rows)} files to {args.out}")
    if not ok:
        print("ERROR: a reproducibility or spec-replay check failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
