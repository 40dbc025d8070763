"""``python -m appwrite_account.emulator``: serve the local Account emulator on loopback."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from .config import EmulatorConfig
from .faults import FaultSpec
from .server import serve


def parse_args(argv: list[str] | None = None) -> EmulatorConfig:
    parser = argparse.ArgumentParser(
        prog="python -m appwrite_account.emulator",
        description="Local Appwrite 1.4 Account service emulator (loopback only).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (0 = any free port; default 8080)")
    parser.add_argument("--db", metavar="PATH", help="SQLite file to keep state in (default: in memory)")
    parser.add_argument(
        "--project",
        action="append",
        default=[],
        metavar="ID",
        help="accept only these project IDs (repeatable; default: any)",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="hostname allowed in redirect URLs (repeatable; default localhost, 127.0.0.1)",
    )
    parser.add_argument("--no-rate-limits", action="store_true", help="do not enforce rate limits")
    parser.add_argument(
        "--faults", metavar="SPEC", help="inject faults, e.g. 429=0.1,503=0.05,reset=0.01,delay=0.2:0.5"
    )
    parser.add_argument("--seed", type=int, help="random seed for --faults")
    parser.add_argument("--quiet", action="store_true", help="no request log")
    args = parser.parse_args(argv)
    try:
        faults = FaultSpec.parse(args.faults) if args.faults else None
    except ValueError as error:
        parser.error(str(error))
    return EmulatorConfig(
        host=args.host,
        port=args.port,
        db_path=args.db,
        projects=tuple(args.project),
        allow_hosts=tuple(args.allow_host) or ("localhost", "127.0.0.1"),
        rate_limits=not args.no_rate_limits,
        faults=faults,
        fault_seed=args.seed,
        quiet=args.quiet,
    )


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    try:
        serve(config)
    except (OSError, ValueError, sqlite3.Error) as error:  # sqlite3: --db is not a database or not writable
        where = f" (--db {config.db_path})" if isinstance(error, sqlite3.Error) else ""
        sys.stderr.write(f"appwrite-account emulator: {error}{where}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
