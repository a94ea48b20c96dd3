"""A cron run that finds nothing new takes the last plan instead of planning again
(``engine.kept``), and plans again as soon as anything the plan is made from
changes: a row of the state, the configuration, the clock reaching a due time."""

from __future__ import annotations

import os

import pytest

from tests.harness.calendars import FINAL_ROUND, PANEL
from tests.harness.home import MY_NAME, PROFILE, run
from tests.harness.mail_clients import maildir_setup

NOW = "2026-11-25T18:00"  # New York time; the panel ended 26.5 h earlier: its notes are overdue


@pytest.fixture
def counted(monkeypatch):
    """How often the rules plan, and how often the drafts' rows are gone over to tell
    whether they are as recorded."""
    from mailflow.engine import run as engine_run
    from mailflow.engine import watch

    calls = {"plan": 0, "asked": 0}
    real_plan, real_asked = engine_run.plan, watch._asked

    def plan(*args, **kwargs):
        calls["plan"] += 1
        return real_plan(*args, **kwargs)

    def asked(*args, **kwargs):
        calls["asked"] += 1
        return real_asked(*args, **kwargs)

    monkeypatch.setattr(engine_run, "plan", plan)
    monkeypatch.setattr(watch, "_asked", asked)
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
    assert counted == {"plan": 2, "asked": 1}  # the first finds the rows as asked; the second need not look
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
    from tests.harness.calendars import SCREEN

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
