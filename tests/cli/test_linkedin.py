"""``mailflow linkedin`` (PRODUCT.md L1): one note per interviewer, at most 300
characters, when ``policy.linkedin`` allows it."""

from __future__ import annotations

import pytest

from mailflow.commands.linkedin import LIMIT
from tests.harness.home import Home
from tests.harness.job_search import job_search

LONG_REMARK = (
    "Our platform team rebuilt the deployment pipeline twice in two years, and the second time we "
    "wrote every decision down first, which is why the on-call load halved and nobody dreads Fridays "
    "anymore; we would want the next engineer to keep that habit of writing decisions down before "
    "building anything, even when the deadline is close and everyone is tired"
)


def world_with(tmp_path, policy: str = "", extra: str = "") -> Home:
    world = job_search(tmp_path, policy=policy, extra=extra)
    assert world.cli("run").exit_code == 0
    for who, text in (("Ana Lima", "We page the on-call engineer only for customer-facing alerts"),
                      ("Zoë Müller", "Our platform team is three people")):
        assert world.cli("remark", "Acme", "--by", who, text).exit_code == 0
    return world


def notes_in(output: str) -> dict[str, str]:
    """``Name <address> (N characters):`` followed by the note, per interviewer."""
    found = {}
    for block in output.strip().split("\n\n"):
        head, _, text = block.partition("\n")
        found[head.split(" <")[0]] = text
    return found


def test_after_process_waits_until_the_application_is_no_longer_active(tmp_path):
    world = world_with(tmp_path)

    held = world.cli("linkedin", "Acme")

    assert held.exit_code == 0
    assert "the process with Acme is still active" in held.output and "Hi " not in held.output

    assert world.cli("accept", "Acme").exit_code == 0
    result = world.cli("linkedin", "Acme")

    assert result.exit_code == 0, result.output
    notes = notes_in(result.output)
    assert set(notes) == {"Ana Lima", "Zoë Müller"}
    assert notes["Ana Lima"].startswith("Hi Ana, ")
    assert '"We page the on-call engineer only for customer-facing alerts"' in notes["Ana Lima"]
    assert notes["Zoë Müller"].startswith("Hi Zoë, ") and "three people" in notes["Zoë Müller"]
    assert all(0 < len(n) <= LIMIT and "Acme" in n for n in notes.values())
    assert f"({len(notes['Ana Lima'])} characters)" in result.output


def test_after_interview_allows_notes_while_the_process_is_active_but_not_before_it_ends(tmp_path):
    world = world_with(tmp_path, policy='linkedin = "after-interview"')

    result = world.cli("linkedin", "Globex")

    assert result.exit_code == 0
    assert notes_in(result.output)["María García"].startswith("Hi María, thank you for the conversation about Globex")

    early = world.cli("linkedin", "Globex", now="2026-03-11T10:15:00-04:00")

    assert "the interview is not over yet" in early.output and "Hi " not in early.output


def test_never_prints_no_notes(tmp_path):
    world = world_with(tmp_path, policy='linkedin = "never"')
    assert world.cli("withdraw", "Acme").exit_code == 0

    result = world.cli("linkedin", "Acme")

    assert result.exit_code == 0
    assert 'policy.linkedin is "never"' in result.output and "Hi " not in result.output


def test_without_an_interview_named_it_is_the_latest_one(tmp_path):
    world = world_with(tmp_path, policy='linkedin = "after-interview"')

    result = world.cli("linkedin")

    assert set(notes_in(result.output)) == {"Priya Nair"}  # Hooli, this morning


TEMPLATE_WITHOUT_TRUNCATE = (
    "Hi {{ interviewer.first_name }}, thank you for the conversation about {{ company }}"
    '{% if remark %}; you said "{{ remark }}"{% endif %}. I would be glad to stay in touch. {{ me.first_name }}\n'
)


@pytest.fixture
def own_templates(tmp_path):
    folder = tmp_path / "my-templates"
    folder.mkdir()
    return folder


def test_a_long_remark_is_shortened_at_a_word_and_the_names_are_kept(tmp_path, own_templates):
    (own_templates / "linkedin_note.txt").write_text(TEMPLATE_WITHOUT_TRUNCATE, encoding="utf-8")
    world = world_with(tmp_path, policy='linkedin = "after-interview"', extra='[templates]\npath = "my-templates"')
    assert world.cli("remark", "Acme", "--by", "Ana Lima", LONG_REMARK).exit_code == 0

    result = world.cli("linkedin", "Acme")

    assert result.exit_code == 0, result.output
    ana = notes_in(result.output)["Ana Lima"]
    assert len(ana) <= LIMIT and len(ana) > LIMIT - 20  # shortened, not emptied
    assert ana.startswith("Hi Ana, thank you for the conversation about Acme")
    assert ana.endswith("I would be glad to stay in touch. Alex")
    quoted = ana.split('you said "')[1].split('"')[0]
    assert quoted.endswith("...") and LONG_REMARK.startswith(quoted[:-3].rstrip())
    assert LONG_REMARK.split()[len(quoted[:-3].split()) - 1] == quoted[:-3].split()[-1]  # a whole word
    assert "remark shortened" in result.output
    assert "remark shortened" not in result.output.split("\n\n")[1]  # Zoë's fits as it is


def test_a_template_too_long_without_the_remark_is_an_error_not_a_cut_name(tmp_path, own_templates):
    (own_templates / "linkedin_note.txt").write_text(
        "Hi {{ interviewer.first_name }}, " + "thank you very much indeed, " * 12 + "{{ me.first_name }}\n",
        encoding="utf-8",
    )
    world = world_with(tmp_path, policy='linkedin = "after-interview"', extra='[templates]\npath = "my-templates"')

    result = world.cli("linkedin", "Acme")

    assert result.exit_code == 1
    assert "even without a remark" in result.output and "linkedin_note.txt" in result.output
    assert "Ana Lima <ana.lima@acme.example>: no note" in result.output
    assert not [line for line in result.output.splitlines() if line.startswith("Hi ")]


def test_a_remark_naming_another_company_is_held_back(tmp_path):
    world = world_with(tmp_path, policy='linkedin = "after-interview"')
    assert world.cli("remark", "Acme", "--by", "Zoë Müller", "We hire a lot of people from Globex").exit_code == 0

    result = world.cli("linkedin", "Acme")

    assert result.exit_code == 1
    assert "Globex" in result.output and "other-company" in result.output
    printed = [line for line in result.output.splitlines() if line.startswith("Hi ")]
    assert len(printed) == 1 and printed[0].startswith("Hi Ana")
