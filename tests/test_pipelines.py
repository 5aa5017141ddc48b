"""The pieces for users' own pipelines: shell completion, the example script, the pre-commit hook."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import yaml
from conftest import REPO, console_script, mineralctl


def test_shell_completion_completes_commands_and_options():
    run = mineralctl(env={"_MINERALCTL_COMPLETE": "complete_bash", "COMP_WORDS": "mineralctl sta", "COMP_CWORD": "1"})
    assert (run.code, run.stdout.split(), run.stderr) == (0, ["status"], "")
    words = "mineralctl status gallium --fail"
    run = mineralctl(env={"_MINERALCTL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "3"})
    assert (run.code, run.stdout.split()) == (0, ["--fail-on", "--fail-on-possible-match"])


def test_show_completion_prints_a_bash_script():
    run = mineralctl("--show-completion", "bash")
    assert run.code == 0 and "_MINERALCTL_COMPLETE" in run.stdout


def _example(path: Path, today: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(console_script()).parent}{os.pathsep}{os.environ['PATH']}",
        "MINERALCTL_TODAY": today,
    }
    script = REPO / "docs" / "examples" / "check-shipments.sh"
    return subprocess.run(["bash", str(script), str(path)], capture_output=True, text=True, env=env, timeout=60)


def test_example_script_blocks_prohibited_and_unresolved_rows(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("material,destination,date\ngallium,DE,2026-01-15\n")
    assert _example(clean, "2026-02-01").returncode == 0
    banned = tmp_path / "banned.csv"
    banned.write_text("material,destination,date\ngallium,US,2025-01-15\n")
    done = _example(banned, "2025-02-01")
    assert done.returncode == 1 and "BLOCK: prohibited" in done.stderr and "gallium,US" in done.stderr
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("material,destination,date\nunobtainium,DE,2026-01-15\n")
    done = _example(unknown, "2026-02-01")
    assert done.returncode == 1 and "could not be resolved" in done.stderr
    stale = _example(clean, "2028-01-01")
    assert stale.returncode == 5 and "stale" in stale.stderr


def test_pre_commit_hook_entry_runs(tmp_path):
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "mineralctl-screen" and hook["language"] == "python"
    command = shlex.split(hook["entry"])
    assert command[0] == "mineralctl"
    shipments = tmp_path / "shipments.csv"
    shipments.write_text("material,destination,date\ngallium,US,2025-01-15\n")
    done = subprocess.run([console_script(), *command[1:], str(shipments)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "1 prohibited" in done.stderr
    shipments.write_text("material,destination,date\ngallium,DE,2025-01-15\n")
    done = subprocess.run([console_script(), *command[1:], str(shipments)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
