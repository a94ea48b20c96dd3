"""Any IMAP server as a mailbox (``[mail] backend = "imap"``), with imaplib.

Drafts are APPENDed to the Drafts folder with the ``\\Draft`` and ``\\Seen``
flags and the message's own date; the mail client shows them as drafts and
sends them itself (IMAP cannot send). A reply joins its thread through the
``In-Reply-To``/``References`` headers the composer sets.

Finding our messages
--------------------
UIDs change whenever a client saves a draft again, so messages are always
looked up by header: ``X-Mailflow-Key`` or the deterministic Message-ID,
with ``UID SEARCH HEADER``. A message still in Drafts is a draft; one found
in the Sent folder was sent (its INTERNALDATE, when the client filed it, is
the sent time); one in neither was deleted by the user. ``statuses`` asks
about all messages with one OR search per folder. Search matches are read
back and compared exactly (``HEADER`` search matches substrings).

Folders
-------
The configured names (UTF-8 in the config; modified UTF-7 on the wire,
RFC 3501 §5.1.3) are used when they exist, also below ``INBOX`` on servers
that keep every folder there. Otherwise the folder marked ``\\Drafts`` or
``\\Sent`` (RFC 6154 special use) is used. A missing Drafts folder is
created on the first write. Without any Sent folder, a draft that leaves
Drafts counts as deleted.

One connection serves a whole run: opened on first use, logged out when the
mailbox is closed or garbage-collected, or when the program ends. Replies
are read with ``BODY.PEEK`` and never marked as read.
"""

from __future__ import annotations

import base64
import copy
import email.policy
import imaplib
import re
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.parser import BytesHeaderParser
from email.utils import parseaddr, parsedate_to_datetime

from mailflow.config import Shared
from mailflow.errors import AuthError, ConfigError, MailboxError, MailflowError
from mailflow.mailboxes.base import Mailbox
from mailflow.model import KEY_HEADER, DraftRef, Incoming, MessageStatus, NewDraft, SyncCache, Written
from mailflow.model import message_id as deterministic_message_id
from mailflow.providers.imap import TIMEOUT, ImapAccount, check_account, logout, open_session, password, text
from mailflow.rules.replies import is_from

#: search terms per SEARCH command: keeps command lines short (RFC 7162 §4)
TERMS_PER_SEARCH = 50
UIDS_PER_FETCH = 200
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PARSER = BytesHeaderParser(policy=email.policy.default)


@dataclass
class ImapSettings(ImapAccount):
    """``[mail.imap]``: the account, and the folders mailflow uses."""

    drafts_folder: str = "Drafts"
    sent_folder: str = "Sent"
    inbox_folder: str = "INBOX"


