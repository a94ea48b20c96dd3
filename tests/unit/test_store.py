"""The state database: versioned migrations, the run lock, throwaway copies."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime, timezone

import pytest

from mailflow.errors import LockedError, UserActionError
from mailflow.lock import run_lock
from mailflow.store import MIGRATIONS, Store

NOW = datetime(2026, 11, 25, 18, tzinfo=timezone.utc)


def test_a_new_database_is_migrated_to_the_latest_schema(tmp_path):
    with Store(tmp_path / "state.db") as store:
        assert store.schema_version == len(MIGRATIONS)
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"applications", "interviews", "interviewers", "notes", "messages", "sync_state"} <= tables


def test_reopening_keeps_the_data_and_does_not_migrate_again(tmp_path):
    with Store(tmp_path / "state.db") as store:
        store.application("Acme", NOW, role="SRE")
    with Store(tmp_path / "state.db") as store:
        assert [(a.company, a.role) for a in store.applications()] == [("Acme", "SRE")]


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(UserActionError, match="newer mailflow"):
        Store(path)


def test_an_older_database_is_brought_forward(tmp_path):
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO applications (company, company_key, created_at, updated_at) VALUES ('Acme','acme','2026-11-01T00:00:00+00:00','2026-11-01T00:00:00+00:00')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert [a.company for a in store.applications()] == ["Acme"]


def test_the_rows_version_moves_on_every_write_to_what_a_run_plans_from_and_on_nothing_else(tmp_path):
    from mailflow.model import SyncCache

    path = tmp_path / "state.db"
    with Store(path) as store:
        start = store.rows_version()
        app = store.application("Acme", NOW, role="SRE")
        assert store.rows_version() > start
        moved = store.rows_version()
        store.application("Acme", NOW, role="SRE")  # found as it is: nothing written
        store.applications(), store.snapshot()
        store.save_sync_cache("anything", SyncCache(token="t", changed=True), NOW)
        assert store.rows_version() == moved
        store.set_application_status(app.id, "cold", NOW, "no answer")
        assert store.rows_version() > moved
        moved = store.rows_version()
    other = sqlite3.connect(path)  # another process's write counts too, whatever it writes
    other.execute("DELETE FROM applications")
    other.commit()
    other.close()
    with Store(path) as store:
        assert store.rows_version() > moved


def test_the_application_keeps_what_the_user_set(tmp_path):
    with Store(tmp_path / "state.db") as store:
        first = store.application("Acme", NOW, contact=("sam@acme.example", "Sam"))
        again = store.application("ACME", NOW, role="SRE", contact=("other@acme.example", "Other"))
        assert again.id == first.id and again.contact_email == "sam@acme.example" and again.role == "SRE"


def test_scratch_copy_changes_nothing(tmp_path):
    with Store(tmp_path / "state.db") as store:
        store.application("Acme", NOW)
        copy = store.scratch_copy()
        copy.application("Globex", NOW)
        assert [a.company for a in store.applications()] == ["Acme"]
        assert [a.company for a in copy.applications()] == ["Acme", "Globex"]


def test_run_lock_is_exclusive_and_released(tmp_path):
    path = tmp_path / "state.db"
    with run_lock(path):
        with pytest.raises(LockedError, match=r"another mailflow run \(pid \d+, since .*\) is in progress"):
            with run_lock(path):
                pass
    with run_lock(path):  # free again
        pass


def test_a_lock_held_for_hours_names_the_holder_and_since_when(tmp_path):
    path = tmp_path / "state.db"
    with run_lock(path):
        lock = tmp_path / "state.db.lock"
        three_hours_ago = time.time() - 3 * 3600
        os.utime(lock, (three_hours_ago, three_hours_ago))
        with pytest.raises(LockedError) as caught:
            with run_lock(path):
                pass
    assert caught.value.stale and f"pid {os.getpid()}" in caught.value.message
    assert "hours" in caught.value.message and f"kill {os.getpid()}" in caught.value.hint


def test_a_typed_command_that_finds_the_lock_held_exits_1_and_cron_run_stays_quiet(home, monkeypatch):
    from mailflow.commands import outcomes

    monkeypatch.setattr(outcomes, "LOCK_WAIT", 0.2)
    home.write_calendar()
    home.cli("scan", "--now", "2026-11-25T18:00")
    with run_lock(home.root / "state.db"):
        typed = home.cli("accept", "Acme", "--now", "2026-11-25T18:00")
        cron = home.cli("run", "--quiet", "--now", "2026-11-25T18:00")
    assert typed.exit_code == 1 and "in progress" in typed.output
    assert cron.exit_code == 0 and cron.output == ""


def test_an_interview_saved_again_keeps_what_the_user_said_and_takes_what_the_invite_changed():
    """``save_interview`` with nothing new writes nothing; a new name on the invite, a
    person taken off it and one added are each taken, a person the user dropped stays dropped."""
    import dataclasses

    from mailflow.model import Interview, Interviewer, NameSource

    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    store = Store(None)
    app = store.application("Acme", now)
    people = (Interviewer("ana@acme.example", "Ana Lima"), Interviewer("raj@acme.example", "Raj Patel"),
              Interviewer("zoe@acme.example", "Zoe Muller"))
    interview = Interview(id="abc123", event_key="e1|", company="Acme", role="", title="Interview with Acme",
                          start=now, end=now, interviewers=people)
    store.save_interview(interview, app.id, now)
    store.db.execute("UPDATE interviewers SET named_from = 'dropped' WHERE email = 'zoe@acme.example'")

    def rows():
        return sorted(tuple(r) for r in store.db.execute(
            "SELECT email, name, named_from FROM interviewers WHERE interview_id = 'abc123'"))

    before = rows()
    changes = store.db.total_changes
    assert store.save_interview(interview, app.id, now) == ("same", "abc123")
    assert store.db.total_changes == changes and rows() == before
    renamed = dataclasses.replace(interview, interviewers=(
        Interviewer("ana@acme.example", "Ana Lima-Souza"), Interviewer("zoe@acme.example", "Zoe Muller"),
        Interviewer("sam@acme.example", "sam", NameSource.ADDRESS)))
    store.save_interview(renamed, app.id, now)
    assert rows() == [("ana@acme.example", "Ana Lima-Souza", "invite"), ("sam@acme.example", "sam", "address"),
                      ("zoe@acme.example", "Zoe Muller", "dropped")]


def test_an_application_seen_again_fills_in_only_what_was_blank():
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    store = Store(None)
    first = store.application("Acme", now, domain="acme.example")
    assert store.application("Acme", now, role="SRE").role == "SRE"
    changes = store.db.total_changes
    again = store.application("acme", now, role="Data Engineer", domain="other.example")
    assert (again.id, again.role, again.domain) == (first.id, "SRE", "acme.example")
    assert store.db.total_changes == changes  # nothing blank: nothing written


def test_a_sync_reads_each_table_once_whatever_the_number_of_interviews():
    """Within ``recording``, applications and interviews seen again are read from one
    query per table, not one per interview, and nothing is written; what it writes is
    read back: a second interview of a company new in the same sync finds the application
    the first one made, a person renamed on the invite is saved once, and a retired
    application made active again reads as active."""
    import dataclasses

    from mailflow.model import Interview, Interviewer

    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    store = Store(None)

    def interview(i: int, company: str, name: str = "Ana Lima") -> Interview:
        return Interview(id=f"id{i:04d}", event_key=f"e{i}|", company=company, role="", title=f"Interview {i}",
                         start=now, end=now, interviewers=(Interviewer(f"ana@c{i}.example", name),))

    known = [interview(i, f"Company {i}") for i in range(40)]
    for iv in known:
        store.save_interview(iv, store.application(iv.company, now).id, now)
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    changes = store.db.total_changes
    with store.recording():
        for iv in known:
            assert store.save_interview(iv, store.application(iv.company, now).id, now) == ("same", iv.id)
    assert [s.split()[0] for s in statements] == ["BEGIN", "SELECT", "SELECT", "SELECT", "COMMIT"]
    assert store.db.total_changes == changes
    store.db.set_trace_callback(None)

    with store.recording():
        first = store.application("Newco", now)
        second = store.application("newco", now, role="SRE")
        assert second.id == first.id and second.role == "SRE"
        renamed = dataclasses.replace(known[0], interviewers=(Interviewer("ana@c0.example", "Ana Lima-Souza"),))
        store.save_interview(renamed, store.application("Company 0", now).id, now)
        changes = store.db.total_changes
        assert store.save_interview(renamed, store.application("Company 0", now).id, now) == ("same", "id0000")
        assert store.db.total_changes == changes
        app = store.application("Company 1", now)
        store.set_application_status(app.id, "retired", now)
        assert store.application("Company 1", now).status == "retired"
        store.reactivate(app.id, now)
        assert store.application("Company 1", now).status == "active"
    assert [i.interview.interviewers[0].name for i in store.interviews() if i.id == "id0000"] == ["Ana Lima-Souza"]


def test_a_lazy_cache_reads_its_row_when_first_looked_at_and_drops_one_that_does_not_read(tmp_path, caplog):
    """A run that does not look at a big cache does not read it: what the row holds when it
    is first looked at is what it gives; data that is not a JSON object is dropped then,
    with a warning, and the cache is rebuilt."""
    from mailflow.model import SyncCache

    with Store(tmp_path / "state.db") as store:
        store.save_sync_cache("big", SyncCache(token="t", data={"seen": [1]}, changed=True), NOW)
        store.save_sync_cache("bad", SyncCache(data={"seen": [1]}, changed=True), NOW)
        big, bad = store.sync_cache("big", lazy=True), store.sync_cache("bad", lazy=True)
        assert store.sync_cache("none", lazy=True) == SyncCache()
        store.db.execute("UPDATE sync_state SET data = ? WHERE name = 'big'", ('{"seen": [2]}',))
        store.db.execute("UPDATE sync_state SET data = ? WHERE name = 'bad'", ("[1, 2",))

        assert big.token == "t" and big.data == {"seen": [2]} and not big.changed
        assert "unreadable" not in caplog.text
        assert bad.data == {} and bad.changed and "the cache of bad was unreadable" in caplog.text
