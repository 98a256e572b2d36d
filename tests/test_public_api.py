"""The public surface: `accord.__all__` lists exactly the top-level names, all importable."""

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import accord

HEAVY = ("duckdb", "plotly", "matplotlib", "pandas", "scipy", "dask", "numpy", "pydantic")


def test_all_lists_exactly_the_public_names():
    public = {name for name in dir(accord) if not name.startswith("_")}
    modules = {name for name in public if isinstance(getattr(accord, name), types.ModuleType)}
    assert set(accord.__all__) - {"__version__"} == public - modules


def test_every_listed_name_resolves_to_an_object_of_that_name():
    for name in set(accord.__all__) - {"__version__"}:
        assert getattr(accord, name).__name__ == name


def test_names_for_type_checkers_are_the_names_imported_at_run_time():
    tree = ast.parse(Path(accord.__file__).read_text(encoding="utf-8"))
    guarded = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "_typing.TYPE_CHECKING"
    )
    declared = {
        alias.name: statement.module
        for statement in guarded.body
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }
    assert declared == accord._HOMES


def test_unknown_names_raise_attribute_error():
    try:
        accord.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_surface_fits_on_one_screen():
    assert 20 <= len(accord.__all__) <= 30


def test_version_is_the_installed_distribution_version():
    from importlib.metadata import version

    assert accord.__version__ == version("accord")


def test_no_module_is_shadowed_by_a_name_of_its_package():
    shadowed = []
    for info in pkgutil.walk_packages(accord.__path__, "accord."):
        if info.name == "accord.__main__":
            continue
        module = importlib.import_module(info.name)
        package_name, _, attribute = info.name.rpartition(".")
        package = sys.modules[package_name]
        if getattr(package, attribute, module) is not module:
            shadowed.append(info.name)
    assert shadowed == []


def _imported_by(statement: str) -> set[str]:
    code = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return {name.split(".")[0] for name in json.loads(result.stdout)}


def test_importing_accord_loads_no_heavy_dependency():
    assert _imported_by("import accord") & set(HEAVY) == set()


def test_first_use_of_a_name_imports_its_home_only():
    loaded = _imported_by("import accord; accord.simulate")
    assert {"numpy", "pydantic"} <= loaded
    assert loaded & {"duckdb", "plotly", "matplotlib", "pandas", "dask"} == set()
