import pytest

from accord.scenario.schema import Remove, Set
from accord.scenario.variants import PatchError, apply_patches


def test_set_addresses_list_items_by_id_and_leaves_input_alone():
    data = {"events": [{"id": "a", "x": 1}, {"id": "b", "x": 2}]}
    patched = apply_patches(data, [Set(set="events.b.x", value=5)])
    assert patched["events"][1]["x"] == 5 and data["events"][1]["x"] == 2


def test_remove_by_id_and_by_key():
    data = {"events": [{"id": "a"}, {"id": "b"}], "beliefs": {"u": {"r": 0.5}}}
    patched = apply_patches(data, [Remove(remove="events.a"), Remove(remove="beliefs.u.r")])
    assert patched == {"events": [{"id": "b"}], "beliefs": {"u": {}}}


def test_missing_path_names_what_is_there():
    with pytest.raises(PatchError, match="no item 'c' \\(items there: a, b\\)"):
        apply_patches({"events": [{"id": "a"}, {"id": "b"}]}, [Remove(remove="events.c")])


def test_a_patch_error_passes_through_a_context_manager_intact():
    from contextlib import contextmanager

    from accord.scenario.variants import PatchError

    @contextmanager
    def around():
        yield

    with pytest.raises(PatchError) as caught, around():
        raise PatchError(2, "set", "no such path")
    assert (caught.value.index, caught.value.field, str(caught.value)) == (2, "set", "no such path")
