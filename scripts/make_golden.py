"""Write the golden files the tests compare against; review the diff before committing.

Run after an intended change to the engine, the teaching case or the figure data:

    python scripts/make_golden.py

It writes

- `tests/report/testdata/ceasefire-teaching-seed0.json`: the teaching case's report data
  with seed 0, a sweep of 20 draws of its two variants and the attribution over them (the
  inputs of `tests/report/conftest.py`);
- the field tables of `docs/scenario-format.md` (between `<!-- fields: Model -->` and
  `<!-- end fields -->`), from the schema's `Field(description=...)`.

The NegMAS traces have their own script, `bench/negmas_traces.py`, which needs the
`bench` extra. The tests compare against these files and never write them.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from accord import load_scenario, simulate
from accord.experiments.attribution import attribute
from accord.experiments.sweep import sweep
from accord.report.figure_data import report_data
from accord.scenario import distributions, process, schema, texts

ROOT = Path(__file__).resolve().parents[1]
TEACHING = "ceasefire-teaching"
VARIANTS = ("no-violation", "brave-guardian")
N_DRAWS = 20
FIGURE_DATA = ROOT / "tests" / "report" / "testdata" / "ceasefire-teaching-seed0.json"
FORMAT_DOC = ROOT / "docs" / "scenario-format.md"
FIELD_TABLES = {
    "Scenario": schema.Scenario,
    "Source": schema.Source,
    "Party": schema.Party,
    "Issue": schema.Issue,
    "Option": schema.Option,
    "Implication": schema.Implication,
    "Forbid": schema.Forbid,
    "Document": schema.Document,
    "Preferences": schema.Preferences,
    "Interaction": schema.Interaction,
    "Judgement": distributions.Uniform,
    "Calendar": process.Calendar,
    "Round": process.Round,
    "Sessions": process.Sessions,
    "Event": process.Signal,
    "Signal": process.Signal,
    "Likelihood": process.Likelihood,
    "Reading": process.Reading,
    "ReservationShift": process.ReservationShift,
    "AudienceCost": process.AudienceCost,
    "WeightChange": process.WeightChange,
    "ValueChange": process.ValueChange,
    "Walkout": process.Walkout,
    "RedLineChange": process.RedLineChange,
    "GuarantorChange": process.GuarantorChange,
    "OptionChange": process.OptionChange,
    "HistoricalText": texts.HistoricalText,
    "SingleText": process.SingleText,
    "AlternatingOffers": process.AlternatingOffers,
    "Mediator": process.Mediator,
    "MediatorInterests": process.MediatorInterests,
    "Inducement": process.Inducement,
    "TimeBased": process.TimeBased,
    "TitForTat": process.TitForTat,
    "Hardliner": process.Hardliner,
    "SubgamePerfect": process.SubgamePerfect,
    "Commitment": process.Commitment,
    "Guarantee": process.Guarantee,
    "GuarantorThreshold": process.GuarantorThreshold,
    "Variant": schema.Variant,
    "Set": schema.Set,
    "Remove": schema.Remove,
    "Pin": schema.Pin,
    "StructuralReading": schema.StructuralReading,
    "Alternative": schema.Alternative,
}
EVENT_BASE = process.Signal.__mro__[1]
EVENT_FIELDS = set(EVENT_BASE.model_fields)
FIELDS_BLOCK = re.compile(r"(<!-- fields: (\w+) -->\n)(.*?)(<!-- end fields -->)", re.S)


def field_table(name: str, model: type[BaseModel]) -> str:
    """The markdown table of a model's fields: key, default, meaning."""
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for key, field in model.model_fields.items():
        shown = field.alias or key
        if name == "Event" and key not in EVENT_FIELDS:
            continue
        if name == "Judgement" and key == "uniform":
            continue
        if name != "Event" and issubclass(model, EVENT_BASE) and key in EVENT_FIELDS:
            continue
        default = "required" if field.is_required() else default_text(field.default)
        if key == "kind":
            default = f"required: `{typing.get_args(field.annotation)[0]}`"
        rows.append(f"| `{shown}` | {default} | {field.description} |")
    return "\n".join(rows) + "\n"


def default_text(value: Any) -> str:
    """A field's default as the table shows it."""
    if value is None or value in ((), {}):
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def with_field_tables(text: str) -> str:
    """`text` with every field table regenerated from the schema."""
    return FIELDS_BLOCK.sub(lambda m: m[1] + field_table(m[2], FIELD_TABLES[m[2]]) + m[4], text)


def figure_data_document() -> str:
    """The teaching case's report data, as the golden file holds it."""
    teaching = load_scenario(TEACHING)
    data = report_data(
        teaching,
        simulate(teaching, seed=0),
        sweep=sweep(TEACHING, n_draws=N_DRAWS, variants=VARIANTS, seed=0).to_dict(),
        attribution=attribute(TEACHING, factors=VARIANTS, n_draws=N_DRAWS, seed=0).to_dict(),
    )
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    """Write every golden file and say which."""
    FIGURE_DATA.write_text(figure_data_document(), encoding="utf-8")
    print(f"wrote {FIGURE_DATA.relative_to(ROOT)}")
    FORMAT_DOC.write_text(
        with_field_tables(FORMAT_DOC.read_text(encoding="utf-8")), encoding="utf-8"
    )
    print(f"wrote the field tables of {FORMAT_DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
