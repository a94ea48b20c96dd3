"""``remark`` and ``mark-sent``: what the user tells mailflow about an interview."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

from mailflow.clock import parse_now
from mailflow.commands.common import find_person, interviewer_of, not_an_interviewer, parse_who
from mailflow.compose import sentences
from mailflow.config import Config
from mailflow.errors import ConfigError, NotFoundError
from mailflow.model import (
    Attendee,
    Evidence,
    Interviewer,
    MessageKind,
    MessageRecord,
    MessageState,
    NameSource,
    Remark,
    StoredInterview,
    thank_you_key,
)
from mailflow.reports_other import MarkSentReport, RemarkReport
from mailflow.rules.detect import Detector, name_from_address
from mailflow.store import Store


def remark(config: Config, now: datetime, interview_ref: str, who: str, text: str,
           kind: str = "remark", form: str = "", file: Path | None = None, *, new: bool = False) -> RemarkReport:
    """``mailflow remark``: attach a note to one interviewer of one interview.

    ``who`` names someone on the invite (``common.find_person``): an interviewer, or
    the organizer or the application's contact (the recruiter who organised it), whose
    timeline, promise or link is recorded without making them someone to thank. A name
    or address close to someone on the invite is answered with "did you mean" and
    nothing is recorded. Someone not on the invite is added only with ``new`` (``--new``),
    and only as an address; as an interviewer (someone to thank) only for a remark. Its
    name comes from the calendar (an interviewer's or organizer's at another interview)
    before it is derived from the address.

    A remark records how it reads (``RemarkForm``): ``form`` when the user said
    (``--as``), else what its words show. The text is spell-checked against the
    pipeline's vocabulary: what looks wrong is reported as a warning (it is recorded
    all the same, and never blocks a draft later)."""
    if not text.strip():
        raise ConfigError("the remark is empty", hint='write what they said: mailflow remark ID --by WHO "..."')
    attached = _attachment(file, kind) if file is not None else ""
    if form and kind != "remark":
        raise ConfigError(f"--as {form} is for a remark, not a {kind}", hint="leave out --as, or use --kind remark")
    address, given_name = parse_who(who)
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now)
        why_not = Detector(config).why_not_thanked(Attendee(address)) if address else ""
        if kind == "remark" and why_not and all(p.email != address for p in stored.interview.interviewers):
            raise NotFoundError(
                f"{address} is {why_not}: mailflow does not write thank-you notes to it",
                hint="give the address of the person who said it",
            )
        person = _on_the_invite(store, stored, address or given_name, new)
        _refuse_if_no_sentence(text, kind)
        if person is None:  # someone new, as the user said (--new)
            if not address:
                raise NotFoundError(f"--new needs {who!r}'s address", hint=f'--by "{given_name} <their address>" --new')
            email = address
            named = given_name or _name_on_invite(store, stored, email)
            person = Interviewer(email, named or name_from_address(email), NameSource.USER)
            if kind == "remark":
                store.add_interviewer(stored.id, person)
        elif kind == "remark" and person not in stored.interview.interviewers:
            store.add_interviewer(stored.id, dataclasses.replace(person, named_from=NameSource.USER))
        from mailflow.compose.letters import line_for

        if kind == "remark":
            form = sentences.form_of(text, form).value
        reads = line_for(stored.interview, person, Remark(stored.id, person.email, text.strip(), kind, now, form=form),
                         attached=bool(attached))
        snapshot = store.snapshot()
        with store.transaction():
            store.add_note(Remark(stored.id, person.email, text.strip(), kind, now, form=form, file=attached), now)
    warnings = [f.__dict__ for f in _spelling(config, snapshot, text)] + _how_it_reads(reads) + _shorthand(text)
    return RemarkReport(interview=stored.id, company=stored.interview.company, interviewer=person.email,
                        name=person.name, kind=kind, text=text.strip(), form=form, reads_as=reads,
                        warnings=warnings)


def _refuse_if_no_sentence(text: str, kind: str) -> None:
    problem = sentences.remark_problem(text, kind)
    if problem:
        raise ConfigError(f"cannot make a sentence of this {kind}: {problem}",
                          hint=_HOW_TO_PHRASE.get(kind, _HOW_TO_PHRASE["remark"]))


def _attachment(file: Path, kind: str) -> str:
    """The file to attach, checked now (it exists, is a readable file within the limit):
    its absolute path."""
    from mailflow.compose.attachments import ATTACHMENT_LIMIT

    if kind != "promised":
        raise ConfigError(f"--file is for what you promised, not a {kind}", hint="use --kind promised --file PATH")
    path = file.expanduser()
    if not path.is_file():
        raise ConfigError(f"--file {file}: no such file", hint="give the path of the file you promised to send")
    size = path.stat().st_size
    if size > ATTACHMENT_LIMIT:
        raise ConfigError(f"--file {file}: {size / 1e6:.1f} MB is more than the {ATTACHMENT_LIMIT // 1_000_000} MB "
                          "a draft can carry on every mailbox",
                          hint="share a link instead: mailflow remark ID --by WHO --kind link \"name: URL\"")
    try:
        path.open("rb").close()
    except OSError as exc:
        raise ConfigError(f"--file {file}: cannot be read ({exc.strerror})") from None
    return str(path.resolve())


_HOW_TO_PHRASE = {
    "remark": 'write what they said in a few words, e.g. --as point "the team is rebuilding the pipeline", '
              '--as question "how would you cut our costs?" or --as quote "ship small, ship often"',
    "strength": 'say what you would bring, e.g. "experience running on-call for payment systems"',
    "amplify": 'say which answer and what to add, e.g. "the caching question: a write-through cache cuts cold starts"',
    "promised": 'say what you promised, e.g. "my notes on testing dbt models" (add --file PATH to attach it)',
    "link": 'give the link, e.g. "case study: https://example.com/case"',
    "availability": 'say when you are free, e.g. "Tuesday or Thursday after 2 pm ET"',
}


def _on_the_invite(store: Store, stored: StoredInterview, who: str, new: bool) -> Interviewer | None:
    """The person on ``stored``'s invite whom ``who`` names (an interviewer first, then
    the organizer and the application's contact), or None when ``new`` says to add
    someone who is not there; otherwise a "did you mean" or "not on the invite" error."""
    interviewers = stored.interview.interviewers
    found = find_person(interviewers, who)
    if found.value is None and "@" not in who:
        from mailflow.rules.detect import without_asides

        if without_asides(who) != who:  # "Judge (ret.) Harold Bixby", as the invite wrote it
            found = find_person(interviewers, without_asides(who))
    if found.value is not None:
        return found.value
    if found.ambiguous:
        raise not_an_interviewer(stored, who, found)
    named = _by_every_word(interviewers, who)
    if named is not None:
        return named
    contacts = _contacts(store, stored)
    known = [c for c in contacts if c.email not in {p.email for p in interviewers}]
    also = find_person(known, who)
    if also.value is not None:
        return also.value
    if new:
        return None
    close = find_person([*interviewers, *known], who)
    raise not_an_interviewer(stored, who, close,
                             more="; someone not on the invite: give their address and --new")


def _folded_words(text: str) -> list[str]:
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [x for x in re.split(r"[\s.,()]+", plain.casefold()) if x]


def _by_every_word(people, who: str) -> Interviewer | None:
    """The one person whose name on the invite holds every word of ``who``, in any order and
    with or without accents, when ``who`` has two words or more: "Hiroshi Tanaka" for "Tanaka
    Hiroshi", "Anthony Okoro" for "Sir Anthony Okoro KC", "Hugh Pellew" for "Rev. Canon Hugh
    Pellew"; None when nobody or several do."""
    wanted = _folded_words(who)
    if len(wanted) < 2 or "@" in who:
        return None
    found = [p for p in people if p.name and set(wanted) <= set(_folded_words(p.name))]
    return found[0] if len(found) == 1 else None


