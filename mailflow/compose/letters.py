"""What each kind of message says: template contexts from the recorded facts.

A thank-you is written for its reader: the opening, the sentence around the remark,
the strength and amplify sentences, the closing and the subject each come in several
wordings, and each interviewer of a panel gets a different one (by their place on
the invite, offset by the interview: the same inputs always give the same note, so
a rerun never rewrites a draft for nothing). The sentences themselves are built in
``sentences``; this module picks them, fits the note into ``policy.thank_you``
(lines and words, T3) and hands the template both the sentences and the raw facts,
so a user's own template can use either.

Dates are written relative to when the note is written ("today", "yesterday", "on
Tuesday") and otherwise in the user's locale (``[policy] locale``, else LC_ALL,
LC_TIME or LANG): "Tuesday, December 1" in the US, "Tuesday 1 December" elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date, datetime

from mailflow.compose import sentences
from mailflow.compose import words as _words
from mailflow.config import Config
from mailflow.model import Interview, Interviewer, NoteKind, Remark
from mailflow.rules.names import (ROLE_MAILBOXES, fold, greeting_name, is_activity, is_function_name, is_post,
                                  is_role_mailbox)

PLACEHOLDER = "[REMARK: what {name} said that stayed with you - replace this line before sending]"

# English names whatever the machine's locale (strftime would follow it)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
#: territories that write the month before the day ("Tuesday, December 1")
_MONTH_FIRST = {"US", "CA", "PH", "PR", "GU", "AS", "UM", "VI", "MP", "FM", "MH", "PW"}


# --------------------------------------------------------------------------- people


def me(config: Config) -> dict:
    profile = config.profile
    name = profile.name or profile.email
    return {
        "name": name,
        "first_name": name.split()[0] if name.split() else name,
        "email": profile.email,
        "signature": profile.signature.strip() or name,
    }


def _person_named(name: str, email: str, company: str) -> bool:
    """Whether a role mailbox carries a person's name ("Zoë Müller <contact@...>") rather
    than its own ("Pinecrest Jobs", "office", none)."""
    from mailflow.rules.detect import name_from_address

    words = {w.strip(".,()").lower() for w in name.split()}
    if not name.strip() or name.strip().lower() == name_from_address(email).lower() or "@" in name:
        return False
    mailbox_words = {"jobs", "job", "careers", "career", "office", "team", "recruiting", "recruitment", "talent",
                     "hr", "hiring", "people", "resourcing", "resources", "staffing", "admin", "info",
                     "applications", "front", "desk", "reception", "inc", "ltd", "llc", "llp"}
    if words & mailbox_words or (company and company.lower() in name.lower()):
        return False
    # on a mailbox whose address names a function (training@, facultyaffairs@, director@), a name
    # made of that function's words is the function's too ("Faculty Affairs", "Graduate
    # Recruitment", "Training Director"); a person's name is a person's, though its words are
    # words ("Grace Baker", "Hope Steward") or the address spells one of them
    if not ROLE_MAILBOXES.match(email) and is_role_mailbox(email) and (
            _office_named(name) or all(_function_word(w, email) for w in re.findall(r"[^\W\d_]+", name))):
        return False
    return True


def _function_word(word: str, email: str) -> bool:
    """Whether ``word`` of a display name on a function's mailbox belongs to that function: the
    address spells it ("Graduate" of graduates@, "Faculty" of facultyaffairs@), or it names an
    activity, a post or a function by its form ("Recruitment", "Director", "Services")."""
    local = fold(email.split("@")[0].split("+")[0])
    w = fold(word)
    return (len(w) > 2 and (w in local or w.rstrip("s") in local) or is_activity(word) or is_post(word)
            or is_function_name([word]))


#: a display name's words that name a team's mailbox or an office, never a person
_MAILBOX_WORDS = {"office", "desk", "reception", "team", "jobs", "careers", "recruiting", "recruitment", "hr",
                  "admin", "enquiries", "applications", "hiring", "resources"}


def _mailbox_named(name: str) -> bool:
    """Whether a display name is a team's mailbox by its own words, whatever the address
    ("Harbour Master's Office <hmo@…>", "Pinecrest Careers"): it ends in a mailbox's word."""
    words = [w.strip(".,()").lower() for w in name.split()]
    return len(words) >= 2 and words[-1] in _MAILBOX_WORDS


