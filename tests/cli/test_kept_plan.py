"""A cron run that finds nothing new takes the last sync and the last plan instead of
doing them again (``engine.sync``'s kept sync, ``engine.kept``), and does them again
as soon as anything they are made from changes: the calendar file or the events in
the window, a row of the state, the configuration, the clock reaching a due time."""

from __future__ import annotations

import os

import pytest

from tests.harness.calendars import FINAL_ROUND, ME, PANEL, SCREEN, onsite_panel, vevent
from tests.harness.home import MY_NAME, PROFILE, run
from tests.harness.mail_clients import maildir_setup

NOW = "2026-11-25T18:00"  # New York time; the panel ended 26.5 h earlier: its notes are overdue


@pytest.fixture
def counted(monkeypatch):
    """How often the rules plan, and how often the drafts' rows are gone over to tell
    whether they are as recorded."""
    from mailflow.engine import run as engine_run
    from mailflow.engine import watch

    from mailflow.engine.verdicts import Verdicts

    calls = {"plan": 0, "asked": 0, "detect": 0}
    real_plan, real_asked, real_detect = engine_run.plan, watch._asked, Verdicts.detect

    def detect(self, *args, **kwargs):
        calls["detect"] += 1
        return real_detect(self, *args, **kwargs)

    def plan(*args, **kwargs):
        calls["plan"] += 1
        return real_plan(*args, **kwargs)

    def asked(*args, **kwargs):
        calls["asked"] += 1
        return real_asked(*args, **kwargs)

    monkeypatch.setattr(engine_run, "plan", plan)
    monkeypatch.setattr(watch, "_asked", asked)
    monkeypatch.setattr(Verdicts, "detect", detect)
    return calls


def settle(home) -> None:
    """The drafts folder as cron finds it a while after the last write (a listing taken
    right after a write is not trusted)."""
    for path in [*home.drafts_path.glob("*/*"), home.drafts_path / "cur", home.drafts_path / "new"]:
        past = path.stat().st_mtime_ns - 3600 * 10**9
        os.utime(path, ns=(past, past))


def shown(report: dict) -> dict:
    """What a run shows of its plan, the overdue notes' hours aside (they follow the clock)."""
    return {"drafts": report["drafts"], "waiting": report["waiting"], "skipped": report["skipped"],
            "overdue": [{k: v for k, v in o.items() if k != "hours"} for o in report["overdue"]]}


def test_a_run_with_nothing_new_shows_the_last_plan_without_planning_or_reading_the_drafts_rows(home, counted):
    home.write_calendar(PANEL)
    assert len(run(home, NOW)["drafts"]) == 3
    settle(home)
    planned = run(home, "2026-11-25T18:05")  # reads the drafts written: a change, so it plans
    assert counted["plan"] == 2
    counted["asked"] = 0
    kept = run(home, "2026-11-25T18:35")
    again = run(home, "2026-11-25T19:05")
    # the first finds the rows as asked; the second need not look
    assert (counted["plan"], counted["asked"]) == (2, 1)
    assert len(planned["overdue"]) == 3
    assert shown(kept) == shown(again) == shown(planned)
    assert [o["hours"] for o in again["overdue"]] == [round(o["hours"] + 1, 1) for o in planned["overdue"]]
    assert kept["updates"] == again["updates"] == []


def test_a_remark_makes_the_next_run_plan_and_rewrite_the_draft(home, counted):
    home.write_calendar(PANEL)
    run(home, NOW)
    settle(home)
    run(home, "2026-11-25T18:05")
    run(home, "2026-11-25T18:10")
    assert counted["plan"] == 2
    iv = home.interview_id(now=NOW)
    assert home.cli("remark", iv, "--by", "Ana Lima", "the migration plan is sound", "--now", NOW).exit_code == 0
    after = run(home, "2026-11-25T18:20")
    assert counted["plan"] == 3
    assert [d["to"] for d in after["drafts"] if d["written"]] == ["ana.lima@acme.example"]


def test_a_change_of_the_configuration_outside_the_policy_plans_again(home, counted):
    """The profile's signature shapes every draft: the unedited drafts are written again
    with it, though no row of the state changed."""
    home.write_calendar(PANEL)
    run(home, NOW)
    settle(home)
    run(home, "2026-11-25T18:05")
    run(home, "2026-11-25T18:10")
    assert counted["plan"] == 2
    home.write_config(profile=PROFILE.replace(f'signature = "{MY_NAME}"', 'signature = "Kim Sato, kim.sato.example"'))
    after = run(home, "2026-11-25T18:20")
    assert counted["plan"] == 3
    assert len([d for d in after["drafts"] if d["written"]]) == 3
    assert all("kim.sato.example" in d.get_payload(decode=True).decode() for d in home.drafts("thank_you"))


def test_a_change_of_the_policy_plans_again(home, counted):
    home.write_calendar(PANEL)
    run(home, NOW)
    settle(home)
    run(home, "2026-11-25T18:05")
    assert len(run(home, "2026-11-25T18:10")["overdue"]) == 3
    home.write_config("[policy.thank_you]\noverdue_hours = 48\n")
    assert run(home, "2026-11-25T18:20")["overdue"] == []
    assert counted["plan"] == 3


