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
    our body, subject, recipients and properties.

Ids
    Every request says ``Prefer: IdType="ImmutableId"``, so the id stored
    in ``DraftRef.backend_id`` still finds the message after it moved to
    Sent Items. When it does not (another mailbox, a copy), the message is
    looked up by its ``internetMessageId``.

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

States (``status``/``find``): in Deleted Items or gone -> ``deleted``;
``isDraft`` false -> ``sent`` (``sentDateTime``); a draft carrying the
deferred-send time whose ``/send`` was accepted -> ``scheduled``;
otherwise ``draft``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any
from zoneinfo import ZoneInfo

from mailflow.config import Shared
from mailflow.errors import MailboxError
from mailflow.mailboxes.base import Mailbox
from mailflow.model import KEY_HEADER, DraftRef, Incoming, MessageStatus, NewDraft, SyncCache, Written, ThreadRef
from mailflow.providers.microsoft import MicrosoftAccount

#: a named property in mailflow's own property set holding the key
KEY_PROPERTY = "String {4f5d2a1c-6b8e-4c1a-9d3e-7a2b5c8e1f60} Name X-Mailflow-Key"
DEFERRED_SEND = "SystemTime 0x3FEF"
DEFERRED_DELIVERY = "SystemTime 0x000F"
_SELECT = "id,isDraft,parentFolderId,sentDateTime,internetMessageId,conversationId"
_EXPAND = f"singleValueExtendedProperties($filter=id eq '{DEFERRED_SEND}')"
_INBOX_SELECT = ("id,from,sender,subject,receivedDateTime,internetMessageId,conversationId,"
                 "internetMessageHeaders")
#: how many keys of scheduled messages the cache remembers
SUBMITTED_LIMIT = 500


@dataclass
class OutlookSettings(MicrosoftAccount):
    """``[mail.outlook]``: the Microsoft login, and scheduled sending."""

    #: schedule follow-ups to leave at schedule_time on their due day (deferred send)
    schedule_send: bool = False
    #: local time a scheduled follow-up leaves on its due day
    schedule_time: str = "09:30"