def _office_named(name: str) -> bool:
    """Whether a display name of common words names an office, on positive evidence of one: a
    mailbox's word in it ("Team Leader", "Office Manager"), a post at its head ("Practice
    Manager", "Clinic Coordinator"; ``is_post``: not a trade that is also a family name, as in
    "Grace Baker" or "Mark Turner"), an activity first ("Training Director", "Recruitment
    Lead"; ``is_activity``), or a rank before a job ("Head Teacher"). Its first word is then
    no given name: the greeting says the whole name. A name shaped as a person's, whatever its
    words and address ("Mark Turner <turner@…>", "<mt@…>"), is a person's."""
    from mailflow.rules.detect import _MORE_ROLE_WORDS, _ROLE_WORDS

    if re.search(r"[,;:|/()\[\]]|\s[-–—]\s", name):
        return False  # a name with its post beside it ("Ana Lima - Practice Manager") is the person's
    words = re.findall(r"[^\W\d_]+", re.sub(r"['’]s\b", "", name))
    if len(words) < 2 or len(words) > 4 or not all(_words.lemmas(w.lower()) for w in words):
        return False
    low = [w.lower() for w in words]
    jobs = _ROLE_WORDS | _MORE_ROLE_WORDS
    return (any(w in _MAILBOX_WORDS for w in low) or is_post(low[-1]) or is_activity(low[0])
            or low[0] in jobs and low[-1] in jobs)


def person(p: Interviewer | None, fallback: str = "", config: Config | None = None, company: str = "") -> dict:
    """A person as templates see them; ``first_name`` is how a note greets them (the
    given name as the invite orders it, or ``[people."addr"] greeting``); a role
    mailbox (jobs@, office@ ...) is greeted as the company's team."""
    if p is None:
        return {"name": fallback, "first_name": fallback or "there", "email": ""}
    configured = _person_config(config, p.email)
    name = (configured.name if configured and configured.name else "") or p.name
    greeting = configured.greeting if configured else ""
    if not greeting and (_mailbox_named(name) or _office_named(name)) and not is_role_mailbox(p.email):
        greeting = name  # "Dear Harbour Master's Office,", "Dear Training Director,": as the invite names it
    if not greeting and is_role_mailbox(p.email) and not _person_named(name, p.email, company):
        greeting = f"{company} team" if company else "Hiring team"
    return {"name": name, "first_name": greeting_name(name, p.email, greeting), "email": p.email}


def _person_config(config: Config | None, email: str):
    if config is None or not email:
        return None
    people = {k.strip().lower(): v for k, v in config.people.items()}
    return people.get(email.strip().lower())


# --------------------------------------------------------------------------- dates


def month_first(config: Config | None = None) -> bool:
    """Whether dates put the month first: ``[policy] locale``, else the environment's
    (LC_ALL, LC_TIME, LANG); a locale naming no country ("C", "en") writes it first."""
    locale = (config.policy.locale if config is not None else "") or next(
        (os.environ[k] for k in ("LC_ALL", "LC_TIME", "LANG") if os.environ.get(k)), "")
    found = re.match(r"^[a-zA-Z]{2,3}[_-]([a-zA-Z]{2})\b", locale.strip())
    return found is None or found.group(1).upper() in _MONTH_FIRST


def long_date(d: date, us: bool = True) -> str:
    """"Tuesday, December 1" (``us``) or "Tuesday 1 December"."""
    day, month = _DAY_NAMES[d.weekday()], _MONTH_NAMES[d.month - 1]
    return f"{day}, {month} {d.day}" if us else f"{day} {d.day} {month}"


