"""The Maildir mailbox: Maildirs on this machine, a mail client filing sent mail in ``sent``
and receiving mail in ``inbox``. The mailbox contract, the user-action scenarios, and what
only a Maildir does: a missing or misspelt folder."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta

import pytest

from mailflow.config import Shared
from mailflow.errors import MailboxError
from mailflow.mailboxes.maildir import MaildirMailbox, MaildirSettings
from mailflow.model import MessageState, SyncCache
from tests.contracts.mailbox import MailboxContract
from tests.contracts.user_actions import ANA, NOW, UserActionScenarios, key_to, run
from tests.harness.calendars import ME, onsite_panel
from tests.harness.home import Home, maildir, status
from tests.harness.mail_clients import MaildirClient
from tests.harness.messages import WHEN, compose, written


def shared(tmp_path) -> Shared:
    return Shared(base_dir=tmp_path, me=frozenset({ME}), my_email=ME)


class TestMaildirMailbox(MailboxContract):
    backend = "maildir"

    @pytest.fixture
    def user(self, tmp_path):
        return MaildirClient(tmp_path, create=("drafts", "sent", "inbox"))

    @pytest.fixture
    def mailbox(self, tmp_path, user):
        return MaildirMailbox(MaildirSettings(path="drafts", sent="sent", inbox="inbox"), shared(tmp_path))

    def test_without_a_sent_folder_a_draft_that_left_is_deleted_not_an_error(self, tmp_path):
        box = MaildirMailbox(MaildirSettings(path="drafts"), shared(tmp_path))
        ref = box.create_draft(compose("thank_you.z1", "ana@acme.example", "Thank you - Acme"))
        shutil.rmtree(tmp_path / "drafts" / "cur")
        (tmp_path / "drafts" / "cur").mkdir()
        assert box.status(written("thank_you.z1", ref, "ana@acme.example", "x")).state == MessageState.DELETED

    def test_a_missing_sent_folder_is_an_error_never_a_deletion(self, tmp_path):
        box = MaildirMailbox(MaildirSettings(path="drafts", sent="Sent-misspelt"), shared(tmp_path))
        ref = box.create_draft(compose("thank_you.z2", "ana@acme.example", "Thank you - Acme"))
        box.delete("thank_you.z2", ref)

        with pytest.raises(MailboxError, match="Sent-misspelt"):
            box.status(written("thank_you.z2", ref, "ana@acme.example", "x"))
        assert any(not c.ok and "Sent-misspelt" in c.detail for c in box.check(WHEN))


def test_a_draft_is_filed_byte_for_byte_as_the_mailbox_module_files_the_message(tmp_path):
    """Filing from the message's bytes (not a deep copy of it) changes nothing a mail
    client sees: long encoded headers stay unfolded, as before."""
    import mailbox

    draft = compose("thank_you.z3", "Cáit Ó Briain <cait.obriain@northgatelegalaid.example>",
                    "Thank you, Cáit: our conversation about the Staff Attorney role at Northgate Legal Aid")
    box = MaildirMailbox(MaildirSettings(path="drafts"), shared(tmp_path))
    ref = box.create_draft(draft)
    reference = mailbox.Maildir(tmp_path / "reference", create=True)
    expected = reference.get_bytes(reference.add(mailbox.MaildirMessage(draft.message)))
    assert box.drafts.get_bytes(ref.backend_id) == expected


def test_a_message_read_on_an_earlier_run_is_not_parsed_again(tmp_path):
    """Who sent an inbox message is kept by its file's name, size and time: a file
    left as it was is not read again. (The test swaps a file's bytes for others of the
    same size and puts its time back: only a mailbox that re-reads it would see.)"""
    import os

    from mailflow.model import SyncCache

    client = MaildirClient(tmp_path, create=("drafts", "sent", "inbox"))
    client.receive("news@letters.example", "Weekly digest", "2026-11-25T09:00:00+00:00")
    path = next((tmp_path / "inbox" / "new").iterdir(), None) or next((tmp_path / "inbox" / "cur").iterdir())
    cache = SyncCache()
    since = WHEN
    box = MaildirMailbox(MaildirSettings(path="drafts", sent="sent", inbox="inbox"), shared(tmp_path), cache)
    assert box.replies_since(since, domains=("acme.example",), addresses=()) == []
    info = path.stat()
    raw = path.read_bytes()
    forged = raw.replace(b"news@letters.example", b"sam@acme.example    ")  # the same length
    assert len(forged) == len(raw) and forged != raw
    path.write_bytes(forged)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    again = MaildirMailbox(MaildirSettings(path="drafts", sent="sent", inbox="inbox"), shared(tmp_path), cache)
    assert again.replies_since(since, domains=("acme.example",), addresses=()) == []
    fresh = MaildirMailbox(MaildirSettings(path="drafts", sent="sent", inbox="inbox"), shared(tmp_path), SyncCache())
    assert [m.sender for m in fresh.replies_since(since, domains=("acme.example",), addresses=())] == \
        ["sam@acme.example"]


def test_an_inbox_folder_unchanged_since_a_settled_listing_is_not_listed_again(tmp_path, monkeypatch):
    """What a listing of ``inbox/new`` and ``inbox/cur`` learned is reused while each
    folder keeps its time and inode, when the folder had last changed well before that
    listing; new mail moves the folder's time, and is read. (Folder times are set an hour
    back, as for mail that came before the last run.)"""
    import os

    from mailflow.mailboxes import maildir as module
    from mailflow.model import SyncCache

    listed = []
    scandir = os.scandir

    def counting(path):
        if os.path.basename(path) in ("new", "cur"):  # the folders of messages (the inbox root is
            listed.append(os.path.basename(os.path.dirname(path)) + "/" + os.path.basename(path))
        return scandir(path)  # listed for its sub-folders, a few entries)

    monkeypatch.setattr(module.os, "scandir", counting)
    client = MaildirClient(tmp_path, create=("drafts", "sent", "inbox"))
    client.receive("sam@acme.example", "Re: Thank you", "2026-11-25T09:00:00+00:00")
    client.receive("news@letters.example", "Weekly digest", "2026-11-25T10:00:00+00:00")

    def settle():
        for sub in ("new", "cur"):
            folder = tmp_path / "inbox" / sub
            past = folder.stat().st_mtime_ns - 3600 * 10**9
            os.utime(folder, ns=(past, past))

    def replies(cache):
        box = MaildirMailbox(MaildirSettings(path="drafts", sent="sent", inbox="inbox"), shared(tmp_path), cache)
        return [m.subject for m in box.replies_since(WHEN, domains=("acme.example",), addresses=())]

    cache = SyncCache()
    settle()
    assert replies(cache) == ["Re: Thank you"]
    assert listed == ["inbox/new", "inbox/cur"]
    listed.clear()
    assert replies(cache) == ["Re: Thank you"]
    assert listed == []  # nothing listed, the same answer
    client.receive("ana@acme.example", "Re: Thank you, Ana", "2026-11-25T11:00:00+00:00")
    assert replies(cache) == ["Re: Thank you", "Re: Thank you, Ana"]
    assert listed == ["inbox/new"]  # cur/ did not change
    listed.clear()
    assert replies(cache) == ["Re: Thank you", "Re: Thank you, Ana"]
    assert listed == ["inbox/new"]  # it changed a moment before that listing: not trusted yet
    listed.clear()
    settle()
    assert replies(cache) == ["Re: Thank you", "Re: Thank you, Ana"]
    assert replies(cache) == ["Re: Thank you", "Re: Thank you, Ana"]
    assert listed == ["inbox/new", "inbox/cur"]  # settle() moved both; then neither is listed


# ---- an inbox of thousands that did not change: the messages that matter are kept ------------

#: read newsletters in the busy inbox (40 senders), none of them a reply
THOUSANDS = 2_000
ACME = ("acme.example",)
SAM = ("sam@acme.example", "Re: Thank you")


def _busy_inbox(root) -> MaildirClient:
    """An inbox holding ``THOUSANDS`` read newsletters in cur/ (named as a client leaves a
    message it showed, ``:2,S``) and Sam's reply from Acme in new/."""
    from email.utils import format_datetime

    client = MaildirClient(root, create=("drafts", "sent", "inbox"))
    for i in range(THOUSANDS):
        at = WHEN + timedelta(hours=2, seconds=30 * i)
        (root / "inbox" / "cur" / f"{1796000000 + i}.M{i}P7.test:2,S").write_text(
            f"From: Letters {i % 40} <news{i % 40}@letters.example>\nTo: {ME}\nSubject: Update {i}\n"
            f"Date: {format_datetime(at)}\nMessage-ID: <n{i}@letters.example>\n\nThis week's news.\n",
            encoding="utf-8")
    client.receive("Sam Ortiz <sam@acme.example>", "Re: Thank you", "2026-11-25T09:00:00+00:00")
    return client


