"""The vocabulary every layer shares: value types, enums and keys. Pure.

Times are always timezone-aware ``datetime`` objects. Text that comes from a
calendar is untrusted: it is checked where it enters (``calendars.base.checked``)
and cleaned again where it becomes a header (``untrusted.header_text``).

Messages
--------
Every message mailflow writes has a ``kind`` (``MessageKind``) and a stable
``key`` (``message_key``): the same logical message always gets the same key,
carried in the ``X-Mailflow-Key`` header and in the state database, so a re-run,
a crash or a second process never writes it twice. Its life (``MessageState``)::

    intent ──written──> draft ──user sends──────────> sent
       │                  │  └──mailflow sends──────> sent
       │                  ├──scheduled (Outlook)───> scheduled ──leaves──> sent
       │                  ├──user deletes (no sent copy found)──> deleted
       │                  └──company answered / accept / withdraw──> cancelled
       └──(crash: the next run looks the key up in the mailbox and confirms or rewrites)

``intent`` is recorded durably *before* the mailbox is touched; ``deleted`` and
``cancelled`` are final for every run: such a message is never written again by
itself. Only the user brings one back, on purpose: ``mailflow redraft`` writes a
deleted thank-you afresh (a new intent under the same key).

Reports
-------
What a run changed in the state is said with ``Update`` values: what it is about
(``UpdateOf``: an interview, an application or a message), which one, and the
``Change``. Every kind, state and change is an enum written once here; the CLI's
choices, the store and the reports read them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from mailflow.untrusted import header_text

if TYPE_CHECKING:  # only named in annotations: the email package loads where messages are made
    from email.message import EmailMessage

#: the header that carries a message's key
KEY_HEADER = "X-Mailflow-Key"


class MessageKind(StrEnum):
    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    WITHDRAWAL = "withdrawal"
    REJECTION_REPLY = "rejection_reply"
    LINKEDIN_NOTE = "linkedin_note"
    #: another offer to answer by a date: would they share their timing (``mailflow offer``)
    OFFER_TIMING = "offer_timing"

    @property
    def label(self) -> str:
        """How messages to the user name it: "thank-you", "follow-up", "withdrawal" ..."""
        return {"thank_you": "thank-you", "follow_up": "follow-up"}.get(self.value, self.value.replace("_", " "))


#: what ``mailflow proofread --kind`` accepts: a kind mailflow writes, or a message of the user's
PROOF_KINDS = (*(k.value for k in MessageKind), "other")


class MessageState(StrEnum):
    """Where a message stands; the state machine is drawn in the module docstring."""

    INTENT = "intent"
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"
    DELETED = "deleted"
    CANCELLED = "cancelled"


#: written (or about to be) and not yet out of the user's hands
UNSENT = frozenset({MessageState.INTENT, MessageState.DRAFT, MessageState.SCHEDULED})
#: in the mailbox, waiting to be sent
IN_DRAFTS = frozenset({MessageState.DRAFT, MessageState.SCHEDULED})


class ApplicationStatus(StrEnum):
    ACTIVE = "active"
    COLD = "cold"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    #: the user said to forget it (``fix forget``): never tracked or written to again
    FORGOTTEN = "forgotten"
    #: nothing of it is left after a config change, and nothing was written: it came back
    #: by itself if the calendar produces it again
    RETIRED = "retired"
    #: folded into another application (``fix merge``); its name leads there
    MERGED = "merged"


class MailClass(StrEnum):
    """What a message from an application's side means (PRODUCT.md I2; ``rules.inbox``)."""

    REJECTION = "rejection"  # no (also "position filled", "went with another candidate")
    PAUSED = "paused"  # on hold, hiring freeze, process paused
    OFFER = "offer"  # an actual or verbal offer (never "an offer of a second interview")
    SCHEDULING = "scheduling"  # book or move an interview: an answer that waits for the user's
    TIMELINE = "timeline"  # a promised or revised decision date, or a delay
    RECEIPT = "receipt"  # an automated acknowledgement: not an answer
    AUTOREPLY = "autoreply"  # out of office, left the company: not an answer
    REPLY = "reply"  # any other human reply: an answer
    #: sent by software (no-reply sender, Auto-Submitted) and no phrase says what it means:
    #: not a person answering, so the follow-ups go on
    AUTOMATED = "automated"
    BULK = "bulk"  # newsletters, job alerts, marketing: not about the application


