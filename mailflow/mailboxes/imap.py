"""Any IMAP server as a mailbox (``[mail] backend = "imap"``), with imaplib.

Drafts are APPENDed to the Drafts folder with the ``\\Draft`` and ``\\Seen``
flags and the message's own date; the mail client shows them as drafts and
sends them itself (IMAP cannot send). A reply joins its thread through the
``In-Reply-To``/``References`` headers the composer sets.

What became of a draft
----------------------
Mail clients send a draft as a message of their own: a new Message-ID, our
``X-Mailflow-Key`` dropped, sometimes an edited subject (API_FACTS §8). So
``statuses`` lists the folders and lets ``rules.sent`` recognise ours: each
run lists the UIDs in Drafts and reads the headers of those it has not seen
(what a UID holds never changes; the rest are kept in the mailbox cache), and
a draft found there is a draft. Only when some have left Drafts is the Sent
folder read, and only what was filed since the last run (by UID) and since
the oldest of them was written (``SINCE``), with what is needed kept in the
mailbox cache. A draft in neither folder is deleted; a folder that cannot be
read is an error, never a deletion. A sent copy's time is when the client
filed it (INTERNALDATE).

A draft's ``version`` is the digest of its text (``model.body_digest``). A
client that edits a draft saves it as a new message with a new UID; it is
``edited`` when its text is not what mailflow wrote, or when it lost our key
and Message-ID (recognised only by recipient and subject). A message's text
never changes under its UID, so each digest is computed once and kept.

Servers without header search
-----------------------------
``find`` and ``delete`` look a key up with ``UID SEARCH HEADER``. Some servers
refuse a search on a custom header, others answer it with nothing (API_FACTS
§7.0). The first draft written is searched for at once: whether the server
found it is kept in the cache (``header_search``); where it cannot, the
headers of Drafts (and of the last ``FIND_DAYS`` of Sent) are read instead.
``update_draft`` appends the new draft first, then removes exactly the UIDs
that held the old one (a search by key afterwards would hit the new one too).

Removing only what mailflow wrote
---------------------------------
A plain ``EXPUNGE`` removes every message flagged ``\\Deleted`` in the folder,
the user's too (API_FACTS §9.5). So a message is removed by ``UID EXPUNGE``
where the server has UIDPLUS; else moved to the trash by ``UID MOVE`` where it
can move; else left flagged ``\\Deleted`` for the user's client to purge
(``removes_at_once`` false; ``doctor`` says which). Drafts are listed and
searched ``UNDELETED``: a message flagged so is gone.

Replies
-------
Replies are looked for wherever the user's client or rules put them: every
folder ``LIST`` shows but Drafts, Sent and the virtual ``\\All`` and
``\\Flagged``; that is INBOX, junk (RFC 6154 ``\\Junk``, or named Junk, Spam,
Junk E-mail, Bulk Mail...), trash (``\\Trash``, or named so: a reply the user
read and deleted still counts) and any rule's folder, with no setting.
``reply_folders``, when set, replaces the discovery: INBOX, junk, trash and
those. Each folder is searched with ``SINCE`` and ``FROM`` the senders (mail
from tracked applications only; ``TERMS_PER_SEARCH`` of them per SEARCH);
each run reads only what arrived since the last (by UID, per UIDVALIDITY: a
renumbered folder is read again), at most ``REPLIES_PER_FOLDER`` messages a
folder (oldest first, the rest next run) and, besides INBOX, junk and trash,
at most ``REPLY_FOLDERS_PER_RUN`` folders (the others in turn). Replies found
are kept (``sync.ReplyLog``); one moved between folders counts once. Messages
are read with ``BODY.PEEK``: nothing is marked as read.

Folders
-------
The configured names (UTF-8 in the config; modified UTF-7 on the wire,
RFC 3501 §5.1.3) are used when they exist, also below ``INBOX`` on servers
that keep every folder there. Otherwise the folder marked ``\\Drafts`` or
``\\Sent`` (RFC 6154 special use) is used, then the name below the personal
namespace's prefix (RFC 2342 ``NAMESPACE``: ``INBOX.`` on Cyrus- and
Courier-style servers, API_FACTS §9.6). A missing Drafts folder is created
on the first write, below that prefix; a server that refuses it is said once
a run, with what to do. Without any Sent folder, a draft that leaves Drafts
counts as deleted.

One connection serves a whole run: opened on first use, logged out when the
mailbox is closed or garbage-collected, or when the program ends.

Cache layout (JSON): ``header_search`` (bool, once probed), ``ours`` (key ->
digest of the text mailflow wrote), ``drafts`` (the headers of each UID in
Drafts), ``digests`` (where a draft is -> digest of its text), ``sent`` (``sync.SentLog``, marked by the last UID read),
``replies`` (``sync.ReplyLog``, marked per folder by UIDVALIDITY and last UID).
"""

from __future__ import annotations

import base64
import copy
import email.policy
import imaplib
import re
import weakref
from datetime import UTC, datetime, timedelta, timezone
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from mailflow.config import Shared
from mailflow.errors import AuthError, ConfigError, MailboxError, MailflowError
from mailflow.mailboxes.base import Mailbox, failed_check
from mailflow.rules.letter import MAX_BYTES, Headers, bounded
from mailflow.mailboxes.sync import ReplyLog, Senders, SentLog, filed_from_json, filed_to_json, incoming, incoming_from_raw
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
    Written,
    body_digest,
    plain_text,
)
from mailflow.model import message_id as deterministic_message_id
from mailflow.settings.mailboxes import ImapSettings
from mailflow.providers.imap import TIMEOUT, check_account, logout, open_session, password, text
from mailflow.reports import Check
from mailflow.rules.sent import recognise

