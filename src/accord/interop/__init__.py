"""Interoperation with the automated-negotiation ecosystem: Genius and GeniusWeb files.

Entry points (in `convert`): `imported_scenario` and `import_scenario` read a Genius
domain with its profiles, or GeniusWeb profiles, into an accord scenario;
`export_scenario` writes a scenario's outcome space and additive utilities back out, with
a notes file listing what the format cannot express; `export_conflict` writes a graph
model as a gmcr-py file (the format itself is read and written in
`accord.analysis.gmcr.gmcrpy`).

Modules:
    additive   the linear additive case the formats share, to and from accord scenarios
    genius     Genius XML domains and profiles
    geniusweb  GeniusWeb JSON profiles (pydantic models of the format)
    convert    import and export of whole files, written atomically
    _xml       an expat reader hardened against entity expansion, with positions
"""

from accord.interop.convert import (
    NOTES_FILE,
    Export,
    Format,
    export_conflict,
    export_scenario,
    import_scenario,
    imported_scenario,
)

__all__ = [
    "NOTES_FILE",
    "Export",
    "Format",
    "export_conflict",
    "export_scenario",
    "import_scenario",
    "imported_scenario",
]
