"""Gmail as a mailbox (Gmail API v1), with the login of ``mailflow auth google``.

Drafts are created from the composed message as raw MIME. A reply joins its
thread only when all three of Gmail's conditions hold: ``threadId`` is set,
``In-Reply-To``/``References`` name the message replied to, and the subject is
the same (``Re: ``). Our messages are found again by their deterministic
Message-ID (``rfc822msgid:`` search) and, once sent, by ``X-Mailflow-Key`` in
their thread, in case Gmail replaced the Message-ID when sending.

Change detection
----------------
The mailbox cache keeps a Gmail history id and what is known of each message
mailflow wrote. ``statuses`` asks history.list what changed since then (one
cheap request) and re-checks only messages whose thread was touched by
someone else; changes mailflow made itself (creating, sending, deleting) are
recorded and ignored. A stale history id (404) falls back to checking every
message, and a new history id is taken.

Cache layout (JSON): ``history`` (str), ``own`` (list of ``[added|deleted,
message id]``), ``known`` (key -> ``{state, id, message_id, thread_id,
draft_message, sent_at}``).
"""

from __future__ import annotations

import base64
import copy
import email.policy
import time
from datetime import datetime, timezone
from email.utils import parseaddr
from typing import Any, Callable

from mailflow.config import Shared
from mailflow.errors import MailboxError
from mailflow.mailboxes.base import Mailbox
from mailflow.model import KEY_HEADER, DraftRef, Incoming, MessageStatus, NewDraft, SyncCache, Written, ThreadRef
from mailflow.model import message_id as deterministic_message_id
from mailflow.providers.google import GoogleAccount
from mailflow.providers.google.api import GoogleApi, StatusError

ME = "me"
#: the headers reply detection looks at
REPLY_HEADERS = (
    "From", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
    "Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond",
)  # fmt: skip
#: how many of our own changes are remembered for ignoring in history
OWN_LIMIT = 2000
PAGE_SIZE = 100


