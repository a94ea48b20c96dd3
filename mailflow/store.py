"""SQLite state: applications, interviews, notes, messages, sync tokens.

Schema changes are numbered migrations applied in order; ``PRAGMA user_version``
records how far a database has come. Times are stored as ISO 8601 text in UTC.

Exactly-once writing (PRODUCT.md §4): a message is recorded as an ``intent``
*before* the mailbox is touched and confirmed (``draft``) after. A run that
finds an intent asks the mailbox for the key before writing again.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from mailflow.errors import NotFoundError, StateError, UserActionError
from mailflow.model import (
    IN_DRAFTS,
    Application,
    DraftRef,
    Interview,
    Interviewer,
    MailClass,
    MessageRecord,
    MessageState,
    NameSource,
    Proposal,
    ReadMail,
    Remark,
    Snapshot,
    StoredInterview,
    SyncCache,
    short_id,
)
from mailflow.safefiles import check_state_place

log = logging.getLogger("mailflow")

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE applications (
        id INTEGER PRIMARY KEY,
        company TEXT NOT NULL,
        company_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL DEFAULT '',
        domain TEXT NOT NULL DEFAULT '',
        contact_email TEXT NOT NULL DEFAULT '',
        contact_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'active',
        status_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE interviews (
        id TEXT PRIMARY KEY,
        event_key TEXT NOT NULL UNIQUE,
        application_id INTEGER NOT NULL REFERENCES applications(id),
        title TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT '',
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        organizer TEXT NOT NULL DEFAULT '',
        video_url TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'scheduled',
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE interviewers (
        interview_id TEXT NOT NULL REFERENCES interviews(id),
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        named_from TEXT NOT NULL DEFAULT 'invite',
        PRIMARY KEY (interview_id, email)
    );
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        interview_id TEXT NOT NULL REFERENCES interviews(id),
        interviewer TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'remark',
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE debriefs (
        interview_id TEXT PRIMARY KEY REFERENCES interviews(id),
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE messages (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        application_id INTEGER REFERENCES applications(id),
        interview_id TEXT,
        recipient TEXT NOT NULL,
        recipient_name TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        backend TEXT NOT NULL,
        backend_id TEXT NOT NULL DEFAULT '',
        message_id TEXT NOT NULL DEFAULT '',
        thread_id TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        placeholder INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        drafted_at TEXT,
        sent_at TEXT,
        send_at TEXT,
        updated_at TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX messages_by_application ON messages(application_id, kind);
    CREATE TABLE sync_state (
        name TEXT PRIMARY KEY,
        token TEXT,
        data TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
    );
    """,
    # 2: the last real answer from a company (it stops the follow-ups, PRODUCT.md F1)
    """
    ALTER TABLE applications ADD COLUMN replied_at TEXT;
    ALTER TABLE applications ADD COLUMN reply_from TEXT NOT NULL DEFAULT '';
    ALTER TABLE applications ADD COLUMN reply_subject TEXT NOT NULL DEFAULT ''
    """,
    # 3: what mailflow wrote, so the user's edits are recognised and kept; how a remark
    #    becomes a sentence
    """
    ALTER TABLE messages ADD COLUMN version TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN body_digest TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN inputs_digest TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN missing_since TEXT;
    ALTER TABLE messages ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
    ALTER TABLE notes ADD COLUMN form TEXT NOT NULL DEFAULT ''
    """,
    # 4: what a reply in the thread of the company's last message needs (a rejection
    #    reply), and the organizer's name, so a note to the organizer greets them by it
    """
    ALTER TABLE applications ADD COLUMN reply_message_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE interviews ADD COLUMN organizer_name TEXT NOT NULL DEFAULT ''
    """,
    # 5: corrections the user makes: merged applications, people's names and greetings
    """
    ALTER TABLE applications ADD COLUMN merged_into INTEGER REFERENCES applications(id);
    CREATE TABLE people (
        email TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        greeting TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    )
    """,
    # 6: what was read in the inbox (PRODUCT.md I1-I3): each message once, its class,
    #    the phrase that decided it, the date it gives and the application it belongs to
    """
    CREATE TABLE mail (
        message_id TEXT PRIMARY KEY,
        application_id INTEGER REFERENCES applications(id),
        received_at TEXT NOT NULL,
        sender TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '',
        day TEXT,
        proposal TEXT NOT NULL DEFAULT '',
        read_at TEXT NOT NULL
    )
    """,
    # 7: a file the user attaches to what they promised (``remark --kind promised --file``)
    """
    ALTER TABLE notes ADD COLUMN file TEXT NOT NULL DEFAULT ''
    """,
    # 8: the words of what mailflow wrote, fingerprinted (``rules.sent.fingerprint``), so a
    #    sent copy whose subject the user edited is still recognised
    """
    ALTER TABLE messages ADD COLUMN body_print TEXT NOT NULL DEFAULT ''
    """,
    # 9: counters of the writes to the rows a run plans from, kept by triggers, so a run
    #    can tell in one read that nothing it works from was written since the last
    #    (``Store.rows_version``; SQLite's own data_version is per connection): ``rows``
    #    counts every such write, ``interviews`` those to what a sync reads and writes
    #    (applications, interviews, interviewers)
    """
    CREATE TABLE changes (name TEXT PRIMARY KEY, counter INTEGER NOT NULL);
    INSERT INTO changes (name, counter) VALUES ('rows', 0), ('interviews', 0);
    CREATE TRIGGER applications_insert_counted AFTER INSERT ON applications
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER applications_update_counted AFTER UPDATE ON applications
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER applications_delete_counted AFTER DELETE ON applications
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER interviews_insert_counted AFTER INSERT ON interviews
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER interviews_update_counted AFTER UPDATE ON interviews
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER interviews_delete_counted AFTER DELETE ON interviews
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER interviewers_insert_counted AFTER INSERT ON interviewers
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER interviewers_update_counted AFTER UPDATE ON interviewers
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER interviewers_delete_counted AFTER DELETE ON interviewers
        BEGIN UPDATE changes SET counter = counter + 1; END;
    CREATE TRIGGER notes_insert_counted AFTER INSERT ON notes
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER notes_update_counted AFTER UPDATE ON notes
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER notes_delete_counted AFTER DELETE ON notes
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER debriefs_insert_counted AFTER INSERT ON debriefs
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER debriefs_update_counted AFTER UPDATE ON debriefs
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER debriefs_delete_counted AFTER DELETE ON debriefs
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER messages_insert_counted AFTER INSERT ON messages
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER messages_update_counted AFTER UPDATE ON messages
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER messages_delete_counted AFTER DELETE ON messages
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER mail_insert_counted AFTER INSERT ON mail
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER mail_update_counted AFTER UPDATE ON mail
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER mail_delete_counted AFTER DELETE ON mail
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER people_insert_counted AFTER INSERT ON people
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER people_update_counted AFTER UPDATE ON people
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    CREATE TRIGGER people_delete_counted AFTER DELETE ON people
        BEGIN UPDATE changes SET counter = counter + 1 WHERE name = 'rows'; END;
    """,
]


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script: split on ``;``, but a trigger's body,
    which holds ``;`` of its own, stays whole (``sqlite3.complete_statement``)."""
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        yield pending


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class _Lenient:
    """A row whose unreadable dates read as unknown (None), each one noted."""

    def __init__(self, row: sqlite3.Row, noted: list[str]):
        self.row, self.noted = row, noted

    def keys(self):
        return self.row.keys()

    def __getitem__(self, name: str):
        value = self.row[name]
        if isinstance(value, str) and (name.endswith(("_at", "_since")) or name in ("start", "end")):
            try:
                datetime.fromisoformat(value)
            except ValueError:
                self.noted.append(f"{name} {value[:40]!r}")
                return None
        return value


class _Rows:
    """The rows ``Store.recording`` reads in one query per table, on first use."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._applications: dict[int, sqlite3.Row] | None = None
        self._named: dict[str, sqlite3.Row] = {}
        self._interviews: dict[str, sqlite3.Row] | None = None
        self._people: dict[str, dict[str, tuple[str, str]]] | None = None
        self._changed: set[str] = set()  # interviews whose interviewers were written since

    def _load_applications(self) -> dict[int, sqlite3.Row]:
        if self._applications is None:
            self._applications = {}
            for row in self.db.execute("SELECT * FROM applications"):
                self.put_application(row)
        return self._applications

    def application(self, app_id: int) -> sqlite3.Row | None:
        return self._load_applications().get(app_id)

    def application_named(self, key: str) -> sqlite3.Row | None:
        self._load_applications()
        return self._named.get(key)

    def put_application(self, row: sqlite3.Row | None) -> None:
        if row is not None:
            self._load_applications()[row["id"]] = row
            self._named[row["company_key"]] = row

    def interview_of(self, event_key: str) -> sqlite3.Row | None:
        if self._interviews is None:
            self._interviews = {row["event_key"]: row for row in self.db.execute("SELECT * FROM interviews")}
        return self._interviews.get(event_key)

    def put_interview(self, event_key: str, row: sqlite3.Row | None) -> None:
        if self._interviews is not None:
            if row is None:
                self._interviews.pop(event_key, None)
            else:
                self._interviews[event_key] = row

    def interviewers_of(self, interview_id: str) -> dict[str, tuple[str, str]]:
        if self._people is None:
            self._people = {}
            for r in self.db.execute("SELECT interview_id, email, name, named_from FROM interviewers"):
                self._people.setdefault(r["interview_id"], {})[r["email"]] = (r["name"], r["named_from"])
        if interview_id in self._changed:
            self._changed.discard(interview_id)
            self._people[interview_id] = {r["email"]: (r["name"], r["named_from"]) for r in self.db.execute(
                "SELECT email, name, named_from FROM interviewers WHERE interview_id = ?", (interview_id,))}
        return self._people.get(interview_id, {})

    def forget_interviewers(self, interview_id: str) -> None:
        self._changed.add(interview_id)


