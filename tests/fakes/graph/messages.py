"""Graph mail: messages, folders, replies and sending, and what the user does
in Outlook.

API (API_FACTS §4.1–4.3): ``POST /me/messages`` makes a draft;
``createReply`` a draft in the conversation (``comment`` and ``message.body``
together are 400); ``PATCH`` changes a draft; ``/send`` sends it, or queues
it in Drafts while its ``SystemTime 0x3FEF`` lies ahead (``advance`` lets it
leave); ``DELETE`` moves to Deleted Items. Ids change when a message moves
unless the request says ``Prefer: IdType="ImmutableId"``;
``internetMessageHeaders`` are settable only at creation and returned only
with ``$select``, never for Sent Items. ``GET /me/messages`` lists every
folder; ``/me/mailFolders/{folder}/messages`` one; both page at
``mail_page_size`` and take ``$filter``/``$orderby``/``$search`` as Exchange
does (``filters.py``): a page holds ``mail_page_size`` messages (10, as
Graph's default) or what ``$top`` asks, up to ``mail_max_top`` (1000, Graph's
limit for messages). ``permanentDelete`` removes a message for good. Folders: the well-known ones (inbox, drafts,
sentitems, deleteditems, junkemail, archive, outbox) and any ``add_folder``
makes, listed by ``/me/mailFolders`` and ``.../childFolders``.

The user, in Outlook (API_FACTS §8):

``user_sends_from_web(message, subject=None, body=None, new_conversation=False)``
    The draft leaves Drafts; Sent Items gets a copy of its own: a new id, a
    new ``internetMessageId``, no ``internetMessageHeaders`` and none of the
    draft's extended properties, the subject and text as the user left them,
    optionally in a new conversation.
``user_edits(message, body=None, subject=None)``
    The draft's content changes; ``lastModifiedDateTime`` and the change key
    move on; the id stays.
``user_opens_and_saves(message)``
    The user opened the draft in Outlook and saved it without changing a word:
    Outlook stores the body as HTML (a ``<p class="MsoNormal">`` per line, ``&nbsp;``
    in an empty one) and the change key moves on.
``user_sends(message)`` / ``user_deletes(message, permanently=False)``
    The draft itself moves to Sent Items / Deleted Items (or is gone). Sending
    gives the message a new id, immutable or not (``new_id_on_send``, on by
    default): Graph documents immutable ids as kept across /send, but users
    report them changing (API_FACTS §9.2), so mailflow must find the sent copy
    by its key or Message-ID, never by the draft's id alone.

Bodies (API_FACTS §9.1, docs/fakes-graph-bodies.md): a body is returned as HTML unless the request
says ``Prefer: outlook.body-content-type="text"``; a text body is then wrapped in HTML
as Exchange does, and an HTML body asked for as text comes back converted (lines
ended by CRLF, each paragraph followed by a blank line, ``&nbsp;`` as U+00A0): not
the text that was written, so a comparison must go by the words.
``receive(sender, subject, when, folder="inbox")``
    Mail arrives; ``folder="junkemail"`` or an ``add_folder`` id is where the
    junk filter or a rule filed it. ``add_inbox`` is the same for the inbox.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.graph.common import Call, GraphError, iso, page_of, parse_iso
from tests.fakes.graph.filters import Filter, order_by, search, sort

DEFERRED_SEND = "SystemTime 0x3FEF"
DEFERRED_DELIVERY = "SystemTime 0x000F"
WELL_KNOWN = {
    "inbox": "Inbox", "drafts": "Drafts", "sentitems": "Sent Items", "deleteditems": "Deleted Items",
    "junkemail": "Junk Email", "archive": "Archive", "outbox": "Outbox",
}
ROOT_FOLDER = "AQMkFolder-msgfolderroot"
MESSAGE_FIELDS = (
    "id", "subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "from",
    "sender", "replyTo", "internetMessageId", "conversationId", "isDraft", "parentFolderId",
    "sentDateTime", "receivedDateTime", "createdDateTime", "lastModifiedDateTime", "changeKey",
)
_ID = r"(?P<id>[^/]+)"
_FOLDER = r"(?P<folder>[^/]+)"
ROUTES = [
    ("POST", r"/me/messages", "_create_message"),
    ("GET", r"/me/messages", "_list_messages"),
    ("GET", rf"/me/messages/{_ID}", "_get_message"),
    ("PATCH", rf"/me/messages/{_ID}", "_patch_message"),
    ("DELETE", rf"/me/messages/{_ID}", "_delete_message"),
    ("POST", rf"/me/messages/{_ID}/permanentDelete", "_purge_message"),
    ("POST", rf"/me/messages/{_ID}/attachments", "_add_attachment"),
    ("POST", rf"/me/messages/{_ID}/createReply", "_create_reply"),
    ("POST", rf"/me/messages/{_ID}/send", "_send_message"),
    ("GET", r"/me/mailFolders", "_list_folders"),
    ("GET", rf"/me/mailFolders/{_FOLDER}", "_get_folder"),
    ("GET", rf"/me/mailFolders/{_FOLDER}/childFolders", "_list_folders"),
    ("GET", rf"/me/mailFolders/{_FOLDER}/messages", "_list_messages"),
]


@dataclass
class Folder:
    id: str
    name: str
    parent: str = ""  # key of the parent folder; "" at the top


@dataclass
class FakeMessage:
    num: int
    folder: str  # a well-known folder name, or the id of a folder add_folder made
    data: dict[str, Any]
    moves: int = 0
    headers: list[dict[str, str]] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)
    submitted: bool = False  # /send called; waits for the deferred time
    changes: int = 0

    @property
    def immutable_id(self) -> str:
        return f"AAkALgImm{self.num:04d}="

    @property
    def regular_id(self) -> str:
        return f"AAMkReg{self.num:04d}-{self.moves}="

    @property
    def change_key(self) -> str:
        return f"CQAAAB{self.num:04d}{self.moves}{self.changes:03d}"


class Mail:
    """Mixin of :class:`FakeMicrosoft`."""

    def _setup_mail(self) -> None:
        self.messages: dict[int, FakeMessage] = {}
        self.mail_page_size = 10
        self.mail_max_top = 1000
        #: sending gives the message a new id (API_FACTS §9.2); tests may turn it off
        self.new_id_on_send = True
        self.folders: dict[str, Folder] = {key: Folder(f"AQMkFolder-{key}", name)
                                           for key, name in WELL_KNOWN.items()}

    # --------------------------------------------------------- test hooks

    def add_folder(self, name: str, parent: str = "inbox") -> str:
        """A folder of the user's (``parent=""``: at the top); returns its id,
        which is also what ``receive(folder=...)`` takes."""
        with self.lock:
            folder_id = f"AQMkFolder-c{next(self._serial)}"
            self.folders[folder_id] = Folder(folder_id, name, parent)
            return folder_id

    def add_message(self, folder: str, **data: Any) -> FakeMessage:
        """Put a message straight into a folder (mail the user sent or received)."""
        with self.lock:
            num = next(self._serial)
            data.setdefault("internetMessageId", f"<fake.{num}@mail.example.net>")
            data.setdefault("conversationId", f"AAQkConv{num:04d}=")
            data.setdefault("isDraft", folder == "drafts")
            data.setdefault("receivedDateTime", iso(self.now))
            data.setdefault("sentDateTime", iso(self.now) if folder != "drafts" else None)
            data.setdefault("createdDateTime", iso(self.now))
            data.setdefault("lastModifiedDateTime", data["createdDateTime"])
            for name in ("toRecipients", "ccRecipients", "bccRecipients", "replyTo"):
                data.setdefault(name, [])
            data.setdefault("body", {"contentType": "text", "content": ""})
            headers = data.pop("internetMessageHeaders", [])
            message = FakeMessage(num, folder, data, headers=list(headers))
            self.messages[num] = message
            return message

    def receive(self, sender: str, subject: str, received: dt.datetime, *, folder: str = "inbox",
                name: str = "", headers: dict[str, str] | None = None,
                in_reply_to: str = "") -> FakeMessage:
        """Mail from ``sender`` arrives and is filed in ``folder``."""
        hdrs = [{"name": k, "value": v} for k, v in (headers or {}).items()]
        if in_reply_to:
            hdrs.append({"name": "In-Reply-To", "value": in_reply_to})
        who = {"emailAddress": {"name": name, "address": sender}}
        return self.add_message(folder, subject=subject, receivedDateTime=iso(received),
                                sentDateTime=iso(received), isDraft=False,
                                toRecipients=[{"emailAddress": {"name": "Test User", "address": self.user}}],
                                internetMessageHeaders=hdrs, **{"from": who, "sender": who})

    def add_inbox(self, sender: str, subject: str, received: dt.datetime, *, name: str = "",
                  headers: dict[str, str] | None = None, in_reply_to: str = "") -> FakeMessage:
        return self.receive(sender, subject, received, name=name, headers=headers, in_reply_to=in_reply_to)

    def message_by_key(self, key: str) -> FakeMessage | None:
        with self.lock:
            for m in self.messages.values():
                if key in m.props.values():
                    return m
        return None

    def user_sends(self, message: FakeMessage) -> None:
        """The user pressed Send on the draft itself: it moves to Sent Items."""
        with self.lock:
            self._move(message, "sentitems")
            if self.new_id_on_send:  # the draft's id, immutable or not, answers no more
                del self.messages[message.num]
                message.num = next(self._serial)
                self.messages[message.num] = message
            message.data["isDraft"] = False
            message.data["sentDateTime"] = iso(self.now)
            self._changed(message)

    def user_sends_from_web(self, message: FakeMessage, *, subject: str | None = None,
                            body: str | None = None, new_conversation: bool = False) -> FakeMessage:
        """The user sent the draft from Outlook on the web: see the module docstring."""
        with self.lock:
            del self.messages[message.num]
            data = message.data
            copy = self.add_message(
                "sentitems", isDraft=False,
                subject=data.get("subject", "") if subject is None else subject,
                body=dict(data["body"], content=body) if body is not None else dict(data["body"]),
                **{name: list(data.get(name) or []) for name in
                   ("toRecipients", "ccRecipients", "bccRecipients", "replyTo")},
                **{name: data[name] for name in ("from", "sender") if name in data},
            )
            copy.data["internetMessageId"] = f"<PH0PR{copy.num:05d}.fake@PH0PR.prod.outlook.com>"
            if not new_conversation:
                copy.data["conversationId"] = data["conversationId"]
            if data.get("inReplyTo"):
                copy.data["inReplyTo"] = data["inReplyTo"]
            return copy

    def user_edits(self, message: FakeMessage, *, body: str | None = None,
                   subject: str | None = None) -> None:
        """The user changed the draft in Outlook and it was saved."""
        with self.lock:
            if body is not None:
                message.data["body"] = dict(message.data["body"], content=body)
            if subject is not None:
                message.data["subject"] = subject
            self._changed(message)

    def user_opens_and_saves(self, message: FakeMessage) -> None:
        """The user opened the draft in Outlook and saved it unchanged (see the module docstring)."""
        with self.lock:
            body = message.data["body"]
            if str(body.get("contentType", "")).lower() != "html":
                paragraphs = [f'<p class="MsoNormal">{html.escape(line) if line.strip() else "&nbsp;"}</p>'
                              for line in str(body.get("content", "")).replace("\r\n", "\n").rstrip("\n").split("\n")]
                message.data["body"] = {"contentType": "html",
                                        "content": "<html><head></head><body>" + "".join(paragraphs) + "</body></html>"}
            self._changed(message)

    def user_deletes(self, message: FakeMessage, *, permanently: bool = False) -> None:
        with self.lock:
            if permanently:
                del self.messages[message.num]
            else:
                self._move(message, "deleteditems")

    def advance(self, to: dt.datetime) -> None:
        """Move the clock; deferred messages whose time has come leave."""
        with self.lock:
            self.now = to
            for m in list(self.messages.values()):
                if m.submitted and m.folder == "drafts":
                    if parse_iso(m.props[DEFERRED_SEND]) <= to:
                        m.submitted = False
                        self.user_sends(m)

    def _move(self, message: FakeMessage, folder: str) -> None:
        if message.folder != folder:
            message.folder = folder
            message.moves += 1

    def _changed(self, message: FakeMessage) -> None:
        """A new change key, and a modification time that moves on even when the clock stood still."""
        message.changes += 1
        before = parse_iso(message.data.get("lastModifiedDateTime") or iso(self.now))
        message.data["lastModifiedDateTime"] = iso(max(self.now, before + dt.timedelta(seconds=1)))

    # ------------------------------------------------------------ folders

    def _folder_key(self, ident: str) -> str:
        if ident.lower() in WELL_KNOWN:
            return ident.lower()
        if ident in self.folders:
            return ident
        for key, folder in self.folders.items():
            if folder.id == ident:
                return key
        raise GraphError(404, "ErrorInvalidIdMalformed", "Id is malformed.")

    def _folder_json(self, key: str) -> dict[str, Any]:
        folder = self.folders[key]
        inside = [m for m in self.messages.values() if m.folder == key]
        return {
            "id": folder.id, "displayName": folder.name,
            "parentFolderId": self.folders[folder.parent].id if folder.parent else ROOT_FOLDER,
            "childFolderCount": sum(1 for f in self.folders.values() if f.parent == key),
            "unreadItemCount": 0, "totalItemCount": len(inside), "isHidden": False,
        }

    def _get_folder(self, call: Call, folder: str) -> tuple[int, dict, Any]:
        return 200, {}, self._folder_json(self._folder_key(folder))

    def _list_folders(self, call: Call, folder: str = "") -> tuple[int, dict, Any]:
        parent = self._folder_key(folder) if folder else ""
        keys = [k for k, f in self.folders.items() if f.parent == parent]
        return 200, {}, page_of(keys, self._folder_json, call, self.graph_url, 10)

    # ------------------------------------------------------------ messages

    def _find(self, ident: str) -> FakeMessage:
        for m in self.messages.values():
            # an immutable id works whatever the Prefer header; a regular id
            # only until the message moves (as in Exchange)
            if ident == m.immutable_id or ident == m.regular_id:
                return m
        raise GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")

    def _get_message(self, call: Call, id: str) -> tuple[int, dict, Any]:
        return 200, {}, self._render(self._find(id), call.query, call.immutable, call.prefer)

    def _patch_message(self, call: Call, id: str) -> tuple[int, dict, Any]:
        message = self._find(id)
        self._apply(message, call.body or {}, creating=False)
        self._changed(message)
        return 200, {}, self._render(message, {}, call.immutable, call.prefer)

    def _delete_message(self, call: Call, id: str) -> tuple[int, dict, Any]:
        self._move(self._find(id), "deleteditems")
        return 204, {}, None

    #: what one POST to a message's attachments takes (larger files need an upload session)
    ATTACHMENT_LIMIT = 3 * 1024 * 1024

    def _add_attachment(self, call: Call, id: str) -> tuple[int, dict, Any]:
        """A file attached to a draft, as Graph takes it: a ``fileAttachment`` with a
        name and base64 ``contentBytes`` under 3 MB; never to a sent message."""
        import base64
        import binascii

        message = self._find(id)
        body = call.body if isinstance(call.body, dict) else {}
        if body.get("@odata.type") != "#microsoft.graph.fileAttachment":
            raise GraphError(400, "ErrorInvalidRequest", "@odata.type must be #microsoft.graph.fileAttachment")
        if not body.get("name"):
            raise GraphError(400, "ErrorInvalidRequest", "the attachment needs a name")
        try:
            data = base64.b64decode(body.get("contentBytes") or "", validate=True)
        except (binascii.Error, ValueError):
            raise GraphError(400, "ErrorInvalidRequest", "contentBytes is not base64") from None
        if len(data) > self.ATTACHMENT_LIMIT:
            raise GraphError(413, "RequestEntityTooLarge", "use an upload session for files over 3 MB")
        if not message.data.get("isDraft"):
            raise GraphError(400, "ErrorInvalidOperation", "attachments can be added only to drafts")
        attachment = {"id": f"AAMkAtt{next(self._serial)}", "name": body["name"],
                      "contentType": body.get("contentType") or "application/octet-stream", "size": len(data),
                      "contentBytes": body["contentBytes"]}
        message.data.setdefault("attachments", []).append(attachment)
        message.data["hasAttachments"] = True
        self._changed(message)
        return 201, {}, attachment

    def _purge_message(self, call: Call, id: str) -> tuple[int, dict, Any]:
        del self.messages[self._find(id).num]
        return 204, {}, None

    def _send_message(self, call: Call, id: str) -> tuple[int, dict, Any]:
        message = self._find(id)
        if not message.data.get("isDraft"):
            raise GraphError(400, "ErrorInvalidOperation", "the message was already sent")
        if not message.data.get("toRecipients"):
            raise GraphError(400, "ErrorInvalidRecipients", "at least one recipient is required")
        deferred = message.props.get(DEFERRED_SEND)
        if deferred and parse_iso(deferred) > self.now:
            message.submitted = True
        else:
            self.user_sends(message)
        return 202, {}, None

    def _apply(self, message: FakeMessage, body: dict[str, Any], creating: bool) -> None:
        for name, value in body.items():
            if name == "internetMessageHeaders":
                if not creating:
                    raise GraphError(400, "ErrorInvalidPropertyRequest",
                                     "internetMessageHeaders can be set only when creating")
                for h in value:
                    if not h["name"].lower().startswith("x-"):
                        raise GraphError(400, "InvalidInternetMessageHeader",
                                         "custom header names must start with x-")
                message.headers.extend(value)
            elif name == "singleValueExtendedProperties":
                for prop in value:
                    message.props[prop["id"]] = prop["value"]
            elif name in ("subject", "body", "toRecipients", "ccRecipients", "bccRecipients",
                          "replyTo", "internetMessageId"):
                if not message.data.get("isDraft"):
                    raise GraphError(400, "ErrorInvalidPropertyUpdateSentMessage",
                                     "only drafts can be changed")
                message.data[name] = value
            else:
                raise GraphError(400, "RequestBodyRead", f"unknown property {name}")

    def _create_message(self, call: Call) -> tuple[int, dict, Any]:
        if not isinstance(call.body, dict):
            raise GraphError(400, "RequestBodyRead", "a JSON message is required")
        message = self.add_message("drafts", isDraft=True, sentDateTime=None)
        self._apply(message, call.body, creating=True)
        me = {"emailAddress": {"name": "Test User", "address": self.user}}
        message.data["from"] = message.data["sender"] = me
        return 201, {}, self._render(message, {}, call.immutable, call.prefer)

    def _create_reply(self, call: Call, id: str) -> tuple[int, dict, Any]:
        original = self._find(id)
        body = call.body or {}
        extra = body.get("message") or {}
        if body.get("comment") is not None and "body" in extra:
            raise GraphError(400, "ErrorInvalidRequest", "comment and message.body cannot both be given")
        data = original.data
        to = data.get("replyTo") or ([data["from"]] if data.get("from") else [])
        if original.folder == "sentitems":
            to = data.get("toRecipients", [])[:1]
        quoted = f"{body.get('comment', '')}\n\n> {data.get('body', {}).get('content', '')}"
        message = self.add_message(
            "drafts", isDraft=True, sentDateTime=None,
            subject="RE: " + data.get("subject", ""),
            conversationId=data["conversationId"], toRecipients=list(to),
            body={"contentType": "text", "content": quoted},
        )
        message.data["inReplyTo"] = data.get("internetMessageId")
        me = {"emailAddress": {"name": "Test User", "address": self.user}}
        message.data["from"] = message.data["sender"] = me
        self._apply(message, extra, creating=True)
        return 201, {}, self._render(message, {}, call.immutable, call.prefer)

    def _fields(self, message: FakeMessage) -> dict[str, Any]:
        """What $filter and $search see of a message."""
        return {**message.data, "parentFolderId": self.folders[message.folder].id,
                "singleValueExtendedProperties": [{"id": k, "value": v} for k, v in message.props.items()]}

    def _render(self, message: FakeMessage, query: dict[str, str], immutable: bool,
                prefer: str = "") -> dict[str, Any]:
        out = {k: message.data.get(k) for k in MESSAGE_FIELDS if k in message.data}
        if isinstance(out.get("body"), dict):
            out["body"] = body_as(out["body"], prefer)
        out["id"] = message.immutable_id if immutable else message.regular_id
        out["parentFolderId"] = self.folders[message.folder].id
        out["changeKey"] = message.change_key
        out["@odata.etag"] = f'W/"{message.change_key}"'
        select = query.get("$select")
        if select:
            wanted = {s.strip() for s in select.split(",")}
            out = {k: v for k, v in out.items() if k in wanted or k in ("id", "@odata.etag")}
            if "internetMessageHeaders" in wanted and message.folder != "sentitems":
                out["internetMessageHeaders"] = list(message.headers) + (
                    [{"name": "In-Reply-To", "value": message.data["inReplyTo"]}]
                    if message.data.get("inReplyTo") else [])
        expand = query.get("$expand", "")
        if expand:
            m = re.fullmatch(r"singleValueExtendedProperties\(\$filter=id eq '([^']+)'\)", expand)
            if not m:
                raise GraphError(400, "BadRequest", f"unsupported $expand {expand}")
            props = [{"id": k, "value": v} for k, v in message.props.items()
                     if k.lower() == m.group(1).lower()]
            if props:
                out["singleValueExtendedProperties"] = props
        return out

    def _list_messages(self, call: Call, folder: str | None = None) -> tuple[int, dict, Any]:
        key = None if folder is None else self._folder_key(folder)
        query = call.query
        items = [m for m in self.messages.values() if key is None or m.folder == key]
        flt = Filter(query["$filter"]) if "$filter" in query else None
        if "$search" in query:
            wanted = search(query["$search"], query)
            items = [m for m in items if wanted(self._fields(m))]
        if flt is not None:
            items = [m for m in items if flt.matches(self._fields(m))]
        keys = order_by(query["$orderby"], flt) if "$orderby" in query else [("receivedDateTime", True)]
        items = sort(items, keys, self._fields)
        size = self.mail_max_top if "$top" in query else self.mail_page_size
        return 200, {}, page_of(items, lambda m: self._render(m, query, call.immutable, call.prefer), call,
                                self.graph_url, size)


def body_as(body: dict[str, Any], prefer: str) -> dict[str, Any]:
    """A message body as Graph returns it: HTML unless ``prefer`` asks for text
    (``outlook.body-content-type="text"``), converted as the module docstring says."""
    content = str(body.get("content") or "")
    stored_html = str(body.get("contentType", "")).lower() == "html"
    if 'outlook.body-content-type="text"' in prefer.lower():
        if not stored_html:
            return {"contentType": "text", "content": content.replace("\r\n", "\n").replace("\n", "\r\n")}
        text = re.sub(r"(?i)<br\s*/?>", "\r\n", content)
        text = re.sub(r"(?i)</p\s*>", "\r\n\r\n", text)
        text = re.sub(r"(?i)</div\s*>", "\r\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        return {"contentType": "text", "content": text}
    if stored_html:
        return {"contentType": "html", "content": content}
    lines = [html.escape(line) for line in content.replace("\r\n", "\n").split("\n")]
    return {"contentType": "html",
            "content": ('<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n'
                        '</head>\r\n<body>\r\n<div class="PlainText">' + "<br>\r\n".join(lines)
                        + "</div>\r\n</body>\r\n</html>\r\n")}
