"""Reading a message for proofreading: its plain text, and the layout of its lines
(greeting, body, closing, signature, quoted text)."""

from __future__ import annotations

import html.parser
import re
import unicodedata
from dataclasses import dataclass
from email.message import EmailMessage, Message

from mailflow.proofread.names import ProofContext

# --------------------------------------------------------------------------- email bodies


class _HtmlText(html.parser.HTMLParser):
    """Text of an HTML body, one line per block element."""

    _BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def body_text(msg: Message) -> str:
    part: Message | None
    if isinstance(msg, EmailMessage):
        part = msg.get_body(preferencelist=("plain", "html"))
    else:
        part = next((p for p in msg.walk() if p.get_content_maintype() == "text"), None)
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    text = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        parser = _HtmlText()
        parser.feed(text)
        return "\n".join(line.strip() for line in "".join(parser.parts).splitlines())
    if part.get_param("format", "").lower() == "flowed":
        text = _unflow(text, part.get_param("delsp", "").lower() == "yes")
    return text


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676: a line ending in a space continues on the next one."""
    out: list[str] = []
    pending = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if line.endswith(" ") and line != "-- ":
            pending += line[:-1] if delsp else line
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return "\n".join(out)



# --------------------------------------------------------------------------- text layout


def normal(text: str) -> str:
    # NFC so "Zoë" typed with a combining mark is one word; one apostrophe so "don’t"
    # and "don't" look alike. Both keep the text readable as found.
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2019", "'").replace("\u02bc", "'")


_GREETING = re.compile(
    r"^\s*(?:dear|hi|hello|hey|greetings|good\s+(?:morning|afternoon|evening))(?=[\s,!]|$)[ \t]*",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^\s*(?:(?:with\s+)?(?:best|kind|warm|warmest|many)?\s*(?:regards|wishes|thanks)"
    r"|best|all\s+the\s+best|sincerely|yours\s+(?:sincerely|truly)|thank\s+you(?:\s+again)?"
    r"|thanks(?:\s+again|\s+so\s+much)?|cheers|warmly|respectfully|with\s+gratitude"
    r"|take\s+care)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
_NAME_END = re.compile(r"[,!:;\u2014\u2013]|\s-\s")
#: a line that opens a signature block: "-- " (RFC 3676), or a rule of dashes or underscores
_SIG_DELIMITER = re.compile(r"^(?:--\s?|[\u2014\u2013]{1,3}\s*|-{3,}\s*|_{3,}\s*)$")


@dataclass
class Line:
    text: str
    role: str  # greeting | body | closing | signature | quoted | blank


@dataclass
class Document:
    subject: str
    lines: list[Line]
    greeting_name: str | None  # None: no greeting line
    name_span: tuple[int, int, int] | None  # (line, start, end) of the greeting's name

    @classmethod
    def parse(cls, subject: str, body: str, ctx: ProofContext) -> Document:
        raw = body.split("\n")
        roles = ["blank" if not ln.strip() else "body" for ln in raw]
        for i, ln in enumerate(raw):
            if ln.lstrip().startswith(">"):
                roles[i] = "quoted"

        sig_start = _find_signature(raw, normal(ctx.signature))
        if sig_start is None:
            sig_start = next(
                (i for i, ln in enumerate(raw) if _SIG_DELIMITER.match(ln)), None
            )
        end = sig_start if sig_start is not None else len(raw)
        # the closing: the last of the final few text lines that reads like one
        tail = [i for i in range(end) if roles[i] == "body"][-3:]
        closing = next((i for i in reversed(tail) if _CLOSING.match(raw[i])), None)
        if closing is not None:
            roles[closing] = "closing"
            if sig_start is None and len(raw) - closing <= 10:
                sig_start = closing + 1
        if sig_start is not None:
            for i in range(sig_start, len(raw)):
                if roles[i] not in ("closing", "quoted"):
                    roles[i] = "signature"

        greeting_name, name_span = None, None
        first = next((i for i, r in enumerate(roles) if r == "body"), None)
        if first is not None:
            m = _GREETING.match(raw[first])
            if m:
                stop = _NAME_END.search(raw[first], m.end())
                end_at = stop.start() if stop else len(raw[first])
                name = raw[first][m.end() : end_at]
                # "Hello and thanks again for ..." is no greeting with a name
                if len(name.split()) <= 6:
                    greeting_name = name.strip()
                    name_span = (first, m.end(), end_at)
                    if not (stop and raw[first][stop.end() :].strip()):
                        roles[first] = "greeting"
        lines = [Line(t, r) for t, r in zip(raw, roles)]
        return cls(subject, lines, greeting_name, name_span)

    def text(self, *roles: str) -> str:
        """The subject and the lines with the given roles, other lines blanked (so the
        same lines keep their numbers and no phrase runs across a removed line)."""
        body = "\n".join(ln.text if ln.role in roles else "" for ln in self.lines)
        return self.subject + "\n\n" + body

    def prose(self, without_greeting_name: bool = False) -> str:
        """What the writer wrote: subject, greeting, body and closing."""
        text = mask(self.text("greeting", "body", "closing"), PLACEHOLDER)
        if without_greeting_name and self.name_span:
            line, start, end = self.name_span
            offset = len(self.subject) + 2 + sum(len(ln.text) + 1 for ln in self.lines[:line])
            text = text[: offset + start] + " " * (end - start) + text[offset + end :]
        return text

    def counted(self) -> list[str]:
        return [ln.text for ln in self.lines if ln.role == "body"]


def _find_signature(raw: list[str], signature: str) -> int | None:
    sig = [ln.strip() for ln in signature.split("\n") if ln.strip()]
    if not sig:
        return None
    stripped = [ln.strip() for ln in raw]
    for start in range(len(raw) - 1, -1, -1):
        if stripped[start] != sig[0]:
            continue
        got = [s for s in stripped[start:] if s][: len(sig)]
        if got == sig:
            return start
    return None



# --------------------------------------------------------------------------- tokens

WORD = re.compile(r"(?<!\w)[^\W\d_]+(?:['-][^\W\d_]+)*(?![\w])")
MASK = re.compile(
    r"[^\s@]{1,64}@[^\s@]+\.\w+"  # addresses (a local part is at most 64 characters)
    r"|\b(?:https?://|www\.)\S+"  # links
    r"|\b[\w-]{1,64}(?:\.[\w-]+)+(?:/\S*)?"  # host names, file names, "e.g." (a label is at most 63)
)


def mask(text: str, pattern: re.Pattern = MASK) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def tokens(text: str) -> set[str]:
    """Lower-case words of a text, whole and hyphen parts."""
    out: set[str] = set()
    for m in WORD.finditer(text):
        w = m.group().lower()
        out.add(w)
        out.update(w.split("-"))
        if w.endswith("'s"):
            out.add(w[:-2])
    return out



PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"  # Jinja
    r"|\{\{|\}\}|\{%|%\}"  # half of one
    r"|\{[A-Za-z_][\w.]*\}"  # str.format
    r"|<<[^<>\n]*>>"
    r"|<(?!https?:|mailto:)[A-Za-z][A-Za-z _'’-]{1,40}>"  # "<insert topic here>", "<your name>"
    r"|\[[^\[\]\n]*\]"
    r"|\b(?:TODO|TBD|FIXME|XX+)\b"
)


def squash(text: str) -> str:
    return " ".join(normal(text).split())


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


