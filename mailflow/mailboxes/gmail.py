"""Gmail as a mailbox (Gmail API v1), with the login of ``mailflow auth google``.

Drafts are created from the composed message as raw MIME. A reply joins its
thread only when all three of Gmail's conditions hold: ``threadId`` is set,
``In-Reply-To``/``References`` name the message replied to, and the subject is
the same (``Re: ``). A draft is rewritten in place with ``drafts.update``
(the draft id stays; its message gets a new id).

What became of a draft
----------------------
A draft's ``version`` is the id of its message: Gmail gives the message a new
id whenever the draft is saved. So a draft whose message is no longer the one
mailflow wrote (or last rewrote) was ``edited`` by the user. The Gmail web UI
sends a draft as a new message with a Message-ID of its own, without our
``X-Mailflow-Key``, maybe with an edited subject in a new thread (API_FACTS
§1.2, §8): a draft gone from Drafts is ``sent`` when ``rules.sent`` recognises
one of the sent messages since it was written, else ``deleted``.

Change detection: the mailbox cache keeps a Gmail history id. ``statuses``
asks history.list what changed since (one request when nothing did, whatever
the number of drafts). Changes mailflow made itself are recorded and ignored.
Drafts are listed (drafts.list, 500 a page) only when a message of our
drafts' threads changed; the sent messages added are noted and read (their
headers, in a batch) only when a draft left Drafts. A stale history id (404)
falls back to listing Drafts and the sent messages since the oldest draft
(``in:sent after:``), and a new history id is taken first.

Replies
-------
One ``messages.list`` for every company watched (``from:`` each domain and
each address outside them; split only if the query would grow too long),
with ``includeSpamTrash=true``: the API leaves Spam and Trash out of every
list unless that parameter asks for them (``in:anywhere`` in ``q`` is
reported not to bring them back through the API). A reply the user read and
deleted still counts: the company answered. The headers of each reply are
read once and kept (``sync.ReplyLog``).

Cache layout (JSON): ``history`` (str), ``own`` (list of ``[added|deleted,
message id]``), ``known`` (key -> ``{state, id, message_id, thread_id,
draft_message, current, edited, sent_at}``: ``draft_message`` is the message
mailflow wrote, ``current`` the one last seen), ``sent`` (``sync.SentLog``
marked by the ids of sent messages not yet read), ``replies``
(``sync.ReplyLog``).
"""

from __future__ import annotations

import base64
import copy
import email.policy
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from mailflow.config import Shared
from mailflow.settings.mailboxes import GmailSettings
from mailflow.errors import MailboxError
from mailflow.mailboxes.base import TEST_KEY, Mailbox, failed_check
from mailflow.rules.letter import MAX_BYTES, addresses_in, header_value
from mailflow.mailboxes.sync import ReplyLog, Senders, SentLog, incoming, incoming_from_raw
from mailflow.model import (
    KEY_HEADER,
    DraftRef,
    Evidence,
    Filed,
    Incoming,
    MessageState,
    MessageStatus,
    NewDraft,
    SyncCache,
    ThreadRef,
    Written,
)
from mailflow.model import message_id as deterministic_message_id
from mailflow.providers.google.api import GoogleApi, RetryPolicy, StatusError
from mailflow.reports import Check
from mailflow.rules.sent import SKEW

ME = "me"
#: the headers ``rules.sent`` reads of a sent message
FILED_HEADERS = ("Message-ID", KEY_HEADER, "To", "Cc", "Subject", "References", "In-Reply-To")
#: how many of our own changes are remembered for ignoring in history
OWN_LIMIT = 2000
PAGE_SIZE = 100
DRAFTS_PAGE = 500
#: the longest ``q`` a reply search sends (longer ones are split)
QUERY_LIMIT = 1500
#: sent messages noted but not yet read, beyond which the sent mail is listed afresh
UNREAD_LIMIT = 2000


