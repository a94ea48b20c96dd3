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

Anyone can send mail, so every byte is hostile input: a header may be cut, doubled,
empty, binary, enormous or in a charset that does not exist, and the structure may be
a bomb (deep nesting, thousands of parts, one huge part). ``read_letter`` never raises
for what a message holds, and its time and memory are bounded whatever the message:
only its first ``MAX_BYTES`` are read (``bounded``), at most ``MAX_CONTAINERS``
multipart or message parts and ``MAX_PARTS`` boundaries, each header's first
``MAX_HEADER`` characters, and ``MAX_TEXT`` characters of text. Headers are decoded
here (``Headers``), not by the email package's header classes, which raise on
values such as ``Message-ID: <`` or ``From: <``.
"""

from __future__ import annotations

import email
import email.policy
import html as html_entities
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from mailflow.patterns import lazy

#: how much of a message is read, whatever it holds: its first bytes (the text comes
#: before the attachments), of its header block, multipart or message parts (nested or
#: side by side), boundary lines, characters of one header value, characters of text
MAX_BYTES = 2_000_000
MAX_HEADER_BLOCK = 64_000
MAX_CONTAINERS = 16
MAX_PARTS = 256
MAX_HEADER = 16_000
MAX_TEXT = 200_000

_LINE_START = rb"(?<![^\r\n])"  # at the start of the data or after any line break (the parser takes CR, LF, CRLF)
_CONTAINER = lazy(
    _LINE_START + rb"content-type[ \t]*:(?:[^\r\n]|\r?\n[ \t]|\r[ \t])*?(?:multipart|message)", re.IGNORECASE)
_BOUNDARY = lazy(_LINE_START + rb"--")
_BLANK_LINE = lazy(rb"(?:\r\n|\r|\n)(?:\r\n|\r|\n)")
_CONTROLS = lazy(r"[\x00-\x20\x7f-\x9f\u2028\u2029\s]+")
_TAG = lazy(r"<[^<>]{0,2000}>")

#: where a message's own text ends and quoted or forwarded history begins
_CUT_LINE = lazy(
    r"^\s*(?:"
    r"-{2,}\s*(?:original message|urspr[üu]ngliche nachricht|message d'origine|mensaje original|"
    r"forwarded message|weitergeleitete nachricht|message transf[ée]r[ée]|mensaje reenviado)\s*-{2,}|"
    r"begin forwarded message:|d[ée]but du message r[ée]exp[ée]di[ée]\s*:|"
    r"anfang der weitergeleiteten nachricht:|inicio del mensaje reenviado:"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
_ATTRIBUTION = lazy(
    r"^[ \t]*(?:on|am|le|el|em|il|op)\b[^\n]{0,300}?(?:\n[^\n]{0,200}?)?"
    r"(?:wrote|schrieb|a [ée]crit|escribi[óo]|escreveu|ha scritto|schreef)[^\n]{0,80}?:[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_OUTLOOK_FROM = lazy(r"^\s*\**(?:from|von|de|da|van)\s*\**\s*:\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = lazy(
    r"^\s*\**(?:sent|gesendet|envoy[ée]|enviado(?: el)?|date|datum|data|inviato|verzonden|to|an|[àa]|para)\s*\**\s*:",
    re.IGNORECASE)
#: a text/plain part that only points at the HTML one
_STUB = lazy(r"browser|navigateur|navegador|html|webversion|web version|online|en ligne|en línea|ansehen|afficher|view",
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
    """Decode ``raw`` (the message's bytes, or a parsed message). Never raises for what
    the message holds; a part that cannot be decoded is left out."""
    msg = raw if isinstance(raw, Message) else parse(raw)
    headers = Headers(msg)
    name, address = headers.sender()
    body, from_html = body_text(msg)
    own, history = split_history(body)
    return Letter(
        sender=address,
        sender_name=name,
        subject=headers.text("subject"),
        date=header_date(headers.text("date")),
        message_id=headers.text("message-id"),
        in_reply_to=headers.text("in-reply-to"),
        references=tuple(re.findall(r"<[^<>\s]+>", headers.text("references"))),
        reply_to=next(iter(headers.addresses("reply-to")), ""),
        headers=headers.decoded(),
        text=own,
        history=history,
        from_html=from_html,
    )


class Headers:
    """The headers of one message, read defensively: each value as given (the first
    ``MAX_HEADER`` characters), decoded only when asked (``header_value``); addresses
    are read from the value as given, so an encoded display name holding a comma or
    an angle bracket is never taken for an address. Nothing here raises."""

    def __init__(self, msg: Message):
        self.raw: dict[str, list[str]] = {}
        try:
            items = list(msg.raw_items())
        except Exception:  # noqa: BLE001
            items = []
        for name, value in items:
            try:
                key, text = clean_text(str(name))[:200].lower(), str(value)[:MAX_HEADER]
            except Exception:  # noqa: BLE001 - a header object that cannot even be shown
                continue
            self.raw.setdefault(key, []).append(text)

    def text(self, name: str) -> str:
        """The first ``name`` header, decoded, one line ("" when absent)."""
        values = self.raw.get(name.lower())
        return header_value(values[0]) if values else ""

    def decoded(self) -> dict[str, str]:
        """The first of each header, decoded, by lower-case name."""
        return {name: header_value(values[0]) for name, values in self.raw.items()}

    def addresses(self, *names: str) -> tuple[str, ...]:
        """The lower-case addresses in every ``names`` header, in order."""
        return addresses_in([v for name in names for v in self.raw.get(name.lower(), [])])

    def sender(self, name: str = "from") -> tuple[str, str]:
        """(display name, lower-case address) of the first ``name`` header."""
        values = self.raw.get(name.lower())
        if not values:
            return "", ""
        try:
            display, address = parseaddr(values[0])
        except Exception:  # noqa: BLE001
            return "", ""
        return header_value(display), clean_text(address).lower()

    def date(self) -> datetime | None:
        return header_date(self.text("date"))


def bounded(raw: bytes) -> bytes:
    """``raw`` cut where reading it would cost more than a letter is worth: after
    ``MAX_BYTES``, a header block longer than ``MAX_HEADER_BLOCK``, the
    ``MAX_CONTAINERS``-th multipart or message part, or the ``MAX_PARTS``-th boundary.
    The email package reads a cut message as one whose end is missing. A message
    within the limits is returned unchanged."""
    raw = bytes(raw[:MAX_BYTES])
    if len(raw) > MAX_HEADER_BLOCK and _BLANK_LINE.search(raw, 0, MAX_HEADER_BLOCK) is None:
        head = raw[:MAX_HEADER_BLOCK]
        cut = max(head.rfind(b"\n"), head.rfind(b"\r"))
        return head[:cut if cut > 0 else 0] + b"\n\n"
    end = len(raw)
    for pattern, limit in ((_CONTAINER, MAX_CONTAINERS), (_BOUNDARY, MAX_PARTS)):
        for count, match in enumerate(pattern.finditer(raw, 0, end)):
            if count == limit:
                end = match.start()
                break
    return raw[:end]


def parse(raw: bytes) -> Message:
    """The message in ``raw`` (``bounded``), as the email package's lenient parser reads
    it: headers are left as given (``Headers`` decodes them)."""
    return email.message_from_bytes(bounded(raw), policy=email.policy.compat32)


def addresses_in(values: list[str]) -> tuple[str, ...]:
    """The lower-case addresses in these header values (as given, not decoded), in
    order, once each; () when the address parser cannot read them."""
    try:
        found = getaddresses([str(v)[:MAX_HEADER] for v in values[:1000]])
    except Exception:  # noqa: BLE001 - the address parser on a hostile value
        return ()
    return tuple(dict.fromkeys(a for a in (clean_text(a).lower() for _, a in found) if a))


def header_value(value: object) -> str:
    """One header's value as text: encoded words decoded in any charset or none, bytes
    that are not UTF-8 replaced, one line, at most ``MAX_HEADER`` characters."""
    try:
        text = str(value)[:MAX_HEADER]
    except Exception:  # noqa: BLE001 - a header object that cannot even be shown
        return ""
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except Exception:  # noqa: BLE001 - an unknown charset, a cut encoded word: decoded one by one
            text = _decoded_words(text)
    return clean_text(text)[:MAX_HEADER]


def _decoded_words(text: str) -> str:
    try:
        chunks = decode_header(text)
    except Exception:  # noqa: BLE001
        return text
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            chunk = decode_bytes(chunk, charset) if charset else chunk.decode("raw-unicode-escape", "replace")
        out.append(chunk)
    return " ".join(out)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """``data`` in ``charset``; UTF-8 when the charset is unknown or not a text encoding;
    what cannot be decoded replaced."""
    try:
        return data.decode(charset or "utf-8", "replace")
    except Exception:  # noqa: BLE001 - LookupError, or a codec that refuses "replace" (idna)
        return data.decode("utf-8", "replace")


def clean_text(text: str) -> str:
    """One line: bytes that are not UTF-8 (as the parser keeps them) decoded or replaced,
    control characters and runs of blanks made one space."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    return _CONTROLS.sub(" ", text).strip()


def header_date(value: str) -> datetime | None:
    """A Date header as an aware time (UTC when it gives no offset), or None."""
    if not value:
        return None
    try:
        date = parsedate_to_datetime(value[:200])
        return date if date.tzinfo is not None else date.replace(tzinfo=timezone.utc)
    except Exception:  # noqa: BLE001 - TypeError, ValueError, IndexError, OverflowError ...
        return None


def parts(msg: Message):
    """The leaf parts of ``msg``, depth first, at most ``MAX_PARTS`` of them and no
    deeper than ``MAX_CONTAINERS`` (without recursion)."""
    stack = [(msg, 0)]
    seen = 0
    while stack and seen < MAX_PARTS:
        part, depth = stack.pop()
        seen += 1
        if part.is_multipart():  # (not get_payload(): on a leaf it decodes, and can raise)
            if depth < MAX_CONTAINERS:
                stack.extend((p, depth + 1) for p in reversed(part.get_payload()) if isinstance(p, Message))
            continue
        yield part


def body_text(msg: Message) -> tuple[str, bool]:
    """The message's text, whole (quotes included), and whether it came from HTML."""
    plain = html = ""
    for part in parts(msg):
        try:
            if part.get_content_disposition() == "attachment":
                continue
            ctype = part.get_content_type()
        except Exception:  # noqa: BLE001 - a Content-Type or Content-Disposition that cannot be read
            continue
        if ctype not in ("text/plain", "text/html"):
            continue
        if (ctype == "text/plain" and plain) or (ctype == "text/html" and html):
            continue
        text = _decoded(part)
        if ctype == "text/plain":
            plain = text
        else:
            html = text
        if plain and html:
            break
    plain = normalize(plain)
    if not html:
        return plain, False
    from_html = normalize(html_to_text(html))
    short = len(plain.strip()) < 300 or len(plain.strip()) < 0.5 * len(from_html.strip())
    if not plain.strip() or (short and _STUB.search(plain) and len(from_html.strip()) > len(plain.strip())):
        return from_html, True
    return plain, False


def _decoded(part: Message) -> str:
    """A text part's content in its charset (at most ``MAX_TEXT`` characters), or ""."""
    try:
        if isinstance(part, EmailMessage):
            content = part.get_content()
            if isinstance(content, str):
                return content[:MAX_TEXT]
    except Exception:  # noqa: BLE001 - decoded by hand below
        pass
    try:
        payload = part.get_payload(decode=True)
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001 - a transfer encoding or a charset parameter that cannot be read
        return ""
    if not isinstance(payload, bytes):
        return ""
    return decode_bytes(payload[:4 * MAX_TEXT], charset)[:MAX_TEXT]


def html_to_text(html: str) -> str:
    """HTML as text: blocks on their own lines, inline markup joined, entities decoded."""
    html = html[:MAX_TEXT]
    try:
        from inscriptis import get_text

        return get_text(html)
    except Exception:  # noqa: BLE001 - markup the converter cannot take: the tags dropped
        return html_entities.unescape(_TAG.sub(" ", html))


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
    return split_history(normalize(html_to_text(body) if html else body[:MAX_TEXT]))


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