#: classes that answer the candidate: the follow-ups stop
ANSWERS = frozenset({MailClass.REJECTION, MailClass.PAUSED, MailClass.OFFER, MailClass.SCHEDULING, MailClass.REPLY})


class Proposal(StrEnum):
    """What mailflow proposes after reading a message (``mailflow inbox``, ``run``, ``status``)."""

    REJECTED = "rejected"  # `mailflow rejected COMPANY`: a feedback request in that thread
    ACCEPT = "accept"  # `mailflow accept COMPANY` (and `mailflow offer COMPANY` to ask the others)
    ANSWER = "answer"  # a scheduling request waits for the user's answer
    NONE = ""


class InterviewStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    #: the user said to forget it: its event is not made an interview again
    FORGOTTEN = "forgotten"


class NoteKind(StrEnum):
    """What a recorded note is (``Remark.kind``)."""

    REMARK = "remark"  # something the interviewer said: the thank-you builds on it
    TIMELINE = "timeline"  # when they said they would decide
    PROMISED = "promised"  # what the candidate promised to send
    LINK = "link"  # a link to include
    STRENGTH = "strength"  # a strength of the candidate the conversation touched
    AMPLIFY = "amplify"  # an answer to add to, positively
    AVAILABILITY = "availability"  # when the candidate is available


class NameSource(StrEnum):
    """Where a person's name came from (``Interviewer.named_from``)."""

    INVITE = "invite"  # the calendar invite (CN, displayName)
    ADDRESS = "address"  # made from the address ("ana.lima@" -> "Ana Lima"), with a warning
    USER = "user"  # the user said it (`remark --by "Name <addr>"`, `fix person`, a contact in the config)
    #: the user said this person was wrongly taken from the invite (`fix drop`): not thanked
    DROPPED = "dropped"


class RemarkForm(StrEnum):
    """How a remark becomes a sentence (``Remark.form``; "" = read from the text)."""

    QUOTE = "quote"  # their words, quoted
    POINT = "point"  # their point, paraphrased ("your point about ...")
    QUESTION = "question"  # a question they asked
    NOTE = "note"  # the candidate's own words about what was said


# --------------------------------------------------------------------------- keys


def message_key(kind: str, *parts: str) -> str:
    """The stable key of a logical message, ASCII ``[a-z0-9._-]``."""
    digest = hashlib.sha1("|".join(p.lower() for p in parts).encode("utf-8")).hexdigest()[:10]
    return f"{kind}.{digest}"


def message_id(key: str, sender: str) -> str:
    """The deterministic Message-ID for a key: a retry can recognise its own message."""
    domain = sender.rsplit("@", 1)[-1] if "@" in sender else "mailflow.invalid"
    return f"<mailflow.{key}@{header_text(domain) or 'mailflow.invalid'}>"


def kind_of_key(key: str) -> MessageKind | None:
    """The kind a key was made for (its prefix), or None for a key that is not ours."""
    try:
        return MessageKind(key.strip().split(".", 1)[0])
    except ValueError:
        return None

