"""tests/ mirrors src/accord/: each test module is named after the module it tests."""

from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "accord"
TESTS = Path(__file__).parent
NOT_MIRRORED = {
    "test_public_api.py",
    "test_layout.py",
    "test_istanbul_2022.py",
    "test_docs.py",
    "test_examples.py",
    "test_teaching_cases.py",
    "test_dayton_1995.py",
    "test_rambouillet_1999.py",
    "test_historical_cases.py",
}


def test_every_test_module_mirrors_a_source_module():
    orphans = []
    for test in TESTS.rglob("test_*.py"):
        if test.name in NOT_MIRRORED:
            continue
        relative = test.relative_to(TESTS)
        stem = relative.name.removeprefix("test_").removesuffix(".py")
        source = SRC / relative.parent / f"{stem}.py"
        private = SRC / relative.parent / f"_{stem}.py"
        package = SRC / relative.parent / stem
        if not (source.exists() or private.exists() or package.is_dir()):
            orphans.append(str(relative))
    assert orphans == []
