"""The calendar examples of the hostile-input issue, through `mailflow run` as cron runs it:
each odd line sits next to the Acme panel, whose three notes must be drafted."""

from __future__ import annotations

import json

import pytest

from tests.harness.calendars import PANEL, SCREEN, vcalendar

NOW = "2026-11-25T18:00"


def _panel_with(extra: str) -> str:
    return PANEL.replace("DESCRIPTION:", extra + "\nDESCRIPTION:")


CASES = {
    "an event with two UID lines": vcalendar(PANEL, SCREEN.replace(
        "UID:screen-1@globex.example", "UID:screen-1@globex.example\nUID:screen-1@globex.example")).encode(),
    "a far UNTIL with DTEND": vcalendar(_panel_with("RRULE:FREQ=WEEKLY;UNTIL=99991231T235959Z"), SCREEN).encode(),
    "a far UNTIL with DURATION": vcalendar(
        _panel_with("RRULE:FREQ=WEEKLY;UNTIL=99991231T235959Z").replace(
            "DTEND;TZID=America/New_York:20261124T153000\n", "DURATION:PT1H30M\n"), SCREEN).encode(),
    "BEGIN:VEVENT with a trailing space": vcalendar(PANEL, SCREEN).encode().replace(
        b"BEGIN:VEVENT\r\n", b"BEGIN:VEVENT \r\n"),
    "LF-CR line ends": vcalendar(PANEL, SCREEN).encode().replace(b"\r\n", b"\n\r"),
    "CR-CR-LF line ends": vcalendar(PANEL, SCREEN).encode().replace(b"\r\n", b"\r\r\n"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_odd_line_costs_no_note_and_no_traceback(home, case):
    home.calendar.write_bytes(CASES[case])
    result = home.cli("run", "--json", "--now", NOW)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["problems"] == []
    assert sorted(d["to"] for d in report["drafts"] if d.get("written", True)) == [
        "ana.lima@acme.example", "raj.patel@acme.example", "zoe.muller@acme.example"]


def test_two_uid_lines_leave_the_log_small_run_after_run(home):
    home.calendar.write_bytes(CASES["an event with two UID lines"])
    for hour in (18, 19, 20):
        assert home.cli("run", "--now", f"2026-11-25T{hour}:00").exit_code == 0
    log = home.xdg / "xdg_state_home" / "mailflow" / "mailflow.log"
    assert log.stat().st_size < 20_000
    assert "RecursionError" not in log.read_text()


def test_a_file_whose_events_cannot_be_read_fails_instead_of_reading_as_empty(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    home.calendar.write_bytes(home.calendar.read_bytes().replace(b"BEGIN:VEVENT", b"BEGIN :VEVENT"))
    result = home.cli("run", "--json", "--now", "2026-11-25T19:00")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert any("no event could be read" in p["message"] for p in report["problems"])
    # the calendar did not answer: its interview is not taken for cancelled
    assert report["updates"] == []