#: search terms per SEARCH command: keeps command lines short (RFC 7162 §4)
TERMS_PER_SEARCH = 50
UIDS_PER_FETCH = 200
#: the headers ``rules.sent`` reads of a message in Drafts or Sent
FILED_FIELDS = "BODY.PEEK[HEADER.FIELDS (X-MAILFLOW-KEY MESSAGE-ID TO CC SUBJECT DATE REFERENCES IN-REPLY-TO)]"
#: how junk folders are named where the server does not mark them ``\\Junk`` (last part of the name)
JUNK_NAMES = frozenset({"junk", "spam", "junk e-mail", "junk email", "junk mail", "bulk mail", "bulk"})
#: how trash folders are named where the server does not mark them ``\\Trash`` (last part of the name)
TRASH_NAMES = frozenset({"trash", "deleted", "deleted items", "deleted messages", "bin", "papierkorb", "corbeille"})
#: folders that only show messages kept elsewhere (RFC 6154), or hold the user's own mail
_NOT_FOR_REPLIES = frozenset({"\\drafts", "\\sent", "\\all", "\\flagged", "\\noselect", "\\nonexistent"})
#: how many folders besides INBOX, junk and trash one run reads for replies (the rest in turn)
REPLY_FOLDERS_PER_RUN = 100
#: how many new messages one run reads in one folder for replies (the oldest first; the rest next run)
REPLIES_PER_FOLDER = 500
#: how far back in Sent ``find`` looks on a server that cannot search headers
FIND_DAYS = 180
#: how many digests of what mailflow wrote the cache remembers
OURS_LIMIT = 2000
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PARSER = BytesParser(policy=email.policy.compat32)
_MESSAGE = BytesParser(policy=email.policy.default)


