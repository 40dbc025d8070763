"""What the generated services tell the client about each operation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class NotGiven:
    """Marks an argument that was not passed, where `None` is a meaningful value (e.g. `timeout=None`)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One operation of the spec: where it goes, what it takes and what it returns.

    Parameter names are the wire names; `params` validates them all at once.
    """

    name: str
    method: str
    path: str
    success: int
    params: type[BaseModel] | None
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_params: tuple[str, ...]
    response: type[BaseModel] | None
    redirect: bool = False
    #: wire name -> Python argument name, for error messages.
    python_names: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        if self.params is not None:
            for attr, info in self.params.model_fields.items():
                names[info.alias or attr] = attr
        object.__setattr__(self, "python_names", names)

    @property
    def safe(self) -> bool:
        """True when repeating the request cannot change anything on the server."""
        return self.method == "GET"
