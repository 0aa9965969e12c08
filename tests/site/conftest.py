import pytest

from tests.site.build import built_site, pages_of


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The folder of the built site's HTML (one build per test session)."""
    return built_site(tmp_path_factory.getbasetemp() / "course-site")


@pytest.fixture(scope="session")
def pages(site):
    return pages_of(site)