def _settle(inbox) -> None:
    """Every folder of messages in ``inbox`` (its Maildir++ folders too) last changed an
    hour before: mail that came well before the run."""
    for folder in [inbox, *inbox.glob(".*")]:
        for sub in ("new", "cur"):
            if (folder / sub).is_dir():
                past = (folder / sub).stat().st_mtime_ns - 3600 * 10**9
                os.utime(folder / sub, ns=(past, past))


class _Looked(dict):
    """A cache's data that notes each key looked up in it."""

    def __init__(self, *args):
        super().__init__(*args)
        self.looked: list[str] = []

    def get(self, key, default=None):
        self.looked.append(key)
        return super().get(key, default)


class _Runs:
    """Reply watches over one inbox, each by a new mailbox on the caches the one before left
    (as runs are), each answer checked against a mailbox that reads everything afresh. Notes
    what each one listed (``new/``, ``cur/``), opened, parsed for its sender, and looked up
    in the mailbox's big cache."""

    def __init__(self, root, monkeypatch):
        from mailflow.mailboxes import maildir as module

        self.root, self.cache, self.settled = root, SyncCache(), SyncCache()
        self.listed: list[str] = []
        self.opened: list[str] = []
        self.parsed: list[int] = []
        self.looked: list[str] = []
        self.counting = True
        scandir, opener, parser = os.scandir, open, module._HEADERS
        inbox = str(root / "inbox")
        runs = self

        def listing(path):
            if runs.counting and str(path).startswith(inbox) and os.path.basename(path) in ("new", "cur"):
                runs.listed.append(os.path.relpath(path, inbox))
            return scandir(path)

        def opening(path, *args, **kwargs):
            if runs.counting and str(path).startswith(inbox):
                runs.opened.append(os.path.basename(path))
            return opener(path, *args, **kwargs)

        class Parsing:
            def parsebytes(self, raw, headersonly=False):
                runs.parsed.append(1) if runs.counting else None
                return parser.parsebytes(raw, headersonly=headersonly)

        monkeypatch.setattr(module.os, "scandir", listing)
        monkeypatch.setattr(module, "open", opening, raising=False)
        monkeypatch.setattr(module, "_HEADERS", Parsing())

    def _box(self, cache: SyncCache) -> MaildirMailbox:
        return MaildirMailbox(MaildirSettings(path="drafts", sent="sent", inbox="inbox"), shared(self.root), cache)

    def replies(self, since=WHEN, domains=ACME, addresses=()) -> list[tuple[str, str]]:
        """The watch's answer, (sender, subject) of each message, once it is known to be what
        a mailbox reading everything afresh answers."""
        for counts in (self.listed, self.opened, self.parsed):
            counts.clear()
        self.cache.data = _Looked(self.cache.data)
        box = self._box(self.cache)
        box.settled = self.settled
        found = box.replies_since(since, domains=domains, addresses=addresses)
        self.looked = self.cache.data.looked
        self.counting = False
        try:
            fresh = self._box(SyncCache()).replies_since(since, domains=domains, addresses=addresses)
        finally:
            self.counting = True
        assert found == fresh
        return [(m.sender, m.subject) for m in found]

    def settled_run(self, **asked) -> list[tuple[str, str]]:
        """The folders are settled and listed once: the run after that lists, parses and looks
        up nothing, and opens only what it answers."""
        _settle(self.root / "inbox")
        self.replies(**asked)
        answer = self.replies(**asked)
        assert self.listed == [] and self.parsed == [] and self.looked == []
        assert len(self.opened) == len(answer)
        return answer


