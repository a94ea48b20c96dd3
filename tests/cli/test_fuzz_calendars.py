"""Calendar invites come from strangers: a hostile calendar never crashes mailflow, never
hangs it, never duplicates a draft, and never costs it the good interviews next to it.

Seeded mutations (tests/harness/hostile.py: truncation, lines deleted, duplicated and
swapped, invalid dates, unknown TZIDs, huge lines, non-UTF-8 bytes, odd ``mailto:``
values, RFC 6868 names, unclosed components, two ORGANIZERs, line separators, escape
sequences in titles) of the fixtures in tests/data/calendars and of a calendar of seven
good interviews go through ``mailflow scan --json`` and ``mailflow run --json`` in
child processes with a time and memory limit. ``MAILFLOW_FUZZ_SEED`` and
``MAILFLOW_FUZZ_COUNT`` change the run; bench/fuzz_calendars.py runs thousands.

Each failure class found has a small reproducer in tests/data/calendars/hostile/ (see its
README.md).
"""

from __future__ import annotations

import collections
import concurrent.futures
import os
import random

import pytest

from tests.harness import hostile as H
from tests.harness.home import Home

SEED = int(os.environ.get("MAILFLOW_FUZZ_SEED", "14"))
COUNT = int(os.environ.get("MAILFLOW_FUZZ_COUNT", str(len(H.MUTATIONS))))
TIMEOUT = 20  # seconds per process: an unmutated calendar takes half a second
MEMORY_MB = 1024


def _cases() -> list[tuple[str, str, bytes, list[str]]]:
    """(case id, seed calendar, mutated bytes, what was done): every mutation kind in
    turn, now and then a second one on top."""
    rng = random.Random(SEED)
    seeds = H.seeds()
    kinds = sorted(H.MUTATIONS)
    cases = []
    for i in range(COUNT):
        name, original = seeds[0] if rng.random() < 0.6 else rng.choice(seeds)
        data, what = H.mutate(rng, original, size=64_000, kinds=[kinds[i % len(kinds)]])
        if rng.random() < 0.3:
            data, more = H.mutate(rng, data, size=64_000)
            what += more
        cases.append((f"{i:02d}-{name}", name, data, what))
    return cases


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    """Every case run once: (case id, what, scan outcome, run outcome, lost UIDs, keys twice)."""
    root = tmp_path_factory.mktemp("fuzz")
    originals = dict(H.seeds())
    cases = _cases()

    def baseline(name):
        home = Home.configured(root / f"baseline-{name}", memory_mb=MEMORY_MB, timeout=TIMEOUT)
        home.calendar.write_bytes(originals[name])
        return name, H.interview_uids(home.process("scan", "--json", "--now", H.NOW))

    def one(case):
        case_id, name, data, what = case
        home = Home.configured(root / case_id, memory_mb=MEMORY_MB, timeout=TIMEOUT)
        home.calendar.write_bytes(data)
        scan = home.process("scan", "--json", "--now", H.NOW)
        run = home.process("run", "--json", "--now", H.NOW)
        expected = baselines[name] & H.untouched_uids(originals[name], data)
        lost = sorted(expected - (H.interview_uids(scan) or set()))
        twice = sorted(k for k, n in collections.Counter(home.draft_keys()).items() if n > 1)
        return case_id, what, scan, run, lost, twice

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        baselines = dict(pool.map(baseline, sorted({c[1] for c in cases})))
        if "good" in baselines:
            assert len(baselines["good"]) == 7, baselines
        return list(pool.map(one, cases))


def _describe(case_id, what, outcome) -> str:
    args = " ".join(outcome.args[2:])
    if outcome.timed_out:
        said = f"still running after {TIMEOUT} s (peak {outcome.max_rss_mb:.0f} MB)"
    elif outcome.traceback:
        said = "traceback:\n" + outcome.traceback[-1500:]
    else:
        said = f"exit {outcome.exit}"
    return f"case {case_id} ({'; '.join(what)}): `mailflow {args}`: {said}"


def test_hostile_calendars_never_crash_hang_or_duplicate_a_draft(fuzzed):
    failures = []
    for case_id, what, scan, run, _, twice in fuzzed:
        for outcome in (scan, run):
            if outcome.timed_out or outcome.traceback or outcome.exit not in (0, 1, 2):
                failures.append(_describe(case_id, what, outcome))
        if twice:
            failures.append(f"case {case_id} ({'; '.join(what)}): drafts written twice: {twice}")
    assert not failures, "\n\n".join(failures)


