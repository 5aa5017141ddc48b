"""The parsed-rulebook cache: only its owner can feed it, and it can only say what the file says.

Each test gets its own cache folder. Another user is simulated by changing what
``os.geteuid`` reports, so the tests run the same as root and as anyone else.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, in_process

from mineralctl import cache, load_rulebook
from mineralctl.api import Rulebook

RESOLVER = FIXTURES / "resolver.yaml"


@pytest.fixture
def rulebook(tmp_path: Path) -> Path:
    path = tmp_path / "rb.yaml"
    shutil.copy(RESOLVER, path)
    return path


def entries(where: Path) -> list[str]:
    """The cached rulebooks and temporary files (not the notes of files already seen, nor the
    cache directory tag)."""
    if not where.exists():
        return []
    return sorted(p.name for p in where.iterdir() if not p.name.startswith("seen-") and p.name != "CACHEDIR.TAG")


def only_entry(where: Path) -> Path:
    (name,) = entries(where)
    return where / name


def with_alarm(seconds: int):  # type: ignore[no-untyped-def]
    """Fail instead of hanging when a test's call blocks (a FIFO read)."""

    def expire(*_: object) -> None:
        raise TimeoutError("blocked")

    signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)


def test_a_lookup_fills_an_owner_only_folder_and_reads_it_back(folder, rulebook):
    book = load_rulebook(rulebook)
    entry = only_entry(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert entry.name.startswith("rulebook-") and entry.name.endswith(".pickle")
    name = entry.name.removeprefix("rulebook-").removesuffix(".pickle")
    assert cache.fetch(name) == book
    assert load_rulebook(rulebook) == book and entries(folder) == [entry.name]


def test_the_key_is_the_content_not_the_size_or_modification_time(folder, rulebook):
    before = load_rulebook(rulebook)
    info = rulebook.stat()
    text = rulebook.read_text(encoding="utf-8")
    edited = text.replace(f'version: "{before.version}"', f'version: "{before.version[::-1]}"', 1)
    assert edited != text and len(edited) == len(text)
    rulebook.write_text(edited, encoding="utf-8")
    os.utime(rulebook, ns=(info.st_atime_ns, info.st_mtime_ns))  # `touch -r`: same size, same mtime
    assert rulebook.stat().st_size == info.st_size and rulebook.stat().st_mtime_ns == info.st_mtime_ns
    assert load_rulebook(rulebook).version == before.version[::-1]


def test_an_entry_in_someone_elses_folder_is_never_read(folder, rulebook, monkeypatch, tmp_path):
    load_rulebook(rulebook)
    entry = only_entry(folder)
    marker = tmp_path / "ran"
    _plant(entry, _evil(marker))
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242)  # the folder and entry now belong to someone else
    assert load_rulebook(rulebook).measures  # parsed from the YAML
    assert not marker.exists()
    assert entries(folder) == [entry.name]  # and nothing written into a folder that is not ours


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_a_planted_entry_owned_by_another_user_is_ignored_as_root(folder, rulebook, tmp_path):
    load_rulebook(rulebook)
    entry = only_entry(folder)
    marker = tmp_path / "ran"
    _plant(entry, _evil(marker))
    os.chown(entry, 4242, 4242)
    assert load_rulebook(rulebook).measures
    assert not marker.exists()
    os.chown(entry, 0, 0)
    os.chown(folder, 4242, 4242)
    assert load_rulebook(rulebook).measures
    assert not marker.exists()


@pytest.mark.parametrize("mode", [0o770, 0o702, 0o777])
def test_a_folder_others_can_write_is_skipped(folder, rulebook, mode, tmp_path):
    load_rulebook(rulebook)
    entry = only_entry(folder)
    marker = tmp_path / "ran"
    _plant(entry, _evil(marker))
    folder.chmod(mode)
    assert load_rulebook(rulebook).measures
    assert not marker.exists()
    folder.chmod(0o700)
    entry.chmod(0o660)  # an entry others can write is skipped too
    assert load_rulebook(rulebook).measures
    assert not marker.exists()


