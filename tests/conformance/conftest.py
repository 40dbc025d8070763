"""Fixtures of the conformance checks (Prism, the validating mock of Appwrite's published spec)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ._published import PRISM_BIN, PUBLISHED_PATH, PrismServer, start_prism, stop_prism


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """Prism serving `appwrite-1.4-account-subset.json` with `--errors` on a free 127.0.0.1 port.

    Skipped when the shared reference is absent; when the Prism binary is absent it fails under CI (the check
    must run there) and is skipped elsewhere.
    """
    if not PUBLISHED_PATH.exists():
        pytest.skip(f"the published Appwrite 1.4 spec is not beside the checkout ({PUBLISHED_PATH})")
    if not PRISM_BIN.exists():
        message = f"Prism is not installed at {PRISM_BIN}; run `make prism`"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this check may not be skipped)")
        pytest.skip(message)
    proc, server = start_prism(tmp_path_factory.mktemp("prism"))
    try:
        yield server
    finally:
        stop_prism(proc)
