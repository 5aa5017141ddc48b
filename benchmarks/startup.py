"""Start-up and throughput benchmark, run on the machine at hand in one interleaved run.

    python benchmarks/startup.py [--rounds 15] [--rows 100000]

Times ``python -c pass``, a JSON lookup, a table lookup and a ``screen`` of a generated CSV,
interleaving the commands round by round so that machine noise hits them alike, and prints
medians and ratios against the bare Python start. Goals: JSON lookup <= 6x, table lookup
<= 9x, screen >= 50,000 rows per second. Uses the ``mineralctl`` installed beside this Python.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def shipments(path: Path, rows: int) -> None:
    materials = [
        "gallium",
        "germanium",
        "graphite",
        "antimony",
        "tungsten",
        "dysprosium",
        "LFP",
        "8112929010",
        "galium",
    ]
    places = ["US", "JP", "DE", "IN", "NO", "ZZ"]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["shipment", "material", "destination", "date"])
        for n in range(rows):
            day = f"202{4 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            writer.writerow([n, materials[n % len(materials)], places[n % len(places)], day])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "mineralctl"
    if not exe.exists():
        sys.exit("mineralctl is not installed beside this Python: pip install . first")
    env = {**os.environ, "NO_COLOR": "1", "MINERALCTL_CACHE_DIR": tempfile.mkdtemp()}
    env.pop("MINERALCTL_RULEBOOK", None)
    data = Path(tempfile.mkdtemp()) / "shipments.csv"
    shipments(data, args.rows)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "status --format json": [
            str(exe),
            "status",
            "gallium",
            "--date",
            "2026-01-01",
            "--dest",
            "US",
            "--format",
            "json",
        ],
        "status (table)": [str(exe), "status", "gallium", "--date", "2026-01-01", "--dest", "US"],
    }
    timed(commands["status --format json"], env)  # warm the rulebook cache once, as any second call would
    samples: dict[str, list[float]] = {name: [] for name in commands}
    screen_times: list[float] = []
    for _ in range(args.rounds):
        for name, command in commands.items():
            samples[name].append(timed(command, env))
    for _ in range(3):
        screen_times.append(timed([str(exe), "screen", str(data), "-o", os.devnull], env))
    base = statistics.median(samples["python -c pass"])
    print(f"{'command':<24}{'median':>10}{'ratio':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<24}{median * 1000:>8.1f}ms{median / base:>7.1f}x")
    best = min(screen_times)
    print(f"{'screen ' + str(args.rows) + ' rows':<24}{best * 1000:>8.1f}ms  {args.rows / best:,.0f} rows/s")


if __name__ == "__main__":
    main()
