"""Base classes of the generated models (handwritten: the generator only names them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class AppwriteModel(BaseModel):
    """A response model: snake_case attributes, wire names as aliases, unknown fields kept, not rejected.

    A field a newer server adds is kept in `model_extra` instead of breaking parsing.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=False)

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