def _name(folder, subject: str) -> str:
    """The file in ``folder`` holding the message with this subject."""
    return next(p.name for p in folder.iterdir() if f"Subject: {subject}\n" in p.read_text(encoding="utf-8"))


def test_a_settled_inbox_of_thousands_is_answered_without_listing_parsing_or_walking_them(tmp_path, monkeypatch):
    """A run after the folders stood still reads one small entry and Sam's reply: no
    listing, no header parsed, no lookup in the big cache of who sent what."""
    import json

    _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    _settle(tmp_path / "inbox")
    assert runs.replies() == [SAM]
    assert sorted(runs.listed) == ["cur", "new"] and len(runs.parsed) == THOUSANDS + 1

    assert runs.replies() == [SAM]

    assert runs.listed == [] and runs.parsed == [] and runs.looked == []
    assert runs.opened == [_name(tmp_path / "inbox" / "new", "Re: Thank you")]  # read whole, as before
    assert len(json.dumps(runs.settled.data)) < 1_000  # Sam's reply and the listings, not the thousands


def test_a_new_message_in_a_settled_inbox_of_thousands_is_read_and_only_it_is_parsed(tmp_path, monkeypatch):
    client = _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    assert runs.settled_run() == [SAM]

    client.receive("Ana Lima <ana.lima@acme.example>", "Re: Thank you, Ana", "2026-11-25T11:00:00+00:00")

    assert runs.replies() == [SAM, ("ana.lima@acme.example", "Re: Thank you, Ana")]
    assert runs.listed == ["new"] and len(runs.parsed) == 1  # cur/ did not change
    client.receive("news3@letters.example", "Update", "2026-11-25T12:00:00+00:00")
    assert runs.settled_run() == [SAM, ("ana.lima@acme.example", "Re: Thank you, Ana")]


