"""A newcomer's first week, each step that once needed a workaround: a typo in ``--by``
answered with "did you mean" instead of a new person, companies found by the names people
use, and a recruiting coordinator kept as the contact instead of thanked."""

from __future__ import annotations

import json

import pytest

from tests.harness.first_week import COORDINATOR, first_week

SOFIA = "sofia.lindqvist@kestrelrobotics.example"


@pytest.fixture
def week(tmp_path):
    home = first_week(tmp_path / "home")
    assert home.cli("run").exit_code == 0
    return home


def _interviewers(home, company: str) -> set[str]:
    listing = json.loads(home.cli("fix", "list", "--json").output)
    (app,) = [a for a in listing["items"] if a["company"] == company]
    return {p["email"] for i in app["interviews"] for p in i["interviewers"]}


@pytest.mark.parametrize("typo", ["sofia.lindqvst@kestrelrobotics.example", "Sofia Lindqvst", "Sofai"])
def test_a_typo_in_by_is_answered_with_did_you_mean_and_records_nothing(week, typo):
    result = week.cli("remark", "kestrel", "--by", typo, "the robots calibrate themselves overnight")

    assert result.exit_code == 2, result.output
    assert f"did you mean Sofia Lindqvist <{SOFIA}>?" in result.output
    assert _interviewers(week, "Kestrel Robotics") == {SOFIA, "marcus.chen@kestrelrobotics.example"}
    assert json.loads(week.cli("fix", "notes", "--json").output)["items"] == []


def test_the_bundled_example_answers_its_own_typo(tmp_path):
    from click.testing import CliRunner

    from mailflow.cli import main
    from tests.harness.calendars import REPO

    config = tmp_path / "config.toml"
    config.write_text((REPO / "config.example.toml").read_text(encoding="utf-8")
                      .replace('"examples/', f'"{REPO}/examples/').replace(f'"{REPO}/examples/drafts"', '"drafts"')
                      .replace(f'"{REPO}/examples/state.db"', '"state.db"'), encoding="utf-8")
    runner = CliRunner()
    env = {"XDG_STATE_HOME": str(tmp_path / "state")}
    assert runner.invoke(main, ["--config", str(config), "run", "--now", "2026-11-25T18:00"], env=env).exit_code == 0
    result = runner.invoke(main, ["--config", str(config), "remark", "acme", "--by", "ana.lina@acme.example",
                                  "we deploy forty times a day", "--now", "2026-11-25T18:00"], env=env)
    assert result.exit_code == 2 and "did you mean Ana Lima <ana.lima@acme.example>?" in result.output


def test_someone_not_on_the_invite_is_added_only_with_new(week):
    refused = week.cli("remark", "kestrel", "--by", "kim.park@kestrelrobotics.example", "we ship weekly")
    assert refused.exit_code == 2 and "--new" in refused.output
    assert "kim.park@kestrelrobotics.example" not in _interviewers(week, "Kestrel Robotics")

    added = week.cli("remark", "kestrel", "--by", "kim.park@kestrelrobotics.example", "--new", "we ship weekly")
    assert added.exit_code == 0, added.output
    assert "kim.park@kestrelrobotics.example" in _interviewers(week, "Kestrel Robotics")


@pytest.mark.parametrize("name, company", [
    ("kestrel", "Kestrel Robotics"), ("KESTREL ROBOTICS", "Kestrel Robotics"), ("brightline", "Brightline"),
    ("northwind", "Northwind Traders"), ("Traders", "Northwind Traders"), ("lumen", "Lumen Health"),
])
def test_a_company_is_found_by_the_names_people_use(week, name, company):
    result = week.cli("preview", name)
    assert result.exit_code == 0, result.output
    assert company in result.output


def test_an_interview_is_found_by_the_start_of_its_short_id(week):
    scan = json.loads(week.cli("scan", "--json").output)
    kestrel = next(e["id"] for e in scan["events"] if e.get("company") == "Kestrel Robotics")
    result = week.cli("remark", kestrel[:4], "--by", "Sofia", "the robots calibrate themselves overnight")
    assert result.exit_code == 0, result.output
    assert "Sofia Lindqvist" in result.output


