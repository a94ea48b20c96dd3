"""Outlook / Microsoft 365 mailbox through Microsoft Graph.

Drafts
    A new message is ``POST /me/messages`` (it lands in Drafts) with the
    subject, the text body, the recipients with their names, our Message-ID
    (``internetMessageId`` is writable while the message is a draft) and the
    key twice: as the ``X-Mailflow-Key`` internet header (travels with the
    mail) and as a named extended property, which is what ``find`` filters
    on: Graph cannot filter on internet headers, and it does not return them
    for Sent Items at all. Many new drafts go through ``$batch`` (≤ 20).
    A reply is ``createReply`` on the thank-you's id (Graph threads it:
    same ``conversationId``, In-Reply-To/References set), then a PATCH with
    our body, subject, recipients and properties. ``update_draft`` PATCHes
    the draft in place.

Ids
    Every request says ``Prefer: IdType="ImmutableId"``, so the id stored
    in ``DraftRef.backend_id`` still finds the message after it moved to
    Sent Items. When it does not (another mailbox, a copy), the message is
    looked up by its ``internetMessageId``.

What became of a draft
    ``statuses`` lists the Drafts folder once (whatever the number of
    drafts) and lets ``rules.sent`` recognise ours there, by the key
    property. A draft's ``version`` is its ``changeKey``; the change key also
    moves when nothing the user sees changed, so a draft whose change key
    moved has its text read once (asked for as text; HTML made text) and
    compared with what mailflow wrote by its words (``model.words_digest``:
    Outlook stores a draft the user opened and saved as HTML, and its text
    comes back with other line breaks and spacing): other words, it is ``edited``. Outlook on the web
    sends a draft as a new item in Sent Items with an ``internetMessageId``
    of its own and none of our headers or properties (API_FACTS §4.2, §8), so
    when some drafts left Drafts, Sent Items is read, only what was sent since
    the last run (``sentDateTime``), and ``rules.sent`` recognises ours by
    recipient, subject and conversation, or by its words (the text of the few
    candidates only is read). A draft in Deleted Items or gone,
    with no sent copy, is ``deleted``.

Replies
    One listing of ``/me/messages`` (every folder: the inbox, Junk Email,
    any folder a rule files into) by ``receivedDateTime``, with the sender
    matched here: Graph cannot filter on a domain, and combining folders or
    senders with an ``$orderby`` is an ``InefficientFilter``. Drafts and Sent
    Items are left out; a reply the user read and deleted (Deleted Items)
    still counts: the company answered. Each run reads only what arrived
    since the last (``sync.ReplyLog``).

Scheduled send (``[mail.outlook] schedule_send = true``)
    ``NewDraft.send_at`` sets ``SystemTime 0x3FEF`` (deferred send time) and
    ``0x000F`` (deferred delivery time) on the draft, then ``/send``; the
    message waits in Drafts until then and is reported as ``scheduled``.
    Deleting it cancels it. The property is never put on ``sendMail``,
    which would send at once *and* keep a deferred copy. Graph shows no
    difference between a draft that carries the time and one that was also
    sent off, so the keys whose ``/send`` was accepted are kept in the
    mailbox cache (``submitted``): a draft whose ``/send`` failed stays a
    plain draft instead of passing for scheduled and never leaving.

Cache layout (JSON): ``folders`` (well-known name -> id), ``submitted``
(keys), ``ours`` (key -> ``{digest, ck, edited}``: the digest of the text
mailflow wrote, the change key last looked at, and whether the text then was
the user's), ``sent`` (``sync.SentLog`` marked by the latest ``sentDateTime``
read), ``replies`` (``sync.ReplyLog`` marked by the latest ``receivedDateTime``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any
from zoneinfo import ZoneInfo

from mailflow.config import Shared
from mailflow.settings.mailboxes import OutlookSettings
from mailflow.errors import MailboxError
from mailflow.mailboxes.base import TEST_KEY, Mailbox, failed_check
from mailflow.mailboxes.sync import EPOCH, TEXT_KEPT, ReplyLog, Senders, SentLog, incoming
from mailflow.rules.letter import clean_text, header_value, letter_text
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
    body_digest,
    words_digest,
)
from mailflow.reports import Check
from mailflow.rules.sent import SKEW, recognise

#: a named property in mailflow's own property set holding the key
KEY_PROPERTY = "String {4f5d2a1c-6b8e-4c1a-9d3e-7a2b5c8e1f60} Name X-Mailflow-Key"
DEFERRED_SEND = "SystemTime 0x3FEF"
DEFERRED_DELIVERY = "SystemTime 0x000F"
_SELECT = "id,isDraft,parentFolderId,sentDateTime,internetMessageId,conversationId,changeKey"
_EXPAND = f"singleValueExtendedProperties($filter=id eq '{DEFERRED_SEND}')"
#: what ``rules.sent`` reads of a message in Drafts or Sent Items
_FILED_SELECT = ("id,changeKey,internetMessageId,conversationId,subject,toRecipients,ccRecipients,"
                 "createdDateTime,sentDateTime,isDraft")
_KEY_EXPAND = f"singleValueExtendedProperties($filter=id eq '{KEY_PROPERTY}')"
_INBOX_SELECT = ("id,from,sender,subject,receivedDateTime,internetMessageId,conversationId,"
                 "parentFolderId,internetMessageHeaders,body")
#: messages per page of Drafts or Sent Items, a few properties each (Graph allows up to 1000)
PAGE = 1000
#: messages per page of mail received, with its headers (heavier: smaller pages)
REPLIES_PAGE = 250
#: how far back a run reads again what the last run may have seen arrive late
MARGIN = timedelta(hours=1)
#: how many keys of scheduled messages the cache remembers
SUBMITTED_LIMIT = 500
#: how many drafts' digests the cache remembers
OURS_LIMIT = 2000


class OutlookMailbox(Mailbox):
    """Drafts, sent mail and inbox of the signed-in Microsoft account."""


    can_send = True
    can_see_sent = True
    can_see_replies = True

    def __init__(self, settings: OutlookSettings, shared: Shared, cache: SyncCache | None = None, *,
                 http_client: Any = None, session: Any = None,
                 sleep: Callable[[float], None] = time.sleep):
        super().__init__("outlook", cache)
        from mailflow.providers.microsoft.graph import GraphClient
        from mailflow.providers.microsoft.login import MicrosoftLogin

        self.settings = settings
        self.my_email = shared.my_email
        self.can_schedule = bool(self.settings.schedule_send)
        account = shared.providers.microsoft
        self.login = MicrosoftLogin(account, shared, http_client=http_client, error_cls=MailboxError)
        self.client = GraphClient(
            account.endpoint, self.login.token, error_cls=MailboxError,
            label="Outlook mailbox", session=session, sleep=sleep,
            # bodies as text (API_FACTS 9.1): the inbox rules read what recruiters wrote
            prefer=('outlook.body-content-type="text"',),
        )

    # --------------------------------------------------------------- helpers

    def send_time(self, day: date, tz: ZoneInfo) -> datetime:
        """When a scheduled message due on ``day`` leaves: ``schedule_time``
        (``[mail.outlook]``, local time) on that day in ``tz``."""
        try:
            hour, minute = (int(x) for x in self.settings.schedule_time.split(":"))
            return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        except ValueError:
            from mailflow.errors import ConfigError

            raise ConfigError(
                f"[mail.outlook] schedule_time {self.settings.schedule_time!r}: "
                "expected HH:MM, e.g. \"09:30\""
            ) from None

    def _folder(self, name: str) -> str:
        """The id of a well-known folder (cached: folder ids do not change)."""
        folders = dict(self.cache.data.get("folders") or {})
        if name not in folders:
            answer = self.client.call("GET", f"me/mailFolders/{name}", f"find the {name} folder",
                                      params={"$select": "id"}) or {}
            folders[name] = answer.get("id", "")
            self.cache.put("folders", folders)
        return folders[name]

    def _payload(self, message: EmailMessage, key: str) -> dict[str, Any]:
        """The writable message properties for a draft built from ``message``."""
        content, kind = _body(message)
        payload: dict[str, Any] = {
            "subject": str(message.get("Subject", "")),
            "body": {"contentType": kind, "content": content},
            "toRecipients": _recipients(message, "To"),
            "singleValueExtendedProperties": [{"id": KEY_PROPERTY, "value": key}],
        }
        for header, prop in (("Cc", "ccRecipients"), ("Bcc", "bccRecipients")):
            if message.get_all(header):
                payload[prop] = _recipients(message, header)
        if message.get("Message-ID"):
            payload["internetMessageId"] = str(message["Message-ID"]).strip()
        return payload

    @staticmethod
    def _deferred(send_at: datetime) -> list[dict[str, str]]:
        when = send_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return [{"id": DEFERRED_SEND, "value": when}, {"id": DEFERRED_DELIVERY, "value": when}]

    @staticmethod
    def _ref(answer: dict[str, Any], fallback: DraftRef | None = None) -> DraftRef:
        return DraftRef(
            backend_id=answer.get("id") or (fallback.backend_id if fallback else ""),
            message_id=answer.get("internetMessageId") or (fallback.message_id if fallback else ""),
            thread_id=answer.get("conversationId") or (fallback.thread_id if fallback else ""),
            version=answer.get("changeKey") or (fallback.version if fallback else ""),
        )

    def _state(self, key: str, answer: dict[str, Any], fallback: DraftRef | None = None) -> MessageStatus:
        ref = self._ref(answer, fallback)
        if answer.get("parentFolderId") and answer["parentFolderId"] == self._folder("deleteditems"):
            return MessageStatus(MessageState.DELETED, ref=ref, evidence=Evidence.ABSENT)
        if answer.get("isDraft") is False:
            return MessageStatus(MessageState.SENT, sent_at=_time(answer.get("sentDateTime")), ref=ref,
                                 evidence=Evidence.KEY)
        props = {p.get("id", "").lower(): p.get("value")
                 for p in answer.get("singleValueExtendedProperties") or []}
        if props.get(DEFERRED_SEND.lower()) and key in self.cache.data.get("submitted", ()):
            return MessageStatus(MessageState.SCHEDULED, ref=ref, evidence=Evidence.DRAFTS)
        return MessageStatus(MessageState.DRAFT, ref=ref, evidence=Evidence.DRAFTS)

    def _wrote(self, key: str, message: EmailMessage, answer: dict[str, Any] | None) -> None:
        """Remember what mailflow wrote as ``key``: the digest of its text, and
        the change key the draft had then."""
        ours = dict(self.cache.data.get("ours") or {})
        ours.pop(key, None)
        text = _body(message)[0]
        ours[key] = {"digest": body_digest(text), "words": words_digest(text),
                     "ck": (answer or {}).get("changeKey", ""), "edited": False}
        self.cache.put("ours", dict(list(ours.items())[-OURS_LIMIT:]))

    # ---------------------------------------------------------------- create

    def _create_draft(self, draft: NewDraft) -> DraftRef:
        op = f"create draft {draft.key}"
        payload = self._payload(draft.message, draft.key)
        if draft.send_at is not None:
            payload["singleValueExtendedProperties"] += self._deferred(draft.send_at)
        header = [{"name": KEY_HEADER, "value": draft.key}]
        if draft.reply_to is not None:
            reply = self._create_reply(draft.reply_to, header, op)
            answer = self.client.call("PATCH", f"me/messages/{reply['id']}", f"{op} (fill in)",
                                      body=payload) or {}
            ref = self._ref(answer, self._ref(reply))
        else:
            answer = self.client.call("POST", "me/messages", op,
                                      body={**payload, "internetMessageHeaders": header}) or {}
            ref = self._ref(answer)
        for part in draft.message.iter_attachments():
            self.client.call("POST", f"me/messages/{ref.backend_id}/attachments", f"{op} (attach {part.get_filename()})",
                             body=_file_attachment(part))
        self._wrote(draft.key, draft.message, answer)
        if draft.send_at is not None:
            self.client.call("POST", f"me/messages/{ref.backend_id}/send", f"{op} (schedule)")
            submitted = [k for k in self.cache.data.get("submitted", []) if k != draft.key]
            self.cache.put("submitted", [*submitted, draft.key][-SUBMITTED_LIMIT:])
        return ref

    def _create_reply(self, thread: ThreadRef, header: list[dict[str, str]], op: str
                      ) -> dict[str, Any]:
        """A reply draft in ``thread``'s conversation, on the stored id or, when
        that no longer answers (another mailbox wrote it, it was copied), on the
        message found by its Message-ID."""
        # createReply takes a comment OR message.body; only our header here,
        # since custom headers can be set only while creating
        body = {"message": {"internetMessageHeaders": header}}
        targets = [thread.backend_id] if thread.backend_id else []
        for target in targets:
            reply = self.client.call("POST", f"me/messages/{target}/createReply",
                                     f"{op} (reply)", body=body, missing_ok=True)
            if reply is not None:
                return reply
        if thread.message_id:
            answer = self.client.call(
                "GET", "me/messages", f"{op} (find the message replied to)",
                params={"$filter": f"internetMessageId eq '{_odata(thread.message_id)}'",
                        "$select": _SELECT},
            ) or {}
            deleted = self._folder("deleteditems")
            for item in answer.get("value", []):
                if item.get("parentFolderId") != deleted:
                    reply = self.client.call("POST", f"me/messages/{item['id']}/createReply",
                                             f"{op} (reply)", body=body, missing_ok=True)
                    if reply is not None:
                        return reply
        raise MailboxError(
            f"Outlook mailbox: {op}: the message replied to ({thread.message_id or 'no id'}) "
            "is not in this mailbox",
            hint="it was deleted or written to another mailbox; write this one by hand",
        )

    def _create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """New messages go through ``$batch``; replies and scheduled messages,
        which need several dependent steps, one by one."""
        results: list[DraftRef | Exception | None] = [None] * len(drafts)
        simple = [i for i, d in enumerate(drafts) if d.reply_to is None and d.send_at is None
                  and not any(True for _ in d.message.iter_attachments())]
        if len(simple) > 1:
            items = []
            for i in simple:
                body = self._payload(drafts[i].message, drafts[i].key)
                body["internetMessageHeaders"] = [{"name": KEY_HEADER, "value": drafts[i].key}]
                items.append({"method": "POST", "url": "me/messages", "body": body})
            try:
                answers = self.client.batch(items, f"create {len(items)} drafts")
            except MailboxError as exc:
                answers = [exc] * len(items)
            for i, answer in zip(simple, answers):
                if isinstance(answer, MailboxError):
                    results[i] = answer
                    continue
                if answer.ok:
                    results[i] = self._ref(answer.body)
                    self._wrote(drafts[i].key, drafts[i].message, answer.body)
                else:
                    code, message = answer.error
                    results[i] = MailboxError(
                        f"Outlook mailbox: create draft {drafts[i].key} failed: "
                        f"HTTP {answer.status} {code}: {message}".rstrip(": ")
                    )
        for i, draft in enumerate(drafts):
            if results[i] is None:
                try:
                    results[i] = self._create_draft(draft)
                except MailboxError as exc:
                    results[i] = exc
        return [r for r in results if r is not None]

    def update_draft(self, written: Written, draft: NewDraft) -> DraftRef:
        """PATCH the draft in place (same id, same conversation); a draft that is
        gone, or one to be scheduled, is written anew."""
        if draft.send_at is not None:
            return super().update_draft(written, draft)
        payload = self._payload(draft.message, draft.key)
        payload.pop("internetMessageId", None)  # the same Message-ID: never rewritten
        answer = self.client.call("PATCH", f"me/messages/{written.ref.backend_id}", f"rewrite draft {draft.key}",
                                  body=payload, missing_ok=True)
        if answer is None or answer.get("isDraft") is False:
            return self._create_draft(draft)
        self._wrote(draft.key, draft.message, answer)
        return self._ref(answer, written.ref)

    # ------------------------------------------------------------ look it up

    def find(self, key: str) -> MessageStatus | None:
        flt = (f"singleValueExtendedProperties/any(ep: ep/id eq '{KEY_PROPERTY}' "
               f"and ep/value eq '{_odata(key)}')")
        answer = self.client.call("GET", "me/messages", f"find {key}",
                                  params={"$filter": flt, "$select": _SELECT,
                                          "$expand": _EXPAND}) or {}
        # one in Deleted Items only is absent, as the contract has it
        found = [s for s in (self._state(key, item) for item in answer.get("value", []))
                 if s.state != MessageState.DELETED]
        if not found:
            return None
        rank = {MessageState.SENT: 0, MessageState.SCHEDULED: 1, MessageState.DRAFT: 2}
        return min(found, key=lambda s: rank[s.state])

    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        """One listing of Drafts; Sent Items only for what left it (see the module docstring)."""
        return self._statuses(items)

    def look_for(self, items: list[Written]) -> dict[str, MessageStatus]:
        """As ``statuses``, with the words of drafts to the same recipients compared too."""
        found = self._statuses(items, words_in_drafts=True)
        return {key: status for key, status in found.items() if status.state != MessageState.DELETED}

    def _statuses(self, items: list[Written], *, words_in_drafts: bool = False) -> dict[str, MessageStatus]:
        if not items:
            return {}
        by_key = {w.key: w for w in items}
        listing = self._listing("drafts", "list the drafts")
        matched = self._recognise_with_words(items, listing) if words_in_drafts else recognise(items, listing)
        ours = dict(self.cache.data.get("ours") or {})
        changed = []  # drafts whose change key moved: their text is read
        for key, (f, evidence) in matched.items():
            mine = ours.get(key)
            if evidence in (Evidence.KEY, Evidence.MESSAGE_ID) and mine is not None and f.version != mine.get("ck"):
                changed.append(f)
        texts = self._texts([f.backend_id for f in changed])
        results: dict[str, MessageStatus] = {}
        submitted = set(self.cache.data.get("submitted", ()))
        for key, (f, evidence) in matched.items():
            written, mine = by_key[key], ours.get(key)
            if evidence not in (Evidence.KEY, Evidence.MESSAGE_ID):
                edited = True  # the user's own message, taken for ours by recipient and subject
            elif mine is None:  # written before digests were kept: a moved change key is all there is
                edited = bool(written.ref.version) and f.version != written.ref.version
            elif f.backend_id in texts:
                edited = not _same_text(texts[f.backend_id], mine)
                ours[key] = {**mine, "ck": f.version, "edited": edited}
            else:
                edited = bool(mine.get("edited"))
            state = MessageState.SCHEDULED if key in submitted else MessageState.DRAFT
            ref = DraftRef(f.backend_id, f.message_id or written.ref.message_id, f.thread_id, f.version)
            results[key] = MessageStatus(state, ref=ref, evidence=Evidence.DRAFTS, edited=edited)
        if ours != (self.cache.data.get("ours") or {}):
            self.cache.put("ours", ours)
        rest = [w for w in items if w.key not in results]
        if rest:
            since = min((w.written_at for w in rest), default=None) if all(w.written_at for w in rest) else None
            for key, (f, evidence) in self._recognise_with_words(rest, self._sent_since(since)).items():
                results[key] = MessageStatus(MessageState.SENT, sent_at=f.date,
                                             ref=DraftRef(f.backend_id, f.message_id, f.thread_id), evidence=evidence,
                                             subject=f.subject)
        for w in rest:
            results.setdefault(w.key, MessageStatus(MessageState.DELETED, ref=w.ref, evidence=Evidence.ABSENT))
        return results

    def _listing(self, folder: str, op: str, since: datetime | None = None) -> list[Filed]:
        """The messages of a well-known folder (sent since ``since``), as ``rules.sent`` reads them."""
        params = {"$select": _FILED_SELECT, "$expand": _KEY_EXPAND, "$top": str(PAGE)}
        if since is not None:
            params["$filter"] = f"sentDateTime ge {_iso(since)}"
        found = []
        for page in self.client.pages(f"me/mailFolders/{folder}/messages", op, params):
            for item in page.get("value", []):
                try:
                    found.append(_filed(item))
                except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                    ident = item.get("id", "?") if isinstance(item, dict) else "?"
                    self.note_unreadable(folder, f"message {str(ident)[-40:]}", exc)
        return found

    def _sent_since(self, since: datetime | None) -> list[Filed]:
        """Sent Items since ``since``: what was kept from earlier runs, and what
        was sent since the last one."""
        log = SentLog(self.cache)
        floor = (since or EPOCH) - SKEW
        kept = log.load(since, "outlook")
        filed, start = ([], floor) if kept is None else (kept[0], max(floor, _time(kept[1]) - MARGIN)
                                                         if kept[1] else floor)
        new = self._listing("sentitems", "list sent items", start)
        latest = max([f.date for f in new if f.date] + ([_time(kept[1])] if kept and kept[1] else []), default=None)
        return log.save(since, "outlook", filed + new, _iso(latest) if latest else "")

    def _body_texts(self, filed: list[Filed]) -> dict[str, str]:
        return self._texts([f.backend_id for f in filed], "read messages")

    def _texts(self, ids: list[str], what: str = "read changed drafts") -> dict[str, str]:
        """The text of these messages (one $batch for several). Every request asks for
        text (``Prefer: outlook.body-content-type="text"``, API_FACTS §9.1); a body that
        still comes as HTML is made text here."""
        if not ids:
            return {}
        from mailflow.providers.microsoft.graph import with_query

        params = {"$select": "id,body"}
        if len(ids) == 1:
            answers = [self.client.call("GET", f"me/messages/{ids[0]}", what, params=params, missing_ok=True)]
        else:
            answers = [a.body if a.ok else None for a in self.client.batch(
                [{"method": "GET", "url": with_query(f"me/messages/{i}", params)} for i in ids],
                f"{what} ({len(ids)})")]
        return {i: _text_of((a or {}).get("body") or {}) for i, a in zip(ids, answers) if a is not None}

    # ------------------------------------------------------- change and send

    def delete(self, key: str, ref: DraftRef) -> None:
        answer = self.client.call("GET", f"me/messages/{ref.backend_id}", f"check {key}",
                                  params={"$select": _SELECT}, missing_ok=True)
        if answer is None:  # no longer answers to its id: whatever carries the key
            current = self.find(key)
            if current is None or current.ref is None:
                return  # gone, or in Deleted Items already
            answer = {"id": current.ref.backend_id, "isDraft": current.state != MessageState.SENT}
        if answer.get("isDraft") is False:
            raise MailboxError(f"Outlook mailbox: delete {key}: the message was already sent; "
                               "it was left in place")
        if answer.get("parentFolderId") == self._folder("deleteditems"):
            return  # deleted already
        self.client.call("DELETE", f"me/messages/{answer.get('id') or ref.backend_id}", f"delete {key}",
                         missing_ok=True)

    def _send(self, key: str, ref: DraftRef) -> MessageStatus:
        self.client.call("POST", f"me/messages/{ref.backend_id}/send", f"send {key}")
        # immutable ids are documented to survive /send, but users report new ones
        # (API_FACTS §9.2): the sent copy is looked up by its key; Graph sends in the
        # background, so until it is in Sent Items the draft's ref stands
        found = self.find(key)
        if found is not None and found.state == MessageState.SENT:
            return found
        return MessageStatus(MessageState.SENT, ref=ref, evidence=Evidence.KEY)

    # --------------------------------------------------------------- replies

    def _replies_since(self, since: datetime, *, domains: tuple[str, ...],
                      addresses: tuple[str, ...]) -> list[Incoming]:
        senders = Senders(domains, addresses)
        if not senders:
            return []
        log = ReplyLog(self.cache)
        found, marks = log.load(since, senders)
        start = max(since, _time(marks["received"]) - MARGIN) if marks.get("received") else since
        left_out = {self._folder(name) for name in ("drafts", "sentitems")}
        latest = _time(marks.get("received"))
        params = {"$filter": f"receivedDateTime ge {_iso(start)}", "$select": _INBOX_SELECT,
                  "$top": str(REPLIES_PAGE)}
        for page in self.client.pages("me/messages", "list replies", params):
            for item in page.get("value", []):
                try:
                    received = _time(item.get("receivedDateTime"))
                    if received is None:
                        continue
                    latest = max(latest, received) if latest else received
                    message = _reply(item, senders, left_out, received)
                except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                    ident = item.get("id", "?") if isinstance(item, dict) else "?"
                    self.note_unreadable("mail", f"message {str(ident)[-40:]}", exc)
                    continue
                if message is not None:
                    found[item["id"]] = message
        return log.save(since, senders, found, {"received": _iso(latest)} if latest else {})

    # --------------------------------------------------------- mailflow doctor

    def check(self, now: datetime) -> list[Check]:
        """Drafts, Sent Items, the Inbox and Junk Email exist and can be read; a
        test draft is written, found again by its key and deleted for good. A
        person is waiting: a failed request is tried once more, not for half a minute."""
        self.client.max_attempts, self.client.max_delay = 2, 5.0
        checks = []
        for name, label in (("drafts", "drafts"), ("sentitems", "sent"), ("inbox", "inbox"),
                            ("junkemail", "junk")):
            try:
                folder = self.client.call("GET", f"me/mailFolders/{name}", f"open the {name} folder",
                                          params={"$select": "id,displayName,totalItemCount"}) or {}
                self.client.call("GET", f"me/mailFolders/{name}/messages", f"read the {name} folder",
                                 params={"$select": "id", "$top": "1"})
            except MailboxError as exc:
                checks.append(failed_check(f"outlook {label}", exc))
                continue
            checks.append(Check(f"outlook {label}", True, f"{folder.get('displayName', name)!r}: "
                                                         f"{folder.get('totalItemCount', 0)} messages, readable"))
        if all(c.ok for c in checks):
            checks.append(self.round_trip("outlook draft", self.my_email, now))
        return checks

    def _forget_test_draft(self) -> None:
        ours = dict(self.cache.data.get("ours") or {})
        if ours.pop(TEST_KEY, None) is not None:
            self.cache.put("ours", ours)

    def _remove_test_draft(self, ref: DraftRef) -> None:
        # for good: a test draft has no business in the user's Deleted Items
        gone = self.client.call("POST", f"me/messages/{ref.backend_id}/permanentDelete",
                                "delete the test draft", missing_ok=True)
        if gone is None:
            self.delete(TEST_KEY, ref)

def _reply(item: dict[str, Any], senders: Senders, left_out: set[str], received: datetime) -> Incoming | None:
    """A message listed by Graph as the inbox rules read it, when it is from ``senders``
    and not in one of ``left_out`` (drafts, sent); every field may be missing."""
    who = ((item.get("from") or item.get("sender") or {}).get("emailAddress") or {})
    sender = clean_text(str(who.get("address") or "")).lower()
    if item.get("parentFolderId") in left_out or not senders.matches(sender):
        return None
    headers: dict[str, str] = {}
    for h in (item.get("internetMessageHeaders") or [])[:1000]:
        headers.setdefault(clean_text(str(h.get("name", "")))[:200].lower(), header_value(h.get("value", "")))
    headers.setdefault("message-id", header_value(item.get("internetMessageId") or ""))
    body = item.get("body") or {}
    text, history = letter_text(str(body.get("content") or ""),
                                html=str(body.get("contentType", "")).lower() == "html")
    return incoming(sender, header_value(item.get("subject") or ""), received, headers,
                    name=header_value(who.get("name") or ""), text=text[:TEXT_KEPT], history=history[:TEXT_KEPT])


def _text_of(body: dict[str, Any]) -> str:
    """A Graph ``body`` as text: HTML (what Graph gives unless asked for text) made text."""
    content = str(body.get("content") or "")
    if str(body.get("contentType", "")).lower() == "html":
        from mailflow.rules.letter import html_to_text

        return html_to_text(content)
    return content


def _same_text(text: str, mine: dict[str, Any]) -> bool:
    """Whether ``text`` (read back from Graph) holds the words mailflow wrote: Outlook
    stores a draft the user opened and saved as HTML, and Graph's text of it differs
    from what was written in line breaks, paragraph spacing and spaces."""
    if body_digest(text) == mine.get("digest"):
        return True
    return bool(mine.get("words")) and words_digest(text) == mine["words"]


def _file_attachment(part) -> dict[str, str]:
    """A MIME attachment as a Graph ``fileAttachment`` (one POST takes up to 3 MB)."""
    import base64

    return {"@odata.type": "#microsoft.graph.fileAttachment", "name": part.get_filename() or "attachment",
            "contentType": part.get_content_type(),
            "contentBytes": base64.b64encode(part.get_payload(decode=True) or b"").decode("ascii")}


def _body(message: EmailMessage) -> tuple[str, str]:
    """The text of a message and its Graph content type."""
    text = message.get_body(preferencelist=("plain", "html"))
    content = text.get_content() if text is not None else ""
    kind = "HTML" if text is not None and text.get_content_subtype() == "html" else "Text"
    return content, kind


def _filed(item: dict[str, Any]) -> Filed:
    """A message of Drafts or Sent Items as ``rules.sent`` reads it."""
    props = {p.get("id", "").lower(): str(p.get("value", ""))
             for p in item.get("singleValueExtendedProperties") or []}
    people = [*(item.get("toRecipients") or []), *(item.get("ccRecipients") or [])]
    return Filed(
        backend_id=item.get("id", ""),
        message_id=item.get("internetMessageId") or "",
        key=props.get(KEY_PROPERTY.lower(), ""),
        to=tuple(a for a in (((p.get("emailAddress") or {}).get("address") or "").lower() for p in people) if a),
        subject=item.get("subject") or "",
        date=_time(item.get("sentDateTime") if item.get("isDraft") is False else item.get("createdDateTime")),
        thread_id=item.get("conversationId") or "",
        version=item.get("changeKey") or "",
    )


def _recipients(message: EmailMessage, header: str) -> list[dict[str, Any]]:
    return [{"emailAddress": {"address": address, "name": name}} if name
            else {"emailAddress": {"address": address}}
            for name, address in getaddresses([str(v) for v in message.get_all(header, [])])
            if address]


def _odata(value: str) -> str:
    """A string literal's content for an OData $filter."""
    return value.replace("'", "''")


def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
