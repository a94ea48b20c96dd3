"""The user's own files, opened so that nothing planted redirects a write.

The state database, its lock, the log and the caches live in folders the user
names; if others can write such a folder they can plant a file there before
mailflow creates it: a symbolic link to one of the user's files (the lock would
overwrite it with a pid), or a file of their own (a cache saying what the
calendar holds). So:

- a folder others can write (``o+w``, sticky or not) is refused for the state
  and its lock, and for the log (``folder_problem``);
- a file is opened without following a symbolic link, and must then be a
  regular file owned by the user (``open_own``); what mailflow creates is
  owner-only (0600), and an existing file of the user's is made so;
- a path given by the user may itself be a symbolic link the user made (the
  state on another disk): ``file_problem`` accepts a link owned by the user to a
  regular file of the user's, and refuses anything else.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mailflow.errors import StateError

OWNER_ONLY = 0o600


def _mine(uid: int) -> bool:
    return uid == os.geteuid()


def folder_problem(folder: Path) -> str | None:
    """Why files in ``folder`` could be planted by someone else, or None. A folder
    that does not exist yet is judged by the nearest one that does."""
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        info = folder.stat()
    except OSError:
        return None  # cannot be judged: opening the files will say what is wrong
    if info.st_mode & stat.S_IWOTH:
        sticky = " (even with the sticky bit others can create names in it)" if info.st_mode & stat.S_ISVTX else ""
        return f"{folder} can be written by other users{sticky}"
    if not _mine(info.st_uid) and info.st_uid != 0 and info.st_mode & stat.S_IWGRP:
        return f"{folder} belongs to another user and its group can write it"
    return None


def file_problem(path: Path) -> str | None:
    """Why ``path`` is not a file of the user's to write, or None (also when it
    does not exist yet). A symbolic link is accepted when the user made it and
    it leads to a regular file of theirs."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{path} cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(link.st_mode):
        if not _mine(link.st_uid):
            return f"{path} is a symbolic link someone else made"
        try:
            target = os.stat(path)
        except FileNotFoundError:
            return f"{path} is a symbolic link to a file that does not exist"
        except OSError as exc:
            return f"{path} is a symbolic link that cannot be followed ({exc.strerror})"
        info = target
    else:
        info = link
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file"
    if not _mine(info.st_uid):
        return f"{path} belongs to another user"
    return None


class PlantedFile(OSError):
    """A file that is not the user's own regular file where mailflow writes one."""


def open_own(path: Path, flags: int) -> int:
    """``os.open(path, flags)`` that never follows a symbolic link and accepts only
    a regular file owned by the user (``PlantedFile`` otherwise); a file created
    is 0600, an existing one is made so."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0), OWNER_ONLY)
    except OSError as exc:
        if _is_loop(exc):
            raise PlantedFile(exc.errno, f"{path} is a symbolic link", str(path)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise PlantedFile(0, f"{path} is not a regular file", str(path))
        if not _mine(info.st_uid):
            raise PlantedFile(0, f"{path} belongs to another user", str(path))
        if info.st_mode & 0o077:
            os.fchmod(fd, OWNER_ONLY)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_loop(exc: OSError) -> bool:
    import errno

    return exc.errno in (errno.ELOOP, errno.EMLINK)


def check_state_place(path: Path, what: str = "the state database") -> None:
    """``StateError`` when ``path`` (the state database, say) could be a planted
    file or sits in a folder others can write."""
    problem = folder_problem(path.parent)
    if problem:
        raise StateError(
            f"{problem}: {what} {path} cannot be kept safely there (anyone could plant a file "
            "that mailflow would then write through)",
            hint=f"chmod o-w {path.parent}, or point [state] path at a folder of your own",
        )
    problem = file_problem(path)
    if problem:
        raise StateError(
            f"{problem}: mailflow does not write {what} through it",
            hint=f"move it aside (mv {path} {path}.suspect) if you did not put it there, then run again",
        )
