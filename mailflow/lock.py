"""One mailflow run at a time per state database: an OS lock, freed on crash.

The holder writes its pid into the lock file; the file's modification time says
since when it holds it. This is process bookkeeping in real time, which ``--now``
does not replace (a replay of last year still waits for today's cron run). The
lock file is never written through a symbolic link, nor in a folder others can
write (``safefiles``).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from mailflow.errors import LockedError, StateError
from mailflow.safefiles import PlantedFile, check_state_place, open_own

#: a run holding the lock longer than this is reported as probably hung
STALE_AFTER = 2 * 3600


@contextmanager
def run_lock(state_path: Path, wait: float = 0) -> Iterator[None]:
    """One mailflow run at a time per state database (an OS lock: freed on crash).

    Waits up to ``wait`` seconds for another process to finish, then raises
    ``LockedError`` saying who holds the lock and since when (``LockedError.stale``
    when that is longer than ``STALE_AFTER``: a run that hangs).
    """
    lock_path = state_path.with_name(state_path.name + ".lock")
    check_state_place(lock_path, "the run lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = open_own(lock_path, os.O_RDWR | os.O_CREAT)
    except PlantedFile as exc:
        raise StateError(f"{exc.strerror}: mailflow does not write its run lock through it",
                         hint=f"move it aside (mv {lock_path} {lock_path}.suspect) if you did not put it "
                              "there, then run again") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _held(fd) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _held(fd: int) -> LockedError:
    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
    since = os.fstat(fd).st_mtime
    age = max(0.0, time.time() - since)
    when = datetime.fromtimestamp(since).strftime("%a %d %b %H:%M")
    if age > STALE_AFTER:
        error = LockedError(
            f"another mailflow run (pid {holder}) has held the lock since {when}, {age / 3600:.1f} hours: "
            "it looks hung; this one did nothing",
            hint=f"see what it does with `ps -p {holder} -o pid,etime,args`; stop it with `kill {holder}` "
                 "(nothing is lost: the next run finishes what it started)",
        )
        error.stale = True
        return error
    return LockedError(f"another mailflow run (pid {holder}, since {when}) is in progress; this one did nothing",
                       hint="wait a minute and run it again")
