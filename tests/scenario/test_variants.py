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


def test_patches_leave_the_input_alone_and_share_what_they_do_not_reach():
    from accord.scenario.schema import Pin

    data = {
        "events": [{"id": "a", "x": 1}],
        "beliefs": {"u": {"r": 0.5}},
        "sources": [{"id": "s"}],
        "readings": {
            "r": {"alternatives": {"k": {"patches": [{"set": "events.a.x", "value": 3}]}}}
        },
    }
    before = repr(data)
    patches = [Remove(remove="beliefs.u.r"), Pin(pin="r", to="k"), Set(set="events.a.y", value=4)]
    patched = apply_patches(data, patches)
    assert repr(data) == before
    assert patched["events"] == [{"id": "a", "x": 3, "y": 4}]
    assert patched["beliefs"] == {"u": {}} and patched["readings"] == {}
    assert patched["sources"] is data["sources"]


def test_a_null_on_the_path_names_nothing():
    with pytest.raises(PatchError, match="no key 'x'"):
        apply_patches({"a": {"x": None}}, [Set(set="a.x.y", value=1)])
