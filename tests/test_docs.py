"""Every example in the documentation runs: scenarios validate, commands exit as documented.

Markers, in an HTML comment on the line before a fenced block:

- ``<!-- example: NAME -->``: a full scenario, valid, named for later fragments; with
  ``, file: PATH`` it is also written to PATH for the commands that follow.
- ``<!-- fragment: NAME -->``: part of a scenario, merged into example NAME (mappings
  merged key by key; lists, numbers and distributions replaced); the result must be valid,
  and may be named in turn with ``example: NAME``.
- ``<!-- invalid: NAME; error: TEXT -->``: merged the same way (NAME ``none``: a whole
  file), it must fail with a problem containing TEXT (``error`` comes last); it may also
  name an ``example`` for later fragments and a ``file`` to write.
- ``<!-- exit: CODE -->`` before a shell block: its commands exit with CODE, not 0.
- ``<!-- errors of: PATH -->`` before a text block: the block is exactly what validating
  PATH (written earlier) reports, line by line.

A YAML block without a marker must be a full, valid scenario. A file whose first example
is a full, valid one is written before any command runs (a README may show commands
first). In shell blocks each
``accord`` command runs in one temporary folder per document, in file order, with small
draw counts (``-n 2``), one worker, and a sweep's ``ID`` replaced by the latest sweep's.

The field tables of docs/scenario-format.md between ``<!-- fields: MODEL -->`` and
``<!-- end fields -->`` are generated from the models' ``Field(description=...)``, the
text of the JSON Schema, by ``python scripts/make_golden.py``; this test only reads them.

The other documents (engine, experiments, graph model, the shipped cases) have their
commands run, their Python blocks executed and their whole YAML files validated too.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from scripts.make_golden import FIELD_TABLES, FIELDS_BLOCK, with_field_tables
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import ScenarioError
from accord.scenario import load_scenario, validate_data
from accord.scenario._yaml import parse_document

ROOT = Path(__file__).parents[1]
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "docs" / "scenario-format.md",
    ROOT / "docs" / "tutorial.md",
]
BLOCK = re.compile(r"(?:<!-- (?P<marker>[^>]*?) -->\n)?```(?P<kind>\w*)\n(?P<body>.*?)```", re.S)
SMALL_DRAWS = "2"


@dataclass(frozen=True)
class Block:
    """A fenced block of a document and the marker before it."""

    document: Path
    line: int
    kind: str
    body: str
    marker: dict[str, str]

    def __str__(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"


def blocks(document: Path) -> list[Block]:
    text = document.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        line = text.count("\n", 0, match.start("body"))
        found.append(
            Block(document, line, match["kind"], match["body"], parse_marker(match["marker"]))
        )
    return found


def parse_marker(marker: str | None) -> dict[str, str]:
    """Read ``key: value`` pairs split by ``;`` or ``,``; ``error:`` takes the rest of the line."""
    fields: dict[str, str] = {}
    marker, _, error = (marker or "").partition("error: ")
    if error:
        fields["error"] = error
    for part in re.split(r"[;,] ?", marker):
        if ":" in part:
            key, value = part.split(":", 1)
            fields[key.strip()] = value.strip()
    return fields


DISTRIBUTIONS = {"uniform", "normal", "beta", "triangular", "choice"}


def merged(base: Any, fragment: Any) -> Any:
    if isinstance(base, dict) and isinstance(fragment, dict) and not DISTRIBUTIONS & set(fragment):
        return {**base, **{k: merged(base.get(k), v) for k, v in fragment.items()}}
    return fragment


class Reader:
    """Checks the YAML blocks of one document, in order, keeping its named examples."""

    def __init__(self) -> None:
        self.examples: dict[str, Any] = {}

    def check(self, block: Block) -> dict[str, Any] | None:
        marker = block.marker
        if "invalid" in marker:
            base = {} if marker["invalid"] == "none" else self.examples[marker["invalid"]]
            whole = None
            with pytest.raises(ScenarioError) as caught:
                whole = merged(base, parse_document(block.body, str(block)).data)
                validate_data(whole, path=str(block))
            assert marker["error"] in str(caught.value), f"{block}: {caught.value}"
            if "example" in marker:
                self.examples[marker["example"]] = whole
            return whole
        data = parse_document(block.body, str(block)).data
        whole = merged(self.examples[marker["fragment"]], data) if "fragment" in marker else data
        self.examples[marker.get("example", str(block))] = whole
        try:
            validate_data(whole, path=str(block))
        except ScenarioError as error:
            pytest.fail(f"{block}: the example does not validate:\n{error}")
        return whole


def yaml_blocks() -> list[Block]:
    return [b for d in DOCUMENTS for b in blocks(d) if b.kind == "yaml"]


def test_the_documents_have_examples_of_every_kind():
    found = [b for d in DOCUMENTS for b in blocks(d)]
    markers = {key for b in found for key in b.marker}
    assert {"example", "fragment", "invalid", "file", "exit"} <= markers
    assert len([b for b in found if b.kind == "yaml"]) >= 30


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_every_yaml_example_validates_or_fails_as_documented(document):
    reader = Reader()
    checked = [reader.check(block) for block in blocks(document) if block.kind == "yaml"]
    assert checked


@pytest.mark.slow
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_every_command_runs_as_documented(document, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files_given_first_as_full_examples(blocks(document))
    reader = Reader()
    n_commands = 0
    for block in blocks(document):
        if block.kind == "yaml":
            whole = reader.check(block)
            if "file" in block.marker:
                merged_into = (
                    "fragment" in block.marker or block.marker.get("invalid", "none") != "none"
                )
                text = yaml.safe_dump(whole, sort_keys=False) if merged_into else block.body
                Path(block.marker["file"]).write_text(text, encoding="utf-8")
        elif "errors of" in block.marker:
            with pytest.raises(ScenarioError) as caught:
                load_scenario(block.marker["errors of"])
            assert str(caught.value).splitlines() == block.body.splitlines(), str(block)
            n_commands += 1
        elif block.kind in ("bash", "console", "sh"):
            for command in commands(block.body):
                run(command, int(block.marker.get("exit", "0")), block)
                n_commands += 1
    assert n_commands > 0


def write_files_given_first_as_full_examples(found: list[Block]) -> None:
    """A file whose first example is a full, valid scenario exists from the start."""
    first: dict[str, Block] = {}
    for block in found:
        if block.kind == "yaml" and "file" in block.marker:
            first.setdefault(block.marker["file"], block)
    for path, block in first.items():
        if not {"fragment", "invalid"} & set(block.marker):
            Path(path).write_text(block.body, encoding="utf-8")


def commands(body: str) -> list[list[str]]:
    found = []
    for line in body.replace("\\\n", " ").splitlines():
        words = shlex.split(line.removeprefix("$ "), comments=True)
        for start, word in enumerate(words):
            if word == "accord":
                found.append(words[start:])
    return found


def run(words: list[str], expected: int, block: Block) -> None:
    words, output = redirected(words[1:])
    words = cheap(words)
    result = CliRunner().invoke(app, words)
    assert result.exit_code == expected, (
        f"{block}: accord {' '.join(words)} exited {result.exit_code}\n{result.stderr}"
        f"{result.exception!r}"
    )
    if output is not None:
        Path(output).write_text(result.stdout, encoding="utf-8")


def redirected(words: list[str]) -> tuple[list[str], str | None]:
    if ">" in words:
        at = words.index(">")
        return words[:at], words[at + 1]
    return words, None


def cheap(words: list[str]) -> list[str]:
    """The command with few draws and one worker, and ID replaced by the latest sweep."""
    words = list(words)
    if "-n" in words:
        words[words.index("-n") + 1] = SMALL_DRAWS
    if words[0] in ("sweep", "attribute") and "--workers" not in words:
        words += ["--workers", "1"]
    if words[0] == "attribute" and "-n" not in words:
        words += ["-n", SMALL_DRAWS]
    if words[0] == "report" and "--attribution-draws" not in words:
        words += ["--attribution-draws", SMALL_DRAWS]
    if "ID" in words:
        listed = CliRunner().invoke(app, ["results", "--json"])
        words[words.index("ID")] = json.loads(listed.stdout)["sweeps"][-1]["sweep_id"]
    return words


# The other documents: every command, Python block and full YAML file runs.

OTHER_DOCUMENTS = [
    ROOT / "docs" / "engine.md",
    ROOT / "docs" / "experiments.md",
    ROOT / "docs" / "gmcr.md",
    ROOT / "docs" / "interop.md",
    ROOT / "docs" / "scenarios" / "istanbul-2022.md",
    ROOT / "docs" / "scenarios" / "istanbul-2022-conflict.md",
    ROOT / "docs" / "scenarios" / "teaching-cases.md",
    ROOT / "docs" / "scenarios" / "dayton-1995.md",
    ROOT / "docs" / "scenarios" / "rambouillet-1999.md",
]


@pytest.mark.slow
@pytest.mark.parametrize("document", OTHER_DOCUMENTS, ids=lambda d: d.name)
def test_every_example_of_the_other_documents_runs(document, tmp_path, monkeypatch):
    """Commands run (small draw counts, files under /tmp/ moved to a temporary folder),
    Python blocks execute from the repository's root, full YAML files validate; a block
    marked `shape: ...` (a synopsis, a fragment) shows a form, not an example."""
    monkeypatch.chdir(ROOT)
    for block in blocks(document):
        if "shape" in block.marker:
            continue
        if block.kind == "python":
            exec(compile(block.body, str(block), "exec"), {"__name__": "__doc_example__"})
        elif block.kind == "yaml":
            assert "accord:" in block.body, f"{block}: a YAML example that is not a whole file"
            path = tmp_path / "example.yaml"
            path.write_text(block.body, encoding="utf-8")
            run(["accord", "validate", str(path)], 0, block)
        else:
            for command in commands(block.body):
                moved = [w.replace("/tmp/", f"{tmp_path}/") for w in command]
                run(moved, int(block.marker.get("exit", "0")), block)


# The field tables of the format documentation.


def test_field_tables_carry_the_schema_descriptions():
    """The tables are written by `python scripts/make_golden.py`; here they are only read."""
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    names = [match[2] for match in FIELDS_BLOCK.finditer(text)]
    assert sorted(names) == sorted(FIELD_TABLES)
    assert text == with_field_tables(text)


def test_every_field_has_a_description():
    missing = [
        f"{model.__name__}.{key}"
        for model in FIELD_TABLES.values()
        for key, field in model.model_fields.items()
        if not field.description
    ]
    assert missing == []