class ImapMailbox(Mailbox):
    """The Drafts, Sent and inbox folders of one IMAP account."""


    can_send = False  # the user sends from their mail client; the Sent folder shows it
    can_schedule = False
    can_see_sent = True
    can_see_replies = True
    versions_are_digests = True

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
        for name in settings.reply_folders:
            if not isinstance(name, str) or not name.strip() or _CONTROL.search(name):
                raise ConfigError(f"[mail.imap] reply_folders: {name!r} is not a folder name")
        self.where = f"{self.settings.host}:{self.settings.port}"
        self.timeout = timeout
        self._conn: imaplib.IMAP4 | None = None
        self._failed: MailflowError | None = None
        self._closer: weakref.finalize | None = None
        self._capabilities: set[str] = set()
        self._folders: dict[str, _Folder] | None = None
        self._namespace: tuple[str, str] | None = None
        self._create_failed: MailboxError | None = None
        self._selected: tuple[str, bool] | None = None
        self._uidvalidity = ""
        self._uidnext = 0
        self._exists = 0
        # read once per run, forgotten when mailflow changes the folder
        self._drafts_seen: list[Filed] | None = None
        self._sent_recently: list[Filed] | None = None

    # ---- writing -----------------------------------------------------------------

    def _create_draft(self, draft: NewDraft) -> DraftRef:
        message = copy.deepcopy(draft.message)
        del message[KEY_HEADER]
        message[KEY_HEADER] = draft.key
        if not message["Message-ID"]:
            message["Message-ID"] = self._message_id(draft.key)
        message_id = str(message["Message-ID"])
        digest = body_digest(_text(message))
        folder = self._folder("drafts", create=True)
        conn = self._connection()
        conn.response("APPENDUID")  # forget any earlier one
        self._call(
            f"save draft {draft.key} in {folder.name}",
            "append",
            _quote(folder.wire),
            r"(\Draft \Seen)",
            _header_date(message["Date"]),  # the message's own date as INTERNALDATE
            message.as_bytes(policy=email.policy.SMTP),
        )
        self._changed()
        _, appended = conn.response("APPENDUID")  # RFC 4315, when the server has UIDPLUS
        validity, _, uid = (appended[0] or b"").decode("ascii", "replace").partition(" ")
        ref = DraftRef(_backend_id(folder, validity, uid), message_id, version=digest)
        ours = dict(self.cache.data.get("ours", {}))
        ours.pop(draft.key, None)
        ours[draft.key] = digest
        self.cache.put("ours", dict(list(ours.items())[-OURS_LIMIT:]))
        if uid:
            self._keep_digests({ref.backend_id: digest})
        if self.cache.data.get("header_search") is None:
            self._probe_header_search(folder, draft.key, uid)
        return ref

    def _create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """As the base, but a server that cannot be reached fails every draft at once."""
        if drafts:
            try:
                self._connection()
            except AuthError:
                raise
            except MailflowError as exc:
                return [exc for _ in drafts]
        return super()._create_drafts(drafts)

    def update_draft(self, written: Written, draft: NewDraft) -> DraftRef:
        """Append the new draft, then expunge exactly the UIDs that held the old
        one: a crash in between leaves both, and the next run finds the key and
        keeps the newer (the engine recorded its intent first)."""
        folder = self._folder("drafts")
        old = self._holding(folder, written.key, written.ref.message_id) if folder is not None else []
        ref = self._create_draft(draft)
        new_uid = _uid_of(ref.backend_id)
        self._expunge(self._folder("drafts"), [uid for uid in old if uid != new_uid], f"replace draft {written.key}")
        return ref

    def delete(self, key: str, ref: DraftRef) -> None:
        folder = self._folder("drafts")
        if folder is None:
            return
        # already gone (sent or deleted by the user) is no error
        self._expunge(folder, self._holding(folder, key, ref.message_id), f"delete draft {key}")

    def _expunge(self, folder: _Folder | None, uids: list[str], what: str) -> None:
        """Remove exactly these messages (ours) from ``folder``, never another:
        ``UID EXPUNGE`` where the server has UIDPLUS; else ``UID MOVE`` to the
        trash where it can move; else they stay flagged ``\\Deleted`` for the
        user's client to purge (a plain ``EXPUNGE`` would also remove every
        message the user flagged so: API_FACTS §9.5). mailflow reads a message
        flagged ``\\Deleted`` as gone."""
        if folder is None or not uids:
            return
        self._select(folder, write=True)
        uid_set = ",".join(uids)
        trash = self._removal()
        if isinstance(trash, _Folder):
            self._call(what, "uid", "MOVE", uid_set, _quote(trash.wire))
        else:
            self._call(what, "uid", "STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)")
            if trash == "expunge":
                self._call(what, "uid", "EXPUNGE", uid_set)
            else:  # some servers (imap4d) keep a flag only once the folder is closed: close it now
                self._select(folder, fresh=True)
        self._changed()

    def _removal(self) -> str | _Folder:
        """How this server lets mailflow remove one message alone: ``"expunge"``
        (UIDPLUS), the trash folder to MOVE it to (RFC 6851), or ``"flag"``."""
        self._connection()
        if "UIDPLUS" in self._capabilities:
            return "expunge"
        if "MOVE" in self._capabilities:
            trash = _trash(self._list())
            if trash:
                return trash[0]
        return "flag"

    @property
    def removes_at_once(self) -> bool:
        """Whether a draft mailflow removes leaves Drafts at once (else it stays
        there flagged ``\\Deleted`` until the user's client purges the folder)."""
        return self._removal() != "flag"

    def _holding(self, folder: _Folder, key: str, message_id: str) -> list[str]:
        """UIDs of the messages in ``folder`` carrying our key or its Message-ID.
        The folder is opened read-write first: some servers (imap4d on Maildir)
        give a new message its lasting UID only then, and a UID read before
        would name nothing by the time it is removed."""
        self._select(folder, write=True)
        wanted = {key: message_id or self._message_id(key)}
        return [_uid_of(f.backend_id) for f in self._lookup(folder, "drafts", wanted)]

    # ---- finding and checking ----------------------------------------------------

    def find(self, key: str) -> MessageStatus | None:
        wanted = {key: self._message_id(key)}
        drafts = self._folder("drafts")
        if drafts is not None:
            for f in self._lookup(drafts, "drafts", wanted):
                digest = self._digests(drafts, [f]).get(f.backend_id, "")
                return MessageStatus(MessageState.DRAFT, ref=DraftRef(f.backend_id, f.message_id, version=digest),
                                     evidence=Evidence.DRAFTS)
        sent = self._folder("sent")
        if sent is not None:
            for f in self._lookup(sent, "sent", wanted):
                return MessageStatus(MessageState.SENT, sent_at=f.date, ref=DraftRef(f.backend_id, f.message_id),
                                     evidence=Evidence.KEY if f.key == key else Evidence.MESSAGE_ID)
        return None

    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        """One listing of Drafts; Sent only for what left it (see the module docstring)."""
        if not items:
            return {}
        drafts = self._folder("drafts")
        if drafts is None:  # never "deleted" because the folder moved: that cannot be undone
            raise MailboxError(
                f"IMAP {self.where}: there is no folder {self.settings.drafts_folder!r} and none marked "
                f"as Drafts: cannot tell what became of {len(items)} draft(s)",
                hint="check [mail.imap] drafts_folder: it must name the folder the drafts were written to",
            )
        return self._statuses(items, drafts)

    def look_for(self, items: list[Written]) -> dict[str, MessageStatus]:
        """As ``statuses``, where a Drafts folder not made yet holds nothing."""
        if not items:
            return {}
        found = self._statuses(items, self._folder("drafts"), words_in_drafts=True)
        return {key: status for key, status in found.items() if status.state != MessageState.DELETED}

    def _statuses(self, items: list[Written], drafts: _Folder | None, *, words_in_drafts: bool = False
                  ) -> dict[str, MessageStatus]:
        by_key = {w.key: w for w in items}
        listing = self._drafts() if drafts is not None else []
        matched = self._recognise_with_words(items, listing) if words_in_drafts else recognise(items, listing)
        digests = self._digests(drafts, [f for f, _ in matched.values()]) if drafts is not None else {}
        if drafts is not None:
            self._forget_digests(listing)
        ours = self.cache.data.get("ours", {})
        results: dict[str, MessageStatus] = {}
        for key, (f, evidence) in matched.items():
            written = by_key[key]
            digest = digests.get(f.backend_id, "")
            wrote = ours.get(key) or written.ref.version
            edited = evidence not in (Evidence.KEY, Evidence.MESSAGE_ID) or bool(wrote and digest and digest != wrote)
            results[key] = MessageStatus(
                MessageState.DRAFT, ref=DraftRef(f.backend_id, f.message_id or written.ref.message_id,
                                                 version=digest or written.ref.version),
                evidence=Evidence.DRAFTS, edited=edited)
        rest = [w for w in items if w.key not in results]
        sent = self._folder("sent") if rest else None
        earlier = (self.cache.data.get(SentLog.name) or {}).get("scope", "")
        if rest and sent is None and earlier:
            # a sent folder read before and not found now (renamed, or its files broken on the
            # server): a note sent meanwhile would look deleted, so nothing is judged
            folder = earlier.rsplit(":", 1)[0]
            raise MailboxError(
                f"IMAP {self.where}: the sent folder {folder!r}, read on earlier runs, cannot be found now; "
                "no note is called deleted while it is missing",
                hint="check the folder in your mail client, or set [mail.imap] sent_folder to its new name",
            )
        if sent is not None:
            since = min((w.written_at for w in rest if w.written_at), default=None)
            if any(w.written_at is None for w in rest):
                since = None
            for key, (f, evidence) in self._recognise_with_words(rest, self._sent_since(sent, since)).items():
                results[key] = MessageStatus(MessageState.SENT, sent_at=f.date,
                                             ref=DraftRef(f.backend_id, f.message_id), evidence=evidence,
                                             subject=f.subject)
        for w in items:
            results.setdefault(w.key, MessageStatus(MessageState.DELETED, ref=w.ref, evidence=Evidence.ABSENT))
        return results

    def _body_texts(self, filed: list[Filed]) -> dict[str, str]:
        """The text of these messages of the Drafts or Sent folder (read with PEEK)."""
        texts = {}
        folders = [f for f in (self._folder("drafts"), self._folder("sent"))
                   if f is not None and any(x.backend_id.startswith(f"{f.name}:") for x in filed)]
        # the open folder first: some servers (GNU imap4d) number the messages of a
        # folder no client opened read-write anew each time it is opened read-only
        folders.sort(key=lambda f: self._selected is None or self._selected[0] != f.wire)
        for folder in folders:
            self._select(folder)
            scope = f"{folder.name}:{self._uidvalidity}:"
            uids = {_uid_of(f.backend_id): f.backend_id for f in filed if f.backend_id.startswith(scope)}
            if not uids or not self._exists:
                continue
            for uid, _, raw in self._fetch(folder, ",".join(uids), "BODY.PEEK[]"):
                if uid in uids:
                    try:
                        texts[uids[uid]] = _text(_MESSAGE.parsebytes(bounded(raw)))
                    except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                        self.note_unreadable(folder.name, f"UID {uid}", exc)
        return texts

    def _drafts(self) -> list[Filed]:
        """Every message in Drafts (read once per run until mailflow changes it):
        its UIDs are listed, and only the headers of those not seen before are
        read (what a UID holds never changes); the rest comes from the cache."""
        if self._drafts_seen is None:
            folder = self._folder("drafts")
            if folder is None:
                return []
            self._select(folder, fresh=True)
            scope = f"{folder.name}:{self._uidvalidity}"
            kept = self.cache.data.get("drafts") or {}
            known = kept.get("filed", {}) if kept.get("scope") == scope else {}
            # a message flagged \\Deleted is gone (mailflow's own, left for the client to purge)
            uids = self._search(folder, "UNDELETED") if self._exists else []
            missing = [uid for uid in uids if uid not in known]
            new = {_uid_of(f.backend_id): f for f in (self._read_filed(folder, ",".join(missing)) if missing else [])}
            self._drafts_seen = [new[uid] if uid in new else filed_from_json(known[uid])
                                 for uid in uids if uid in new or uid in known]
            value = {"scope": scope, "filed": {_uid_of(f.backend_id): filed_to_json(f) for f in self._drafts_seen}}
            if value != kept:
                self.cache.put("drafts", value)
        return self._drafts_seen

    def _sent_since(self, folder: _Folder, since: datetime | None) -> list[Filed]:
        """The messages filed in Sent since ``since`` (all when None): only those
        filed after the last run are read; the rest comes from the cache."""
        log = SentLog(self.cache)
        self._select(folder, fresh=True)
        scope = f"{folder.name}:{self._uidvalidity}"
        kept = log.load(since, scope)
        if kept is None:
            filed: list[Filed] = []
            criteria = f"SINCE {_imap_date(since - timedelta(days=1))}" if since else "ALL"
            uids = self._search(folder, criteria)
            last = 0
        else:
            filed, last = kept
            # "UID 1:*" is "ALL", asked so: GNU imap4d answers "UID 1:*" with nothing
            uids = [] if self._uidnext and self._uidnext <= last + 1 else \
                [u for u in self._search(folder, f"UID {last + 1}:*" if last else "ALL") if int(u) > last]
        filed += self._read_filed(folder, ",".join(uids)) if uids else []
        last = max([last, *(int(u) for u in uids)] + ([self._uidnext - 1] if self._uidnext else []))
        return log.save(since, scope, filed, last)

    def _lookup(self, folder: _Folder, role: str, wanted: dict[str, str]) -> list[Filed]:
        """The messages in ``folder`` carrying one of the keys or Message-IDs of
        ``wanted`` (key -> Message-ID): by header search where the server can,
        else from the folder's headers."""
        uids = self._search_headers(folder, wanted, deleted=role != "drafts")
        if uids is None:
            if role == "drafts":
                filed = self._drafts()
            else:
                filed = self._sent_recent(folder)
        else:
            filed = self._read_filed(folder, ",".join(uids)) if uids else []
        keys = set(wanted)
        ids = {_bare(mid) for mid in wanted.values() if mid}
        return [f for f in filed if f.key in keys or _bare(f.message_id) in ids]

    def _sent_recent(self, folder: _Folder) -> list[Filed]:
        """The messages filed in Sent in the ``FIND_DAYS`` before the newest one
        (read once per run): where our key cannot be searched for, a message of
        ours sent longer ago is not looked for."""
        if self._sent_recently is None:
            self._select(folder, fresh=True)
            newest = self._fetch(folder, "*:*", "BODY.PEEK[HEADER.FIELDS (DATE)]") if self._exists else []
            when = _Headers.parse(newest[0][2], newest[0][1]).internal_date if newest else None
            uids = self._search(folder, f"SINCE {_imap_date(when - timedelta(days=FIND_DAYS))}") if when else []
            self._sent_recently = self._read_filed(folder, ",".join(uids)) if uids else []
        return self._sent_recently

    def _search_headers(self, folder: _Folder, wanted: dict[str, str], *, deleted: bool = True) -> list[str] | None:
        """UIDs matching a header search for ``wanted`` (without those flagged
        ``\\Deleted`` unless ``deleted``), or None where the answer cannot be
        trusted (refused, or empty before the server was probed)."""
        known = self.cache.data.get("header_search")
        if known is False:
            return None
        terms = []
        for key, mid in wanted.items():
            terms.append(f"HEADER {KEY_HEADER} {_quote(key)}")
            if _searchable(_bare(mid)):
                terms.append(f"HEADER Message-ID {_quote(_bare(mid))}")
        self._select(folder, fresh=True)
        uids: dict[str, None] = {}
        for start in range(0, len(terms), TERMS_PER_SEARCH):
            chunk = terms[start:start + TERMS_PER_SEARCH]
            only = "" if deleted else "UNDELETED "
            found = self._try_search(folder, only + _any_of(chunk))
            if found is None and len(chunk) > 1:  # a server that cannot do OR: one term at a time
                found = []
                for term in chunk:
                    one = self._try_search(folder, only + term)
                    if one is None:
                        found = None
                        break
                    found += one
            if found is None:
                self.cache.put("header_search", False)
                return None
            uids.update(dict.fromkeys(found))
        if not uids and known is None:
            return None  # an empty answer from a server not yet probed proves nothing
        return list(uids)

    def _probe_header_search(self, folder: _Folder, key: str, uid: str) -> None:
        """Search for the draft just written: a server that cannot find it by its
        key cannot be trusted with header searches (kept in the cache)."""
        self._select(folder)
        found = self._try_search(folder, f"HEADER {KEY_HEADER} {_quote(key)}")
        works = bool(found) and (not uid or uid in found)
        self.cache.put("header_search", works)

    def _try_search(self, folder: _Folder, criteria: str) -> list[str] | None:
        """``UID SEARCH``; None when the server refuses it (NO or BAD)."""
        conn = self._connection()
        try:
            typ, data = conn.uid("SEARCH", criteria)
        except imaplib.IMAP4.abort:
            self._call(f"search {folder.name}", "noop")  # reports the broken connection
            raise
        except imaplib.IMAP4.error:
            return None
        if typ != "OK":
            return None
        return [uid.decode("ascii") for line in data if line for uid in line.split()]

    def _read_filed(self, folder: _Folder, uid_set: str) -> list[Filed]:
        """The headers ``rules.sent`` reads, of the messages in ``uid_set``."""
        self._select(folder)
        if not self._exists:
            return []
        found = []
        for uid, meta, raw in self._fetch(folder, uid_set, FILED_FIELDS):
            try:
                found.append(_filed(folder, self._uidvalidity, uid, _Headers.parse(raw, meta)))
            except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                self.note_unreadable(folder.name, f"UID {uid}", exc)
        return found

    def _digests(self, folder: _Folder, filed: list[Filed]) -> dict[str, str]:
        """Where each message is -> digest of its text; read only for messages not
        seen before (a UID's content never changes)."""
        known = self.cache.data.get("digests", {})
        digests = {f.backend_id: known[f.backend_id] for f in filed if f.backend_id in known}
        missing = [f for f in filed if f.backend_id not in digests]
        if missing:
            self._select(folder)
            uids = {_uid_of(f.backend_id): f.backend_id for f in missing}
            for uid, _, raw in self._fetch(folder, ",".join(uids), "BODY.PEEK[]"):
                if uid in uids:
                    try:
                        digests[uids[uid]] = body_digest(_text(_MESSAGE.parsebytes(bounded(raw))))
                    except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                        self.note_unreadable(folder.name, f"UID {uid}", exc)
            self._keep_digests({b: digests[b] for b in uids.values() if b in digests})
        return digests

    def _keep_digests(self, new: dict[str, str]) -> None:
        known = self.cache.data.get("digests", {})
        if any(known.get(k) != v for k, v in new.items()):
            self.cache.put("digests", {**known, **new})

    def _forget_digests(self, listing: list[Filed]) -> None:
        """Drop the digests of messages no longer in Drafts."""
        known = self.cache.data.get("digests", {})
        present = {f.backend_id for f in listing}
        if any(k not in present for k in known):
            self.cache.put("digests", {k: v for k, v in known.items() if k in present})

    # ---- replies -------------------------------------------------------------------

    def _replies_since(
        self, since: datetime, *, domains: tuple[str, ...], addresses: tuple[str, ...]
    ) -> list[Incoming]:
        senders = Senders(domains, addresses)
        if not senders:
            return []
        log = ReplyLog(self.cache)
        found, marks = log.load(since, senders)
        names = senders.terms
        # SINCE compares dates in the server's zone and FROM matches substrings:
        # search a day early, then check exact times and senders here. Many senders (the
        # tracking systems' domains alone are two dozen) are asked TERMS_PER_SEARCH at a
        # time, one SEARCH each; a sender that cannot be quoted leaves the date alone.
        by_sender = [""]
        if all(_searchable(s) for s in names):
            by_sender = [" " + _any_of([f"FROM {_quote(s)}" for s in names[start:start + TERMS_PER_SEARCH]])
                         for start in range(0, len(names), TERMS_PER_SEARCH)]
        for folder in self._reply_folders():
            validity, uidnext = self._status_of(folder)
            mark = marks.get(folder.name)
            if mark and mark[0] == validity and uidnext and uidnext <= mark[1] + 1:
                continue  # nothing arrived since the last run
            self._select(folder)
            validity, uidnext = self._uidvalidity, self._uidnext
            last = mark[1] if mark and mark[0] == validity else 0  # a new UIDVALIDITY: read it again
            window = f"UID {last + 1}:*" if last else f"SINCE {_imap_date(since - timedelta(days=1))}"
            hits = dict.fromkeys(u for terms in by_sender for u in self._search(folder, window + terms))
            uids = sorted((u for u in hits if int(u) > last), key=int)
            # bounded per run: the oldest first, the rest on the next run
            rest, uids = uids[REPLIES_PER_FOLDER:], uids[:REPLIES_PER_FOLDER]
            # the whole message, in the same one FETCH: the inbox rules read its text
            # (no more of it than ``rules.letter`` reads: a stranger chooses its size)
            for uid, meta, raw in self._fetch(folder, ",".join(uids), f"BODY.PEEK[]<0.{MAX_BYTES}>") if uids else []:
                try:
                    message = _Headers.parse(raw, meta).incoming()
                    if message is not None and senders.matches(message.sender):
                        found[f"{folder.name}:{validity}:{uid}"] = incoming_from_raw(raw, message.date)
                except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                    self.note_unreadable(folder.name, f"UID {uid}", exc)
            read_to = max([last, *(int(u) for u in uids)] + ([uidnext - 1] if uidnext and not rest else []))
            marks[folder.name] = [validity, read_to]
        replies = log.save(since, senders, found, marks)
        # a reply moved from one folder to another is one reply
        return list({(m.message_id or f"{m.sender} {m.date.isoformat()} {m.subject}"): m for m in replies}.values())

    def _reply_folders(self) -> list[_Folder]:
        """Where replies may be: every folder the server lists (the inbox, junk,
        trash, any folder a rule files into), except Drafts, Sent and virtual
        folders; with ``reply_folders`` set, INBOX, junk, trash and those only.
        INBOX, junk and trash are read every run; of the others at most
        ``REPLY_FOLDERS_PER_RUN``, in turn (see the module docstring)."""
        folders = self._list()
        inbox = self._folder("inbox")
        if inbox is None:
            raise MailboxError(
                f"[mail.imap] inbox_folder: there is no folder {self.settings.inbox_folder!r} on {self.where}",
                hint='the default "INBOX" always exists',
            )
        chosen = {inbox.wire: inbox}
        for folder in _junk(folders) + _trash(folders):
            chosen.setdefault(folder.wire, folder)
        mine = {f.wire for f in (self._folder("drafts"), self._folder("sent")) if f is not None}
        if self.settings.reply_folders:
            others = []
            for name in self.settings.reply_folders:
                folder = next(_candidates(name.strip(), folders), None)
                if folder is None:
                    raise MailboxError(
                        f"[mail.imap] reply_folders: there is no folder {name!r} on {self.where}",
                        hint="write the name as your mail client shows it, or remove reply_folders to read "
                             "every folder",
                    )
                others.append(folder)
        else:
            others = sorted((f for f in folders.values() if f.wire not in mine and not f.flags & _NOT_FOR_REPLIES),
                            key=lambda f: f.name)
        others = [f for f in others if f.wire not in chosen]
        if len(others) > REPLY_FOLDERS_PER_RUN:  # in turn: where the last run stopped
            start = int(self.cache.data.get("reply_turn") or 0) % len(others)
            others = (others[start:] + others[:start])[:REPLY_FOLDERS_PER_RUN]
            self.cache.put("reply_turn", start + REPLY_FOLDERS_PER_RUN)
        for folder in others:
            chosen.setdefault(folder.wire, folder)
        return [f for f in chosen.values() if f.wire not in mine or f is inbox]

    # ---- mailflow doctor -------------------------------------------------------------

    def check(self, now: datetime) -> list[Check]:
        """Each folder exists and can be read; a test draft is written, found
        again by its key and expunged; whether the server can search headers."""
        checks = []
        try:
            folders = self._list()
        except MailboxError as exc:
            return [failed_check("imap folders", exc)]
        for role, setting in (("drafts", "drafts_folder"), ("sent", "sent_folder"), ("inbox", "inbox_folder")):
            folder = self._folder(role)
            name = getattr(self.settings, setting)
            if folder is None:
                if role == "drafts":
                    checks.append(Check("imap drafts", True, f"no folder {name!r} yet: created with the first draft"))
                else:
                    what = ("mailflow cannot see what you send (use `mailflow mark-sent`)" if role == "sent"
                            else "replies cannot be seen")
                    checks.append(Check(f"imap {role}", False, f"[mail.imap] {setting}: no folder {name!r} and none "
                                                               f"marked as {role.title()}: {what}", 1))
                continue
            checks.append(self._readable(f"imap {role}", folder))
        junk = _junk(folders)
        checks.append(Check("imap junk", True, "replies are also looked for in " + ", ".join(repr(f.name) for f in junk)
                            if junk else "no junk folder found: replies are looked for in the inbox"))
        for name in self.settings.reply_folders:
            folder = next(_candidates(name.strip(), folders), None)
            checks.append(self._readable(f"imap reply folder {name!r}", folder) if folder is not None else
                          Check(f"imap reply folder {name!r}", False,
                                f"[mail.imap] reply_folders: there is no folder {name!r}", 1))
        if all(c.ok for c in checks):
            checks.append(self.round_trip("imap draft", self.my_email or self.settings.username, now))
            searchable = self.cache.data.get("header_search")
            checks.append(Check("imap header search", True, "the server finds drafts by their key" if searchable
                                else "the server cannot search headers: mailflow reads the folders' headers instead"))
            removal = self._removal()
            checks.append(Check("imap removal", True, {
                "expunge": "a draft mailflow replaces or removes is expunged alone (UIDPLUS)",
                "flag": "the server cannot expunge one message alone (no UIDPLUS, no MOVE): a draft mailflow "
                        "replaces or removes stays in Drafts flagged as deleted until your mail client purges "
                        "the folder (mailflow never purges it: that would remove what you flagged too)",
            }.get(removal, f"the server cannot expunge one message alone (no UIDPLUS): a draft mailflow "
                           f"replaces or removes is moved to {getattr(removal, 'name', '')!r}")))
        return checks

    def _readable(self, what: str, folder: _Folder) -> Check:
        try:
            self._select(folder)
        except MailboxError as exc:
            return failed_check(what, exc)
        return Check(what, True, f"{folder.name!r}: {self._exists} messages, readable")

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

    def _changed(self) -> None:
        """mailflow changed Drafts: read it again when asked (and select it again,
        so the server reports the change)."""
        self._drafts_seen = None
        self._selected = None

    def _select(self, folder: _Folder, *, write: bool = False, fresh: bool = False) -> None:
        """Open ``folder`` (read-only unless ``write``); learns its UIDVALIDITY,
        UIDNEXT and message count. ``fresh`` opens it again even when it is open,
        to see what other clients changed meanwhile."""
        if self._selected == (folder.wire, write) and not fresh:
            return
        conn = self._connection()
        conn.response("UIDVALIDITY")
        conn.response("UIDNEXT")
        data = self._call(f"open the folder {folder.name}", "select", _quote(folder.wire), not write)
        _, validity = conn.response("UIDVALIDITY")
        _, uidnext = conn.response("UIDNEXT")
        self._uidvalidity = validity[0].decode("ascii", "replace") if validity and validity[0] else ""
        self._uidnext = int(uidnext[0]) if uidnext and uidnext[0] and uidnext[0].isdigit() else 0
        self._exists = int(data[0]) if data and data[0] and data[0].isdigit() else 0
        self._selected = (folder.wire, write)

    def _status_of(self, folder: _Folder) -> tuple[str, int]:
        """(UIDVALIDITY, UIDNEXT) of a folder without opening it (``STATUS``; the
        open folder is asked with SELECT, as RFC 3501 §6.3.10 advises)."""
        if self._selected is not None and self._selected[0] == folder.wire:
            self._selected = None
            self._select(folder)
            return self._uidvalidity, self._uidnext
        data = self._call(f"look at the folder {folder.name}", "status", _quote(folder.wire), "(UIDNEXT UIDVALIDITY)")
        line = b" ".join(p if isinstance(p, bytes) else b" ".join(p) for p in data if p)
        validity = re.search(rb"UIDVALIDITY (\d+)", line)
        uidnext = re.search(rb"UIDNEXT (\d+)", line)
        return (validity.group(1).decode() if validity else "", int(uidnext.group(1)) if uidnext else 0)

    def _search(self, folder: _Folder, criteria: str) -> list[str]:
        data = self._call(f"search {folder.name}", "uid", "SEARCH", criteria)
        return [uid.decode("ascii") for line in data if line for uid in line.split()]

    def _fetch(self, folder: _Folder, uid_set: str, item: str) -> list[tuple[str, bytes, bytes]]:
        """(UID, the response's other items, the literal) per message of
        ``uid_set`` (``1:*``, or UIDs joined by commas); ``item`` is one body
        section (read with PEEK: nothing is marked read)."""
        found = []
        if ":" in uid_set:
            chunks = [uid_set]
        else:
            uids = uid_set.split(",")
            chunks = [",".join(uids[i:i + UIDS_PER_FETCH]) for i in range(0, len(uids), UIDS_PER_FETCH)]
        for chunk in chunks:
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
        prefix, delimiter = self._personal_namespace()
        below = next(_candidates(name, folders, prefix), None) if prefix else None
        if below is not None or not create:
            return below
        if self._create_failed is not None:  # said once: not tried again this run
            raise self._create_failed
        full = name if not prefix or name.upper().startswith(prefix.upper()) else prefix + name
        folder = _Folder(full, _encode_folder(full), frozenset(), delimiter)
        try:
            self._call(f"create the folder {full!r} ([mail.imap] {setting})", "create", _quote(folder.wire))
        except MailboxError as exc:
            self._folders = None
            meanwhile = next(_candidates(name, self._list(), prefix), None)
            if meanwhile is not None:  # created meanwhile by another process: fine
                return meanwhile
            self._create_failed = MailboxError(
                exc.message,
                hint=f"create a folder for drafts in your mail client, or set [mail.imap] {setting} to the name "
                     "of your drafts folder as your mail client shows it; nothing is lost, the next run writes "
                     "the drafts")
            raise self._create_failed from None
        else:
            try:
                self._call(f"subscribe to {full!r}", "subscribe", _quote(folder.wire))
            except MailboxError:
                pass  # the folder works unsubscribed; some clients just do not show it
        self._folders = None
        return folder

    def _personal_namespace(self) -> tuple[str, str]:
        """(prefix, delimiter) of the user's own folders (RFC 2342 ``NAMESPACE``):
        ``("INBOX.", ".")`` on Cyrus- and Courier-style servers, ``("", "/")`` on
        most others; ``("", "")`` when the server does not say."""
        if self._namespace is None:
            self._namespace = ("", "")
            if "NAMESPACE" in self._capabilities:
                try:
                    data = self._call("ask for the folder namespace", "namespace")
                except MailboxError:
                    return self._namespace
                line = b" ".join(d for d in data if isinstance(d, bytes))
                match = re.match(rb'\s*\(\(\s*"((?:\\.|[^"\\])*)"\s+(?:"((?:\\.|[^"\\])*)"|NIL)', line, re.IGNORECASE)
                if match:
                    unquote = lambda b: re.sub(rb"\\(.)", rb"\1", b or b"").decode("utf-8", "replace")  # noqa: E731
                    self._namespace = (_decode_folder(unquote(match.group(1))), unquote(match.group(2)))
        return self._namespace

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


