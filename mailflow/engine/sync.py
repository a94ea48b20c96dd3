"""Calendars -> checked events -> detection -> the store.

``sync`` reads every configured source over a window, checks each event where it
enters (``calendars.base.checked``), detects the interviews (``rules.detect``) and
records them: new, moved, cancelled, gone from the calendar, or no longer an
interview. A source that fails is reported and skipped; the others go on. An
interview that vanished is cancelled only when its source answered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from mailflow import registry
from mailflow.calendars.base import CalendarSource, checked
from mailflow.errors import MailflowError
from mailflow.model import (
    ApplicationStatus,
    Change,
    Detection,
    Event,
    SyncCache,
    Update,
    UpdateOf,
)
from mailflow.engine.verdicts import ENTRY, Verdicts
from mailflow.reports import Problem, Report, SourceReport

if TYPE_CHECKING:
    from mailflow.engine.session import Session

log = logging.getLogger("mailflow")


@dataclass
class Synced:
    """What one sync found: the window, every verdict, each source's report and the
    names of those that answered, what it changed in the store, and the interviews
    it could not take (no company). Problems and warnings go to the caller's report."""

    start: datetime
    end: datetime
    detections: list[Detection] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    #: the interviews as a run shows them (``shown``), when ``sync`` was asked for them
    shown: list[dict] | None = None
    #: each calendar's source and kept cache (by its index), built and read once for the sync
    built: dict[int, CalendarSource] = field(default_factory=dict)
    caches: dict[int, SyncCache] = field(default_factory=dict)


#: the sync-state entry that keeps what the last sync of the run's window showed
KEPT = "engine:kept-sync"


def sync(session: Session, report: Report, *, start: datetime | None = None, end: datetime | None = None,
         record: bool = True, reuse: bool = False) -> Synced:
    """Read the calendars over ``[start, end)`` (default: the run's window), detect
    the interviews and, with ``record``, save them. The sources' caches are the
    run's own only on the run's window: a window of the caller's own is read with
    fresh caches and saves none, so it does not evict the run's.

    With ``reuse`` (a run) the result gives the interviews as the run shows them
    (``Synced.shown``), and a sync whose every input is as it was when the last one
    changed nothing is not done again: every source's answer over the window
    (``CalendarSource.answer_key``), the interviews the store holds from it in the
    window, the store's rows (``Store.rows_version``), the configuration and the code
    (``engine.kept``). Its sources, warnings, skipped events and shown interviews are
    taken from the sync-state entry ``KEPT``; detections are then not given."""
    window = session.window()
    own_window = start is None and end is None
    synced = Synced(start or window[0], end or window[1])
    keep = own_window and record
    reuse = reuse and keep
    if reuse:
        kept_sync = session.store.sync_cache(KEPT)
        key = _inputs(session, synced)
        if key is not None and kept_sync.data.get("inputs") == key and _restore(kept_sync.data, synced, report):
            return synced
        problems, warnings = len(report.problems), len(report.warnings)
    # the verdicts of the last run are reused; only the run's own window keeps them for the next
    verdicts = Verdicts(session.store.sync_cache(ENTRY) if keep else SyncCache(), session.config,
                        _pipeline(session))
    events = fetch(session, report, synced, keep_cache=keep, verdicts=verdicts)
    synced.detections = verdicts.detect(events)
    if keep and verdicts.cache.changed:
        session.store.save_sync_cache(ENTRY, verdicts.cache, session.now)
    if record:
        with session.store.recording():
            _record(session, synced, report)
    if reuse:
        synced.shown = shown(session, synced)
        if session.dry_run:
            return synced
        key = None
        if len(report.problems) == problems and not synced.updates and \
                len(synced.answered) == len(session.config.calendars) and not session.store.unreadable:
            key = _inputs(session, synced)
        if key is None:
            if kept_sync.data:
                kept_sync.clear()
                session.store.save_sync_cache(KEPT, kept_sync, session.now)
            return synced
        data = {"inputs": key, "sources": [dataclasses.asdict(s) for s in synced.sources],
                "warnings": report.warnings[warnings:], "skipped": synced.skipped, "shown": synced.shown}
        if data != kept_sync.data:
            kept_sync.data, kept_sync.changed = data, True
            session.store.save_sync_cache(KEPT, kept_sync, session.now)
    return synced


