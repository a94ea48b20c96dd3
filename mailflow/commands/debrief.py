"""The debrief form (PRODUCT.md D1): reflection on one interview, in ``$EDITOR``.

The form is TOML with comments, rendered from the interview and what is
already recorded, so running ``debrief`` again edits the same answers. The
whole-interview answers are saved as the debrief (``model.Debrief``'s fields);
each ``[[interviewer]]`` block's remarks, timeline, promised items and links
become notes about that person (kinds ``remark``, ``timeline``, ``promised``,
``link``), which the thank-you notes read. Other notes (recorded with
``mailflow remark --kind availability`` and the like) are kept as they are;
deleting an interviewer's block removes the notes it showed.

A form that cannot be read is reopened with the error on its first lines and
the user's text as they left it. Quitting the editor without saving stops;
text that was being fixed is kept in a file and offered again next time.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mailflow.compose import letters
from mailflow.config import Config
from mailflow.model import Debrief, Interview, Remark
from mailflow.reports_other import DebriefReport
from mailflow.store import Store

#: the whole-interview fields, in form order, with the comment above each
FIELDS: tuple[tuple[str, str], ...] = (
    ("how_it_went", "How did it go, overall? (text over several lines goes between ''' and ''')"),
    ("went_well", "Answers that went well"),
    ("to_improve", "Answers to improve"),
    ("amplify", 'One answer to add to in the thank-you notes, positively (no apology), or "" for none.\n'
                'It ends the sentence "One thing to add to my answer on ...", e.g.\n'
                '"the caching question: a write-through cache would also cut the cold-start time."'),
    ("unexpected_questions", "Questions you did not expect"),
    ("examples_used", "Examples and stories you used"),
    ("examples_to_stress", "Examples to stress next time"),
    ("strengths", "Your strengths the conversation touched (the notes mention the first)"),
)
TEXT_FIELDS = ("how_it_went", "amplify")
#: per-interviewer form key -> note kind; a string field holds one note
PERSON_FIELDS = {"remarks": "remark", "timeline": "timeline", "promised": "promised", "links": "link",
                 "strengths": "strength", "amplify": "amplify"}
PERSON_TEXT = ("timeline", "amplify")
PERSON_HELP = """\
# One block per interviewer; keep each email line, it says who the notes are about.
# Deleting a block removes that person's notes (to stop thanking someone who was
# not an interviewer: `mailflow fix drop INTERVIEW ADDRESS`).
#   remarks   what they said that stayed with you (the thank-you builds on the last one)
#   timeline  when they said they would decide ("by Friday", "within two weeks")
#   promised  what you promised to send them
#   links     links to include (portfolio, article, case study)
#   strengths, amplify: as above, for this person's note only (the ones above are shared
#             out across the panel, so no two notes repeat the same sentence)"""
ERROR_MARK = "# ERROR: "


class FormError(Exception):
    """The form could not be read; ``line`` is 1-based in the text parsed (0: unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class PersonNotes:
    email: str
    remarks: list[str] = field(default_factory=list)
    timeline: str = ""
    promised: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    amplify: str = ""

    def notes(self, interview_id: str) -> list[Remark]:
        found = []
        for key, kind in PERSON_FIELDS.items():
            value = getattr(self, key)
            for text in [value] if isinstance(value, str) else value:
                if text:
                    found.append(Remark(interview_id, self.email, text, kind))
        return found


@dataclass
class Form:
    debrief: Debrief
    people: list[PersonNotes]


# --------------------------------------------------------------------------- rendering


def render_form(interview: Interview, notes: list[Remark], debrief: dict | None, zone) -> str:
    """The form for ``interview``, filled in with what is recorded."""
    facts = letters.interview_facts(interview, zone)
    saved = debrief or {}
    lines = [
        f"# Debrief: {interview.title or interview.company} ({interview.company}), {facts['date']}, "
        f"interview {interview.id}",
        "# Write what you remember while it is fresh: it feeds the thank-you notes.",
        '# Lines starting with # are comments. Text goes between quotes: "like this";',
        '# a list is ["one", "two"]. Save and quit when done; quit without saving to stop.',
        "",
    ]
    for key, help_text in FIELDS:
        lines += [f"# {line}" for line in help_text.splitlines()]
        value = saved.get(key, "" if key in TEXT_FIELDS else [])
        lines.append(f"{key} = {_text_block(value) if key == 'how_it_went' else _toml(value)}")
        lines.append("")
    lines.append(PERSON_HELP)
    for person in interview.interviewers:
        mine = [n for n in notes if n.interviewer.lower() == person.email.lower()]
        lines += ["", "[[interviewer]]", f"email = {_toml(person.email)}  # {_comment(person.name)}"]
        for key, kind in PERSON_FIELDS.items():
            texts = [n.text for n in mine if n.kind == kind]
            value = (texts[-1] if texts else "") if key in PERSON_TEXT else texts
            lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def _toml(value) -> str:
    """A TOML value: JSON's string escapes are TOML's; long lists get a line per item."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    items = [json.dumps(v, ensure_ascii=False) for v in value]
    if sum(len(i) for i in items) < 60:
        return "[" + ", ".join(items) + "]"
    return "[\n" + "".join(f"    {i},\n" for i in items) + "]"


