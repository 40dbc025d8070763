"""ErrorType: every type string of the contract digest, unknown strings accepted, branching from the exception."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import httpx
import pytest

from appwrite_account import Account, AppwriteError, AsyncAccount, AuthenticationError, InvalidInputError
from appwrite_account._error_types import ErrorType

from . import factories as f

DIGEST = Path(__file__).resolve().parents[3] / "shared" / "reference" / "APPWRITE-1.4-ACCOUNT-CONTRACT.md"
#: Named in the digest's error section only to say it does not exist in 1.4.
NOT_IN_1_4 = {"user_more_than_one_session"}


def digest_error_types() -> set[str]:
    text = DIGEST.read_text(encoding="utf-8")
    match = re.search(r"^### \(c\) Errors$(.*?)^### \(d\)", text, re.MULTILINE | re.DOTALL)
    assert match, "the digest has no '### (c) Errors' section"
    section = match.group(1)
    found = set(re.findall(r"`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`", section))
    # Every line of the error table starts with a type; make sure the table was really read.
    table_rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert len(table_rows) >= 30, table_rows
    return found


@pytest.mark.skipif(not DIGEST.exists(), reason="../shared/reference (the contract digest) is not available")
def test_enum_lists_every_error_type_of_the_contract_digest() -> None:
    expected = digest_error_types() - NOT_IN_1_4
    assert "user_email_alread_verified" in expected  # the server's own spelling
    values = {member.value for member in ErrorType}
    missing = sorted(expected - values)
    assert not missing, f"ErrorType lacks: {missing}"
    assert not NOT_IN_1_4 & values


def test_members_are_their_wire_strings() -> None:
    assert ErrorType.USER_BLOCKED == "user_blocked"
    assert ErrorType("user_blocked") is ErrorType.USER_BLOCKED
    assert str(ErrorType.USER_BLOCKED) == "user_blocked"
    assert f"{ErrorType.GENERAL_UNAUTHORIZED_SCOPE}" == "general_unauthorized_scope"
    assert ErrorType.USER_BLOCKED.known
    for member in ErrorType:
        assert member.name == member.value.upper()
        assert isinstance(member, str)


def test_unknown_strings_become_pseudo_members() -> None:
    new = ErrorType("user_mfa_required")
    assert isinstance(new, ErrorType)
    assert new == "user_mfa_required"
    assert new.value == "user_mfa_required"
    assert new.name == "USER_MFA_REQUIRED"
    assert not new.known
    assert ErrorType("user_mfa_required") is new
    assert new not in list(ErrorType)  # iteration lists only the known ones
    assert ErrorType("USER_BLOCKED") is not ErrorType.USER_BLOCKED
    assert not ErrorType("USER_BLOCKED").known
    assert pickle.loads(pickle.dumps(ErrorType.USER_BLOCKED)) is ErrorType.USER_BLOCKED
    with pytest.raises(ValueError):
        ErrorType(42)  # type: ignore[arg-type]
    assert ErrorType.parse(None) is None
    assert ErrorType.parse("") is None
    assert ErrorType.parse("user_blocked") is ErrorType.USER_BLOCKED


def test_exception_exposes_error_type_and_keeps_the_raw_string(client, mock) -> None:
    mock.post("/account/sessions/email").respond(401, json=f.error(401, "user_blocked", "The user is blocked."))
    with pytest.raises(AuthenticationError) as info:
        Account(client).create_email_session(email="ada@example.com", password="correct-horse")
    err = info.value
    assert err.type == "user_blocked"
    assert type(err.type) is str
    assert err.error_type is ErrorType.USER_BLOCKED


async def test_exception_with_a_type_this_sdk_does_not_know_async(aclient, mock) -> None:
    mock.get("/account").respond(401, json=f.error(401, "user_more_factors_required"))
    with pytest.raises(AuthenticationError) as info:
        await AsyncAccount(aclient).get()
    err = info.value
    assert err.type == "user_more_factors_required"
    assert err.error_type is not None
    assert err.error_type == "user_more_factors_required"
    assert not err.error_type.known
    # Branching never raises.
    assert err.error_type is not ErrorType.USER_BLOCKED


def test_error_without_type_has_no_error_type(client, mock) -> None:
    mock.get("/account").mock(return_value=httpx.Response(502, text="<html>Bad Gateway</html>"))
    with pytest.raises(AppwriteError) as info:
        Account(client).get()
    assert info.value.type is None
    assert info.value.error_type is None


def test_invalid_input_has_its_own_type() -> None:
    assert InvalidInputError("x", "rule").error_type is ErrorType.INVALID_INPUT
