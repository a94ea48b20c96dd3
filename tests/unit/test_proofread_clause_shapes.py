"""The proofreader reads a clause by its shape: a plural subject with "is", a question told
in question order, a sentence that stops on "which" or lost its subject, a quotation left
open across a plural's apostrophe, the employer's "our" and "we" inside a clause about the
reader's company, a note whose only rare words are adverbs or a word of a name. Their
grammatical look-alikes are not flagged. The examples are written for these tests."""

from __future__ import annotations

import pytest

from mailflow.proofread import ProofContext
from tests.harness.proofread_notes import SPECIFIC, TO_LENA, Notes

FOLLOW_UP = ProofContext(**{**TO_LENA.__dict__, "kind": "follow_up"})
findings, errors = Notes(TO_LENA).findings, Notes(TO_LENA).errors


# ---- grammar by the shape of the clause ------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The way suppliers is audited at Fernhill surprised me.",
    "I liked how new starters on Line Three is trained.",
    "I liked how night nurses on the packing line has a drill of their own.",
    "I enjoyed your question about how would I run a recall drill.",
    "I would like to bring that to the audit work which.",
    "Was really impressed by the allergen board on the line.",
    "I liked the night board which showing every open audit.",
    "Your point that when the drill is real the night shift.",
    "I would bring my writing clear, short audit reports to the role.",
    "I agree with your point about our site's KPIs follow the audit calendar.",
    "Your 'recall first rule is one I use every week.",
    "Your \u2018recall first rule stayed with me, and I have thought since about how to move our suppliers' audits "
    "earlier.",
])
def test_clauses_broken_in_their_shape_are_grammar_errors(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar")


@pytest.mark.parametrize("sentence", [
    "Five minutes is all a good drill needs.",
    "I liked that maths is taught in sets and that operations has a seat at the table.",
    "Piotr's account of the recall drills has stayed with me.",
    "The report nobody reads is the report nobody wrote.",
    "You asked how I would run a recall drill, and I have thought about it since.",
    "That is something I agree with.",
    "I kept my writing short and readable.",
    "We talked about the KPIs at the site.",
    "Your point that if the drill is real, people take it seriously.",
    "Was great to meet the whole line.",
    "Can I ask how would you plan the first audit?",
    "I think that keeping audits short matters.",
    "Your 'recall first' rule is one I use every week.",
    "I have thought about the suppliers' audits since.",
    "Your point that when the drill is real the night shift takes it seriously stayed with me.",
    "We rock 'n roll on Fridays at the site social.",
])
def test_grammatical_clauses_of_those_shapes_are_not_flagged(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == []


def test_a_quotation_may_run_from_one_line_to_the_next_but_not_past_a_blank_line():
    assert errors(f"{SPECIFIC} Your \"recall first\nrule\" is one I use.", check="grammar") == []
    assert errors(f"{SPECIFIC} Your \"recall first\n\nrule is one I use.", check="grammar")


# ---- the employer's "our" and "we" -----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "I have been thinking about how most of our suppliers send their audits late.",
    "I have been sketching how we could cut our recall time by moving our drills to the day shift.",
    "It was good to hear that we promote quality leads from the line.",
    "Running the audits by the slowest site is right, and it is what our suppliers in the north actually see.",
])
def test_the_employers_our_or_we_inside_a_clause_about_the_readers_company_is_an_error(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="perspective")


@pytest.mark.parametrize("sentence", [
    "Your point matched my experience: at Bramble, a weekly audit file for each line cut our recall tickets by half.",
    "I was glad to hear that we could speak again next week.",
    "I have been thinking about how we reduced our recall time at my last job.",
    "I hope our paths cross again.",
    "I explained how our on-call rota works at Bramble.",
])
def test_the_candidates_own_our_and_the_shared_we_are_not_flagged(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="perspective") == []


# ---- a note that names nothing of the reader ---------------------------------------------------

def test_adverbs_however_rare_name_nothing_of_the_conversation():
    body = ("I write to thank you most sincerely for the interview. I remain keenly interested in the post and "
            "would be pleased to provide any further information.")
    assert errors(body, check="generic")


def test_a_word_of_a_name_or_of_another_readers_remark_is_no_topic_of_this_reader():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("allergen drills on Packing Line run monthly",),
                          "recorded_words": ("allergen drills on Packing Line run monthly",
                                             "the line stops for a drill every month")})
    assert errors("Everyone was so friendly, and the line looked like a lovely place to work.", ctx,
                  check="generic")
    assert errors("I liked hearing that the allergen drills run every month.", ctx, check="generic") == []


# ---- courtesy and pressure, read by shape ------------------------------------------------------

def test_apologising_for_a_thing_not_to_hand_is_courtesy_but_for_not_being_clear_is_an_error():
    body = f"{SPECIFIC} I apologise for not having my audit certificate number to hand earlier: it is 4471."
    assert errors(body, check="apology") == []
    assert [f.severity for f in findings(body) if f.check == "apology"] == ["warning"]
    assert errors(f"{SPECIFIC} I apologise for not being clearer about audits.", check="apology")


def test_urgent_naming_a_kind_of_service_is_no_pressure_but_an_urgent_reply_is():
    assert errors("I remain keen on the role. My references from the urgent care centre are ready whenever you "
                  "need them.", FOLLOW_UP, check="banned-phrase") == []
    assert errors("I remain keen on the role and would appreciate an urgent reply.", FOLLOW_UP,
                  check="banned-phrase")