class ImapMailbox(Mailbox):
    """The Drafts, Sent and inbox folders of one IMAP account."""

    Settings = ImapSettings

    can_send = False  # the user sends from their mail client; the Sent folder shows it
    can_schedule = False
    can_see_sent = True
    can_see_replies = True

    def __init__(self, settings: ImapSettings, shared: Shared, cache: SyncCache | None = None, *,
                 timeout: float = TIMEOUT):
        super().__init__("imap", cache)
        self.settings = settings
        self.my_email = shared.my_email
        check_account(settings)
        for setting in ("drafts_folder", "sent_folder", "inbox_folder"):
            name = getattr(settings, setting)
            if not name.strip() or _CONTROL.search(name):
                raise ConfigError(f"[mail.imap] {setting} = {name!r}: not a folder name")
        self.where = f"{self.settings.host}:{self.settings.port}"
        self.timeout = timeout
        self._conn: imaplib.IMAP4 | None = None
        self._failed: MailflowError | None = None
        self._closer: weakref.finalize | None = None
        self._capabilities: set[str] = set()
        self._folders: dict[str, _Folder] | None = None
        self._selected: tuple[str, bool] | None = None
        self._uidvalidity = ""

    # ---- writing -----------------------------------------------------------------

    def create_draft(self, draft: NewDraft) -> DraftRef:
        message = copy.deepcopy(draft.message)
        del message[KEY_HEADER]
        message[KEY_HEADER] = draft.key
        if not message["Message-ID"]:
            message["Message-ID"] = self._message_id(draft.key)
        message_id = str(message["Message-ID"])
        folder = self._folder("drafts", create=True)
        date = _header_date(message["Date"])
        conn = self._connection()
        conn.response("APPENDUID")  # forget any earlier one
        self._call(
            f"save draft {draft.key} in {folder.name}",
            "append",
            _quote(folder.wire),
            r"(\Draft \Seen)",
            date,  # the message's own date as INTERNALDATE
            message.as_bytes(policy=email.policy.SMTP),
        )
        _, appended = conn.response("APPENDUID")  # RFC 4315, when the server has UIDPLUS
        validity, _, uid = (appended[0] or b"").decode("ascii", "replace").partition(" ")
        return DraftRef(_backend_id(folder, validity, uid), message_id)

    def create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """As the base, but a server that cannot be reached fails every draft at once."""
        if drafts:
            try:
                self._connection()
            except AuthError:
                raise
            except MailflowError as exc:
                return [exc for _ in drafts]
        return super().create_drafts(drafts)

    def delete(self, key: str, ref: DraftRef) -> None:
        folder = self._folder("drafts")
        if folder is None:
            return
        self._select(folder, write=True)
        uids = [uid for uid, _ in self._matching(folder, {key: ref.message_id or self._message_id(key)})]
        if not uids:
            return  # already gone: sent or deleted by the user
        uid_set = ",".join(uids)
        self._call(f"delete draft {key}", "uid", "STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)")
        if "UIDPLUS" in self._capabilities:
            self._call(f"delete draft {key}", "uid", "EXPUNGE", uid_set)
        else:  # also removes what the user marked deleted in Drafts, as their client would
            self._call(f"delete draft {key}", "expunge")

    def send(self, key: str, ref: DraftRef) -> MessageStatus:
        raise MailboxError(
            "IMAP cannot send mail: mailflow only leaves drafts on the IMAP server",
            hint="send the draft from your mail client; the next `mailflow run` sees it in the Sent folder",
        )

    # ---- finding and checking ----------------------------------------------------

    def find(self, key: str) -> MessageStatus | None:
        status = self._look_up({key: DraftRef("", self._message_id(key))}, strict=False)[key]
        return None if status.state == "deleted" else status

    def _status(self, key: str, ref: DraftRef) -> MessageStatus:
        return self._statuses({key: ref})[key]

    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        return self._statuses({w.key: w.ref for w in items})

    def _statuses(self, items: dict[str, DraftRef]) -> dict[str, MessageStatus]:
        """One search in Drafts for all messages, then one in Sent for the rest."""
        return self._look_up(items, strict=True)

    def _look_up(self, items: dict[str, DraftRef], *, strict: bool) -> dict[str, MessageStatus]:
        """Draft, sent or deleted, for each key. ``strict``: the messages were
        written here, so a Drafts folder that is not found is an error, not a
        reason to call them all deleted (which would never be undone)."""
        wanted = {key: ref.message_id or self._message_id(key) for key, ref in items.items()}
        results: dict[str, MessageStatus] = {}
        if not wanted:
            return results
        drafts = self._folder("drafts")
        if drafts is not None:
            self._select(drafts)
            for key, (uid, headers) in self._found(drafts, wanted).items():
                results[key] = MessageStatus("draft", ref=self._ref(drafts, uid, headers))
        elif strict:
            raise MailboxError(
                f"IMAP {self.where}: there is no folder {self.settings.drafts_folder!r} and none marked "
                f"as Drafts: cannot tell what became of {len(wanted)} draft(s)",
                hint="check [mail.imap] drafts_folder: it must name the folder the drafts were written to",
            )
        rest = {key: mid for key, mid in wanted.items() if key not in results}
        sent = self._folder("sent")
        if sent is not None and rest:
            self._select(sent)
            for key, (uid, headers) in self._found(sent, rest).items():
                sent_at = headers.internal_date or _header_date(headers.get("Date"))
                results[key] = MessageStatus("sent", sent_at=sent_at, ref=self._ref(sent, uid, headers))
        for key, ref in items.items():
            results.setdefault(key, MessageStatus("deleted", ref=ref))
        return results

    def _found(self, folder: _Folder, wanted: dict[str, str]) -> dict[str, tuple[str, _Headers]]:
        """Which of ``wanted`` (key -> Message-ID) are in the selected folder: key -> (UID, headers)."""
        by_id = {_bare(mid): key for key, mid in wanted.items()}
        found: dict[str, tuple[str, _Headers]] = {}
        for uid, headers in self._matching(folder, wanted):
            key = str(headers.get(KEY_HEADER, "")).strip()
            if key not in wanted:  # a client that re-saved the draft may drop our header
                key = by_id.get(_bare(str(headers.get("Message-ID", ""))), "")
            if key:
                found.setdefault(key, (uid, headers))
        return found

    def _ref(self, folder: _Folder, uid: str, headers: _Headers) -> DraftRef:
        return DraftRef(_backend_id(folder, self._uidvalidity, uid), str(headers.get("Message-ID", "")).strip())

    def _matching(self, folder: _Folder, wanted: dict[str, str]) -> list[tuple[str, _Headers]]:
        """(UID, headers) of the messages in the selected folder carrying one
        of the keys or Message-IDs of ``wanted``."""
        terms = []
        for key, mid in wanted.items():
            terms.append(f"HEADER {KEY_HEADER} {_quote(key)}")
            if _searchable(mid):
                terms.append(f"HEADER Message-ID {_quote(_bare(mid))}")
        uids: dict[str, None] = {}
        for start in range(0, len(terms), TERMS_PER_SEARCH):
            chunk = terms[start:start + TERMS_PER_SEARCH]
            try:
                uids.update(dict.fromkeys(self._search(folder, _any_of(chunk))))
            except MailboxError:
                if self._failed is not None or len(chunk) == 1:
                    raise
                for term in chunk:  # a server that cannot do OR: one search per term
                    uids.update(dict.fromkeys(self._search(folder, term)))
        keys = set(wanted)
        ids = {_bare(mid) for mid in wanted.values()}
        matches = []
        for uid, meta, raw in self._fetch(
            folder, list(uids), f"BODY.PEEK[HEADER.FIELDS ({KEY_HEADER} MESSAGE-ID DATE)]"
        ):
            headers = _Headers.parse(raw, meta)
            if str(headers.get(KEY_HEADER, "")).strip() in keys or _bare(str(headers.get("Message-ID", ""))) in ids:
                matches.append((uid, headers))
        return matches

    # ---- replies -------------------------------------------------------------------

    def replies_since(
        self, since: datetime, *, domains: tuple[str, ...], addresses: tuple[str, ...]
    ) -> list[Incoming]:
        domains = tuple(d.strip().lower().lstrip("@") for d in domains if d.strip())
        addresses = tuple(a.strip().lower() for a in addresses if a.strip())
        senders = (*domains, *addresses)
        if not senders:
            return []
        inbox = self._folder("inbox")
        if inbox is None:
            raise MailboxError(
                f"[mail.imap] inbox_folder: there is no folder {self.settings.inbox_folder!r} on {self.where}",
                hint='the default "INBOX" always exists',
            )
        self._select(inbox)
        # SINCE compares dates in the server's zone and FROM matches substrings:
        # search a day early, then check exact times and senders here
        criteria = f"SINCE {_imap_date(since - timedelta(days=1))}"
        if all(_searchable(s) for s in senders):
            criteria += " " + _any_of([f"FROM {_quote(s)}" for s in senders])
        replies = []
        for _, meta, raw in self._fetch(inbox, self._search(inbox, criteria), "BODY.PEEK[HEADER]"):
            headers = _Headers.parse(raw, meta)
            incoming = headers.incoming()
            if incoming is not None and incoming.date > since and is_from(incoming, domains, addresses):
                replies.append(incoming)
        return sorted(replies, key=lambda m: m.date)

    # ---- the connection --------------------------------------------------------------

    def _connection(self) -> imaplib.IMAP4:
        if self._failed is not None:  # one failed connection attempt per run
            raise self._failed
        if self._conn is None:
            try:
                self._conn = open_session(self.settings, password(self.settings), timeout=self.timeout)
            except MailflowError as exc:
                self._failed = exc
                raise
            self._closer = weakref.finalize(self, logout, self._conn)
            self._capabilities = _capabilities(self._conn)
        return self._conn

    def close(self) -> None:
        """Log out now (also done when the mailbox is garbage-collected or at exit)."""
        if self._closer is not None:
            self._closer()
        self._conn = self._closer = None
        self._folders = self._selected = None

    def _call(self, what: str, command: str, *args) -> list:
        """Run one imaplib command; its data, or ``MailboxError`` saying ``what`` failed."""
        conn = self._connection()
        try:
            typ, data = getattr(conn, command)(*args)
        except (imaplib.IMAP4.abort, OSError) as exc:
            self.close()
            self._failed = MailboxError(
                f"IMAP {self.where}: the connection broke while trying to {what}: {text(exc)}",
                hint="run again later; nothing is lost",
            )
            raise self._failed from None
        except imaplib.IMAP4.error as exc:
            raise MailboxError(f"IMAP {self.where}: cannot {what}: {text(exc)}") from None
        if typ != "OK":
            raise MailboxError(f"IMAP {self.where}: cannot {what}: the server said {text(data)}")
        return data

    def _select(self, folder: _Folder, *, write: bool = False) -> None:
        if self._selected == (folder.wire, write):
            return
        conn = self._connection()
        conn.response("UIDVALIDITY")
        self._call(f"open the folder {folder.name}", "select", _quote(folder.wire), not write)
        _, validity = conn.response("UIDVALIDITY")
        self._uidvalidity = validity[0].decode("ascii", "replace") if validity and validity[0] else ""
        self._selected = (folder.wire, write)

    def _search(self, folder: _Folder, criteria: str) -> list[str]:
        data = self._call(f"search {folder.name}", "uid", "SEARCH", criteria)
        return [uid.decode("ascii") for line in data if line for uid in line.split()]

    def _fetch(self, folder: _Folder, uids: list[str], item: str) -> list[tuple[str, bytes, bytes]]:
        """(UID, the response's other items, the literal) per message; ``item``
        is one body section (read with PEEK: nothing is marked read)."""
        found = []
        for start in range(0, len(uids), UIDS_PER_FETCH):
            chunk = ",".join(uids[start:start + UIDS_PER_FETCH])
            data = self._call(f"read messages in {folder.name}", "uid", "FETCH", chunk, f"(UID INTERNALDATE {item})")
            for index, part in enumerate(data):
                if not isinstance(part, tuple):
                    continue  # the tail of a response, or a flag change the server reported
                after = data[index + 1] if index + 1 < len(data) and isinstance(data[index + 1], bytes) else b""
                meta = part[0] + b" " + after
                uid = re.search(rb"\bUID (\d+)", meta)
                if uid:
                    found.append((uid.group(1).decode("ascii"), meta, part[1]))
        return found

    # ---- folders -------------------------------------------------------------------------

    def _folder(self, role: str, *, create: bool = False) -> _Folder | None:
        """The folder for ``role`` (drafts | sent | inbox), or None when there is none."""
        setting = {"drafts": "drafts_folder", "sent": "sent_folder", "inbox": "inbox_folder"}[role]
        name = getattr(self.settings, setting).strip()
        folders = self._list()
        configured = next(_candidates(name, folders), None)
        if configured is not None:
            return configured
        special = {"drafts": "\\drafts", "sent": "\\sent"}.get(role)
        for folder in folders.values():
            if special in folder.flags:
                return folder
        if not create:
            return None
        folder = _Folder(name, _encode_folder(name), frozenset())
        try:
            self._call(f"create the folder {name!r} ([mail.imap] {setting})", "create", _quote(folder.wire))
        except MailboxError:
            self._folders = None
            if folder.name not in self._list():  # created meanwhile by another process: fine
                raise
        else:
            try:
                self._call(f"subscribe to {name!r}", "subscribe", _quote(folder.wire))
            except MailboxError:
                pass  # the folder works unsubscribed; some clients just do not show it
        self._folders = None
        return folder

    def _list(self) -> dict[str, _Folder]:
        """Every folder, by name (decoded), with its lower-case flags."""
        if self._folders is None:
            self._connection()
            if {"SPECIAL-USE", "LIST-EXTENDED"} <= self._capabilities:
                data = self._call("list the folders", "list", '""', "* RETURN (SPECIAL-USE)")
            else:  # many servers show special-use flags in a plain LIST too
                data = self._call("list the folders", "list", '""', "*")
            self._folders = {}
            for item in data:
                folder = _Folder.parse(item)
                if folder is not None and "\\noselect" not in folder.flags and "\\nonexistent" not in folder.flags:
                    self._folders[folder.name] = folder
        return self._folders

    def _message_id(self, key: str) -> str:
        return deterministic_message_id(key, self.my_email)


