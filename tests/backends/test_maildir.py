"""The Maildir mailbox: Maildirs on this machine, a mail client filing sent mail in ``sent``
and receiving mail in ``inbox``. The mailbox contract, the user-action scenarios, and what
only a Maildir does: a missing or misspelt folder."""

from __future__ import annotations

import shutil

import pytest

from mailflow.config import Shared
from mailflow.errors import MailboxError
from mailflow.mailboxes.maildir import MaildirMailbox, MaildirSettings
from mailflow.model import MessageState
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
