"""Reading a conflict: a conflict file, a scenario's conflict section, or a gmcr-py file.

Entry point: `load_conflict(path_or_id)` returns a validated `ConflictFile`. Every
problem in the file is reported at once, located by line and column, in one
`ScenarioError`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from accord.analysis.gmcr.gmcrpy import (
    conflict_data_from_gmcrpy,
    is_gmcrpy_document,
    relocate_problems,
)
from accord.errors import Problem, ScenarioError
from accord.scenario._yaml import LocatedDocument, read_document
from accord.scenario.conflict import ConflictFile, is_conflict_file
from accord.scenario.load import resolve_scenario_path, validate_document, validate_model

__all__ = ["is_conflict_source", "load_conflict", "validate_conflict_data"]


def load_conflict(source: ConflictFile | str | Path) -> ConflictFile:
    """Load and validate a conflict from a file path or a shipped scenario id.

    Accepts a conflict file (``accord``, ``id``, ``title``, ``conflict``), a scenario
    file with a ``conflict`` section, or a gmcr-py save file (JSON); a `ConflictFile`
    already loaded is returned as it is.
    """
    if isinstance(source, ConflictFile):
        return source
    path = resolve_scenario_path(source)
    document = read_document(path)
    data = document.data
    if is_gmcrpy_document(data):
        conflict = conflict_data_from_gmcrpy(document)
        try:
            return validate_conflict_data(
                {
                    "accord": 1,
                    "id": _slug(path.stem),
                    "title": f"{path.stem} (gmcr-py)",
                    "conflict": conflict,
                },
                path=str(path),
            )
        except ScenarioError as error:
            raise relocate_problems(error, document, conflict) from None
    if isinstance(data, dict) and "parties" in data:
        scenario = validate_document(document)
        if scenario.conflict is None:
            raise ScenarioError.single(
                str(path), "this scenario has no 'conflict' section to analyse", line=1, column=1
            )
        return ConflictFile(
            accord=1, id=scenario.id, title=scenario.title, conflict=scenario.conflict
        )
    return _validated(document)


def is_conflict_source(source: str | Path) -> bool:
    """Whether a file (or shipped id) holds a conflict file or a gmcr-py file, not a scenario."""
    data = read_document(resolve_scenario_path(source)).data
    return is_conflict_file(data) or is_gmcrpy_document(data)


def validate_conflict_data(data: Any, *, path: str = "<data>") -> ConflictFile:
    """Validate plain data (as read from YAML/JSON) into a `ConflictFile`."""
    return _validated(LocatedDocument(path, data))


def _validated(document: LocatedDocument) -> ConflictFile:
    if not isinstance(document.data, dict):
        raise ScenarioError(
            document.path,
            (Problem("", "expected a mapping with accord, id, title, conflict", 1, 1),),
        )
    result, problems = validate_model(ConflictFile, document)
    if result is None:
        ordered = sorted(problems, key=lambda p: (p.line == 0, p.line, p.column))
        raise ScenarioError(document.path, tuple(ordered))
    return result


def _slug(text: str) -> str:
    """Derive a scenario id from a file name: ``Été à la plage`` becomes ``ete-a-la-plage``.

    Accents are dropped and anything else outside a-z and 0-9 becomes a hyphen, so any
    file name gives a valid id (``conflict`` if nothing is left).
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:80].strip("-")
    return slug or "conflict"
