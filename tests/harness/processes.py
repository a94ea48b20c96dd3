"""`mailflow` in a child process under limits: ``Child`` runs ``mailflow ARGS`` (the console
script's ``main``) under ``RLIMIT_AS``/``RLIMIT_CPU`` and a wall-clock limit, in its own
process group so it can be killed at any moment; ``wait`` returns an ``Outcome`` (exit code,
output, time, peak RSS of that process from ``wait4``, traceback). ``Home.start`` and
``Home.process`` make one in a home."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: Runs in the child: limits, then mailflow in a grandchild that it reaps with wait4.
#: The extra fork is for the memory figure: Linux carries a process's peak RSS across
#: exec, so a child forked from a big harness would report the harness's size; a
#: grandchild forked from this small process reports its own (plus ~10 MB of Python).
_BOOT = """\
import os, resource, signal, sys
report, mem, cpu, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
os.nice(10)
pid = os.fork()
if pid == 0:
    sys.argv = ["mailflow", *sys.argv[5:]]
    from mailflow.quick import main
    main()
    sys.exit(0)
expired = []
def expire(*_):
    expired.append(1)
    os.kill(pid, signal.SIGKILL)
signal.signal(signal.SIGALRM, expire)
signal.setitimer(signal.ITIMER_REAL, limit)
_, status, usage = os.wait4(pid, 0)
signal.setitimer(signal.ITIMER_REAL, 0)
with open(report, "w") as f:
    f.write(f"{usage.ru_maxrss} {len(expired)}")
code = os.waitstatus_to_exitcode(status)
if code < 0:  # end the same way
    if -code != signal.SIGKILL:
        signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
os._exit(code)
"""
_FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+), in (\S+)', re.MULTILINE)


@dataclass
class Outcome:
    args: list[str]
    exit: int | None  # None: killed by the harness (time limit or on purpose)
    stdout: bytes
    stderr: bytes
    seconds: float
    max_rss_mb: float
    timed_out: bool = False
    killed: bool = False
    signal: int | None = None

    @property
    def traceback(self) -> str | None:
        text = (self.stderr + self.stdout).decode("utf-8", "replace")
        index = text.find("Traceback (most recent call last)")
        return text[index:] if index >= 0 else None

    def crash(self) -> tuple[str, str, str] | None:
        """(exception type, innermost mailflow frame, innermost frame) of a traceback."""
        tb = self.traceback
        if tb is None:
            return None
        last = [line for line in tb.strip().splitlines() if line and not line.startswith(" ")]
        exc = last[-1].split(":", 1)[0] if last else "?"
        frames = _FRAME.findall(tb)

        def where(frame):
            path, line, func = frame
            short = path.split("site-packages/")[-1]
            short = short[short.rfind("mailflow/"):] if "mailflow/" in short else short
            return f"{short}:{line} in {func}"
        ours = [f for f in frames if "/mailflow/" in f[0] and "site-packages" not in f[0]]
        return exc, where(ours[-1]) if ours else "-", where(frames[-1]) if frames else "-"

    def json(self):
        import json
        try:
            return json.loads(self.stdout.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None


class Child:
    """A running mailflow (in its own process group); ``wait`` returns its ``Outcome``."""

    def __init__(self, args: list[str], *, cwd: Path, env: dict, memory_mb: int, timeout: float):
        self.args = args
        self.timeout = timeout
        # files, not pipes: nothing reads while the child runs; wait() reads and closes them
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        handle, self._report = tempfile.mkstemp(prefix="mailflow-rss-")
        os.close(handle)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, self._report, str(memory_mb * 1024 * 1024), str(int(timeout) + 1),
             str(timeout), *args],
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err, start_new_session=True,
        )

    def done(self) -> bool:
        return self.process.poll() is not None

    def kill(self) -> None:
        """SIGKILL mailflow (and the small process watching it)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self, timeout: float | None = None, *, killed: bool = False) -> Outcome:
        try:  # the child enforces the limit itself; this is the backstop
            self.process.wait(timeout if timeout is not None else self.timeout + 15)
        except subprocess.TimeoutExpired:
            self.kill()
            self.process.wait()
        seconds = time.monotonic() - self.started
        code = self.process.returncode
        try:
            rss_kb, expired = (int(x) for x in Path(self._report).read_text().split())
        except (OSError, ValueError):  # killed before it could say
            rss_kb, expired = 0, 0
        Path(self._report).unlink(missing_ok=True)
        self._out.seek(0)
        self._err.seek(0)
        outcome = Outcome(
            args=self.args, exit=code if code >= 0 else None, stdout=self._out.read(), stderr=self._err.read(),
            seconds=seconds, max_rss_mb=rss_kb / 1024, timed_out=bool(expired), killed=killed or bool(expired),
            signal=-code if code < 0 else None,
        )
        self._out.close()
        self._err.close()
        return outcome
