from __future__ import annotations

import pytest
import respx

from appwrite_account import AsyncClient, Client

ENDPOINT = "http://127.0.0.1:8080/v1"
PROJECT = "demo-Project"


@pytest.fixture
def mock():
    with respx.mock(base_url=ENDPOINT, assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def client():
    c = Client(endpoint=ENDPOINT, project=PROJECT, max_retries=0)
    yield c
    c.close()


@pytest.fixture
async def aclient():
    c = AsyncClient(endpoint=ENDPOINT, project=PROJECT, max_retries=0)
    yield c
    await c.aclose()


# The SDK passes tenacity's deprecated `initial=` (tenacity >= 9.2 warns on every request). That is reported
# by `test_retry.py::test_request_emits_no_deprecation_warning`; everywhere else the warning is ignored so
# the rest of the suite still says something about behaviour.
TENACITY_INITIAL_WARNING = "ignore:The 'initial' parameter is deprecated:DeprecationWarning"
_HERE = __import__("pathlib").Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _HERE not in item.path.parents:
            continue
        if item.get_closest_marker("strict_warnings") is None:
            item.add_marker(pytest.mark.filterwarnings(TENACITY_INITIAL_WARNING))


def pytest_configure(config):
    config.addinivalue_line("markers", "strict_warnings: do not ignore the known tenacity deprecation warning")
