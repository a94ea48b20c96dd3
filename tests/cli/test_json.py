"""Every command speaks JSON: ``--json`` on each one prints one document (docs/json.md)
that parses and carries the command's exit code, its errors included."""

from __future__ import annotations

import json
import re

import click
import pytest

from mailflow import reports, reports_other
from mailflow.cli import main
from tests.harness.calendars import REPO
from tests.harness.first_week import first_week
from tests.harness.home import EDITOR

DOCS = REPO / "docs" / "json.md"


def _commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> dict[str, click.Command]:
    found = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update(_commands(command, (*prefix, name)))
        else:
            found[" ".join((*prefix, name))] = command
    return found


#: each command with arguments that make it report something in the first week's home
#: ({draft}: a thank-you draft's file; {tmp}: a folder of the test's own)
ARGS = {
    "run": [], "scan": ["--explain"], "preview": ["kestrel"], "redraft": ["brightline", "--yes"], "doctor": [],
    "remark": ["kestrel", "--by", "Sofia", "the robots calibrate themselves overnight"],
    "mark-sent": ["northstar"], "status": [], "proofread": ["{draft}"],
    "fix list": [], "fix notes": [], "fix note": ["1", "--text", "they ship weekly"],
    "fix forget": ["lumen"], "fix merge": ["Northstar Bank", "Northwind Traders"],
    "fix person": ["tariq", "--name", "Tariq Azizi"], "fix drop": ["northwind", "Lena"],
    "auth": ["imap"], "init": ["--path", "{tmp}/config.toml", "--email", "alex@candidate.example"],
    "cron-line": [], "accept": ["northwind", "--dry-run"], "withdraw": ["brightline", "--dry-run"],
    "rejected": ["lumen", "--dry-run"], "offer": ["kestrel", "--dry-run"], "inbox": [], "debrief": ["kestrel"], "linkedin": ["kestrel"],
}


def test_every_command_takes_json_and_is_exercised_here():
    commands = _commands()
    assert sorted(name for name, c in commands.items() if not any("--json" in p.opts for p in c.params)) == []
    assert sorted(commands) == sorted(ARGS), "a command without an entry in ARGS is not run with --json below"


@pytest.mark.parametrize("name", sorted(ARGS))
def test_a_command_given_json_prints_one_document_with_its_exit_code(tmp_path, name):
    home = first_week(tmp_path / "home")
    assert home.cli("run").exit_code == 0
    assert home.cli("remark", "kestrel", "--by", "Marcus", "we pair on every controls change").exit_code == 0
    draft = next((home.drafts_path / "cur").iterdir(), None) or next((home.drafts_path / "new").iterdir())
    args = [a.format(draft=draft, tmp=tmp_path) for a in ARGS[name]]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps([{"quit": True}]))
    if name in ("auth", "init", "cron-line"):  # they take no --now: they do not read the clock
        home.now = None
    result = home.cli(*name.split(), *args, "--json", env={"EDITOR": EDITOR, "SCRIPTED_EDITOR_PLAN": str(plan)})

    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert data["exit_code"] == result.exit_code, result.output
    assert result.exit_code in (0, 1, 2)


@pytest.mark.parametrize("args", [["status"], ["remark", "acme", "--by", "Ana", "x"], ["fix", "list"]])
def test_an_error_given_json_is_json_too(tmp_path, args):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), *args, "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == data["exit_code"] == 2
    assert "no such config file" in data["error"] and "mailflow init" in data["hint"]


def _report_types() -> list[type]:
    return sorted({t for module in (reports, reports_other) for t in vars(module).values()
                   if isinstance(t, type) and issubclass(t, reports.Report) and t is not reports.WriteLog},
                  key=lambda t: t.__name__)


@pytest.mark.parametrize("report", _report_types(), ids=lambda t: t.__name__)
def test_each_report_has_its_schema_documented_field_by_field(report):
    sections = dict(re.findall(r"^## `(\w+)`.*?\n(.*?)(?=^## |\Z)", DOCS.read_text(encoding="utf-8"), re.M | re.S))
    assert report.__name__ in sections, f"docs/json.md has no section ## `{report.__name__}`"
    import dataclasses

    text = sections[report.__name__] + sections.get("Report", "")
    missing = [f.name for f in dataclasses.fields(report) if f"`{f.name}`" not in text]
    assert missing == [], f"{report.__name__}: fields not in docs/json.md: {missing}"


def test_the_docs_name_only_reports_that_exist():
    named = set(re.findall(r"^## `(\w+)`", DOCS.read_text(encoding="utf-8"), re.M))
    assert named - {t.__name__ for t in _report_types()} - {"Report"} == set()
