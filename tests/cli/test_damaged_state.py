"""A damaged, lost or unwritable state gives one clear message and what to do, never a
traceback; ids never collide; the state and the log are the user's only."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import stat

import pytest

from tests.harness.calendars import ME, PANEL, vevent

NOW = "2026-11-25T18:00"


def test_a_corrupt_state_says_what_to_do_and_writes_nothing(home):
    home.write_calendar(PANEL)
    (home.root / "state.db").write_bytes(b"this is not a database, it was overwritten by mistake" * 100)
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 2
    assert "state database is damaged" in result.output and "mv " in result.output
    assert "Traceback" not in result.output
    assert home.drafts() == []


def test_a_truncated_state_says_what_to_do(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    state = home.root / "state.db"
    for extra in home.root.glob("state.db-*"):
        extra.unlink()
    data = state.read_bytes()
    state.write_bytes(data[: len(data) // 3])
    result = home.cli("status", "--now", NOW)
    assert result.exit_code == 2 and "state database" in result.output
    assert "Traceback" not in result.output


def test_a_state_moved_aside_after_damage_writes_no_second_draft(home):
    home.write_calendar(PANEL)
    home.cli("run", "--now", NOW)
    first = sorted(str(m["X-Mailflow-Key"]) for m in home.drafts())
    (home.root / "state.db").rename(home.root / "state.db.damaged")
    for extra in home.root.glob("state.db-*"):
        extra.unlink()
    assert home.cli("run", "--now", "2026-11-25T19:00").exit_code == 0
    assert sorted(str(m["X-Mailflow-Key"]) for m in home.drafts()) == first


def test_a_read_only_state_says_so(home):
    import subprocess

    import pytest

    home.write_calendar(PANEL)
    home.cli("scan", "--now", NOW)
    state = home.root / "state.db"
    for extra in home.root.glob("state.db-*"):
        extra.unlink()
    if os.geteuid() == 0:  # root writes read-only files: an immutable one it cannot
        if subprocess.run(["chattr", "+i", str(state)], capture_output=True).returncode:
            pytest.skip("root, on a file system without chattr +i: nothing here is read-only to root")
    else:
        state.chmod(0o400)
        home.root.chmod(0o500)
    try:
        result = home.cli("run", "--now", NOW)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(state)], capture_output=True)
        else:
            home.root.chmod(0o700)
    assert result.exit_code == 2 and "cannot write the state database" in result.output, result.output
    assert "Traceback" not in result.output


def test_the_state_and_the_log_are_readable_by_their_owner_only(home, tmp_path):
    home.write_calendar(PANEL)
    home.cli("run", "--now", NOW)
    assert stat.S_IMODE((home.root / "state.db").stat().st_mode) == 0o600
    logs = list(home.root.glob("**/mailflow.log"))  # this home's own: a neighbour may hold a planted one
    assert logs and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)


def _colliding_uids() -> tuple[str, str]:
    seen: dict[str, str] = {}
    for n in itertools.count():
        uid = f"hourly-{n}@acme.example"
        short = hashlib.sha1(f"{uid}|".encode()).hexdigest()[:6]
        if short in seen:
            return seen[short], uid
        seen[short] = uid


def test_two_interviews_whose_short_ids_collide_get_ids_of_their_own(home):
    first, second = _colliding_uids()
    events = [vevent(uid, f"Acme — interview {i}", f";TZID=America/New_York:2026112{3 + i}T100000",
                     f";TZID=America/New_York:2026112{3 + i}T110000",
                     attendees=(f":mailto:{ME}", f";CN=Person {i}:mailto:p{i}@acme.example"))
              for i, uid in enumerate((first, second))]
    home.write_calendar(*events)
    result = home.cli("run", "--now", "2026-11-26T18:00", "--json")
    assert result.exit_code == 0, result.output
    ids = [i["id"] for i in json.loads(result.output)["interviews"]]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in home.drafts()) == \
        ["p0@acme.example", "p1@acme.example"]
    for interview_id in ids:
        assert home.cli("preview", interview_id, "--now", "2026-11-26T18:00").exit_code == 0


def test_a_bad_record_in_the_state_is_reported_once_with_the_command_that_fixes_it(home):
    import sqlite3

    home.write_calendar(PANEL)
    home.cli("scan", "--now", NOW)
    with sqlite3.connect(home.root / "state.db") as db:  # what an older version could store from `--by`
        db.execute("UPDATE interviewers SET email = 'Sam Lee <sam.lee@acme.example>', named_from = 'user'"
                   " WHERE email = 'raj.patel@acme.example'")
    first = home.cli("run", "--now", NOW)
    assert first.exit_code == 1 and "mailflow fix drop" in first.output
    recipients = sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in home.drafts())
    assert recipients == ["ana.lima@acme.example", "raj.patel@acme.example", "zoe.muller@acme.example"]
    again = home.cli("run", "--quiet", "--now", "2026-11-25T18:30")
    assert again.exit_code == 0 and again.output == ""
    interview = first.output.split("mailflow fix drop ")[1].split()[0]
    assert home.cli("fix", "drop", interview, "Sam Lee <sam.lee@acme.example>").exit_code == 0
    assert home.cli("run", "--now", "2026-11-25T19:00").exit_code == 0


# ---- junk rows, foreign databases, caches of the wrong shape ---------------------------------


def _db(home):
    import sqlite3

    return sqlite3.connect(home.root / "state.db")


def test_a_junk_row_in_the_messages_table_is_named_and_the_run_goes_on(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    with _db(home) as db:
        db.execute("INSERT INTO messages (key, kind, recipient, backend, status, created_at, updated_at) "
                   "VALUES ('junk', 'nonsense', 'x', 'maildir', 'garbage', 'not a date', 'nope')")
    result = home.cli("run", "--json", "--now", "2026-11-25T19:00")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert any("row 'junk' of table messages" in w and "state.db" in w for w in report["warnings"])
    assert home.cli("status", "--now", NOW).exit_code == 0
    assert len(home.drafts()) == 3


def test_a_message_row_with_a_damaged_date_still_stops_a_second_draft(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    with _db(home) as db:
        db.execute("UPDATE messages SET created_at = 'yesterday', drafted_at = '??'")
    assert home.cli("run", "--now", "2026-11-25T19:00").exit_code == 0
    keys = [str(m["X-Mailflow-Key"]) for m in home.drafts()]
    assert len(keys) == 3 and len(set(keys)) == 3


@pytest.mark.parametrize("data", ["{not json", "[1, 2, 3]", '"text"',
                                  '{"version": 2, "salt": 1, "events": [{"uid": 1}], "start": 5, "end": null}'])
def test_a_calendar_cache_that_does_not_parse_or_has_the_wrong_shape_is_rebuilt(home, data):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    with _db(home) as db:
        db.execute("UPDATE sync_state SET data = ? WHERE name LIKE 'calendar:%'", (data,))
    result = home.cli("scan", "--json", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert [e["uid"] for e in json.loads(result.output)["events"] if e["interview"]] == ["panel-1@acme.example"]


def test_a_foreign_database_is_refused_and_left_as_it_was(home):
    home.write_calendar(PANEL)
    with _db(home) as db:
        db.execute("CREATE TABLE photos (id INTEGER, path TEXT)")
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 2 and "not a mailflow state database" in result.output
    assert "Traceback" not in result.output
    with _db(home) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["photos"]
    assert home.drafts() == []


def test_an_interview_row_with_an_unreadable_time_is_left_out_with_a_warning(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    home.write_calendar()  # the calendar no longer holds it: nothing rewrites the row
    with _db(home) as db:
        db.execute("UPDATE interviews SET start = 'yesterday'")
    result = home.cli("run", "--json", "--now", "2026-11-25T19:00")
    assert result.exit_code == 0, result.output
    assert any("has an unreadable time" in w for w in json.loads(result.output)["warnings"])
    assert home.cli("status", "--now", NOW).exit_code == 0


def test_doctor_names_a_junk_row_and_says_whether_the_log_is_safe(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    with _db(home) as db:
        db.execute("UPDATE messages SET drafted_at = 'garbage' WHERE rowid = 1")
    result = home.cli("doctor", "--now", NOW)
    assert "unreadable drafted_at 'garbage'" in result.output and "state.db" in result.output
    assert "mailflow.log (readable by you only)" in result.output
    assert result.exit_code == 1 and "Traceback" not in result.output