def _capabilities(conn: imaplib.IMAP4) -> set[str]:
    """Capabilities after login (servers often announce more than before)."""
    try:
        typ, data = conn.capability()
    except imaplib.IMAP4.error:
        return {c.upper() for c in conn.capabilities}
    words = b" ".join(d for d in data if isinstance(d, bytes)).decode("ascii", "replace").split()
    return {w.upper() for w in words} if typ == "OK" else {c.upper() for c in conn.capabilities}


# ---- folders and quoting ------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\)\s+(?P<delimiter>"(?:\\.|[^"\\])*"|NIL)\s+(?P<name>.*)$', re.IGNORECASE)


class _Folder:
    """A folder as LIST shows it: ``name`` decoded, ``wire`` as the server spells it."""

    def __init__(self, name: str, wire: str, flags: frozenset[str], delimiter: str = ""):
        self.name, self.wire, self.flags, self.delimiter = name, wire, flags, delimiter

    @classmethod
    def parse(cls, item) -> _Folder | None:
        literal = None
        if isinstance(item, tuple):  # the name came as a literal
            item, literal = item
        if not isinstance(item, bytes):
            return None
        match = _LIST_LINE.match(item.strip())
        if match is None:
            return None
        raw = literal if literal is not None else match.group("name").strip()
        if literal is None and raw.startswith(b'"'):
            raw = re.sub(rb"\\(.)", rb"\1", raw[1:-1])
        wire = raw.decode("utf-8", "replace")
        delimiter = match.group("delimiter")
        delimiter = "" if delimiter.upper() == b"NIL" else re.sub(rb"\\(.)", rb"\1", delimiter[1:-1]).decode()
        flags = frozenset(match.group("flags").decode("ascii", "replace").lower().split())
        return cls(_decode_folder(wire), wire, flags, delimiter)


