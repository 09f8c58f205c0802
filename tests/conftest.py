import os

import pytest

from fuwumaoyi_cli import load_dataset


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The tests (and the processes they start) never touch the user's real cache folder."""
    os.environ["FWMY_CACHE_DIR"] = str(tmp_path_factory.mktemp("fwmy-cache"))


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """A cache folder of the test's own, empty."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("FWMY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()
