"""The ``mailflow`` command ends without the interpreter's teardown once its command has
finished (``quick.leave``): the same exit code, all its output and the exit handlers' work
(the log file is closed by one), and none of the freeing of every object; any doubt leaves
it to the normal exit."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: a command's last moments: output left in the buffers, an exit handler that writes a file,
#: an object whose finaliser writes another when the interpreter frees it at teardown
_PROGRAM = textwrap.dedent("""\
    import atexit, sys, threading, time
    from pathlib import Path
    from mailflow.quick import leave

    here = Path(sys.argv[1])
    class Freed:
        def __del__(self):
            (here / "freed").write_text("yes")
    kept = Freed()
    atexit.register(lambda: (here / "handler").write_text("ran"))
    sys.stdout.write("the report, unflushed")
    sys.stderr.write("a warning, unflushed")
    code = eval(sys.argv[2])
    if sys.argv[3] == "thread":
        threading.Thread(target=time.sleep, args=(0.3,)).start()
    done = SystemExit(code)
    leave(done)
    raise done
""")


def _end(tmp_path: Path, code: str, thread: bool = False) -> subprocess.CompletedProcess:
    repo = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-c", _PROGRAM, str(tmp_path), code, "thread" if thread else "-"],
                          capture_output=True, text=True, cwd=repo, timeout=60,
                          env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("code, expected", [("0", 0), ("None", 0), ("3", 3)])
def test_a_finished_command_ends_with_its_code_its_output_and_its_exit_handlers_but_no_teardown(tmp_path, code,
                                                                                               expected):
    ended = _end(tmp_path, code)
    assert ended.returncode == expected
    assert ended.stdout == "the report, unflushed" and ended.stderr == "a warning, unflushed"
    assert (tmp_path / "handler").read_text() == "ran"
    assert not (tmp_path / "freed").exists()  # the teardown that frees every object did not happen


def test_a_code_that_is_not_a_number_or_a_thread_still_running_gets_the_normal_exit(tmp_path):
    said = _end(tmp_path, "'a message'")
    assert said.returncode == 1 and said.stderr.endswith("a message\n") and said.stdout == "the report, unflushed"
    assert (tmp_path / "handler").read_text() == "ran" and (tmp_path / "freed").read_text() == "yes"
    (tmp_path / "handler").unlink()
    (tmp_path / "freed").unlink()
    waited = _end(tmp_path, "0", thread=True)
    assert waited.returncode == 0 and waited.stdout == "the report, unflushed"
    assert (tmp_path / "handler").read_text() == "ran" and (tmp_path / "freed").read_text() == "yes"