@dataclass(frozen=True)
class Attendee:
    """One person or resource on an event.

    ``kind`` is ``"person"``, ``"room"`` or ``"resource"`` (CUTYPE / Graph type /
    Google ``resource``); ``response`` is lower-case ``accepted``, ``declined``,
    ``tentative`` or ``needs-action``.
    """

    email: str
    name: str = ""
    kind: str = "person"
    response: str = "needs-action"
    is_self: bool = False
    is_organizer: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Event:
    """One occurrence of a calendar event, as a source reports it.

    ``uid`` is shared by all occurrences of a series; ``recurrence_id`` tells
    them apart (ISO text of the original start, or "" for a single event).
    ``source`` names the calendar it came from (for messages and explain).
    """

    uid: str
    summary: str
    start: datetime
    end: datetime
    source: str = ""
    recurrence_id: str = ""
    description: str = ""
    location: str = ""
    status: str = "confirmed"  # confirmed | tentative | cancelled
    all_day: bool = False
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()
    video_url: str = ""
    categories: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Stable identity of this occurrence across runs and moves."""
        return f"{self.uid}|{self.recurrence_id}"


def event_to_dict(event: Event, *, compact: bool = False) -> dict:
    """A JSON-ready form of an event (for source caches): ``dataclasses.asdict`` with the
    times in ISO form, made without its deep copies (the fields are text, flags and times).
    ``compact`` leaves out every field at its default, the attendees' too (``event_from_dict``
    gives them back): a third less text to keep and to read on every run."""
    if compact:
        return _compact(event)
    data = dict(vars(event))
    data["start"], data["end"] = event.start.isoformat(), event.end.isoformat()
    data["organizer"] = dict(vars(event.organizer)) if event.organizer is not None else None
    data["attendees"] = tuple(dict(vars(a)) for a in event.attendees)
    data["categories"] = tuple(event.categories)
    return data


_DEFAULTS: dict[type, dict] = {}


def _defaults(cls: type) -> dict:
    """The fields of dataclass ``cls`` that have a default, with it."""
    if cls not in _DEFAULTS:
        _DEFAULTS[cls] = {f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    return _DEFAULTS[cls]


def _compact(event: Event) -> dict:
    defaults, people = _defaults(Event), _defaults(Attendee)
    data = {k: v for k, v in vars(event).items() if k not in defaults or v != defaults[k]}
    data["start"], data["end"] = event.start.isoformat(), event.end.isoformat()
    if event.organizer is not None:
        data["organizer"] = {k: v for k, v in vars(event.organizer).items() if k not in people or v != people[k]}
    if event.attendees:
        data["attendees"] = tuple({k: v for k, v in vars(a).items() if k not in people or v != people[k]}
                                  for a in event.attendees)
    if event.categories:
        data["categories"] = tuple(event.categories)
    return data


def event_from_dict(data: dict, people: dict | None = None) -> Event:
    """The inverse of ``event_to_dict``. ``people``, shared by the calls of one read,
    keeps each attendee built, so the same colleagues on many events are built once
    (an ``Attendee`` cannot change: sharing one is safe)."""
    organizer = Attendee(**data["organizer"]) if data.get("organizer") else None
    if people is None:
        attendees = tuple(Attendee(**a) for a in data.get("attendees", ()))
    else:
        found = []
        for a in data.get("attendees", ()):
            key = tuple(a.items())
            person = people.get(key)
            if person is None:
                person = people[key] = Attendee(**a)
            found.append(person)
        attendees = tuple(found)
    return Event(**{
        **data,
        "start": datetime.fromisoformat(data["start"]),
        "end": datetime.fromisoformat(data["end"]),
        "organizer": organizer,
        "attendees": attendees,
        "categories": tuple(data.get("categories", ())),
    })


def event_digest(event: Event) -> str:
    """A digest of everything an event says (the key of its kept verdict)."""
    return hashlib.blake2b(repr(event).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def short_id(event_key: str, length: int = 6) -> str:
    """The short interview id users type: stable for one event occurrence. The
    store lengthens it (8, 10, ... hex digits) for the rare event whose first six
    collide with another's, an hourly series say."""
    return hashlib.sha1(event_key.encode("utf-8")).hexdigest()[:length]


def thank_you_key(interview: Interview, email: str) -> str:
    return message_key(MessageKind.THANK_YOU, interview.id, email)


def follow_up_key(application: Application, interview: Interview, number: int) -> str:
    """The key of follow-up ``number`` about ``interview``: a second round of
    interviews after the company answered gets follow-ups of its own."""
    return message_key(MessageKind.FOLLOW_UP, application.company, interview.id, str(number))


def outcome_key(kind: str, company: str) -> str:
    """The key of a withdrawal or a rejection reply: one per company."""
    return message_key(kind, company)


@dataclass(frozen=True)
class Interviewer:
    """Someone to thank (or write to). ``named_from`` says where the name came from."""

    email: str
    name: str
    named_from: NameSource = NameSource.INVITE

    @property
    def first_name(self) -> str:
        """How a note greets them: the first name ("Lima, Ana" -> "Ana"), or a
        title with the surname ("Dr. Carol Jones" -> "Dr. Jones")."""
        name = self.name.strip()
        if "," in name:  # "Last, First", as directories write it
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        words = name.split()
        if not words:
            return self.email.split("@")[0]
        if words[0].rstrip(".").lower() in _TITLES and len(words) > 1:
            return f"{words[0]} {words[-1]}"
        return words[0]


_TITLES = {"mr", "mrs", "ms", "mx", "dr", "prof", "professor"}


