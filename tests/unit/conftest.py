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

