"""The workbench's cases: shipped ones, and uploads validated like `accord validate`."""

import json
import math

import pytest

from accord import load_scenario, shipped_scenarios
from accord.errors import LimitError, ScenarioError, UnknownIdError
from accord.web.games import GameStore
from accord.web.library import MAX_UPLOAD_BYTES, MAX_UPLOAD_OUTCOMES, CaseLibrary


@pytest.fixture
def library(tmp_path):
    return CaseLibrary(GameStore(tmp_path / "games.sqlite"))


def test_the_shipped_cases_come_first(library):
    assert library.ids() == [s.id for s in shipped_scenarios()]
    with pytest.raises(UnknownIdError, match="unknown case 'elsewhere'"):
        library.load("elsewhere")


def test_an_upload_is_named_by_its_file_name_alone(library, tmp_path):
    with pytest.raises(ScenarioError) as caught:
        library.upload("C:\\Users\\me\\../secret dir/case file", b"accord: 1\nid: [\n")
    assert caught.value.path == "case_file.yaml"
    assert str(caught.value).startswith("case_file.yaml:")
    assert list(tmp_path.iterdir()) == [tmp_path / "games.sqlite"]


def test_an_upload_over_the_limit_is_refused_before_it_is_read(library):
    with pytest.raises(LimitError, match="larger than"):
        library.upload("big.yaml", b" " * (MAX_UPLOAD_BYTES + 1))


def test_an_uploaded_case_loads_with_its_variants(library):
    text = load_scenario("ceasefire-teaching").model_dump_json(by_alias=True, exclude_unset=True)
    text = text.replace('"id":"ceasefire-teaching"', '"id":"copy"', 1)
    library.upload("copy.json", text.encode())
    assert library.ids()[-1] == "copy"
    assert library.load("copy", ["no-violation"]).id == "copy"


def test_an_upload_with_too_many_texts_is_refused_and_not_kept(library):
    data = load_scenario("ceasefire-teaching").model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    data["id"] = "wide"
    first, *others = data["issues"]
    kept = math.prod(len(issue["options"]) for issue in others)
    # Options added to the first issue until the texts are one issue-row past the limit.
    wanted = MAX_UPLOAD_OUTCOMES // kept + 1
    extra = [f"extra-{k}" for k in range(wanted - len(first["options"]))]
    first["options"] += [{"id": option} for option in extra]
    for preferences in data["preferences"].values():
        preferences["values"][first["id"]] |= dict.fromkeys(extra, 0.0)
    assert wanted * kept > MAX_UPLOAD_OUTCOMES
    with pytest.raises(LimitError, match=f"{wanted * kept:,} texts .* up to 100,000"):
        library.upload("wide.json", json.dumps(data).encode())
    assert "wide" not in library.ids()
