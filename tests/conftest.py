import os

import pytest

from fuwumaoyi_cli import i18n, load_dataset


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


@pytest.fixture(scope="session", autouse=True)
def english_by_default():
    """The tests (and the processes they start) expect English messages, whatever the machine's locale (a zh_CN
    one would choose Chinese). A test asks for Chinese with FWMY_LANG or LANG in the environment it runs fwmy
    with (CliRunner's env=, a subprocess's), or with i18n.use("zh")."""
    os.environ["FWMY_LANG"] = "en"


@pytest.fixture(autouse=True)
def english_again():
    """Each test starts in English: a run of fwmy in Chinese leaves the process's language Chinese."""
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()