class GmailMailbox(Mailbox):
    """The Drafts, sent mail and inbox of the Google account that logged in."""


    can_send = True
    can_schedule = False  # the Gmail API has no scheduled send
    can_see_sent = True
    can_see_replies = True

    def __init__(
        self,
        settings: GmailSettings,
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
            shared.providers.google,
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

    def _create_draft(self, draft: NewDraft) -> DraftRef:
        body, message_id = self._prepare(draft)
        self._ensure_baseline()
        created = self.api.execute(
            self._users.drafts().create(userId=ME, body=body), f"create draft {draft.key}"
        )
        return self._created(draft.key, message_id, created)

    def _create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
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

    def update_draft(self, written: Written, draft: NewDraft) -> DraftRef:
        """``drafts.update``: the same draft id, a new message."""
        known = self._known().get(written.key, {})
        draft_id = written.ref.backend_id or known.get("id", "")
        body, message_id = self._prepare(draft)
        self._ensure_baseline()
        try:
            updated = self.api.execute(
                self._users.drafts().update(userId=ME, id=draft_id, body=body),
                f"rewrite draft {written.key}",
                expect=(404,),
            )
        except StatusError:  # gone meanwhile: the engine asked for it, so write it anew
            return self._create_draft(draft)
        if known.get("draft_message"):
            self._own("deleted", known["draft_message"])
        return self._created(draft.key, message_id, updated)

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
        ref = DraftRef(created["id"], message_id, message.get("threadId", ""), message.get("id", ""))
        self._remember(key, "draft", ref, draft_message=message.get("id", ""), edited=False)
        if message.get("id"):
            self._own("added", message["id"])
        return ref

    # ---- finding and checking -----------------------------------------------

    def find(self, key: str) -> MessageStatus | None:
        known = self._known().get(key)
        if known is not None:
            status = self.statuses([Written(key, _ref(known))])[key]
            return None if status.state == MessageState.DELETED else status
        message_id = self._message_id_for(key)
        drafts = self.api.execute(
            self._users.drafts().list(userId=ME, q=f"rfc822msgid:{_bare(message_id)}"),
            f"look for draft {key}",
        )
        for found in drafts.get("drafts", []):
            message = found.get("message", {})
            ref = DraftRef(found["id"], message_id, message.get("threadId", ""), message.get("id", ""))
            self._remember(key, "draft", ref, draft_message=message.get("id", ""))
            return MessageStatus(MessageState.DRAFT, ref=ref, evidence=Evidence.DRAFTS)
        return self._find_sent(key, message_id, "")

    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        """History first (see the module docstring); Drafts and sent mail only
        when it says something changed for them."""
        if not items:
            return {}
        changes = self._history()
        known = self._known()
        results: dict[str, MessageStatus] = {}
        pending = []
        rest = []
        for w in items:
            entry = known.get(w.key)
            state = entry["state"] if entry is not None else ""
            if state == MessageState.SENT:
                results[w.key] = _status(entry)
            elif state == MessageState.DELETED:  # gone from Drafts: a sent copy is all that can change that
                rest.append(w)
            else:
                pending.append(w)
        # the messages our drafts were last seen as: deleting one is how Gmail shows an edit, a send or a discard
        seen = {m for w in pending for m in (w.ref.version, *((known.get(w.key) or {}).get(f, "")
                                                              for f in ("draft_message", "current")))} - {""}
        threads = {(known.get(w.key) or {}).get("thread_id") or w.ref.thread_id for w in pending} - {""}
        look = changes.full or bool(changes.deleted & seen) or bool(changes.drafts & threads) or any(
            w.key not in known or not w.ref.backend_id for w in pending)
        drafts = self._list_drafts() if look and pending else None
        newly_gone = False
        for w in pending:
            entry = known.get(w.key) or {}
            draft_id = w.ref.backend_id or entry.get("id", "")
            if drafts is None:  # nothing changed: as last seen
                results[w.key] = MessageStatus(MessageState.DRAFT, ref=w.ref, evidence=Evidence.DRAFTS,
                                               edited=bool(entry.get("edited")))
            elif draft_id in drafts:
                message, thread = drafts[draft_id]
                wrote = entry.get("draft_message") or w.ref.version
                edited = bool(wrote) and message != wrote
                ref = DraftRef(draft_id, w.ref.message_id, thread or w.ref.thread_id, message)
                self._remember(w.key, "draft", ref, edited=edited, current=message)
                results[w.key] = MessageStatus(MessageState.DRAFT, ref=ref, evidence=Evidence.DRAFTS, edited=edited)
            else:
                rest.append(w)
                newly_gone = True
        if rest and (changes.full or changes.sent or newly_gone):
            since = min((w.written_at for w in rest), default=None) if all(w.written_at for w in rest) else None
            for key, (f, evidence) in self._recognise_with_words(rest, self._sent_since(since, changes)).items():
                ref = DraftRef(f.backend_id, f.message_id, f.thread_id)
                self._remember(key, "sent", ref, sent_at=f.date)
                results[key] = MessageStatus(MessageState.SENT, sent_at=f.date, ref=ref, evidence=evidence,
                                             subject=f.subject)
        elif changes.sent:
            self._note_sent(changes)
        for w in rest:
            if w.key not in results:
                self._remember(w.key, MessageState.DELETED, w.ref)
                results[w.key] = MessageStatus(MessageState.DELETED, ref=w.ref, evidence=Evidence.ABSENT)
        if self.cache.data.get("history") != changes.latest:
            self.cache.put("history", changes.latest)
        return results

    def look_for(self, items: list[Written]) -> dict[str, MessageStatus]:
        """Every draft's headers, then the sent mail since the earliest of ``items``
        could have been written, each recognised by ``rules.sent`` (nothing is
        remembered of a message not found: the next write is new)."""
        if not items:
            return {}
        results: dict[str, MessageStatus] = {}
        drafts = self._list_drafts()
        by_message = {message: draft for draft, (message, _) in drafts.items() if message}
        listing = self._filed(list(by_message), "read the drafts", label="DRAFT")
        for key, (f, evidence) in self._recognise_with_words(items, listing).items():
            edited = evidence not in (Evidence.KEY, Evidence.MESSAGE_ID)
            ref = DraftRef(by_message[f.backend_id], f.message_id, f.thread_id, f.backend_id)
            self._remember(key, "draft", ref, draft_message=f.backend_id, edited=edited, current=f.backend_id)
            results[key] = MessageStatus(MessageState.DRAFT, ref=ref, evidence=Evidence.DRAFTS, edited=edited)
        rest = [w for w in items if w.key not in results]
        if rest:
            since = min((w.written_at for w in rest), default=None) if all(w.written_at for w in rest) else None
            query = f"in:sent after:{int((since - SKEW).timestamp())}" if since else "in:sent"
            sent = self._filed(self._message_ids(query, "list sent mail"))
            for key, (f, evidence) in self._recognise_with_words(rest, sent).items():
                ref = DraftRef(f.backend_id, f.message_id, f.thread_id)
                self._remember(key, "sent", ref, sent_at=f.date)
                results[key] = MessageStatus(MessageState.SENT, sent_at=f.date, ref=ref, evidence=evidence,
                                             subject=f.subject)
        return results

    def _body_texts(self, filed: list[Filed]) -> dict[str, str]:
        """The text of these messages, sent or drafts (whole, in batches)."""
        from mailflow.rules.letter import read_letter

        ids = [f.backend_id for f in filed]
        requests = [self._users.messages().get(userId=ME, id=i, format="raw") for i in ids]
        texts = {}
        for i, answer in zip(ids, self.api.execute_many(requests, "read messages") if requests else []):
            if isinstance(answer, Exception) or not isinstance(answer, dict) or "raw" not in answer:
                continue  # not read: rule 5 goes without it
            try:
                raw = str(answer["raw"])[:MAX_BYTES // 3 * 4]
                texts[i] = read_letter(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))).text
            except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                self.note_unreadable("mail", f"message {i}", exc)
        return texts

    def _list_drafts(self) -> dict[str, tuple[str, str]]:
        """Every draft: draft id -> (its message id, its thread id)."""
        drafts: dict[str, tuple[str, str]] = {}
        page_token = None
        while True:
            page = self.api.execute(
                self._users.drafts().list(userId=ME, maxResults=DRAFTS_PAGE, pageToken=page_token),
                "list the drafts",
            )
            for draft in page.get("drafts", []):
                message = draft.get("message", {})
                drafts[draft["id"]] = (message.get("id", ""), message.get("threadId", ""))
            page_token = page.get("nextPageToken")
            if not page_token:
                return drafts

    def _sent_since(self, since: datetime | None, changes: _Changes) -> list[Filed]:
        """The sent messages since ``since``: those kept from earlier runs plus
        the ones history added (read now), or, when nothing is kept that far
        back, every sent message since then."""
        log = SentLog(self.cache)
        kept = None if changes.full else log.load(since, "gmail")
        if kept is None:
            query = f"in:sent after:{int((since - SKEW).timestamp())}" if since else "in:sent"
            ids = self._message_ids(query, "list sent mail")
            filed: list[Filed] = []
        else:
            filed, mark = kept
            ids = [*(mark or {}).get("unread", []), *changes.sent]
        have = {f.backend_id for f in filed}
        filed += self._filed([i for i in dict.fromkeys(ids) if i not in have])
        return log.save(since, "gmail", filed, {"unread": []})

    def _note_sent(self, changes: _Changes) -> None:
        """Sent messages history added while no draft left: read them when one does."""
        log = SentLog(self.cache)
        kept = self.cache.data.get("sent")
        if not kept:
            return  # nothing kept yet: the first draft to leave lists sent mail since it was written
        floor = datetime.fromisoformat(kept["floor"])
        loaded = log.load(floor, "gmail")
        if loaded is None:
            return
        filed, mark = loaded
        unread = list(dict.fromkeys([*(mark or {}).get("unread", []), *changes.sent]))
        if len(unread) > UNREAD_LIMIT:  # cheaper to list sent mail afresh when a draft leaves
            self.cache.put("sent", {})
            return
        log.save(floor, "gmail", filed, {"unread": unread})

    def _filed(self, ids: list[str], what: str = "read sent mail", *, label: str = "SENT") -> list[Filed]:
        """The headers ``rules.sent`` reads, of these messages (in batches) that carry
        ``label`` (SENT, or DRAFT for the drafts' messages)."""
        requests = [
            self._users.messages().get(userId=ME, id=i, format="metadata", metadataHeaders=list(FILED_HEADERS))
            for i in ids
        ]
        filed = []
        for answer in self.api.execute_many(requests, what) if requests else []:
            if getattr(answer, "status", None) == 404:
                continue  # deleted since: it cannot be the copy of anything
            if isinstance(answer, Exception):
                raise answer  # a sent copy not read could make a sent draft pass for deleted
            if isinstance(answer, dict) and label not in (answer.get("labelIds") or (label,)):
                continue  # history records rarely say a message's labels: a draft or mail received
            try:
                filed.append(_filed(answer))
            except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                self.note_unreadable("sent mail", f"message {answer.get('id', '?') if isinstance(answer, dict) else '?'}",
                                 exc)
        return filed

    def _message_ids(self, query: str, what: str, *, spam: bool = False) -> list[str]:
        ids: list[str] = []
        page_token = None
        while True:
            page = self.api.execute(
                self._users.messages().list(userId=ME, q=query, maxResults=PAGE_SIZE, pageToken=page_token,
                                            includeSpamTrash=spam),
                what,
            )
            ids.extend(m["id"] for m in page.get("messages", []))
            page_token = page.get("nextPageToken")
            if not page_token:
                return ids

    def _find_sent(self, key: str, message_id: str, thread_id: str) -> MessageStatus | None:
        """Our message among sent mail: by Message-ID, else by key in its thread."""
        found = self.api.execute(
            self._users.messages().list(
                userId=ME, q=f"rfc822msgid:{_bare(message_id)} in:sent", maxResults=5
            ),
            f"look for sent message {key}",
        )
        for message in found.get("messages", []):
            return self._sent(key, self._metadata(message["id"], f"read sent message {key}"), Evidence.MESSAGE_ID)
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
                return self._sent(key, message, Evidence.KEY)
        return None

    def _metadata(self, message_id: str, what: str) -> dict:
        return self.api.execute(
            self._users.messages().get(
                userId=ME, id=message_id, format="metadata", metadataHeaders=["Message-ID"]
            ),
            what,
        )

    def _sent(self, key: str, message: dict, evidence: str = "") -> MessageStatus:
        headers = _headers(message)
        sent_at = _received(message)
        ref = DraftRef(message["id"], headers.get("message-id", ""), message.get("threadId", ""))
        self._remember(key, "sent", ref, sent_at=sent_at)
        return MessageStatus(MessageState.SENT, sent_at=sent_at, ref=ref, evidence=evidence)

    # ---- history -------------------------------------------------------------

    def _history(self) -> _Changes:
        """What others changed since the last run, or ``full`` when Gmail no
        longer has that history (a new history id is taken before anything is read)."""
        start = self.cache.data.get("history")
        if start:
            try:
                return self._changes_since(start)
            except StatusError:  # 404: the history id is too old
                pass
        return _Changes(latest=self._history_now(), full=True)

    def _changes_since(self, start: str) -> _Changes:
        """Raises ``StatusError`` (404) when Gmail no longer has that history."""
        own = {tuple(entry) for entry in self.cache.data.get("own", [])}
        changes = _Changes(latest=start)
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
                for change in record.get("messagesDeleted", []):
                    message = change.get("message", {})
                    if ("deleted", message.get("id")) not in own:
                        changes.deleted.add(message.get("id", ""))
                for change in record.get("messagesAdded", []):
                    message = change.get("message", {})
                    if ("added", message.get("id")) in own:
                        continue
                    labels = set(message.get("labelIds") or ("DRAFT", "SENT"))  # unknown: either
                    if "DRAFT" in labels:
                        changes.drafts.add(message.get("threadId", ""))
                    if "SENT" in labels:
                        changes.sent.append(message.get("id", ""))
            page_token = page.get("nextPageToken")
            if not page_token:
                changes.latest = str(page.get("historyId") or start)
                return changes

    def _history_now(self) -> str:
        profile = self.api.execute(self._users.getProfile(userId=ME), "read the mailbox profile")
        return str(profile["historyId"])

    def _ensure_baseline(self) -> None:
        """Take a history id before our first change, so the next ``statuses``
        can ask what happened since instead of listing everything."""
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

    def _send(self, key: str, ref: DraftRef) -> MessageStatus:
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
        return self._sent(key, self._metadata(sent["id"], f"read sent message {key}"), Evidence.KEY)

    # ---- replies -------------------------------------------------------------

    def _replies_since(
        self, since: datetime, *, domains: tuple[str, ...], addresses: tuple[str, ...]
    ) -> list[Incoming]:
        senders = Senders(domains, addresses)
        if not senders:
            return []
        log = ReplyLog(self.cache)
        found, marks = log.load(since, senders)
        others = set(marks.get("others", []))
        ids: list[str] = []
        for terms in _chunks([f"from:{s}" for s in senders.terms], QUERY_LIMIT):
            query = f"after:{int(since.timestamp())} -in:sent -in:drafts ({' OR '.join(terms)})"
            ids += self._message_ids(query, "look for replies", spam=True)
        new = [i for i in dict.fromkeys(ids) if i not in found and i not in others]
        requests = [
            # the whole message (the inbox rules read its text), in the same one request each
            self._users.messages().get(userId=ME, id=i, format="raw")
            for i in new
        ]
        for i, answer in zip(new, self.api.execute_many(requests, "read replies") if requests else []):
            if isinstance(answer, Exception):
                # a missing reply could trigger a follow-up that should not go out
                raise answer
            try:
                message = _incoming(answer)
            except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                self.note_unreadable("mail", f"message {i}", exc)
                others.add(i)  # not read again: said once
                continue
            if senders.matches(message.sender):  # Gmail's from: is a loose match; this is the exact one
                found[i] = message
            else:
                others.add(i)
        listed = set(ids)
        return log.save(since, senders, found, {"others": sorted(others & listed)})

    # ---- mailflow doctor -------------------------------------------------------

    def check(self, now: datetime) -> list[Check]:
        """Drafts, sent mail, the inbox and spam can be read; a test draft is
        written, found again by its Message-ID and deleted. A person is waiting:
        a failed request is tried once more, not for half a minute."""
        self.api.policy = RetryPolicy(retries=1, max_retry_after=5)
        checks = []
        for name, query, spam in (("sent", "in:sent", False), ("inbox", "in:inbox", False),
                                  ("spam", "in:spam", True)):
            try:
                self.api.execute(
                    self._users.messages().list(userId=ME, q=query, maxResults=1, includeSpamTrash=spam),
                    f"read {name}",
                )
            except MailboxError as exc:
                checks.append(failed_check(f"gmail {name}", exc))
            else:
                checks.append(Check(f"gmail {name}", True, "readable"))
        checks.append(self.round_trip("gmail drafts", self.my_email, now))
        return checks

    def _forget_test_draft(self) -> None:
        self._forget(TEST_KEY)

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
        edited: bool | None = None,
        current: str = "",
    ) -> None:
        known = dict(self._known())
        entry = dict(known.get(key, {}))
        entry.update(
            state=str(state), id=ref.backend_id, message_id=ref.message_id, thread_id=ref.thread_id
        )
        if draft_message:
            entry["draft_message"] = draft_message
        if edited is not None:
            entry["edited"] = edited
        if current:
            entry["current"] = current
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


