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


def test_the_completion_script_for_bash_is_printed():
    # What `--show-completion` prints in bash. Asked for by name: `--show-completion` itself
    # detects the shell from the processes above it, which a test run does not control.
    run = mineralctl(env={"_MINERALCTL_COMPLETE": "source_bash"})
    assert run.code == 0 and run.stderr == ""
    assert "_mineralctl_completion()" in run.stdout and "_MINERALCTL_COMPLETE=complete_bash" in run.stdout


def _example(args: list[str], today: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(console_script()).parent}{os.pathsep}{os.environ['PATH']}",
        "MINERALCTL_TODAY": today,
    }
    script = REPO / "docs" / "examples" / "check-shipments.sh"
    return subprocess.run(["bash", str(script), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_example_script_decides_on_the_exit_code_alone(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("material,destination,date\ngallium,DE,2026-01-15\n")
    done = _example([str(clean), "--end-use", "civil"], "2026-02-01", tmp_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.endswith("OK: every row screened, none at or above prohibited (screened.csv)\n")
    assert "gallium,DE,2026-01-15,license-required" in (tmp_path / "screened.csv").read_text()
    banned = tmp_path / "banned.csv"
    banned.write_text("material,destination,date\ngallium,US,2025-01-15\n")
    done = _example([str(banned), "--end-use", "civil"], "2025-02-01", tmp_path)
    assert done.returncode == 1 and done.stderr.endswith(
        "mineralctl: screen failed (exit 1): 1 row at or above prohibited (--fail-on)\n"
        "BLOCK: shipments at or above prohibited; see the status column of screened.csv\n"
    )
    unknown = tmp_path / "unknown.csv"
    unknown.write_text('material,destination,date\n"unobtainium, grade 2",DE,2026-01-15\ngallium,US,2025-01-15\n')
    done = _example([str(unknown), "--end-use", "civil"], "2025-02-01", tmp_path)
    assert done.returncode == 4 and "BLOCK: rows that could not be screened" in done.stderr
    assert "1 row unresolved (see the error column); 1 row at or above prohibited" in done.stderr
    stale = _example([str(clean), "--end-use", "civil"], "2028-01-01", tmp_path)
    assert stale.returncode == 5 and stale.stderr.endswith(
        "BLOCK: mineralctl's packaged data is stale (named above); update mineralctl\n"
    )
    missing = _example([str(clean)], "2026-02-01", tmp_path)
    assert missing.returncode == 2 and missing.stderr.endswith("ERROR: the screen could not run (exit 2)\n")


def test_example_script_words_exit_1_and_5_by_their_cause_and_takes_the_users_fail_on(tmp_path):
    buyer = tmp_path / "buyer.csv"
    buyer.write_text("material,destination,date,end_use,buyer\ngallium,US,2026-07-01,civil,Raytheon\n")
    today = "2026-08-01"
    # A possible match alone: not "prohibited shipments" (the status is license-required).
    done = _example([str(buyer), "--fail-on-possible-match"], today, tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.endswith(
        "mineralctl: screen failed (exit 1): 1 row with a possible end-user match to review "
        "(--fail-on-possible-match)\n"
        "BLOCK: end users that resemble a listed entity; review the end_user_match column of screened.csv\n"
    )
    assert "shipments at or above" not in done.stderr
    # The user's --fail-on replaces the default (it was "given more than once", exit 2).
    for gate in (["--fail-on", "license-required"], ["--fail-on=license-required"]):
        done = _example([str(buyer), *gate], today, tmp_path)
        assert (done.returncode, done.stdout) == (1, ""), done.stderr
        assert done.stderr.endswith(
            "mineralctl: screen failed (exit 1): 1 row at or above license-required (--fail-on)\n"
            "BLOCK: shipments at or above license-required; see the status column of screened.csv\n"
        )
    done = _example([str(buyer), "--fail-on", "enhanced-review"], today, tmp_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.endswith("OK: every row screened, none at or above enhanced-review (screened.csv)\n")
    # A stale overlay is the user's own file to update, not mineralctl.
    overlay = (REPO / "docs" / "examples" / "extend-no-70.yaml").read_text(encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(overlay.replace('as_of: "2026-11-08"', 'as_of: "2026-01-01"'), encoding="utf-8")
    done = _example([str(buyer), "--overlay", str(old)], today, tmp_path)
    assert (done.returncode, done.stdout) == (5, "")
    assert f"error: the overlay ({old}) is stale: as_of 2026-01-01 is older than --max-age 180d" in done.stderr
    assert done.stderr.endswith("BLOCK: a rulebook file of your own is stale (named above); update that file\n")
    assert "update mineralctl" not in done.stderr
    done = _example([str(buyer), "--overlay", str(old)], "2026-06-30", tmp_path)  # 2026-01-01 + 180d
    assert done.returncode == 0, done.stderr


def test_ci_step_in_the_docs_fails_on_the_exit_code(tmp_path):
    text = (REPO / "docs" / "pipelines.md").read_text()
    step = yaml.safe_load(text.split("## A CI step")[1].split("```yaml")[1].split("```")[0])[0]
    (command,) = [line for line in step["run"].splitlines() if line.strip().startswith("mineralctl screen")]
    args = shlex.split(command)[1:]
    env = {**os.environ, "MINERALCTL_TODAY": "2026-02-01"}
    (tmp_path / "shipments.csv").write_text("material,destination,date,end_use\ngallium,DE,2026-01-15,civil\n")
    done = subprocess.run([console_script(), *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "screened.csv").read_text().startswith("material,destination,date,end_use,status")
    (tmp_path / "screened.csv").unlink()
    (tmp_path / "shipments.csv").write_text("material,destination,date,end_use\ngallium,US,2025-01-15,civil\n")
    done = subprocess.run([console_script(), *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 1, done.stderr


def test_pre_commit_hook_entry_runs_on_several_files(tmp_path):
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "mineralctl-screen" and hook["language"] == "python"
    command = shlex.split(hook["entry"])
    assert command[0] == "mineralctl"
    banned = tmp_path / "banned.csv"
    banned.write_text("material,destination,date,end_use\ngallium,US,2025-01-15,civil\n")
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"material":"gallium","destination":"DE","date":"2025-01-15","end_use":"civil"}\n')
    args = [console_script(), *command[1:]]
    done = subprocess.run([*args, str(clean), str(banned)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert (
        f"mineralctl: {clean}: screened 1 row" in done.stderr and f"mineralctl: {banned}: screened 1 row" in done.stderr
    )
    done = subprocess.run([*args, str(clean)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    untyped = tmp_path / "untyped.csv"
    untyped.write_text("material,destination,date\ngallium,DE,2025-01-15\n")
    done = subprocess.run([*args, str(untyped)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "give --end-use" in done.stderr
    done = subprocess.run([*args, "--end-use", "civil", str(untyped)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_example_script_takes_the_users_max_age_on_both_sides_of_it(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("material,destination,date,end_use\ngallium,DE,2026-01-15,civil\n")
    # The packaged rulebook's as_of is 2026-10-08: 30 days later it is 30 days old.
    for given in (["--max-age", "30d"], ["--max-age=30d"]):
        done = _example([str(clean), *given], "2026-11-07", tmp_path)
        assert (done.returncode, done.stdout) == (0, ""), done.stderr
        assert done.stderr.endswith("OK: every row screened, none at or above prohibited (screened.csv)\n")
        done = _example([str(clean), *given], "2026-11-08", tmp_path)
        assert (done.returncode, done.stdout) == (5, "")
        assert "is older than --max-age 30d" in done.stderr
        assert "given more than once" not in done.stderr
        assert done.stderr.endswith("BLOCK: mineralctl's packaged data is stale (named above); update mineralctl\n")
    # MAX_AGE still sets the default
    env_run = subprocess.run(
        ["bash", str(REPO / "docs" / "examples" / "check-shipments.sh"), str(clean)],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PATH": f"{Path(console_script()).parent}{os.pathsep}{os.environ['PATH']}",
            "MINERALCTL_TODAY": "2026-11-08",
            "MAX_AGE": "30d",
        },
        cwd=tmp_path,
        timeout=60,
    )
    assert (env_run.returncode, env_run.stdout) == (5, "")
    assert "is older than --max-age 30d" in env_run.stderr


def test_example_script_takes_the_users_output_and_drops_a_repeated_force(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("material,destination,date,end_use\ngallium,DE,2026-01-15,civil\n")
    for given, name in (
        (["-o", "mine.csv"], "mine.csv"),
        (["--output=own.csv"], "own.csv"),
        (["-okept.csv"], "kept.csv"),
    ):
        (tmp_path / name).write_text("old\n")  # replaced: the script always gives --force
        done = _example([str(clean), *given, "--force"], "2026-02-01", tmp_path)
        assert (done.returncode, done.stdout) == (0, ""), done.stderr
        assert done.stderr.endswith(f"OK: every row screened, none at or above prohibited ({name})\n")
        assert "gallium,DE,2026-01-15,civil,license-required" in (tmp_path / name).read_text()
    assert not (tmp_path / "screened.csv").exists()


def test_example_script_refuses_output_to_stdout_and_a_missing_value(tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("material,destination,date,end_use\ngallium,DE,2026-01-15,civil\n")
    done = _example([str(clean), "-o", "-"], "2026-02-01", tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "ERROR: -o/--output must name a file: the screened rows are kept for the audit trail\n"
    for option in ("--max-age", "-o", "--output"):
        done = _example([str(clean), option], "2026-02-01", tmp_path)
        assert (done.returncode, done.stdout) == (2, "")
        wanted = "--output" if option == "-o" else option
        assert done.stderr == f"ERROR: {wanted} needs a value\n"
    assert not (tmp_path / "screened.csv").exists()
