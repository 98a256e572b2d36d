"""Reports: terminal tables, the self-contained HTML report, and figures for print.

The layers, from data to pictures:

- `figure_data`: what each figure shows, as plain JSON-ready data (`report_data`,
  `run_report_data`); the golden tests pin it;
- `figures`: print figures with matplotlib, one public function per figure, each
  returning a `matplotlib.figure.Figure`; `build_figures` and `save_figures`;
- `html`: the HTML report with plotly figures (`build_report`, `write_report`,
  `stored_sweep`), from the template `templates/report.html.j2`;
- `text`: rich rendering of each command's result in the terminal; `gmcr`: of a graph
  model's stability analysis.

Private modules: `_style` (palette and label placement shared by the renderers),
`_matplotlib`, `_sweep_figures`, `_plotly`, `_plotly_sweep`, `_sweep_data`, `_files`
(atomic writes).

The names below are imported on first use, so that `import accord.report.text` (every
command's output) does not load matplotlib.

>>> from accord import load_scenario, simulate
>>> from accord.report import zopa_figure
>>> scenario = load_scenario("ceasefire-teaching")
>>> type(zopa_figure(scenario, simulate(scenario, seed=0))).__name__
'Figure'
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "agreement_figure",
    "attribution_figure",
    "belief_figure",
    "build_figures",
    "build_report",
    "differences_figure",
    "offers_figure",
    "report_data",
    "reservations_figure",
    "save_figures",
    "sensitivity_figure",
    "stored_sweep",
    "timeline_figure",
    "write_report",
    "zopa_figure",
]

_HOMES = {
    "build_report": "html",
    "stored_sweep": "html",
    "write_report": "html",
    "report_data": "figure_data",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'accord.report' has no attribute '{name}'")
    module = importlib.import_module(f"accord.report.{_HOMES.get(name, 'figures')}")
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted(__all__)
