"""The cached rulebook in sections: a lookup reads the head and what touches its material, the
rest loads when first read, a damaged section is made anew, and files unchanged since the last
load are not read again. Every answer equals the one from the YAML."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from mineralctl import api, cache, load_rulebook, parse_rulebook
from mineralctl.errors import RulebookError
from mineralctl.shelf import Later, Run, Shelf

PACKAGED = Path(api.packaged_path())


@pytest.fixture
def rulebook(tmp_path: Path) -> Path:
    path = tmp_path / "measures.yaml"
    shutil.copy(PACKAGED, path)
    return path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The numbers of the sections read, in order."""
    seen: list[int] = []
    read = cache._Entry.read

    def counted(self: cache._Entry, number: int) -> object:
        seen.append(number)
        return read(self, number)

    monkeypatch.setattr(cache._Entry, "read", counted)
    return seen


def _entry(folder: Path) -> Path:
    (found,) = folder.glob("rulebook-*.pickle")
    return found


def _section_bounds(entry: Path, number: int) -> tuple[int, int]:
    blob = entry.read_bytes()
    name = entry.name.removeprefix("rulebook-").removesuffix(".pickle")
    row = len(cache._header(name)) + cache._DIGEST + 8 + number * cache._ROW
    return int.from_bytes(blob[row : row + 8], "big"), int.from_bytes(blob[row + 8 : row + 16], "big")


def _same_fields(cached: object, fresh: object) -> None:
    """Every field of the rulebook and of its index equal (reading each)."""
    for name in type(fresh)._fields:  # type: ignore[attr-defined]
        if name != "_index":
            assert getattr(cached, name) == getattr(fresh, name), name
    for name in fresh._index._STATE:  # type: ignore[attr-defined]
        assert getattr(cached._index, name) == getattr(fresh._index, name), name  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- the shelf


@given(st.dictionaries(st.text(max_size=6), st.integers(), max_size=60), st.integers(1, 9), st.text(max_size=6))
def test_a_shelf_reads_as_the_dict_it_was_made_from(data: dict[str, int], per: int, other: str) -> None:
    shelf = Shelf.of(data, per)
    assert list(shelf) == list(data) and len(shelf) == len(data)
    assert dict(shelf.items()) == data and shelf == data and data == shelf
    assert (other in shelf, shelf.get(other, -1)) == (other in data, data.get(other, -1))
    for key, value in data.items():
        assert shelf[key] == value and key in shelf
    if other not in data:
        with pytest.raises(KeyError):
            shelf[other]
    assert 7 not in shelf  # a key that is not text is in no bucket
    again = pickle.loads(pickle.dumps(shelf))
    assert list(again.items()) == list(data.items())


def test_a_shelf_loads_only_the_bucket_of_the_key_asked() -> None:
    loaded: list[int] = []

    class Source:
        def later(self, number: int) -> object:
            loaded.append(number)
            return made._buckets[number].get()

    made = Shelf.of({f"key{n}": n for n in range(100)}, 10)
    lazy = Shelf(Run.at(Source(), 0, len(made._buckets)), Later(tuple(made)))
    assert lazy["key42"] == 42 and len(loaded) == 1
    assert lazy.get("key42") == 42 and len(loaded) == 1  # a bucket is read once
    assert dict(lazy) == dict(made) and sorted(loaded) == list(range(len(made._buckets)))


# --------------------------------------------------------------------------- lazy loading


def test_a_lookup_reads_the_head_and_a_few_sections(folder: Path, rulebook: Path, reads: list[int]) -> None:
    fresh = parse_rulebook(rulebook.read_bytes(), str(rulebook))
    load_rulebook(rulebook, overlays=[])
    reads.clear()
    book = load_rulebook(rulebook, overlays=[])
    day = dt.date(2026, 1, 1)
    assert book.status("graphite", day, "US") == fresh.status("graphite", day, "US")
    total = len(cache._sections(fresh))
    assert reads[0] == 0 and len(reads) == len(set(reads)) and len(reads) < total / 3
    assert book == fresh  # equality reads every field: each section loads, and only once
    assert len(reads) == len(set(reads))


def test_a_copy_with_a_field_changed_leaves_the_rest_unread(folder: Path, rulebook: Path, reads: list[int]) -> None:
    load_rulebook(rulebook, overlays=[])
    book = load_rulebook(rulebook, overlays=[])
    reads.clear()
    copy = book._replace(version="other")
    assert reads == [] and copy.version == "other" and book.version != "other"
    assert copy.measures == parse_rulebook(rulebook.read_bytes(), str(rulebook)).measures


@pytest.mark.parametrize("fixture", ["resolver.yaml", "minimal.yaml", "review.yaml", "hostile-text.yaml"])
def test_every_field_of_the_cached_form_equals_the_parsed_one(folder: Path, fixture: str) -> None:
    path = FIXTURES / fixture
    fresh = parse_rulebook(path.read_bytes(), str(path))
    load_rulebook(path, overlays=[])
    cached = load_rulebook(path, overlays=[])
    _same_fields(cached, fresh)
    assert [cached.boundaries(m) for m in fresh.materials] == [fresh.boundaries(m) for m in fresh.materials]
    start, end = fresh.first_date(), dt.date(2030, 1, 1)
    assert cached.dated(start, end) == fresh.dated(start, end)