def _contacts(store: Store, stored: StoredInterview) -> list[Interviewer]:
    """Who else is on the invite besides the interviewers: the organizer and the
    application's main contact, by the names the calendar gives them."""
    found: dict[str, Interviewer] = {}
    if stored.interview.organizer_email:
        email = stored.interview.organizer_email.lower()
        found[email] = Interviewer(email, stored.interview.organizer_name or name_from_address(email))
    app = store.application_by_id(stored.application_id)
    if app.contact_email and app.contact_email.lower() not in found:
        email = app.contact_email.lower()
        found[email] = Interviewer(email, app.contact_name or name_from_address(email))
    return list(found.values())


def _name_on_invite(store: Store, stored: StoredInterview, email: str) -> str:
    """The name the calendar gives ``email``: as this interview's organizer, or as an
    interviewer or organizer of another interview; "" when it gives none."""
    if stored.interview.organizer_email.lower() == email and stored.interview.organizer_name:
        return stored.interview.organizer_name
    for other in sorted(store.interviews(), key=lambda s: s.application_id != stored.application_id):
        for p in other.interview.interviewers:
            if p.email.lower() == email and p.named_from != NameSource.ADDRESS:
                return p.name
        if other.interview.organizer_email.lower() == email and other.interview.organizer_name:
            return other.interview.organizer_name
    return ""


