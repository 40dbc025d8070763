"""`python -m bench`: run the five benchmarks, print one table, write docs/bench/results.json and results.png.

python -m bench                  # the full run (a few minutes); writes docs/bench/
python -m bench --smoke          # each benchmark once, tiny (seconds); writes nothing
python -m bench --only overhead  # some of them (overhead, loopback, fanout, import, emulator)
python -m bench --profile        # pyinstrument profiles of the SDK's per-call paths, printed
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path

from bench import emulator_throughput, fanout, import_time, loopback, overhead
from bench._common import Row, machine_info

DOCS = Path(__file__).resolve().parent.parent / "docs" / "bench"
BENCHES: dict[str, Callable[[bool], list[Row]]] = {
    "overhead": overhead.run,
    "loopback": loopback.run,
    "fanout": fanout.run,
    "import": import_time.run,
    "emulator": emulator_throughput.run,
}


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def table(rows: list[Row]) -> str:
    """A Markdown table: it prints readably and pastes into docs/benchmarks.md as it is."""
    lines = [
        "| benchmark | ours | baseline | ratio | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        target = ""
        if row.target is not None:
            target = f"{'≤' if row.better == 'lower' else '≥'} {row.target:g}×"
        if row.condition:
            target = f"{target}; {row.condition}" if target else row.condition
        met = {True: "met", False: "**missed**", None: ""}[row.met]
        baseline = f"{_fmt(row.baseline)} ({row.baseline_name})" if row.baseline is not None else "—"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        lines.append(f"| {row.name} | {_fmt(row.ours)} {row.unit} | {baseline} | {ratio} | {target} | {met} |")
    return "\n".join(lines)


def plot(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ratios = [r for r in rows if r.ratio is not None]
    rates = [r for r in rows if r.ratio is None]
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13, 0.5 * max(len(ratios), 4) + 1.5), gridspec_kw={"width_ratios": [3, 1]}
    )
    names = [f"{r.name} [{'lower' if r.better == 'lower' else 'higher'} is better]" for r in ratios]
    colors = ["tab:green" if r.met else "tab:red" if r.met is False else "tab:gray" for r in ratios]
    left.barh(names, [r.ratio or 0 for r in ratios], color=colors)
    for i, r in enumerate(ratios):
        if r.target is not None:
            left.plot([r.target, r.target], [i - 0.4, i + 0.4], color="black", linewidth=2)
        left.text(r.ratio or 0, i, f" {r.ratio:.2f}×", va="center", fontsize=8)
    left.set_xscale("log")
    left.axvline(1.0, color="gray", linestyle=":")
    left.invert_yaxis()
    left.set_xlabel("ours / baseline (log); black tick = target; green met, red missed")
    left.tick_params(axis="y", labelsize=8)
    right.bar([r.name.replace("emulator ", "") for r in rates], [r.ours for r in rates], color="tab:blue")
    right.set_ylabel("calls/s")
    right.set_title("emulator (loopback)", fontsize=9)
    right.tick_params(axis="x", labelsize=7, rotation=15)
    fig.suptitle("appwrite-account benchmarks (python -m bench)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def profile() -> None:
    """pyinstrument profiles of `get()` on the mock transport, sync and over loopback."""
    import httpx
    from pyinstrument import Profiler

    from appwrite_account import Account, Client
    from bench._common import JWT, PROJECT, loopback_server

    mock = httpx.Client(transport=httpx.MockTransport(overhead.handler))
    _profile(Profiler, "mock transport", Account(Client(overhead.ENDPOINT, PROJECT, jwt=JWT, http_client=mock)).get)
    with loopback_server() as server, Client(server.endpoint, PROJECT, jwt=JWT) as looped:
        _profile(Profiler, "loopback server", Account(looped).get)


def _profile(profiler_cls: type, label: str, call: Callable[[], object]) -> None:
    for _ in range(200):
        call()
    profiler = profiler_cls(interval=0.0001)
    profiler.start()
    for _ in range(3000):
        call()
    profiler.stop()
    print(f"== get() x3000, {label} ==")
    print(profiler.output_text(unicode=True, color=False))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="each benchmark once, tiny; write nothing")
    parser.add_argument("--only", action="append", choices=list(BENCHES), help="run only these (repeatable)")
    parser.add_argument("--profile", action="store_true", help="print pyinstrument profiles and exit")
    args = parser.parse_args()
    if args.profile:
        profile()
        return 0
    info = machine_info()
    print(f"machine: {info['cpu']} x{info['cpus']}, {info['platform']}, Python {info['python']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v))
    rows: list[Row] = []
    timings: dict[str, float] = {}
    for name in args.only or list(BENCHES):
        start = time.perf_counter()
        rows += BENCHES[name](args.smoke)
        timings[name] = time.perf_counter() - start
        print(f"  {name}: {timings[name]:.1f} s", flush=True)
    print()
    if args.smoke:
        print("smoke run: a few calls each, to prove the scripts work; these figures are not measurements\n")
    print(table(rows))
    for row in rows:
        if row.notes:
            print(f"- {row.name}: {row.notes}")
    if args.smoke or args.only:
        return 0  # partial or tiny figures never overwrite the published ones
    DOCS.mkdir(parents=True, exist_ok=True)
    results = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": info,
        "seconds": timings,
        "rows": [row.to_json() for row in rows],
    }
    (DOCS / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    plot(rows, DOCS / "results.png")
    print(f"\nwrote {DOCS / 'results.json'} and {DOCS / 'results.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
