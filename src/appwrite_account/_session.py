"""Where the SDK keeps session secrets between requests (and between runs).

A session is stored under a key naming both the endpoint and the project, so a stored session is only ever
sent back to the server and project that issued it.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import tempfile
import threading
import warnings
from collections.abc import Generator
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast, runtime_checkable

log = logging.getLogger("appwrite_account")

try:  # POSIX advisory locks; on other systems the file store is safe within one process only.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def session_key(endpoint: str, project: str) -> str:
    """The store key of the session for one endpoint and project."""
    return f"{project}@{endpoint.rstrip('/')}"


@runtime_checkable
class SessionStore(Protocol):
    """Keeps one secret per key. Implementations must be safe to call from several threads."""

    def load(self, key: str) -> str | None:
        """The stored secret, or None."""
        ...

    def save(self, key: str, secret: str) -> None:
        """Store (or replace) the secret."""
        ...

    def delete(self, key: str) -> None:
        """Forget the secret; no error if there is none."""
        ...


class MemorySessionStore:
    """Keeps sessions in this process only (the default)."""

    def __init__(self) -> None:
        self._data: dict[str, str] = {}
        self._lock = threading.Lock()

    def load(self, key: str) -> str | None:
        with self._lock:
            return self._data.get(key)

    def save(self, key: str, secret: str) -> None:
        with self._lock:
            self._data[key] = secret

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def __repr__(self) -> str:
        return f"MemorySessionStore(<{len(self._data)} session(s)>)"


class FileSessionStore:
    """Keeps sessions in a JSON file, so the next run of the program is still signed in.

    Writes are atomic (a temporary file renamed over the old one), the file is created with mode 0600, and
    a lock file serialises processes that share it. A file that cannot be read is treated as "signed out"
    with a warning; it is moved aside, never silently overwritten, on the next save.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FileSessionStore({str(self.path)!r})"

    @contextlib.contextmanager
    def _locked(self) -> Generator[None]:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if fcntl is None:  # pragma: no cover - Windows
                yield
                return
            fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)

    def _read(self) -> tuple[dict[str, str], bool]:
        """The stored map, and whether the file was unreadable."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, False
        except UnicodeDecodeError:
            raw = ""  # not text at all: corrupt, handled below
        except OSError as exc:
            warnings.warn(
                f"cannot read session file {self.path}: {exc.strerror}; treating as signed out",
                RuntimeWarning,
                stacklevel=4,
            )
            return {}, True
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        # A secret is a non-empty string: "" would look signed in while every call goes out as a guest.
        if not isinstance(data, dict) or not all(
            isinstance(v, str) and v for v in cast("dict[str, object]", data).values()
        ):
            warnings.warn(f"session file {self.path} is corrupt; treating as signed out", RuntimeWarning, stacklevel=4)
            return {}, True
        return cast("dict[str, str]", data), False

    def _write(self, data: dict[str, str], corrupt: bool) -> None:
        if corrupt and self.path.exists():
            aside = self.path.with_name(self.path.name + ".corrupt")
            os.replace(self.path, aside)
            log.warning("moved unreadable session file aside to %s", aside)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else None
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def load(self, key: str) -> str | None:
        try:
            with self._locked():
                return self._read()[0].get(key)
        except OSError as exc:  # e.g. the folder is a file, or not writable for the lock
            warnings.warn(
                f"cannot open session file {self.path}: {exc.strerror or exc}; treating as signed out",
                RuntimeWarning,
                stacklevel=2,
            )
            return None

    def save(self, key: str, secret: str) -> None:
        with self._locked():
            data, corrupt = self._read()
            data[key] = secret
            self._write(data, corrupt)

    def delete(self, key: str) -> None:
        with self._locked():
            data, corrupt = self._read()
            if key in data or corrupt:
                data.pop(key, None)
                self._write(data, corrupt)


#: The keyring "service" name the sessions are kept under, unless you pass your own.
KEYRING_SERVICE = "appwrite-account"
KEYRING_MISSING = "KeyringSessionStore needs the `keyring` package: pip install 'appwrite-account[keyring]'"


def _import_keyring() -> ModuleType:
    try:
        return importlib.import_module("keyring")
    except ImportError as exc:
        raise ImportError(KEYRING_MISSING) from exc


class KeyringSessionStore:
    """Keeps sessions in the operating system's credential store (macOS Keychain, Windows Credential Locker,
    Secret Service on Linux) through the `keyring` package: `pip install 'appwrite-account[keyring]'`.

    Each session is one entry: service `service` (default "appwrite-account"), user name the store key
    (`<project>@<endpoint>`), so sessions for different projects or endpoints never mix. A keyring that
    cannot be read is treated as "signed out" with a warning; failures to write raise `keyring`'s errors.
    """

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        if not isinstance(service, str) or not service:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError("service must be a non-empty string")
        self._keyring = _import_keyring()
        self._errors = importlib.import_module("keyring.errors")
        self.service = service
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"KeyringSessionStore(service={self.service!r})"

    def load(self, key: str) -> str | None:
        with self._lock:
            try:
                value = self._keyring.get_password(self.service, key)
            except self._errors.KeyringError as exc:
                warnings.warn(
                    f"cannot read the keyring ({type(exc).__name__}); treating as signed out",
                    RuntimeWarning,
                    stacklevel=3,
                )
                return None
        return value if isinstance(value, str) and value else None

    def save(self, key: str, secret: str) -> None:
        with self._lock:
            self._keyring.set_password(self.service, key, secret)

    def delete(self, key: str) -> None:
        # Nothing stored means already forgotten.
        with self._lock, contextlib.suppress(self._errors.PasswordDeleteError):
            self._keyring.delete_password(self.service, key)