def _how_it_reads(reads: str) -> list[dict]:
    """What the proofreader's sentence rules find in the sentence the letter will carry,
    as warnings now, while the user can still phrase the remark another way (the draft's
    own proofreading would hold it back later)."""
    from mailflow.proofread.grammar import check_sentence

    return [{**f.__dict__, "severity": "warning", "message": f"the sentence it makes: {f.message} ({f.excerpt!r})",
             "hint": f"{f.hint}; or record it again in other words (--as quote|point|question|note)"}
            for f in check_sentence(reads)]


def _shorthand(text: str) -> list[dict]:
    """What the letter does with the user's slips and short forms, said now: a slip written as
    the one word it can be ("withold" -> "withhold"), and a clipped word kept as typed because
    what it is short for is not certain ("vac": vacation? vacuum?)."""
    from mailflow.compose import words
    from mailflow.compose.remarks import SHORTHAND, TYPOS

    from mailflow.compose.remarks import EMOJI, chat_marks, is_emoji, without_emoji

    found = []
    if without_emoji(text) != text:
        found.append({"check": "emoji", "severity": "warning", "excerpt": "".join(m.group(0) for m in EMOJI.finditer(text) if is_emoji(m)),
                      "message": "emoji and emoticons are left out of the letter",
                      "hint": "say in words what they meant, if it matters to the reader"})
    bare = without_emoji(text)
    dropped = {bare[start:end] for start, end in chat_marks(bare)}
    for start, end in chat_marks(bare):
        found.append({"check": "spelling", "severity": "warning", "excerpt": bare[start:end],
                      "message": f"{bare[start:end]!r} reads as chat shorthand: the letter leaves it out",
                      "hint": "write out what it stands for if it matters (e.g. 'to be honest' -> say it plainly)"})
    from mailflow.compose.remarks import clipped_slots

    spelt = {}
    for start, end, out in clipped_slots(bare):
        word = bare[start:end].rstrip(".")
        spelt[word] = out
        found.append({"check": "spelling", "severity": "warning", "excerpt": word,
                      "message": f"{word!r} is written {out!r} in the letter",
                      "hint": "record it again with the word written out if you meant another"})
    from mailflow.compose.remarks import rewritten_by_shape, tidy

    tidied = tidy(bare)
    for typed, written in rewritten_by_shape(bare):
        spelt[typed] = written
        found.append({"check": "spelling", "severity": "warning", "excerpt": typed,
                      "message": f"{typed!r} is written {written!r} in the letter",
                      "hint": "record it again in other words if you meant something else"})
    from mailflow.compose.remarks import left_out_asides, qualifying_sentences, sound_guess

    for aside in left_out_asides(bare):
        found.append({"check": "grammar", "severity": "warning", "excerpt": aside,
                      "message": f"{aside!r} reads as your own aside on the interview: the letter leaves it out",
                      "hint": "record it again in a full sentence if the reader should read it"})
    for qualifier in qualifying_sentences(bare):
        found.append({"check": "grammar", "severity": "warning", "excerpt": qualifier,
                      "message": f"{qualifier!r} qualifies what comes before it: the letter keeps it after a dash",
                      "hint": "record it again as one sentence that says it (e.g. 'overtime is never paid')"})

    for word in dict.fromkeys(re.findall(r"(?<![\w'’/.@-])[a-z]+\d[a-z]+(?![\w'’/@-])", tidied)):
        if guess := sound_guess(word):  # "l8r": letters read only in part, not certain
            found.append({"check": "spelling", "severity": "warning", "excerpt": word,
                          "message": f"{word!r} may be texting for {guess!r}: the letter keeps it as typed",
                          "hint": f"record it again with {guess!r} written out if that is what you mean"})
    for word in dict.fromkeys(re.findall(r"(?<![\w'’/.@-])[a-z]+(?![\w'’/@-])", text)):
        if word in SHORTHAND or word in TYPOS or word in spelt:
            continue
        if word == "whos":  # two readings, so the letter keeps it
            found.append({"check": "spelling", "severity": "warning", "excerpt": word,
                          "message": "'whos' may be 'whose' or 'who's': the letter keeps it as typed",
                          "hint": "record it again with 'whose' (whose idea) or 'who's' (who is)"})
        elif fixed := words.slip_fixed(word):
            found.append({"check": "spelling", "severity": "warning", "excerpt": word,
                          "message": f"{word!r} is written {fixed!r} in the letter",
                          "hint": "record it again if you meant another word"})
        elif not re.search(rf"(?<![\w'’/.@-]){re.escape(word)}(?![\w'’/@-])", tidied):
            continue  # the letter writes it otherwise ("jan" -> "January")
        elif meant := words.clipped(word):
            found.append({"check": "spelling", "severity": "warning", "excerpt": word,
                          "message": f"{word!r} may be short for another word ({', '.join(meant)}?): "
                                     "the letter keeps it as typed",
                          "hint": "write the word out if the reader might not know the short form"})
        elif words.unvowelled_plural(word):
            # the word it may stand for is not named: after a count such a word is as often a
            # unit or an acronym ("3 pms", "4 qrs"), and a guess can be another, even an offensive, word
            found.append({"check": "spelling", "severity": "warning", "excerpt": word,
                          "message": f"{word!r} may be a word typed without its vowels, a unit or a short term: "
                                     "the letter keeps it as typed",
                          "hint": "record it again with the word written out, or in capitals if it is a term "
                                  "(e.g. 'PMs')"})
        elif word not in dropped and words.is_chat_mark(word):
            found.append({"check": "spelling", "severity": "warning", "excerpt": word,
                          "message": f"{word!r} may be chat shorthand or a short term: the letter keeps it as typed",
                          "hint": "write it out, or in capitals if it is a name or a term (e.g. 'CFO', 'GCP')"})
    return found