def when(d: date, today: date | None, us: bool = True, *, relative: bool = True) -> str:
    """When something happened, as a note says it: "today", "yesterday" (``relative``
    only), "on Tuesday" (within the last week), else "on Tuesday, December 1"."""
    if today is not None:
        days = (today - d).days
        if relative and days == 0:
            return "today"
        if relative and days == 1:
            return "yesterday"
        if days in (0, 1):
            return f"on {_DAY_NAMES[d.weekday()]}"
        if 1 < days < 7:
            return f"on {_DAY_NAMES[d.weekday()]}"
    return f"on {long_date(d, us)}"


def interview_facts(interview: Interview, zone, now: datetime | None = None, us: bool = True) -> dict:
    start = interview.start.astimezone(zone)
    today = now.astimezone(zone).date() if now is not None else None
    return {
        "id": interview.id,
        "title": interview.title,
        "weekday": _DAY_NAMES[start.weekday()],
        "date": long_date(start.date(), us),
        # the day by its name, never "today"/"yesterday": an unedited draft stays true as days pass
        "when": when(start.date(), today, us, relative=False),
        "panel": sum(1 for p in interview.interviewers if p.email) > 1,
        "start": start.isoformat(),
        "video": bool(interview.video_url),
    }


# --------------------------------------------------------------------------- thank-you notes


def _texts(notes: list[Remark], kind: str, email: str | None = None) -> list[str]:
    return [
        n.text.strip() for n in notes
        if n.kind == kind and n.text.strip() and (email is None or n.interviewer.lower() in ("", email.lower()))
    ]


def _own(notes: list[Remark], kind: str, email: str) -> list[str]:
    return [n.text.strip() for n in notes if n.kind == kind and n.text.strip()
            and n.interviewer.lower() == email.lower()]


def variant_seed(interview: Interview, salt: str) -> int:
    return int(hashlib.sha1(f"{interview.id}|{salt}".encode()).hexdigest()[:8], 16)


def _article(role: str) -> str:
    return "an" if re.match(r"^[AEIOU]|^(?:SRE|SDE|ML|MBA|SWE)\b", role) else "a"


_OPENINGS = (
    "Thank you for taking the time to speak with me {when} about the {role} role at {company}.",
    "Thank you for meeting with me {when} to talk about the {role} role at {company}.",
    "I enjoyed our conversation {when} about the {role} role at {company}, and I am grateful for your time.",
    "Many thanks for your time {when} and for the conversation about the {role} role at {company}.",
    "I appreciated the chance to talk with you {when} about the {role} role at {company}.",
    "Thank you for the conversation {when} about the {role} role at {company}; I valued your time.",
    "It was a pleasure to speak with you {when} about the {role} role at {company}.",
    "Thank you for making time {when} to discuss the {role} role at {company}.",
)
_CLOSINGS = (
    "I remain very interested in the {role} role and in joining {company}; please let me know if I can "
    "provide anything else.",
    "I am excited about the chance to join {company} as {a_role}, and I would be glad to send anything "
    "else that would help.",
    "Speaking with you made me even more interested in joining {company}; please let me know if I can share "
    "anything more.",
    "The {role} role at {company} is exactly the kind of work I want to do next; please do not hesitate "
    "to ask if you need anything more from me.",
    "I am very interested in contributing at {company}; I am happy to provide anything else you need.",
    "Our conversation made me more excited about {company}; please tell me if you need anything more.",
    "I remain interested in working with you at {company}; please let me know if anything else would be useful.",
    "I am excited about the prospect of joining {company}, and I would be glad to share anything more that helps.",
)
#: the shortest closing, used when a note must lose words to fit
_SHORT_CLOSING = "I remain very interested in joining {company}; please let me know if I can provide anything else."
_SIGN_OFFS = ("Best regards", "Kind regards", "With thanks", "Warm regards", "Best wishes", "With best regards",
              "Many thanks", "Sincerely")
_SUBJECTS = (
    "Thank you, {first} - {role_part} at {company}",
    "Thank you for {weekday}'s conversation, {first} - {company}",
    "Thank you, {first}: our conversation about the {role_or} role at {company}",
    "Thank you for your time, {first} - {role_at}",
    "Thank you again, {first} - {company}",
)