def test_a_valid_pickle_of_other_objects_is_refused_even_from_the_owner(folder, rulebook, tmp_path):
    """Defence in depth: only mineralctl's own classes and dates are built from an entry."""
    load_rulebook(rulebook)
    marker = tmp_path / "ran"
    _plant(only_entry(folder), _evil(marker))
    assert load_rulebook(rulebook).measures
    assert not marker.exists()


def test_a_flipped_bit_is_a_miss_not_a_different_answer(folder, rulebook):
    good = load_rulebook(rulebook)
    entry = only_entry(folder)
    blob = bytearray(entry.read_bytes())
    for offset in (len(blob) // 3, len(blob) // 2, len(blob) - 5):
        damaged = bytearray(blob)
        damaged[offset] ^= 0x04
        entry.write_bytes(bytes(damaged))
        assert load_rulebook(rulebook) == good
    entry.write_bytes(bytes(blob[: len(blob) // 2]))  # a partial write
    assert load_rulebook(rulebook) == good


def test_a_symlinked_temporary_name_is_never_followed(folder, rulebook, monkeypatch, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(os, "urandom", lambda n: b"\x00" * n)
    name = cache.key([(f"rulebook:{rulebook}", rulebook.read_bytes())])
    temporary = folder / f".rulebook-{name}.pickle.{os.getpid()}.{'00' * 6}.tmp"
    temporary.symlink_to(victim)
    (folder / f"rulebook-{name}.pickle").symlink_to(victim)  # and a symlink at the entry itself
    assert load_rulebook(rulebook).measures
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_fifo_at_the_entry_never_blocks_a_lookup(folder, rulebook):
    folder.mkdir(mode=0o700)
    name = cache.key([(f"rulebook:{rulebook}", rulebook.read_bytes())])
    os.mkfifo(folder / f"rulebook-{name}.pickle", 0o600)
    with_alarm(10)
    try:
        assert load_rulebook(rulebook).measures
        assert load_rulebook(rulebook).measures  # the FIFO was replaced by an entry
    finally:
        signal.alarm(0)
    assert stat.S_ISREG((folder / f"rulebook-{name}.pickle").stat().st_mode)


def test_a_fifo_or_folder_given_as_the_rulebook_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with_alarm(10)
    try:
        run = in_process("status", "gallium", "--rulebook", str(fifo))
    finally:
        signal.alarm(0)
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr == f"mineralctl: error: {fifo}: is not a file\n"
    run = in_process("status", "gallium", "--rulebook", str(tmp_path))
    assert (run.code, run.stderr) == (3, f"mineralctl: error: {tmp_path}: is not a file\n")


def test_a_folder_at_the_entry_leaves_no_temporary_files(folder, rulebook):
    folder.mkdir(mode=0o700)
    name = cache.key([(f"rulebook:{rulebook}", rulebook.read_bytes())])
    (folder / f"rulebook-{name}.pickle").mkdir()
    for _ in range(3):
        assert load_rulebook(rulebook).measures
    assert entries(folder) == [f"rulebook-{name}.pickle"]


def test_a_full_disk_leaves_no_partial_temporary_file(folder, rulebook, monkeypatch):
    real_open = open

    class Full:
        def __init__(self, handle: int, *args: object, **kwargs: object) -> None:
            self.file = real_open(handle, "wb", closefd=True)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, data: bytes) -> int:
            self.file.write(data[:100])
            self.file.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "open", Full, raising=False)
    for _ in range(2):
        assert load_rulebook(rulebook).measures
    assert entries(folder) == []


def test_only_a_few_entries_are_kept_and_stale_temporary_files_go(folder, rulebook):
    folder.mkdir(mode=0o700)
    old = time.time() - 7200
    leftover = folder / f".rulebook-{'a' * 40}.pickle.1.000000000000.tmp"
    leftover.write_bytes(b"partial")
    os.utime(leftover, (old, old))
    fresh = folder / f".rulebook-{'d' * 40}.pickle.2.000000000000.tmp"  # perhaps another run writing now
    fresh.write_bytes(b"partial")
    text = rulebook.read_text(encoding="utf-8")
    for n in range(cache._KEEP + 3):
        rulebook.write_text(text + f"\n# edit {n}\n", encoding="utf-8")
        load_rulebook(rulebook)
        time.sleep(0.01)
    kept = [n for n in entries(folder) if n.startswith("rulebook-")]
    assert len(kept) == cache._KEEP
    assert not leftover.exists() and fresh.exists()
    assert cache.fetch(cache.key([(f"rulebook:{rulebook}", rulebook.read_bytes())])) == load_rulebook(rulebook)


def test_no_cache_folder_means_no_cache(monkeypatch, rulebook, tmp_path):
    monkeypatch.setenv(cache.CACHE_ENV, "")
    assert load_rulebook(rulebook).measures
    assert cache.fetch("anything") is None


def test_an_unwritable_folder_still_answers(folder, rulebook):
    folder.mkdir(mode=0o500)
    try:
        assert load_rulebook(rulebook).measures
    finally:
        folder.chmod(0o700)


# --------------------------------------------------------------------------- helpers


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (self.marker,))


def _evil(marker: Path) -> bytes:
    return pickle.dumps(_Evil(marker))


def _plant(entry: Path, payload: bytes) -> None:
    """Replace the entry's pickle with ``payload``, with a header and digest that match."""
    name = entry.name.removeprefix("rulebook-").removesuffix(".pickle")
    entry.write_bytes(cache._blob(name, [payload]))


def test_the_planted_entry_would_run_if_it_were_unpickled(tmp_path):
    """The check above can fail: the planted pickle does run code when loaded plainly."""
    marker = tmp_path / "ran"
    pickle.loads(_evil(marker))
    assert marker.exists()
    assert isinstance(load_rulebook(RESOLVER), Rulebook)


def test_a_rulebook_over_the_size_limit_is_refused_before_it_is_read_whole(tmp_path):
    from mineralctl.rulebook import MAX_BYTES

    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk used
    run = in_process("status", "gallium", "--rulebook", str(big))
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr == (
        f"mineralctl: error: {big}: the rulebook is 10,485,761 bytes; "
        "a rulebook may be at most 10,485,760 bytes (10 MiB)\n"
    )


def test_a_planted_rulebook_without_the_gallium_measures_does_not_change_the_answer(folder, monkeypatch):
    """The reported attack: a valid cached rulebook, edited, planted where another user's lookup reads it."""
    args = ("status", "gallium", "--dest", "US", "--date", "2026-01-01", "--fail-on", "license-required", "-f", "csv")
    honest = in_process(*args)
    assert honest.code == 1 and ",license-required," in honest.stdout
    entry = only_entry(folder)
    name = entry.name.removeprefix("rulebook-").removesuffix(".pickle")
    forged = load_rulebook(FIXTURES / "minimal.yaml")  # a valid rulebook that does not control gallium
    _plant(entry, pickle.dumps(forged, protocol=pickle.HIGHEST_PROTOCOL))
    assert cache.fetch(name) == forged  # the plant is well formed: the owner's own cache would serve it
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242)  # ...but it is not this user's
    run = in_process(*args)
    assert (run.code, run.stdout) == (honest.code, honest.stdout)


# --------------------------------------------------------------------------- whose folder


def test_a_folder_holding_other_files_is_never_written_to_or_pruned(tmp_path, monkeypatch, rulebook):
    """``MINERALCTL_CACHE_DIR=$HOME`` or ``/`` by mistake: nothing of the user's is touched."""
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    for n in range(12):  # more than the cache keeps: pruning would remove some of them
        (home / f"rulebook-{n}.pickle").write_text("not a cache entry", encoding="utf-8")
    before = sorted(p.name for p in home.iterdir())
    monkeypatch.setenv(cache.CACHE_ENV, str(home))
    assert load_rulebook(rulebook).measures
    assert load_rulebook(rulebook).measures
    assert sorted(p.name for p in home.iterdir()) == before


def test_a_missing_folder_is_made_one_level_deep_and_tagged(tmp_path, monkeypatch, rulebook):
    deep = tmp_path / "no" / "such" / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(deep))
    assert load_rulebook(rulebook).measures
    assert not (tmp_path / "no").exists()  # a path of new folders is never made
    one = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(one))
    book = load_rulebook(rulebook)
    assert stat.S_IMODE(one.stat().st_mode) == 0o700
    assert (one / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55\n")
    assert len(entries(one)) == 1 and load_rulebook(rulebook) == book


@pytest.mark.parametrize("kind", ["empty", "an earlier version's"])
def test_an_empty_folder_or_one_of_mineralctls_own_entries_is_adopted(tmp_path, monkeypatch, rulebook, kind):
    where = tmp_path / "cache"
    where.mkdir(mode=0o700)
    if kind != "empty":
        (where / f"rulebook-{'0' * 40}.pickle").write_bytes(b"old")
        (where / f"seen-{'0' * 40}").write_bytes(b"old")
    monkeypatch.setenv(cache.CACHE_ENV, str(where))
    load_rulebook(rulebook)
    assert (where / "CACHEDIR.TAG").exists() and any(
        n.endswith(".pickle") and n != f"rulebook-{'0' * 40}.pickle" for n in entries(where)
    )


def test_another_tools_tagged_cache_is_not_taken_for_mineralctls(tmp_path, monkeypatch, rulebook):
    where = tmp_path / "cache"
    where.mkdir(mode=0o700)
    (where / "CACHEDIR.TAG").write_bytes(b"Signature: 8a477f597d28d172789f06886806bc55\n# pip\n")
    monkeypatch.setenv(cache.CACHE_ENV, str(where))
    assert load_rulebook(rulebook).measures
    assert sorted(p.name for p in where.iterdir()) == ["CACHEDIR.TAG"]


def test_only_names_of_mineralctls_own_forms_make_a_folder_its_own(tmp_path, monkeypatch, rulebook):
    """``rulebook-mydata.pickle`` or ``seen-list`` is someone's file: never adopted or pruned."""
    look = tmp_path / "look"
    look.mkdir(mode=0o700)
    (look / "rulebook-mydata.pickle").write_text("mine", encoding="utf-8")
    (look / "seen-list").write_text("mine", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(look))
    for n in range(10):  # more rulebooks than the cache keeps
        copy = tmp_path / f"rb{n}.yaml"
        copy.write_bytes(rulebook.read_bytes() + f"# {n}\n".encode())
        assert load_rulebook(copy).measures
    assert sorted(p.name for p in look.iterdir()) == ["rulebook-mydata.pickle", "seen-list"]


def test_the_names_mineralctl_gives_are_known_by_their_exact_form():
    key = "0123456789abcdef0123456789abcdef01234567"
    assert cache._kind(f"rulebook-{key}.pickle") == "entry" and cache._kind(f"seen-{key}") == "seen"
    assert cache._kind(f".rulebook-{key}.pickle.4242.0123456789ab.tmp") == "temporary"
    assert cache._kind(".CACHEDIR.TAG.17.0123456789ab.tmp") == "temporary" and cache._kind("CACHEDIR.TAG") == "tag"
    for other in (
        "rulebook-mydata.pickle",
        f"seen-{key}x",
        f"rulebook-{key.upper()}.pickle",
        ".notes.1.0123456789ab.tmp",
    ):
        assert cache._kind(other) is None, other