def _candidates(name: str, folders: dict[str, _Folder], prefix: str = ""):
    """Folders matching a configured name: exactly, then below the personal
    namespace's ``prefix`` or INBOX (``INBOX.Sent``), and INBOX in any case (RFC 3501 §5.1)."""
    if name.upper() == "INBOX":
        yield from (f for n, f in folders.items() if n.upper() == "INBOX")
        return
    if name in folders:
        yield folders[name]
    if prefix and prefix + name in folders:
        yield folders[prefix + name]
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


class _Headers:
    """Headers of one fetched message (read defensively: ``rules.letter.Headers``), plus its INTERNALDATE."""

    def __init__(self, headers: Headers, internal_date: datetime | None):
        self.headers = headers
        self.internal_date = internal_date

    @classmethod
    def parse(cls, raw: bytes, meta: bytes) -> _Headers:
        headers = Headers(_PARSER.parsebytes(bounded(raw), headersonly=True))
        match = re.search(rb'INTERNALDATE "([^"]+)"', meta)
        return cls(headers, _internal_date(match.group(1).decode("ascii", "replace")) if match else None)

    def get(self, name: str, default=None):
        return self.headers.text(name) if name.lower() in self.headers.raw else default

    def incoming(self) -> Incoming | None:
        date = self.internal_date or self.headers.date()
        if date is None:
            return None
        return incoming(self.headers.sender()[1], self.headers.text("subject"), date, self.headers.decoded())


