"""A received message as the inbox rules read it (PRODUCT.md I2). Pure: bytes in, text out.

``read_letter`` decodes an RFC 5322 message into a ``Letter``: its headers (lower-case
names), the sender's address and display name, subject, date, thread headers, and the
text its author wrote, with the quoted history and forwarded messages removed, so that
the user's own quoted thank-you ("I look forward to the next steps ... the offer of
learning more") never counts as what the company said.

- The text comes from the ``text/plain`` part, unless there is none, it is empty, or it
  is a stub ("view this email in your browser") much shorter than the HTML part: then
  the HTML is turned into text by ``inscriptis`` (entities decoded, ``&nbsp;`` made a
  space, inline markup such as ``<strong>`` joined into its sentence, blocks on lines).
- Quoted history starts at the first of: a line quoted with ``>``; an attribution line
  ("On ... wrote:", "Am ... schrieb ...:", "Le ... a écrit :", "El ... escribió:"), even
  wrapped over two lines; Outlook's header block ("From: ... Sent: ...", "Von: ...
  Gesendet: ...", "De : ... Envoyé : ...", "De: ... Enviado el: ..."), with or without
  the rule above it; "-----Original Message-----" and its translations; a forwarded
  message's banner ("---------- Forwarded message ---------", "Begin forwarded
  message:", "Message transféré", "Mensaje reenviado", "Weitergeleitete Nachricht").
"""

from __future__ import annotations

import email
import email.policy
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

#: where a message's own text ends and quoted or forwarded history begins
_CUT_LINE = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:original message|urspr[üu]ngliche nachricht|message d'origine|mensaje original|"
    r"forwarded message|weitergeleitete nachricht|message transf[ée]r[ée]|mensaje reenviado)\s*-{2,}|"
    r"begin forwarded message:|d[ée]but du message r[ée]exp[ée]di[ée]\s*:|"
    r"anfang der weitergeleiteten nachricht:|inicio del mensaje reenviado:"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
_ATTRIBUTION = re.compile(
    r"^[ \t]*(?:on|am|le|el|em|il|op)\b[^\n]{0,300}?(?:\n[^\n]{0,200}?)?"
    r"(?:wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|ha scritto|schreef)[^\n]{0,80}?:[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_OUTLOOK_FROM = re.compile(r"^\s*\**(?:from|von|de|da|van)\s*\**\s*:\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(
    r"^\s*\**(?:sent|gesendet|envoy[ée]|enviado(?: el)?|date|datum|data|inviato|verzonden|to|an|[àa]|para)\s*\**\s*:",
    re.IGNORECASE)
#: a text/plain part that only points at the HTML one
_STUB = re.compile(r"browser|navigateur|navegador|html|webversion|web version|online|en ligne|en línea|ansehen|afficher|view",
                   re.IGNORECASE)


@dataclass
class Letter:
    """One received message, decoded: what the inbox rules read."""

    sender: str  # address, lower-case
    sender_name: str
    subject: str
    date: datetime | None
    message_id: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    reply_to: str = ""  # address, lower-case
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    #: what the sender wrote: quoted history and forwarded messages removed
    text: str = ""
    #: what was removed: the quoted history and forwarded messages (attribution may read
    #: it to tell two roles apart; classification never does)
    history: str = ""
    #: the text came from the HTML part
    from_html: bool = False


def read_letter(raw: bytes | Message) -> Letter:
    """Decode ``raw`` (the message's bytes, or a parsed message)."""
    msg = raw if isinstance(raw, Message) else email.message_from_bytes(raw, policy=email.policy.default)
    headers = {k.lower(): _header_text(v) for k, v in msg.items()}
    name, address = parseaddr(headers.get("from", ""))
    try:
        date = parsedate_to_datetime(headers.get("date", "")) if headers.get("date") else None
        if date is not None and date.tzinfo is None:
            date = date.replace(tzinfo=timezone.utc)
    except (TypeError, ValueError, IndexError):
        date = None
    body, from_html = body_text(msg)
    own, history = split_history(body)
    return Letter(
        sender=address.strip().lower(),
        sender_name=name.strip(),
        subject=" ".join(headers.get("subject", "").split()),
        date=date,
        message_id=headers.get("message-id", "").strip(),
        in_reply_to=headers.get("in-reply-to", "").strip(),
        references=tuple(re.findall(r"<[^<>\s]+>", headers.get("references", ""))),
        reply_to=(getaddresses([headers.get("reply-to", "")]) or [("", "")])[0][1].strip().lower(),
        headers=headers,
        text=own,
        history=history,
        from_html=from_html,
    )


def _header_text(value: object) -> str:
    return " ".join(str(value).split())


def body_text(msg: Message) -> tuple[str, bool]:
    """The message's text, whole (quotes included), and whether it came from HTML."""
    plain = html = ""
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        text = _decoded(part)
        if ctype == "text/plain" and not plain:
            plain = text
        elif ctype == "text/html" and not html:
            html = text
    plain = normalize(plain)
    if not html:
        return plain, False
    from_html = normalize(html_to_text(html))
    short = len(plain.strip()) < 300 or len(plain.strip()) < 0.5 * len(from_html.strip())
    if not plain.strip() or (short and _STUB.search(plain) and len(from_html.strip()) > len(plain.strip())):
        return from_html, True
    return plain, False


def _decoded(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except (LookupError, ValueError, AttributeError):
        pass
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def html_to_text(html: str) -> str:
    """HTML as text: blocks on their own lines, inline markup joined, entities decoded."""
    from inscriptis import get_text

    return get_text(html)


def normalize(text: str) -> str:
    """NFC, non-breaking and odd spaces made plain spaces, line ends as LF."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r"[\u00a0\u2007\u202f\u200b\u2060\ufeff]", lambda m: "" if m.group() in "\u200b\u2060\ufeff" else " ",
                  text)


def split_history(body: str) -> tuple[str, str]:
    """(the sender's own text, the quoted history and forwarded messages below it)."""
    own = own_text(body)
    body = body.strip()
    return own, body[len(own):].strip() if body.startswith(own) else ""


def letter_text(body: str, *, html: bool = False) -> tuple[str, str]:
    """``split_history`` of a body a mailbox API gives as a string (HTML or text)."""
    return split_history(normalize(html_to_text(body) if html else body))


def own_text(text: str) -> str:
    """``text`` without the quoted history and forwarded messages below it."""
    cut = len(text)
    for pattern in (_CUT_LINE, _ATTRIBUTION):
        m = pattern.search(text)
        if m:
            cut = min(cut, m.start())
    lines = text[:cut].split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            break
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(n) for n in lines[i + 1:i + 4]):
            while kept and (not kept[-1].strip() or set(kept[-1].strip()) <= set("_-=*")):
                kept.pop()  # the rule above Outlook's header block
            break
        kept.append(line)
    return "\n".join(kept).strip()
