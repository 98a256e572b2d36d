"""Figure data of a sweep and of an attribution, from their JSON documents.

The inputs are `SweepResult.to_dict()` (or a stored sweep's document with the same
keys) and `AttributionResult.to_dict()`; the outputs are the plain data the sweep
figures draw. Re-exported by `accord.report.figure_data`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "agreement_data",
    "attribution_data",
    "difference_data",
    "most_varied",
    "sensitivity_data",
    "text_data",
]

DIGITS = 6
BASELINE = "baseline"


def _r(value: float) -> float:
    return round(float(value), DIGITS) + 0.0


def _head(sweep: Mapping[str, Any]) -> dict[str, Any]:
    return {"sweep_id": sweep["sweep_id"], "n_draws": sweep["n_draws"], "seed": sweep["seed"]}


def agreement_data(sweep: Mapping[str, Any]) -> dict[str, Any]:
    """Return P(agreement) of each variant with its Wilson 95% interval."""
    return {
        **_head(sweep),
        "variants": [
            {
                "name": name,
                "p": _r(summary["p_agreement"]),
                "low": _r(summary["ci"][0]),
                "high": _r(summary["ci"][1]),
                "n_agreements": summary["n_agreements"],
                "n_draws": summary["n_draws"],
            }
            for name, summary in sweep["variants"].items()
        ],
    }


def difference_data(sweep: Mapping[str, Any]) -> dict[str, Any]:
    """Return each variant's paired difference from the baseline with Newcombe's interval."""
    return {
        **_head(sweep),
        "variants": [
            {
                "name": name,
                "estimate": _r(summary["difference"]["estimate"]),
                "low": _r(summary["difference"]["ci"][0]),
                "high": _r(summary["difference"]["ci"][1]),
                "n_gained": summary["difference"]["n_gained"],
                "n_lost": summary["difference"]["n_lost"],
            }
            for name, summary in sweep["variants"].items()
            if summary.get("difference") is not None
        ],
    }


def most_varied(sweep: Mapping[str, Any]) -> str:
    """Return the variant whose P(agreement) is closest to 1/2 (the baseline on ties).

    Sensitivity to the judgements can be read only where the outcome varies: in a
    variant that always (or never) agrees, every partial rank correlation is 0.
    """
    variants = sweep["variants"]
    return str(min(variants, key=lambda name: abs(variants[name]["p_agreement"] - 0.5)))


def sensitivity_data(sweep: Mapping[str, Any], *, variant: str = BASELINE) -> dict[str, Any]:
    """Return the parameters ranked by partial rank correlation with agreement (PRCC)."""
    summary = sweep["variants"].get(variant, {})
    return {
        **_head(sweep),
        "variant": variant,
        "parameters": [
            {"parameter": entry["parameter"], "prcc": _r(entry["prcc"])}
            for entry in summary.get("sensitivity", [])
        ],
    }


# What an agreement may have deferred, carried or been made without, in words: the
# sweep table and the HTML report name them alike.
AGREEMENT_TERMS = {
    "deferred": "issues left open",
    "inducements": "the mediator's inducements",
    "without": "made without",
}


def text_data(sweep: Mapping[str, Any], *, issues: Sequence[str] = ()) -> dict[str, Any]:
    """Return each variant's most frequent agreed texts and what its agreements carried.

    Issues are in `issues` order; `agreements_with` counts, of what some agreement did,
    the issues deferred, the mediator's inducements carried and the parties absent.
    """

    def ordered(text: Mapping[str, str]) -> dict[str, str]:
        rank = {issue: i for i, issue in enumerate(issues)}
        return dict(sorted(text.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))

    return {
        **_head(sweep),
        "variants": [
            {
                "name": name,
                "texts": [
                    {
                        "text": ordered(entry["text"]),
                        "count": entry["count"],
                        "share": _r(entry["share"]),
                    }
                    for entry in summary.get("top_texts", [])
                ],
                "agreements_with": {
                    term: counts
                    for term, counts in summary.get("agreements_with", {}).items()
                    if counts
                },
            }
            for name, summary in sweep["variants"].items()
        ],
    }


def attribution_data(attribution: Mapping[str, Any]) -> dict[str, Any]:
    """Return the waterfall of Shapley values from v(none) to v(all), largest first.

    Each factor's bar runs from `start` to `end` = `start` + its Shapley value; the
    factors' values sum to v(all) − v(none).
    """
    shapley = attribution["shapley"]
    order = sorted(shapley, key=lambda f: (-abs(shapley[f]), f))
    level = float(attribution["v_none"])
    factors = []
    for factor in order:
        low, high = attribution["intervals"][factor]
        factors.append(
            {
                "factor": factor,
                "value": _r(shapley[factor]),
                "low": _r(low),
                "high": _r(high),
                "start": _r(level),
                "end": _r(level + shapley[factor]),
            }
        )
        level += shapley[factor]
    return {
        "metric": attribution["metric"],
        "n_draws": attribution["n_draws"],
        "seed": attribution["seed"],
        "v_none": _r(attribution["v_none"]),
        "v_all": _r(attribution["v_all"]),
        "factors": factors,
    }
