"""The proofreader's work on one message grows with the message, not with the pipeline:
with two thousand other companies it compiles patterns only for the few whose words
the message contains, and finds every one it names."""

from __future__ import annotations

import dataclasses

from mailflow.config import Policy, ProofreadConfig
from mailflow.proofread import ProofContext, checks, proofread

BODY = """Dear Zoë,

Thank you for the opportunity to talk about the Senior Data Engineer role at Globex.
I enjoyed your point on data contracts, unlike my time at Initech or at Blue Harbor Labs.

Best regards,
Ana Lima
"""
PIPELINE = tuple(f"Company{i} Holdings" for i in range(2000)) + ("Initech", "Blue  Harbor Labs", "Globex")
CTX = ProofContext(kind="thank_you", recipient_name="Zoë O'Brien", company="Globex", role="Senior Data Engineer",
                   other_companies=PIPELINE, known_words=PIPELINE, signature="Ana Lima")


def test_two_thousand_other_companies_cost_patterns_only_for_those_the_message_may_name():
    checks._phrase.cache_clear()
    findings = proofread("Thank you", BODY, CTX, ProofreadConfig(), Policy())
    assert sorted(f.excerpt for f in findings if f.check == "other-company") == ["Blue Harbor Labs", "Initech"]
    assert checks._phrase.cache_info().currsize < 20


def test_many_messages_reuse_the_same_few_patterns():
    checks._phrase.cache_clear()
    for i in range(50):
        ctx = dataclasses.replace(CTX, recipient_name=f"Person {i}")
        proofread("Thank you", BODY, ctx, ProofreadConfig(), Policy())
    assert checks._phrase.cache_info().currsize < 20


def test_a_company_named_in_another_case_or_spacing_is_still_found():
    body = BODY.replace("Blue Harbor Labs", "Blue Harbor\nLabs").replace("Initech", "INITECH")
    findings = proofread("Thank you", body, CTX, ProofreadConfig(), Policy())
    assert sorted(f.excerpt for f in findings if f.check == "other-company") == ["Blue Harbor\nLabs", "INITECH"]


def test_a_very_long_word_or_a_run_of_at_signs_is_read_in_one_pass():
    # each took minutes before: the suggestion search on a 5,000-letter word, and an address
    # pattern with unbounded runs around '@' (cubic on 'a@a@a@…'); a typed-out note is never
    # like this, a pasted log may be
    for odd in ("a" * 5000, "a@" * 5000, "x.y@" * 3000):
        body = BODY.replace("I enjoyed", f"{odd}\nI enjoyed")
        findings = proofread("Thank you", body, CTX, ProofreadConfig(), Policy())
        assert any(f.check == "other-company" for f in findings)


def test_an_address_is_still_told_from_a_misspelt_name():
    assert checks._ADDRESS.sub("X", "to gareth@copperleaf.example or first.last@mail.co.uk, see https://x.y/z") \
        == "to X or X, see X"
