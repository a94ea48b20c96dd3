"""``mailflow debrief`` (PRODUCT.md D1): the form in $EDITOR, driven by a scripted
editor, and what it feeds into the thank-you notes."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mailflow.commands.debrief import FormError, parse_form, render_form, with_error
from mailflow.model import Interview, Interviewer, Remark
from tests.harness.home import EDITOR, Home
from tests.harness.job_search import by_kind, job_search

#: right after the Acme panel (14:00-15:30 on Tuesday): the latest interview that started
AFTER_ACME = "2026-03-10T16:00:00-04:00"
ANA = 'email = "ana.lima@acme.example"  # Ana Lima\nremarks = []'
ZOE = 'email = "zoe.muller@acme.example"  # Zoë Müller\nremarks = []'


@pytest.fixture
def world(tmp_path) -> Home:
    w = job_search(tmp_path)
    result = w.cli("run", now=AFTER_ACME)
    assert result.exit_code == 0, result.output
    return w


def debrief(world: Home, steps: list[dict], *args: str):
    """``mailflow debrief ARGS`` with the scripted editor following ``steps``;
    returns the result and the texts the editor was opened on."""
    plan = world.root / "plan.json"
    plan.write_text(json.dumps(steps), encoding="utf-8")
    log = world.root / "editor-log"
    for old in log.glob("*.toml") if log.exists() else ():
        old.unlink()
    result = world.cli("debrief", *args, now=AFTER_ACME,
                       env={"EDITOR": EDITOR, "SCRIPTED_EDITOR_PLAN": str(plan)})
    opened = sorted(log.glob("*.toml"), key=lambda p: int(p.stem)) if log.exists() else []
    return result, [p.read_text(encoding="utf-8") for p in opened]


def apply(text: str, replacements: list[list[str]]) -> str:
    for old, new in replacements:
        text = text.replace(old, new, 1)
    return text


FILLED = [
    ["how_it_went = '''\n'''", "how_it_went = '''\nGood energy; the design round ran long.\n'''"],
    ["went_well = []", 'went_well = ["the incident review story"]'],
    ["to_improve = []", 'to_improve = ["the caching question"]'],
    ['amplify = ""', 'amplify = "the caching question: a write-through cache would also cut the cold-start time."'],
    ["unexpected_questions = []", 'unexpected_questions = ["How would you sunset an API?"]'],
    ["examples_used = []", 'examples_used = ["the billing migration"]'],
    ["examples_to_stress = []", 'examples_to_stress = ["mentoring two new engineers"]'],
    ["strengths = []", 'strengths = ["experience running on-call rotations"]'],
    [ANA, ANA.replace("remarks = []", 'remarks = ["We page the on-call engineer only for customer-facing alerts"]')
     + '\ntimeline = "by Friday"'],
    ['timeline = ""\npromised = []\nlinks = []',
     'promised = ["the postmortem template"]\nlinks = ["https://portfolio.example/postmortems"]'],
    [ZOE, ZOE.replace("remarks = []", 'remarks = ["Our platform team is three people"]')],
]
#: the same, with one quote missing
BROKEN = [*FILLED[:5], ["examples_used = []", 'examples_used = ["the billing migration]']]


def test_debrief_with_a_malformed_edit_is_reopened_and_then_feeds_the_thank_you_notes(world):
    steps = [
        {"replace": BROKEN},
        {"replace": [['"the billing migration]', '"the billing migration"]'], *FILLED[6:]]},
    ]

    result, opened = debrief(world, steps)  # no INTERVIEW: the one that just ended

    assert result.exit_code == 0, result.output
    assert "debrief saved for" in result.output and "(Acme)" in result.output
    assert len(opened) == 2
    first, second = opened
    assert first.startswith("# Debrief: Acme - Onsite panel interview (Acme)")
    # the error is on top, the text is the one the user saved, nothing lost
    header = second.split("\n")[:2]
    assert header[0].startswith("# ERROR: line ") and header[1].startswith("# ERROR: ")
    assert "\n".join(second.split("\n")[2:]) == apply(first, BROKEN)
    assert "a text in quotes is not closed on this line" in header[0]
    line = int(header[0].split("line ")[1].split(":")[0])
    assert second.split("\n")[line - 1] == 'examples_used = ["the billing migration]'

    with world.store() as store:
        (interview_id, saved), = store.debriefs().items()
        notes = store.notes()[interview_id]
    assert saved["went_well"] == ["the incident review story"]
    assert saved["how_it_went"] == "Good energy; the design round ran long."
    assert saved["unexpected_questions"] == ["How would you sunset an API?"]
    assert saved["examples_used"] == ["the billing migration"]
    assert saved["examples_to_stress"] == ["mentoring two new engineers"]
    assert {(n.interviewer, n.kind, n.text) for n in notes} == {
        ("ana.lima@acme.example", "remark", "We page the on-call engineer only for customer-facing alerts"),
        ("ana.lima@acme.example", "timeline", "by Friday"),
        ("ana.lima@acme.example", "promised", "the postmortem template"),
        ("ana.lima@acme.example", "link", "https://portfolio.example/postmortems"),
        ("zoe.muller@acme.example", "remark", "Our platform team is three people"),
    }

    run = world.cli("run", now="2026-03-10T16:05:00-04:00")

    assert run.exit_code == 0, run.output
    notes = {m["To"].addresses[0].addr_spec: m.get_content() for m in by_kind(world.drafts_in(), "thank_you")}
    ana = notes["ana.lima@acme.example"]
    # their words, unquoted in the debrief: their point, said to them
    assert "point that you page the on-call engineer only for customer-facing alerts" in ana
    assert "experience running on-call rotations" in ana
    # the debrief's amplify goes to one note of the panel, as one sentence that ends properly
    assert "the caching question" in ana and "a write-through cache would also cut the cold-start time." in ana
    assert "caching question" not in notes["zoe.muller@acme.example"]
    assert "https://portfolio.example/postmortems" in ana and "the postmortem template" in ana
    assert "point that your platform team is three people" in notes["zoe.muller@acme.example"]
    assert "https://portfolio.example" not in notes["zoe.muller@acme.example"]


def test_the_form_shows_what_is_recorded_and_other_notes_are_kept(world):
    assert world.cli("remark", "Acme", "--by", "Ana Lima", "Alerts page only for customers",
                     now=AFTER_ACME).exit_code == 0
    assert world.cli("remark", "Acme", "--by", "Ana Lima", "--kind", "availability", "any day next week",
                     now=AFTER_ACME).exit_code == 0
    with world.store() as store:
        (before,) = [n for n in store.notes()[next(iter(store.notes()))] if n.kind == "remark"]

    result, (form,) = debrief(world, [{"replace": [FILLED[1]]}], "Acme")

    assert result.exit_code == 0, result.output
    assert 'remarks = ["Alerts page only for customers"]' in form
    with world.store() as store:
        notes = next(iter(store.notes().values()))
    assert {(n.kind, n.text) for n in notes} == {("remark", "Alerts page only for customers"),
                                               ("availability", "any day next week")}
    (after,) = [n for n in notes if n.kind == "remark"]
    assert after.created_at == before.created_at  # unchanged text keeps its time

    result, (again,) = debrief(world, [{"quit": True}], "Acme")

    assert 'went_well = ["the incident review story"]' in again
    assert "not saved" in result.output


def test_quitting_while_fixing_keeps_the_text_for_next_time(world):
    typo = [[ANA, ANA.replace("ana.lima@", "anna.lima@").replace("remarks = []", 'remarks = ["Keep this"]')]]

    result, opened = debrief(world, [{"replace": typo}, {"quit": True}], "Acme")

    assert result.exit_code == 0
    assert "anna.lima@acme.example is not an interviewer of this interview" in opened[1].split("\n")[0]
    assert "not saved" in result.output and "kept in" in result.output
    with world.store() as store:
        assert store.debriefs() == {} and store.notes() == {}

    fix = [["anna.lima@", "ana.lima@"]]
    result, opened = debrief(world, [{"replace": fix}], "Acme")

    assert result.exit_code == 0, result.output
    assert 'remarks = ["Keep this"]' in opened[0]
    with world.store() as store:
        assert [n.text for n in next(iter(store.notes().values()))] == ["Keep this"]
    assert not list(world.root.glob("debrief-*.toml"))


def test_quitting_without_saving_saves_nothing(world):
    result, opened = debrief(world, [{"quit": True}])

    assert result.exit_code == 0
    assert len(opened) == 1 and "not saved" in result.output and "kept in" not in result.output
    with world.store() as store:
        assert store.debriefs() == {}


def test_no_interview_yet(tmp_path):
    world = job_search(tmp_path)
    assert world.cli("scan", now="2026-03-01T09:00:00-05:00").exit_code == 0

    result = world.cli("debrief", now="2026-03-01T09:00:00-05:00")

    assert result.exit_code == 2 and "no interview has started yet" in result.output


# --------------------------------------------------------------------------- the form itself


INTERVIEW = Interview(
    id="abc123", event_key="k|", company="Acme", role="Engineer", title="Acme - Onsite",
    start=datetime.fromisoformat("2026-03-10T14:00:00-04:00"),
    end=datetime.fromisoformat("2026-03-10T15:00:00-04:00"),
    interviewers=(Interviewer("ana@acme.example", 'Ana "AL" Lima'),),
)


def form(notes=(), debrief=None) -> str:
    return render_form(INTERVIEW, list(notes), debrief, ZoneInfo("America/New_York"))


def test_form_round_trip_keeps_quotes_backslashes_and_line_breaks():
    text = form(
        [Remark("abc123", "ana@acme.example", 'She said "ship it" \\o/', "remark")],
        {"how_it_went": "Line one\nC:\\path and 'quotes'", "strengths": ["a", "b"]},
    )

    parsed = parse_form(text, INTERVIEW)

    assert parsed.debrief.how_it_went == "Line one\nC:\\path and 'quotes'"
    assert parsed.debrief.strengths == ["a", "b"]
    assert parsed.people[0].remarks == ['She said "ship it" \\o/']


@pytest.mark.parametrize(("edit", "message", "key"), [
    (("went_well = []", 'went_well = ["the design question]'), "a text in quotes is not closed", "went_well"),
    (("went_well = []", 'went_well = ["the design question"'), "this list is not closed with ]", "went_well"),
    (("went_well = []", "went_wel = []"), "unknown field 'went_wel'", "went_wel"),
    (("amplify = \"\"", "amplify = [\"x\"]"), "amplify must be text in quotes", "amplify"),
    (("strengths = []", "strengths = [1, 2]"), "strengths must be a list of texts", "strengths"),
    (("remarks = []", "remark = []"), "unknown field 'remark' for ana@acme.example", "remark ="),
    (('email = "ana@acme.example"', 'email = ""'), "has no email line", "[[interviewer]]"),
    (("promised = []", 'promised = ["a"]\n\n[[interviewer]]\nemail = "ana@acme.example"'),
     "two [[interviewer]] blocks", 'email = "ana@acme.example"'),
])
def test_form_errors_say_what_and_where(edit, message, key):
    text = form().replace(*edit, 1)

    with pytest.raises(FormError, match=message.replace("[", r"\[").replace("]", r"\]")) as caught:
        parse_form(text, INTERVIEW)

    shown = with_error(text, caught.value).split("\n")
    line = int(shown[0].split("line ")[1].split(":")[0])
    assert key in shown[line - 1]


def test_a_single_text_where_a_list_goes_is_a_list_of_one():
    parsed = parse_form(form().replace("went_well = []", 'went_well = "the design question"'), INTERVIEW)

    assert parsed.debrief.went_well == ["the design question"]


def test_an_old_error_is_replaced_not_stacked():
    broken = form().replace("went_well = []", "went_well = [")
    with pytest.raises(FormError) as first:
        parse_form(broken, INTERVIEW)
    once = with_error(broken, first.value)
    with pytest.raises(FormError) as second:
        parse_form(once, INTERVIEW)

    twice = with_error(once, second.value)

    assert twice == once
    assert sum(line.startswith("# ERROR:") for line in twice.split("\n")) == 2