def test_a_message_moved_into_the_inbox_or_one_of_its_folders_is_read(tmp_path, monkeypatch):
    """A client moves a message in from a folder not read (an archive), and files Sam's
    reply into a new Junk folder: both are seen where they are now."""
    _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    assert runs.settled_run() == [SAM]
    archive = MaildirClient(tmp_path, create=("archive",), inbox="archive")
    archive.receive("Raj Patel <raj.patel@acme.example>", "Re: Thank you, Raj", "2026-11-25T10:00:00+00:00")
    name = next((tmp_path / "archive" / "new").iterdir()).name

    os.rename(tmp_path / "archive" / "new" / name, tmp_path / "inbox" / "cur" / f"{name}:2,S")

    raj = ("raj.patel@acme.example", "Re: Thank you, Raj")
    assert runs.replies() == [SAM, raj]
    assert runs.listed == ["cur"] and len(runs.parsed) == 1
    assert runs.settled_run() == [SAM, raj]
    sam = _name(tmp_path / "inbox" / "new", "Re: Thank you")
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "inbox" / ".Junk" / sub).mkdir(parents=True)

    os.rename(tmp_path / "inbox" / "new" / sam, tmp_path / "inbox" / ".Junk" / "cur" / f"{sam}:2,S")

    assert runs.replies() == [SAM, raj]
    assert sorted(runs.listed) == [".Junk/cur", ".Junk/new", "new"] and len(runs.parsed) == 1
    assert runs.settled_run() == [SAM, raj]


def test_a_flag_change_that_renames_a_file_is_seen(tmp_path, monkeypatch):
    """A client marks Sam's reply read (new/ to cur/, ``:2,S``), then answered (``:2,RS``),
    and flags a newsletter: the reply is read under its new name each time (its old name
    is gone: a kept answer naming it would lose the reply)."""
    _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    assert runs.settled_run() == [SAM]
    sam = _name(tmp_path / "inbox" / "new", "Re: Thank you")

    os.rename(tmp_path / "inbox" / "new" / sam, tmp_path / "inbox" / "cur" / f"{sam}:2,S")

    assert runs.replies() == [SAM]
    assert sorted(runs.listed) == ["cur", "new"] and len(runs.parsed) == 1
    assert runs.opened[-1] == f"{sam}:2,S"
    assert runs.settled_run() == [SAM]

    os.rename(tmp_path / "inbox" / "cur" / f"{sam}:2,S", tmp_path / "inbox" / "cur" / f"{sam}:2,RS")

    assert runs.replies() == [SAM] and runs.opened[-1] == f"{sam}:2,RS"
    assert runs.listed == ["cur"] and len(runs.parsed) == 1
    assert runs.settled_run() == [SAM]
    news = sorted((tmp_path / "inbox" / "cur").glob("*P7.test:2,S"))[7]

    news.rename(news.with_name(news.name.replace(":2,S", ":2,FS")))

    assert runs.replies() == [SAM]
    assert runs.listed == ["cur"] and len(runs.parsed) == 1
    assert runs.settled_run() == [SAM]


def test_a_deleted_message_is_seen(tmp_path, monkeypatch):
    _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    assert runs.settled_run() == [SAM]
    next((tmp_path / "inbox" / "cur").glob("*P7.test:2,S")).unlink()  # a newsletter

    assert runs.replies() == [SAM]
    assert runs.listed == ["cur"] and runs.parsed == []
    assert runs.settled_run() == [SAM]

    (tmp_path / "inbox" / "new" / _name(tmp_path / "inbox" / "new", "Re: Thank you")).unlink()

    assert runs.replies() == []
    assert runs.listed == ["new"] and runs.parsed == []
    assert runs.settled_run() == []
    assert runs.settled.data["inbox"]["matches"] == []