def _text_block(value: str) -> str:
    """Free text as a literal multi-line string: backslashes and quotes stay as typed."""
    if "'''" in value:
        return _toml(value)
    return f"'''\n{value.strip()}\n'''" if value.strip() else "'''\n'''"


def _comment(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- reading


def strip_errors(text: str) -> str:
    """The user's text without the error lines mailflow put on top."""
    lines = text.split("\n")
    while lines and lines[0].startswith(ERROR_MARK):
        lines.pop(0)
    return "\n".join(lines)


def with_error(text: str, error: FormError) -> str:
    """``text`` with ``error`` on its first two lines, numbered as the user will see it."""
    body = strip_errors(text)
    where = f"line {error.line + 2}: " if error.line else ""
    return (f"{ERROR_MARK}{where}{error.message}\n"
            f"{ERROR_MARK}fix it and save again (these two lines go away by themselves)\n{body}")


def parse_form(text: str, interview: Interview) -> Form:
    """Read a filled-in form. Raises ``FormError`` saying what and where."""
    body = strip_errors(text)
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(str(exc), body) from None
    known = [k for k, _ in FIELDS]
    values: dict = {}
    for key, value in data.items():
        if key == "interviewer":
            continue
        if key not in known:
            raise FormError(f"unknown field {key!r}; the fields are {', '.join(known)} and [[interviewer]]",
                            _line_of(body, key))
        values[key] = _value(body, key, value, text=key in TEXT_FIELDS)
    blocks = data.get("interviewer", [])
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        raise FormError("interviewer must be [[interviewer]] blocks", _line_of(body, "interviewer"))
    on_invite = {p.email.lower() for p in interview.interviewers}
    people: list[PersonNotes] = []
    for block in blocks:
        email = block.get("email")
        if not isinstance(email, str) or not email.strip():
            raise FormError("an [[interviewer]] block has no email line; put back the one it had",
                            _line_of(body, "[[interviewer]]", occurrence=len(people)))
        email = email.strip().lower()
        if email not in on_invite:
            raise FormError(
                f"{email} is not an interviewer of this interview ({', '.join(sorted(on_invite)) or 'none'}); "
                "to add someone, use `mailflow remark INTERVIEW --by ADDRESS`",
                _line_of(body, email),
            )
        if email in {p.email for p in people}:
            raise FormError(f"{email} has two [[interviewer]] blocks; merge them", _line_of(body, email, occurrence=1))
        person = PersonNotes(email)
        for key, value in block.items():
            if key == "email":
                continue
            if key not in PERSON_FIELDS:
                raise FormError(f"unknown field {key!r} for {email}; the fields are email, "
                                f"{', '.join(PERSON_FIELDS)}", _line_of(body, key))
            setattr(person, key, _value(body, key, value, text=key in PERSON_TEXT))
        people.append(person)
    return Form(Debrief(interview.id, **values), people)


def _syntax_error(message: str, body: str) -> FormError:
    """The TOML parser's complaint, said for a form and pointing at the right line."""
    found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    what = message[:found.start()] if found else message
    line = int(found.group(1)) if found else 0
    if what == "Illegal character '\\n'":
        what = "a text in quotes is not closed on this line"
    elif what == "Unclosed array" and line:
        # the parser notices at the next key; point at the list left open
        lists = [n for n, text in enumerate(body.split("\n")[:line - 1], 1) if re.match(r"\s*\w+\s*=\s*\[", text)]
        if lists:
            line, what = lists[-1], "this list is not closed with ]"
    return FormError(what + " (check the quotes and brackets)", line)


def _value(body: str, key: str, value, *, text: bool):
    """A text field (one string) or a list field (strings; one string is a list of one)."""
    if text:
        if not isinstance(value, str):
            raise FormError(f"{key} must be text in quotes", _line_of(body, key))
        return value.strip()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FormError(f'{key} must be a list of texts in quotes, like ["one", "two"]', _line_of(body, key))
    return [v.strip() for v in value if v.strip()]


def _line_of(body: str, needle: str, occurrence: int = 0) -> int:
    """The line (1-based) where ``needle`` starts a key or value, outside comments; 0 if not found."""
    seen = 0
    for number, line in enumerate(body.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("#") or needle not in stripped:
            continue
        if stripped.startswith(needle) or f'"{needle}"' in stripped:
            if seen == occurrence:
                return number
            seen += 1
    return 0


# --------------------------------------------------------------------------- the session


def debrief(config: Config, now: datetime, interview_ref: str | None,
            edit: Callable[[str], str | None]) -> DebriefReport:
    """``mailflow debrief [INTERVIEW]`` (default: the latest that has started).

    ``edit`` shows a text to the user and returns it edited, or None when they
    quit without saving (``click.edit``).
    """
    zone = config.policy.zone
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now) if interview_ref else store.latest_started(now)
        interview = stored.interview
        kept = _kept_path(config, interview.id)
        if kept.exists():
            text = kept.read_text(encoding="utf-8")
        else:
            text = render_form(interview, store.notes().get(interview.id, []),
                               store.debriefs().get(interview.id), zone)
        result = DebriefReport(interview=interview.id, company=interview.company, saved=False, rounds=0)
        failed = kept.exists()
        while True:
            edited = edit(text)
            result.rounds += 1
            if edited is None:
                if failed:
                    kept.write_text(strip_errors(text), encoding="utf-8")
                    result.kept_in = str(kept)
                return result
            try:
                form = parse_form(edited, interview)
            except FormError as exc:
                text = with_error(edited, exc)
                failed = True
                continue
            break
        with store.transaction():
            _save(store, interview, form, now)
        kept.unlink(missing_ok=True)
    result.saved = True
    names = {p.email: p.name for p in interview.interviewers}
    result.people = [
        {"name": names[p.email], "email": p.email, "remarks": len(p.remarks), "timeline": p.timeline,
         "promised": len(p.promised), "links": len(p.links)}
        for p in form.people
    ]
    result.warnings = _spelling(config, form)
    return result


def _spelling(config: Config, form: Form) -> list[str]:
    """Words of the saved form that look misspelt (warnings: the form is saved as written)."""
    from mailflow.proofread import ProofContext
    from mailflow.proofread.checks import check_recorded

    texts = [form.debrief.amplify, *form.debrief.strengths]
    texts += [t for p in form.people for t in (*p.remarks, *p.promised, *p.strengths, p.amplify) if t]
    ctx = ProofContext(known_words=(config.profile.name,))
    found = {f.excerpt: f for t in texts if t for f in check_recorded(t, ctx, config.proofread)}
    return [f"{f.message} ({f.hint})" for f in found.values()]


def _save(store: Store, interview: Interview, form: Form, now: datetime) -> None:
    """The debrief, and the notes of every interviewer the form showed: a block
    deleted takes that person's notes with it (kinds the form does not show stay).
    A note whose text did not change keeps its time."""
    store.save_debrief(interview.id, dataclasses.asdict(form.debrief), now)
    existing = store.notes().get(interview.id, [])
    covered = {p.email.lower() for p in interview.interviewers} | {p.email for p in form.people}
    kinds = set(PERSON_FIELDS.values())
    kept = [n for n in existing if not (n.kind in kinds and n.interviewer.lower() in covered)]
    when = {(n.interviewer.lower(), n.kind, n.text): n.created_at for n in existing}
    fresh = []
    for person in form.people:
        for note in person.notes(interview.id):
            note.created_at = when.get((note.interviewer, note.kind, note.text), now)
            fresh.append(note)
    store.replace_notes(interview.id, kept + fresh, now)


def _kept_path(config: Config, interview_id: str) -> Path:
    return config.state_path.with_name(f"debrief-{interview_id}.toml")