class GmailMailbox(Mailbox):
    """The Drafts, sent mail and inbox of the Google account that logged in."""

    #: ``[mail.gmail]`` is the Google login; the mailbox needs nothing more
    Settings = GoogleAccount

    can_send = True
    can_schedule = False  # the Gmail API has no scheduled send
    can_see_sent = True
    can_see_replies = True

    def __init__(
        self,
        settings: GoogleAccount,
        shared: Shared,
        cache: SyncCache | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ):
        super().__init__("gmail", cache)
        self.my_email = shared.my_email
        self.api = GoogleApi(
            "gmail",
            "v1",
            settings,
            shared,
            endpoint=settings.endpoint,
            label="Gmail",
            error=MailboxError,
            sleep=sleep,
        )

    @property
    def _users(self) -> Any:
        return self.api.service.users()

    # ---- creating ------------------------------------------------------------

    def create_draft(self, draft: NewDraft) -> DraftRef:
        body, message_id = self._prepare(draft)
        self._ensure_baseline()
        created = self.api.execute(
            self._users.drafts().create(userId=ME, body=body), f"create draft {draft.key}"
        )
        return self._created(draft.key, message_id, created)

    def create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """All drafts in batch requests of at most 50 (Gmail's advice)."""
        results: list[DraftRef | Exception] = []
        results.extend(MailboxError("not attempted") for _ in drafts)
        prepared: list[tuple[int, str, Any]] = []
        for index, draft in enumerate(drafts):
            try:
                body, message_id = self._prepare(draft)
            except MailboxError as exc:
                results[index] = exc
                continue
            request = self._users.drafts().create(userId=ME, body=body)
            prepared.append((index, message_id, request))
        if not prepared:
            return results
        self._ensure_baseline()
        answers = self.api.execute_many([r for _, _, r in prepared], "create drafts")
        for (index, message_id, _), answer in zip(prepared, answers):
            if isinstance(answer, Exception):
                results[index] = answer
            else:
                results[index] = self._created(drafts[index].key, message_id, answer)
        return results

    def _prepare(self, draft: NewDraft) -> tuple[dict, str]:
        """The drafts.create body for one draft, and its Message-ID."""
        message = copy.deepcopy(draft.message)
        del message[KEY_HEADER]
        message[KEY_HEADER] = draft.key
        message_id = message.get("Message-ID") or self._message_id_for(draft.key)
        del message["Message-ID"]
        message["Message-ID"] = message_id
        thread_id = ""
        if draft.reply_to is not None:
            reply = draft.reply_to
            if not reply.message_id.strip():
                raise MailboxError(
                    f"Gmail: cannot write {draft.key} as a reply: "
                    "the message it answers has no Message-ID"
                )
            parent = _angle(reply.message_id)
            references = [_angle(r) for r in reply.references if r]
            if parent not in references:
                references.append(parent)
            for name in ("In-Reply-To", "References", "Subject"):
                del message[name]
            message["In-Reply-To"] = parent
            message["References"] = " ".join(references)
            message["Subject"] = _reply_subject(reply.subject)
            thread_id = reply.thread_id or self._thread_of(reply)
        raw = base64.urlsafe_b64encode(message.as_bytes(policy=email.policy.SMTP)).decode("ascii")
        body: dict[str, Any] = {"message": {"raw": raw}}
        if thread_id:
            body["message"]["threadId"] = thread_id
        return body, str(message_id)

    def _thread_of(self, reply: ThreadRef) -> str:
        """The Gmail thread of the message replied to, looked up when not stored."""
        found = self.api.execute(
            self._users.messages().list(
                userId=ME, q=f"rfc822msgid:{_bare(reply.message_id)}", maxResults=5
            ),
            "find the thread to reply in",
        )
        for message in found.get("messages", []):
            return message["threadId"]
        if reply.backend_id:
            try:
                message = self.api.execute(
                    self._users.messages().get(userId=ME, id=reply.backend_id, format="minimal"),
                    "find the thread to reply in",
                    expect=(404,),
                )
                return message["threadId"]
            except StatusError:
                pass
        return ""

    def _created(self, key: str, message_id: str, created: dict) -> DraftRef:
        message = created.get("message", {})
        ref = DraftRef(created["id"], message_id, message.get("threadId", ""))
        self._remember(key, "draft", ref, draft_message=message.get("id", ""))
        if message.get("id"):
            self._own("added", message["id"])
        return ref

    # ---- finding and checking -----------------------------------------------

    def find(self, key: str) -> MessageStatus | None:
        known = self._known().get(key)
        if known is not None:
            status = self._statuses({key: _ref(known)})[key]
            return None if status.state == "deleted" else status
        message_id = self._message_id_for(key)
        drafts = self.api.execute(
            self._users.drafts().list(userId=ME, q=f"rfc822msgid:{_bare(message_id)}"),
            f"look for draft {key}",
        )
        for found in drafts.get("drafts", []):
            ref = DraftRef(found["id"], message_id, found.get("message", {}).get("threadId", ""))
            self._remember(key, "draft", ref, draft_message=found.get("message", {}).get("id", ""))
            return MessageStatus("draft", ref=ref)
        return self._find_sent(key, message_id, "")

    def _status(self, key: str, ref: DraftRef) -> MessageStatus:
        known = self._known().get(key)
        if known is not None and known["state"] == "sent":
            return _status(known)
        try:
            found = self.api.execute(
                self._users.drafts().get(userId=ME, id=ref.backend_id, format="minimal"),
                f"check draft {key}",
                expect=(404,),
            )
        except StatusError:
            pass
        else:
            message = found.get("message", {})
            current = DraftRef(ref.backend_id, ref.message_id, message.get("threadId", ref.thread_id))
            self._remember(key, "draft", current, draft_message=message.get("id", ""))
            return MessageStatus("draft", ref=current)
        sent = self._find_sent(key, ref.message_id, ref.thread_id)
        if sent is not None:
            return sent
        self._remember(key, "deleted", ref)
        return MessageStatus("deleted", ref=ref)

    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        return self._statuses({w.key: w.ref for w in items})

    def _statuses(self, items: dict[str, DraftRef]) -> dict[str, MessageStatus]:
        if not items:
            return {}
        touched: set[str] | None = None
        start = self.cache.data.get("history")
        if start:
            try:
                touched, latest = self._changes_since(start)
            except StatusError:  # 404: the history id is too old; check everything
                touched = None
        if touched is None:
            latest = self._history_now()
        known = self._known()
        results = {}
        for key, ref in items.items():
            entry = known.get(key)
            unchanged = (
                entry is not None
                and touched is not None
                and (entry.get("thread_id") or ref.thread_id) not in touched
            )
            if entry is not None and (entry["state"] == "sent" or unchanged):
                results[key] = _status(entry)
            else:
                results[key] = self._status(key, ref)
        self.cache.put("history", latest)
        return results

    def _find_sent(self, key: str, message_id: str, thread_id: str) -> MessageStatus | None:
        """Our message among sent mail: by Message-ID, else by key in its thread."""
        found = self.api.execute(
            self._users.messages().list(
                userId=ME, q=f"rfc822msgid:{_bare(message_id)} in:sent", maxResults=5
            ),
            f"look for sent message {key}",
        )
        for message in found.get("messages", []):
            return self._sent(key, self._metadata(message["id"], f"read sent message {key}"))
        if not thread_id:
            return None
        try:
            thread = self.api.execute(
                self._users.threads().get(
                    userId=ME,
                    id=thread_id,
                    format="metadata",
                    metadataHeaders=[KEY_HEADER, "Message-ID"],
                ),
                f"look for sent message {key}",
                expect=(404,),
            )
        except StatusError:
            return None
        for message in thread.get("messages", []):
            if "SENT" in message.get("labelIds", ()) and _headers(message).get(
                KEY_HEADER.lower()
            ) == key:
                return self._sent(key, message)
        return None

    def _metadata(self, message_id: str, what: str) -> dict:
        return self.api.execute(
            self._users.messages().get(
                userId=ME, id=message_id, format="metadata", metadataHeaders=["Message-ID"]
            ),
            what,
        )

    def _sent(self, key: str, message: dict) -> MessageStatus:
        headers = _headers(message)
        sent_at = _received(message)
        ref = DraftRef(message["id"], headers.get("message-id", ""), message.get("threadId", ""))
        self._remember(key, "sent", ref, sent_at=sent_at)
        return MessageStatus("sent", sent_at=sent_at, ref=ref)

    # ---- history -------------------------------------------------------------

    def _changes_since(self, start: str) -> tuple[set[str], str]:
        """Threads changed by others since ``start``, and the latest history id.

        Raises ``StatusError`` (404) when Gmail no longer has that history.
        """
        own = {tuple(entry) for entry in self.cache.data.get("own", [])}
        touched: set[str] = set()
        page_token = None
        while True:
            page = self.api.execute(
                self._users.history().list(
                    userId=ME, startHistoryId=start, maxResults=500, pageToken=page_token
                ),
                "read the mailbox history",
                expect=(404,),
            )
            for record in page.get("history", []):
                for kind, field in (
                    ("added", "messagesAdded"),
                    ("deleted", "messagesDeleted"),
                    ("labels", "labelsAdded"),
                    ("labels", "labelsRemoved"),
                ):
                    for change in record.get(field, []):
                        message = change.get("message", {})
                        if (kind, message.get("id")) not in own:
                            touched.add(message.get("threadId") or message.get("id", ""))
            page_token = page.get("nextPageToken")
            if not page_token:
                return touched, str(page.get("historyId") or start)

    def _history_now(self) -> str:
        profile = self.api.execute(self._users.getProfile(userId=ME), "read the mailbox profile")
        return str(profile["historyId"])

    def _ensure_baseline(self) -> None:
        """Take a history id before our first change, so the next ``statuses``
        can ask what happened since instead of checking every draft."""
        if not self.cache.data.get("history"):
            self.cache.put("history", self._history_now())

    # ---- deleting and sending -----------------------------------------------

    def delete(self, key: str, ref: DraftRef) -> None:
        known = self._known().get(key)
        try:
            self.api.execute(
                self._users.drafts().delete(userId=ME, id=ref.backend_id),
                f"delete draft {key}",
                expect=(404,),
            )
        except StatusError:  # already gone: sent or deleted by the user
            self._forget(key)
            return
        if known is not None and known.get("draft_message"):
            self._own("deleted", known["draft_message"])
        self._remember(key, "deleted", ref)

    def send(self, key: str, ref: DraftRef) -> MessageStatus:
        known = self._known().get(key)
        try:
            sent = self.api.execute(
                self._users.drafts().send(userId=ME, body={"id": ref.backend_id}),
                f"send draft {key}",
                expect=(404,),
            )
        except StatusError:
            raise MailboxError(
                f"Gmail: draft {key} is no longer in Drafts",
                hint="it was sent or deleted meanwhile; `mailflow status` shows which",
            ) from None
        if known is not None and known.get("draft_message"):
            self._own("deleted", known["draft_message"])
        self._own("added", sent["id"])
        # read back the Message-ID: Gmail may have replaced ours when sending
        return self._sent(key, self._metadata(sent["id"], f"read sent message {key}"))

    # ---- replies -------------------------------------------------------------

    def replies_since(
        self, since: datetime, *, domains: tuple[str, ...], addresses: tuple[str, ...]
    ) -> list[Incoming]:
        domains = tuple(d.lower().lstrip("@") for d in domains if d)
        addresses = tuple(a.lower() for a in addresses if a)
        senders = [f"from:{s}" for s in (*domains, *addresses)]
        if not senders:
            return []
        query = f"after:{int(since.timestamp())} -in:sent -in:drafts ({' OR '.join(senders)})"
        ids: list[str] = []
        page_token = None
        while True:
            page = self.api.execute(
                self._users.messages().list(
                    userId=ME, q=query, maxResults=PAGE_SIZE, pageToken=page_token
                ),
                "look for replies",
            )
            ids.extend(m["id"] for m in page.get("messages", []))
            page_token = page.get("nextPageToken")
            if not page_token:
                break
        requests = [
            self._users.messages().get(
                userId=ME, id=i, format="metadata", metadataHeaders=list(REPLY_HEADERS)
            )
            for i in ids
        ]
        replies = []
        for answer in self.api.execute_many(requests, "read replies"):
            if isinstance(answer, Exception):
                # a missing reply could trigger a follow-up that should not go out
                raise answer
            incoming = _incoming(answer)
            if incoming.date > since and _from_any(incoming.sender, domains, addresses):
                replies.append(incoming)
        replies.sort(key=lambda m: m.date)
        return replies

    # ---- cache ---------------------------------------------------------------

    def _known(self) -> dict[str, dict]:
        return self.cache.data.get("known", {})

    def _remember(
        self,
        key: str,
        state: str,
        ref: DraftRef,
        *,
        draft_message: str = "",
        sent_at: datetime | None = None,
    ) -> None:
        known = dict(self._known())
        entry = dict(known.get(key, {}))
        entry.update(
            state=state, id=ref.backend_id, message_id=ref.message_id, thread_id=ref.thread_id
        )
        if draft_message:
            entry["draft_message"] = draft_message
        if sent_at is not None:
            entry["sent_at"] = sent_at.isoformat()
        if known.get(key) != entry:
            known[key] = entry
            self.cache.put("known", known)

    def _forget(self, key: str) -> None:
        known = dict(self._known())
        if known.pop(key, None) is not None:
            self.cache.put("known", known)

    def _own(self, kind: str, message_id: str) -> None:
        own = [*self.cache.data.get("own", []), [kind, message_id]]
        self.cache.put("own", own[-OWN_LIMIT:])

    def _message_id_for(self, key: str) -> str:
        known = self._known().get(key)
        if known and known.get("message_id"):
            return known["message_id"]
        return deterministic_message_id(key, self.my_email)


