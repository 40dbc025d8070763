"""Every email and SMS the server would have sent, kept in memory for tests and demos."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

MessageKind = Literal["verification", "recovery", "magic_url", "phone_session", "phone_verification"]


@dataclass(frozen=True)
class OutboxMessage:
    """One message. ``secret`` is the plain token secret (or phone code) the link/SMS carries."""

    id: int
    project: str
    kind: MessageKind
    channel: Literal["email", "sms"]
    to: str
    subject: str
    text: str
    link: str | None
    user_id: str
    secret: str
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Outbox:
    """Thread-safe, append-only list of messages (oldest first)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[OutboxMessage] = []
        self._next_id = 1  # not reused after clear(), so ids stay unique per emulator

    def add(
        self,
        *,
        project: str,
        kind: MessageKind,
        to: str,
        subject: str,
        text: str,
        link: str | None,
        user_id: str,
        secret: str,
        created_at: str,
    ) -> OutboxMessage:
        channel: Literal["email", "sms"] = "sms" if kind in ("phone_session", "phone_verification") else "email"
        with self._lock:
            message = OutboxMessage(
                id=self._next_id,
                project=project,
                kind=kind,
                channel=channel,
                to=to,
                subject=subject,
                text=text,
                link=link,
                user_id=user_id,
                secret=secret,
                created_at=created_at,
            )
            self._messages.append(message)
            self._next_id += 1
        return message

    def messages(
        self, *, to: str | None = None, kind: str | None = None, project: str | None = None
    ) -> list[OutboxMessage]:
        """Messages matching every given filter, oldest first (``to`` compares case-insensitively)."""
        with self._lock:
            found = list(self._messages)
        if to is not None:
            found = [m for m in found if m.to.lower() == to.lower()]
        if kind is not None:
            found = [m for m in found if m.kind == kind]
        if project is not None:
            found = [m for m in found if m.project == project]
        return found

    def latest(self, *, to: str | None = None, kind: str | None = None) -> OutboxMessage:
        """The newest matching message; ``LookupError`` when there is none."""
        found = self.messages(to=to, kind=kind)
        if not found:
            raise LookupError(f"no outbox message (to={to!r}, kind={kind!r})")
        return found[-1]

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._messages)

    def __iter__(self) -> Iterator[OutboxMessage]:
        return iter(self.messages())