def _pick(options: tuple[str, ...], seed: int, index: int) -> str:
    return options[(seed + index) % len(options)]


def thank_you_context(
    config: Config,
    interview: Interview,
    interviewer: Interviewer,
    notes: list[Remark],
    debrief: dict | None,
    zone,
    now: datetime | None = None,
    taken_subjects: tuple[str, ...] = (),
) -> tuple[dict, bool]:
    """The thank-you context and whether it carries the remark placeholder.

    Strengths, amplify, promised items and links recorded for this interviewer are
    theirs; those recorded for the whole interview (``remark --by`` nobody, or the
    debrief's ``strengths``/``amplify``) are shared out: the k-th interviewer of a
    panel gets the k-th strength, and the debrief's amplify goes to one note only
    (the first interviewer's), so a panel comparing notes never reads the same
    sentence twice."""
    email = interviewer.email
    index = next((i for i, p in enumerate(interview.interviewers) if p.email.lower() == email.lower()), 0)
    us = month_first(config)
    remarks = [n for n in notes if n.kind == NoteKind.REMARK and n.interviewer.lower() == email.lower()
               and n.text.strip()]
    debrief = debrief or {}
    shared_strengths = [*_own(notes, NoteKind.STRENGTH, ""), *debrief.get("strengths", [])]
    strengths = _own(notes, NoteKind.STRENGTH, email) or (
        [shared_strengths[index % len(shared_strengths)]] if shared_strengths else [])
    amplifies = _own(notes, NoteKind.AMPLIFY, email) or (
        [a for a in (*_own(notes, NoteKind.AMPLIFY, ""), debrief.get("amplify", "")) if a][:1] if index == 0 else [])
    links = _texts(notes, NoteKind.LINK, email)
    promised = _texts(notes, NoteKind.PROMISED, email)
    availability = _texts(notes, NoteKind.AVAILABILITY, email)
    greeting = person(interviewer, config=config, company=interview.company)
    placeholder = PLACEHOLDER.format(name=greeting["first_name"])
    facts = interview_facts(interview, zone, now, us)
    role = interview.role
    seed = variant_seed(interview, "thank_you")

    remark = remarks[-1] if remarks else None
    remark_line = remark_line_for(interview, interviewer, remark) if remark else ""
    strength_line = sentences.strength_sentence(strengths[0], seed + index + 1) if strengths else ""
    amplify_line = sentences.amplify_sentence(amplifies[0], seed + index + 2) if amplifies else ""
    from mailflow.compose.attachments import readable_attachment

    files = [n for n in notes if n.kind == NoteKind.PROMISED and n.file and n.text.strip()
             and n.interviewer.lower() in ("", email.lower()) and readable_attachment(n.file)]
    extras = [*sentences.promised_sentences(promised, seed + index, attached=tuple(n.text.strip() for n in files))]
    if links:
        extras.append(sentences.links_sentence(links))
    if availability:
        extras.append(sentences.availability_sentence(availability[0], seed + index))
    words = {"when": facts["when"], "role": role or "open", "company": interview.company,
             "a_role": f"{_article(role)} {role}" if role else "a member of the team"}
    opening = _pick(_OPENINGS, seed, index).format(**words)
    closings = _CLOSINGS if role else tuple(c for c in _CLOSINGS if "{role}" not in c and "{a_role}" not in c)
    closing = _pick(closings, seed + 3, index).format(**words)

    own = any(n.interviewer.lower() == email.lower() and n.text.strip() for n in notes
              if n.kind in (NoteKind.STRENGTH, NoteKind.AMPLIFY, NoteKind.PROMISED, NoteKind.LINK, NoteKind.AVAILABILITY))
    lines = _fit(config, opening, remark_line or ("" if own else placeholder), strength_line, amplify_line, extras, closing,
                 interview.company)
    context = {
        "me": me(config),
        "interviewer": greeting,
        "company": interview.company,
        "role": role,
        "interview": facts,
        "remark": sentences.quote_text(remark.text) if remark else "",
        "remark_form": sentences.form_of(remark.text, remark.form).value if remark else "",
        "placeholder": placeholder,
        "strength": strengths[0] if strengths else "",
        "amplify": amplifies[0] if amplifies else "",
        "links": links,
        "promised": "; ".join(promised),
        "availability": availability[0] if availability else "",
        "attachments": [n.file for n in files],
        "subject": _subject(seed, index, greeting["first_name"], role, interview.company, facts["weekday"],
                            taken_subjects),
        "sign_off": _pick(_SIGN_OFFS, seed + 5, index),
        **lines,
    }
    return context, remark is None and not own


