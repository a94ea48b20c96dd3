"""Gmail's search-box syntax (``q`` of messages.list and drafts.list), as far
as a client of ours can lean on it.

Gmail matches *words*, not substrings: ``from:acme.example`` finds
``ana@acme.example`` and ``x@mail.acme.example`` but not
``ana@notacme.example``; ``subject:"thank you"`` finds "Re: Thank you, Ana"
but ``subject:than`` finds nothing. Terms are ANDed; ``OR``, ``-`` and
parentheses combine them; ``op:"a phrase"`` and ``op:(a b)`` group words.

Operators: ``from: to: cc: bcc: subject: rfc822msgid: in: after: before:
newer_than: older_than:`` (``after:``/``before:`` take ``yyyy/mm/dd``, read
as midnight Pacific time, or epoch seconds). Anything else is answered 400,
so a client cannot come to rely on it without a test that says Gmail does it.
``to:`` also matches Cc, as Gmail's does.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import getaddresses
from typing import TYPE_CHECKING, Callable

from tests.fakes.google.common import HttpFailure

if TYPE_CHECKING:
    from tests.fakes.google.gmail_messages import Message

OPERATORS = {"from", "to", "cc", "bcc", "subject", "rfc822msgid", "in", "after", "before",
             "newer_than", "older_than"}
LABELS = {"sent": "SENT", "drafts": "DRAFT", "draft": "DRAFT", "inbox": "INBOX",
          "trash": "TRASH", "spam": "SPAM"}
_TOKEN = re.compile(r'-?\w+:"[^"]*"|-?\w+:\([^()]*\)|-?"[^"]*"|\(|\)|[^\s()"]+')
PACIFIC = timezone(timedelta(hours=-8))  # Gmail reads a date in a query as midnight PST


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


class Query:
    """A parsed ``q``; ``matches(message)`` says whether Gmail would list it.
    ``now_ms`` is the fake's clock, for ``newer_than:``."""

    def __init__(self, text: str, now_ms: Callable[[], int] = lambda: 0):
        self.text = text
        self.now_ms = now_ms
        self.tokens = _TOKEN.findall(text)
        self.pos = 0
        self.tree = self._and()
        if self.pos != len(self.tokens):
            self._invalid(text)

    @staticmethod
    def _invalid(what: str) -> None:
        raise HttpFailure(400, f"Invalid search query: {what}", "invalidArgument")

    # ---- parsing -----------------------------------------------------------------

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _and(self) -> tuple:
        terms = []
        while self._peek() not in (None, ")"):
            if self._peek() == "AND":
                self.pos += 1
                continue
            terms.append(self._or())
        return ("and", terms)

    def _or(self) -> tuple:
        terms = [self._unary()]
        while self._peek() == "OR":
            self.pos += 1
            terms.append(self._unary())
        return ("or", terms)

    def _unary(self) -> tuple:
        token = self._peek()
        if token is None:
            self._invalid(self.text)
        self.pos += 1
        if token == "(":
            inner = self._and()
            if self._peek() != ")":
                self._invalid(f"unbalanced ( in {self.text}")
            self.pos += 1
            return inner
        if token.startswith("-") and len(token) > 1:
            return ("not", self._atom(token[1:]))
        return self._atom(token)

    def _atom(self, token: str) -> tuple:
        if token.startswith('"'):
            return ("text", token.strip('"'))
        name, sep, value = token.partition(":")
        if not sep or not name.isidentifier():
            return ("text", token)
        name = name.lower()
        if name not in OPERATORS or not value:
            self._invalid(token)
        if value.startswith("(") and value.endswith(")"):  # op:(a b): every word, any order
            return ("and", [(name, part) for part in value[1:-1].split()])
        value = value.strip('"')
        if name in ("after", "before"):
            return (name, _query_time(value))
        if name in ("newer_than", "older_than"):
            return (name, _age(value))
        if name == "in" and value.lower() not in LABELS and value.lower() != "anywhere":
            self._invalid(token)
        return (name, value)

    # ---- matching ----------------------------------------------------------------

    def matches(self, message: Message) -> bool:
        return self._eval(self.tree, message)

    def _eval(self, node: tuple, message: Message) -> bool:
        kind, value = node
        if kind == "and":
            return all(self._eval(n, message) for n in value)
        if kind == "or":
            return any(self._eval(n, message) for n in value)
        if kind == "not":
            return not self._eval(value, message)
        if kind in ("from", "to", "cc", "bcc"):
            headers = {"from": ("From",), "to": ("To", "Cc"), "cc": ("Cc",), "bcc": ("Bcc",)}[kind]
            people = getaddresses([message.header(h) for h in headers if message.header(h)])
            return any(_person_matches(value, name, address) for name, address in people)
        if kind == "subject":
            return _contains(words(message.header("Subject")), words(value))
        if kind == "rfc822msgid":
            return _bare(message.header("Message-ID")).lower() == _bare(value).lower()
        if kind == "in":
            return value.lower() == "anywhere" or LABELS[value.lower()] in message.labels
        received = message.internal_ms / 1000
        if kind == "after":
            return received >= value
        if kind == "before":
            return received < value
        if kind == "newer_than":
            return received >= self.now_ms() / 1000 - value
        if kind == "older_than":
            return received < self.now_ms() / 1000 - value
        if kind == "text":
            body = message.parsed.get_body(("plain",))
            text = " ".join([message.header("Subject"), message.header("From"), message.header("To"),
                             body.get_content() if body else ""])
            return _contains(words(text), words(value))
        raise AssertionError(kind)


def _person_matches(value: str, name: str, address: str) -> bool:
    value, address = value.lower(), address.lower()
    if "@" in value and not value.startswith("@"):
        return value == address
    return _contains(words(address), words(value)) or _contains(words(name), words(value))


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>")


def _query_time(value: str) -> float:
    if value.isdigit():
        return float(value)
    for pattern in ("%Y/%m/%d", "%Y-%m-%d"):
        try:
            day = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return day.replace(tzinfo=PACIFIC).timestamp()
    raise HttpFailure(400, f"Invalid search query date: {value}", "invalidArgument")


def _age(value: str) -> float:
    match = re.fullmatch(r"(\d+)([dmy])", value)
    if match is None:
        raise HttpFailure(400, f"Invalid search query: {value}", "invalidArgument")
    days = {"d": 1, "m": 30, "y": 365}[match.group(2)] * int(match.group(1))
    return days * 86400.0
