"""Running mailflow (or a bare parser) in a child process and measuring it: wall
time, and the peak RSS of that child alone (from ``wait4``), under a memory and
time limit. Shared by the calendar benches; asserts nothing.

The bench process itself stays small (calendars are written by children) because
Linux carries a process's peak RSS across ``exec``: a child of a big parent would
report the parent's size.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIBRARIES = ("icalendar", "recurring_ical_events", "x_wr_timezone")

#: mailflow's command line in the child; reports on stderr which calendar libraries it loaded
MAILFLOW = textwrap.dedent(f"""\
    import sys
    from mailflow.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {LIBRARIES!r} and "." not in m)
    print("LOADED", ",".join(loaded) or "-", file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 1)
""")

#: only the calendar source, as a run calls it: the config's first calendar over the run's
#: window, its cache kept in a JSON file between calls; reports the fetch time on stderr
FETCH = textwrap.dedent("""\
    import json, sys, time
    from datetime import timedelta
    from pathlib import Path
    from mailflow.clock import parse_now
    from mailflow.config import load
    from mailflow.model import SyncCache
    from mailflow.registry import open_source
    config, state = load(sys.argv[1]), Path(sys.argv[2])
    now = parse_now(sys.argv[3], config.policy.zone)
    start = now - timedelta(days=config.policy.lookback_days)
    end = now + timedelta(days=config.policy.lookahead_days)
    cache = SyncCache(data=json.loads(state.read_text())) if state.exists() else SyncCache()
    began = time.perf_counter()
    result = open_source(config.calendars[0], config.shared).fetch(start, end, cache)
    took = time.perf_counter() - began
    if cache.changed:
        state.write_text(json.dumps(cache.data))
    print(f"FETCH {took:.3f} EVENTS {len(result.events)}", file=sys.stderr)
""")

#: the naive floor: icalendar parses the whole file, recurring-ical-events expands it
NAIVE = textwrap.dedent("""\
    import sys, time
    from datetime import datetime
    started = time.perf_counter()
    import icalendar, recurring_ical_events
    data = open(sys.argv[1], "rb").read()
    parsing = time.perf_counter()
    calendar = icalendar.Calendar.from_ical(data)
    expanding = time.perf_counter()
    found = recurring_ical_events.of(calendar).between(datetime.fromisoformat(sys.argv[2]),
                                                       datetime.fromisoformat(sys.argv[3]))
    done = time.perf_counter()
    print(f"PARSE {expanding - parsing:.3f} EXPAND {done - expanding:.3f} IMPORT {parsing - started:.3f} "
          f"FOUND {len(found)}", file=sys.stderr)
""")


@dataclass
class Outcome:
    exit: int | None  # None: killed at the time limit
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    #: user + system CPU seconds of the child
    cpu: float = 0.0

    def field(self, name: str) -> str:
        """The value after ``NAME`` on the child's stderr report line."""
        for line in self.stderr.splitlines():
            words = line.split()
            if name in words[:-1]:
                return words[words.index(name) + 1]
        return ""


def run(code: str, *args: str, cwd: Path, env: dict | None = None, memory_mb: int = 2048,
        timeout: float = 120) -> Outcome:
    """``python -c code args`` under ``RLIMIT_AS`` = ``memory_mb`` and a wall-clock ``timeout``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
    # mailflow runs from its compiled bytecode, as installed: a shell that asks Python not
    # to write it would make every child compile every module again
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.update(env or {})
    environment["PYTHONPATH"] = str(REPO)
    limit = memory_mb * 1024 * 1024

    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen([PYTHON, "-c", code, *args], cwd=cwd, env=environment, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL, preexec_fn=limits)
        killer = threading.Timer(timeout, lambda: os.kill(child.pid, signal.SIGKILL))
        killer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        timed_out = not killer.is_alive()
        killer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(None if timed_out else child.returncode, seconds, usage.ru_maxrss / 1024,
                       out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                       usage.ru_utime + usage.ru_stime)


def write_home(root: Path, calendar: str = "calendar.ics", extra: str = "") -> Path:
    """A config in ``root`` reading ``calendar`` into a Maildir; returns its path."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / "config.toml"
    config.write_text(textwrap.dedent(f"""\
        [profile]
        name = "Me"
        email = "me@bench.example"

        [[calendars]]
        type = "ics"
        path = "{calendar}"

        [mail]
        backend = "maildir"
        [mail.maildir]
        path = "drafts"

        [state]
        path = "state.db"

        [policy]
        timezone = "America/New_York"
        """) + extra)
    return config


def xdg(root: Path) -> dict[str, str]:
    return {name: str(root / "xdg" / name.lower())
            for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]
