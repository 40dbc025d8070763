"""4. Import time, in fresh interpreters (median of interleaved runs).

The floor is `import httpx, pydantic`: no SDK built on them can import faster. `import appwrite_account`
loads its names on first use (PEP 562), so the row that matters as much is
`from appwrite_account import Account, Client`, what a program using the SDK actually runs. The official
SDK's `import appwrite.client, appwrite.services.account` is shown for comparison.
"""

from __future__ import annotations

import os
import subprocess
import sys

from bench._common import Row, median

TARGET = 1.2
FLOOR = "import httpx, pydantic"
STATEMENTS = {
    "import appwrite_account": "import appwrite_account",
    "from appwrite_account import Account, Client": "from appwrite_account import Account, Client",
    "import appwrite.client, appwrite.services.account": "import appwrite.client, appwrite.services.account",
}


def import_seconds(statement: str) -> float:
    """Seconds `statement` takes in a fresh interpreter, timed around the statement itself.

    Not the sum of `-X importtime` lines: that log misses modules imported through a PEP 562 `__getattr__`
    (e.g. `appwrite_account._client` under `from appwrite_account import Client`), so it would flatter us.
    `-X importtime` is still the tool for the breakdown (docs/benchmarks.md).
    """
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_ENV)
    return float(done.stdout.strip())


#: Bytecode caches allowed, as in any installed package: with PYTHONDONTWRITEBYTECODE set, an editable
#: install recompiles its sources at every import while site-packages keep their .pyc files.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run(smoke: bool = False) -> list[Row]:
    runs = 1 if smoke else 9
    for statement in [FLOOR, *STATEMENTS.values()]:
        import_seconds(statement)  # warm-up: writes the .pyc files and fills the OS file cache
    samples: dict[str, list[float]] = {name: [] for name in [FLOOR, *STATEMENTS]}
    for _ in range(runs):  # interleaved, so that a slow moment of the machine hits every statement alike
        samples[FLOOR].append(import_seconds(FLOOR))
        for name, statement in STATEMENTS.items():
            samples[name].append(import_seconds(statement))
    floor = median(samples[FLOOR]) * 1e3
    rows = []
    for name in STATEMENTS:
        official = name.startswith("import appwrite.")
        rows.append(
            Row(
                bench="import",
                name=name,
                unit="ms",
                ours=median(samples[name]) * 1e3,
                baseline=floor,
                baseline_name=FLOOR,
                better="lower",
                target=None if official else TARGET,
                notes="the official SDK, for comparison (not ours)" if official else "",
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row.name:52} {row.ours:7.1f} ms  floor {row.baseline or 0:7.1f} ms  ratio {row.ratio:.2f}")