class OutlookMailbox(Mailbox):
    """Drafts, sent mail and inbox of the signed-in Microsoft account."""

    Settings = OutlookSettings

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
        self.can_schedule = bool(self.settings.schedule_send)
        self.login = MicrosoftLogin(settings, shared, http_client=http_client, error_cls=MailboxError)
        self.client = GraphClient(
            self.settings.endpoint, self.login.token, error_cls=MailboxError,
            label="Outlook mailbox", session=session, sleep=sleep,
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
        text = message.get_body(preferencelist=("plain", "html"))
        content = text.get_content() if text is not None else ""
        kind = "HTML" if text is not None and text.get_content_subtype() == "html" else "Text"
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
        )

    def _state(self, key: str, answer: dict[str, Any], fallback: DraftRef | None = None) -> MessageStatus:
        ref = self._ref(answer, fallback)
        if answer.get("parentFolderId") and answer["parentFolderId"] == self._folder("deleteditems"):
            return MessageStatus("deleted", ref=ref)
        if answer.get("isDraft") is False:
            return MessageStatus("sent", sent_at=_time(answer.get("sentDateTime")), ref=ref)
        props = {p.get("id", "").lower(): p.get("value")
                 for p in answer.get("singleValueExtendedProperties") or []}
        if props.get(DEFERRED_SEND.lower()) and key in self.cache.data.get("submitted", ()):
            return MessageStatus("scheduled", ref=ref)
        return MessageStatus("draft", ref=ref)

    # ---------------------------------------------------------------- create

    def create_draft(self, draft: NewDraft) -> DraftRef:
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

    def create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """New messages go through ``$batch``; replies and scheduled messages,
        which need several dependent steps, one by one."""
        results: list[DraftRef | Exception | None] = [None] * len(drafts)
        simple = [i for i, d in enumerate(drafts) if d.reply_to is None and d.send_at is None]
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
                else:
                    code, message = answer.error
                    results[i] = MailboxError(
                        f"Outlook mailbox: create draft {drafts[i].key} failed: "
                        f"HTTP {answer.status} {code}: {message}".rstrip(": ")
                    )
        for i, draft in enumerate(drafts):
            if results[i] is None:
                try:
                    results[i] = self.create_draft(draft)
                except MailboxError as exc:
                    results[i] = exc
        return [r for r in results if r is not None]

    # ------------------------------------------------------------ look it up

    def find(self, key: str) -> MessageStatus | None:
        flt = (f"singleValueExtendedProperties/any(ep: ep/id eq '{KEY_PROPERTY}' "
               f"and ep/value eq '{_odata(key)}')")
        answer = self.client.call("GET", "me/messages", f"find {key}",
                                  params={"$filter": flt, "$select": _SELECT,
                                          "$expand": _EXPAND}) or {}
        found = [self._state(key, item) for item in answer.get("value", [])]
        if not found:
            return None
        rank = {"sent": 0, "scheduled": 1, "draft": 2, "deleted": 3}
        return min(found, key=lambda s: rank[s.state])

    def _status(self, key: str, ref: DraftRef) -> MessageStatus:
        answer = self.client.call("GET", f"me/messages/{ref.backend_id}", f"check {key}",
                                  params={"$select": _SELECT, "$expand": _EXPAND},
                                  missing_ok=True)
        if answer is not None:
            return self._state(key, answer, ref)
        return self._by_message_id(key, ref)

    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        return self._statuses({w.key: w.ref for w in items})

    def _statuses(self, items: dict[str, DraftRef]) -> dict[str, MessageStatus]:
        """One ``$batch`` GET per 20 messages; the few not found by id are
        looked up by Message-ID."""
        keys = list(items)
        if len(keys) <= 1:
            return {k: self._status(k, items[k]) for k in keys}
        from mailflow.providers.microsoft.graph import with_query

        params = {"$select": _SELECT, "$expand": _EXPAND}
        answers = self.client.batch(
            [{"method": "GET", "url": with_query(f"me/messages/{items[k].backend_id}", params)}
             for k in keys],
            f"check {len(keys)} messages",
        )
        out: dict[str, MessageStatus] = {}
        for key, answer in zip(keys, answers):
            if answer.ok:
                out[key] = self._state(key, answer.body, items[key])
            elif answer.status == 404:
                out[key] = self._by_message_id(key, items[key])
            else:
                out[key] = self._status(key, items[key])
        return out

    def _by_message_id(self, key: str, ref: DraftRef) -> MessageStatus:
        """Sent detection when the id no longer answers."""
        if ref.message_id:
            answer = self.client.call(
                "GET", "me/messages", f"find {key} by Message-ID",
                params={"$filter": f"internetMessageId eq '{_odata(ref.message_id)}'",
                        "$select": _SELECT, "$expand": _EXPAND},
            ) or {}
            states = [self._state(key, item, ref) for item in answer.get("value", [])]
            for wanted in ("sent", "scheduled", "draft"):
                for state in states:
                    if state.state == wanted:
                        return state
        return MessageStatus("deleted", ref=ref)

    # ------------------------------------------------------- change and send

    def delete(self, key: str, ref: DraftRef) -> None:
        current = self._status(key, ref)
        if current.state == "deleted":
            return
        if current.state == "sent":
            raise MailboxError(f"Outlook mailbox: delete {key}: the message was already sent; "
                               "it was left in place")
        target = current.ref.backend_id if current.ref else ref.backend_id
        self.client.call("DELETE", f"me/messages/{target}", f"delete {key}", missing_ok=True)

    def send(self, key: str, ref: DraftRef) -> MessageStatus:
        self.client.call("POST", f"me/messages/{ref.backend_id}/send", f"send {key}")
        # with immutable ids the sent copy keeps this id
        return MessageStatus("sent", ref=ref)

    # --------------------------------------------------------------- replies

    def replies_since(self, since: datetime, *, domains: tuple[str, ...],
                      addresses: tuple[str, ...]) -> list[Incoming]:
        wanted_domains = {d.lower().lstrip("@") for d in domains if d}
        wanted_addresses = {a.lower() for a in addresses if a}
        params = {
            "$filter": f"receivedDateTime ge {since.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}",
            "$select": _INBOX_SELECT,
            "$top": "50",
        }
        found: list[Incoming] = []
        for page in self.client.pages("me/mailFolders/inbox/messages", "list replies", params):
            for item in page.get("value", []):
                sender = (((item.get("from") or item.get("sender") or {})
                           .get("emailAddress") or {}).get("address") or "").lower()
                domain = sender.rpartition("@")[2]
                if not (sender in wanted_addresses or any(
                        domain == d or domain.endswith("." + d) for d in wanted_domains)):
                    continue
                headers: dict[str, str] = {}
                for h in item.get("internetMessageHeaders") or []:
                    headers.setdefault(str(h.get("name", "")).lower(), str(h.get("value", "")))
                found.append(Incoming(
                    sender=sender,
                    subject=item.get("subject") or "",
                    date=_time(item.get("receivedDateTime")) or since,
                    message_id=item.get("internetMessageId") or "",
                    in_reply_to=headers.get("in-reply-to", ""),
                    headers=headers,
                ))
        found.sort(key=lambda m: m.date)
        return found


def _recipients(message: EmailMessage, header: str) -> list[dict[str, Any]]:
    return [{"emailAddress": {"address": address, "name": name}} if name
            else {"emailAddress": {"address": address}}
            for name, address in getaddresses([str(v) for v in message.get_all(header, [])])
            if address]


def _odata(value: str) -> str:
    """A string literal's content for an OData $filter."""
    return value.replace("'", "''")


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
