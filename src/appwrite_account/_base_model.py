"""Base classes of the generated models (handwritten: the generator only names them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, cast

from pydantic import BaseModel, ConfigDict, model_validator

REDACTED = "<redacted>"


class AppwriteModel(BaseModel):
    """A response model: snake_case attributes, wire names as aliases, unknown fields kept, not rejected.

    A field a newer server adds is kept in `model_extra` instead of breaking parsing.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=False)
    #: Fields the spec marks `x-secret` (JWTs, token secrets, OAuth tokens): masked in repr() and str().
    _secret_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._secret_fields = frozenset(
            name
            for name, info in cls.model_fields.items()
            if isinstance(extra := info.json_schema_extra, dict) and cast("dict[str, object]", extra).get("x-secret")
        )

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            yield name, (REDACTED if name in self._secret_fields and value else value)

    def to_dict(self) -> dict[str, Any]:
        """The model as the server sent it: wire names, JSON types."""
        return self.model_dump(mode="json", by_alias=True)


class PreferencesBase(AppwriteModel):
    """Free-form preferences, readable as a mapping: `prefs["theme"]`, `prefs.get("theme")`, `dict(prefs)`."""

    @model_validator(mode="before")
    @classmethod
    def _empty_list_is_empty_object(cls, data: Any) -> Any:
        # PHP encodes an empty associative array as `[]`; servers before 1.4 send it for empty prefs.
        return {} if data == [] else data

    def __getitem__(self, key: str) -> Any:
        return (self.model_extra or {})[key]

    def __contains__(self, key: object) -> bool:
        return key in (self.model_extra or {})

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(self.model_extra or {})

    def __len__(self) -> int:
        return len(self.model_extra or {})

    def keys(self) -> Any:
        return (self.model_extra or {}).keys()

    def get(self, key: str, default: Any = None) -> Any:
        return (self.model_extra or {}).get(key, default)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class ParamsModel(BaseModel):
    """The arguments of one operation, checked against the spec's constraints before anything is sent."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)