@dataclass
class _Changes:
    """What history says others changed: message ids deleted, threads where a
    draft was saved, sent messages added; ``full`` when it could not say."""

    latest: str
    full: bool = False
    deleted: set[str] = field(default_factory=set)
    drafts: set[str] = field(default_factory=set)
    sent: list[str] = field(default_factory=list)


# ---- helpers -----------------------------------------------------------------


def _ref(entry: dict) -> DraftRef:
    return DraftRef(entry["id"], entry.get("message_id", ""), entry.get("thread_id", ""),
                    entry.get("draft_message", "") if entry.get("state") == MessageState.DRAFT else "")


def _status(entry: dict) -> MessageStatus:
    sent_at = datetime.fromisoformat(entry["sent_at"]) if entry.get("sent_at") else None
    return MessageStatus(entry["state"], sent_at=sent_at, ref=_ref(entry))


def _chunks(terms: list[str], limit: int) -> list[list[str]]:
    """``terms`` in groups whose joined length stays under ``limit``."""
    groups: list[list[str]] = [[]]
    size = 0
    for term in terms:
        if groups[-1] and size + len(term) + 4 > limit:
            groups.append([])
            size = 0
        groups[-1].append(term)
        size += len(term) + 4
    return groups if groups[0] else []


def _angle(message_id: str) -> str:
    message_id = message_id.strip()
    return message_id if message_id.startswith("<") else f"<{message_id}>"


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>")


