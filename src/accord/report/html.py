"""The HTML report: one self-contained file with interactive figures, to send to colleagues.

`build_report(scenario, variants=..., sweep=..., attribution=..., seed=...)` runs the
scenario, computes every figure's data (`accord.report.figure_data`), draws the figures
with plotly (`accord.report._plotly`) and fills the template
`templates/report.html.j2`. plotly's JavaScript is inlined once, so the page opens
offline and makes no network request. `write_report` writes it atomically.

`stored_sweep(store, sweep_id)` reads a finished sweep from a results store, for the
report's sweep section.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from accord.errors import StoreError, UnknownIdError
from accord.experiments.attribution import AttributionResult
from accord.experiments.store import ResultsStore
from accord.experiments.sweep import BASELINE, SweepResult
from accord.report import _plotly, _plotly_sweep
from accord.report._files import write_atomic
from accord.report._labels import Names, parameter_label
from accord.report._numbers import FEW_AGREEMENTS, estimate_text, share_text
from accord.report._plotly_standing import standing_figure
from accord.report._sweep_data import AGREEMENT_TERMS
from accord.report.figure_data import drawable, run_report_data
from accord.scenario.schema import Scenario

__all__ = ["FIGURES", "LINK_SCHEMES", "build_report", "link_target", "stored_sweep", "write_report"]

FIGURES: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "timeline": _plotly.timeline_figure,
    "beliefs": _plotly.belief_figure,
    "reservations": _plotly.reservations_figure,
    "zopa": _plotly.zopa_figure,
    "standing": standing_figure,
    "offers": _plotly.offers_figure,
    "agreement": _plotly_sweep.agreement_figure,
    "differences": _plotly_sweep.differences_figure,
    "attribution": _plotly_sweep.attribution_figure,
    "sensitivity": _plotly_sweep.sensitivity_figure,
    "zopa_draws": _plotly_sweep.zopa_draws_figure,
}
"""Figure name (a key of `report_data`) → plotly figure builder."""

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only URL schemes the report turns into links; any other URL is shown as text."""


def link_target(url: str | None) -> str | None:
    """Return `url` if the report may link to it (http, https or mailto), else None.

    A scenario is data from anyone: a ``javascript:``, ``data:`` or ``vbscript:`` URL
    made a link would run code in the reader's browser. Browsers drop tabs and newlines
    inside a URL (``java`` tab ``script:`` is ``javascript:``), so a URL holding any white
    space or control character is never a link either.

    >>> link_target("https://example.org/a"), link_target("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    text = (url or "").strip()
    if not text or any(c.isspace() or unicodedata.category(c) == "Cc" for c in text):
        return None
    scheme, _, _ = text.partition(":")
    if scheme.lower() not in LINK_SCHEMES:
        return None
    if scheme.lower() != "mailto" and not urlsplit(text).netloc:
        return None
    return text


def build_report(
    scenario: Scenario,
    *,
    variants: Sequence[str] = (),
    sweep: SweepResult | Mapping[str, Any] | None = None,
    attribution: AttributionResult | Mapping[str, Any] | None = None,
    seed: int = 0,
) -> str:
    """Run `scenario` (with `variants` applied) and return the HTML report of the run.

    Args:
        scenario: a loaded scenario.
        variants: names of its variants to apply to the run shown, in order.
        sweep: a sweep of the same scenario (a `SweepResult` or its `to_dict()`), for
            the section on counterfactuals.
        attribution: an attribution of the same scenario, for the waterfall.
        seed: seed of the run.
    """
    data = run_report_data(
        scenario, variants=variants, sweep=sweep, attribution=attribution, seed=seed
    )
    return render_report(data)


def render_report(data: Mapping[str, Any]) -> str:
    """Return the HTML page of a `report_data` document."""
    from accord import __version__

    names = Names(data)
    labels = {j["path"]: parameter_label(j["path"], names) for j in data["judgements"]}
    shown = dict(data)
    if "sensitivity" in data:
        parameters = data["sensitivity"]["parameters"]
        labels |= {p["parameter"]: parameter_label(p["parameter"], names) for p in parameters}
        shown["sensitivity"] = {
            **data["sensitivity"],
            "parameters": [{**p, "label": labels[p["parameter"]]} for p in parameters],
        }
    figures = {name: FIGURES[name](shown[name]) for name in drawable(data)}
    return _template().render(
        data=data,
        parameter_labels=labels,
        few_agreements=FEW_AGREEMENTS,
        agreement_terms=AGREEMENT_TERMS,
        figures=figures,
        figures_json=_script_json({"figures": figures, "config": PLOTLY_CONFIG}),
        plotly_js=_plotly_js(),
        findings=findings(data),
        sources={source["id"]: source for source in data["case"]["sources"]},
        version=__version__,
    )


def write_report(html: str, path: str | Path) -> Path:
    """Write a report atomically (a temporary file in the same folder, then a rename)."""
    return write_atomic(path, html.encode("utf-8"))


def _script_json(value: Any) -> str:
    # "</" would end the <script> element early; JSON reads "<\/" as "</".
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("accord.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["link_target"] = link_target
    environment.globals.update(estimate=estimate_text, share=share_text)
    return environment.get_template("report.html.j2")


def findings(data: Mapping[str, Any]) -> list[str]:
    """Return the report's key findings as sentences, each naming where it comes from."""
    result = [data["zopa"]["summary"]]
    if "standing" in data:
        result.append(data["standing"]["summary"])
    if "zopa_draws" in data:
        result.append(_zopa_draws_finding(data["zopa_draws"]))
    for series in data["beliefs"]["series"]:
        points = series["points"]
        drops = [(b["value"] - a["value"], b) for a, b in itertools.pairwise(points)]
        if drops:
            change, point = min(drops, key=lambda d: d[0])
            if change < 0:
                result.append(
                    f"The belief of {series['holders_label']} that {series['about_name']} "
                    f"will honour an agreement went from {points[0]['value']:.2f} to "
                    f"{points[-1]['value']:.2f}; its largest fall ({change:+.2f}) came after "
                    f"'{point['event_name']}' on {point['date']}."
                )
    if "agreement" in data:
        result += _sweep_findings(data)
    if "attribution" in data and data["attribution"]["factors"]:
        top = data["attribution"]["factors"][0]
        result.append(
            f"Of the factors attributed, '{top['factor']}' accounts for the most: a Shapley "
            f"value of {top['value']:+.3f} (95% interval [{top['low']:+.3f}, {top['high']:+.3f}])."
        )
    return result


