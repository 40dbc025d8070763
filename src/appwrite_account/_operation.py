"""What the generated services tell the client about each operation."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
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

    Parameter names are the wire names; `params` validates them all at once. The models are named, not
    held: `params` and `response` import the `models` module on first use, so that importing the services
    does not build ~50 pydantic models (about a quarter of the SDK's import time) before they are needed.
    """

    name: str
    method: str
    path: str
    success: int
    #: The class name, in `models`, of the model that validates the arguments; None when there are none.
    params_model: str | None
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_params: tuple[str, ...]
    #: The class name, in `models`, of the response model; None when the response has no body to read.
    response_model: str | None
    redirect: bool = False
    #: The dotted name of the module that defines the models.
    models: str = "appwrite_account._generated.models"

    def _model(self, name: str | None) -> type[BaseModel] | None:
        if name is None:
            return None
        model: type[BaseModel] = getattr(importlib.import_module(self.models), name)
        return model

    # cached_property writes the instance __dict__ directly, so it works on a frozen dataclass.
    @cached_property
    def params(self) -> type[BaseModel] | None:
        """The arguments' model (imports the models on first use)."""
        return self._model(self.params_model)

    @cached_property
    def response(self) -> type[BaseModel] | None:
        """The response model (imports the models on first use)."""
        return self._model(self.response_model)

    @cached_property
    def python_names(self) -> dict[str, str]:
        """Wire name -> Python argument name, for error messages."""
        names: dict[str, str] = {}
        if self.params is not None:
            for attr, info in self.params.model_fields.items():
                names[info.alias or attr] = attr
        return names

    @property
    def safe(self) -> bool:
        """True when repeating the request cannot change anything on the server."""
        return self.method == "GET"