@dataclass(frozen=True)
class Interview:
    """An event detected as an interview, with who to thank and for what."""

    id: str
    event_key: str
    company: str
    role: str
    title: str
    start: datetime
    end: datetime
    interviewers: tuple[Interviewer, ...]
    source: str = ""
    organizer_email: str = ""
    organizer_name: str = ""
    domain: str = ""
    video_url: str = ""
    cancelled: bool = False
    #: who coordinates the process for the company (a recruiting coordinator on the
    #: invite): the application's main contact, owed no thank-you; "" when none is marked
    contact_email: str = ""
    contact_name: str = ""


@dataclass(frozen=True)
class Detection:
    """The verdict on one event, with the reasons ``scan --explain`` prints."""

    event: Event
    interview: Interview | None
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def is_interview(self) -> bool:
        return self.interview is not None


@dataclass(frozen=True)
class ThreadRef:
    """What a reply needs to join the thread of an earlier message.

    ``message_id`` is the RFC 5322 Message-ID of the message replied to;
    ``backend_id``/``thread_id`` are the mailbox's own ids when it has them.
    """

    message_id: str
    subject: str
    references: tuple[str, ...] = ()
    backend_id: str = ""
    thread_id: str = ""


@dataclass
class Remark:
    """Something recorded after an interview.

    ``kind``: ``remark`` (what the interviewer said), ``timeline``,
    ``promised``, ``link``, ``strength``, ``amplify``.
    """

    interview_id: str
    interviewer: str  # address, or "" for the whole interview
    text: str
    kind: str = NoteKind.REMARK
    created_at: datetime | None = None
    #: for a remark: how it becomes a sentence (a ``RemarkForm``; "" = read from the text)
    form: str = ""
    #: the note's row in the state (0 until stored): what `remark --edit/--delete` name
    id: int = 0
    #: for a promise: the file attached to the note that keeps it (an absolute path; "" = none)
    file: str = ""


@dataclass
class Debrief:
    """The reflection form for one interview (PRODUCT.md D1)."""

    interview_id: str
    how_it_went: str = ""
    went_well: list[str] = field(default_factory=list)
    to_improve: list[str] = field(default_factory=list)
    amplify: str = ""
    unexpected_questions: list[str] = field(default_factory=list)
    examples_used: list[str] = field(default_factory=list)
    examples_to_stress: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- state


@dataclass
class Application:
    id: int
    company: str
    role: str = ""
    domain: str = ""
    contact_email: str = ""
    contact_name: str = ""
    status: str = ApplicationStatus.ACTIVE
    status_reason: str = ""
    updated_at: datetime | None = None
    #: the latest real (not automatic) message from the company that mailflow saw
    replied_at: datetime | None = None
    reply_from: str = ""
    reply_subject: str = ""
    #: the application this one was merged into (``ApplicationStatus.MERGED``)
    merged_into: int | None = None
    #: its Message-ID, so an answer (a rejection reply) joins its thread
    reply_message_id: str = ""


@dataclass
class StoredInterview:
    """An interview as stored, with its application's company and status."""

    interview: Interview
    application_id: int
    status: str = InterviewStatus.SCHEDULED
    first_seen: datetime | None = None

    @property
    def id(self) -> str:
        return self.interview.id


@dataclass
class MessageRecord:
    key: str
    kind: str
    recipient: str
    backend: str
    status: str
    application_id: int | None = None
    interview_id: str | None = None
    recipient_name: str = ""
    subject: str = ""
    backend_id: str = ""
    message_id: str = ""
    thread_id: str = ""
    placeholder: bool = False
    created_at: datetime | None = None
    drafted_at: datetime | None = None
    sent_at: datetime | None = None
    send_at: datetime | None = None
    updated_at: datetime | None = None
    detail: str = ""
    #: the mailbox's token for the content mailflow wrote (``DraftRef.version``)
    version: str = ""
    #: ``body_digest`` of the body mailflow wrote
    body_digest: str = ""
    #: ``rules.sent.fingerprint`` of the body mailflow wrote: a sent copy whose
    #: subject the user edited is still recognised by its words
    body_print: str = ""
    #: a digest of what the message was written from (remarks, debrief, contact, role):
    #: when it changes, an unedited draft is rewritten in place
    inputs_digest: str = ""
    #: the user changed the draft: it is theirs, never replaced or deleted by a run
    edited: bool = False
    #: when the mailbox first found it gone from the drafts with no sent copy
    missing_since: datetime | None = None
    #: how the mailbox knew its state (an ``Evidence``)
    evidence: str = ""

    @property
    def ref(self) -> DraftRef:
        """Where the mailbox keeps this message."""
        return DraftRef(self.backend_id, self.message_id, self.thread_id, self.version)

    @property
    def written(self) -> Written:
        """What a mailbox needs to find out what became of it."""
        return Written(self.key, self.ref, self.recipient, self.subject, self.drafted_at or self.created_at,
                       self.body_print)


