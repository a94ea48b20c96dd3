"""Names people type -> the one thing they mean. Pure: no I/O.

A user names a company as they say it ("kestrel" for Kestrel Robotics, "northwind",
"ACME"), an interview by its short id or the start of it, and an interviewer by name,
first name or address, typos included. ``choose`` finds the one candidate a query
means, in this order, stopping at the first step that finds any:

1. the whole name (or id, or address), ignoring case, accents and punctuation;
2. a word of the name, or the start of the name or of one of its words
   ("kestrel", "north", "bright");
3. nothing found: the names close to the query (``difflib``) are offered as
   "did you mean", never taken.

One candidate found is the answer; several are ``Ambiguous``; none is ``Unknown``,
carrying the close names. Both list every candidate so the message can say what
there is to type.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

#: how close (difflib's ratio, 0..1) a typed name must be to be offered as "did you mean"
CLOSE = 0.75


def fold(text: str) -> str:
    """``text`` as compared: lower case, accents off, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w@.+-]+|(?<!\w)[.+-]|[.+-](?!\w)", " ", plain).split())


@dataclass
class Found(Generic[T]):
    """What ``choose`` made of a query: ``value`` when exactly one candidate is meant,
    else the ``matches`` (several: ambiguous) or the ``close`` names (none matched)."""

    value: T | None = None
    #: the names that matched, when more than one did
    matches: list[str] = field(default_factory=list)
    #: names close to the query when none matched ("did you mean")
    close: list[str] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return len(self.matches) > 1


def choose(query: str, candidates: Iterable[T], names: Callable[[T], Sequence[str]],
           label: Callable[[T], str] | None = None, *, words: bool = True) -> Found[T]:
    """The candidate ``query`` means. ``names(c)`` are what a candidate may be called
    (its name first; then an id, an address, aliases); ``label(c)`` is how it is listed
    (default: its first name). With ``words`` False only whole names match before the
    close ones are offered (for addresses and ids)."""
    label = label or (lambda c: names(c)[0])
    wanted = fold(query)
    pool = list(candidates)
    if not wanted:
        return Found()
    steps: list[Callable[[str], bool]] = [lambda n: n == wanted]
    if words:
        steps.append(lambda n: n.startswith(wanted) or any(w.startswith(wanted) for w in n.split()))
    for matches in steps:
        found = _unique([c for c in pool if any(matches(fold(n)) for n in names(c) if n)], label)
        if len(found) == 1:
            return Found(value=found[0])
        if found:
            return Found(matches=[label(c) for c in found])
    return Found(close=close_names(wanted, pool, names, label))


def close_names(wanted: str, pool: list[T], names: Callable[[T], Sequence[str]],
                label: Callable[[T], str]) -> list[str]:
    """The labels of the candidates closest to ``wanted`` (a folded query), when close
    enough: a name compared whole and word by word, an address by the part before the
    @ when the domains agree. The closest first; those clearly behind the best are left out."""
    scored: dict[str, float] = {}
    for c in pool:
        best = max((_closeness(wanted, fold(n)) for n in names(c) if n), default=0.0)
        if best >= CLOSE:
            scored[label(c)] = max(best, scored.get(label(c), 0.0))
    top = max(scored.values(), default=0.0)
    return sorted((k for k, v in scored.items() if v >= top - 0.05), key=lambda k: -scored[k])


def _closeness(wanted: str, name: str) -> float:
    def ratio(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a, b).ratio()

    if "@" in wanted and "@" in name:
        (mine, my_domain), (theirs, their_domain) = wanted.rsplit("@", 1), name.rsplit("@", 1)
        return ratio(mine, theirs) if my_domain == their_domain else ratio(wanted, name)
    if "@" in name:
        name = name.split("@")[0]
    return max(ratio(wanted, piece) for piece in {name, *name.split()})


def _unique(found: list[T], label: Callable[[T], str]) -> list[T]:
    """``found`` with one candidate per label, the first of each."""
    seen: dict[str, T] = {}
    for c in found:
        seen.setdefault(label(c), c)
    return list(seen.values())
