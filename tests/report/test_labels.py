"""Parameter paths read in the scenario's names."""

from accord.report._labels import Names, parameter_label

DATA = {
    "case": {
        "parties": [{"id": "ua", "name": "Ukraine"}, {"id": "ru", "name": "Russia"}],
        "issues": [
            {
                "id": "neutrality",
                "name": "Neutrality",
                "options": [{"id": "permanent", "name": "Permanent neutrality"}],
            },
        ],
    },
    "timeline": {"items": [{"kind": "event", "id": "bucha", "name": "Bucha revealed"}]},
}


def test_paths_become_labels_in_the_scenarios_names():
    names = Names(DATA)
    cases = {
        "preferences.ua.reservation_value": "Ukraine: reservation value",
        "preferences.ru.weights.neutrality": "Russia: weights · Neutrality",
        "preferences.ua.values.neutrality.permanent": (
            "Ukraine: value of Neutrality = Permanent neutrality"
        ),
        "beliefs.ru.ua": "Russia's belief that Ukraine honours an agreement",
        "events.bucha.likelihood.honours": "Bucha revealed: likelihood · honours",
        "commitment.vulnerability.ua.neutrality.permanent": (
            "vulnerability of Ukraine to Neutrality = Permanent neutrality"
        ),
        "mediator.learning_rate": "mediator: learning rate",
    }
    for path, label in cases.items():
        assert parameter_label(path, names) == label
