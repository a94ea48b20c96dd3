"""The cron run's short way: ``mailflow run --quiet`` when nothing it reads has changed.

Most cron runs find nothing new. A run that had nothing to say (no draft, no
change, no problem, no reminder: the reports' ``quiet_ok``) and that reads only
local files leaves a *stamp* (``engine/stamp.py`` writes it): the files it read
with their size, times and inode, the state database among them, and the moment
its rules next change their mind (``rules/wake.py``: an interview ending, a
deadline, midnight in the policy zone, the far edge of the look-ahead).

The next ``mailflow run --quiet`` reads that stamp before importing anything
else. When every file is as it was, the clock is between the stamp and its
wake-up time, and the environment and the mailflow version are the same, the
run has nothing to do and would print nothing: it exits 0 at once. Anything
else, including any doubt (a stamp that is not ours, not the user's alone, or
not JSON), takes the full run, which writes a new stamp or removes it.

Only the standard library's ``os``, ``sys`` and ``json`` load before that answer
(and ``datetime`` for ``--now``), so the answer costs little more than starting
Python.
"""

from __future__ import annotations

import os
import sys

from mailflow.stampfile import unchanged


def main() -> None:
    """The ``mailflow`` command: the short way when it applies, else the full CLI."""
    if not unchanged(sys.argv[1:], os.environ):
        from mailflow.cli import main as cli

        try:
            cli()
        except SystemExit as done:
            leave(done)
            raise


def leave(done: SystemExit) -> None:
    """End the process with ``done``'s exit code once the command has finished, without
    the interpreter's teardown: freeing every module and object one by one costs a first
    run about a twentieth of its time, and nothing of it reaches a file. What the normal
    exit does for others is done first: the output flushed, the exit handlers run (the
    log file's among them). Any doubt (a code that is not a number, a thread still
    running, output that cannot be flushed) returns, and the normal exit happens."""
    import threading

    code = 0 if done.code is None else done.code
    if not isinstance(code, int) or isinstance(code, bool) or threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - the normal exit says what went wrong
        return
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