def test_hostile_calendars_keep_the_good_interviews_the_mutation_left_alone(fuzzed):
    lost = [f"case {case_id} ({'; '.join(what)}): lost {', '.join(uids)}; scan said "
            f"{[p['message'][:160] for p in (scan.json() or {}).get('problems', [])]}"
            for case_id, what, scan, _, uids, _ in fuzzed if uids]
    assert not lost, "\n".join(lost)


def test_the_mutations_leave_most_good_interviews_alone():
    """The check above means something only if mutations leave good events to find."""
    originals = dict(H.seeds())
    untouched = [len(H.untouched_uids(originals[name], data)) for _, name, data, _ in _cases() if name == "good"]
    assert untouched and sum(untouched) >= 4 * len(untouched)


def test_an_event_swallowed_by_an_unclosed_component_counts_as_touched():
    good = H.good_calendar()
    head, _, tail = good.partition(b"BEGIN:VEVENT")
    mutated = head + b"BEGIN:VTODO\r\nBEGIN:VEVENT" + tail
    assert H.untouched_uids(good, mutated) == set()
    first_end = good.index(b"END:VEVENT") + len(b"END:VEVENT\r\n")
    after_first = good[:first_end] + b"BEGIN:VTODO\r\n" + good[first_end:]
    assert H.untouched_uids(good, after_first) == {"good-panel@acme.example"}


# ---- the reproducers of each failure class ------------------------------------------------

HOSTILE = H.HOSTILE
#: reproducers of events lost because the whole calendar is rejected; each holds the
#: interview ``good-1`` that must be found
LOSES_THE_CALENDAR = sorted(p.name for p in HOSTILE.glob("rejects_calendar_*.ics"))
#: the commands each quick reproducer goes through, in order (the slow ones, hangs_*
#: and the like, are for `bench/fuzz_calendars.py --replay`)
COMMANDS = {
    **{name: [("scan", "--json")] for name in LOSES_THE_CALENDAR},
    "crashes_two_uids_with_the_same_short_id.ics": [("scan", "--json"), ("run", "--json")],
    "escapes_in_title_reach_the_terminal.ics": [("scan",), ("scan", "--explain"), ("run",), ("status",)],
    "mailto_query_becomes_part_of_the_address.ics": [("run", "--json")],
}


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    """File name -> {command: outcome}, every quick reproducer run once."""
    root = tmp_path_factory.mktemp("reproducers")

    def one(name):
        home = Home.configured(root / name, timeout=TIMEOUT)
        home.calendar.write_bytes((HOSTILE / name).read_bytes())
        return name, {" ".join(argv): home.process(*argv, "--now", H.NOW) for argv in COMMANDS[name]}

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, sorted(COMMANDS)))


@pytest.mark.parametrize("name", LOSES_THE_CALENDAR)
def test_a_malformed_part_does_not_cost_the_good_interview(name, replayed):
    scan = replayed[name]["scan --json"]
    assert not scan.traceback and scan.exit in (0, 1)
    assert "good-1" in (H.interview_uids(scan) or set()), (scan.json() or {}).get("problems")


def test_two_events_whose_short_ids_collide_do_not_crash_mailflow(replayed):
    outcomes = replayed["crashes_two_uids_with_the_same_short_id.ics"]
    for outcome in outcomes.values():
        assert not outcome.traceback, outcome.traceback
    assert "good-1" in (H.interview_uids(outcomes["scan --json"]) or set())


def _raw_controls(outcome) -> list[str]:
    return [repr(char) for char in ("\x1b", "\x07", "\x9b") if char.encode() in outcome.stdout]


def test_run_prints_no_escape_sequence_from_a_title(replayed):
    outcome = replayed["escapes_in_title_reach_the_terminal.ics"]["run"]
    assert outcome.exit == 0 and not _raw_controls(outcome), outcome.stdout


@pytest.mark.parametrize("command", ["scan", "scan --explain", "status"])
def test_escape_sequences_in_a_title_never_reach_the_terminal(command, replayed):
    outcome = replayed["escapes_in_title_reach_the_terminal.ics"][command]
    assert outcome.exit == 0 and not _raw_controls(outcome), outcome.stdout


def test_a_mailto_with_a_query_is_never_an_address_to_draft_to(replayed):
    outcome = replayed["mailto_query_becomes_part_of_the_address.ics"]["run --json"]
    assert outcome.exit == 0
    recipients = {d["to"] for d in outcome.json()["drafts"]}
    assert "ana@acme.example" in recipients
    assert all("?" not in r for r in recipients), recipients
