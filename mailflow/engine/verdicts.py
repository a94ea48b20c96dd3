"""The verdict on each calendar event, kept between runs by the event's digest.

Checking an event (``calendars.base.checked``) and detecting an interview in it
(``rules.detect``) are pure: the same event under the same configuration gets
the same verdict. A run that finds the same events as the run before (most cron
runs: the calendar cache answers) reuses those verdicts instead of working them
out again, so such a run costs what its new events cost.

What is kept (the store's sync-state entry ``engine:verdicts``), by a digest of
the event as its source gave it:

- only events that ``checked`` leaves as they are, with no warning (any other is
  checked and detected on every run, as before);
- the reasons and warnings of the detection, and the interview's own fields (those
  copied from the event are taken from it again);
- only the events of the last run: the entry follows the calendar's window.

The whole entry is forgotten when the configuration, mailflow's version or the
code that decides changes (``_salt``). A verdict is kept only when what would be
read back equals what was worked out.

Within one run, the occurrences of a meeting series share one verdict: an event found
no interview whose title names no invited company gives its verdict to every later
event of the same shape (``_shape``: every field but the dates), which is therefore not
detected again. The companies of the interviews found during the run change only the
verdict on an event whose title names one of them (a further stage), so such an event
is always detected; an interview is always detected too (its own fields).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from datetime import timezone

from mailflow import __version__
from mailflow.calendars.base import checked
from mailflow.config import Config
from mailflow.engine.kept import files_stamp
from mailflow.model import Detection, Event, Interview, Interviewer, NameSource, SyncCache, event_digest, short_id

#: the sync-state entry
ENTRY = "engine:verdicts"
#: bump when what is kept, or how a verdict is reached, changes
VERSION = 1
#: the interview's fields taken from the event again
_FROM_EVENT = ("id", "event_key", "title", "start", "end", "source", "video_url", "interviewers")


def _salt(config: Config) -> str:
    """What every verdict depends on besides the event: the configuration, the
    version, and the files of the code that checks and detects."""
    from mailflow.calendars import base
    from mailflow.rules import detect, names
    from mailflow import model, untrusted

    # what ``rules.detect.Detector`` reads of the configuration
    parts = [str(VERSION), __version__, repr((sorted(config.my_addresses), config.profile, config.detect,
                                              config.companies))]
    parts += files_stamp(module.__file__ for module in (base, detect, names, model, untrusted))
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _digest(event: Event) -> str:
    return event_digest(event)


class Verdicts:
    """The kept verdicts of one run: ``checked`` per event as its source gives it,
    then ``detect`` over the checked events; ``cache`` holds what the next run reuses."""

    def __init__(self, cache: SyncCache, config: Config, pipeline: Iterable[str] | Mapping[str, str] = ()):
        self.cache = cache
        self.config = config
        #: the mail domains of the user's applications (``rules.detect.Detector``)
        #: (with their roles, when a mapping: a later stage whose invite names none has the application's)
        self.pipeline = pipeline if isinstance(pipeline, Mapping) else {d: "" for d in pipeline}
        self.salt = _salt(config)
        data = cache.data if cache.data.get("salt") == self.salt else {}
        known = data.get("verdicts")
        self.known: dict[str, list] = known if isinstance(known, dict) else {}
        self.kept: dict[str, list] = {}
        #: event key -> digest, for events ``checked`` left as they were
        self._clean: dict[str, str] = {}

    def checked(self, event: Event, digest: str | None = None) -> tuple[Event, list[str]]:
        """``calendars.base.checked(event)``, remembering whether it changed anything.
        ``digest``: the event's ``model.event_digest`` when its source kept it."""
        if not isinstance(digest, str) or not digest:
            digest = _digest(event)
        if digest in self.known:
            self._clean[event.key] = digest
            return event, []
        good, warnings = checked(event)
        if not warnings and good == event:
            self._clean[event.key] = digest
        return good, warnings

    def detect(self, events: Iterable[Event]) -> list[Detection]:
        """``rules.detect.detect(events, config)``, reusing kept verdicts."""
        from mailflow.rules.detect import Detector

        detector = None
        found = []
        # the companies the user is in a process with: an invite of their people that names
        # one is a further stage (``Detector``), so it depends on more than the event
        domains = {d.lower() for d in self.pipeline if d}
        kept_interviews: list[Interview] = []
        # the verdict on a meeting whose title names none of the companies invited, by its shape
        # (``_shape``): the other occurrences of a series get it without being detected again.
        # Only such a meeting: what the detector learns during the run (the companies of the
        # interviews found) changes only the verdict on an event whose title names a company
        # whose people are invited (a further stage, ``Detector.stage_domain``)
        repeats: dict[tuple, tuple] = {}
        for event in sorted(events, key=_order):
            digest = self._clean.get(event.key)
            kept = self.known.get(digest) if digest else None
            # a meeting kept as no interview whose title names a company the user now has an
            # application with is worked out again
            if kept is not None and not (len(kept) > 3 and _in(kept[3], domains)):
                try:
                    detection = _read(event, kept)
                except Exception:  # noqa: BLE001 - a damaged entry: worked out again below
                    pass
                else:
                    found.append(detection)
                    self.kept[digest] = kept
                    if detection.interview is not None and detection.interview.domain:
                        domains.add(detection.interview.domain.lower())
                        kept_interviews.append(detection.interview)
                        if detector is not None:
                            detector.known(detection.interview)
                    continue
            if detector is None:
                detector = Detector(self.config, self.pipeline)
                for interview in kept_interviews:  # those kept before it was made
                    detector.known(interview)
            shape = _shape(event)
            try:
                again = repeats.get(shape)
            except TypeError:  # a field a source gave as a list: no sharing for it
                shape, again = None, None
            if again is not None:  # another occurrence of a meeting already worked out
                reasons, warnings, data = again
                found.append(Detection(event, None, reasons, warnings))
                if digest and data is not None and event.key not in detector.inherited:
                    self.kept[digest] = list(data)
                continue
            detection = detector.detect(event)
            found.append(detection)
            if detection.interview is None:
                stage = detector.stage_domain(event)
                data = _data(detection)
                if data is not None and stage:
                    data.append(stage)
                if data is not None and _read(event, data) != detection:
                    data = None
                if not stage and shape is not None:
                    repeats[shape] = (detection.reasons, detection.warnings, data)
                if digest and data is not None and event.key not in detector.inherited:
                    self.kept[digest] = list(data)
                continue
            if detection.interview.domain:
                domains.add(detection.interview.domain.lower())
            # a further stage is never kept: it depends on the applications, not on the event alone
            # nor is one whose role came from an application: it depends on that application's role
            if digest and not _by_stage(detection) and event.key not in detector.inherited:
                data = _data(detection)
                if data is not None and _read(event, data) == detection:
                    self.kept[digest] = data
        if self.kept != self.known or self.cache.data.get("salt") != self.salt:
            self.cache.data = {"salt": self.salt, "verdicts": self.kept}
            self.cache.changed = True
        return found


