from pathlib import Path

import pytest

TESTDATA = Path(__file__).parent / "testdata"


@pytest.fixture
def genius_files() -> list[Path]:
    folder = TESTDATA / "genius"
    return [folder / "fruit-domain.xml", folder / "buyer.xml", folder / "seller.xml"]


@pytest.fixture
def geniusweb_files() -> list[Path]:
    folder = TESTDATA / "geniusweb"
    return [folder / "buyer.json", folder / "seller.json"]
