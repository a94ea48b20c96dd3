"""The log file: owner-only (0600) from its first line through every rotation,
never written through a symbolic link or into a file someone else owns, and
never holding an address's secret (every URL cut to scheme and host)."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from mailflow.safefiles import file_problem, folder_problem, open_own
from mailflow.untrusted import scrub_urls


def log_problem(folder: Path) -> str | None:
    """Why the log should not be written in ``folder`` (others could plant its
    file), or None."""
    problem = folder_problem(folder)
    if problem:
        return f"{problem}; chmod o-w {folder}, or set XDG_STATE_HOME to a folder of your own"
    for name in ("mailflow.log", *(f"mailflow.log.{n}" for n in range(1, 4))):
        problem = file_problem(folder / name)
        if problem:
            return f"{problem}; move it aside if you did not put it there"
    return None


class OwnerOnlyLog(RotatingFileHandler):
    """A rotating log whose every file is opened with ``safefiles.open_own``: no
    symbolic link followed, 0600 whoever's umask, the old files made 0600 too."""

    def __init__(self, filename: Path, **kwargs):
        super().__init__(filename, delay=True, **kwargs)
        for number in range(1, self.backupCount + 1):
            _owner_only(Path(f"{self.baseFilename}.{number}"))
        self.stream = self._open()

    def _open(self):
        fd = open_own(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def _owner_only(path: Path) -> None:
    """An old rotated log made 0600 (a version before this one left them 0644)."""
    try:
        os.close(open_own(path, os.O_RDONLY))
    except OSError:
        pass


class ScrubbingFormatter(logging.Formatter):
    """Every line, the traceback included, with each URL cut to scheme and host."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_urls(super().format(record))