def _candidates(name: str, folders: dict[str, _Folder]):
    """Folders matching a configured name: exactly, then below INBOX
    (``INBOX.Sent``), and INBOX in any case (RFC 3501 §5.1)."""
    if name.upper() == "INBOX":
        yield from (f for n, f in folders.items() if n.upper() == "INBOX")
        return
    if name in folders:
        yield folders[name]
    for folder in folders.values():
        if folder.delimiter and folder.name.upper().startswith("INBOX" + folder.delimiter) \
                and folder.name[len("INBOX" + folder.delimiter):] == name:
            yield folder


def _encode_folder(name: str) -> str:
    """Modified UTF-7 (RFC 3501 §5.1.3): ASCII as is, ``&`` as ``&-``,
    other text as UTF-16 in base64 with ``,`` for ``/``, between ``&`` and ``-``."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            encoded = base64.b64encode("".join(run).encode("utf-16-be")).decode("ascii")
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
            run.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            run.append(char)
    flush()
    return "".join(out)


def _decode_folder(wire: str) -> str:
    def decode(match: re.Match) -> str:
        text = match.group(1)
        if not text:
            return "&"
        try:
            return base64.b64decode(text.replace(",", "/") + "=" * (-len(text) % 4)).decode("utf-16-be")
        except ValueError:
            return match.group(0)

    return re.sub(r"&([A-Za-z0-9+,]*)-", decode, wire)


def _quote(text: str) -> str:
    """An IMAP quoted string; the caller makes sure it has no control characters."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _searchable(text: str) -> bool:
    """Fits in a quoted search string: printable ASCII (calendar text is untrusted)."""
    return bool(text) and text.isascii() and not _CONTROL.search(text)


