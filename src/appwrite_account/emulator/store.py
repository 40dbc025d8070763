"""SQLite persistence: projects, users, sessions, tokens and security logs.

One connection guarded by a lock: the app calls the store from the event loop thread and tests read
it from theirs. File databases use WAL so a crashed emulator does not lose committed state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any, cast

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS projects (id TEXT PRIMARY KEY, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    project TEXT NOT NULL, id TEXT NOT NULL,
    created_at REAL NOT NULL, updated_at REAL NOT NULL,
    name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,
    password TEXT, password_update REAL, registration REAL NOT NULL,
    status INTEGER NOT NULL, labels TEXT NOT NULL,
    email_verification INTEGER NOT NULL, phone_verification INTEGER NOT NULL,
    prefs TEXT NOT NULL, accessed_at REAL,
    PRIMARY KEY (project, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users (project, email) WHERE email != '';
CREATE UNIQUE INDEX IF NOT EXISTS users_phone ON users (project, phone) WHERE phone != '';
CREATE TABLE IF NOT EXISTS sessions (
    project TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL,
    created_at REAL NOT NULL, expire REAL NOT NULL,
    provider TEXT NOT NULL, provider_uid TEXT NOT NULL,
    provider_access_token TEXT NOT NULL, provider_access_token_expiry REAL,
    provider_refresh_token TEXT NOT NULL,
    secret_hash TEXT NOT NULL, ip TEXT NOT NULL, client TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (project, id)
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (project, user_id, seq);
CREATE TABLE IF NOT EXISTS tokens (
    project TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL, type TEXT NOT NULL,
    secret_hash TEXT NOT NULL, created_at REAL NOT NULL, expire REAL NOT NULL,
    PRIMARY KEY (project, id)
);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens (project, user_id, type);
CREATE TABLE IF NOT EXISTS logs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL, user_id TEXT NOT NULL, event TEXT NOT NULL,
    user_email TEXT NOT NULL, user_name TEXT NOT NULL, mode TEXT NOT NULL,
    ip TEXT NOT NULL, time REAL NOT NULL, client TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS logs_user ON logs (project, user_id, seq);
"""


class DuplicateError(Exception):
    """A unique constraint failed; ``field`` is ``id``, ``email`` or ``phone``."""

    def __init__(self, field_name: str) -> None:
        super().__init__(field_name)
        self.field = field_name


@dataclass
class User:
    id: str
    created_at: float
    updated_at: float
    registration: float
    name: str = ""
    email: str = ""
    phone: str = ""
    password: str | None = None  # argon2 hash
    password_update: float | None = None  # None for password-less users (anonymous, magic URL, phone, OAuth)
    status: bool = True
    labels: list[str] = field(default_factory=lambda: [])
    email_verification: bool = False
    phone_verification: bool = False
    prefs: dict[str, Any] = field(default_factory=lambda: {})
    accessed_at: float | None = None


@dataclass
class Session:
    id: str
    user_id: str
    created_at: float
    expire: float
    provider: str
    secret_hash: str
    provider_uid: str = ""
    provider_access_token: str = ""
    provider_access_token_expiry: float | None = None
    provider_refresh_token: str = ""
    ip: str = ""
    client: dict[str, str] = field(default_factory=lambda: {})


@dataclass
class Token:
    id: str
    user_id: str
    type: str  # recovery | verification | magic_url | phone_session | phone_verification
    secret_hash: str
    created_at: float
    expire: float


@dataclass
class LogEntry:
    event: str
    user_id: str
    user_email: str
    user_name: str
    mode: str
    ip: str
    time: float
    client: dict[str, str]


_USER_COLUMNS = [f.name for f in fields(User)]
_SESSION_COLUMNS = [f.name for f in fields(Session)]
_TOKEN_COLUMNS = [f.name for f in fields(Token)]


def _user_row(user: User) -> dict[str, Any]:
    row = asdict(user)
    row["labels"] = json.dumps(user.labels)
    row["prefs"] = json.dumps(user.prefs)
    row["status"] = int(user.status)
    row["email_verification"] = int(user.email_verification)
    row["phone_verification"] = int(user.phone_verification)
    return row


