"""Import foreign files as accord scenarios, and export scenarios to foreign formats.

`imported_scenario` reads Genius or GeniusWeb files into a validated `Scenario` (what
`accord run` and `accord analyze` do with `--profile`); `import_scenario` also writes it
as a scenario YAML file. `export_scenario` writes a scenario's outcome space and each
negotiating party's additive utility as Genius or GeniusWeb files, with a notes file
beside them listing what those formats cannot express. Every file is written atomically.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import yaml

from accord.analysis.gmcr import load_conflict
from accord.analysis.gmcr.gmcrpy import gmcrpy_document
from accord.errors import ScenarioError
from accord.interop.additive import (
    AdditiveCase,
    case_from_scenario,
    scenario_data,
    scenario_id_for,
)
from accord.interop.genius import genius_files, read_genius
from accord.interop.geniusweb import geniusweb_files, read_geniusweb
from accord.report._files import prepare_folder, write_atomic
from accord.scenario import Scenario, validate_data

__all__ = [
    "NOTES_FILE",
    "Export",
    "Format",
    "export_conflict",
    "export_scenario",
    "import_scenario",
    "imported_scenario",
]

Format = Literal["genius", "geniusweb"]
NOTES_FILE = "accord-export-notes.txt"
"""The file, beside the exported files, that lists what the format cannot express."""

_MAX_BID_SEARCH = 1_000_000


@dataclass(frozen=True, slots=True)
class Export:
    """The files an export wrote and what the format could not express."""

    files: tuple[Path, ...]
    notes: tuple[str, ...]


def imported_scenario(
    kind: Format, files: Sequence[str | Path], *, ignore_discount: bool = False
) -> Scenario:
    """Read foreign files into a validated scenario.

    Args:
        kind: 'genius' (a domain file, then one profile per party) or 'geniusweb' (one
            profile per party, optionally after the domain file).
        files: the files, as described for `kind`.
        ignore_discount: take Genius profiles with a discount factor undiscounted.
    """
    case = _read(kind, [Path(f) for f in files], ignore_discount=ignore_discount)
    return validate_data(_data(case), path=str(files[0]))


def import_scenario(
    kind: Format,
    files: Sequence[str | Path],
    output: str | Path,
    *,
    ignore_discount: bool = False,
) -> Scenario:
    """Read foreign files into a scenario and write it as YAML to `output`."""
    paths = [Path(f) for f in files]
    data = _data(_read(kind, paths, ignore_discount=ignore_discount))
    scenario = validate_data(data, path=str(paths[0]))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(output, text.encode("utf-8"))
    return scenario


def export_scenario(scenario: Scenario, kind: Format, folder: str | Path) -> Export:
    """Write a scenario as Genius or GeniusWeb files into `folder`; see `Export`."""
    case, notes = case_from_scenario(scenario)
    parties = list(scenario.party_ids)
    if kind == "genius":
        notes += _genius_notes(case, parties)
        files = genius_files(case, scenario.id, parties)
    else:
        bids, bid_notes = _reservation_bids(case, parties)
        notes += bid_notes
        files = geniusweb_files(case, scenario.id, parties, bids)
    target = prepare_folder(folder)
    notes_text = _notes_text(scenario.id, kind, notes)
    written = [write_atomic(target / name, text.encode("utf-8")) for name, text in files.items()]
    written.append(write_atomic(target / NOTES_FILE, notes_text.encode("utf-8")))
    return Export(tuple(written), tuple(notes))


def export_conflict(source: str | Path, folder: str | Path) -> Export:
    """Write a graph model (option form) as a gmcr-py save file ``<id>.gmcr`` in `folder`.

    The notes file beside it lists what gmcr-py does not hold.

    `source` is what `accord gmcr` takes: a conflict file, a scenario with a `conflict`
    section, a gmcr-py file or a shipped id. Status quo and descriptions, which gmcr-py
    does not hold, are listed in the notes.
    """
    loaded = load_conflict(source)
    document = gmcrpy_document(loaded.conflict, source=str(source))
    notes = [
        what
        for what, present in (
            ("status quo", loaded.conflict.status_quo),
            ("descriptions and sources", loaded.description or loaded.sources),
        )
        if present
    ]
    target = prepare_folder(folder)
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    written = (
        write_atomic(target / f"{loaded.id}.gmcr", text.encode("utf-8")),
        write_atomic(target / NOTES_FILE, _notes_text(loaded.id, "gmcr", notes).encode("utf-8")),
    )
    return Export(written, tuple(notes))


def _read(kind: Format, paths: list[Path], *, ignore_discount: bool) -> AdditiveCase:
    if kind == "genius":
        if len(paths) < 3:
            raise ScenarioError.single(
                paths[0] if paths else "<arguments>",
                f"expected a domain file and at least two profiles, got {len(paths)} file(s)",
            )
        return read_genius(paths[0], paths[1:], ignore_discount=ignore_discount)
    if not paths:
        raise ScenarioError.single("<arguments>", "expected GeniusWeb profile files, got none")
    return read_geniusweb(paths)


def _data(case: AdditiveCase) -> dict[str, object]:
    return scenario_data(case, scenario_id=scenario_id_for(case.name))


def _genius_notes(case: AdditiveCase, parties: Sequence[str]) -> list[str]:
    notes = []
    for party, profile in zip(parties, case.profiles, strict=True):
        for issue, table in zip(case.issues, profile.values, strict=True):
            top = max(table)
            if 0 < top < 1:
                notes.append(
                    f"party {party}, issue '{issue.name}': values top out at {top:g}; Genius "
                    "divides an issue's evaluations by their largest, so it reads them "
                    "scaled up to 1"
                )
    return notes


def _reservation_bids(
    case: AdditiveCase, parties: Sequence[str]
) -> tuple[list[dict[str, str] | None], list[str]]:
    """Find, per party, a bid worth exactly its reservation value (GeniusWeb has no value)."""
    n_outcomes = int(np.prod([len(issue.values) for issue in case.issues]))
    bids: list[dict[str, str] | None] = []
    notes: list[str] = []
    for party, profile in zip(parties, case.profiles, strict=True):
        if profile.reservation_value == 0:
            bids.append(None)
            continue
        if n_outcomes > _MAX_BID_SEARCH:
            bids.append(None)
            notes.append(
                f"party {party}: reservation value {profile.reservation_value:g} not exported "
                f"(GeniusWeb holds a reservation bid; {n_outcomes:,} outcomes are too many to "
                "search for one)"
            )
            continue
        utilities = _utilities(case, profile.weights, profile.values)
        best = int(np.argmin(np.abs(utilities - profile.reservation_value)))
        digits = np.unravel_index(best, [len(issue.values) for issue in case.issues])
        bids.append(
            {issue.name: issue.values[d] for issue, d in zip(case.issues, digits, strict=True)}
        )
        if utilities[best] != profile.reservation_value:
            notes.append(
                f"party {party}: no bid is worth exactly the reservation value "
                f"{profile.reservation_value:g}; the reservation bid exported is worth "
                f"{utilities[best]:g}"
            )
    return bids, notes


def _utilities(
    case: AdditiveCase, weights: Sequence[float], tables: Sequence[Sequence[float]]
) -> np.ndarray:
    """`(n_outcomes,)` Σ_k w_k v_k in mixed-radix order, summed issue by issue from 0."""
    total = np.zeros(1)
    for weight, table in zip(weights, tables, strict=True):
        total = (total[:, None] + weight * np.asarray(table)[None, :]).reshape(-1)
    return total


def _notes_text(name: str, kind: str, notes: Sequence[str]) -> str:
    what = (
        "the graph model in option form"
        if kind == "gmcr"
        else "the outcome space and each negotiating party's linear additive utility"
    )
    header = f"accord export of '{name}' to {kind}: {what}.\n"
    if not notes:
        return header + "Nothing in the scenario was left out.\n"
    lines = "".join(f"- {note}\n" for note in notes)
    return header + "Not expressed in these files:\n" + lines
