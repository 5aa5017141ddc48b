"""What the rulebook cache costs a lookup, and the data-only format it was weighed against.

    python benchmarks/cache.py [--repeat 300] [--compare OTHER_MINERALCTL] [--rounds 15]

In-process (milliseconds per call, median of ``--repeat`` calls): reading and hashing the
packaged rulebook (the cache key), stamping it instead (a file unchanged since it was last
read), a cache hit (open, ownership checks, digests, restricted unpickle of the head) and the
same with a lookup's sections, a plain ``pickle.loads`` of the whole rulebook, and the data-only
alternative: the same rulebook as marshal-ed tuples rebuilt into records. With ``--compare``, also times the JSON
lookup of this Python's ``mineralctl`` against another installed one (e.g. an older release),
interleaved round by round, each with a warm cache of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import importlib
import marshal
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mineralctl.model import Record
from mineralctl.rulebook import Index
from mineralctl.shelf import Later, Shelf


def per_call(function: Any, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


# A data-only codec: records as (tag, class, fields) tuples of core types, read with marshal.
def encode(value: Any) -> Any:
    kind = type(value)
    if kind in (str, int, float, bool, type(None)):
        return value
    if kind in (tuple, list, frozenset):
        return (kind.__name__, tuple(encode(v) for v in value))
    if kind is dict:
        return ("dict", tuple(encode(k) for k in value), tuple(encode(v) for v in value.values()))
    if kind is dt.date:
        return ("date", value.toordinal())
    if kind is Shelf:
        return encode(dict(value.items()))
    if kind is Later:
        return encode(value.get())
    if isinstance(value, enum.Enum):
        return ("enum", f"{kind.__module__}:{kind.__qualname__}", value.value)
    if isinstance(value, Record):
        return ("record", f"{kind.__module__}:{kind.__qualname__}", tuple(encode(v) for v in value._values()))
    if isinstance(value, Index):
        return ("state", f"{kind.__module__}:{kind.__qualname__}", encode(value.__getstate__()))
    raise TypeError(kind)


_CLASSES: dict[str, Any] = {}


def decode(value: Any) -> Any:
    if type(value) is not tuple:
        return value
    tag = value[0]
    if tag == "tuple":
        return tuple(map(decode, value[1]))
    if tag == "list":
        return list(map(decode, value[1]))
    if tag == "frozenset":
        return frozenset(map(decode, value[1]))
    if tag == "dict":
        return dict(zip(map(decode, value[1]), map(decode, value[2]), strict=True))
    if tag == "date":
        return dt.date.fromordinal(value[1])
    cls = _CLASSES.get(value[1])
    if cls is None:
        module, name = value[1].split(":")
        if not module.startswith("mineralctl."):
            raise ValueError(module)
        cls = _CLASSES[value[1]] = getattr(importlib.import_module(module), name)
    if tag == "enum":
        return cls(value[2])
    if tag == "state":
        built = object.__new__(cls)
        built.__setstate__(decode(value[2]))
        return built
    return cls(*map(decode, value[2]))


def lookups(this: str, other: str, rounds: int) -> None:
    args = ["status", "gallium", "--date", "2026-01-01", "--dest", "US", "--format", "json"]
    runs = {"python -c pass": [sys.executable, "-c", "pass"], "this": [this, *args], "other": [other, *args]}
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("MINERALCTL_RULEBOOK", None)
    envs = {name: {**env, "MINERALCTL_CACHE_DIR": tempfile.mkdtemp()} for name in runs}
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for name, command in runs.items():
        subprocess.run(command, env=envs[name], capture_output=True, check=False)  # warm each cache
    for _ in range(rounds):
        for name, command in runs.items():
            start = time.perf_counter()
            subprocess.run(command, env=envs[name], capture_output=True, check=False)
            samples[name].append(time.perf_counter() - start)
    base = statistics.median(samples["python -c pass"])
    for name in runs:
        median = statistics.median(samples[name])
        print(f"{name:>16}: {median * 1000:6.1f} ms  {median / base:4.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--compare", help="another mineralctl executable to time the JSON lookup against")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    os.environ["MINERALCTL_CACHE_DIR"] = tempfile.mkdtemp()
    from mineralctl import cache
    from mineralctl.api import load_rulebook, packaged_path

    path = packaged_path()
    data = Path(path).read_bytes()
    book = load_rulebook(path)
    label = f"rulebook:{path}"
    name = cache.key([(label, data)])
    entry = Path(cache.folder() or "") / f"rulebook-{name}.pickle"
    payload = pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL)
    tuples = marshal.dumps(encode(book))
    assert cache.fetch(name) == book and decode(marshal.loads(tuples)) == book

    print(f"rulebook {len(data):,} bytes; cache entry {entry.stat().st_size:,} bytes; marshal form {len(tuples):,}")
    hashing = per_call(lambda: cache.key([(label, Path(path).read_bytes())]), args.repeat)
    print(f"read + hash (key):        {hashing:.3f} ms")
    stamping = per_call(lambda: cache.recall(cache.stamp([(label, path)])), args.repeat)
    print(f"stamp + recall:           {stamping:.3f} ms")
    print(f"cache hit (fetch head):   {per_call(lambda: cache.fetch(name), args.repeat):.3f} ms")

    def lookup() -> None:
        found = cache.fetch(name)
        assert found is not None
        found.status("gallium", dt.date(2026, 1, 1), "US")  # type: ignore[attr-defined]

    print(f"fetch + one lookup:       {per_call(lookup, args.repeat):.3f} ms")
    print(f"plain pickle.loads:       {per_call(lambda: pickle.loads(payload), args.repeat):.3f} ms")
    print(f"marshal + rebuild:        {per_call(lambda: decode(marshal.loads(tuples)), args.repeat):.3f} ms")
    if args.compare:
        this = str(Path(sys.executable).parent / "mineralctl")
        lookups(this, args.compare, args.rounds)


if __name__ == "__main__":
    main()
