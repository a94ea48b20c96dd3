"""Text from strangers, made safe where it lands. Pure.

Anyone can put an event on a person's calendar, and anyone can send them mail,
so titles, names, addresses and subjects are untrusted. Three places matter:

- a mail header: one line, no control or line-separator character, and no
  RFC 2047 encoded word left to decode (``header_text``). The email package
  decodes an encoded word in a display name and, on Python versions without
  the CVE-2024-6923 fix, writes the decoded CR/LF raw when folding: an invite
  could add a ``Bcc:``. So encoded words are decoded *here*, the result is
  cleaned, and any ``=?`` left is broken up so nothing is decoded again.
- an address field: only a single plain ``local@domain`` (``plain_address``),
  checked once at the edge where a calendar or a user gives it.
- a terminal, a log or cron mail: no escape sequence or line break from
  calendar text (``printable``).
"""

from __future__ import annotations

import functools
import unicodedata
from email.errors import HeaderParseError
from email.header import decode_header, make_header

from mailflow.patterns import lazy

#: every character that ends a line somewhere (CR, LF, VT, FF, NEL, U+2028/2029, FS/GS/RS)
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ENCODED_WORD = lazy(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
#: bidirectional overrides: they make a terminal show text in another order than it is
_BIDI = lazy("[\u202a-\u202e\u2066-\u2069]")
#: text up to this length is remembered by ``name_text`` and ``plain_address`` (longer
#: text is never an address and rarely a name, and must not be kept)
_CACHED = 512
_ESCAPE = lazy(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def _is_control(char: str) -> bool:
    return char in _LINE_BREAKS or unicodedata.category(char) in ("Cc", "Zl", "Zp")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` for a terminal or a log: escape sequences removed, other control
    characters (and line breaks, unless ``keep_newlines``) turned into spaces,
    bidirectional overrides dropped."""
    text = str(text)
    if text.isprintable():  # no control, line break, escape or override: nothing to do
        return text
    text = _BIDI.sub("", _ESCAPE.sub("", text))
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t" and keep_newlines:
            out.append(char)
        elif _is_control(char):
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def one_line(text: str) -> str:
    """The first line of ``text``, with control characters as spaces and single
    spaces: how a title or a name from a calendar is read ("Acme\\nBcc: x" is "Acme")."""
    text = str(text)
    for index, char in enumerate(text):
        if char in _LINE_BREAKS:
            text = text[:index]
            break
    return " ".join(printable(text).split())


def _decode_words(text: str) -> str:
    """Decode RFC 2047 encoded words until none is left (bounded: words can nest)."""
    for _ in range(5):
        if not _ENCODED_WORD.search(text):
            return text
        try:
            decoded = str(make_header(decode_header(text)))
        except (HeaderParseError, UnicodeError, LookupError, ValueError):
            return _ENCODED_WORD.sub(" ", text)
        if decoded == text:
            break
        text = decoded
    return text


def name_text(value: str) -> str:
    """A person's name or an event title as a calendar gives it: encoded words
    decoded, then its first line only, single-spaced (see ``one_line``)."""
    value = str(value)
    # the same names come back with every occurrence of a series; long text is not kept
    return _name_text(value) if len(value) <= _CACHED else one_line(_decode_words(value))


@functools.lru_cache(maxsize=4096)
def _name_text(value: str) -> str:
    return one_line(_decode_words(value))


def header_text(value: str) -> str:
    """One line of text safe in any mail header, on every Python version.

    Encoded words are decoded first, then every control and line-separator
    character becomes a space, and a ``=?`` still present is broken up so the
    email package has nothing left to decode when it writes the header."""
    text = _decode_words(str(value))
    text = " ".join(printable(text).split())
    return text.replace("=?", "= ?")


#: a plain address: no spaces, quotes, brackets, commas, semicolons or colons; one @
_ADDRESS = lazy(r"^[^\s@<>()\[\],;:\"\\]+@[^\s@<>()\[\],;:\"\\]+$")
#: a domain is host names (letters of any script, digits, hyphens) joined by dots: a
#: ``mailto:`` value's ``?subject=`` or ``#`` must not ride along into a To: header
_DOMAIN = lazy(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*$")


#: an unquoted local part (RFC 5322 dot-atom)
_DOT_ATOM = lazy(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def plain_address(value: str) -> str | None:
    """``value`` as a lower-case plain ``local@domain`` address, or None when it is
    anything else (a name, several addresses, parameters, control characters).
    ``mailto:`` is dropped."""
    value = str(value)
    # a calendar repeats the same few addresses thousands of times; long text is not kept
    return _plain_address(value) if len(value) <= _CACHED else None


@functools.lru_cache(maxsize=4096)
def _plain_address(value: str) -> str | None:
    text = value.strip()
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    if not text or len(text) > 254 or any(_is_control(c) for c in text) or "=?" in text:
        return None
    if not _ADDRESS.match(text):
        return None
    local, _, domain = text.rpartition("@")
    if not local or len(local) > 64 or domain.startswith(".") or domain.endswith(".") or ".." in text:
        return None
    if "." not in domain and domain.lower() != "localhost":
        return None
    if not _DOMAIN.match(domain):
        return None
    if _DOT_ATOM.match(local) and domain.isascii():
        return text.lower()  # the common case, which the standard parser always accepts
    from email.headerregistry import Address

    try:
        Address(addr_spec=text)  # the standard parser agrees it is one address
    except (ValueError, IndexError, HeaderParseError):
        return None
    return text.lower()


def redact_url(url: str) -> str:
    """``https://host/…``: the scheme and the host (and port) only. A calendar's address is
    often its password, and which part holds it varies (Google's "secret address"
    in the path, a token in the query, the whole path at other services, a user
    and password before the host), so nothing past the host is shown."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "(an address)"
    if not parts.scheme or not host:
        return "(an address)"
    if ":" in host:
        host = f"[{host}]"
    more = "/…" if parts.path.strip("/") or parts.query or parts.fragment or "@" in parts.netloc else ""
    return printable(f"{parts.scheme.lower()}://{host}{f':{port}' if port else ''}{more}")


#: an address with a scheme and ``//`` (http, https, webcal, caldav ...) in text
_URL = lazy(r"\b[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\s'\"<>`]+")


def scrub_urls(text: str) -> str:
    """``text`` with every address in it cut to scheme and host (``redact_url``):
    for messages, logs and reports, where an address from the config or a
    library's error may carry a secret."""
    text = str(text)
    if "://" not in text:
        return text
    return _URL.sub(lambda m: redact_url(m.group().rstrip(".,;:)]}")) + _tail(m.group()), text)


def _tail(url: str) -> str:
    """Punctuation a sentence put after an address, kept after its redacted form."""
    stripped = url.rstrip(".,;:)]}")
    return url[len(stripped):]
