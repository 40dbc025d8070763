"""Builders for the wire forms of IDs and queries (Appwrite 1.x string syntax)."""

from __future__ import annotations


class ID:
    """IDs for `user_id` arguments."""

    @staticmethod
    def unique() -> str:
        """Ask the server to generate the ID."""
        return "unique()"

    @staticmethod
    def custom(id: str) -> str:
        """Use your own ID (checked against the spec when the call is made)."""
        return id


class Query:
    """Queries for `list_logs(queries=[...])`. The Account logs route accepts only limit and offset."""

    @staticmethod
    def limit(n: int) -> str:
        """Return at most `n` results."""
        return f"limit({_count('limit', n)})"

    @staticmethod
    def offset(n: int) -> str:
        """Skip the first `n` results."""
        return f"offset({_count('offset', n)})"


def _count(name: str, n: int) -> int:
    from ._exceptions import InvalidInputError

    if isinstance(n, bool) or not isinstance(n, int) or n < 0:  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidInputError(name, "must be a whole number >= 0")
    return n
