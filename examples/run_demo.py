"""`make demo`: start the local emulator on a free loopback port, run the quickstart against it, stop it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    state = ROOT / ".demo"
    state.mkdir(exist_ok=True)
    (state / "session.json").unlink(missing_ok=True)
    emulator = subprocess.Popen(
        [sys.executable, "-m", "appwrite_account.emulator", "--host", "127.0.0.1", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        line = emulator.stdout.readline().strip()
        if "listening on " not in line:
            print(f"the emulator did not start: {line!r}", file=sys.stderr)
            return 1
        endpoint = line.rsplit(" ", 1)[1]
        print(f"emulator: {endpoint} (SQLite in memory, argon2 passwords, outbox instead of SMTP)")
        print("quickstart (examples/quickstart.py) through the SDK:")
        env = dict(
            os.environ,
            APPWRITE_ENDPOINT=endpoint,
            APPWRITE_PROJECT="demo",
            APPWRITE_SESSION_FILE=str(state / "session.json"),
        )
        done = subprocess.run([sys.executable, str(ROOT / "examples" / "quickstart.py")], env=env)
        print("demo finished" if done.returncode == 0 else f"quickstart failed with exit code {done.returncode}")
        return done.returncode
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
        print("emulator stopped")


if __name__ == "__main__":
    raise SystemExit(main())
