"""What keeps one calendar from costing a run more than ``[limits]`` allows.

Anyone can put an event on a person's calendar, so a calendar may hold an event
that repeats every second, one with ten thousand attendees, or simply be huge.
Sources read it under these bounds; an event that breaks one is left out with a
warning naming it, and the rest of the calendar is used.

``Budget`` is the time a calendar may take (``parse_seconds``). Code checks it
between steps (``check``), and around work that cannot check itself, such as the
expansion of one recurrence rule, ``Budget.slice`` arms a CPU-time timer
(SIGPROF, so pytest-timeout's SIGALRM and a loaded machine's waiting are left
alone) that interrupts it; on the main thread only, elsewhere the checks alone
apply. When the whole budget is spent the source raises ``SourceError``: a
half-read calendar would make its missing interviews look cancelled.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from mailflow.errors import SourceError

#: how long the expansion of one series may take; real ones take milliseconds,
#: while a rule that can never match makes the expansion library search to year 9999
SERIES_SECONDS = 1.0


class OutOfTime(BaseException):
    """Raised inside a ``Budget.slice`` when its time is up. A BaseException, so
    the libraries' ``except Exception`` (icalendar records bad values that way)
    cannot swallow it."""


class Budget:
    """``seconds`` of wall-clock time for reading calendar ``name``."""

    def __init__(self, seconds: float, name: str, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.name = name
        self.clock = clock
        self.deadline = clock() + seconds
        self._armed = False

    def left(self) -> float:
        return self.deadline - self.clock()

    def check(self) -> None:
        """Raise ``SourceError`` when the time is spent."""
        if self.left() <= 0:
            self.fail()

    def fail(self) -> None:
        """Raise the ``SourceError`` that says the time is spent."""
        raise SourceError(
            f"calendar {self.name}: reading it took longer than {self.seconds:g} s "
            "([limits] parse_seconds); nothing from it was used in this run",
            hint="raise [limits] parse_seconds if the calendar is simply large, "
                 "or look in it for events that repeat very often",
        )

    @contextmanager
    def slice(self, seconds: float | None = None) -> Iterator[None]:
        """Run the block with at most ``seconds`` of CPU time, past which
        ``OutOfTime`` is raised inside it; without ``seconds``, with what is left
        of the budget, past which the budget's ``SourceError`` is raised instead.
        Checks the budget on the way in and out."""
        self.check()
        if self._armed or not _can_arm():
            yield  # an enclosing slice's timer, or only the checks, keep watch
            self.check()
            return
        limit = self.left() if seconds is None else min(seconds, self.left())

        def expire(*_):
            if self._armed:  # not once the block is being left
                raise OutOfTime

        previous = signal.signal(signal.SIGPROF, expire)
        old_timer = signal.setitimer(signal.ITIMER_PROF, max(limit, 0.001))
        self._armed = True
        try:
            yield
        except OutOfTime:
            if seconds is None or self.left() <= 0:
                self.fail()
            raise
        finally:
            self._armed = False
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
            if old_timer[0]:
                signal.setitimer(signal.ITIMER_PROF, *old_timer)
        self.check()


def _can_arm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def capped(items: list, limit: int) -> tuple[list, str]:
    """The first ``limit`` of an event's attendees, and a warning when there were more."""
    if len(items) <= limit:
        return items, ""
    return items[:limit], f"has {len(items)} attendees; only the first {limit} were read ([limits] attendees)"


def many_occurrences(limit: int) -> str:
    """Why a series was left out for having too many occurrences."""
    return f"repeats more than {limit} times in the window ([limits] occurrences)"


def limit_series(events: list, limit: int, source: str) -> tuple[list, list[str]]:
    """``events`` without the series (occurrences sharing a UID) that have more
    than ``limit`` occurrences, and one warning for each series left out."""
    counts: dict[str, int] = {}
    for event in events:
        if event.recurrence_id:
            counts[event.uid] = counts.get(event.uid, 0) + 1
    over = {uid for uid, count in counts.items() if count > limit}
    if not over:
        return events, []
    warnings = []
    for uid in sorted(over):
        summary = next(e.summary for e in events if e.uid == uid)
        warnings.append(f"{source}: event {summary!r} (UID {uid}) {many_occurrences(limit)}; left out")
    return [e for e in events if not (e.recurrence_id and e.uid in over)], warnings
