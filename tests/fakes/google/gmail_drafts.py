"""Gmail drafts: the drafts API, and what the user does to a draft in Gmail.

API (API_FACTS §1.1): drafts.create takes base64url raw MIME (kept, parsed, in
``drafts_created`` for tests to read); a draft's message can only be replaced,
never edited, and gets a new message id each time while the draft id stays;
drafts.send deletes the draft and makes a SENT message with a new id, keeping
the Message-ID unless ``rewrite_message_id_on_send`` is set.

The user, in the Gmail web UI (API_FACTS §1.2, §8):

``user_sends_from_web(draft_id, subject=None, new_thread=False, body=None)``
    The draft disappears; a SENT message appears with a Message-ID of Gmail's
    own and without any X- header (X-Mailflow-Key is gone), optionally with an
    edited subject or body, optionally in a new thread.
``user_edits(draft_id, body=None, subject=None, new_message_id=True)``
    The content is replaced: same draft id, a new message id, and the web
    composer writes the MIME afresh (X- headers dropped, its own Message-ID).
``user_deletes(draft_id)``
    The draft is discarded: gone for good, not in the trash.
``user_sends(draft_id)``
    The same as drafts.send (a client that keeps the message as it was).
``user_sends_new(to, subject, when_ms=None)``
    The user writes a new message of their own and sends it: SENT, a thread of
    its own, Gmail's Message-ID.
"""

from __future__ import annotations

import base64
import copy
import email
import email.policy
import email.utils
import re
from email.message import EmailMessage
from typing import Any

from tests.fakes.google.common import NOT_FOUND, HttpFailure, body_json, one, page
from tests.fakes.google.gmail_messages import Message
from tests.fakes.google.gmail_search import Query

GMAIL = r"/gmail/v1/users/(?P<user>[^/]+)"
ROUTES = [
    ("POST", GMAIL + r"/drafts/send", "drafts.send"),
    ("POST", GMAIL + r"/drafts", "drafts.create"),
    ("GET", GMAIL + r"/drafts", "drafts.list"),
    ("GET", GMAIL + r"/drafts/(?P<id>[^/]+)", "drafts.get"),
    ("PUT", GMAIL + r"/drafts/(?P<id>[^/]+)", "drafts.update"),
    ("DELETE", GMAIL + r"/drafts/(?P<id>[^/]+)", "drafts.delete"),
]
BASE64URL = re.compile(r"^[A-Za-z0-9_-]*={0,2}$")


