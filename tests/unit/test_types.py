"""The hand-written wire types that stand in for spec schemas pydantic cannot express directly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from appwrite_account import Account, Client, InvalidInputError
from appwrite_account._types import EMAIL_PATTERN, MAX_EMAIL_LENGTH

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "account.yaml"


def test_email_input_checks_the_spec_pattern_verbatim() -> None:
    email = yaml.safe_load(SPEC.read_text())["components"]["schemas"]["Email"]
    assert EMAIL_PATTERN.pattern == email["pattern"]
    assert email["maxLength"] == MAX_EMAIL_LENGTH


@pytest.mark.parametrize(
    "value",
    [
        "a" * 65 + "@example.com",  # local part over 64
        "ada@example.123",  # all-digit top-level label
        "ada@example.com\n",  # a trailing newline must not slip past `$`
        "ada@" + "a" * 63 + "." + ("b" * 63 + ".") * 4 + "com",  # over 320 in all
    ],
)
def test_email_refused_before_sending(client: Client, value: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Account(client).create_email_session(email=value, password="correct-horse")
    assert caught.value.param == "email"


def test_email_at_the_limits_is_accepted() -> None:
    assert EMAIL_PATTERN.fullmatch("a" * 64 + "@example.com")
    assert EMAIL_PATTERN.fullmatch("ada@example.c0m")