@pytest.mark.parametrize("number", [1, -1, "middle"])
def test_a_damaged_section_is_made_anew_never_trusted(folder: Path, rulebook: Path, number: object) -> None:
    fresh = parse_rulebook(rulebook.read_bytes(), str(rulebook))
    load_rulebook(rulebook, overlays=[])
    entry = _entry(folder)
    count = len(cache._sections(fresh))
    chosen = {1: 1, -1: count - 1, "middle": count // 2}[number]  # type: ignore[index]
    offset, length = _section_bounds(entry, chosen)
    blob = bytearray(entry.read_bytes())
    blob[offset + length // 2] ^= 0x10
    entry.write_bytes(bytes(blob))
    book = load_rulebook(rulebook, overlays=[])  # the head is sound: the damage shows only when read
    _same_fields(book, fresh)
    assert _entry(folder).read_bytes() != bytes(blob)  # the entry was written again, whole


def test_a_damaged_section_with_nothing_to_rebuild_from_is_an_error(folder: Path, rulebook: Path) -> None:
    load_rulebook(rulebook, overlays=[])
    entry = _damage(folder)
    name = entry.name.removeprefix("rulebook-").removesuffix(".pickle")
    book = cache.fetch(name)
    assert book is not None
    with pytest.raises(ValueError, match="damaged"):
        book == load_rulebook(rulebook, overlays=[])  # noqa: B015 - reading every field is the point


def test_the_entry_closes_once_every_section_is_read(folder: Path, rulebook: Path) -> None:
    load_rulebook(rulebook, overlays=[])
    book = load_rulebook(rulebook, overlays=[])
    entry = book._later["_hs"]._source
    assert entry.handle >= 0
    for number in range(1, entry.count):
        assert entry.read(number) is not None
    assert entry.handle == -1 and entry.left == 0


# --------------------------------------------------------------------------- files already seen


def test_a_settled_file_is_not_read_again(
    folder: Path, rulebook: Path, monkeypatch: pytest.MonkeyPatch, reads: list[int]
) -> None:
    monkeypatch.setattr(cache, "_SETTLED", 0)  # as if the file had been written minutes ago
    first = load_rulebook(rulebook, overlays=[])
    assert len(list(folder.glob("seen-*"))) == 1

    def unread(*_: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(api, "_read", unread)
    assert load_rulebook(rulebook, overlays=[]) == first


def test_a_file_changed_just_now_is_read_and_hashed(folder: Path, rulebook: Path) -> None:
    load_rulebook(rulebook, overlays=[])
    assert list(folder.glob("seen-*")) == []  # written less than a few seconds ago: not trusted by its times


def test_an_edit_to_a_settled_file_is_seen_whatever_its_size_and_mtime(
    folder: Path, rulebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_SETTLED", 0)
    before = load_rulebook(rulebook, overlays=[])
    info = rulebook.stat()
    text = rulebook.read_text(encoding="utf-8")
    edited = text.replace(f'version: "{before.version}"', f'version: "{before.version[::-1]}"', 1)
    assert edited != text and len(edited) == len(text)
    rulebook.write_text(edited, encoding="utf-8")
    os.utime(rulebook, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same mtime: the change time moves
    assert load_rulebook(rulebook, overlays=[]).version == before.version[::-1]


def test_a_note_of_a_file_seen_in_someone_elses_folder_is_ignored(
    folder: Path, rulebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_SETTLED", 0)
    load_rulebook(rulebook, overlays=[])
    stamped = cache.stamp([(f"rulebook:{rulebook}", str(rulebook))])
    assert cache.recall(stamped) is not None
    (note,) = folder.glob("seen-*")
    note.chmod(0o622)  # writable by others
    assert cache.recall(stamped) is None
    note.chmod(0o600)
    note.write_text("not a key at all, and far too long to be one", encoding="ascii")
    assert cache.recall(stamped) is None


def _damaged_and_loaded(folder: Path, rulebook: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """The rulebook loaded from an entry whose first section after the head is damaged, the
    file known by its stat (so it is not read again until the damage is found)."""
    monkeypatch.setattr(cache, "_SETTLED", 0)
    load_rulebook(rulebook, overlays=[])
    _damage(folder)
    return load_rulebook(rulebook, overlays=[])


def _damage(folder: Path) -> Path:
    """The cache entry, with a bit of its first section after the head flipped."""
    entry = _entry(folder)
    offset, _ = _section_bounds(entry, 1)
    blob = bytearray(entry.read_bytes())
    blob[offset] ^= 0x01
    entry.write_bytes(bytes(blob))
    return entry


def test_a_changed_file_behind_a_damaged_section_is_an_error_not_a_mixed_answer(
    folder: Path, rulebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _damaged_and_loaded(folder, rulebook, monkeypatch)
    text = rulebook.read_bytes()
    monkeypatch.setattr(api, "_read", lambda *_: text.replace(b"Gallium", b"Galium", 1))
    with pytest.raises(RulebookError, match="changed while it was being read"):
        book == parse_rulebook(text, str(rulebook))  # noqa: B015


def test_a_removed_file_behind_a_damaged_section_is_an_error_not_a_traceback(
    folder: Path, rulebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _damaged_and_loaded(folder, rulebook, monkeypatch)
    text = rulebook.read_bytes()
    rulebook.unlink()
    with pytest.raises(RulebookError, match="changed while it was being read"):
        book == parse_rulebook(text, str(rulebook))  # noqa: B015
