"""The README's commands, pasted on a fresh machine.

A fresh machine is a stock Debian 12 or Ubuntu 24.04: Debian's own ``python3``, which is
externally managed (PEP 668: ``pip install`` outside a virtualenv is refused), an empty
``HOME``, no pyenv; and cron, which runs commands with ``HOME`` and ``PATH=/usr/bin:/bin``.
A developer's machine hides all of that, so the slow test here clones the repository into a
temporary folder and, with only ``HOME`` (empty) and ``PATH=/usr/bin:/bin`` set, so that
``python3`` is ``/usr/bin/python3``, pastes what the README tells a new user to paste:

1. the quick start, which must install mailflow and draft notes from the bundled example;
   then again (idempotent), and again from inside the activated virtualenv;
2. the test command, up to collecting the tests (what it installs is what they import);
3. the cron line, run as cron runs it, and the README's check of it.

The commands come from the README's blocks marked ``<!-- readme-test: NAME -->``, so the
README and this test cannot drift apart. The clone carries uncommitted changes too.

It needs /usr/bin/python3 with venv support, git and the package index. Without them it is
skipped, saying why, except where ``MAILFLOW_REQUIRE_FRESH_CLONE`` is set (CI, by .ci/run):
there it fails. scripts/test runs it under its first time zone only.
"""

from __future__ import annotations

import mailbox
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
SYSTEM_PYTHON = Path("/usr/bin/python3")
CRON_PATH = "/usr/bin:/bin"  # what cron gives a command, and all a fresh shell needs here
MARKED_BLOCK = re.compile(r"<!-- readme-test: ([\w-]+) -->\n```[\w-]*\n(.*?)\n```", re.S)


def readme_blocks() -> dict[str, str]:
    return dict(MARKED_BLOCK.findall(README.read_text(encoding="utf-8")))


def test_readme_marks_the_commands_a_new_user_pastes():
    blocks = readme_blocks()
    assert {"quick-start", "tests", "cron-line", "cron-check"} <= blocks.keys(), blocks.keys()
    quick_start = blocks["quick-start"]
    assert "\n" not in quick_start.strip(), "the quick start is one line to paste"
    assert "venv" in quick_start and not re.search(r"python3 -m pip install", quick_start), \
        "pip outside a virtualenv is refused by Debian's and Ubuntu's python3 (PEP 668)"
    assert blocks["tests"].strip() == "scripts/test"
    assert (REPO / ".ci" / "run").read_text().count("scripts/test") >= 1, "CI runs the README's test command"
    assert blocks["cron-line"].strip() == ".venv/bin/mailflow cron-line", \
        f"the cron block prints the crontab line of this install: {blocks['cron-line']!r}"
    assert '/bin/sh -c "$PWD/.venv/bin/mailflow run --quiet"' in blocks["cron-check"], \
        "the README checks the command its cron line runs (the slow test checks they agree)"


def _unavailable() -> str | None:
    if not SYSTEM_PYTHON.exists():
        return f"no {SYSTEM_PYTHON}, the python3 of a stock Debian or Ubuntu"
    version = subprocess.run([SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info >= (3, 11))"],
                             capture_output=True, text=True)
    if version.stdout.strip() != "True":
        return f"{SYSTEM_PYTHON} is older than the Python 3.11 mailflow needs"
    if subprocess.run([SYSTEM_PYTHON, "-m", "ensurepip", "--version"], capture_output=True).returncode:
        return (f"{SYSTEM_PYTHON} cannot make a virtualenv (no ensurepip): apt-get install python3-venv "
                "(scripts/test does it when run as root)")
    if not shutil.which("git") or not (REPO / ".git").exists():
        return "not a git checkout: the test pastes the README's commands into a fresh clone"
    return None


def _require_a_fresh_machine() -> None:
    if done := os.environ.get("MAILFLOW_FRESH_CLONE_DONE"):
        pytest.skip(f"ran {done}: installing into a fresh clone does not depend on the time zone")
    if reason := _unavailable():
        if os.environ.get("MAILFLOW_REQUIRE_FRESH_CLONE"):
            pytest.fail(f"{reason} (MAILFLOW_REQUIRE_FRESH_CLONE is set: this test must run)")
        pytest.skip(reason)


