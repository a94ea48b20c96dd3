"""Gmail messages, threads and the profile: what the mailbox holds, and mail
arriving in it.

Messages live in ``fake.messages`` (Gmail message id -> :class:`Message`).
A message joins a thread only when Gmail's three conditions hold (API_FACTS
§1.2): the thread is asked for (drafts) or implied (incoming mail), its
In-Reply-To/References name a message of the thread, and the subject is the
same up to "Re:"/"Fwd:". messages.list leaves out SPAM and TRASH unless
``includeSpamTrash=true``, newest first, as Gmail does.
"""

from __future__ import annotations

import base64
import email.utils
import re
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from tests.fakes.google.common import NOT_FOUND, HttpFailure, one, page
from tests.fakes.google.gmail_search import Query

GMAIL = r"/gmail/v1/users/(?P<user>[^/]+)"
ROUTES = [
    ("GET", GMAIL + r"/profile", "users.getProfile"),
    ("GET", GMAIL + r"/messages", "messages.list"),
    ("GET", GMAIL + r"/messages/(?P<id>[^/]+)", "messages.get"),
    ("GET", GMAIL + r"/threads/(?P<id>[^/]+)", "threads.get"),
]


@dataclass
class Message:
    id: str
    thread_id: str
    labels: set[str]
    raw: bytes
    parsed: EmailMessage
    internal_ms: int
    history_id: int

    def header(self, name: str) -> str:
        return str(self.parsed.get(name, ""))


class GmailMessages:
    """Mixin of :class:`FakeGoogle`: the message store and its read API."""

    def _setup_messages(self) -> None:
        self.address = "me@example.com"
        self.messages: dict[str, Message] = {}

    # ---- test controls -------------------------------------------------------

    def sent_messages(self) -> list[Message]:
        with self.lock:
            return [m for m in self.messages.values() if "SENT" in m.labels]

    def deliver(
        self,
        sender: str,
        subject: str,
        *,
        body: str = "Thank you.",
        when_ms: int | None = None,
        in_reply_to: str = "",
        headers: dict[str, str] | None = None,
        labels: tuple[str, ...] = ("INBOX", "UNREAD"),
    ) -> Message:
        """A message arrives (threaded like Gmail would); ``labels=("SPAM",)``
        is one Gmail's filter took for spam."""
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = self.address
        msg["Subject"] = subject
        msg["Date"] = email.utils.formatdate((when_ms or self.clock_ms()) / 1000)
        msg["Message-ID"] = f"<incoming.{next(self._ids)}@{sender.rpartition('@')[2].rstrip('>')}>"
        if in_reply_to:
            msg["In-Reply-To"] = in_reply_to
            msg["References"] = in_reply_to
        for name, value in (headers or {}).items():
            msg[name] = value
        msg.set_content(body)
        with self.lock:
            return self._store(msg, set(labels), thread_id=self._thread_by_headers(msg, None),
                               when_ms=when_ms)

    def deliver_raw(self, raw: bytes, sender: str, *, when_ms: int | None = None) -> Message:
        """``raw`` arrives as it was sent, whatever it holds (Gmail keeps the bytes; its
        search finds it as from ``sender``)."""
        searchable = EmailMessage()
        searchable["From"] = sender
        searchable["To"] = self.address
        with self.lock:
            return self._store(searchable, {"INBOX", "UNREAD"}, when_ms=when_ms, raw=raw)

    # ---- handlers --------------------------------------------------------------

    def _messages_list(self, params: dict, query: dict, body: bytes) -> dict:
        matcher = Query(one(query, "q", ""), self.clock_ms)
        hidden = set() if one(query, "includeSpamTrash", "false") == "true" else {"TRASH", "SPAM"}
        found = sorted(
            (m for m in self.messages.values() if not m.labels & hidden and matcher.matches(m)),
            key=lambda m: -m.internal_ms,
        )
        return page([{"id": m.id, "threadId": m.thread_id} for m in found], "messages", query)

    def _messages_get(self, params: dict, query: dict, body: bytes) -> dict:
        message = self.messages.get(params["id"])
        if message is None:
            raise HttpFailure(404, NOT_FOUND)
        return self._message_json(message, query)

    def _threads_get(self, params: dict, query: dict, body: bytes) -> dict:
        members = sorted(
            (m for m in self.messages.values() if m.thread_id == params["id"]),
            key=lambda m: m.internal_ms,
        )
        if not members:
            raise HttpFailure(404, NOT_FOUND)
        return {
            "id": params["id"],
            "historyId": str(max(m.history_id for m in members)),
            "messages": [self._message_json(m, query) for m in members],
        }

    def _users_getProfile(self, params: dict, query: dict, body: bytes) -> dict:
        return {
            "emailAddress": self.address,
            "messagesTotal": len(self.messages),
            "threadsTotal": len({m.thread_id for m in self.messages.values()}),
            "historyId": str(self.history_id),
        }

    # ---- the store -------------------------------------------------------------

    def _store(self, parsed: EmailMessage, labels: set[str], *, thread_id: str = "",
               when_ms: int | None = None, raw: bytes | None = None) -> Message:
        """Keep a new message (a new thread unless ``thread_id``) and record it;
        ``raw`` is the message as the client sent it, when it did."""
        message_id = self._new_message_id()
        message = Message(message_id, thread_id or message_id, labels, raw or parsed.as_bytes(), parsed,
                          when_ms or self.clock_ms(), 0)
        self.messages[message_id] = message
        self._record("messagesAdded", message)
        return message

    def _message_json(self, message: Message, query: dict) -> dict:
        fmt = one(query, "format", "full").lower()
        out: dict[str, Any] = {
            "id": message.id,
            "threadId": message.thread_id,
            "labelIds": sorted(message.labels),
            "snippet": "",
            "historyId": str(message.history_id),
            "internalDate": str(message.internal_ms),
            "sizeEstimate": len(message.raw),
        }
        if fmt == "raw":
            out["raw"] = base64.urlsafe_b64encode(message.raw).decode()
        elif fmt in ("metadata", "full"):
            wanted = {h.lower() for h in query.get("metadataHeaders", [])}
            headers = [
                {"name": name, "value": str(value)}
                for name, value in message.parsed.items()
                if fmt == "full" or not wanted or name.lower() in wanted
            ]
            out["payload"] = {"mimeType": message.parsed.get_content_type(), "headers": headers}
        return out

    def _new_message_id(self) -> str:
        return f"{0x18c0000000000000 + next(self._ids):x}"

    def _thread_by_headers(self, parsed: EmailMessage, asked: str | None) -> str:
        """The thread a new message joins, or "": Gmail's three conditions (for
        drafts ``threadId`` must be given; incoming mail is threaded by headers)."""
        named = set(re.findall(r"<[^>]+>", f"{parsed.get('In-Reply-To', '')} {parsed.get('References', '')}"))
        subject = base_subject(str(parsed.get("Subject", "")))
        for message in self.messages.values():
            if asked and message.thread_id != asked:
                continue
            if message.header("Message-ID").strip() in named and base_subject(
                message.header("Subject")
            ) == subject:
                return message.thread_id
        return ""


def base_subject(subject: str) -> str:
    """The subject without "Re:"/"Fwd:" prefixes, whitespace folded, lower case."""
    subject = " ".join(subject.split())
    while re.match(r"(?i)^(re|fwd?):\s*", subject):
        subject = re.sub(r"(?i)^(re|fwd?):\s*", "", subject, count=1)
    return subject.lower()
