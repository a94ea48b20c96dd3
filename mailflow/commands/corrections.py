"""``mailflow fix ...``: the pipeline can be corrected.

Detection is a guess from calendar text, and people type remarks in a hurry, so
every record the state keeps can be put right: an application or interview
forgotten (nothing more is written for it; what was written stays in the
mailbox), two applications merged, a person renamed or given a greeting, a note
edited or deleted, an interviewer wrongly taken from an invite removed. Each
change is made under the run lock, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from mailflow.commands.common import find_person, interviewer_of
from mailflow.config import Config
from mailflow.errors import NotFoundError, UserActionError
from mailflow.lock import run_lock
from mailflow.model import Interviewer
from mailflow.reports_other import FixReport
from mailflow.store import Store
from mailflow.untrusted import plain_address

#: seconds a correction waits for a cron run to finish
LOCK_WAIT = 60


@contextmanager
def _store(config: Config) -> Iterator[Store]:
    store = Store(config.state_path)
    try:
        with run_lock(config.state_path, wait=LOCK_WAIT), store.transaction():
            yield store
    finally:
        store.close()


def listing(config: Config, now: datetime) -> FixReport:
    """``fix list``: every application (also retired, forgotten, merged) and interview, with ids."""
    report = FixReport(action="list")
    with Store(config.state_path) as store:
        apps = store.applications()
        interviews = store.interviews()
    names = {a.id: a.company for a in apps}
    zone = config.policy.zone
    for app in apps:
        entry = {"company": app.company, "status": app.status, "role": app.role, "contact": app.contact_email,
                 "merged_into": names.get(app.merged_into or -1, ""), "interviews": []}
        for s in interviews:
            if s.application_id == app.id:
                entry["interviews"].append({
                    "id": s.id, "title": s.interview.title, "status": s.status,
                    "start": s.interview.start.astimezone(zone).isoformat(),
                    "interviewers": [{"email": p.email, "name": p.name} for p in s.interview.interviewers],
                })
        report.items.append(entry)
    return report


def notes(config: Config, now: datetime, interview_ref: str | None) -> FixReport:
    """``fix notes [INTERVIEW]``: the notes recorded, with the ids ``fix note`` takes."""
    report = FixReport(action="notes")
    with Store(config.state_path) as store:
        wanted = store.resolve_interview(interview_ref, now).id if interview_ref else None
        companies = {s.id: s.interview.company for s in store.interviews()}
        for interview_id, found in sorted(store.notes().items()):
            if wanted and interview_id != wanted:
                continue
            for n in found:
                report.items.append({"id": n.id, "interview": interview_id, "company": companies.get(interview_id, ""),
                                     "by": n.interviewer, "kind": n.kind, "text": n.text})
    return report


def forget(config: Config, now: datetime, target: str) -> FixReport:
    """``fix forget INTERVIEW|COMPANY``: nothing more is tracked or written for it."""
    report = FixReport(action="forget")
    with _store(config) as store:
        interview = next((s for s in store.interviews() if s.id == target.strip().lower()), None)
        if interview is not None:
            store.forget_interview(interview.id, now)
            report.done.append(f"forgot interview {interview.id} ({interview.interview.company}, "
                               f"{interview.interview.title})")
        else:
            app = store.find_application(target)
            store.forget_application(app.id, now)
            report.done.append(f"forgot {app.company} and its interviews")
    report.done.append("what was already written stays in your mailbox; mailflow writes nothing more for it")
    return report


def merge(config: Config, now: datetime, source: str, target: str) -> FixReport:
    """``fix merge FROM INTO``: one application under two names becomes one."""
    report = FixReport(action="merge")
    with _store(config) as store:
        src, dst = store.find_application(source), store.find_application(target)
        if src.id == dst.id:
            raise UserActionError(f"{source!r} and {target!r} are the same application already")
        store.merge_applications(src.id, dst.id, now)
        report.done.append(f"merged {src.company} into {dst.company}: its interviews and messages are "
                           f"{dst.company}'s, and the name {src.company!r} leads there from now on")
    return report


def person(config: Config, now: datetime, who: str, *, name: str = "", greeting: str = "") -> FixReport:
    """``fix person WHO --name --greeting``: how someone is named and greeted."""
    if not (name.strip() or greeting.strip()):
        raise UserActionError("say what to set", hint="--name 'Sam Lee' and/or --greeting Sam")
    report = FixReport(action="person")
    with _store(config) as store:
        email = _address_of(store, who)
        store.set_person(email, now, name=" ".join(name.split()), greeting=" ".join(greeting.split()))
        said = [f"name {name.strip()!r}"] * bool(name.strip()) + [f"greeting {greeting.strip()!r}"] * bool(greeting.strip())
        report.done.append(f"{email}: {' and '.join(said)} from now on (drafts not yet edited by you follow)")
    return report


def drop(config: Config, now: datetime, interview_ref: str, who: str) -> FixReport:
    """``fix drop INTERVIEW WHO``: someone wrongly taken from the invite is not thanked."""
    report = FixReport(action="drop")
    with _store(config) as store:
        stored = store.resolve_interview(interview_ref, now)
        email = interviewer_of(stored, who).email
        store.drop_interviewer(stored.id, email)
        report.done.append(f"{email} is no longer an interviewer of {stored.id}: no thank-you is drafted for them "
                           "(one already written stays in your mailbox)")
    return report


def note(config: Config, now: datetime, note_id: int, *, text: str | None = None, delete: bool = False) -> FixReport:
    """``fix note ID --text T | --delete``: put right or remove what was recorded."""
    if (text is None) == (not delete):
        raise UserActionError("give either --text or --delete")
    report = FixReport(action="note")
    with _store(config) as store:
        found = store.note(note_id)
        if found is None:
            raise NotFoundError(f"no note {note_id}", hint="`mailflow fix notes` lists them with their ids")
        if delete:
            store.delete_note(note_id)
            report.done.append(f"deleted {found.kind} {note_id} ({found.text!r})")
        else:
            if not text.strip():
                raise UserActionError("the new text is empty", hint="use --delete to remove the note")
            store.edit_note(note_id, text.strip())
            report.done.append(f"{found.kind} {note_id} now reads {text.strip()!r}")
    report.done.append("drafts you have not edited are rewritten on the next run")
    return report


def _address_of(store: Store, who: str) -> str:
    """An address for ``who``: an address, ``Name <address>``, or a name (a full name,
    a first name or surname, the start of one) that one person in your interviews has;
    a typo is answered with "did you mean"."""
    from email.utils import parseaddr

    address = plain_address(who) or plain_address(parseaddr(who)[1])
    if address:
        return address
    everyone: dict[str, Interviewer] = {}
    for s in store.interviews():
        for p in s.interview.interviewers:
            everyone.setdefault(p.email.lower(), p)
    found = find_person(everyone.values(), who)
    if found.value is not None:
        return found.value.email
    if found.ambiguous:
        raise NotFoundError(f"{who!r} could be {' or '.join(found.matches)}", hint="give their full name or address")
    guess = f": did you mean {' or '.join(found.close)}?" if found.close else ""
    raise NotFoundError(f"{who!r} names nobody in your interviews{guess}",
                        hint="give their address, or a name as `mailflow status` shows it")
