"""LinkedIn connection notes (PRODUCT.md L1): one per interviewer, at most 300 characters.

``policy.linkedin`` says when: ``after-process`` (the default: only once the
application is no longer active), ``after-interview`` (once the interview is
over) or ``never``. A note too long for the limit has the quoted remark
shortened, then dropped; the names are never cut. Each note is proofread like
a draft: one with errors is held back with the reasons. Nothing here prints.
"""

from __future__ import annotations

import textwrap
from datetime import datetime

from mailflow.compose import Composer, letters, sentences
from mailflow.config import Config
from mailflow.model import ApplicationStatus, Interviewer
from mailflow.reports_other import LinkedinNote, LinkedinReport
from mailflow.rules.plan import remarks_for
from mailflow.store import Store

LIMIT = 300
#: a quoted remark shortened below this many characters is dropped instead
SHORTEST_REMARK = 25


def connection_notes(config: Config, now: datetime, interview_ref: str | None = None) -> LinkedinReport:
    """``mailflow linkedin [INTERVIEW]``: the notes for one interview (default: the
    latest that has started), or why the policy holds them back."""
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now) if interview_ref else store.latest_started(now)
        application = store.snapshot().applications[stored.application_id]
        notes = store.notes().get(stored.id, [])
        others = tuple(a.company for a in store.applications() if a.id != application.id)
    interview = stored.interview
    report = LinkedinReport(interview=interview.id, company=interview.company)
    report.held = _held(config.policy.linkedin, application.status, interview.end, now, interview.company)
    if report.held:
        return report
    composer = Composer(config)
    zone = config.policy.zone
    for person in interview.interviewers:
        remarks = remarks_for(notes, person.email)
        context = {
            "me": letters.me(config),
            "interviewer": letters.person(person, config=config, company=stored.interview.company),
            "company": interview.company,
            "role": interview.role or application.role,
            "interview": letters.interview_facts(interview, zone),
            "remark": sentences.quote_text(remarks[-1].text, limit=LIMIT) if remarks else "",
        }
        note = _fit(composer, context, person)
        if note.text:
            note.findings = _proofread(config, note.text, person, interview.company, interview.role, others)
        report.notes.append(note)
    return report


def _held(policy: str, status: str, end: datetime, now: datetime, company: str) -> str:
    if policy == "never":
        return 'policy.linkedin is "never": no connection notes'
    if now < end:
        return "the interview is not over yet"
    if policy == "after-process" and status == ApplicationStatus.ACTIVE:
        return (f"the process with {company} is still active: connection notes wait until it ends "
                '(policy.linkedin = "after-process"; "after-interview" allows them now)')
    return ""


def _fit(composer: Composer, context: dict, person: Interviewer) -> LinkedinNote:
    """Render; while too long, shorten the remark (at a word), then drop it."""
    text = composer.render("linkedin_note", context).body
    remark = context["remark"]
    shortened = False
    while len(text) > LIMIT and remark:
        width = len(remark) - (len(text) - LIMIT)
        remark = textwrap.shorten(remark, width, placeholder="...") if width >= SHORTEST_REMARK else ""
        if remark == "...":
            remark = ""
        shortened = True
        text = composer.render("linkedin_note", {**context, "remark": remark}).body
    note = LinkedinNote(person.name, person.email, text, shortened)
    if len(text) > LIMIT:
        note.text = ""
        note.findings = [{
            "check": "length", "severity": "error", "excerpt": text[:40] + "...",
            "message": f"the note is {len(text)} characters even without a remark (LinkedIn allows {LIMIT})",
            "hint": "shorten linkedin_note.txt in your [templates] folder",
        }]
    return note


def _proofread(config: Config, text: str, person: Interviewer, company: str, role: str,
               others: tuple[str, ...]) -> list[dict]:
    from mailflow import proofread

    ctx = proofread.ProofContext(
        kind="linkedin_note", recipient_name=person.name, company=company, role=role,
        other_companies=others, known_words=(person.name, company, role, config.profile.name),
    )
    return [f.__dict__ for f in proofread.proofread("", text, ctx, config.proofread, config.policy)]