@dataclass
class Snapshot:
    """Everything the policy needs, read in one go."""

    applications: dict[int, Application] = field(default_factory=dict)
    interviews: list[StoredInterview] = field(default_factory=list)
    notes: dict[str, list[Remark]] = field(default_factory=dict)
    messages: dict[str, MessageRecord] = field(default_factory=dict)
    debriefs: dict[str, dict] = field(default_factory=dict)
    #: what was read in the inbox, by application id, oldest first
    mail: dict[int, list[ReadMail]] = field(default_factory=dict)


@dataclass
class ReadMail:
    """A received message mailflow read and what it decided (``rules.inbox``); stored,
    so a message already read is never parsed again and ``mailflow inbox`` shows it."""

    message_id: str
    received_at: datetime
    sender: str
    subject: str
    kind: MailClass
    evidence: str = ""
    #: a timeline's decision date, an out-of-office's first day back
    day: date | None = None
    application_id: int | None = None
    proposal: Proposal = Proposal.NONE
    read_at: datetime | None = None


# --------------------------------------------------------------------------- mailboxes


@dataclass(frozen=True)
class DraftRef:
    """Where a message lives in the mailbox.

    ``version`` is the mailbox's token for the content mailflow wrote (Gmail's
    message id, Graph's changeKey, an IMAP UID, a digest of a Maildir file): when
    the user edits the draft it changes, so a run can tell the draft is theirs now.
    """

    backend_id: str
    message_id: str
    thread_id: str = ""
    version: str = ""


class Evidence(StrEnum):
    """How a mailbox knew what became of a message (``MessageStatus.evidence``)."""

    DRAFTS = "in the drafts folder"
    KEY = "its X-Mailflow-Key in the sent folder"
    MESSAGE_ID = "its Message-ID in the sent folder"
    THREAD = "a message in its thread in the sent folder"
    RECIPIENT_SUBJECT = "a message to the same recipient with the same subject in the sent folder"
    RECIPIENT_BODY = "a message to the same recipient with mostly the same words in the sent folder"
    ABSENT = "neither in the drafts nor in the sent folder"
    MARKED = "marked sent by you; no copy in the sent folder"


#: the evidence that the mailbox holds the copy that left: its Message-ID and subject
#: are what the recipient received, so a follow-up may reply to them
SENT_COPY = frozenset({Evidence.KEY, Evidence.MESSAGE_ID, Evidence.THREAD, Evidence.RECIPIENT_SUBJECT,
                       Evidence.RECIPIENT_BODY})


@dataclass(frozen=True)
class MessageStatus:
    """What became of a message mailflow wrote. ``ref`` is updated when the
    mailbox moved it (a sent copy gets a new id on some backends): a follow-up
    replies to the message the recipient actually received.

    ``deleted`` means only "gone from the drafts and no sent copy found"; the
    engine calls it deleted once that has lasted ``policy.sent_grace_hours``
    (a client may file the sent copy late). ``edited`` says the draft's content
    is no longer what mailflow wrote: the user's words, never to be replaced."""

    state: str  # draft | scheduled | sent | deleted
    sent_at: datetime | None = None
    ref: DraftRef | None = None
    evidence: str = ""
    edited: bool = False
    #: the subject of the copy found (the user may have edited it before sending)
    subject: str = ""


@dataclass(frozen=True)
class Written:
    """What mailflow wrote, as a mailbox needs it to find out what became of it:
    where it put it, to whom, with which subject and when. A sent copy is
    recognised by its key or Message-ID when the client kept them, else by a
    message to the same recipient, after ``written_at``, with the same subject up
    to Re:/Fwd: prefixes, or in the same thread (API_FACTS §8)."""

    key: str
    ref: DraftRef
    recipient: str = ""
    subject: str = ""
    written_at: datetime | None = None
    #: ``rules.sent.fingerprint`` of the body written ("" when not known)
    body_print: str = ""