def _filed(folder: _Folder, uidvalidity: str, uid: str, headers: _Headers) -> Filed:
    """A message of Drafts or Sent as ``rules.sent`` reads it; its time is when
    it was filed (a client files its sent copy when it sends)."""
    h = headers.headers
    return Filed(
        backend_id=_backend_id(folder, uidvalidity, uid),
        message_id=h.text("message-id"),
        key=h.text(KEY_HEADER),
        to=h.addresses("to", "cc"),
        subject=h.text("subject"),
        date=headers.internal_date or h.date(),
        references=tuple(h.text("references").split() + h.text("in-reply-to").split()),
    )


def _junk(folders: dict[str, _Folder]) -> list[_Folder]:
    """The folders where a junk filter puts mail: marked ``\\Junk`` (RFC 6154), or named so."""
    return [f for f in folders.values()
            if "\\junk" in f.flags or (f.name.rsplit(f.delimiter, 1)[-1] if f.delimiter else f.name).casefold()
            in JUNK_NAMES]


def _trash(folders: dict[str, _Folder]) -> list[_Folder]:
    """Where deleted mail goes: marked ``\\Trash`` (RFC 6154), or named so."""
    return [f for f in folders.values()
            if "\\trash" in f.flags or _leaf(f).casefold() in TRASH_NAMES]


def _leaf(folder: _Folder) -> str:
    return folder.name.rsplit(folder.delimiter, 1)[-1] if folder.delimiter else folder.name


def _text(message) -> str:
    """The plain text of a message (what ``body_digest`` is taken of), or ""."""
    try:
        part = message.get_body(preferencelist=("plain",))
        return plain_text(part) if part is not None else ""
    except Exception:  # noqa: BLE001 - a part that cannot be decoded has no text to compare
        return ""


def _uid_of(backend_id: str) -> str:
    return backend_id.rsplit(":", 1)[-1]


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
    """Where a message is: ``folder:uidvalidity:uid``. Good for one run (and for
    the digest of its text, which never changes under its UID); messages of ours
    are looked up by their headers, since UIDs change when a client saves a draft again."""
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
