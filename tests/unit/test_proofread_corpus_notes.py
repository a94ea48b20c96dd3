"""The proofreading corpus (bench/corpus) keeps its shape: every note has an expected
verdict, there are enough faulty and clean notes, every fault type is present several
times, and every note is addressed to someone on the corpus's calendar, by the name
on the invite. How well the proofreader does on it is the bench's business
(bench/bench_proofread_corpus.py), not asserted here."""

from __future__ import annotations

import email.utils
import importlib.util
import sys
from collections import Counter

import icalendar
import pytest

from tests.harness.calendars import REPO

BENCH = REPO / "bench" / "bench_proofread_corpus.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_proofread_corpus", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def corpus():
    return bench.load_corpus()


def test_every_note_follows_the_format(corpus):
    assert corpus.problems == []


def test_there_are_at_least_60_faulty_and_40_clean_notes(corpus):
    assert len(corpus.faulty) >= 60
    assert len(corpus.clean) >= 40


def test_every_fault_type_is_present_in_at_least_three_notes(corpus):
    counts = Counter(f for note in corpus.notes for f in note.expect)
    assert {f.id: counts[f.id] for f in corpus.faults if counts[f.id] < 3} == {}


def test_every_kind_has_clean_and_faulty_notes(corpus):
    for kind in bench.KINDS:
        notes = [n for n in corpus.notes if n.kind == kind]
        assert any(n.clean for n in notes), kind
        assert any(not n.clean for n in notes), kind


def test_fault_types_are_listed_once(corpus):
    ids = [f.id for f in corpus.faults]
    assert len(ids) == len(set(ids))


def test_every_note_is_addressed_to_someone_on_the_calendar_by_the_name_on_the_invite(corpus):
    calendar = icalendar.Calendar.from_ical((bench.CORPUS / "pipeline.ics").read_bytes())
    invited = {}
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE") or []
        if not isinstance(attendees, list):  # a single attendee is not wrapped in a list
            attendees = [attendees]
        for person in [event.get("ORGANIZER"), *attendees]:
            if person is not None and "CN" in person.params:
                invited[str(person).removeprefix("mailto:").lower()] = person.params["CN"]
    wrong = {}
    for note in corpus.notes:
        name, address = email.utils.parseaddr(note.to)
        if invited.get(address.lower()) != name:
            wrong[note.id] = (note.to, invited.get(address.lower()))
    assert wrong == {}


def test_the_corpus_config_is_a_valid_mailflow_config():
    from mailflow import config

    loaded = config.load(str(bench.CORPUS / "config.toml"))
    assert loaded.profile.email == "maya.okafor@candidate.example"


def test_every_setup_step_is_a_command_at_a_time_with_its_offset():
    import tomllib
    from datetime import datetime

    steps = tomllib.loads((bench.CORPUS / "setup.toml").read_text(encoding="utf-8"))["step"]
    assert steps
    for step in steps:
        assert step["args"] and all(isinstance(a, str) for a in step["args"]), step
        assert datetime.fromisoformat(step["now"]).utcoffset() is not None, step
