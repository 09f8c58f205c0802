import os
from pathlib import Path

import pytest

from fuwumaoyi_cli import load_dataset

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The tests (and the processes they start) never touch the user's real cache folder."""
    os.environ["FWMY_CACHE_DIR"] = str(tmp_path_factory.mktemp("fwmy-cache"))


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()


@pytest.fixture
def golden():
    """Compare text with tests/golden/NAME; FWMY_UPDATE_GOLDEN=1 rewrites the file instead."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("FWMY_UPDATE_GOLDEN"):
            path.write_text(text, encoding="utf-8")
        assert path.is_file(), f"no golden file {path}; run with FWMY_UPDATE_GOLDEN=1 to create it"
        assert text == path.read_text(encoding="utf-8")

    return check