@dataclass(frozen=True)
class Filed:
    """A message found in a drafts or sent folder, as much of it as recognising one
    of ours needs (``rules.sent``). Addresses are lower-case; ``key`` is our
    ``X-Mailflow-Key`` when the client kept it."""

    backend_id: str
    message_id: str = ""
    key: str = ""
    to: tuple[str, ...] = ()
    subject: str = ""
    date: datetime | None = None
    references: tuple[str, ...] = ()
    thread_id: str = ""
    #: the mailbox's content token (``DraftRef.version``)
    version: str = ""
    #: ``rules.sent.fingerprint`` of its plain text, when the backend read the body
    body_print: str = ""


def same_subject(a: str, b: str) -> bool:
    """Subjects equal up to Re:/Fwd:/AW:/WG: prefixes, case and whitespace."""
    return _bare_subject(a) == _bare_subject(b) and bool(_bare_subject(a))


def _bare_subject(subject: str) -> str:
    import re

    text = " ".join(str(subject).split()).casefold()
    while True:
        stripped = re.sub(r"^(?:re|fwd?|aw|wg|sv|vs|tr)\s*(?:\[\d+\])?\s*:\s*", "", text)
        if stripped == text:
            return text
        text = stripped


def text_of(message) -> str:
    """The plain text of a message, with or without attachments."""
    if message.is_multipart():
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""
    return message.get_content()


def plain_text(part) -> str:
    """The text of a ``text/plain`` part as written: a ``format=flowed`` part (RFC 3676,
    what Thunderbird saves a draft as, re-wrapped at 72 columns) is joined back where
    its lines were soft-broken and unstuffed, so a draft opened and saved unchanged
    reads as the text that was written."""
    text = part.get_content()
    if str(part.get_param("format", "") or "").lower() != "flowed":
        return text
    delsp = str(part.get_param("delsp", "") or "").lower() == "yes"
    out: list[str] = []
    pending: tuple[int, str] | None = None  # a paragraph being joined: its quote depth, its text
    for raw in text.replace("\r\n", "\n").split("\n"):
        depth = len(raw) - len(raw.lstrip(">"))
        line = raw[depth:]
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        soft = line.endswith(" ") and line != "-- "
        if soft and delsp:
            line = line[:-1]
        if pending is not None and pending[0] == depth:
            pending = (depth, pending[1] + line)
        else:
            if pending is not None:
                out.append(">" * pending[0] + pending[1])
            pending = (depth, line)
        if not soft:
            out.append(">" * depth + pending[1])
            pending = None
    if pending is not None:
        out.append(">" * pending[0] + pending[1])
    return "\n".join(out)


def body_digest(text: str) -> str:
    """A digest of a message body that survives what mail stores do to text
    (CRLF line ends, trailing spaces, a final newline, quoted-printable soft breaks
    undone by the parser): equal digests mean the user did not change the words."""
    lines = [line.rstrip() for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    normal = "\n".join(lines).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]