def line_for(interview: Interview, interviewer: Interviewer, note: Remark, attached: bool = False) -> str:
    """The sentence the thank-you to ``interviewer`` builds on one recorded ``note`` of any
    kind, as the letter composes it (same variant): what ``mailflow remark`` prints."""
    index = next((i for i, p in enumerate(interview.interviewers) if p.email.lower() == interviewer.email.lower()), 0)
    seed = variant_seed(interview, "thank_you")
    text = note.text.strip()
    if note.kind == NoteKind.REMARK:
        return remark_line_for(interview, interviewer, note)
    if note.kind == NoteKind.STRENGTH:
        return sentences.strength_sentence(text, seed + index + 1)
    if note.kind == NoteKind.AMPLIFY:
        return sentences.amplify_sentence(text, seed + index + 2)
    if note.kind == NoteKind.PROMISED:
        return " ".join(sentences.promised_sentences([text], seed + index, attached=(text,) if attached else ()))
    if note.kind == NoteKind.LINK:
        return sentences.links_sentence([text])
    if note.kind == NoteKind.AVAILABILITY:
        return sentences.availability_sentence(text, seed + index)
    return ""


def remark_line_for(interview: Interview, interviewer: Interviewer, remark: Remark) -> str:
    """The sentence the thank-you to ``interviewer`` builds on ``remark``: the same one
    ``mailflow remark`` prints (same variant, same reader)."""
    index = next((i for i, p in enumerate(interview.interviewers) if p.email.lower() == interviewer.email.lower()), 0)
    seed = variant_seed(interview, "thank_you")
    return sentences.remark_sentence(remark.text, remark.form, seed + index, reader=interviewer.name,
                                     reader_email=interviewer.email)


def _fit(config: Config, opening: str, remark: str, strength: str, amplify: str, extras: list[str],
         closing: str, company: str) -> dict:
    """The body's sentences, fitted into ``policy.thank_you`` (T3): while the note is
    too long, use the short closing, then leave out the availability, the strength and
    the amplify sentence, in that order (the remark and what was promised stay)."""
    limit = config.policy.thank_you.max_words
    parts = {"opening": opening, "remark_line": remark, "strength_line": strength, "amplify_line": amplify,
             "extras": " ".join(extras), "closing": closing}

    def size() -> int:
        return sum(len(v.split()) for v in parts.values())

    steps = [
        lambda: parts.update(closing=_SHORT_CLOSING.format(company=company)),
        lambda: parts.update(extras=" ".join(e for e in extras if not e.startswith(("I am available", "If it would help")))),
        lambda: parts.update(strength_line=""),
        lambda: parts.update(amplify_line=""),
    ]
    for step in steps:
        if size() <= limit:
            break
        step()
    return parts


def _subject(seed: int, index: int, first: str, role: str, company: str, weekday: str,
             taken: tuple[str, ...]) -> str:
    """A subject no other note to this company has: the interviewer's variant, else
    the next free one."""
    words = {
        "first": first, "company": company, "weekday": weekday, "role_or": role or "open",
        "role_part": f"{role} interview" if role else "interview",
        "role_at": f"{role} at {company}" if role else f"Interview at {company}",
    }
    used = {_norm(s) for s in taken}
    start = (seed + index) % (len(_SUBJECTS) - 1)
    order = [*(_SUBJECTS[(start + i) % (len(_SUBJECTS) - 1)] for i in range(len(_SUBJECTS) - 1)), _SUBJECTS[-1]]
    for pattern in order:
        subject = pattern.format(**words)
        if _norm(subject) not in used:
            return subject
    return f"{order[0].format(**words)} ({weekday})"


