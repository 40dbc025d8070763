"""Response models: old and new servers, odd values, mapping access; ID and Query helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from appwrite_account import ID, InvalidInputError, Query
from appwrite_account.models import Error, Jwt, Log, LogList, Preferences, Session, SessionList, Token, User

from . import factories as f


def test_user_full_1_4_payload() -> None:
    user = User.model_validate(f.user())
    assert user.id == "64a1b2c3d4e5f"
    assert user.created_at == datetime(2023, 11, 2, 10, 15, 30, 123000, tzinfo=timezone.utc)
    assert user.updated_at == datetime(2023, 11, 3, 8, 0, tzinfo=timezone.utc)
    assert user.registration.tzinfo is not None
    assert user.labels == ["vip"]
    assert user.accessed_at == datetime(2023, 11, 3, 8, 0, tzinfo=timezone.utc)
    assert user.email_verification is False
    assert user.status is True
    assert user.model_extra == {}


@pytest.mark.parametrize("missing", [("labels",), ("accessedAt",), ("labels", "accessedAt")])
def test_user_from_1_0_to_1_3_server(missing) -> None:
    data = f.user()
    for key in missing:
        del data[key]
    user = User.model_validate(data)
    assert user.id == "64a1b2c3d4e5f"
    if "labels" in missing:
        assert user.labels is None
    if "accessedAt" in missing:
        assert user.accessed_at is None


def test_unknown_fields_kept_in_model_extra() -> None:
    user = User.model_validate(f.user(mfa=True, targets=[{"id": "t1"}]))
    assert user.model_extra == {"mfa": True, "targets": [{"id": "t1"}]}
    session = Session.model_validate(f.session(factors=["password"], secret=""))
    assert session.model_extra == {"factors": ["password"], "secret": ""}
    token = Token.model_validate(f.token(phrase="Golden Fox"))
    assert token.model_extra == {"phrase": "Golden Fox"}


def test_to_dict_uses_wire_names() -> None:
    data = f.user()
    out = User.model_validate(data).to_dict()
    assert out["$id"] == data["$id"]
    assert out["emailVerification"] is False
    assert out["prefs"] == {"theme": "dark", "fontSize": 14}
    assert datetime.fromisoformat(out["$createdAt"]) == datetime.fromisoformat(data["$createdAt"])


def test_empty_password_update_is_none() -> None:
    user = User.model_validate(f.user(passwordUpdate="", email="", name=""))
    assert user.password_update is None
    assert user.email == ""
    assert user.name == ""


def test_empty_accessed_at_is_none() -> None:
    assert User.model_validate(f.user(accessedAt="")).accessed_at is None


def test_empty_provider_access_token_expiry_is_none() -> None:
    session = Session.model_validate(f.session(providerAccessTokenExpiry=""))
    assert session.provider_access_token_expiry is None


def test_provider_access_token_expiry_parsed() -> None:
    session = Session.model_validate(
        f.session(provider="github", providerAccessTokenExpiry="2023-11-02T11:15:30.000+01:00")
    )
    expiry = session.provider_access_token_expiry
    assert expiry is not None
    assert expiry.utcoffset() == timedelta(hours=1)
    assert expiry == datetime(2023, 11, 2, 10, 15, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("model", "payload", "attr"),
    [
        (User, f.user(**{"$createdAt": "2023-11-02T10:15:30"}), "created_at"),
        (User, f.user(registration="2023-11-02T10:15:30"), "registration"),
        (User, f.user(passwordUpdate="2023-11-02T10:15:30"), "password_update"),
        (User, f.user(accessedAt="2023-11-02T10:15:30"), "accessed_at"),
        (Session, f.session(expire="2023-11-02T10:15:30"), "expire"),
        (Token, f.token(expire="2023-11-02 10:15:30"), "expire"),
        (Log, f.log(time="2023-11-02T10:15:30"), "time"),
    ],
)
def test_naive_datetime_read_as_utc(model, payload, attr) -> None:
    value = getattr(model.model_validate(payload), attr)
    assert value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)
    assert value == datetime(2023, 11, 2, 10, 15, 30, tzinfo=timezone.utc)


def test_offset_datetime_keeps_instant() -> None:
    user = User.model_validate(f.user(**{"$createdAt": "2023-11-02T12:15:30.000+02:00"}))
    assert user.created_at == datetime(2023, 11, 2, 10, 15, 30, tzinfo=timezone.utc)


def test_invalid_datetime_rejected() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        User.model_validate(f.user(**{"$createdAt": "yesterday"}))


def test_prefs_empty_list_is_empty_preferences() -> None:
    user = User.model_validate(f.user(prefs=[]))
    assert isinstance(user.prefs, Preferences)
    assert len(user.prefs) == 0
    assert dict(user.prefs) == {}
    assert "theme" not in user.prefs
    prefs = Preferences.model_validate([])
    assert prefs.to_dict() == {}


def test_prefs_mapping_access() -> None:
    prefs = User.model_validate(f.user(prefs={"theme": "dark", "nested": {"a": [1, 2]}, "n": None})).prefs
    assert prefs["theme"] == "dark"
    assert prefs["nested"] == {"a": [1, 2]}
    assert prefs["n"] is None
    assert "theme" in prefs
    assert "missing" not in prefs
    assert prefs.get("missing", "default") == "default"
    assert prefs.get("theme") == "dark"
    assert len(prefs) == 3
    assert list(prefs) == ["theme", "nested", "n"]
    assert set(prefs.keys()) == {"theme", "nested", "n"}
    assert dict(prefs) == {"theme": "dark", "nested": {"a": [1, 2]}, "n": None}
    assert prefs.to_dict() == {"theme": "dark", "nested": {"a": [1, 2]}, "n": None}
    with pytest.raises(KeyError):
        prefs["missing"]


def test_prefs_keys_that_look_like_fields() -> None:
    prefs = Preferences.model_validate({"model_config": 1, "keys": "k", "get": "g"})
    assert prefs["keys"] == "k"
    assert prefs["get"] == "g"
    assert prefs["model_config"] == 1


def test_lists() -> None:
    sessions = SessionList.model_validate(f.session_list())
    assert sessions.total == 2
    assert all(isinstance(s, Session) for s in sessions.sessions)
    empty = SessionList.model_validate({"total": 0, "sessions": []})
    assert empty.sessions == []
    logs = LogList.model_validate(f.log_list(f.log(event="users.create")))
    assert logs.total == 1
    assert logs.logs[0].event == "users.create"
    assert logs.logs[0].user_id == "64a1b2c3d4e5f"


def test_jwt_and_error_models() -> None:
    assert Jwt.model_validate({"jwt": "a.b.c"}).jwt == "a.b.c"
    err = Error.model_validate(f.error(401, "user_invalid_credentials", "Invalid credentials."))
    assert (err.code, err.type, err.message, err.version) == (
        401,
        "user_invalid_credentials",
        "Invalid credentials.",
        "1.4.14",
    )


# -- helpers ---------------------------------------------------------------------------------------------


def test_id_helpers() -> None:
    assert ID.unique() == "unique()"
    assert ID.custom("ada.lovelace-1") == "ada.lovelace-1"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: Query.limit(5), "limit(5)"),
        (lambda: Query.limit(0), "limit(0)"),
        (lambda: Query.offset(0), "offset(0)"),
        (lambda: Query.offset(25), "offset(25)"),
        (lambda: Query.limit(5000), "limit(5000)"),
    ],
)
def test_query_helpers(call, expected) -> None:
    assert call() == expected


@pytest.mark.parametrize(
    ("method", "value"),
    [
        ("limit", -1),
        ("offset", -5),
        ("limit", True),
        ("offset", 1.5),
        ("limit", "5"),
        ("offset", None),
    ],
)
def test_query_helpers_reject_bad_counts(method, value) -> None:
    with pytest.raises(InvalidInputError) as info:
        getattr(Query, method)(value)
    assert info.value.param == method
    assert isinstance(info.value, ValueError)
