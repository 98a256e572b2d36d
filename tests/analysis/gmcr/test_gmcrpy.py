"""Import of gmcr-py save files: numbering, option order, preferences."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.gmcr import build_model, load_conflict
from accord.analysis.gmcr.gmcrpy import gmcrpy_option_order
from accord.errors import ScenarioError

TESTDATA = Path(__file__).parents[1] / "testdata" / "gmcr"


def test_manual_ranking_keeps_gmcrpy_state_numbers():
    loaded = load_conflict(TESTDATA / "elmira.gmcr")
    model = build_model(loaded.conflict)
    assert model.decision_makers == ("MoE", "Uniroyal", "Local_Government")
    assert loaded.conflict.decision_makers[2].name == "Local Government"
    assert model.n_states == 12
    # gmcr-py state 7 is decimal 18: Delay and Insist taken.
    assert model.vector(model.state_index("7")) == "NYNNY"
    ranks = model.ranks()
    assert ranks[0, model.state_index("9")] == 1  # MoE's favourite: accept and insist
    assert ranks[0, model.state_index("5")] == ranks[0, model.state_index("12")]  # a tie
    reversibility = [o.reversibility for o in loaded.conflict.options]
    assert reversibility == ["forward", "backward", "both", "forward", "both"]


def test_prioritized_preferences_become_statements(tmp_path):
    document = {
        "options": [
            {"name": "Air Strike", "permittedDirection": "fwd"},
            {"name": "Blockade", "permittedDirection": "both"},
            {"name": "Withdraw", "permittedDirection": "both"},
        ],
        "decisionMakers": [
            {
                "name": "US",
                "options": [0, 1],
                "preferences": [
                    [[2, "Y"]],
                    {"compound": True, "members": [[[0, "N"], [1, "Y"]], [[0, "Y"]]]},
                ],
            },
            {"name": "USSR", "options": [2], "preferences": [[[2, "N"], [0, "N"]]]},
        ],
        "infeasibles": [[[0, "Y"], [1, "Y"]]],
        "useManualPreferenceVectors": False,
    }
    path = tmp_path / "crisis.gmcr"
    path.write_text(json.dumps(document))
    loaded = load_conflict(path)
    assert loaded.id == "crisis"
    assert loaded.conflict.preferences["US"].prioritization == (
        "Withdraw",
        "(-Air_Strike & Blockade) | Air_Strike",
    )
    assert loaded.conflict.preferences["USSR"].prioritization == ("-Withdraw & -Air_Strike",)
    assert build_model(loaded.conflict).n_states == 6


def test_option_order_follows_gmcrpy_reordering():
    # Already in decision-maker order: unchanged (as gmcr-py saves files).
    assert gmcrpy_option_order(5, [[0], [1, 2, 3], [4]]) == [0, 1, 2, 3, 4]
    # Otherwise options end up in decision-maker order, as gmcr-py reorders them on
    # loading, so state numbers agree with gmcr-py's.
    assert gmcrpy_option_order(3, [[2], [0, 1]]) == [2, 0, 1]
    assert gmcrpy_option_order(4, [[3], [1], [0, 2]]) == [3, 1, 0, 2]


def two_option_document() -> dict:
    return {
        "options": [
            {"name": "Talk", "permittedDirection": "both"},
            {"name": "Fight", "permittedDirection": "fwd"},
        ],
        "decisionMakers": [
            {"name": "Red", "options": [0], "preferences": [[[0, "Y"]]]},
            {"name": "Blue", "options": [1], "preferences": [[[1, "N"]]]},
        ],
        "infeasibles": [],
    }


def test_a_file_name_with_accents_and_spaces_gives_a_valid_id(tmp_path):
    path = tmp_path / "Été à la plage.gmcr"
    path.write_text(json.dumps(two_option_document()), encoding="utf-8")
    loaded = load_conflict(path)
    assert loaded.id == "ete-a-la-plage"
    assert loaded.title == "Été à la plage (gmcr-py)"
    only_symbols = tmp_path / "дом (2).gmcr"
    only_symbols.write_text(json.dumps(two_option_document()), encoding="utf-8")
    assert load_conflict(only_symbols).id == "2"


def test_problems_of_the_converted_conflict_point_into_the_gmcr_py_file(tmp_path):
    document = {
        "options": [{"name": f"o{k}", "permittedDirection": "both"} for k in range(3)],
        "decisionMakers": [
            {"name": "Red", "options": [0, 1], "preferenceRanking": [[2], [1, 3]]},
            {"name": "Blue", "options": [2], "preferenceRanking": [[1, 2, 3, 4, 5, 6]]},
        ],
        "useManualPreferenceRanking": True,
        "infeasibles": [[[0, "Y"], [1, "Y"]]],
    }
    path = tmp_path / "partial.gmcr"
    path.write_text(json.dumps(document, indent=1))
    with pytest.raises(ScenarioError) as caught:
        load_conflict(path)
    # Feasible states by ascending code, option 0 least significant: 1 = NNN, 2 = YNN,
    # 3 = NYN, 4 = NNY, 5 = YNY, 6 = NYY (codes 3 and 7 are infeasible). Red ranks 1-3.
    [problem] = caught.value.problems
    assert problem.location == "decisionMakers[0]" and (problem.line, problem.column) == (17, 3)
    assert "feasible state(s) NNY, YNY, NYY are not ranked" in problem.message
    document["decisionMakers"][0]["preferenceRanking"] = [[2], [1, 3], [4, 5, 6]]
    path.write_text(json.dumps(document, indent=1))
    ranking = load_conflict(path).conflict.preferences["Red"].ranking
    assert ranking == (("YNN",), ("NNN", "NYN"), ("NNY", "YNY", "NYY"))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | st.sampled_from(["both", "Y", "N", "x"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["name", "members", "compound", "options"]), children, max_size=3
        )
    ),
    max_leaves=8,
)
PLACES = [
    ("options",),
    ("options", 0),
    ("options", 1, "name"),
    ("options", 0, "permittedDirection"),
    ("decisionMakers",),
    ("decisionMakers", 0),
    ("decisionMakers", 0, "options"),
    ("decisionMakers", 1, "options", 0),
    ("decisionMakers", 0, "preferences"),
    ("decisionMakers", 0, "preferences", 0),
    ("decisionMakers", 1, "preferences", 0, 0),
    ("decisionMakers", 1, "name"),
    ("infeasibles",),
    ("useManualPreferenceRanking",),
    ("decisionMakers", 0, "preferenceRanking"),
]


@settings(max_examples=150, deadline=None)
@given(place=st.sampled_from(PLACES), value=JSON_VALUES)
def test_any_damaged_file_loads_or_gives_located_errors(tmp_path_factory, place, value):
    document = two_option_document()
    container = document
    for key in place[:-1]:
        container = container[key]
    container[place[-1]] = value
    path = tmp_path_factory.mktemp("damaged") / "damaged.gmcr"
    path.write_text(json.dumps(document))
    try:
        loaded = load_conflict(path)
    except ScenarioError as error:
        assert error.problems and all(p.line > 0 for p in error.problems), str(error)
    else:
        build_model(loaded.conflict)


# Export to gmcr-py.


def test_export_reproduces_the_gmcrpy_file_it_was_read_from(tmp_path):
    from accord.analysis.gmcr.gmcrpy import gmcrpy_document

    original = json.loads((TESTDATA / "elmira.gmcr").read_text())
    exported = gmcrpy_document(load_conflict(TESTDATA / "elmira.gmcr").conflict, source="elmira")
    for key in ("useManualPreferenceRanking", "options", "infeasibles"):
        assert exported[key] == original[key]
    for ours, theirs in zip(exported["decisionMakers"], original["decisionMakers"], strict=True):
        assert ours["name"] == theirs["name"]
        assert ours["options"] == theirs["options"]
        assert ours["preferenceRanking"] == theirs["preferenceRanking"]


def test_statements_become_conditions_in_disjunctive_normal_form():
    from accord.analysis.gmcr.gmcrpy import _condition
    from accord.scenario._statements import parse_statement

    index = {"a": 0, "b": 1, "c": 2}

    def condition(text):
        return _condition(parse_statement(text, list(index)), index)

    assert condition("-a") == [[0, "N"]]
    assert condition("a & -b") == [[0, "Y"], [1, "N"]]
    assert condition("a iff b") == {
        "compound": True,
        "members": [[[0, "Y"], [1, "Y"]], [[0, "N"], [1, "N"]]],
    }
    # "a if b": a whenever b, that is a or not b
    assert condition("a if b") == {"compound": True, "members": [[[0, "Y"]], [[1, "N"]]]}
    assert condition("-(a | b) & c") == [[0, "N"], [1, "N"], [2, "Y"]]
    assert condition("a & -a") is None


def test_prioritized_conflict_round_trips_through_gmcrpy_with_the_same_preferences(tmp_path):
    from accord.interop import export_conflict

    first = load_conflict("istanbul-2022-conflict")
    result = export_conflict("istanbul-2022-conflict", tmp_path)
    again = load_conflict(result.files[0])
    before, after = build_model(first.conflict), build_model(again.conflict)
    names = {o.id: o.name for o in first.conflict.options}
    order_after = [o.name for o in again.conflict.options]
    index_after = {after.vector(s): s for s in range(after.n_states)}
    assert after.n_states == before.n_states
    ranks_before, ranks_after = before.ranks(), after.ranks()
    for s in range(before.n_states):
        vector = before.vector(s)
        letters = {names[o]: vector[k] for k, o in enumerate(first.conflict.option_ids)}
        t = index_after["".join(letters[name] for name in order_after)]
        assert (ranks_before[:, s] == ranks_after[:, t]).all()
    assert "status quo" in result.notes


def test_a_graph_form_conflict_has_no_gmcrpy_form():
    from accord.analysis.gmcr.gmcrpy import gmcrpy_document
    from accord.scenario.conflict import Conflict

    conflict = Conflict.model_validate(
        {
            "decision_makers": [{"id": "a"}, {"id": "b"}],
            "states": [{"id": "s1"}, {"id": "s2"}],
            "moves": {"a": [["s1", "s2"]], "b": []},
            "preferences": {"a": {"ranking": [["s2"], ["s1"]]}, "b": {"ranking": [["s1", "s2"]]}},
        }
    )
    with pytest.raises(ScenarioError, match="this one is in graph form"):
        gmcrpy_document(conflict, source="mine.yaml")
