"""The e2e suite completes every operation of openapi/account.yaml through the SDK, sync and async.

`conftest.py` records each completed `Client.request` / `AsyncClient.request` as (flavour, operationId) and
runs this module last. The check is only meaningful for a run of the whole directory, so a narrowed run
(a subset of files, `-k`, `path::test`, xdist workers) skips it instead of reporting false gaps.
"""

from __future__ import annotations

import pytest

from . import _coverage

pytestmark = pytest.mark.e2e


def test_every_operation_completed_in_both_flavours() -> None:
    if not _coverage.RUN.get("whole_directory"):
        pytest.skip("the operation coverage check needs a run of the whole tests/e2e directory")
    expected = set(_coverage.RECORDER.operations.values())
    assert len(expected) == 29
    assert not _coverage.RECORDER.unknown, f"SDK calls to routes the spec does not have: {_coverage.RECORDER.unknown}"
    gaps = _coverage.missing(expected, _coverage.RECORDER.seen)
    assert not gaps, f"operations no e2e test completed through the SDK: {gaps}"


def test_the_check_reports_what_is_missing() -> None:
    recorder = _coverage.Recorder(_coverage.spec_operations())
    recorder.record("sync", "GET", "/account")
    recorder.record("async", "GET", "/account/sessions/{session_id}")
    recorder.record("async", "GET", "/account/nowhere")
    assert recorder.seen == {"sync": {"accountGet"}, "async": {"accountGetSession"}}
    assert recorder.unknown == {("GET", "/account/nowhere")}
    gaps = _coverage.missing({"accountGet", "accountGetSession"}, recorder.seen)
    assert gaps == {"sync": ["accountGetSession"], "async": ["accountGet"]}
    assert _coverage.missing({"accountGet"}, {"sync": {"accountGet"}, "async": {"accountGet"}}) == {}
