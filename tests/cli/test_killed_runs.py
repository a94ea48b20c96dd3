"""What a killed run leaves behind never stops the next one, and never doubles a draft.

bench/kill_runs.py kills `mailflow run` at random moments; the states it found that
the next run does not recover from are set up here directly, so they are checked on
every test run (issue 14). Each runs the real command line in a child process.
"""

from __future__ import annotations

import collections

import pytest

from tests.harness import hostile as H
from tests.harness.home import Home

GOOD = H.good_calendar()


@pytest.fixture
def home(tmp_path):
    home = Home.configured(tmp_path / "home", timeout=30)
    home.calendar.write_bytes(GOOD)
    return home


def test_a_drafts_maildir_left_without_cur_by_a_killed_run_still_gets_the_drafts(home):
    reference = Home.configured(home.root.parent / "reference", timeout=30)
    reference.calendar.write_bytes(GOOD)
    assert reference.process("run", "--json", "--now", H.NOW).exit == 0
    expected = sorted(reference.draft_keys())
    assert expected
    for sub in ("tmp", "new"):  # mailbox.Maildir makes tmp, new, cur in that order
        (home.drafts_path / sub).mkdir(parents=True)
    outcome = home.process("run", "--json", "--now", H.NOW)
    assert not outcome.traceback
    assert sorted(home.draft_keys()) == expected, [p["message"] for p in outcome.json()["problems"]][:2]


def test_a_run_after_the_state_was_deleted_does_not_duplicate_drafts(home):
    assert home.process("run", "--json", "--now", H.NOW).exit == 0
    first = sorted(home.draft_keys())
    assert first
    for suffix in ("", "-wal", "-shm"):
        (home.root / f"state.db{suffix}").unlink(missing_ok=True)
    assert home.process("run", "--json", "--now", H.NOW).exit == 0
    twice = [k for k, n in collections.Counter(home.draft_keys()).items() if n > 1]
    assert not twice, f"{len(twice)} of {len(first)} drafts written twice"
