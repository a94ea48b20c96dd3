"""A local Maildir (``[mail] backend = "maildir"``): needs no account.

Drafts are written with Python's ``mailbox`` module (tmp/ then rename, so a
reader never sees half a message) into ``cur/`` with the Draft and Seen flags
(``:2,DS``), which mutt, neomutt, aerc and Thunderbird's Maildir support show
as drafts. Mail clients send drafts themselves: point ``[mail.maildir] sent``
at the Maildir your client saves sent mail to, and mailflow sees what was
sent; ``inbox`` is read for replies (follow-ups stop when the company answers),
with its Maildir++ folders (``.Junk``, ``.Trash``, a rule's folder) but the
drafts and sent ones: a reply filed or deleted still counts.

Reading stays linear in the size of the folders: each run lists a folder once
(a ``stat`` per file) and parses only the files new enough to matter (a sent
copy or a reply dated after the oldest message being watched). The inbox is not
even listed while its ``new/`` and ``cur/`` are as they were at the last listing
(the folder's time and inode; files there are not rewritten in place, a client
renames them): what that listing learned is reused; and while no folder changed
and the same senders are watched, the few messages they sent are known from a
small entry (``Mailbox.settled``), so such a run costs a ``stat`` per folder
whatever the inbox holds. A draft's ``version`` is the digest of its body, so an
edit made in any client shows.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from mailflow.clock import posix_now
from mailflow.config import Shared
from mailflow.settings.mailboxes import MaildirSettings
from mailflow.errors import MailboxError
from mailflow.mailboxes.base import Mailbox
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
    text_of,
)
from mailflow.reports import Check
from mailflow.rules.replies import sender_test
from mailflow.rules.sent import SKEW, recognise
from mailflow.mailboxes.sync import incoming_from_raw

if TYPE_CHECKING:
    import mailbox

#: Maildir++ folders of the user's own mail, never read for replies (last part of the name)
_OWN_FOLDERS = frozenset({"drafts", "sent", "sent items", "sent messages", "sent mail", "templates", "outbox"})


class _Parser:
    """A ``BytesParser`` under the email package's policy of this name, made when first
    used: a run that reads no message (nothing new) imports no parser, policy or header
    module (nor ``rules.letter``'s, nor the ``mailbox`` module, which only writing needs)."""

    def __init__(self, policy: str):
        self._policy, self._parser = policy, None

    def parsebytes(self, raw: bytes, headersonly: bool = False):
        if self._parser is None:
            from email import policy
            from email.parser import BytesParser

            self._parser = BytesParser(policy=getattr(policy, self._policy))
        return self._parser.parsebytes(raw, headersonly=headersonly)


_MESSAGE = _Parser("default")
_HEADERS = _Parser("compat32")


class MaildirMailbox(Mailbox):
    can_send = False
    versions_are_digests = True

    def __init__(self, settings: MaildirSettings, shared: Shared, cache: SyncCache | None = None):
        super().__init__("maildir", cache)
        self.drafts_path = shared.resolve(settings.path)
        self.sent_path = shared.resolve(settings.sent) if settings.sent else None
        self.inbox_path = shared.resolve(settings.inbox) if settings.inbox else None
        self.can_see_sent = self.sent_path is not None
        self.can_see_replies = self.inbox_path is not None
        self._drafts: mailbox.Maildir | None = None
        self._paths: dict[str, str] = {}  # a message's id -> its file, as last listed

    @property
    def drafts(self) -> mailbox.Maildir:
        """The drafts Maildir, created on the first write (reading never creates it)."""
        if self._drafts is None:
            import mailbox

            try:
                # a run killed while making the Maildir can leave it without cur/: finish it
                if self.drafts_path.is_dir():
                    for sub in ("tmp", "new", "cur"):
                        (self.drafts_path / sub).mkdir(mode=0o700, exist_ok=True)
                else:  # in a fresh home even ~/.local/share may not exist yet
                    self.drafts_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._drafts = mailbox.Maildir(self.drafts_path, factory=None, create=True)
            except OSError as exc:
                raise MailboxError(
                    f"[mail.maildir] path: cannot create the Maildir {self.drafts_path}: {exc.strerror}"
                ) from None
        return self._drafts

    def _drafts_exist(self) -> bool:
        return self._drafts is not None or (self.drafts_path / "cur").is_dir()

    # ---- writing --------------------------------------------------------------

    def _create_draft(self, draft: NewDraft) -> DraftRef:
        message = _maildir_message(draft)
        message.set_subdir("cur")
        message.set_flags("DS")
        try:
            backend_id = self.drafts.add(message)
        except OSError as exc:
            raise MailboxError(f"cannot write a draft to {self.drafts_path}: {exc.strerror}") from None
        return DraftRef(backend_id=backend_id, message_id=str(draft.message["Message-ID"]),
                        version=body_digest(text_of(draft.message)))

    def update_draft(self, written: Written, draft: NewDraft) -> DraftRef:
        """The new content replaces the old file in one rename: a crash leaves the
        old draft or the new one, never both and never none."""
        old = self._drafts_of(written.key, written.ref)
        if not old:
            return self._create_draft(draft)
        message = _maildir_message(draft)
        message.set_flags("DS")
        target = self.drafts_path / self.drafts._lookup(old[0])  # noqa: SLF001 - the file to replace
        temp = self.drafts_path / "tmp" / f"{old[0]}.{os.getpid()}.replace"
        try:
            with open(temp, "wb") as f:
                f.write(message.as_bytes())
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise MailboxError(f"cannot rewrite draft {old[0]} in {self.drafts_path}: {exc.strerror}") from None
        for extra in old[1:]:  # a second copy left by an older crash
            self.drafts.discard(extra)
        return DraftRef(backend_id=old[0], message_id=str(draft.message["Message-ID"]),
                        version=body_digest(text_of(draft.message)))

    def delete(self, key: str, ref: DraftRef) -> None:
        for found in self._drafts_of(key, ref):
            try:
                self.drafts.discard(found)
            except OSError as exc:
                raise MailboxError(f"cannot delete draft {found} in {self.drafts_path}: {exc.strerror}") from None

    # ---- reading ----------------------------------------------------------------

    def find(self, key: str) -> MessageStatus | None:
        for f in self._folder(self.drafts_path, "path", since=None) if self._drafts_exist() else []:
            if f.key == key:
                return MessageStatus(MessageState.DRAFT, ref=_ref(f), evidence=Evidence.DRAFTS)
        # a sent folder not made yet holds nothing (statuses, which must tell sent from
        # deleted, refuses to guess instead)
        sent_exists = self.sent_path is not None and (self.sent_path / "cur").is_dir()
        for f in self._folder(self.sent_path, "sent", since=None) if sent_exists else []:
            if f.key == key:
                return MessageStatus(MessageState.SENT, sent_at=f.date, ref=_ref(f), evidence=Evidence.KEY)
        return None

    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        if not items:
            return {}
        if not self._drafts_exist():  # never "deleted" because the folder moved: that cannot be undone
            raise MailboxError(
                f"[mail.maildir] path: the Maildir {self.drafts_path} holding mailflow's drafts is gone",
                hint="put it back, or point [mail.maildir] path at where it is now",
            )
        return self._statuses(items, sent=self.sent_path is not None)

    def drafts_listing(self) -> str | None:
        """``Mailbox.drafts_listing``: a ``stat`` per file of ``new/`` and ``cur/``, no read.
        An edit in place changes the file's size or time, a client's edit or a deletion
        its name; a listing taken less than ``_SETTLED_NS`` after the newest of those
        times (or the folders') is not vouched for."""
        import hashlib

        if not self._drafts_exist():
            return None
        started = int(posix_now() * 1e9)  # before the listing: a change during it is newer
        parts, newest = [], 0
        try:
            for sub in ("new", "cur"):
                folder = self.drafts_path / sub
                info = os.stat(folder)
                newest = max(newest, info.st_mtime_ns)
                parts.append(f"{sub}/ {info.st_mtime_ns} {info.st_ino}")
                for entry in os.scandir(folder):
                    stat = entry.stat()
                    newest = max(newest, stat.st_mtime_ns)
                    parts.append(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}")
        except OSError:
            return None  # statuses says what is wrong
        if started - newest <= _SETTLED_NS:
            return None
        parts.sort()
        return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()

    def look_for(self, items: list[Written]) -> dict[str, MessageStatus]:
        """As ``statuses``, where a Maildir not made yet holds nothing."""
        if not items:
            return {}
        sent = self.sent_path is not None and (self.sent_path / "cur").is_dir()
        found = self._statuses(items, drafts=self._drafts_exist(), sent=sent, words_in_drafts=True)
        return {key: status for key, status in found.items() if status.state != MessageState.DELETED}

    def _statuses(self, items: list[Written], *, drafts: bool = True, sent: bool = True,
                  words_in_drafts: bool = False) -> dict[str, MessageStatus]:
        results: dict[str, MessageStatus] = {}
        listing = self._folder(self.drafts_path, "path", since=None) if drafts else []
        by_key = {w.key: w for w in items}
        matched = self._recognise_with_words(items, listing) if words_in_drafts else recognise(items, listing)
        for key, (f, evidence) in matched.items():
            written = by_key[key]
            edited = evidence not in (Evidence.KEY, Evidence.MESSAGE_ID) or (
                bool(written.ref.version) and f.version != written.ref.version)
            results[key] = MessageStatus(MessageState.DRAFT, ref=_ref(f), evidence=Evidence.DRAFTS, edited=edited)
        rest = [w for w in items if w.key not in results]
        if rest and sent and self.sent_path is not None:
            oldest = min((w.written_at for w in rest if w.written_at), default=None)
            filed = self._folder(self.sent_path, "sent", since=oldest)
            for key, (f, evidence) in self._recognise_with_words(rest, filed).items():
                results[key] = MessageStatus(MessageState.SENT, sent_at=f.date, ref=_ref(f), evidence=evidence,
                                             subject=f.subject)
        for w in items:
            results.setdefault(w.key, MessageStatus(MessageState.DELETED, ref=w.ref, evidence=Evidence.ABSENT))
        return results

    def _body_texts(self, filed: list[Filed]) -> dict[str, str]:
        from mailflow.rules.letter import MAX_BYTES, bounded

        texts = {}
        for f in filed:
            path = self._paths.get(f.backend_id)
            if path is None:
                continue
            try:
                with open(path, "rb") as handle:
                    raw = handle.read(MAX_BYTES)
                texts[f.backend_id] = _text(_MESSAGE.parsebytes(bounded(raw)))
            except FileNotFoundError:
                continue  # removed meanwhile
            except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                self.note_unreadable(str(path).rsplit("/", 2)[0], f.backend_id, exc)
        return texts

    def _replies_since(self, since, *, domains, addresses) -> list[Incoming]:
        """The inbox's messages after ``since`` from ``domains`` or ``addresses``, read
        whole. Who sent a message and when is kept in the cache by file name, size and
        time: a message seen on an earlier run is not parsed again, so a run costs a
        ``stat`` per file plus what is new. While no folder changed since a settled
        listing, the messages that matter are known from ``settled`` (``_settled_matches``):
        the run costs a ``stat`` per folder plus the reading of those messages."""
        senders = _senders_digest(domains, addresses)
        matches = self._settled_matches(since, senders)
        if matches is None:
            matches = self._matches(since, sender_test(domains, addresses), senders)
        found = []
        for name, sub, written in matches:
            from mailflow.rules.letter import MAX_BYTES

            path = os.path.join(self.inbox_path, sub, name)
            date = datetime.fromisoformat(written)  # with the sender's own offset
            try:
                with open(path, "rb") as f:
                    raw = f.read(MAX_BYTES)
            except (FileNotFoundError, IsADirectoryError):
                continue  # removed meanwhile
            except OSError as exc:
                raise MailboxError(f"[mail.maildir] inbox: cannot read {path}: {exc.strerror}") from None
            try:
                found.append(incoming_from_raw(raw, date))
            except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                self.note_unreadable(f"{self.inbox_path}", name.split(":", 1)[0], exc)
        return sorted(found, key=lambda m: m.date)

    def _matches(self, since: datetime, wanted, senders: str) -> list[tuple[str, str, str]]:
        """(file name, where: as ``_inbox_entries`` names it, its Date as written) of each
        message after ``since`` that ``wanted`` takes, by ``_inbox_entries`` and the cache
        of who sent what; kept in ``settled`` with the listings they come from, unless a
        file could not be parsed (it is tried again next run)."""
        from mailflow.rules.letter import Headers

        known = self.cache.data.get("inbox_seen") or {}
        seen: dict[str, list] = {}
        after = since.timestamp()
        matches: list[list] = []
        complete = True
        folders = self._inbox_folders()
        for entry, sub, stamp in self._inbox_entries(since, known, folders):
            cached = known.get(entry.name)
            if cached and cached[0] == stamp:
                sender, when, written = cached[1:4]
                seen[entry.name] = cached if len(cached) > 4 else [*cached[:4], sub]
            else:
                msg = self._parse(entry, "inbox", bodies=False)
                if msg is None:
                    complete = False
                    continue
                headers = Headers(msg)
                date = headers.date()
                sender = headers.sender()[1]
                when, written = (date.timestamp(), date.isoformat()) if date else (None, "")
                seen[entry.name] = [stamp, sender, when, written, sub]
            if when is None or when <= after or not wanted(sender):
                continue
            matches.append([entry.name, sub, stamp[0], written])
        if seen != known:
            self.cache.put("inbox_seen", seen)
        listings = self.cache.data.get("inbox_listed") or {}
        answer = {"inbox": str(self.inbox_path), "senders": senders, "since": after,
                  "listed": {sub: listings.get(sub) for _, sub in folders}, "matches": matches} if complete else {}
        if self.settled.data.get("inbox") != answer:
            self.settled.put("inbox", answer)
        return [(name, sub, written) for name, sub, _, written in matches]

    def _settled_matches(self, since: datetime, senders: str) -> list[tuple[str, str, str]] | None:
        """What ``_matches`` kept in ``settled``, for the same inbox and senders and a
        ``since`` no earlier than then (the matches after ``since`` and filed after its
        cutoff), when the folders ``_inbox_entries`` reads are those then listed, each
        with the time and inode it had then, and that listing was made well after the
        folder last changed: a file delivered, moved in, renamed (a flag) or deleted
        moves its folder's time. None when that does not hold."""
        kept = self.settled.data.get("inbox")
        after = since.timestamp()
        if (not isinstance(kept, dict) or kept.get("inbox") != str(self.inbox_path)
                or kept.get("senders") != senders or not isinstance(kept.get("since"), float)
                or kept["since"] > after or not isinstance(kept.get("listed"), dict)):
            return None
        cutoff = (since - SKEW - timedelta(days=1)).timestamp()
        listed = kept["listed"]
        folders = self._inbox_folders()
        if len(folders) != len(listed):
            return None
        for _, sub in folders:
            try:
                info = os.stat(self.inbox_path / sub)
            except OSError:
                return None
            if not _trusted(listed.get(sub), info, cutoff):
                return None
        matches = kept.get("matches")
        if not isinstance(matches, list) or not all(
                isinstance(m, list) and len(m) == 4 and isinstance(m[0], str) and isinstance(m[1], str)
                and m[1] in listed and isinstance(m[2], int) and isinstance(m[3], str) for m in matches):
            return None
        try:
            return [(name, sub, written) for name, sub, mtime, written in matches
                    if mtime / 1e9 >= cutoff and datetime.fromisoformat(written).timestamp() > after]
        except ValueError:  # not a time
            return None

    def _inbox_folders(self) -> list[tuple[Path, str]]:
        """(the Maildir, where) of each folder of messages the reply watch reads: "new" and
        "cur" of the inbox, ".Junk/cur" of a folder of it (``_reply_maildirs``); file names
        are unique across them."""
        return [(path, sub if path == self.inbox_path else f"{path.name}/{sub}")
                for path in self._reply_maildirs() for sub in ("new", "cur")]

    def _inbox_entries(self, since: datetime, known: dict[str, list], folders: list[tuple[Path, str]]):
        """(entry, where: "new", "cur" or a folder's ".Junk/cur", [mtime_ns, size]) of each file delivered after
        ``since`` to ``folders`` (``_inbox_folders``), as ``_entries`` finds them; a
        sub-folder whose own time and inode are
        those of its last listing is not listed again: its files are those of
        ``known`` (what that listing saw), when that listing was made well after the
        folder last changed (a folder's time is coarse: a file added in the same tick
        would not move it) and looked at least as far back as this one."""
        cutoff = (since - SKEW - timedelta(days=1)).timestamp()
        listings = self.cache.data.get("inbox_listed")
        listings = dict(listings) if isinstance(listings, dict) else {}
        for path, sub in folders:
            folder = self.inbox_path / sub
            listed = listings.get(sub)
            try:
                info = os.stat(folder)
            except OSError:
                info = None  # _entries says what is wrong
            if info is not None and _trusted(listed, info, cutoff):
                prefix = os.path.join(folder, "")
                for name, cached in known.items():
                    if len(cached) > 4 and cached[4] == sub and cached[0][0] / 1e9 >= cutoff:
                        yield _Listed(name, prefix + name), sub, cached[0]
                continue
            started = int(posix_now() * 1e9)  # before the listing: a file added during it moves the folder's time
            for entry, stamp, _ in self._entries(path, "inbox", since, subs=(sub.rsplit("/", 1)[-1],)):
                yield entry, sub, stamp
            if info is not None:
                listings[sub] = [info.st_mtime_ns, info.st_ino, started, cutoff]
        if listings != self.cache.data.get("inbox_listed"):
            self.cache.put("inbox_listed", listings)

    def check(self, now: datetime) -> list[Check]:
        checks = []
        for setting, path in (("path", self.drafts_path), ("sent", self.sent_path), ("inbox", self.inbox_path)):
            if path is None:
                detail = ("not set: mailflow cannot see what you send; use `mailflow mark-sent`" if setting == "sent"
                          else "not set: follow-ups cannot stop by themselves when a company answers")
                checks.append(Check(f"maildir {setting}", True, detail))
                continue
            if setting == "path" and not (path / "cur").is_dir():
                ok = path.parent.is_dir() and os.access(path.parent, os.W_OK)
                checks.append(Check(f"maildir {setting}", ok, f"{path} will be created on the first draft" if ok
                                    else f"{path} does not exist and cannot be created", 0 if ok else 2))
                continue
            problem = _not_a_maildir(path)
            if problem:  # the cause, and the fix: the setting or the folder's permissions
                problem += (": give your user read access to it (chmod u+rx)" if problem.endswith("cannot be read")
                            else f": check [mail.maildir] {setting}: it must name a folder holding cur/ and new/")
            checks.append(Check(f"maildir {setting}", not problem, problem or f"{path}: readable",
                                2 if problem else 0))
        if all(c.ok for c in checks):
            checks.append(self.round_trip("maildir drafts", None, now))
        return checks

    # ---- internals ----------------------------------------------------------------

    def _drafts_of(self, key: str, ref: DraftRef | None) -> list[str]:
        """The files of ours with this key (normally one), or the one ``ref`` names."""
        if not self._drafts_exist():
            return []
        self.drafts._refresh()  # noqa: SLF001 - see new files from other processes
        found = [f.backend_id for f in self._folder(self.drafts_path, "path", since=None) if f.key == key]
        if not found and ref is not None and ref.backend_id in self.drafts._toc:  # noqa: SLF001
            found = [ref.backend_id]
        return found

    def _folder(self, path: Path, setting: str, since: datetime | None) -> list[Filed]:
        """The messages of a Maildir filed after ``since`` (all when None), as ``Filed``;
        a draft's ``version`` is the digest of its body. A file read on an earlier
        run and unchanged since (same name, size and time) is not parsed again."""
        known = dict((self.cache.data.get("filed") or {}).get(setting) or {})
        seen: dict[str, list] = {}
        found = []
        for entry, stamp, filed in self._entries(path, setting, since):
            self._paths[entry.name.split(":", 1)[0]] = entry.path
            cached = known.get(entry.name)
            if cached and cached[0] == stamp:
                item = _filed_from_data(cached[1])
            else:
                msg = self._parse(entry, setting, bodies=True)
                if msg is None:
                    continue
                try:
                    item = _filed(entry.name.split(":", 1)[0], msg, _text(msg),
                                  datetime.fromtimestamp(filed, timezone.utc))
                except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
                    self.note_unreadable(f"{path}", entry.name.split(":", 1)[0], exc)
                    continue
            seen[entry.name] = [stamp, _filed_to_data(item)]
            found.append(item)
        if seen != known:
            everything = dict(self.cache.data.get("filed") or {})
            everything[setting] = seen
            self.cache.put("filed", everything)
        return found

    def _reply_maildirs(self) -> list[Path]:
        """The inbox, and its Maildir++ folders (``.Junk``, ``.Trash``, a rule's
        ``.Job search``...) where a local client or filter files mail, except the
        drafts and sent ones: a reply the user filed or deleted still counts."""
        found = [self.inbox_path]
        try:
            subfolders = sorted(e.path for e in os.scandir(self.inbox_path) if e.name.startswith(".")
                                and e.name not in (".", "..") and e.is_dir())
        except OSError:
            return found  # _entries says what is wrong with the inbox itself
        mine = {p.resolve() for p in (self.drafts_path, self.sent_path) if p is not None}
        for folder in map(Path, subfolders):
            leaf = folder.name[1:].rsplit(".", 1)[-1].casefold()
            if (folder / "cur").is_dir() and folder.resolve() not in mine and leaf not in _OWN_FOLDERS:
                found.append(folder)
        return found

    def _entries(self, path: Path, setting: str, since: datetime | None, subs: tuple[str, ...] = ("new", "cur")):
        """(entry, [mtime_ns, size], when it was filed as a POSIX time) of each file delivered after
        ``since`` (by its modification time, which Maildir keeps as the delivery time;
        a day earlier, for clocks and clients that disagree): a ``stat`` each, no read."""
        problem = _not_a_maildir(path)
        if problem:
            raise MailboxError(f"[mail.maildir] {setting}: {problem}",
                               hint="point it at a Maildir folder (one with cur/, new/ and tmp/ inside)")
        cutoff = (since - SKEW - timedelta(days=1)).timestamp() if since else None
        for sub in subs:
            try:
                entries = list(os.scandir(path / sub))
            except OSError as exc:
                raise MailboxError(f"[mail.maildir] {setting}: cannot read {path / sub}: {exc.strerror}") from None
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    info = entry.stat()
                except FileNotFoundError:
                    continue  # removed meanwhile
                if cutoff is not None and info.st_mtime < cutoff:
                    continue
                yield entry, [info.st_mtime_ns, info.st_size], info.st_mtime

    def _parse(self, entry, setting: str, *, bodies: bool):
        """The message in this file (its headers only unless ``bodies``), read no
        further than ``rules.letter`` reads a message; None when it is gone."""
        from mailflow.rules.letter import MAX_BYTES, MAX_HEADER_BLOCK, bounded

        try:
            with open(entry.path, "rb") as f:
                raw = f.read(MAX_BYTES if bodies else MAX_HEADER_BLOCK + 4)
        except (FileNotFoundError, IsADirectoryError):
            return None  # removed meanwhile
        except OSError as exc:
            raise MailboxError(f"[mail.maildir] {setting}: cannot read {entry.path}: {exc.strerror}") from None
        try:
            return _MESSAGE.parsebytes(bounded(raw)) if bodies else _HEADERS.parsebytes(bounded(raw), headersonly=True)
        except Exception as exc:  # noqa: BLE001 - the parser is lenient; this is the last guard
            self.note_unreadable(f"{entry.path.rsplit('/', 2)[0]}", entry.name.split(":", 1)[0], exc)
            return None


#: how long before a listing its folder must have last changed for the listing to be
#: trusted while the folder's time stays the same (folder times are coarse: up to
#: 2 s on some file systems)
_SETTLED_NS = 5_000_000_000


def _trusted(listed, info: os.stat_result, cutoff: float) -> bool:
    """Whether a folder's listing ``listed`` ([time, inode, when it was made, the cutoff
    it looked back to], as ``_inbox_entries`` keeps it) still tells what the folder
    (``info``, its ``stat`` now) holds after ``cutoff``: the folder kept its time and
    inode, had last changed well before that listing, and the listing looked at least
    as far back."""
    return (isinstance(listed, list) and len(listed) == 4 and listed[:2] == [info.st_mtime_ns, info.st_ino]
            and listed[2] - info.st_mtime_ns > _SETTLED_NS and listed[3] <= cutoff)


def _senders_digest(domains, addresses) -> str:
    """What a reply watch asks for, as a digest: the matches kept for it hold for no other."""
    import hashlib

    text = "\n".join(sorted(domains)) + "\0" + "\n".join(sorted(addresses))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class _Listed:
    """A file of an inbox folder that was not listed again: what the reading needs of a ``DirEntry``."""

    __slots__ = ("name", "path")

    def __init__(self, name: str, path: str):
        self.name, self.path = name, path


def _maildir_message(draft: NewDraft) -> mailbox.MaildirMessage:
    """The draft as the ``mailbox`` module files it, made from its bytes: made from
    the message object, it would deep-copy the message and its policy (15 ms a draft).
    Headers are written unfolded, as the ``mailbox`` module writes a message object."""
    import mailbox

    unfolded = draft.message.policy.clone(max_line_length=0)
    return mailbox.MaildirMessage(draft.message.as_bytes(policy=unfolded))


def _filed_to_data(f: Filed) -> list:
    return [f.backend_id, f.message_id, f.key, list(f.to), f.subject, f.date.isoformat() if f.date else "",
            list(f.references), f.thread_id, f.version]


def _filed_from_data(data: list) -> Filed:
    backend_id, message_id, key, to, subject, date, references, thread_id, version = data
    return Filed(backend_id, message_id, key, tuple(to), subject, datetime.fromisoformat(date) if date else None,
                 tuple(references), thread_id, version)


def _not_a_maildir(path: Path) -> str:
    if not path.exists():
        return f"no Maildir at {path}"
    if not all((path / sub).is_dir() for sub in ("cur", "new")):
        return f"{path} is not a Maildir (no cur/ and new/ inside)"
    if not os.access(path / "cur", os.R_OK | os.X_OK):
        return f"{path} cannot be read"
    return ""


def _text(msg) -> str:
    """The plain text of a draft or a sent copy (what its ``version`` is a digest of), or ""."""
    try:
        part = msg.get_body(preferencelist=("plain",))
        return plain_text(part) if part is not None else ""
    except Exception:  # noqa: BLE001 - a part that cannot be decoded has no text to compare
        return ""


def _filed(name: str, msg, body: str, filed: datetime) -> Filed:
    from mailflow.rules.letter import Headers

    headers = Headers(msg)
    return Filed(
        backend_id=name,
        message_id=headers.text("message-id"),
        key=headers.text(KEY_HEADER),
        to=headers.addresses("to", "cc"),
        subject=headers.text("subject"),
        date=headers.date() or filed,
        references=tuple(headers.text("references").split() + headers.text("in-reply-to").split()),
        version=body_digest(body) if body else "",
    )


def _ref(f: Filed) -> DraftRef:
    return DraftRef(backend_id=f.backend_id, message_id=f.message_id, version=f.version)