def _reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _headers(message: dict) -> dict[str, str]:
    """A Gmail message's headers by lower-case name (the first of each), as given
    (``_text`` decodes one; addresses are read from the value as given)."""
    found: dict[str, str] = {}
    for header in (message.get("payload") or {}).get("headers") or []:
        if isinstance(header, dict):
            found.setdefault(str(header.get("name") or "").lower(), str(header.get("value") or ""))
    return found


def _received(message: dict) -> datetime:
    return datetime.fromtimestamp(int(message["internalDate"]) / 1000, tz=timezone.utc)


def _filed(message: dict) -> Filed:
    """A sent message as ``rules.sent`` reads it; its time is when Gmail took it."""
    headers = _headers(message)
    people = [headers.get("to", ""), headers.get("cc", "")]
    return Filed(
        backend_id=message["id"],
        message_id=header_value(headers.get("message-id", "")),
        key=header_value(headers.get(KEY_HEADER.lower(), "")),
        to=addresses_in([p for p in people if p]),
        subject=header_value(headers.get("subject", "")),
        date=_received(message),
        references=tuple(header_value(headers.get("references", "")).split()
                         + header_value(headers.get("in-reply-to", "")).split()),
        thread_id=message.get("threadId", ""),
    )


def _incoming(message: dict) -> Incoming:
    if "raw" in message:
        raw = str(message["raw"])[:MAX_BYTES // 3 * 4]  # no more than ``rules.letter`` reads
        return incoming_from_raw(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)), _received(message))
    headers = _headers(message)
    sender = next(iter(addresses_in([headers.get("from", "")])), "")
    return incoming(sender, header_value(headers.get("subject", "")), _received(message),
                    {name: header_value(value) for name, value in headers.items()})