def _any_of(terms: list[str]) -> str:
    """``OR`` over search terms, as a balanced tree (servers limit nesting)."""
    if len(terms) == 1:
        return terms[0]
    middle = len(terms) // 2
    return f"OR ({_any_of(terms[:middle])}) ({_any_of(terms[middle:])})"


def _imap_date(when: datetime) -> str:
    return f"{when.day}-{_MONTHS[when.month - 1]}-{when.year}"


# ---- messages -------------------------------------------------------------------------


class _Headers(dict):
    """Headers of one fetched message (name as sent -> value), plus its INTERNALDATE."""

    internal_date: datetime | None = None

    @classmethod
    def parse(cls, raw: bytes, meta: bytes) -> _Headers:
        headers = cls()
        message = _PARSER.parsebytes(raw)
        for name, raw_value in message.raw_items():
            try:
                value = str(message.policy.header_fetch_parse(name, raw_value))
            except Exception:  # noqa: BLE001 - one malformed header must not hide the others
                value = " ".join(raw_value.split())
            headers.setdefault(name, value)
        match = re.search(rb'INTERNALDATE "([^"]+)"', meta)
        headers.internal_date = _internal_date(match.group(1).decode("ascii", "replace")) if match else None
        return headers

    def get(self, name: str, default=None):
        lowered = name.lower()
        return next((v for k, v in self.items() if k.lower() == lowered), default)

    def incoming(self) -> Incoming | None:
        date = self.internal_date or _header_date(self.get("Date"))
        if date is None:
            return None
        lowered: dict[str, str] = {}
        for name, value in self.items():
            lowered.setdefault(name.lower(), value)
        return Incoming(
            sender=parseaddr(lowered.get("from", ""))[1].lower(),
            subject=lowered.get("subject", ""),
            date=date,
            message_id=lowered.get("message-id", ""),
            in_reply_to=lowered.get("in-reply-to", ""),
            headers=lowered,
        )


def _internal_date(text: str) -> datetime | None:
    """``25-Nov-2026 18:00:00 -0500`` (RFC 3501 date-time; English month names whatever the locale)."""
    match = re.fullmatch(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)", text)
    if match is None or match.group(2).title() not in _MONTHS:
        return None
    day, month, year, hour, minute, second, sign, off_h, off_m = match.groups()
    offset = timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == "-" else 1)
    try:
        return datetime(int(year), _MONTHS.index(month.title()) + 1, int(day), int(hour), int(minute), int(second),
                        tzinfo=timezone(offset))
    except ValueError:
        return None


def _backend_id(folder: _Folder, uidvalidity: str, uid: str) -> str:
    """Where a message was last seen, for people reading the state: ``folder:uidvalidity:uid``.
    Lookups never use it: UIDs change when a client saves a draft again."""
    return f"{folder.name}:{uidvalidity}:{uid}"


def _header_date(value) -> datetime | None:
    if not value:
        return None
    try:
        date = parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return date if date.tzinfo else date.replace(tzinfo=UTC)


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>")
