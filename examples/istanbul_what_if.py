"""What if the guarantees had been credible? The spring-2022 talks, from Python.

A walk through accord's whole workflow on its reference case, the Russia–Ukraine talks of
spring 2022 (``istanbul-2022``): load the scenario, look at the bargaining space on the
day of the Istanbul round, run the talks once, sweep the uncertain judgements with a
counterfactual, attribute the difference to two factors, and write the HTML report.

Run it as a script::

    pip install -e '.[pandas]'
    python examples/istanbul_what_if.py --draws 100 --output what-if.html

or cell by cell (``# %%``) in an editor that runs cells (VS Code, PyCharm, Spyder) or as a
notebook through Jupytext. Every run is reproducible: the same seed gives the same numbers.
"""

# %% Options: how many draws, where the report goes.
import argparse
import datetime as dt
from pathlib import Path

import pandas as pd

import accord

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--draws", type=int, default=100, help="draws of the uncertain numbers")
parser.add_argument("--seed", type=int, default=0, help="seed of the draws and the runs")
parser.add_argument("--output", type=Path, default=Path("istanbul-what-if.html"))
# parse_known_args: a notebook kernel passes arguments of its own.
options, _ = parser.parse_known_args()
pd.set_option("display.width", 120)

# %% Load the scenario: parties, issues, events, and the counterfactual variants it declares.
scenario = accord.load_scenario("istanbul-2022")
print(scenario)
print("variants:", ", ".join(scenario.variants))

# %% The bargaining space on 29 March 2022, with every event up to that day applied.
analysis = accord.analyze(scenario, at=dt.date(2022, 3, 29))
print(analysis)
print(analysis.to_frame("solutions").filter(like="utilities."))

# %% One run of the talks: how they ended, and how trust moved along the way.
transcript = accord.simulate(scenario, seed=options.seed)
print(transcript)
print(transcript.outcome.reason)
beliefs = transcript.to_frame("beliefs")
print(beliefs[["date", "holder", "about", "value", "event"]].to_string(index=False))

# %% A sweep: every uncertain judgement drawn `draws` times, the baseline and the
# counterfactual on the same draws, so that their difference is paired.
result = accord.sweep(
    scenario, n_draws=options.draws, variants=["credible-guarantees"], seed=options.seed
)
print(result)
print(result.to_frame()[["p_agreement", "ci_low", "ci_high", "difference"]])

# %% Attribution: how much of the change in P(agreement) each factor accounts for
# (exact Shapley values over every combination, on the same draws).
attribution = accord.attribute(
    scenario,
    factors=["no-bucha", "credible-guarantees"],
    n_draws=options.draws,
    seed=options.seed,
)
print(attribution)
print(attribution.to_frame())

# %% The report: one self-contained HTML file with the run, the sweep and the attribution.
html = accord.build_report(scenario, sweep=result, attribution=attribution, seed=options.seed)
path = accord.write_report(html, options.output)
print(f"report written to {path}")