def _pipeline(session: Session) -> dict[str, str]:
    """The mail domains of the applications the user is in a process with, and their roles:
    an invite from their people that names the company is a further stage (``rules.detect``)."""
    gone = {ApplicationStatus.FORGOTTEN, ApplicationStatus.RETIRED, ApplicationStatus.MERGED}
    roles: dict[str, set[str]] = {}
    for a in session.store.applications():
        if a.domain and a.status not in gone:
            roles.setdefault(a.domain, set()).add(a.role)
    # two applications at one company with different roles: an invite naming none is neither's
    return {domain: next(iter(found)) if len(found) == 1 else "" for domain, found in roles.items()}


def shown(session: Session, synced: Synced) -> list[dict]:
    """The interviews detected, as a run shows them: thanked as recorded, so whom the user
    dropped or renamed (`fix drop`, `fix person`) shows so at once."""
    recorded = session.store.interviewers_by_interview()
    return [
        {"id": d.interview.id, "company": d.interview.company, "role": d.interview.role,
         "title": d.interview.title, "start": d.interview.start.isoformat(), "end": d.interview.end.isoformat(),
         "interviewers": [{"email": p.email, "name": p.name}
                          for p in recorded.get(d.interview.id, d.interview.interviewers)]}
        for d in synced.detections if d.interview is not None
    ]


def _inputs(session: Session, synced: Synced) -> list | None:
    """What a sync of the run's window is made from (see ``sync``), or None when a
    source cannot tell its answer without being read."""
    from mailflow.engine import kept

    config, store = session.config, session.store
    answers = []
    for index, cal in enumerate(config.calendars):
        try:
            source = _source(session, synced, index)
            if type(source).answer_key is CalendarSource.answer_key:
                return None  # it has none: its cache is not read to ask
            answer = source.answer_key(synced.start, synced.end, _cache(session, synced, index))
        except Exception:  # noqa: BLE001 - fetch says what is wrong
            return None
        if answer is None:
            return None
        held = repr(sorted(store.interviews_between(source.name, synced.start, synced.end)))
        answers.append([source.name, answer, hashlib.blake2b(held.encode("utf-8", "surrogatepass"),
                                                             digest_size=16).hexdigest()])
    # the rows a sync reads, but for the messages: it retires an application to which nothing
    # was written, and a message written later only keeps one from being retired
    return [kept.VERSION, store.rows_version("interviews"), kept.config_digest(session), answers]


def _source(session: Session, synced: Synced, index: int) -> CalendarSource:
    """Calendar ``index``'s source, built once for the sync: the answer key asked before,
    the fetch and the key kept after share it."""
    if index not in synced.built:
        synced.built[index] = registry.open_source(session.config.calendars[index], session.config.shared)
    return synced.built[index]


def _cache(session: Session, synced: Synced, index: int) -> SyncCache:
    """Calendar ``index``'s kept cache, read once for the sync (the fetch changes it in
    place, and it is saved as it is: the key kept after the fetch reads it so)."""
    if index not in synced.caches:
        cal = session.config.calendars[index]
        synced.caches[index] = session.store.sync_cache(f"calendar:{index}:{cal.type}:{cal.label}")
    return synced.caches[index]


def _restore(data: dict, synced: Synced, report: Report) -> bool:
    """``synced`` and ``report`` as the kept sync left them; False when the entry is not whole."""
    try:
        sources = [SourceReport(**s) for s in data["sources"]]
        warnings, skipped, shown_ = list(data["warnings"]), list(data["skipped"]), list(data["shown"])
    except (KeyError, TypeError, ValueError):
        return False
    synced.sources, synced.skipped, synced.shown = sources, skipped, shown_
    synced.answered = [s.name for s in sources]
    report.warnings.extend(warnings)
    return True


