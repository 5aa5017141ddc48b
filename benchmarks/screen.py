"""Throughput and memory of ``mineralctl screen`` on realistic shipment files.

    python benchmarks/screen.py [--rows 100000 1000000] [--rounds 3] [--formats csv jsonl]
    python benchmarks/screen.py --rows 100000 --formats csv --rulebook grown100.yaml   # see grow.py
    python benchmarks/screen.py --rows 100000 --formats csv --end-users   # with and without a buyer column

Generates files of about 10 materials (written as users write them: ids, symbols, Chinese
names, an HS code), 20 destinations, 300 dates and both end uses, so most rows are distinct
and the answer caches cannot flatter the figures. In one interleaved run it times, for each
file, a bare ``csv.reader`` -> ``csv.writer`` copy (the floor; ``json.loads`` -> ``json.dumps``
for JSON Lines) and ``mineralctl screen``, and
prints rows per second, the ratio to the floor and each command's peak resident memory (from
the child's resource usage). Goals: 100,000-row CSV >= 200,000 rows/s and <= 3x the floor;
1,000,000 rows peak memory <= 40 MB; against the rulebook copied 100 times (``grow.py``)
>= 100,000 rows/s. Uses the ``mineralctl`` installed beside this Python.

``--end-users`` also times each file with a ``buyer`` column (the same rows otherwise): 2,000
made-up company names, the names of listed entities as users write them, and near misses
(possible matches), so every row is screened against the control and watch lists too.
``--distinct-buyers`` makes that column as an ERP export often has it, nearly every buyer
distinct: 50,000 names of three words and a number (``Alloys Optics Orion 615 K.K.``), with the
same listed names and near misses.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

MATERIALS = [
    "gallium",
    "Ge",
    "antimony",
    "graphite",
    "tungsten",
    "dysprosium",
    "镓",
    "LFP",
    "indium",
    "8112.92.90.10",
]
DESTINATIONS = ["US", "DE", "JP", "KR", "IN", "NO", "GB", "FR", "NL", "IT"]
DESTINATIONS += ["CA", "MX", "BR", "AU", "SG", "VN", "TW", "USA", "Germany", "Japan"]
START = dt.date(2024, 6, 1)
DATES = [(START + dt.timedelta(days=3 * n)).isoformat() for n in range(300)]
END_USES = ["civil", "military"]
LISTED = [
    "Sierra Nevada Corp",
    "GIBBS & COX INC",
    "Skydio, Inc.",
    "SUBARU Corporation",
    "General Dynamics",
    "Sierra Nevada Corporatio",
    "Gibbs and Cocks",
    "Subaru Corp.",
]
"""Listed entities as users write them, and near misses that are only possible matches."""
WORDS = ["Nordic", "Pacific", "Atlas", "Vector", "Summit", "Delta", "Orion", "Keystone", "Harbor", "Apex"]
WORDS += ["Metals", "Alloys", "Components", "Optics", "Semiconductor", "Batteries", "Trading", "Materials"]
FORMS = ["GmbH", "Ltd.", "Inc.", "S.A.", "B.V.", "Co., Ltd.", "AB", "K.K."]
COPY_FLOOR = {
    "csv": (
        "import csv, os, sys\n"
        "with open(sys.argv[1], newline='', encoding='utf-8') as f, open(os.devnull, 'w', newline='') as o:\n"
        "    csv.writer(o, lineterminator='\\n').writerows(csv.reader(f))\n"
    ),
    "jsonl": (
        "import json, os, sys\n"
        "with open(sys.argv[1], encoding='utf-8') as f, open(os.devnull, 'w') as o:\n"
        "    for line in f:\n"
        "        o.write(json.dumps(json.loads(line), ensure_ascii=False) + '\\n')\n"
    ),
}


def buyers(seed: int = 11, distinct: bool = False) -> list[str]:
    """2,000 made-up company names (none listed) and the listed names and near misses; with
    ``distinct``, 50,000 names of three words and a number instead."""
    rng = random.Random(seed)
    if distinct:
        many = {
            f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)} {n} {rng.choice(FORMS)}"
            for n in range(50_000)
        }
        return sorted(many) + LISTED * 25
    names = {f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n} {rng.choice(FORMS)}" for n in range(2000)}
    return sorted(names) + LISTED * 25


def generate(path: Path, rows: int, kind: str, seed: int = 7, end_users: bool = False, distinct: bool = False) -> int:
    """Write ``rows`` shipments to ``path`` (csv or jsonl), with a ``buyer`` column when
    ``end_users`` (nearly every buyer distinct with ``distinct``); return how many rows are distinct."""
    rng = random.Random(seed)
    pick = rng.choice
    names = buyers(distinct=distinct) if end_users else []
    seen: set[tuple[str, ...]] = set()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        keys = ("material", "destination", "date", "end_use", *(("buyer",) if end_users else ()))
        if kind == "csv":
            writer.writerow(["shipment", *keys, "quantity_kg"])
        for n in range(rows):
            # The same draws with or without buyers, so both files hold the same shipments.
            row: tuple[str, ...] = (pick(MATERIALS), pick(DESTINATIONS), pick(DATES), pick(END_USES))
            if end_users:
                row = (*row, names[n * 7919 % len(names)])
            if len(seen) < 2_000_000:
                seen.add(row)
            quantity = 10 + n % 977
            if kind == "csv":
                writer.writerow([f"S{n:07d}", *row, quantity])
            else:
                record = {"shipment": f"S{n:07d}", **dict(zip(keys, row, strict=True)), "quantity_kg": quantity}
                handle.write(json.dumps(record))
                handle.write("\n")
    return len(seen)


class Sample(NamedTuple):
    wall: float
    """Seconds from start to exit."""
    cpu: float
    """User plus system seconds of the child: steadier than wall time on a busy machine."""
    peak_kb: int
    """The child's peak resident memory. A child starts as a copy of this process, so no figure
    is below this process's own size (about 10 MB: files are generated in another process)."""
    code: int


