"""Start-up and growth benchmark: every command line in one interleaved run, as ratios.

    python benchmarks/startup.py [--rounds 9] [--no-grown] [--screen]

Runs, round by round so that machine noise hits them alike, a bare ``python -c pass`` (the
floor), JSON, CSV and table lookups with a warm cache and with a cold one (a fresh cache
folder: the YAML is parsed and the cache written), ``--help``, ``timeline``, ``upcoming``,
``materials``, ``measures`` and ``show``; and the lookup, ``timeline`` and ``upcoming`` against
the rulebook copied 10 and 100 times (``benchmarks/grow.py``: each copy with its own ids and
names and its dates moved a year per copy). Prints the median wall time of each, its ratio to
the floor, its peak resident memory (one more run each, under GNU time), and the goal.

Then, in this process, what the commands compute once the rulebook is loaded (resolve, the
timeline, ``upcoming --within 1y``: median milliseconds) for 1x, 10x and 100x, and the time a
cold lookup takes to parse the YAML. ``--screen`` also runs ``benchmarks/screen.py`` on a
100,000-row CSV. Uses the ``mineralctl`` installed beside this Python; Python's bytecode
cache is left on (as after ``pip install``), so the first round compiles and is not counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from grow import grow  # noqa: E402

LOOKUP = ["status", "gallium", "--date", "2026-01-01", "--dest", "US"]
TIMELINE = ["timeline", "gallium", "--dest", "US"]
UPCOMING = ["upcoming", "--from", "2026-06-01", "--within", "1y"]

# name, arguments (after the executable), cache ("warm", "cold"), rulebook copies, goal
Run = tuple[str, list[str], str, int, str]


def runs(grown: bool) -> list[Run]:
    out: list[Run] = [
        ("status -f json", [*LOOKUP, "-f", "json"], "warm", 1, "<= 3.5x"),
        ("status -f csv", [*LOOKUP, "-f", "csv"], "warm", 1, "<= 3.5x"),
        ("status (table)", LOOKUP, "warm", 1, "<= 7.5x (6x)"),
        ("status -f json, cold cache", [*LOOKUP, "-f", "json"], "cold", 1, ""),
        ("status (table), cold cache", LOOKUP, "cold", 1, ""),
        ("--help", ["--help"], "warm", 1, "<= 8x"),
        ("timeline", TIMELINE, "warm", 1, "<= 8x"),
        ("upcoming --within 1y", UPCOMING, "warm", 1, "<= 8x"),
        ("materials", ["materials"], "warm", 1, "<= 8x"),
        ("measures", ["measures"], "warm", 1, "<= 8x"),
        ("show gallium", ["show", "gallium"], "warm", 1, "<= 8x"),
    ]
    if grown:
        for copies in (10, 100):
            goal = "<= 2x the 1x lookup" if copies == 100 else ""
            out += [
                (f"status -f json, {copies}x rulebook", [*LOOKUP, "-f", "json"], "warm", copies, goal),
                (f"timeline, {copies}x rulebook", [*TIMELINE, "-f", "json"], "warm", copies, ""),
                (f"upcoming --within 1y, {copies}x", [*UPCOMING, "-f", "json"], "warm", copies, ""),
            ]
    return out


def run_once(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run of ``command``."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} exited {done.returncode}")
    return elapsed


def peak_memory(command: list[str], env: dict[str, str]) -> float | None:
    """Peak resident memory (MB) of one run, from GNU time: a child started straight from this
    (large) process would report this process's peak, which Linux carries across exec."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not os.path.exists(gnu_time):
        return None
    done = subprocess.run(
        [gnu_time, "-f", "%M", *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    last = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
    return int(last[0]) / 1024 if last and last[0].isdigit() else None


def in_process(books: dict[int, Path]) -> None:
    """What the commands compute once the rulebook is loaded, per rulebook size."""
    from mineralctl.api import parse_rulebook

    def per_call(function: object, repeat: int = 5) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            function()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    print(f"\n{'in process, rulebook loaded':<34}{'resolve':>10}{'timeline':>10}{'upcoming 1y':>13}{'parse YAML':>12}")
    day, start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 1), dt.date(2027, 6, 1)
    for copies, path in books.items():
        data = path.read_bytes()
        began = time.perf_counter()
        book = parse_rulebook(data, str(path))
        parsed = (time.perf_counter() - began) * 1000
        status = per_call(lambda b=book: b.status("gallium", day, "US"))
        timeline = per_call(lambda b=book: b.timeline("gallium", "US"))
        upcoming = per_call(lambda b=book: b.upcoming(start, end))
        label = f"{copies}x: {len(book.measures)} measures, {len(book.materials)} materials"
        print(f"{label:<34}{status:>8.2f}ms{timeline:>8.2f}ms{upcoming:>11.1f}ms{parsed:>10.0f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--no-grown", action="store_true", help="skip the 10x and 100x rulebooks")
    parser.add_argument("--screen", action="store_true", help="also run benchmarks/screen.py if present")
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "mineralctl"
    if not exe.exists():
        sys.exit("mineralctl is not installed beside this Python: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="mineralctl-bench-"))
    warm = work / "cache"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "MINERALCTL_CACHE_DIR": str(warm)}
    for name in ("MINERALCTL_RULEBOOK", "MINERALCTL_OVERLAY", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    from mineralctl.api import packaged_path

    text = Path(packaged_path()).read_text(encoding="utf-8")
    books = {1: Path(packaged_path())}
    chosen = runs(not args.no_grown)
    for copies in sorted({r[3] for r in chosen} - {1}):
        books[copies] = work / f"rulebook-{copies}x.yaml"
        books[copies].write_text(grow(text, copies), encoding="utf-8")

    def command(run: Run) -> list[str]:
        extra = ["--rulebook", str(books[run[3]])] if run[3] != 1 else []
        return [str(exe), *run[1], *extra]

    floor = ("python -c pass", [sys.executable, "-c", "pass"])
    for run in chosen:  # compile bytecode and fill the warm cache; not counted
        run_once(command(run), env)
    peaks = {floor[0]: peak_memory(floor[1], env)}
    for run in chosen:
        cold = {**env, "MINERALCTL_CACHE_DIR": str(work / "cold-peak")}
        peaks[run[0]] = peak_memory(command(run), cold if run[2] == "cold" else env)
    samples: dict[str, list[float]] = {floor[0]: [], **{r[0]: [] for r in chosen}}
    for number in range(args.rounds):
        samples[floor[0]].append(run_once(floor[1], env))
        for run in chosen:
            run_env = env
            if run[2] == "cold":
                run_env = {**env, "MINERALCTL_CACHE_DIR": str(work / f"cold-{number}")}
            samples[run[0]].append(run_once(command(run), run_env))
    base = statistics.median(samples[floor[0]])
    goals = {r[0]: r[4] for r in chosen}
    lookup = statistics.median(samples["status -f json"])
    print(f"{args.rounds} interleaved rounds, medians; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    print(f"{'command':<34}{'median':>10}{'ratio':>8}{'peak':>9}  goal")
    for name, values in samples.items():
        median = statistics.median(values)
        peak = f"{peaks[name]:>7.1f}MB" if peaks.get(name) else f"{'?':>9}"
        note = goals.get(name, "")
        if "the 1x lookup" in note:
            note += f" (is {median / lookup:.1f}x)"
        print(f"{name:<34}{median * 1000:>8.1f}ms{median / base:>7.1f}x{peak}  {note}")
    in_process(books)
    if args.screen and (HERE / "screen.py").exists():
        print()
        quick = ["--rows", "100000", "--rounds", "3", "--formats", "csv"]
        subprocess.run([sys.executable, str(HERE / "screen.py"), *quick], check=False)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
