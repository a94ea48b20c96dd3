"""Regular expressions compiled when first used.

Compiling the rules' expressions costs milliseconds each, and most runs use few of
them (a cron run that finds no new mail reads none of the inbox rules). A module
writes ``NAME = lazy(r"...", re.IGNORECASE)`` where it would write ``re.compile``;
the first use of ``NAME.search`` (or any attribute of a compiled pattern) compiles
it, and every later use goes straight to the compiled pattern's methods.
"""

from __future__ import annotations

import re

#: what is copied from the compiled pattern on first use
_ATTRIBUTES = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "pattern", "flags",
               "groups", "groupindex")


class lazy:  # noqa: N801 - used where ``re.compile`` would be
    """``re.compile(pattern, flags)``, done on first use (see the module docstring)."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)
        #: the expression's text, read without compiling it (to join several into one)
        self.source = pattern

    def compiled(self) -> re.Pattern:
        compiled = re.compile(*self._source)
        for name in _ATTRIBUTES:
            setattr(self, name, getattr(compiled, name))
        self.compiled = lambda: compiled
        return compiled

    def __getattr__(self, name: str):
        # only called for what is not set yet: the first use
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r}, {self._source[1]!r})"