def _zopa_draws_finding(data: Mapping[str, Any]) -> str:
    """The day the space was most often open across the draws, with its interval."""
    top = max(data["points"], key=lambda p: p["p_open"])
    if top["n_open"] == 0:
        return f"In none of {data['n_draws']:,} draws was the zone of possible agreement open."
    shown = estimate_text(top["p_open"], top["low"], top["high"])
    return (
        f"Across {data['n_draws']:,} draws, the zone of possible agreement was most often open "
        f"at the end of {top['date']}: P(open) {shown} (95% interval)."
    )


def _sweep_findings(data: Mapping[str, Any]) -> list[str]:
    variants = data["agreement"]["variants"]
    baseline = next((v for v in variants if v["name"] == BASELINE), variants[0])
    shown = estimate_text(baseline["p"], baseline["low"], baseline["high"])
    estimate, interval = shown.split(" ", 1)
    result = [
        f"Across {baseline['n_draws']:,} draws of the uncertain numbers, P(agreement) is "
        f"{estimate} (95% interval {interval})."
    ]
    for v in data["differences"]["variants"]:
        change = estimate_text(v["estimate"], v["low"], v["high"], signed=True)
        estimate, interval = change.split(" ", 1)
        result.append(
            f"Variant '{v['name']}' changes it by {estimate} ({interval}, paired on the same "
            "draws)."
        )
    return result


def stored_sweep(
    store: str | Path,
    sweep_id: str,
    *,
    scenario: str | None = None,
    made_from: Collection[str] = (),
) -> SweepResult:
    """Read a finished sweep (its id or a unique prefix) from a results store.

    If `scenario` is given, the sweep must be of that scenario; if `made_from` is given,
    of a scenario with one of these digests (`scenario_digest`): the same file, unchanged.
    """
    path = Path(store)
    if not path.is_file():
        raise StoreError(
            f"{path}: no results store here (run `accord sweep` first, or give --store)"
        )
    with ResultsStore(path, writable=False) as results:
        sweep_id = results.resolve_sweep_id(sweep_id)
        known = [m.sweep_id for m in results.manifests() if scenario in (None, m.scenario)]
        if sweep_id not in known:
            kind = "sweep" if scenario is None else f"sweep of scenario '{scenario}'"
            raise UnknownIdError(kind, sweep_id, known)
        manifest = results.manifest(sweep_id)
        aggregates = results.aggregates(sweep_id)
    if made_from and manifest.scenario_sha256 not in made_from:
        raise StoreError(
            f"{path}: sweep {sweep_id} was made from another version of scenario "
            f"'{manifest.scenario}' (the file changed since, or another file has its id); "
            "run `accord sweep` on this file to report it"
        )
    if not aggregates:
        raise StoreError(
            f"{path}: sweep {sweep_id} is unfinished; run the same `accord sweep` command "
            "again to finish it"
        )
    order = [BASELINE, *manifest.variants]
    variants = {name: aggregates[name] for name in order if name in aggregates}
    return SweepResult(
        sweep_id, manifest.scenario, manifest.n_draws, manifest.seed, str(path), variants
    )