def _clone(target: Path) -> None:
    """A ``git clone`` of this checkout, plus its uncommitted changes and new files (not the
    ignored ones, such as ``.venv/`` or the example's drafts)."""
    def git(*args: str, cwd: Path = REPO, **kwargs) -> bytes:
        return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, **kwargs).stdout

    git("clone", "--quiet", "--no-hardlinks", str(REPO), str(target))
    if diff := git("diff", "HEAD", "--binary"):
        git("apply", "--whitespace=nowarn", cwd=target, input=diff)
    for name in git("ls-files", "--others", "--exclude-standard", "-z").decode().split("\0"):
        if name:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)


def _paste(command: str, cwd: Path, home: Path, **env: str) -> subprocess.CompletedProcess:
    """``command`` in a new shell with nothing but HOME and PATH (``env -i``), as pasted."""
    return subprocess.run(["/bin/sh", "-ec", command], cwd=cwd, env={"HOME": str(home), "PATH": CRON_PATH, **env},
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)


def _drafts(path: Path) -> set[str]:
    assert path.is_dir(), f"no Maildir at {path}"
    keys = {message["X-Mailflow-Key"] for message in mailbox.Maildir(path, create=False)}
    assert None not in keys, "every draft carries its X-Mailflow-Key"
    return keys


@pytest.mark.timeout(1800)
def test_readme_commands_on_a_fresh_machine(tmp_path):
    _require_a_fresh_machine()
    blocks = readme_blocks()
    clone, home = tmp_path / "mailflow", tmp_path / "home"
    home.mkdir()
    _clone(clone)

    # 1. The quick start, with Debian's externally managed python3.
    quick_start = blocks["quick-start"]
    first = _paste(quick_start, clone, home)
    assert first.returncode == 0, first.stdout
    assert "home = /usr/bin" in (clone / ".venv" / "pyvenv.cfg").read_text(), "python3 was /usr/bin/python3"
    drafted = _drafts(clone / "examples" / "drafts")
    assert drafted, f"the example run drafted nothing:\n{first.stdout}"
    assert "thank_you" in first.stdout
    again = _paste(quick_start, clone, home)
    assert again.returncode == 0, again.stdout
    inside = _paste(f". .venv/bin/activate && {quick_start}", clone, home)
    assert inside.returncode == 0, inside.stdout
    assert _drafts(clone / "examples" / "drafts") == drafted, "pasting the quick start again drafts nothing twice"

    # 2. The test command installs what the tests import (running them is the suite's own job).
    tests = _paste(f"{blocks['tests']} --collect-only", clone, home, MAILFLOW_TEST_TZS="UTC")
    assert tests.returncode == 0, tests.stdout
    assert re.search(r"^\d+ tests collected", tests.stdout, re.M), tests.stdout

    # 3. The cron line, run as cron runs it: from HOME, with only HOME, PATH and SHELL, and the
    #    default config in HOME (the example's, with its calendar beside it).
    config_dir = home / ".config" / "mailflow"
    (config_dir / "examples").mkdir(parents=True)
    shutil.copy(clone / "config.example.toml", config_dir / "config.toml")
    shutil.copy(clone / "examples" / "interviews.ics", config_dir / "examples")
    line = _paste(blocks["cron-line"], clone, home)
    assert line.returncode == 0, line.stdout
    *when, command = line.stdout.strip().split(None, 5)
    assert len(when) == 5 and command.startswith(f"{clone}/"), line.stdout
    assert command == f"{clone}/.venv/bin/mailflow run --quiet", "the line is the one the README checks"
    cron_env = {"HOME": str(home), "PATH": CRON_PATH, "SHELL": "/bin/sh"}
    bare = subprocess.run(["/bin/sh", "-c", "mailflow --version"], cwd=home, env=cron_env, capture_output=True)
    assert bare.returncode == 127, "a bare `mailflow` is not found in cron's PATH: the line must not need it"
    cron = subprocess.run(["/bin/sh", "-c", command], cwd=home, env=cron_env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    assert cron.returncode == 0, cron.stdout
    assert _drafts(config_dir / "examples" / "drafts"), f"the cron run drafted nothing:\n{cron.stdout}"
    check = _paste(blocks["cron-check"], clone, home)
    assert check.stdout.rstrip().endswith("exit 0"), check.stdout

    shutil.rmtree(tmp_path, ignore_errors=True)  # a virtualenv is ~200 MB: keep none of them