class GmailDrafts:
    """Mixin of :class:`FakeGoogle`."""

    def _setup_drafts(self) -> None:
        self.drafts: dict[str, str] = {}  # draft id -> message id
        self.drafts_created: list[dict[str, Any]] = []  # {"message", "thread_id", "asked_thread"}
        self.rewrite_message_id_on_send = False

    # ---- test controls -------------------------------------------------------

    def draft_messages(self) -> list[Message]:
        with self.lock:
            return [self.messages[m] for m in self.drafts.values()]

    def draft_id_of(self, key: str) -> str:
        """The draft whose message carries ``X-Mailflow-Key: key``."""
        with self.lock:
            for draft_id, message_id in self.drafts.items():
                if self.messages[message_id].header("X-Mailflow-Key") == key:
                    return draft_id
        raise KeyError(key)

    def user_sends(self, draft_id: str) -> Message:
        """The user pressed Send in a client that keeps the message as written."""
        with self.lock:
            return self._send_draft(draft_id)

    def user_sends_from_web(self, draft_id: str, *, subject: str | None = None,
                            new_thread: bool = False, body: str | None = None) -> Message:
        """The user pressed Send in the Gmail web UI: see the module docstring."""
        with self.lock:
            old = self._take_draft(draft_id)
            parsed = _as_the_web_composer_writes(old.parsed, self._web_message_id(),
                                                 subject=subject, body=body, date_ms=self.clock_ms())
            return self._store(parsed, {"SENT"}, thread_id="" if new_thread else old.thread_id)

    def user_sends_new(self, to: str, subject: str, *, body: str = "Hello.", when_ms: int | None = None) -> Message:
        """The user wrote a message of their own in Gmail and sent it."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.address, to, subject
        message["Date"] = email.utils.formatdate((when_ms or self.clock_ms()) / 1000)
        message["Message-ID"] = self._web_message_id()
        message.set_content(body)
        with self.lock:
            return self._store(message, {"SENT"}, when_ms=when_ms)

    def user_drafts_new(self, to: str, subject: str, *, body: str = "Hello.") -> Message:
        """The user began a message of their own in Gmail and left it in Drafts."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.address, to, subject
        message["Date"] = email.utils.formatdate(self.clock_ms() / 1000)
        message["Message-ID"] = self._web_message_id()
        message.set_content(body)
        with self.lock:
            stored = self._store(message, {"DRAFT"})
            self.drafts[f"r-{next(self._ids)}"] = stored.id
            return stored

    def user_edits(self, draft_id: str, *, body: str | None = None, subject: str | None = None,
                   new_message_id: bool = True) -> Message:
        """The user changed the draft in the Gmail web UI and it was saved."""
        with self.lock:
            old = self._take_draft(draft_id)
            message_id = self._web_message_id() if new_message_id else old.header("Message-ID")
            parsed = _as_the_web_composer_writes(old.parsed, message_id, subject=subject, body=body,
                                                 date_ms=self.clock_ms())
            new = self._store(parsed, {"DRAFT"}, thread_id=old.thread_id)
            self.drafts[draft_id] = new.id
            return new

    def user_deletes(self, draft_id: str) -> None:
        """The user discarded the draft in Gmail."""
        with self.lock:
            self._take_draft(draft_id)

    # ---- handlers ----------------------------------------------------------------

    def _drafts_create(self, params: dict, query: dict, body: bytes) -> dict:
        message_in = body_json(body).get("message") or {}
        parsed, raw, asked = self._draft_content(message_in)
        thread_id = self._thread_by_headers(parsed, asked) if asked else ""
        message = self._store(parsed, {"DRAFT"}, thread_id=thread_id, raw=raw)
        draft_id = f"r-{next(self._ids)}"
        self.drafts[draft_id] = message.id
        self.drafts_created.append({"message": parsed, "thread_id": message.thread_id, "asked_thread": asked})
        return _draft_json(draft_id, message)

    def _drafts_update(self, params: dict, query: dict, body: bytes) -> dict:
        draft_id = params["id"]
        if draft_id not in self.drafts:
            raise HttpFailure(404, NOT_FOUND)
        parsed, raw, asked = self._draft_content(body_json(body).get("message") or {})
        old = self._take_draft(draft_id)
        thread_id = (self._thread_by_headers(parsed, asked) if asked else "") or old.thread_id
        message = self._store(parsed, {"DRAFT"}, thread_id=thread_id, raw=raw)
        self.drafts[draft_id] = message.id
        return _draft_json(draft_id, message)

    def _drafts_list(self, params: dict, query: dict, body: bytes) -> dict:
        matcher = Query(one(query, "q", ""), self.clock_ms)
        found = [
            {"id": d, "message": {"id": m, "threadId": self.messages[m].thread_id}}
            for d, m in self.drafts.items()
            if matcher.matches(self.messages[m])
        ]
        return page(found, "drafts", query)

    def _drafts_get(self, params: dict, query: dict, body: bytes) -> dict:
        draft_id = params["id"]
        if draft_id not in self.drafts:
            raise HttpFailure(404, NOT_FOUND)
        message = self.messages[self.drafts[draft_id]]
        return {"id": draft_id, "message": self._message_json(message, query)}

    def _drafts_delete(self, params: dict, query: dict, body: bytes) -> None:
        if params["id"] not in self.drafts:
            raise HttpFailure(404, NOT_FOUND)
        self._take_draft(params["id"])
        return None

    def _drafts_send(self, params: dict, query: dict, body: bytes) -> dict:
        draft_id = body_json(body).get("id")
        if not draft_id:
            raise HttpFailure(400, "Invalid draft", "invalidArgument")
        if draft_id not in self.drafts:
            raise HttpFailure(404, NOT_FOUND)
        sent = self._send_draft(draft_id)
        return {"id": sent.id, "threadId": sent.thread_id, "labelIds": sorted(sent.labels)}

    # ---- helpers -------------------------------------------------------------------

    def _draft_content(self, message_in: dict) -> tuple[EmailMessage, bytes, str]:
        """The MIME of a drafts.create/update body (parsed and as sent), and
        the thread asked for."""
        raw = message_in.get("raw")
        if not raw:
            raise HttpFailure(400, "Missing draft message", "invalidArgument")
        parsed, data = _parse_raw(raw)
        asked = message_in.get("threadId") or ""
        if asked and not any(m.thread_id == asked for m in self.messages.values()):
            raise HttpFailure(404, NOT_FOUND)
        return parsed, data, asked

    def _take_draft(self, draft_id: str) -> Message:
        """Remove a draft and its message for good; returns the message."""
        message = self.messages.pop(self.drafts.pop(draft_id))
        self._record("messagesDeleted", message)
        return message

    def _send_draft(self, draft_id: str) -> Message:
        old = self._take_draft(draft_id)
        parsed = copy.deepcopy(old.parsed)
        if self.rewrite_message_id_on_send:
            del parsed["Message-ID"]
            parsed["Message-ID"] = self._web_message_id()
        return self._store(parsed, {"SENT"}, thread_id=old.thread_id)

    def _web_message_id(self) -> str:
        return f"<gmail.{next(self._ids)}@mail.gmail.com>"


def _draft_json(draft_id: str, message: Message) -> dict:
    return {"id": draft_id, "message": {"id": message.id, "threadId": message.thread_id, "labelIds": ["DRAFT"]}}


def _parse_raw(raw: str) -> tuple[EmailMessage, bytes]:
    if not BASE64URL.match(raw):
        raise HttpFailure(400, "Invalid value for ByteString: not base64url", "invalidArgument")
    data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    if parsed.defects or not parsed.get("From") and not parsed.get("To"):
        raise HttpFailure(400, "Invalid RFC 2822 message", "invalidArgument")
    return parsed, data  # type: ignore[return-value]


def _as_the_web_composer_writes(original: EmailMessage, message_id: str, *, subject: str | None,
                                body: str | None, date_ms: int) -> EmailMessage:
    """The message as the web UI writes it from its editor: no X- headers, its
    own Message-ID and Date, the user's subject and text."""
    message = copy.deepcopy(original)
    for name in {n for n in message.keys() if n.lower().startswith("x-")}:
        del message[name]
    for name, value in (("Message-ID", message_id), ("Date", email.utils.formatdate(date_ms / 1000)),
                        ("Subject", subject)):
        if value is not None:
            del message[name]
            message[name] = value
    if body is not None:
        message.set_content(body)
    return message
