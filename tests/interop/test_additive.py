from hypothesis import given
from hypothesis import strategies as st

from accord.interop.additive import make_ids
from accord.scenario._refs import ID_PATTERN


def test_make_ids_replaces_invalid_characters_and_numbers_duplicates():
    assert make_ids(["$100 Billion", "no fund", "no-fund", "", "?"]) == [
        "100-Billion",
        "no-fund",
        "no-fund-2",
        "value",
        "value-2",
    ]


@given(st.lists(st.text(max_size=90), max_size=8))
def test_make_ids_gives_distinct_valid_ids(names):
    import re

    ids = make_ids(names)
    assert len(set(ids)) == len(ids) == len(names)
    assert all(re.match(ID_PATTERN, i) and len(i) <= 80 for i in ids)