def test_a_change_of_the_senders_watched_is_answered_from_what_was_learnt(tmp_path, monkeypatch):
    """A new application or interviewer changes who is watched: the kept answer is not
    reused, and the messages of the thousands now wanted are found without a listing or a
    header parsed (who sent each is known); the answer for the new senders is kept in turn."""
    _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    assert runs.settled_run() == [SAM]
    news7 = ("news7@letters.example",)

    answer = runs.replies(addresses=news7)

    assert SAM in answer and len(answer) == 1 + THOUSANDS // 40
    assert {sender for sender, _ in answer} == {"sam@acme.example", "news7@letters.example"}
    assert runs.listed == [] and runs.parsed == [] and len(runs.opened) == len(answer)
    assert "inbox_seen" in runs.looked
    assert runs.replies(addresses=news7) == answer and runs.looked == []
    assert SAM in runs.replies(domains=("acme.example", "letters.example"))
    assert len(runs.opened) == 1 + THOUSANDS and runs.listed == [] and runs.parsed == []
    assert runs.replies() == [SAM] and runs.listed == [] and runs.parsed == []
    assert runs.replies() == [SAM] and runs.looked == []


def test_a_since_moving_forward_or_back_is_answered_as_before(tmp_path, monkeypatch):
    """A later ``since`` is answered from what was kept (Sam's reply, at 09:00, falls out
    and comes back); an earlier one than was kept looks further back, as a listing."""
    from datetime import datetime, timezone

    client = _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    assert runs.settled_run() == [SAM]

    assert runs.replies(since=datetime(2026, 11, 25, 10, tzinfo=timezone.utc)) == []
    assert runs.listed == [] and runs.parsed == [] and runs.opened == [] and runs.looked == []
    assert runs.replies(since=datetime(2026, 11, 25, 8, tzinfo=timezone.utc)) == [SAM]
    assert runs.listed == [] and runs.looked == []

    assert runs.replies(since=WHEN - timedelta(days=3)) == [SAM]
    assert sorted(runs.listed) == ["cur", "new"]  # the listings looked less far back
    client.receive("Ana Lima <ana.lima@acme.example>", "Re: Thank you, Ana", "2026-11-25T11:00:00+00:00")
    assert runs.replies(since=datetime(2026, 11, 25, 10, tzinfo=timezone.utc)) == [
        ("ana.lima@acme.example", "Re: Thank you, Ana")]


@pytest.mark.parametrize("kept", [
    "text", {"inbox": 1}, {"since": "2026"}, {"listed": []}, {"matches": 5}, {"matches": [["x"]]},
    {"matches": [[1, 2, 3, 4]]}, {"matches": [["a", "cur", "c", "d"]]}, {"matches": [["a", "cur", 9e18, "x"]]},
    {"listed": {"cur": [1, 2, 3, 4], "new": None}}, {"matches": [["a", ["cur"], 1, "x"]]},
])
def test_a_kept_answer_of_the_wrong_shape_is_not_used(tmp_path, monkeypatch, kept):
    _busy_inbox(tmp_path)
    runs = _Runs(tmp_path, monkeypatch)
    assert runs.settled_run() == [SAM]
    runs.settled.data["inbox"] = {**runs.settled.data["inbox"], **kept} if isinstance(kept, dict) else kept

    assert runs.replies() == [SAM]
    assert runs.settled_run() == [SAM]


class TestMaildirUserActions(UserActionScenarios):
    backend = "maildir"
    #: the inbox Maildir, and the Maildir++ folders a local client files in (junk, a rule's, trash)
    reply_folders = ("inbox", "junk", "filed", "trash")

    @pytest.fixture
    def home(self, tmp_path):
        home = Home(tmp_path)
        home.write_config(mail=maildir(sent="sent", inbox="inbox"))
        home.write_calendar(onsite_panel("20211124"))
        return home

    @pytest.fixture
    def client(self, home):
        return MaildirClient(home.root)

    def test_a_misspelt_sent_maildir_is_an_error_and_a_doctor_finding_not_a_deletion(self, home, client):
        run(home, client, NOW)
        client.send_as_written(key_to(client, ANA), at="2021-11-25T18:30")
        home.config.write_text(home.config.read_text().replace('sent = "sent"', 'sent = "Sent-misspelt"'))

        result = home.cli("run", "--now", "2021-11-26T09:00")

        assert result.exit_code == 1 and "Sent-misspelt" in result.output
        doctor = home.cli("doctor", "--now", "2021-11-26T09:00")
        assert doctor.exit_code == 2 and "BAD  maildir sent" in doctor.output
        statuses = {m["to"]: m["status"] for m in status(home, "2021-11-26T09:00")["messages"]}
        assert statuses[ANA] == "draft"  # not called deleted
