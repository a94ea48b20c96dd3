"""Logins for the providers. Secrets are written owner-only and never logged."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mailflow.errors import ConfigError


def write_secret(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with mode 0600, atomically.

    The file is created 0600 before any byte is written, so the secret is
    never readable by others, even for a moment.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def password_from_command(command: str, setting: str) -> str:
    """Run a ``password_cmd`` and return its first output line.

    The output is never logged; a failing command is a ConfigError naming
    the setting (not the output).
    """
    try:
        done = subprocess.run(
            command, shell=True, capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{setting}: the password command took more than 60 s") from None
    if done.returncode != 0:
        raise ConfigError(
            f"{setting}: the password command exited with {done.returncode}",
            hint="run it by hand to see why",
        )
    return done.stdout.splitlines()[0] if done.stdout else ""