class Store:
    """The state database. Use as a context manager or call ``close``."""

    def __init__(self, path: Path | None):
        """Open (creating and migrating) the database at ``path``; None keeps it in memory."""
        self.path = path
        #: rows read with a value unknown (``_read``): one line each, for the report
        self.unreadable: list[str] = []
        self._rows: _Rows | None = None  # ``recording``: the rows read in one query each
        if path is not None:
            check_state_place(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path or ":memory:", timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA busy_timeout=30000")
            self._set_wal()
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise state_error(exc, path) from None
        if path is not None:
            _owner_only(path)

    def _set_wal(self) -> None:
        """Write-ahead logging, so a reader never waits for a writer. Switching to it
        takes the database for a moment and answers "locked" at once (no busy wait)
        while another process creates the same new database: try again shortly."""
        deadline = time.monotonic() + 30
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def scratch_copy(self) -> Store:
        """An in-memory copy to run on without changing anything (``--dry-run``)."""
        copy = Store.__new__(Store)
        copy.path = self.path
        copy.unreadable = self.unreadable
        copy._rows = None
        copy.db = sqlite3.connect(":memory:", isolation_level=None)
        self.db.backup(copy.db)
        copy.db.row_factory = sqlite3.Row
        return copy

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ---- schema ------------------------------------------------------------

    def _migrate(self) -> None:
        # BEGIN IMMEDIATE makes two processes opening a new database migrate one after the other
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise UserActionError(
                    f"{self.path}: the state database is from a newer mailflow (schema {version})",
                    hint="upgrade mailflow",
                )
            tables = {r[0] for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
            if version == 0 and tables:
                raise StateError(
                    f"{self.path}: not a mailflow state database (it holds the tables "
                    f"{', '.join(sorted(tables)[:5])}); mailflow writes nothing into it",
                    hint="point [state] path at a file of mailflow's own (or a new one)",
                )
            if version and not {"applications", "interviews", "messages", "sync_state"} <= tables:
                raise StateError(
                    f"{self.path}: the state database is damaged (schema {version} without its tables)",
                    hint=f"move it aside (mv {self.path} {self.path}.damaged) and run again: mailflow looks every "
                         "draft up in your mailbox before writing, so nothing is written twice",
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def rows_version(self, of: str = "rows") -> int:
        """A number that moves on every write to the rows a run plans from (applications,
        interviews, interviewers, notes, debriefs, messages, mail, people), whoever makes
        it: equal numbers mean those rows are as they were (migration 9's triggers). With
        ``of="interviews"``: only writes to the applications, interviews and interviewers."""
        return self.db.execute("SELECT counter FROM changes WHERE name = ?", (of,)).fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def recording(self) -> Iterator[None]:
        """A transaction in which ``application`` and ``save_interview`` read the rows
        they look at from one query per table, made on first use, instead of a query
        per call (a sync records every interview of the window); what they or the other
        writers here change is read back. Rows written by other means within it are not
        seen: the sync writes only through these methods."""
        with self.transaction():
            self._rows = _Rows(self.db)
            try:
                yield
            finally:
                self._rows = None

    # ---- applications ---------------------------------------------------------

    def application(self, company: str, now: datetime, *, role: str = "", domain: str = "",
                    contact: tuple[str, str] = ("", "")) -> Application:
        """The application for ``company``, created if new; blank fields are filled in."""
        key = company.casefold().strip()
        rows = self._rows
        if rows is not None:
            row = rows.application_named(key)
        else:
            row = self.db.execute("SELECT * FROM applications WHERE company_key = ?", (key,)).fetchone()
        seen: set[int] = set()
        while row is not None and row["merged_into"] and row["id"] not in seen:  # a merged name leads on
            seen.add(row["id"])
            if rows is not None:
                row = rows.application(row["merged_into"])
            else:
                row = self.db.execute("SELECT * FROM applications WHERE id = ?", (row["merged_into"],)).fetchone()
        if row is not None:
            key = row["company_key"]
        if row is None:
            self.db.execute(
                "INSERT INTO applications (company, company_key, role, domain, contact_email,"
                " contact_name, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (company, key, role, domain, contact[0], contact[1], _iso(now), _iso(now)),
            )
        elif any(row[name] == "" and value != "" for name, value in (
                ("role", role), ("domain", domain), ("contact_email", contact[0]), ("contact_name", contact[1]))):
            self.db.execute(
                "UPDATE applications SET role = CASE WHEN role = '' THEN ? ELSE role END,"
                " domain = CASE WHEN domain = '' THEN ? ELSE domain END,"
                " contact_email = CASE WHEN contact_email = '' THEN ? ELSE contact_email END,"
                " contact_name = CASE WHEN contact_name = '' THEN ? ELSE contact_name END"
                " WHERE id = ?",
                (role, domain, contact[0], contact[1], row["id"]),
            )
        else:  # nothing blank to fill in: the row read is the row
            return self._read(_application, row, "applications", row["id"])
        row = self.db.execute("SELECT * FROM applications WHERE company_key = ?", (key,)).fetchone()
        if rows is not None:
            rows.put_application(row)
        return self._read(_application, row, "applications", row["id"])

    def applications(self) -> list[Application]:
        """Every application by its company: read as plain rows in the record's field
        order (a run reads them all); a row that does not convert is read again by name,
        leniently."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        found = []
        for row in cursor.execute(f"SELECT {', '.join(_APPLICATION_FIELDS)} FROM applications ORDER BY company_key"):
            try:
                found.append(_application_of(row))
            except (ValueError, TypeError):
                found.append(self.application_by_id(row[0]))
        return found

    def _reread_application(self, app_id: int) -> None:
        if self._rows is not None:
            self._rows.put_application(self.db.execute("SELECT * FROM applications WHERE id = ?",
                                                       (app_id,)).fetchone())

    def application_by_id(self, app_id: int) -> Application:
        return self._read(_application, self.db.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone(),
                          "applications", app_id)

    def find_application(self, company: str) -> Application:
        """The application the user names, as ``rules.lookup`` reads names: its whole
        name, a word or the start of it, any case ("kestrel" for Kestrel Robotics); a
        merged name leads to where it went. Unknown or ambiguous: ``NotFoundError``
        listing the companies."""
        return self.application_by_id(self._application_named(company, self.applications(),
                                                              f"no application for {company!r}"))

    def _application_named(self, query: str, candidates: list[Application], nothing: str) -> int:
        """The id of the application ``query`` names among ``candidates`` (merged ones
        lead on), else ``NotFoundError`` saying which names there are."""
        from mailflow.rules.lookup import choose

        everything = {a.id: a for a in self.applications()}

        def target(app: Application) -> Application:
            seen: set[int] = set()
            while app.merged_into and app.merged_into in everything and app.id not in seen:
                seen.add(app.id)
                app = everything[app.merged_into]
            return app

        found = choose(query, candidates, lambda a: [a.company], lambda a: target(a).company)
        if found.value is not None:
            return target(found.value).id
        known = sorted({target(a).company for a in candidates}, key=str.casefold)
        raise _not_found(nothing, query, found, known)

    def set_application_status(self, app_id: int, status: str, now: datetime, reason: str = "") -> None:
        self.db.execute(
            "UPDATE applications SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
            (status, reason, _iso(now), app_id),
        )
        self._reread_application(app_id)

    def record_reply(self, app_id: int, at: datetime, sender: str, subject: str, message_id: str = "") -> bool:
        """Remember a real reply from the company (``message_id``: its Message-ID, for
        answering in its thread); False when a later one was already known."""
        cursor = self.db.execute(
            "UPDATE applications SET replied_at = ?, reply_from = ?, reply_subject = ?, reply_message_id = ?"
            " WHERE id = ? AND (replied_at IS NULL OR replied_at < ?)",
            (_iso(at), sender, subject, message_id, app_id, _iso(at)),
        )
        return cursor.rowcount > 0

    def set_contact(self, app_id: int, email: str, name: str = "") -> None:
        self.db.execute(
            "UPDATE applications SET contact_email = ?, contact_name = ? WHERE id = ?",
            (email, name, app_id),
        )
        self._reread_application(app_id)

    # ---- interviews -----------------------------------------------------------

    def save_interview(self, interview: Interview, app_id: int, now: datetime) -> tuple[str, str]:
        """Insert or update; returns (``new``, ``moved``, ``changed`` or ``same``; the
        interview's id), the id being longer than proposed when the short one is taken."""
        rows = self._rows
        if rows is not None:
            row = rows.interview_of(interview.event_key)
        else:
            row = self.db.execute("SELECT * FROM interviews WHERE event_key = ?", (interview.event_key,)).fetchone()
        if row is not None and row["id"] != interview.id:
            interview = dataclasses.replace(interview, id=row["id"])
        elif row is None:
            length = len(interview.id)
            while self.db.execute("SELECT 1 FROM interviews WHERE id = ?", (interview.id,)).fetchone():
                length += 2
                interview = dataclasses.replace(interview, id=short_id(interview.event_key, length))
        outcome, interview_id = self._save_interview(interview, row, app_id, now)
        if rows is not None and (row is None or outcome != "same"):
            rows.put_interview(interview.event_key, self.db.execute(
                "SELECT * FROM interviews WHERE event_key = ?", (interview.event_key,)).fetchone())
        return outcome, interview_id

    def _save_interview(self, interview: Interview, row, app_id: int, now: datetime) -> tuple[str, str]:
        values = (
            interview.title, interview.role, _iso(interview.start), _iso(interview.end),
            interview.source, interview.organizer_email, interview.video_url, interview.organizer_name,
        )
        if row is None:
            self.db.execute(
                "INSERT INTO interviews (id, event_key, application_id, title, role, start, end,"
                " source, organizer, video_url, organizer_name, status, first_seen, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (interview.id, interview.event_key, app_id, *values, "scheduled", _iso(now), _iso(now)),
            )
            outcome = "new"
        else:
            old = (row["title"], row["role"], row["start"], row["end"], row["source"], row["organizer"],
                   row["video_url"], row["organizer_name"])
            moved = old[2:4] != values[2:4]
            if row["status"] == "forgotten":  # the user said so: it stays forgotten
                return "same", interview.id
            if old != values or row["status"] != "scheduled" or row["application_id"] != app_id:
                self.db.execute(
                    "UPDATE interviews SET application_id=?, title=?, role=?, start=?, end=?, source=?,"
                    " organizer=?, video_url=?, organizer_name=?, status='scheduled', updated_at=? WHERE id=?",
                    (app_id, *values, _iso(now), row["id"]),
                )
                outcome = "moved" if moved else "changed"
            else:
                outcome = "same"
        # someone taken off the invite (or who declined) is no longer thanked; people the user added stay
        # the user's corrections (people they added or named, people they removed) stay
        current = [p.email for p in interview.interviewers]
        if self._rows is not None:
            kept = self._rows.interviewers_of(interview.id)
        else:
            kept = {r["email"]: (r["name"], r["named_from"]) for r in self.db.execute(
                "SELECT email, name, named_from FROM interviewers WHERE interview_id = ?", (interview.id,))}
        ours = ("user", "dropped")  # the user's word on a person, which the calendar never overrides
        if not any(named_from not in ours and email not in current for email, (_, named_from) in kept.items()) \
                and all(p.email in kept and (kept[p.email][1] in ours or kept[p.email] == (p.name, p.named_from))
                        for p in interview.interviewers):
            return outcome, interview.id  # the statements below would change nothing
        self.db.execute(
            f"DELETE FROM interviewers WHERE interview_id = ? AND named_from NOT IN ('user', 'dropped')"
            f" AND email NOT IN ({','.join('?' * len(current))})",
            (interview.id, *current),
        )
        for person in interview.interviewers:
            self.db.execute(
                "INSERT INTO interviewers (interview_id, email, name, named_from) VALUES (?,?,?,?)"
                " ON CONFLICT(interview_id, email) DO UPDATE SET name = excluded.name,"
                " named_from = excluded.named_from WHERE interviewers.named_from NOT IN ('user', 'dropped')",
                (interview.id, person.email, person.name, person.named_from),
            )
        if self._rows is not None:
            self._rows.forget_interviewers(interview.id)
        return outcome, interview.id

    # ---- corrections the user makes ---------------------------------------------

    def forget_application(self, app_id: int, now: datetime) -> None:
        """Never track or write to this application again (what was written stays)."""
        self.db.execute("UPDATE applications SET status = 'forgotten', updated_at = ? WHERE id = ?",
                        (_iso(now), app_id))
        self.db.execute("UPDATE interviews SET status = 'forgotten', updated_at = ? WHERE application_id = ?",
                        (_iso(now), app_id))

    def forget_interview(self, interview_id: str, now: datetime) -> None:
        self.db.execute("UPDATE interviews SET status = 'forgotten', updated_at = ? WHERE id = ?",
                        (_iso(now), interview_id))

    def merge_applications(self, source: int, target: int, now: datetime) -> None:
        """Fold ``source`` into ``target``: its interviews and messages move, blank
        fields of the target are filled from it, and its name leads to the target."""
        src = self.db.execute("SELECT * FROM applications WHERE id = ?", (source,)).fetchone()
        self.db.execute("UPDATE interviews SET application_id = ? WHERE application_id = ?", (target, source))
        self.db.execute("UPDATE messages SET application_id = ? WHERE application_id = ?", (target, source))
        self.db.execute(
            "UPDATE applications SET role = CASE WHEN role = '' THEN ? ELSE role END,"
            " domain = CASE WHEN domain = '' THEN ? ELSE domain END,"
            " contact_email = CASE WHEN contact_email = '' THEN ? ELSE contact_email END,"
            " contact_name = CASE WHEN contact_name = '' THEN ? ELSE contact_name END,"
            " replied_at = COALESCE(replied_at, ?), updated_at = ? WHERE id = ?",
            (src["role"], src["domain"], src["contact_email"], src["contact_name"], src["replied_at"],
             _iso(now), target),
        )
        self.db.execute("UPDATE applications SET status = 'merged', merged_into = ?, updated_at = ? WHERE id = ?",
                        (target, _iso(now), source))

    def retire_stale(self, now: datetime) -> list[Application]:
        """Active applications with no live interview left and nothing ever written
        (a config change no longer produces them): retired, and returned."""
        rows = self.db.execute(
            "SELECT * FROM applications a WHERE a.status = 'active'"
            " AND a.id NOT IN (SELECT i.application_id FROM interviews i"
            " WHERE i.status = 'scheduled' AND i.application_id IS NOT NULL)"
            " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.application_id = a.id)"
        ).fetchall()
        for row in rows:
            self.db.execute("UPDATE applications SET status = 'retired', updated_at = ? WHERE id = ?",
                            (_iso(now), row["id"]))
            self._reread_application(row["id"])
        return [self._read(_application, r, "applications", r["id"]) for r in rows]

    def reactivate(self, app_id: int, now: datetime) -> None:
        self.db.execute("UPDATE applications SET status = 'active', updated_at = ? WHERE id = ?", (_iso(now), app_id))
        self._reread_application(app_id)

    def set_person(self, email: str, now: datetime, *, name: str = "", greeting: str = "") -> None:
        """How a person is named and greeted, whatever the invites say."""
        self.db.execute(
            "INSERT INTO people (email, name, greeting, updated_at) VALUES (?,?,?,?)"
            " ON CONFLICT(email) DO UPDATE SET name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END,"
            " greeting = CASE WHEN excluded.greeting != '' THEN excluded.greeting ELSE greeting END,"
            " updated_at = excluded.updated_at",
            (email.lower(), name, greeting, _iso(now)),
        )
        if name:
            self.db.execute("UPDATE interviewers SET name = ?, named_from = 'user' WHERE lower(email) = ?"
                            " AND named_from != 'dropped'", (name, email.lower()))

    def people(self) -> dict[str, dict]:
        """email -> {"name", "greeting"} the user set."""
        return {r["email"]: {"name": r["name"], "greeting": r["greeting"]}
                for r in self.db.execute("SELECT * FROM people")}

    def drop_interviewer(self, interview_id: str, email: str) -> bool:
        """Someone wrongly taken from an invite: never thanked for this interview."""
        cursor = self.db.execute(
            "UPDATE interviewers SET named_from = 'dropped' WHERE interview_id = ? AND lower(email) = ?",
            (interview_id, email.lower()),
        )
        return cursor.rowcount > 0

    def note(self, note_id: int) -> Remark | None:
        row = self.db.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            return None
        return Remark(row["interview_id"], row["interviewer"], row["text"], row["kind"], _dt(row["created_at"]),
                      form=row["form"], id=row["id"])

    def edit_note(self, note_id: int, text: str) -> None:
        self.db.execute("UPDATE notes SET text = ? WHERE id = ?", (text, note_id))

    def delete_note(self, note_id: int) -> None:
        self.db.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    def add_interviewer(self, interview_id: str, person: Interviewer) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO interviewers (interview_id, email, name, named_from) VALUES (?,?,?,?)",
            (interview_id, person.email, person.name, NameSource.USER),
        )

    def cancel_interview(self, event_key: str, now: datetime) -> str | None:
        """Mark the interview of ``event_key`` cancelled; returns its id if it was live."""
        row = self.db.execute(
            "SELECT id FROM interviews WHERE event_key = ? AND status = 'scheduled'", (event_key,)
        ).fetchone()
        if row is None:
            return None
        self.db.execute(
            "UPDATE interviews SET status = 'cancelled', updated_at = ? WHERE id = ?", (_iso(now), row["id"])
        )
        if self._rows is not None:
            self._rows.put_interview(event_key, self.db.execute(
                "SELECT * FROM interviews WHERE event_key = ?", (event_key,)).fetchone())
        return row["id"]

    def live_event_keys(self) -> set[str]:
        """The event keys of the interviews still scheduled: those ``cancel_interview`` can cancel."""
        return {r[0] for r in self.db.execute("SELECT event_key FROM interviews WHERE status = 'scheduled'")}

    def interviews_between(self, source: str, start: datetime, end: datetime) -> list[tuple[str, str]]:
        """(id, event_key) of live interviews from ``source`` starting in the window."""
        rows = self.db.execute(
            "SELECT id, event_key FROM interviews WHERE source = ? AND status = 'scheduled'"
            " AND start >= ? AND start < ?",
            (source, _iso(start), _iso(end)),
        ).fetchall()
        return [(r["id"], r["event_key"]) for r in rows]

    def interviewers_by_interview(self) -> dict[str, tuple[Interviewer, ...]]:
        """The interviewers of every interview ``interviews`` reads (those the user dropped
        left out), by interview id, without building the interviews."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        found: dict[str, tuple[Interviewer, ...]] = {}
        for iid, start, end in cursor.execute("SELECT id, start, end FROM interviews"):
            try:
                _dt(start), _dt(end)
            except (ValueError, TypeError):
                continue  # ``interviews`` leaves it out
            found[iid] = ()
        people: dict[str, list[Interviewer]] = {}
        sources: dict[str, NameSource] = {}
        for interview_id, email, name, named_from in cursor.execute(
                "SELECT interview_id, email, name, named_from FROM interviewers WHERE named_from != 'dropped'"
                " ORDER BY rowid"):
            source = sources.get(named_from)
            if source is None:
                source = sources[named_from] = _name_source(named_from)
            people.setdefault(interview_id, []).append(Interviewer(email, name, source))
        for iid, listed in people.items():
            if iid in found:
                found[iid] = tuple(listed)
        return found

    def interviews(self) -> list[StoredInterview]:
        """Every interview, by start, with its interviewers (those the user dropped left
        out); one whose times do not read is left out and said once. Read as plain rows:
        a run reads them all."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        rows = cursor.execute(
            "SELECT i.id, i.event_key, a.company, i.role, i.title, i.start, i.end, i.source, i.organizer,"
            " i.organizer_name, a.domain, i.video_url, i.status, i.application_id, i.first_seen"
            " FROM interviews i JOIN applications a ON a.id = i.application_id ORDER BY i.start"
        ).fetchall()
        people: dict[str, list[Interviewer]] = {}
        sources: dict[str, NameSource] = {}
        for interview_id, email, name, named_from in cursor.execute(
                "SELECT interview_id, email, name, named_from FROM interviewers WHERE named_from != 'dropped'"
                " ORDER BY rowid"):
            source = sources.get(named_from)
            if source is None:
                source = sources[named_from] = _name_source(named_from)
            people.setdefault(interview_id, []).append(Interviewer(email, name, source))
        found = []
        for (iid, event_key, company, role, title, start, end, source, organizer, organizer_name, domain,
             video_url, status, application_id, first_seen) in rows:
            try:
                start, end, first_seen = _dt(start), _dt(end), _dt(first_seen)
            except (ValueError, TypeError):
                problem = (f"{self.path}: interview {iid!r} has an unreadable time; it is left out of this run "
                           "(the calendar puts it back when it still holds it)")
                if problem not in self.unreadable:
                    self.unreadable.append(problem)
                    log.warning("%s", problem)
                continue
            found.append(StoredInterview(
                interview=Interview(
                    id=iid, event_key=event_key, company=company, role=role, title=title, start=start, end=end,
                    interviewers=tuple(people.get(iid, ())), source=source, organizer_email=organizer,
                    organizer_name=organizer_name, domain=domain, video_url=video_url,
                    cancelled=status != "scheduled",
                ),
                application_id=application_id,
                status=status,
                first_seen=first_seen,
            ))
        return found

    def resolve_interview(self, ref: str, now: datetime | None = None) -> StoredInterview:
        """An interview by short id (or its first four or more characters), or a
        company as people name it (see ``find_application``) meaning its latest
        interview (the latest that has started by ``now``, else the next one)."""
        everything = self.interviews()
        wanted = ref.strip().lower()
        by_id = [s for s in everything if s.id == wanted]
        if not by_id and len(wanted) >= 4 and re.fullmatch(r"[0-9a-f]+", wanted):
            by_id = [s for s in everything if s.id.startswith(wanted)]
        if len(by_id) == 1:
            return by_id[0]
        if by_id:
            raise NotFoundError(
                f"{ref!r} is the start of several interview ids: {', '.join(s.id for s in by_id)}",
                hint="type more of the id, as `mailflow status` prints it",
            )
        with_interviews = {s.application_id for s in everything if s.status != "forgotten"}
        candidates = [a for a in self.applications() if a.id in with_interviews or a.merged_into in with_interviews]
        if not candidates:
            raise NotFoundError(
                f"no interview {ref!r}: none is recorded yet",
                hint="run `mailflow run` or `mailflow scan` first: they record the interviews in your calendar",
            )
        app_id = self._application_named(ref, candidates, f"no interview or company {ref!r}")
        by_company = [s for s in everything if s.application_id == app_id]
        live = [s for s in by_company if s.status == "scheduled"] or [s for s in by_company
                                                                      if s.status != "forgotten"]
        started = [s for s in live if now is None or s.interview.start <= now]
        if started:
            return max(started, key=lambda s: s.interview.start)
        if live:
            return min(live, key=lambda s: s.interview.start)
        raise NotFoundError(
            f"no interview {ref!r}",
            hint="use a short id or company name from `mailflow status` (run `mailflow run` or `mailflow scan` first)",
        )

    def latest_started(self, now: datetime) -> StoredInterview:
        """The live interview that started last by ``now``: what "the interview"
        means when a command is given none. Raises ``NotFoundError``."""
        started = [s for s in self.interviews() if s.status == "scheduled" and s.interview.start <= now]
        if not started:
            raise NotFoundError(
                "no interview has started yet",
                hint="name one: a short id or company name from `mailflow status`",
            )
        return max(started, key=lambda s: s.interview.start)

    # ---- notes and debriefs ----------------------------------------------------

    def add_note(self, note: Remark, now: datetime) -> int:
        """Store a note; returns its id."""
        cursor = self.db.execute(
            "INSERT INTO notes (interview_id, interviewer, kind, text, created_at, form, file) VALUES (?,?,?,?,?,?,?)",
            (note.interview_id, note.interviewer, note.kind, note.text, _iso(note.created_at or now), note.form,
             note.file),
        )
        return int(cursor.lastrowid or 0)

    def replace_notes(self, interview_id: str, notes: list[Remark], now: datetime) -> None:
        self.db.execute("DELETE FROM notes WHERE interview_id = ?", (interview_id,))
        for note in notes:
            self.add_note(note, now)

    def notes(self) -> dict[str, list[Remark]]:
        result: dict[str, list[Remark]] = {}
        for r in self.db.execute("SELECT * FROM notes ORDER BY id"):
            result.setdefault(r["interview_id"], []).append(
                Remark(r["interview_id"], r["interviewer"], r["text"], r["kind"], _dt(r["created_at"]),
                       form=r["form"], id=r["id"], file=r["file"])
            )
        return result

    def save_debrief(self, interview_id: str, data: dict, now: datetime) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO debriefs (interview_id, data, updated_at) VALUES (?,?,?)",
            (interview_id, json.dumps(data), _iso(now)),
        )

    def debriefs(self) -> dict[str, dict]:
        return {r["interview_id"]: json.loads(r["data"]) for r in self.db.execute("SELECT * FROM debriefs")}

    # ---- messages ---------------------------------------------------------------

    def message(self, key: str) -> MessageRecord | None:
        row = self.db.execute("SELECT * FROM messages WHERE key = ?", (key,)).fetchone()
        if not row:
            return None
        record = self._read(_message, row, "messages", row["key"])
        seen = self._drafts_seen()
        if seen is not None:
            _seen_at(record, *seen)
        return record

    def messages(self) -> dict[str, MessageRecord]:
        """Every message, oldest first: read as plain rows in the record's field order (a
        run reads thousands); a row that does not convert is read again by name, leniently."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        found = {}
        for row in cursor.execute(f"SELECT {', '.join(_MESSAGE_FIELDS)} FROM messages ORDER BY created_at"):
            try:
                found[row[0]] = _message_of(row)
            except (ValueError, TypeError):
                found[row[0]] = self.message(row[0])
        seen = self._drafts_seen()
        if seen is not None:
            for record in found.values():
                _seen_at(record, *seen)
        return found

    def drafts_seen(self, backend: str, now: datetime) -> None:
        """Every draft recorded in ``backend``'s drafts folder was found there as recorded
        at ``now`` (the folder was listed as it was). One small row says so, instead of
        writing each draft's row: a draft's ``updated_at`` (when it was last seen, which
        the deletion grace counts from) reads as at least ``now`` from then on. A full
        read writes the rows again (``confirm_unchanged``)."""
        self.db.execute(
            "INSERT OR REPLACE INTO sync_state (name, token, data, updated_at) VALUES (?,?,?,?)",
            (DRAFTS_SEEN, _iso(now), json.dumps({"backend": backend}), _iso(now)),
        )

    def _drafts_seen(self) -> tuple[str, datetime] | None:
        row = self.db.execute("SELECT token, data FROM sync_state WHERE name = ?", (DRAFTS_SEEN,)).fetchone()
        if row is None:
            return None
        try:
            backend, at = json.loads(row[1])["backend"], datetime.fromisoformat(row[0])
        except (ValueError, TypeError, KeyError, RecursionError):
            return None  # unreadable: the rows' own times stand
        return (backend, at) if isinstance(backend, str) and at.tzinfo is not None else None

    def _read(self, convert, row: sqlite3.Row, table: str, key: object):
        """``convert(row)``; a row with an unreadable date is read with that date
        unknown, and said once (``unreadable``): a junk row never stops a run, and a
        message's row still stops the message being written twice."""
        try:
            return convert(row)
        except (ValueError, TypeError):
            noted: list[str] = []
            value = convert(_Lenient(row, noted))
            problem = (f"{self.path}: row {key!r} of table {table} has an unreadable {', '.join(noted) or 'value'}; "
                       "read as unknown (fix the row, or run `mailflow doctor`)")
            if problem not in self.unreadable:
                self.unreadable.append(problem)
                log.warning("%s", problem)
            return value

    def record_intent(self, m: MessageRecord, now: datetime) -> None:
        """Say, durably, that this message is about to be written."""
        self.db.execute(
            "INSERT INTO messages (key, kind, application_id, interview_id, recipient, recipient_name,"
            " subject, backend, message_id, thread_id, status, placeholder, created_at, send_at, updated_at,"
            " body_digest, inputs_digest, body_print)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,'intent',?,?,?,?,?,?,?)"
            " ON CONFLICT(key) DO UPDATE SET status='intent', subject=excluded.subject,"
            " recipient=excluded.recipient, recipient_name=excluded.recipient_name,"
            " message_id=excluded.message_id, placeholder=excluded.placeholder, send_at=excluded.send_at,"
            " updated_at=excluded.updated_at, body_digest=excluded.body_digest,"
            " inputs_digest=excluded.inputs_digest, body_print=excluded.body_print, edited=0,"
            " missing_since=NULL",
            (m.key, m.kind, m.application_id, m.interview_id, m.recipient, m.recipient_name, m.subject,
             m.backend, m.message_id, m.thread_id, int(m.placeholder), _iso(now), _iso(m.send_at), _iso(now),
             m.body_digest, m.inputs_digest, m.body_print),
        )

    def confirm(self, key: str, status: MessageState, now: datetime, *, ref: DraftRef | None = None,
                sent_at: datetime | None = None, evidence: str = "", edited: bool | None = None,
                subject: str = "") -> None:
        """Record what the mailbox reported for a message: its state, and where it
        is now (``ref``; blank ids in it keep the stored ones); ``subject`` is the
        subject its sent copy went out with (the user may have edited it), so a
        follow-up replies under it."""
        ref = ref or DraftRef("", "")
        backend_id, message_id, thread_id, version = ref.backend_id, ref.message_id, ref.thread_id, ref.version
        self.db.execute(
            "UPDATE messages SET status = ?, updated_at = ?,"
            " backend_id = CASE WHEN ? != '' THEN ? ELSE backend_id END,"
            " message_id = CASE WHEN ? != '' THEN ? ELSE message_id END,"
            " thread_id = CASE WHEN ? != '' THEN ? ELSE thread_id END,"
            " version = CASE WHEN ? != '' THEN ? ELSE version END,"
            " drafted_at = COALESCE(drafted_at, CASE WHEN ? IN ('draft','scheduled','sent') THEN ? END),"
            " sent_at = COALESCE(?, sent_at),"
            " evidence = CASE WHEN ? != '' THEN ? ELSE evidence END,"
            " edited = COALESCE(?, edited),"
            " missing_since = CASE WHEN ? = 'deleted' THEN missing_since END,"
            " subject = CASE WHEN ? != '' THEN ? ELSE subject END"
            " WHERE key = ?",
            (status, _iso(now), backend_id, backend_id, message_id, message_id, thread_id, thread_id,
             version, version, status, _iso(now), _iso(sent_at), evidence, evidence,
             None if edited is None else int(edited), status, subject, subject, key),
        )

    def confirm_unchanged(self, keys: list[str], now: datetime) -> None:
        """``confirm`` of each of ``keys`` in its stored state with nothing else new (the
        mailbox found it where it was), in one transaction: seen at ``now``, no longer
        missing."""
        if not keys:
            return
        with self.transaction():
            self.db.executemany(
                "UPDATE messages SET updated_at = ?,"
                " drafted_at = COALESCE(drafted_at, CASE WHEN status IN ('draft','scheduled','sent') THEN ? END),"
                " missing_since = CASE WHEN status = 'deleted' THEN missing_since END"
                " WHERE key = ?",
                [(at, at, key) for at in (_iso(now),) for key in keys],
            )

    def has_written(self, backend: str) -> bool:
        """Whether this state remembers writing anything to ``backend`` (a state
        that does not, maybe a lost one, looks each key up before writing)."""
        row = self.db.execute("SELECT 1 FROM messages WHERE backend = ? AND status != 'intent' LIMIT 1",
                              (backend,)).fetchone()
        return row is not None

    def set_inputs_digest(self, key: str, digest: str) -> None:
        self.db.execute("UPDATE messages SET inputs_digest = ? WHERE key = ?", (digest, key))

    def mark_missing(self, key: str, now: datetime) -> datetime:
        """The mailbox found the message gone with no sent copy: remember since when
        (the first time only) and return that moment."""
        self.db.execute("UPDATE messages SET missing_since = COALESCE(missing_since, ?) WHERE key = ?",
                        (_iso(now), key))
        row = self.db.execute("SELECT missing_since FROM messages WHERE key = ?", (key,)).fetchone()
        return _dt(row["missing_since"]) if row and row["missing_since"] else now

    # ---- sync state ---------------------------------------------------------------

    def sync_cache(self, name: str, *, lazy: bool = False) -> SyncCache:
        """The cache of source ``name``; one that does not read as a JSON object (or
        whose token is not text) is dropped: the source is read afresh and rebuilds it.
        ``lazy``: its data is read and decoded when first looked at (a big cache a run may not need)."""
        if lazy:
            row = self.db.execute("SELECT token FROM sync_state WHERE name = ?", (name,)).fetchone()
            if row is None:
                return SyncCache()
            if row["token"] is None or isinstance(row["token"], str):
                return _LazyCache(row["token"], lambda: self.db.execute(
                    "SELECT data FROM sync_state WHERE name = ?", (name,)).fetchone()[0],
                    f"{self.path}: the cache of {name}")
        row = self.db.execute("SELECT * FROM sync_state WHERE name = ?", (name,)).fetchone()
        if row is None:
            return SyncCache()
        try:
            data = json.loads(row["data"])
        except (ValueError, TypeError, RecursionError):
            data = None
        token = row["token"]
        if not isinstance(data, dict) or not (token is None or isinstance(token, str)):
            log.warning("%s: the cache of %s was unreadable; it is rebuilt from the source", self.path, name)
            return SyncCache(changed=True)
        return SyncCache(token=token, data=data)

    def save_sync_cache(self, name: str, cache: SyncCache, now: datetime) -> None:
        if not cache.changed:
            return
        self.db.execute(
            "INSERT OR REPLACE INTO sync_state (name, token, data, updated_at) VALUES (?,?,?,?)",
            (name, cache.token, json.dumps(cache.data), _iso(now)),
        )
        cache.changed = False

    # ---- mail read -------------------------------------------------------------------

    def read_mail(self) -> list[ReadMail]:
        """Every message read in the inbox, oldest first."""
        rows = self.db.execute("SELECT * FROM mail ORDER BY received_at, message_id").fetchall()
        return [ReadMail(
            message_id=r["message_id"], received_at=datetime.fromisoformat(r["received_at"]), sender=r["sender"],
            subject=r["subject"], kind=MailClass(r["kind"]), evidence=r["evidence"],
            day=date.fromisoformat(r["day"]) if r["day"] else None, application_id=r["application_id"],
            proposal=Proposal(r["proposal"]), read_at=datetime.fromisoformat(r["read_at"]),
        ) for r in rows]

    def knows_mail(self, message_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM mail WHERE message_id = ?", (message_id,)).fetchone() is not None

    def save_mail(self, mail: ReadMail) -> None:
        """Remember a message read (once: a message already read keeps what was decided)."""
        self.db.execute(
            "INSERT OR IGNORE INTO mail (message_id, application_id, received_at, sender, subject, kind, evidence,"
            " day, proposal, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (mail.message_id, mail.application_id, _iso(mail.received_at), mail.sender, mail.subject,
             str(mail.kind), mail.evidence, mail.day.isoformat() if mail.day else None, str(mail.proposal),
             _iso(mail.read_at or mail.received_at)),
        )

    # ---- everything ------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        mail: dict[int, list[ReadMail]] = {}
        for m in self.read_mail():
            if m.application_id is not None:
                mail.setdefault(m.application_id, []).append(m)
        return Snapshot(
            applications={a.id: a for a in self.applications()},
            interviews=self.interviews(),
            notes=self.notes(),
            messages=self.messages(),
            debriefs=self.debriefs(),
            mail=mail,
        )


class _LazyCache(SyncCache):
    """A ``SyncCache`` whose JSON is read (``read``, from the store while it is open) and
    decoded when its ``data`` is first looked at; data that does not read as a JSON object
    is dropped then, as ``Store.sync_cache`` drops it."""

    def __init__(self, token: str | None, read: Callable[[], Any], what: str):
        super().__init__(token=token)
        del self.data  # looked up through ``__getattr__`` until decoded
        self._read, self._what = read, what

    def __getattr__(self, name: str):
        if name != "data" or "_read" not in self.__dict__:
            raise AttributeError(name)
        text = self.__dict__.pop("_read")()
        try:
            data = json.loads(text)
        except (ValueError, TypeError, RecursionError):
            data = None
        if not isinstance(data, dict):
            log.warning("%s was unreadable; it is rebuilt from the source", self._what)
            data, self.token, self.changed = {}, None, True
        self.data = data
        return data


#: the sync-state entry that says when every draft in the drafts folder was last found as recorded
DRAFTS_SEEN = "watch:drafts-seen"


def _seen_at(record: MessageRecord | None, backend: str, at: datetime) -> None:
    """A draft in ``backend``'s drafts folder was last seen no earlier than ``at``
    (``Store.drafts_seen``)."""
    if (record is not None and record.status in IN_DRAFTS and record.backend == backend and record.backend_id
            and record.updated_at is not None and record.updated_at.tzinfo is not None and record.updated_at < at):
        record.updated_at = at


def _not_found(nothing: str, query: str, found, known: list[str]) -> NotFoundError:
    """The error for a company name that means no one application: several
    (``found.matches``) or none (``nothing`` says so; ``found.close`` holds the names it
    may be a typo of), listing the companies there are."""
    if found.ambiguous:
        return NotFoundError(f"{query!r} could be {_either(found.matches)}",
                             hint=f"type more of the name: {', '.join(found.matches)}")
    guess = f": did you mean {_either(found.close)}?" if found.close else ""
    return NotFoundError(f"{nothing}{guess}", hint=f"your companies: {', '.join(known) or 'none yet'}")


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def state_error(exc: sqlite3.Error, path: Path | None) -> StateError:
    """What to tell the user about a state database that failed with ``exc``."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StateError(
            f"{path}: the state database is damaged ({exc})",
            hint=f"move it aside (mv {path} {path}.damaged) and run again: mailflow looks every draft up in "
                 "your mailbox before writing, so nothing is written twice; your remarks and debriefs stay "
                 "in the old file",
        )
    if "readonly" in text or "read-only" in text or "permission" in text or "unable to open" in text:
        return StateError(f"{path}: cannot write the state database ({exc})",
                          hint="make the file and its folder writable by you, or point [state] path elsewhere")
    if "full" in text:
        return StateError(f"{path}: the disk holding the state database is full ({exc})",
                          hint="free some space and run again; nothing was lost")
    return StateError(f"{path}: the state database failed: {exc}", hint="run again; if it persists, see the log")


def _owner_only(path: Path) -> None:
    """Names, addresses and remarks are nobody else's business."""
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if name.exists() and name.stat().st_mode & 0o077:
                os.chmod(name, 0o600)
        except OSError:
            pass


def _name_source(value: str) -> NameSource:
    """A stored ``named_from``; a value this version does not know reads as the invite's."""
    try:
        return NameSource(value)
    except ValueError:
        return NameSource.INVITE


def _application(row: sqlite3.Row) -> Application:
    return Application(
        id=row["id"], company=row["company"], role=row["role"], domain=row["domain"],
        contact_email=row["contact_email"], contact_name=row["contact_name"],
        status=row["status"], status_reason=row["status_reason"], updated_at=_dt(row["updated_at"]),
        replied_at=_dt(row["replied_at"]), reply_from=row["reply_from"], reply_subject=row["reply_subject"],
        merged_into=row["merged_into"],
        reply_message_id=row["reply_message_id"],
    )


#: the columns of ``applications`` in ``Application``'s field order (each field is a column)
_APPLICATION_FIELDS = tuple(f.name for f in dataclasses.fields(Application))
_APPLICATION_TIMES = tuple(i for i, name in enumerate(_APPLICATION_FIELDS) if name.endswith("_at"))


def _application_of(row: tuple) -> Application:
    """``_application`` of a plain row of ``_APPLICATION_FIELDS``."""
    values = list(row)
    for i in _APPLICATION_TIMES:
        if values[i]:
            values[i] = datetime.fromisoformat(values[i])
    return Application(*values)


#: the columns of ``messages`` in ``MessageRecord``'s field order (each field is a column)
_MESSAGE_FIELDS = tuple(f.name for f in dataclasses.fields(MessageRecord))
_MESSAGE_TIMES = tuple(i for i, name in enumerate(_MESSAGE_FIELDS) if name.endswith(("_at", "_since")))
_MESSAGE_FLAGS = tuple(i for i, name in enumerate(_MESSAGE_FIELDS) if name in ("placeholder", "edited"))


def _message_of(row: tuple) -> MessageRecord:
    """``_message`` of a plain row of ``_MESSAGE_FIELDS``."""
    values = list(row)
    for i in _MESSAGE_TIMES:
        if values[i]:
            values[i] = datetime.fromisoformat(values[i])
    for i in _MESSAGE_FLAGS:
        values[i] = bool(values[i])
    return MessageRecord(*values)


def _message(row: sqlite3.Row) -> MessageRecord:
    return MessageRecord(
        key=row["key"], kind=row["kind"], recipient=row["recipient"], backend=row["backend"],
        status=row["status"], application_id=row["application_id"], interview_id=row["interview_id"],
        recipient_name=row["recipient_name"], subject=row["subject"], backend_id=row["backend_id"],
        message_id=row["message_id"], thread_id=row["thread_id"], placeholder=bool(row["placeholder"]),
        created_at=_dt(row["created_at"]), drafted_at=_dt(row["drafted_at"]), sent_at=_dt(row["sent_at"]),
        send_at=_dt(row["send_at"]), updated_at=_dt(row["updated_at"]), detail=row["detail"],
        version=row["version"], body_digest=row["body_digest"], inputs_digest=row["inputs_digest"],
        edited=bool(row["edited"]), missing_since=_dt(row["missing_since"]), evidence=row["evidence"],
        body_print=row["body_print"],
    )