def words_digest(text: str) -> str:
    """A digest of the words of a body and nothing else: what a mail service's
    conversion between text and HTML leaves alone (a draft opened and saved in
    Outlook is stored as HTML, and its text comes back with other line breaks,
    paragraph spacing and non-breaking spaces). Equal digests: the same words in
    the same order."""
    import unicodedata

    normal = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return hashlib.sha256(" ".join(normal.split()).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Incoming:
    """A message received, as much of it as reply detection and the inbox rules need."""

    sender: str  # address only, lower-case
    subject: str
    date: datetime
    message_id: str = ""
    in_reply_to: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    #: the sender's display name
    name: str = ""
    #: what the sender wrote (``rules.letter``: quoted history removed, HTML as text)
    text: str = ""
    #: the quoted history and forwarded messages removed from ``text``
    history: str = ""


@dataclass
class NewDraft:
    """One draft to create. ``reply_to`` makes it a reply in that thread;
    ``send_at`` asks a backend that can schedule to send it at that time."""

    message: EmailMessage
    key: str
    reply_to: ThreadRef | None = None
    send_at: datetime | None = None


@dataclass
class SyncCache:
    """Per-source persistent state: a sync token and whatever else it needs.

    ``data`` must stay JSON-serialisable.
    """

    token: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    changed: bool = False

    def set_token(self, token: str | None) -> None:
        if token != self.token:
            self.token = token
            self.changed = True

    def put(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.changed = True

    def clear(self) -> None:
        self.token = None
        self.data = {}
        self.changed = True


# --------------------------------------------------------------------------- planning and writing


@dataclass(frozen=True)
class Planned:
    """One message the rules say is due now (``rules.plan``), before it is composed.

    ``replaces`` is an earlier draft of ours this one rewrites in place (a remark
    arrived for a placeholder note, or its inputs changed); ``reply_to`` the message
    it answers in its thread; ``due`` the day it became due (a mailbox that can
    schedule sends it at ``send_at`` on that day); ``extra`` kind-specific template
    values (a withdrawal's reason, a follow-up's number)."""

    kind: MessageKind
    key: str
    interview: Interview
    application: Application
    recipient: Interviewer
    placeholder: bool = False
    replaces: MessageRecord | None = None
    reply_to: MessageRecord | None = None
    send_at: datetime | None = None
    why: str = ""
    extra: dict = field(default_factory=dict)
    due: date | None = None


@dataclass(frozen=True)
class Composed:
    """A planned message composed: the ``EmailMessage``, the template context it was
    rendered from, whether it carries a placeholder where the remark goes, and the
    digest of what it was written from (``compose.letters.inputs_digest``)."""

    item: Planned
    message: EmailMessage
    context: dict
    placeholder: bool
    inputs_digest: str

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return text_of(self.message)


class ProofCheck(StrEnum):
    """The proofreader's checks, by the name ``[proofread] disable`` and ``warn_only`` use."""

    PLACEHOLDER = "placeholder"
    SPELLING = "spelling"
    NAME = "name"
    COMPANY = "company"
    ROLE = "role"
    OTHER_COMPANY = "other-company"
    LENGTH = "length"
    BANNED_PHRASE = "banned-phrase"
    SHOUTING = "shouting"
    APOLOGY = "apology"
    DOUBLED_WORD = "doubled-word"
    EMOJI = "emoji"
    SALARY = "salary"
    WRONG_DATE = "wrong-date"
    GRAMMAR = "grammar"
    ATTACHMENT = "attachment"
    PERSPECTIVE = "perspective"
    GENERIC = "generic"


class Severity(StrEnum):
    ERROR = "error"  # the draft is not written; a hand-written note is not ready to send
    WARNING = "warning"  # said, and written all the same


@dataclass(frozen=True)
class Finding:
    """One thing the proofreader found: which check, how bad, the text, what is
    wrong (one sentence) and how to fix it."""

    check: str  # a ProofCheck
    severity: str  # a Severity
    excerpt: str
    message: str
    hint: str


# --------------------------------------------------------------------------- what a run changed


class UpdateOf(StrEnum):
    """What an ``Update`` is about; its ``id`` is the interview's short id, the
    application's company or the message's key."""

    INTERVIEW = "interview"
    APPLICATION = "application"
    MESSAGE = "message"


class Change(StrEnum):
    """What happened to an interview, an application or a message in one command."""

    # interviews
    NEW = "new"
    MOVED = "moved"
    CANCELLED = "cancelled"  # also: a follow-up draft withdrawn
    DROPPED = "dropped"  # no longer an interview (declined, excluded, retitled): ``why`` says why
    REMOVED = "removed from the calendar"
    # applications
    ACTIVE_AGAIN = "active again"
    RETIRED = "retired"
    REPLIED = "replied"
    COLD = "cold"
    # messages (besides CANCELLED): a new state the mailbox reported, or the user's edit
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"
    DELETED = "deleted"
    EDITED = "edited"
    KEPT = "kept"  # its inputs changed, but the user edited it: left as they wrote it


@dataclass(frozen=True)
class Update:
    """One change a command saw or made. Its JSON form names the thing by its kind
    (``{"interview": "3f2a1c", "change": "moved"}``) and carries only the details
    that are set: ``to`` (a message's recipient), ``why``, ``evidence`` (how the
    mailbox knew), and for a reply ``from``, ``at`` and ``subject``."""

    of: UpdateOf
    id: str
    change: Change
    why: str = ""
    to: str = ""
    evidence: str = ""
    sender: str = ""
    at: datetime | None = None
    subject: str = ""

    def as_json(self) -> dict:
        data: dict[str, Any] = {self.of.value: self.id, "change": self.change.value}
        details = (("from", self.sender), ("at", self.at.isoformat() if self.at else ""),
                   ("subject", self.subject), ("to", self.to), ("why", self.why), ("evidence", self.evidence))
        data.update((name, value) for name, value in details if value)
        return data