def _spelling(config: Config, snapshot, text: str) -> list:
    """Spelling findings on text the user records, as warnings, read with the words the
    pipeline knows (names, companies, roles, titles, what was recorded before)."""
    from mailflow import proofread
    from mailflow.proofread.checks import check_recorded
    from mailflow.proofread.context import known_words

    names, texts = known_words(snapshot, config)
    ctx = proofread.ProofContext(known_words=names, recorded_words=texts)
    return check_recorded(text, ctx, config.proofread)


def mark_sent(config: Config, now: datetime, interview_ref: str, who: str | None,
              follow_up: bool = False, at: str | None = None) -> MarkSentReport:
    """``mailflow mark-sent``: the thank-yous (or with ``follow_up`` the follow-up
    about that interview) were sent where mailflow cannot see, at ``at`` (default
    now). A thank-you the user wrote without a draft is recorded too, so no draft
    is made for that person and the follow-up clock starts."""
    sent_at = parse_now(at, config.policy.zone) if at else now
    if sent_at > now:
        raise ConfigError(f"--at {at}: that is in the future", hint="give the time you sent it")
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now)
        report = MarkSentReport(interview=stored.id, company=stored.interview.company)
        if follow_up:
            _mark_follow_up_sent(store, stored, sent_at, report)
            return report
        people = stored.interview.interviewers
        if who:
            people = (interviewer_of(stored, who),)
        for p in people:
            key = thank_you_key(stored.interview, p.email)
            if store.message(key) is None:  # written by hand: record it, so none is drafted
                store.record_intent(MessageRecord(
                    key=key, kind=MessageKind.THANK_YOU, recipient=p.email, backend="manual",
                    status=MessageState.INTENT, application_id=stored.application_id, interview_id=stored.id,
                    recipient_name=p.name,
                ), sent_at)
                store.confirm(key, MessageState.SENT, sent_at, sent_at=sent_at)
            else:  # a copy the mailbox found keeps its evidence; else the user's word is all there is
                seen = store.message(key).status == MessageState.SENT
                store.confirm(key, MessageState.SENT, now, sent_at=sent_at, evidence="" if seen else Evidence.MARKED)
            report.marked.append({"kind": MessageKind.THANK_YOU, "to": p.email, "name": p.name, "at": sent_at})
    return report


def _mark_follow_up_sent(store: Store, stored: StoredInterview, when: datetime, report: MarkSentReport) -> None:
    unsent = [
        m for m in store.messages().values()
        if m.kind == MessageKind.FOLLOW_UP and m.interview_id == stored.id
        and m.status in (MessageState.DRAFT, MessageState.SCHEDULED, MessageState.DELETED)
    ]
    if not unsent:
        report.nothing = (f"no follow-up to {stored.interview.company} about {stored.id} is waiting to be sent; "
                          "nothing marked")
    for m in unsent:
        store.confirm(m.key, MessageState.SENT, when, sent_at=when, evidence=Evidence.MARKED)
        report.marked.append({"kind": MessageKind.FOLLOW_UP, "to": m.recipient, "name": m.recipient_name, "at": when})