def test_accept_takes_a_company_word(week):
    result = week.cli("accept", "northwind", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Northwind Traders" in result.output


def test_an_ambiguous_company_lists_the_candidates(week):
    result = week.cli("preview", "north")
    assert result.exit_code == 2
    assert "could be Northstar Bank or Northwind Traders" in result.output


def test_an_unknown_company_says_did_you_mean_and_lists_them_all(week):
    result = week.cli("remark", "kestral", "--by", "Sofia", "x")
    assert result.exit_code == 2
    assert "did you mean Kestrel Robotics?" in result.output
    assert "Brightline, Kestrel Robotics, Lumen Health, Northstar Bank, Northwind Traders" in result.output

    nothing_close = week.cli("accept", "Vandelay")
    assert nothing_close.exit_code == 2 and "did you mean" not in nothing_close.output
    assert "Brightline, Kestrel Robotics" in nothing_close.output


def test_the_coordinator_is_the_contact_and_is_owed_no_thank_you(week):
    report = json.loads(week.cli("run", "--json").output)
    kestrel = next(i for i in report["interviews"] if i["company"] == "Kestrel Robotics")
    assert COORDINATOR not in {p["email"] for p in kestrel["interviewers"]}
    assert COORDINATOR not in {w["interviewer"] for w in report["waiting"]}
    assert COORDINATOR not in week.drafts_by_recipient()
    status = json.loads(week.cli("status", "--json").output)
    contacts = {a["company"]: a["contact"] for a in status["applications"]}
    assert contacts["Kestrel Robotics"] == COORDINATOR
    assert contacts["Lumen Health"] == "ines.duarte@lumenhealth.example"  # "Coordinator: Ines Duarte"
    # the follow-up and the withdrawal go to the coordinator
    withdrawal = json.loads(week.cli("withdraw", "kestrel", "--dry-run", "--json").output)
    assert {d["to"] for d in withdrawal["drafts"]} == {COORDINATOR}
    explained = week.cli("scan", "--explain").output
    assert f"{COORDINATOR} coordinates it (the organizer, only an optional attendee)" in explained


def test_a_recruiter_who_interviews_alone_is_still_thanked(tmp_path):
    from tests.harness.calendars import ME, vevent

    home = first_week(tmp_path / "home")
    home.write_calendar(vevent(
        "screen@first-week.example", "Recruiter screen: Kestrel Robotics", ";TZID=America/New_York:20261203T100000",
        ";TZID=America/New_York:20261203T103000", organizer=f";CN=Dana Whitfield (Recruiting Coordinator):mailto:{COORDINATOR}",
        attendees=(f";CN=Alex Candidate:mailto:{ME}",
                   f";CN=Dana Whitfield (Recruiting Coordinator);ROLE=OPT-PARTICIPANT:mailto:{COORDINATOR}")))
    report = json.loads(home.cli("run", "--json").output)
    assert [p["email"] for p in report["interviews"][0]["interviewers"]] == [COORDINATOR]


def test_fix_drop_and_fix_person_show_at_once_in_run_status_and_preview(week):
    dropped = week.cli("fix", "drop", "northwind", "Lena")
    assert dropped.exit_code == 0, dropped.output
    renamed = week.cli("fix", "person", "tariq", "--name", "Tariq Azizi")
    assert renamed.exit_code == 0, renamed.output

    run = json.loads(week.cli("run", "--json").output)
    northwind = next(i for i in run["interviews"] if i["company"] == "Northwind Traders")
    assert [(p["name"], p["email"]) for p in northwind["interviewers"]] == [
        ("Tariq Azizi", "tariq.aziz@northwindtraders.example")]
    assert "lena.fischer@northwindtraders.example" not in {o["to"] for o in run["overdue"]}
    status = json.loads(week.cli("status", "--json").output)
    (app,) = [a for a in status["applications"] if a["company"] == "Northwind Traders"]
    assert [p["name"] for p in app["interviews"][0]["interviewers"]] == ["Tariq Azizi"]
    preview = week.cli("preview", "northwind").output
    assert "To: Tariq Azizi <tariq.aziz@northwindtraders.example>" in preview and "Lena" not in preview
