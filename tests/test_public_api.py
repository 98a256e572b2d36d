import accord


def test_all_lists_exactly_the_public_names():
    public = {name for name in vars(accord) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(accord, name)).__name__ == "module"}
    assert set(accord.__all__) - {"__version__"} == public - modules


def test_surface_fits_on_one_screen():
    assert len(accord.__all__) <= 30