# ---- helpers -----------------------------------------------------------------


def _ref(entry: dict) -> DraftRef:
    return DraftRef(entry["id"], entry.get("message_id", ""), entry.get("thread_id", ""))


def _status(entry: dict) -> MessageStatus:
    sent_at = datetime.fromisoformat(entry["sent_at"]) if entry.get("sent_at") else None
    return MessageStatus(entry["state"], sent_at=sent_at, ref=_ref(entry))


def _angle(message_id: str) -> str:
    message_id = message_id.strip()
    return message_id if message_id.startswith("<") else f"<{message_id}>"


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>")


def _reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _headers(message: dict) -> dict[str, str]:
    """A Gmail message's headers by lower-case name (the first of each)."""
    found: dict[str, str] = {}
    for header in message.get("payload", {}).get("headers", []):
        found.setdefault(header["name"].lower(), header["value"])
    return found


def _received(message: dict) -> datetime:
    return datetime.fromtimestamp(int(message["internalDate"]) / 1000, tz=timezone.utc)


def _incoming(message: dict) -> Incoming:
    headers = _headers(message)
    return Incoming(
        sender=parseaddr(headers.get("from", ""))[1].lower(),
        subject=headers.get("subject", ""),
        date=_received(message),
        message_id=headers.get("message-id", ""),
        in_reply_to=headers.get("in-reply-to", ""),
        headers=headers,
    )


def _from_any(sender: str, domains: tuple[str, ...], addresses: tuple[str, ...]) -> bool:
    """Gmail's ``from:`` is a loose match; this is the exact one."""
    if sender in addresses:
        return True
    domain = sender.rpartition("@")[2]
    return any(domain == d or domain.endswith("." + d) for d in domains)
