"""``mineralctl --version`` names every file an answer would come from, the end-user lists
included, and writes the text of those files (versions, paths) escaped, as every other command
does: checked on the bytes written to a pipe and to a pseudo-terminal, where click would not
strip anything."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import FIXTURES, REPO, console_script, in_process

HOSTILE_OVERLAY = (FIXTURES / "hostile-overlay.yaml").read_text(encoding="utf-8")
HOSTILE_ENTITIES = str(FIXTURES / "hostile-entities.yaml")
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x85", "\u2028")


def hostile_files(tmp_path):
    """A rulebook whose version holds ESC, BEL, C1 CSI, RLO, NEL and LS, and an overlay whose
    file name holds ESC and BEL."""
    rulebook = tmp_path / "rb.yaml"
    packaged = (REPO / "data" / "measures.yaml").read_text(encoding="utf-8")
    rulebook.write_text(
        packaged.replace('version: "data-2"', 'version: "rb\\x1b[2J\\a\\x9b31m\\u202eNEL\\x85LS\\u2028end"', 1),
        encoding="utf-8",
    )
    overlay = tmp_path / "ov\x1b[2J\x07.yaml"
    overlay.write_text(HOSTILE_OVERLAY, encoding="utf-8")
    return str(rulebook), str(overlay)


def expected_lines(rulebook: str, overlay: str) -> list[str]:
    shown = overlay.replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    return [
        "packaged rulebook: version data-2, sources checked to 2026-10-08 (52 days old)",
        f"rulebook {rulebook}: version rb\\x1b[2J\\x07\\x9b31m\\u202eNEL\\x85LS\\u2028end, sources checked to "
        "2026-10-08 (52 days old)",
        f"overlay {shown}: version [red]v[/red]\\x1b[2J, sources checked to 2026-11-08 (21 days old)",
        f"entity lists {HOSTILE_ENTITIES}: version [red]ev[/red]\\x1b[2J, sources checked to 2025-06-30 (517 days old)",
    ]


def test_version_escapes_file_text_in_the_bytes_written(tmp_path):
    rulebook, overlay = hostile_files(tmp_path)
    args = ["--version", "--rulebook", rulebook, "--overlay", overlay, "--entities", HOSTILE_ENTITIES]
    env = {**os.environ, "MINERALCTL_TODAY": "2026-11-29"}
    done = subprocess.run([console_script(), *args], capture_output=True, env=env, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("utf-8")
    assert not any(c in text for c in RAW), ascii(text)
    assert text.splitlines()[1:] == expected_lines(rulebook, overlay)
    # The same through the Typer app (a later --version) and in this process.
    later = in_process("--rulebook", rulebook, "--overlay", overlay, "--entities", HOSTILE_ENTITIES, "--version",
                       env={"MINERALCTL_TODAY": "2026-11-29"})  # fmt: skip
    assert (later.code, later.stderr) == (0, "")
    assert later.stdout.splitlines()[1:] == expected_lines(rulebook, overlay)


def test_version_escapes_file_text_on_a_terminal(tmp_path):
    rulebook, overlay = hostile_files(tmp_path)
    args = ["--version", "--rulebook", rulebook, "--overlay", overlay, "--entities", HOSTILE_ENTITIES]
    env = {**os.environ, "MINERALCTL_TODAY": "2026-11-29"}
    leader, follower = pty.openpty()
    process = subprocess.Popen([console_script(), *args], stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    written = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        written += chunk
    os.close(leader)
    assert process.stderr is not None
    with process.stderr:
        assert (process.wait(timeout=60), process.stderr.read()) == (0, b"")
    text = written.decode("utf-8").replace("\r\n", "\n")
    assert not any(c in text for c in RAW), ascii(text)
    assert text.splitlines()[1:] == expected_lines(rulebook, overlay)


def test_version_names_the_entity_lists_given_or_from_the_environment():
    env = {"MINERALCTL_TODAY": "2026-11-29", "MINERALCTL_RULEBOOK": None, "MINERALCTL_OVERLAY": None}
    entities = str(FIXTURES / "entities.yaml")
    line = f"entity lists {entities}: version entities-test-1, sources checked to 2025-06-30 (517 days old)"
    for args, extra in (
        (("--version", "--entities", entities), {}),
        (("--version", f"--entities={entities}"), {}),
        (("--entities", entities, "--version"), {}),
        (("--version",), {"MINERALCTL_ENTITIES": entities}),
    ):
        run = in_process(*args, env={**env, **extra})
        assert (run.code, run.stderr) == (0, ""), args
        assert run.stdout.splitlines()[-1] == line, args
    # Without either, the packaged lists; a missing file is a rulebook error (exit 3).
    run = in_process("--version", env={**env, "MINERALCTL_ENTITIES": None})
    assert run.stdout.splitlines()[-1] == (
        "entity lists entities.yaml (packaged): version entities-1, sources checked to 2026-09-30 (60 days old)"
    )
    missing = in_process("--version", "--entities", "/nonexistent.yaml", env=env)
    assert (missing.code, missing.stdout) == (3, "")
    assert missing.stderr == "mineralctl: error: /nonexistent.yaml: entity file not found\n"
    blank = in_process("--version", "--entities", " ", env=env)
    assert (blank.code, blank.stdout, blank.stderr) == (2, "", "mineralctl: error: --entities needs a path\n")


def test_version_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "mineralctl", "--version"], capture_output=True, text=True,
                          env={**os.environ, "MINERALCTL_TODAY": "2026-10-09"}, timeout=60)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1] == "packaged rulebook: version data-2, sources checked to 2026-10-08 (1 day old)"
