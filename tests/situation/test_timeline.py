from accord.scenario import validate_data
from accord.situation.timeline import timeline
from tests.situation.test_beliefs import with_signals


def test_events_and_rounds_are_totally_ordered_by_date_priority_sequence():
    data = with_signals(
        [("2022-03-30", 0.5, 0.5), ("2022-03-30", 0.5, 0.5), ("2022-03-01", 0.5, 0.5)], 0.5
    )
    data["events"][0]["after_round"] = True
    order = [item.item.id for item in timeline(validate_data(data))]
    # s2 is earliest; on 30 March s1 comes before the round, s0 after it (after_round).
    assert order == ["s2", "s1", "r1", "s0"]
