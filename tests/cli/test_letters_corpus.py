"""The remark corpus (``bench/letters/remarks.toml``, 346 inputs typed the ways people type
them) run as a user runs it: scan, remark, run, proofread each draft. Every input that cannot
make a sentence is refused, and the share of cases composed without a finding does not fall
below what was measured when the corpus was tuned (``bench/bench_letters.py`` prints the rest)."""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict

import pytest

from tests.harness.calendars import REPO

BENCH = REPO / "bench" / "bench_letters.py"
#: cases composed with no finding when this floor was set (of 346); raise it as the composer improves
FLOOR = 295


def _bench():
    spec = importlib.util.spec_from_file_location("bench_letters", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def outcomes():
    bench = _bench()
    interviews, cases = bench.load(bench.CORPUS)
    groups: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        groups[case["interview"]].append(case)
    found = []
    for iid, group in groups.items():
        found += bench.run_interview(interviews[iid], group, None)
    return found


@pytest.mark.timeout(600)
def test_every_input_that_cannot_make_a_sentence_is_refused_saying_how_to_phrase_it(outcomes):
    refused = [o for o in outcomes if o.case.get("expect") == "refuse"]
    assert len(refused) >= 20
    assert [(o.case["id"], o.findings) for o in refused if o.findings] == []


@pytest.mark.timeout(600)
def test_the_corpus_composes_into_drafts_with_no_finding_at_least_as_often_as_measured(outcomes):
    clean = sum(1 for o in outcomes if not o.findings)
    assert len(outcomes) == 346
    assert clean >= FLOOR, [(o.case["id"], o.findings) for o in outcomes if o.findings][:20]


@pytest.mark.timeout(600)
def test_no_promise_claims_an_attachment_that_is_not_there(outcomes):
    for o in outcomes:
        if o.case.get("kind") == "promised" and not o.case.get("file") and o.text:
            assert "attach" not in o.text.lower(), (o.case["id"], o.text)
