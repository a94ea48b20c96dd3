"""Logins for the providers. Secrets are written owner-only and never logged."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mailflow.errors import AuthError, ConfigError
from mailflow.safefiles import file_problem, folder_problem, open_own


def write_secret(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with mode 0600, atomically.

    The file is created 0600 before any byte is written, so the secret is
    never readable by others, even for a moment. The temporary file has a
    name nobody can guess and is created exclusively (a file planted in its
    place is never written through); a folder others can write is refused.
    """
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    problem = folder_problem(path.parent)
    if problem:
        raise AuthError(f"{problem}: a login is not stored there (anyone could replace it)",
                        hint=f"chmod o-w {path.parent}, or point the login's path at a folder of your own")
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
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


def read_secret(path: Path) -> str:
    """A stored login's text (``FileNotFoundError`` when there is none). A login
    planted by someone else (a file or link they made, or one in a folder they
    can write) is refused with an ``AuthError``: it could sign mailflow in to
    their account and send the user's drafts there."""
    problem = folder_problem(path.parent) or file_problem(path)
    if problem:
        raise AuthError(f"{problem}: mailflow does not use a login stored there",
                        hint="move it aside if you did not put it there, then sign in again with `mailflow auth`")
    fd = open_own(path, os.O_RDONLY) if not path.is_symlink() else os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    with os.fdopen(fd, encoding="utf-8") as f:
        return f.read()


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