def _norm(subject: str) -> str:
    return " ".join(re.sub(r"^(?:re|fwd?)\s*:\s*", "", subject.strip(), flags=re.IGNORECASE).split()).casefold()


# --------------------------------------------------------------------------- every kind


def context_for(item, config: Config, notes: list[Remark], debrief: dict | None, zone,
                now: datetime | None = None) -> tuple[dict, bool]:
    """The template context for a planned message (``plan.Planned``) of any kind,
    and whether it carries a placeholder. ``item.extra`` adds kind-specific values;
    ``now`` is when it is written (for "today" and "yesterday")."""
    extra = dict(item.extra)
    us = month_first(config)
    if item.kind == "thank_you":
        taken = tuple(extra.pop("taken_subjects", ()))
        context, placeholder = thank_you_context(config, item.interview, item.recipient, notes, debrief, zone,
                                                 now, taken)
    else:
        role = item.interview.role or item.application.role
        context, placeholder = {
            "me": me(config),
            "contact": person(item.recipient, config=config, company=item.interview.company),
            "interviewer": person(item.recipient, config=config, company=item.interview.company),
            "company": item.interview.company,
            "role": role,
            "interview": interview_facts(item.interview, zone, now, us),
            "thread_subject": item.reply_to.subject if item.reply_to and item.reply_to.subject else "",
            "mention_offer": config.policy.mention_offer,
            "reason": "",
            "remark": "",
            "timeline": "",
            "timeline_date": "",
            "timeline_by": "",
            "number": 1,
        }, False
    by = extra.pop("timeline_by", None)
    said_by = extra.pop("timeline_said_by", None)
    context.update(extra)
    if by is not None:
        context["timeline_date"] = long_date(by, us)
        context["timeline_by"] = _who_said(said_by, item.recipient, config)
    return context, placeholder


def inputs_digest(item, config: Config, notes: list[Remark], debrief: dict | None) -> str:
    """A digest of what the user gave a message (``policy.Planned``): the notes of its
    interview about its recipient (or about everyone), the debrief, how the recipient is named and greeted, the company,
    the role and the signature. When it changes, an unedited draft is rewritten in
    place; the wording mailflow chooses, and the time, are not part of it."""
    import json

    recipient = person(item.recipient, config=config)
    facts = {
        "notes": [[n.kind, n.interviewer.lower(), n.text, n.form, *([n.file] if n.file else [])] for n in notes
                  if n.interviewer.lower() in ("", recipient["email"].lower())],
        "debrief": debrief or {},
        "recipient": [recipient["name"], recipient["first_name"], recipient["email"]],
        "company": item.interview.company,
        "role": item.interview.role or item.application.role,
        "me": me(config),
    }
    text = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _who_said(said_by: Interviewer | None, recipient: Interviewer, config: Config) -> str:
    """Who gave the timeline, as a follow-up to ``recipient`` says it: "You" when
    they did, their first name when someone else did, "" when nobody is recorded."""
    if said_by is None or not said_by.email:
        return ""
    if said_by.email.lower() == recipient.email.lower():
        return "You"
    return person(said_by, config=config)["first_name"]


def placeholder_texts(context: dict) -> tuple[str, ...]:
    """Bracketed text put in on purpose, for the proofreader."""
    return (context["placeholder"],) if context.get("placeholder") and not context.get("remark") else ()


def recorded_texts(context: dict) -> tuple[str, ...]:
    """The user's own words a composed message repeats (the remark, strengths, promised
    items, ...): the proofreader warns about them rather than blocking the draft."""
    found = [context.get(k, "") for k in ("remark", "strength", "amplify", "promised", "availability", "timeline")]
    found += list(context.get("links", []))
    return tuple(t for t in found if isinstance(t, str) and t.strip())


def dated(when: datetime | None, zone) -> str:
    return when.astimezone(zone).strftime("%a %d %b %Y %H:%M") if when else ""