def measure(command: list[str]) -> Sample:
    """Wall time, CPU time, peak resident memory and exit code of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))


def copy_floor(path: Path, kind: str) -> Sample:
    """The floor: Python start-up plus a copy of the same file, csv.reader -> csv.writer (or
    json.loads -> json.dumps for JSON Lines)."""
    return measure([sys.executable, "-c", COPY_FLOOR[kind.removesuffix("+buyer")], str(path)])


def screen(path: Path, kind: str) -> Sample:
    """``mineralctl screen`` of the file to /dev/null (exit 1: the gate found prohibited rows)."""
    exe = str(Path(sys.executable).parent / "mineralctl")
    format = kind.removesuffix("+buyer")
    return measure([exe, "screen", str(path), "-f", format, "-o", os.devnull, "--fail-on", "prohibited"])


def child_environment() -> None:
    """Children run as a user's would: a warm rulebook cache and compiled bytecode."""
    os.environ.setdefault("MINERALCTL_CACHE_DIR", tempfile.mkdtemp())
    os.environ.pop("MINERALCTL_RULEBOOK", None)
    os.environ.pop("MINERALCTL_OVERLAY", None)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def bare_python() -> Sample:
    return measure([sys.executable, "-c", "pass"])


def make_files(
    folder: Path, counts: list[int], kinds: list[str], end_users: bool = False, distinct: bool = False
) -> list[tuple[int, str, Path]]:
    """Generate the files in a child process, so that this one stays small (see Sample.peak_kb).
    With ``end_users``, each file also with a buyer column (its kind marked ``+buyer``)."""
    variants = [False, True] if end_users else [False]
    files = [
        (rows, kind + ("+buyer" if eu else ""), folder / f"shipments-{rows}{'-buyer' if eu else ''}.{kind}")
        for rows in counts
        for kind in kinds
        for eu in variants
    ]
    for rows, kind, path in files:
        plain, eu = kind.removesuffix("+buyer"), kind.endswith("+buyer")
        code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import screen; "
        code += f"print(screen.generate(__import__('pathlib').Path({str(path)!r}), {rows}, {plain!r}, "
        code += f"end_users={eu}, distinct={distinct}))"
        different = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        print(f"{path.name}: {rows:,} rows, {different:,} distinct, {path.stat().st_size / 1e6:.1f} MB")
    return files


def report(samples: dict[tuple[int, str, str], list[Sample]]) -> None:
    print(f"{'run':<32} {'wall':>7} {'cpu':>7} {'rows/s wall':>12} {'rows/s cpu':>11} {'x floor':>8} {'peak MB':>8}")
    for (rows, kind, what), runs in samples.items():
        wall = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        peak = max(r.peak_kb for r in runs) / 1024
        label = what if not rows else f"{what} {kind} {rows:,}"
        rates = (f"{rows / wall:,.0f}", f"{rows / cpu:,.0f}") if rows else ("", "")
        ratio = ""
        if what == "screen":
            floor = samples[(rows, kind, "floor")]
            ratio = f"{wall / statistics.median(r.wall for r in floor):.2f}x"
            ratio += f" ({cpu / statistics.median(r.cpu for r in floor):.2f}x cpu)"
        codes = {r.code for r in runs}
        note = "" if codes <= {0, 1} else f"  exit {sorted(codes)}"
        print(f"{label:<32} {wall:>6.2f}s {cpu:>6.2f}s {rates[0]:>12} {rates[1]:>11} {ratio:>8} {peak:>8.1f}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["csv", "jsonl"], choices=["csv", "jsonl"])
    parser.add_argument("--rulebook", type=Path, help="screen against this rulebook (e.g. one from grow.py)")
    parser.add_argument("--end-users", action="store_true", help="also time each file with a buyer column")
    parser.add_argument(
        "--distinct-buyers", action="store_true", help="with --end-users: 50,000 distinct buyers, not 2,000"
    )
    args = parser.parse_args()
    if not (Path(sys.executable).parent / "mineralctl").exists():
        sys.exit("mineralctl is not installed beside this Python: pip install . first")
    child_environment()
    if args.rulebook:
        os.environ["MINERALCTL_RULEBOOK"] = str(args.rulebook.resolve())
    files = make_files(Path(tempfile.mkdtemp()), args.rows, args.formats, args.end_users, args.distinct_buyers)
    screen(files[0][2], files[0][1])  # warm the rulebook cache and bytecode, as any second call would
    samples: dict[tuple[int, str, str], list[Sample]] = {}
    for _ in range(args.rounds):
        samples.setdefault((0, "", "python -c pass"), []).append(bare_python())
        for rows, kind, path in files:
            samples.setdefault((rows, kind, "floor"), []).append(copy_floor(path, kind))
            samples.setdefault((rows, kind, "screen"), []).append(screen(path, kind))
    print(f"\nmedians of {args.rounds} interleaved rounds; peak memory is the highest")
    report(samples)


if __name__ == "__main__":
    main()
