"""Templates -> ``email.message.EmailMessage``.

A template is plain text: a ``Subject:`` line, a blank line, then the body
(one paragraph per line). Jinja runs with ``StrictUndefined``: a variable the
template uses and the context lacks is a ``TemplateError`` naming both.

Everything that reaches a header is cleaned first: calendar text is untrusted
and a CR or LF in a name or title must never add a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from mailflow.config import Config
from mailflow.errors import TemplateError
from mailflow.model import KEY_HEADER, Composed, MessageRecord, Planned, Remark, ThreadRef, message_id
from mailflow.untrusted import header_text, plain_address

#: an RFC 5322 msg-id as mailflow writes or accepts it in In-Reply-To / References
_MSG_ID = re.compile(r"^<[^<>\s\\\"]+@[^<>\s\\\"]+>$")


def templates_dir() -> Path:
    """The shipped templates: ``mailflow/templates`` in an installed wheel, the
    repository's ``templates/`` folder in a source tree or an editable install."""
    from importlib.util import find_spec

    try:
        spec = find_spec("mailflow.templates")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "thank_you.txt").is_file():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


class Composer:
    """Renders the shipped templates, or the user's own from ``[templates] path``."""

    def __init__(self, config: Config):
        self.config = config
        import jinja2  # here, not at the top: a run with nothing to write never needs it

        self._jinja = jinja2
        loaders: list[jinja2.BaseLoader] = []
        if config.templates.path:
            loaders.append(jinja2.FileSystemLoader(str(config.resolve(config.templates.path))))
        loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=False,
        )

    def render(self, kind: str, context: dict) -> Rendered:
        name = f"{kind}.txt"
        try:
            template = self.env.get_template(name)
            text = template.render(**context)
        except self._jinja.TemplateNotFound:
            raise TemplateError(f"template {name} not found", hint="check [templates] path") from None
        except self._jinja.UndefinedError as exc:
            where = template.filename if "template" in locals() else name
            raise TemplateError(
                f"template {where}: {exc.message}",
                hint="use only the variables listed at the top of the shipped template, or guard it with {% if %}",
            ) from None
        except self._jinja.TemplateSyntaxError as exc:
            raise TemplateError(f"template {exc.filename or name}, line {exc.lineno}: {exc.message}") from None
        return split_subject(tidy(text), name)

    def build(
        self,
        kind: str,
        context: dict,
        *,
        key: str,
        to: tuple[str, str],
        date: datetime,
        reply_to: ThreadRef | None = None,
    ) -> EmailMessage:
        """Render ``kind`` and wrap it in a complete message addressed to ``to`` (name, address)."""
        rendered = self.render(kind, context)
        if not rendered.subject and reply_to is None:
            raise TemplateError(f"template {kind}.txt: the first line must be 'Subject: ...'")
        profile = self.config.profile
        msg = EmailMessage()
        msg["From"] = _address(profile.name, profile.email or "me@localhost")
        msg["To"] = _address(*to)
        subject = rendered.subject
        if reply_to is not None:
            subject = reply_subject(reply_to.subject)
            ids = [i for i in (*reply_to.references, reply_to.message_id) if _MSG_ID.match(i.strip())]
            if ids and ids[-1] == reply_to.message_id:
                msg["In-Reply-To"] = reply_to.message_id
            if ids:
                msg["References"] = " ".join(dict.fromkeys(i.strip() for i in ids))
        msg["Subject"] = header_text(subject)
        msg["Date"] = format_datetime(date)
        msg["Message-ID"] = message_id(key, profile.email)
        msg[KEY_HEADER] = key
        msg.set_content(rendered.body + "\n")
        verify_headers(msg)
        return msg


    def compose(self, item: Planned, notes: list[Remark], debrief: dict | None, *, now: datetime,
                zone: tzinfo) -> Composed:
        """A planned message composed, as one value: the message addressed to its
        recipient (a reply in its thread when it has one), the template context,
        whether a placeholder stands where the remark goes, and the digest of what
        it was written from. ``notes`` are the notes of its interview."""
        from mailflow.compose import letters

        context, placeholder = letters.context_for(item, self.config, notes, debrief, zone, now=now)
        message = self.build(item.kind, context, key=item.key, to=(item.recipient.name, item.recipient.email),
                             date=now, reply_to=thread_of(item.reply_to))
        from mailflow.compose.attachments import attach

        for path in context.get("attachments", ()):
            attach(message, Path(path))
        return Composed(item, message, context, placeholder,
                        letters.inputs_digest(item, self.config, notes, debrief))


def thread_of(record: MessageRecord | None) -> ThreadRef | None:
    """The thread a reply to ``record`` joins: its ids and subject."""
    if record is None:
        return None
    return ThreadRef(message_id=record.message_id, subject=record.subject,
                     backend_id=record.backend_id, thread_id=record.thread_id)


def tidy(text: str) -> str:
    """What a template leaves when a value ends where its sentence does: "Acme Inc.."
    -> "Acme Inc.", "Any questions?." -> "Any questions?"."""
    text = re.sub(r"(?<=\w)\.\.(?=[\s,;:]|$)", ".", text, flags=re.MULTILINE)
    return re.sub(r"(?<=[?!])\.(?=\s|$)", "", text, flags=re.MULTILINE)


def split_subject(text: str, name: str = "template") -> Rendered:
    """A rendered template -> subject (from a first ``Subject:`` line, else "") and body."""
    lines = text.lstrip("\n").split("\n")
    if lines and lines[0].lower().startswith("subject:"):
        subject, lines = header_text(lines[0].split(":", 1)[1]), lines[1:]
    else:
        subject = ""
    body = "\n".join(lines).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    return Rendered(subject, body)


def reply_subject(subject: str) -> str:
    subject = header_text(subject)
    return subject if re.match(r"^re:", subject, re.IGNORECASE) else f"Re: {subject}"


def _address(name: str, email: str) -> Address:
    address = plain_address(email)
    if address is None:
        raise TemplateError(f"{header_text(email)!r} is not a usable email address")
    return Address(display_name=header_text(name), addr_spec=address)


def verify_headers(msg: EmailMessage) -> None:
    """Refuse a message whose headers would not read back exactly as set.

    The message is written as a mail client would store it and parsed again:
    the same header names in the same order, and the same single address in
    each address field. Whatever the Python version's folding does, a draft
    with a header nobody set (a ``Bcc:`` smuggled in a name) is never written.
    """
    from email import message_from_bytes
    from email import policy as policies

    try:
        data = msg.as_bytes(policy=policies.SMTP)
    except Exception as exc:  # noqa: BLE001 - any failure to write it means it is not safe to write
        raise TemplateError(f"the message to {msg.get('To', '?')} cannot be written ({exc})") from None
    head = data.split(b"\r\n\r\n", 1)[0]
    parsed = message_from_bytes(head + b"\r\n\r\n", policy=policies.default)
    wanted = [k.lower() for k in msg.keys()]
    found = [k.lower() for k in parsed.keys()]
    same = wanted == found and all(
        [a.addr_spec for a in parsed[h].addresses] == [a.addr_spec for a in msg[h].addresses]
        for h in ("From", "To") if msg[h] is not None
    )
    if not same:
        raise TemplateError(
            f"a header of the message to {msg['To'].addresses[0].addr_spec if msg['To'] else '?'} "
            "would not be written as set (text from the calendar tried to add a header); not drafted",
            hint="check the names and title on that invite",
        )