#: what a meeting's verdict may read of its times: its length, and the time of day, weekday and
#: offset it starts at (occurrences of one series share them; their dates differ)
_TIMES = ("start", "end", "recurrence_id")
_FIELDS = tuple(f.name for f in dataclasses.fields(Event) if f.name not in _TIMES)


def _shape(event: Event) -> tuple:
    """``event`` without its dates: every field but its times, and of those only what a
    series' occurrences share."""
    start = event.start
    return (*(getattr(event, name) for name in _FIELDS), event.end - start, start.time(), start.weekday(),
            start.utcoffset())


def _in(domain: object, domains: set[str]) -> bool:
    return isinstance(domain, str) and bool(domain) and (
        domain in domains or any(domain.endswith("." + d) for d in domains))


def _by_stage(detection: Detection) -> bool:
    return any("already have an application" in r for r in detection.reasons)


def _order(event: Event) -> tuple:
    """(start, uid), the start in UTC: the same order as comparing the starts themselves,
    without comparing times of two different zone objects (each from the cache has its
    own), which costs Python an offset lookup on both sides of every comparison."""
    start = event.start
    return (start if start.tzinfo is None else start.astimezone(timezone.utc), event.uid)


def _data(d: Detection) -> list | None:
    """The detection as JSON data, or None when it holds what this form cannot."""
    interview = None
    if d.interview is not None:
        interview = {}
        for name, value in vars(d.interview).items():
            if name in _FROM_EVENT:
                continue
            if value is not None and not isinstance(value, (str, bool, int)):
                return None
            interview[name] = value
        interview["interviewers"] = [[p.email, p.name, str(p.named_from)] for p in d.interview.interviewers]
    return [list(d.reasons), list(d.warnings), interview]


def _read(event: Event, data: list) -> Detection:
    reasons, warnings, fields = data[:3]  # a fourth: the domain that would make the event a stage
    interview = None
    if fields is not None:
        fields = dict(fields)
        people = tuple(Interviewer(email, name, NameSource(source)) for email, name, source in fields.pop("interviewers"))
        interview = Interview(id=short_id(event.key), event_key=event.key, title=event.summary, start=event.start,
                              end=event.end, source=event.source, video_url=event.video_url, interviewers=people,
                              **fields)
    return Detection(event, interview, tuple(reasons), tuple(warnings))