def fetch(session: Session, report: Report, synced: Synced, *, keep_cache: bool = True,
          verdicts: Verdicts | None = None) -> list[Event]:
    """Events from every source in ``synced``'s window, each ``checked`` (through
    ``verdicts`` when given); failed sources are reported (``synced.sources``,
    ``report.problems``) and skipped, those that answered are named in ``synced.answered``."""
    events: list[Event] = []
    seen: set[str] = set()  # an event in two calendars (shared, or subscribed twice) counts once
    config = session.config
    if not config.calendars:
        report.problems.append(Problem(
            "calendars", "no [[calendars]] in the configuration", "add one (see config.example.toml)", True,
        ))
    for index, cal in enumerate(config.calendars):
        name = f"calendar:{index}:{cal.type}:{cal.label}"
        try:
            source = _source(session, synced, index)
            cache = _cache(session, synced, index) if keep_cache else SyncCache()
            try:
                result = source.fetch(synced.start, synced.end, cache)
            except MailflowError:
                raise
            except Exception:  # noqa: BLE001 - maybe a cache of the wrong shape: once more without it
                if not (cache.data or cache.token):
                    raise
                log.warning("calendar %s failed with its cache; read again without it", cal.label, exc_info=True)
                cache.clear()
                result = source.fetch(synced.start, synced.end, cache)
        except Exception as exc:  # noqa: BLE001 - one source must not stop the others
            synced.sources.append(SourceReport(cal.label, ok=False))
            report.fail(f"calendar {cal.label}", exc)
            continue
        if keep_cache:
            session.store.save_sync_cache(name, cache, session.now)
        for event in result.events:
            if event.key in seen:
                continue
            seen.add(event.key)
            if verdicts is not None:
                event, warnings = verdicts.checked(event, result.digests.get(event.key))
            else:
                event, warnings = checked(event)
            events.append(event)
            result.warnings.extend(warnings)
        synced.answered.append(source.name)
        synced.sources.append(SourceReport(source.name, True, len(result.events), warnings=result.warnings))
        report.warnings.extend(result.warnings)
    return events


def _record(session: Session, synced: Synced, report: Report) -> None:
    """Save what was detected; cancel interviews that were cancelled, vanished,
    or are no longer interviews (declined, excluded by a rule, retitled)."""
    store, now, config = session.store, session.now, session.config
    updates = synced.updates
    seen_keys = set()
    live = store.live_event_keys()  # one query; most events never were an interview
    for index, d in enumerate(synced.detections):
        event = d.event
        seen_keys.add(event.key)
        if d.interview is None:
            cancelled = store.cancel_interview(event.key, now) if event.key in live else None
            if cancelled:
                if d.reasons == ("cancelled",):
                    updates.append(Update(UpdateOf.INTERVIEW, cancelled, Change.CANCELLED))
                else:
                    updates.append(Update(UpdateOf.INTERVIEW, cancelled, Change.DROPPED, why="; ".join(d.reasons)))
            continue
        interview = d.interview
        report.warnings.extend(f"{interview.id} ({interview.company or event.summary}): {w}" for w in d.warnings)
        if not interview.company:
            synced.skipped.append({
                "interview": interview.id, "title": interview.title,
                "why": "company unknown: name it in the title or add a [companies] entry with its domain",
            })
            continue
        company_cfg = config.companies.get(interview.company)
        contact = ("", "")
        if company_cfg and company_cfg.contact:
            contact = (company_cfg.contact.lower(), company_cfg.contact_name)
        elif interview.contact_email:  # the invite marks a coordinator
            contact = (interview.contact_email.lower(), interview.contact_name)
        elif interview.organizer_email and interview.domain and interview.organizer_email.endswith("@" + interview.domain):
            contact = (interview.organizer_email, interview.organizer_name)
        application = store.application(
            interview.company, now, role=interview.role, domain=interview.domain, contact=contact,
        )
        if application.status == ApplicationStatus.FORGOTTEN:
            continue  # the user said to forget it
        if application.status == ApplicationStatus.RETIRED:
            store.reactivate(application.id, now)
            updates.append(Update(UpdateOf.APPLICATION, application.company, Change.ACTIVE_AGAIN,
                                  why=f"the calendar has an interview of it again ({interview.id})"))
        if company_cfg and company_cfg.contact and application.contact_email != contact[0]:
            store.set_contact(application.id, *contact)  # the config wins over what was seen
        outcome, stored_id = store.save_interview(interview, application.id, now)
        if stored_id != interview.id:  # the store lengthened an id that collided
            interview = dataclasses.replace(interview, id=stored_id)
            synced.detections[index] = dataclasses.replace(d, interview=interview)
        if outcome in ("new", "moved"):
            updates.append(Update(UpdateOf.INTERVIEW, interview.id, Change(outcome)))
    # an interview that vanished from a source that answered was cancelled
    for source in synced.answered:
        for interview_id, key in store.interviews_between(source, synced.start, synced.end):
            if key not in seen_keys and store.cancel_interview(key, now):
                updates.append(Update(UpdateOf.INTERVIEW, interview_id, Change.REMOVED))
    # applications a config change no longer produces, to which nothing was written, go
    for application in store.retire_stale(now):
        updates.append(Update(
            UpdateOf.APPLICATION, application.company, Change.RETIRED,
            why="no interview of it is left (a config change, or the calendar), and nothing was written to it",
        ))