def test_a_follow_up_falls_due_with_nothing_else_changed(home, counted):
    mail = maildir_setup(home, FINAL_ROUND)
    after = "2026-11-03T18:00"
    iv = home.interview_id(now=after)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", after)
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", after)
    run(home, after)
    mail.send("thank_you", "ana.lima@acme.example", "2026-11-04T09:00")
    mail.send("thank_you", "raj.patel@acme.example", "2026-11-04T09:05")
    run(home, "2026-11-04T18:00")  # finds them sent
    assert run(home, "2026-11-10T20:00")["drafts"] == []
    planned = counted["plan"]
    assert run(home, "2026-11-10T23:59")["drafts"] == []
    assert counted["plan"] == planned  # nothing changed: the last plan stands until midnight
    due = run(home, "2026-11-11T07:00")["drafts"]
    assert counted["plan"] == planned + 1
    assert [(d["kind"], d["to"], d["written"]) for d in due] == [("follow_up", "sam.lee@acme.example", True)]


def test_a_placeholder_note_falls_due_at_its_deadline_within_the_day(home, counted):
    """The kept plan holds only until the rules' next moment: here the deadline for a
    remark, 20 hours after the interview, in the middle of a day."""
    home.write_calendar(SCREEN)  # Wed 25 Nov, 10:00-10:30: the deadline is Thu 06:30
    assert run(home, "2026-11-25T12:00")["waiting"]
    waiting = run(home, "2026-11-26T06:00")
    planned = counted["plan"]
    assert run(home, "2026-11-26T06:29")["waiting"] == waiting["waiting"]
    assert counted["plan"] == planned
    (draft,) = run(home, "2026-11-26T06:31")["drafts"]
    assert draft["placeholder"] and draft["written"]
    assert counted["plan"] == planned + 1


def test_an_earlier_clock_plans_again(home, counted):
    """A replay with ``--now`` before the kept plan was made does not take it."""
    home.write_calendar(PANEL)
    run(home, NOW)
    settle(home)
    run(home, "2026-11-25T18:05")
    run(home, "2026-11-25T18:10")
    assert counted["plan"] == 2
    run(home, "2026-11-25T18:01")
    assert counted["plan"] == 3


def test_a_run_with_the_calendar_as_it_was_does_not_read_it_again_and_shows_the_same(home, counted):
    home.write_calendar(PANEL, vevent("lunch-1@example", "Lunch", ":20261125T170000Z", ":20261125T180000Z"),
                        SCREEN)
    first = run(home, NOW)
    settle(home)
    run(home, "2026-11-25T18:05")
    detected = counted["detect"]
    again = run(home, "2026-11-25T18:10")
    assert counted["detect"] == detected  # the calendar is not read, nothing is detected
    assert [i["id"] for i in again["interviews"]] == [i["id"] for i in first["interviews"]]
    assert again["interviews"] == run(home, "2026-11-25T18:05")["interviews"]
    assert again["sources"] == first["sources"] and again["warnings"] == first["warnings"]


def test_the_calendar_is_read_again_when_its_file_changes(home, counted):
    home.write_calendar(PANEL)
    run(home, NOW)
    settle(home)
    run(home, "2026-11-25T18:05")
    detected = counted["detect"]
    home.write_calendar(onsite_panel("20261124").replace("T140000", "T150000").replace("T153000", "T163000"))
    moved = run(home, "2026-11-25T18:10")
    assert counted["detect"] == detected + 1
    assert "moved" in {u["change"] for u in moved["updates"]}
    assert moved["interviews"][0]["start"].startswith("2026-11-24T15:00")


def test_a_sync_builds_each_source_and_reads_its_cache_once_and_keeps_a_key_the_next_run_takes(
        home, counted, monkeypatch):
    """The answer key asked before the sync, the fetch and the key kept after it share one
    source and one read of its cache (the fetch's cache, as it was saved): the sync after the
    change finds nothing new and keeps its key, and the next run takes the kept sync."""
    from mailflow import registry
    from mailflow.store import Store

    home.write_calendar(PANEL)
    run(home, NOW)
    settle(home)
    run(home, "2026-11-25T18:05")
    reads, built = [], []
    read, build = Store.sync_cache, registry.open_source

    def reading(self, name, **kwargs):
        reads.append(name) if name.startswith("calendar:") else None
        return read(self, name, **kwargs)

    def building(*args, **kwargs):
        built.append(args[0].label)
        return build(*args, **kwargs)

    monkeypatch.setattr(Store, "sync_cache", reading)
    monkeypatch.setattr(registry, "open_source", building)
    detected = counted["detect"]
    home.write_calendar(onsite_panel("20261124").replace("T140000", "T150000").replace("T153000", "T163000"))

    moved = run(home, "2026-11-25T18:10")

    assert counted["detect"] == detected + 1 and "moved" in {u["change"] for u in moved["updates"]}
    assert len(reads) == 1 and len(built) == 1
    for when, detections in (("2026-11-25T18:15", detected + 2), ("2026-11-25T18:20", detected + 2)):
        reads.clear(), built.clear()
        assert run(home, when)["interviews"] == moved["interviews"]
        assert counted["detect"] == detections  # synced once more, finding nothing new; then the kept sync
        assert len(reads) == 1 and len(built) == 1


def test_an_event_entering_the_window_as_the_clock_moves_is_read(home, counted):
    """Nothing changes but the clock: an interview 30 days ahead comes into the window
    (``lookahead_days``) and is shown by the first run after it does."""
    home.write_calendar(PANEL, vevent("later-1@globex.example", "Interview: Globex", ":20261226T010000Z",
                                      ":20261226T020000Z",
                                      organizer=";CN=Maria Garcia:mailto:maria.garcia@globex.example",
                                      attendees=(f";PARTSTAT=ACCEPTED:mailto:{ME}",)))
    run(home, NOW)
    settle(home)
    before = run(home, "2026-11-25T18:05")
    assert [i["company"] for i in before["interviews"]] == ["Acme"]
    after = run(home, "2026-11-25T20:30")  # now + 30 days passes the event's start
    assert [i["company"] for i in after["interviews"]] == ["Acme", "Globex"]