def _user_from(row: sqlite3.Row) -> User:
    data = {name: row[name] for name in _USER_COLUMNS}
    data["labels"] = json.loads(data["labels"])
    data["prefs"] = json.loads(data["prefs"])
    data["status"] = bool(data["status"])
    data["email_verification"] = bool(data["email_verification"])
    data["phone_verification"] = bool(data["phone_verification"])
    return User(**data)


def _session_from(row: sqlite3.Row) -> Session:
    data = {name: row[name] for name in _SESSION_COLUMNS}
    data["client"] = json.loads(data["client"])
    return Session(**data)


def _token_from(row: sqlite3.Row) -> Token:
    return Token(**{name: row[name] for name in _TOKEN_COLUMNS})


def _duplicate(error: sqlite3.IntegrityError) -> DuplicateError:
    text = str(error)
    for name in ("email", "phone"):
        if f"users.{name}" in text:
            return DuplicateError(name)
    return DuplicateError("id")


class Store:
    """All persistent state of one emulator."""

    def __init__(self, path: str | None = None) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        with self._lock:
            return cast("sqlite3.Row | None", self._db.execute(sql, args).fetchone())

    def _run(self, sql: str, args: tuple[Any, ...] | dict[str, Any] = ()) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    # -- meta / projects ---------------------------------------------------------------------------

    def meta(self, key: str, default: str) -> str:
        """Read ``key``, storing ``default`` first if it is absent (used for the JWT key)."""
        with self._lock:
            self._run("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, default))
            row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        assert row is not None
        return str(row["value"])

    def ensure_project(self, project: str, now: float) -> None:
        self._run("INSERT OR IGNORE INTO projects (id, created_at) VALUES (?, ?)", (project, now))

    # -- users ---------------------------------------------------------------------------------------

    def insert_user(self, project: str, user: User) -> None:
        row = _user_row(user)
        columns = ", ".join(row)
        try:
            self._run(
                f"INSERT INTO users (project, {columns}) VALUES (:project, {', '.join(':' + c for c in row)})",
                {"project": project, **row},
            )
        except sqlite3.IntegrityError as error:
            raise _duplicate(error) from None

    def update_user(self, project: str, user: User) -> None:
        row = _user_row(user)
        assignments = ", ".join(f"{c} = :{c}" for c in row if c != "id")
        try:
            self._run(
                f"UPDATE users SET {assignments} WHERE project = :project AND id = :id",
                {"project": project, **row},
            )
        except sqlite3.IntegrityError as error:
            raise _duplicate(error) from None

    def get_user(self, project: str, user_id: str) -> User | None:
        row = self._one("SELECT * FROM users WHERE project = ? AND id = ?", (project, user_id))
        return _user_from(row) if row else None

    def find_user(self, project: str, *, email: str | None = None, phone: str | None = None) -> User | None:
        column, value = ("email", email) if email is not None else ("phone", phone)
        if not value:
            return None
        row = self._one(f"SELECT * FROM users WHERE project = ? AND {column} = ?", (project, value))
        return _user_from(row) if row else None

    def count_users(self, project: str) -> int:
        row = self._one("SELECT COUNT(*) AS n FROM users WHERE project = ?", (project,))
        return int(row["n"]) if row else 0

    # -- sessions ------------------------------------------------------------------------------------

    def insert_session(self, project: str, session: Session) -> None:
        row = asdict(session)
        row["client"] = json.dumps(session.client)
        with self._lock:
            seq_row = self._one("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM sessions WHERE project = ?", (project,))
            row["seq"] = int(seq_row["n"]) if seq_row else 1
            columns = ", ".join(row)
            self._run(
                f"INSERT INTO sessions (project, {columns}) VALUES (:project, {', '.join(':' + c for c in row)})",
                {"project": project, **row},
            )

    def update_session(self, project: str, session: Session) -> None:
        row = asdict(session)
        row["client"] = json.dumps(session.client)
        assignments = ", ".join(f"{c} = :{c}" for c in row if c != "id")
        self._run(
            f"UPDATE sessions SET {assignments} WHERE project = :project AND id = :id", {"project": project, **row}
        )

    def list_sessions(self, project: str, user_id: str) -> list[Session]:
        rows = self._all("SELECT * FROM sessions WHERE project = ? AND user_id = ? ORDER BY seq", (project, user_id))
        return [_session_from(r) for r in rows]

    def find_session(
        self, project: str, user_id: str, *, session_id: str = "", secret_hash: str = ""
    ) -> Session | None:
        if session_id:
            row = self._one(
                "SELECT * FROM sessions WHERE project = ? AND user_id = ? AND id = ?", (project, user_id, session_id)
            )
        else:
            row = self._one(
                "SELECT * FROM sessions WHERE project = ? AND user_id = ? AND secret_hash = ?",
                (project, user_id, secret_hash),
            )
        return _session_from(row) if row else None

    def delete_session(self, project: str, session_id: str) -> None:
        self._run("DELETE FROM sessions WHERE project = ? AND id = ?", (project, session_id))

    def trim_sessions(self, project: str, user_id: str, keep: int) -> None:
        """Drop the oldest sessions beyond ``keep`` (the server's silent session limit)."""
        self._run(
            "DELETE FROM sessions WHERE project = ? AND user_id = ? AND id NOT IN ("
            " SELECT id FROM sessions WHERE project = ? AND user_id = ? ORDER BY seq DESC LIMIT ?)",
            (project, user_id, project, user_id, keep),
        )

    # -- tokens --------------------------------------------------------------------------------------

    def insert_token(self, project: str, token: Token) -> None:
        row = asdict(token)
        self._run(
            f"INSERT INTO tokens (project, {', '.join(row)}) VALUES (:project, {', '.join(':' + c for c in row)})",
            {"project": project, **row},
        )

    def find_token(self, project: str, user_id: str, type_: str, secret_hash: str, now: float) -> Token | None:
        row = self._one(
            "SELECT * FROM tokens WHERE project = ? AND user_id = ? AND type = ? AND secret_hash = ? AND expire > ?",
            (project, user_id, type_, secret_hash, now),
        )
        return _token_from(row) if row else None

    def delete_token(self, project: str, token_id: str) -> None:
        self._run("DELETE FROM tokens WHERE project = ? AND id = ?", (project, token_id))

    # -- logs ----------------------------------------------------------------------------------------

    def add_log(self, project: str, entry: LogEntry) -> None:
        row = asdict(entry)
        row["client"] = json.dumps(entry.client)
        self._run(
            f"INSERT INTO logs (project, {', '.join(row)}) VALUES (:project, {', '.join(':' + c for c in row)})",
            {"project": project, **row},
        )

    def list_logs(self, project: str, user_id: str, limit: int, offset: int) -> tuple[int, list[LogEntry]]:
        """Newest first, like the audit listing."""
        total_row = self._one("SELECT COUNT(*) AS n FROM logs WHERE project = ? AND user_id = ?", (project, user_id))
        rows = self._all(
            "SELECT * FROM logs WHERE project = ? AND user_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
            (project, user_id, limit, offset),
        )
        entries = [
            LogEntry(
                event=r["event"],
                user_id=r["user_id"],
                user_email=r["user_email"],
                user_name=r["user_name"],
                mode=r["mode"],
                ip=r["ip"],
                time=r["time"],
                client=json.loads(r["client"]),
            )
            for r in rows
        ]
        return (int(total_row["n"]) if total_row else 0), entries

    def touch_accessed(self, project: str, user_id: str, now: float, every: float = 86400.0) -> None:
        """Refresh ``accessedAt`` at most once per ``every`` seconds (APP_USER_ACCCESS)."""
        self._run(
            "UPDATE users SET accessed_at = ? WHERE project = ? AND id = ?"
            " AND (accessed_at IS NULL OR accessed_at < ?)",
            (now, project, user_id, now - every),
        )
