"""The cases a workbench offers: the shipped scenarios and the ones users uploaded.

An upload is read with the scenario loader itself (YAML's safe loader: nothing in it is
ever executed) and validated by the same schema, so it fails with the same located
errors as `accord validate`, named after the uploaded file. Loaded scenarios are kept in
memory by case and variants, as a what-if on the same case reloads nothing.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from accord.errors import LimitError, ScenarioError, UnknownIdError
from accord.scenario.load import load_scenario, shipped_scenarios
from accord.scenario.schema import Scenario
from accord.web.games import GameStore

__all__ = ["MAX_UPLOAD_BYTES", "MAX_UPLOAD_OUTCOMES", "CaseLibrary"]

MAX_UPLOAD_BYTES = 2_000_000
# Every page of a case maps its whole outcome space, on every date asked: about twice
# the reference case's 52,488 texts, so that a few kilobytes cannot ask for gigabytes.
MAX_UPLOAD_OUTCOMES = 100_000
_NAME = re.compile(r"[^A-Za-z0-9_.-]")


class CaseLibrary:
    """The cases of one workbench: shipped ids, and uploads kept in the games file."""

    def __init__(self, store: GameStore) -> None:
        self.store = store
        self.shipped = [s.id for s in shipped_scenarios()]
        self._loaded: dict[tuple[str, tuple[str, ...]], Scenario] = {}

    def ids(self) -> list[str]:
        """Every case id, shipped first."""
        return self.shipped + sorted(set(self.store.cases()) - set(self.shipped))

    def titles(self) -> list[dict[str, str]]:
        """Every case's id and title."""
        return [{"id": case, "title": self.load(case).title} for case in self.ids()]

    def load(self, case: str, variants: Sequence[str] = ()) -> Scenario:
        """Return case `case` with `variants` applied."""
        key = (case, tuple(variants))
        if key not in self._loaded:
            if case in self.shipped:
                self._loaded[key] = load_scenario(case, variants=variants)
            else:
                uploaded = self.store.cases()
                if case not in uploaded:
                    raise UnknownIdError("case", case, self.ids())
                name, text = uploaded[case]
                self._loaded[key] = load_scenario(_read(name, text.encode()), variants=variants)
        return self._loaded[key]

    def upload(self, name: str, raw: bytes) -> Scenario:
        """Validate an uploaded scenario file and keep it; return the scenario."""
        if len(raw) > MAX_UPLOAD_BYTES:
            raise LimitError(f"{name}: the file is larger than {MAX_UPLOAD_BYTES:,} bytes")
        scenario = _read(name, raw)
        n_outcomes = math.prod(len(issue.options) for issue in scenario.issues)
        if n_outcomes > MAX_UPLOAD_OUTCOMES:
            raise LimitError(
                f"{_safe(name)}: {n_outcomes:,} texts (the product of the issues' options); "
                f"the workbench takes cases of up to {MAX_UPLOAD_OUTCOMES:,} "
                "(larger ones run with `accord run` and `accord sweep`)"
            )
        # A case's games replay it: once on the workbench, a case is never replaced.
        if scenario.id in self.shipped or scenario.id in self.store.cases():
            raise ScenarioError.single(
                _safe(name),
                f"id '{scenario.id}' is already a case of this workbench; give the case another id",
            )
        self.store.save_case(scenario.id, _safe(name), raw.decode("utf-8"))
        return scenario


def _safe(name: str) -> str:
    """The file name alone, in safe characters, ending in .yaml, .yml or .json."""
    base = _NAME.sub("_", Path(name.replace("\\", "/")).name) or "upload.yaml"
    return base if base.lower().endswith((".yaml", ".yml", ".json")) else base + ".yaml"


def _read(name: str, raw: bytes) -> Scenario:
    """Load a scenario from bytes; errors name the file as the user named it."""
    shown = _safe(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / shown
        path.write_bytes(raw)
        try:
            return load_scenario(path)
        except ScenarioError as error:
            raise ScenarioError(shown, error.problems) from None
