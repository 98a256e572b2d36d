"""Import of gmcr-py save files: numbering, option order, preferences."""

import json
from pathlib import Path

from accord.analysis.gmcr import build_model, load_conflict
from accord.analysis.gmcr.gmcrpy import gmcrpy_option_order

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
