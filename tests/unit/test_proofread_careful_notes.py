"""Careful notes stay clean and common slips are caught, read by structure: a list's items
are not sentences; a word of another language, quoted or in a Latin pair, is not a
misspelling; an apology for a practical mishap is courtesy; asking once whether there is
news is no impatience. The examples are written for these tests."""

from __future__ import annotations

import pytest

from mailflow.config import Policy, ProofreadConfig
from mailflow.proofread import ProofContext, proofread
from tests.harness.proofread_notes import SPECIFIC, Notes
from tests.harness.proofread_notes import TO_LENA_RECORDED as TO_LENA

FOLLOW_UP = ProofContext(**{**TO_LENA.__dict__, "kind": "follow_up"})
findings, errors = Notes(TO_LENA).findings, Notes(TO_LENA).errors


@pytest.mark.parametrize("body", [
    f"{SPECIFIC} These are the routines I would bring:\n- a silent starter on the board as the shift arrives;\n"
    "- a recall board I can read at a glance;\n- a drill question the team can practise while I check the line.",
    f"{SPECIFIC} I can send:\n1. my audit certificate number.\n2. a sample HACCP plan.",
    f"{SPECIFIC} Three things I would look at first:\nthe night shift's drill log\nan owner for every line",
])
def test_the_items_of_a_list_are_not_read_as_sentences_without_a_verb(body):
    assert errors(body, check="grammar") == []


# each item below, read as a sentence, has no verb of its own: an error outside a list
@pytest.mark.parametrize("body", [
    f"{SPECIFIC} Three things I would look at first:\n1. the way it keeps every line safe at night.\n"
    "2. an owner for every line",
    f"{SPECIFIC} Three things I would look at first:\n- the way it keeps every line safe.\n- an owner for every line",
    f"{SPECIFIC} Three things I would look at first:\nthe way it keeps every line safe at night.\n"
    "an owner for every line",
])
def test_an_item_that_would_be_an_error_as_a_sentence_is_no_error_in_a_list(body):
    assert errors(body.replace(":\n", ".\n\n").replace("\n1. ", "\n").replace("\n2. ", "\n")
                  .replace("\n- ", "\n"), check="grammar")  # the same lines as prose
    assert errors(body, check="grammar") == []


@pytest.mark.parametrize("greeting, body", [
    ("Dear Lena:", "The questions you asked about drills was the most useful part."),
    ("Dear Lena:", "Your description of the drill on the night line and of the way it keeps skills fresh."),
    ("Dear Lena,", f"{SPECIFIC} One more thing:\nThe questions you asked about drills was the most useful part."),
])
def test_a_line_after_a_greetings_colon_or_a_line_of_prose_under_a_colon_is_read_as_a_sentence(greeting, body):
    found = proofread("Thank you", f"{greeting}\n{body}\n\nBest regards,\nSam Reyes\n", TO_LENA, ProofreadConfig(),
                      Policy(timezone="UTC"))
    assert [f for f in found if f.severity == "error" and f.check == "grammar"]


def test_a_full_sentence_in_a_bullet_is_still_read_as_a_sentence():
    assert errors(f"{SPECIFIC} Two things:\n- The questions you asked about drills was fair.\n- The tour was good.",
                  check="grammar")


def test_a_noun_phrase_standing_as_a_sentence_outside_a_list_is_still_an_error():
    assert errors(f"{SPECIFIC} Your description of the drill on the night line and of the way it keeps skills "
                  "fresh.", check="grammar")


@pytest.mark.parametrize("body", [
    f"{SPECIFIC} Volunteers ask whether shadowing on ex parte applications is bona fide experience.",
    f"{SPECIFIC} A supervisor told me when a notice was \"ultra vires\" and worth a fight.",
    f"{SPECIFIC} The line greets every visitor with \"Bore da\", which I liked.",
    f"{SPECIFIC} I acted in loco parentis on the school trip.",
])
def test_a_phrase_of_another_language_is_not_a_misspelling(body):
    assert errors(body, check="spelling") == []


@pytest.mark.parametrize("body", [
    f"{SPECIFIC} Your phrase 'data is a prodcut' stayed with me.",  # an English quotation with a typo
    f"{SPECIFIC} I recieved three colleages at the line.",
    f"{SPECIFIC} I am greatful for the tour.",  # two slips from a common word
])
def test_a_typo_in_english_is_still_an_error_quoted_or_not(body):
    assert errors(body, check="spelling")


@pytest.mark.parametrize("sentence", [
    "I apologise that my referees can only be contacted from next week.",
    "I am sorry that I joined the call a few minutes late.",
    "Sorry my camera froze at the start.",
])
def test_an_apology_for_a_practical_mishap_is_courtesy(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="apology") == []
    assert [f.severity for f in findings(f"{SPECIFIC} {sentence}") if f.check == "apology"] == ["warning"]


@pytest.mark.parametrize("sentence", [
    "I apologise that my answer on audits was so brief.",
    "I'm sorry that I didn't mention my HACCP work.",
    "I apologise that I was so nervous.",
])
def test_an_apology_for_what_was_said_in_the_interview_is_an_error(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="apology")


def test_asking_once_whether_there_is_news_is_not_impatient_but_checking_in_to_see_is():
    assert errors("I wanted to ask whether there is any news on the Quality Manager role.", FOLLOW_UP,
                  check="banned-phrase") == []
    assert errors("I am writing to see if there is any news on the Quality Manager role.", FOLLOW_UP,
                  check="banned-phrase")


# ---- slips of the clause, read by structure ---------------------------------------------------

@pytest.mark.parametrize("sentence, rule", [
    ("I disappointed, of course, but I enjoyed meeting you and Piotr.", "describes: a verb is missing"),
    ("The questions you asked about drills was the most useful part of the day.", "is plural: the verb is"),
    ("The audits on the night line was the part I liked best.", "is plural: the verb is"),
    ("I was glad to hear that Fernhill promotes from the line whenever it can, I started as an operator myself.",
     "two sentences joined by a comma"),
    ("Because I have accepted another post.", "cannot stand as a sentence"),
    ('Thank you for the time you and Piotr has given me.', "two people joined by 'and'"),
    ("It made me to think about drills again.", "takes the plain verb after its object"),
    ("Please let me to know if the panel needs anything.", "takes the plain verb after its object"),
    ('I could of talked about drills for hours.', "'of' here is 'have'"),
    ('Despite of the short notice, the line was ready.', "'despite' takes no 'of'"),
    ('There is many reasons to like a recall drill.', "a plural after 'there'"),
    ("I would send any further informations you need.", "is not counted"),
    ('I am used to plan the rota a fortnight ahead.', "'used to' after 'be'"),
    ('It was a pleasure to met you and the night shift.', "after 'to' the verb is plain"),
    ("Thank you for explain why the drill runs at night.", "takes a noun or an -ing form"),
    ('I am still very interest in the Quality Manager role.', "the person is 'interested'"),
    ("The board, which I found it very clear, was new to me.", "says its object twice"),
    ("A calm start makes every drill after it more easier.", "is already a comparison"),
    ('I am grateful of the time you gave me.', "'grateful' takes 'for'"),
    ("I'm disappointed of course I understand, and I would value any feedback.", "two sentences run together"),
    ("I enjoyed the interview on Thursday 28 August I would like to confirm my interest.",
     "two sentences run together"),
    ("Thank you for tour of the night line.", "is counted: it needs"),
    ("It was a pleasure to meet you, I hope we speak again soon.", "two sentences joined by a comma"),
    ("Thank you for your time, I enjoyed meeting you.", "two sentences joined by a comma"),
    ("The questions was fair.", "is plural: the verb is"),
    ("It made me to really think about drills.", "takes the plain verb after its object"),
    ("It made the team to think about drills.", "takes the plain verb after its object"),
    ("Informations about the start date would help.", "is not counted"),
])
def test_slips_of_the_clause_are_grammar_errors_of_the_rule_that_names_them(sentence, rule):
    assert [f.message for f in errors(f"{SPECIFIC} {sentence}", check="grammar") if rule in f.message]


@pytest.mark.parametrize("sentence", [
    "I was disappointed, of course.",
    "I think, I hope, that the drill works.",
    "When the drill runs, I watch the line.",
    "I think that if the drill is real, we keep people safe.",
    "I wanted to ask whether the panel has met, and to let you know if there is anything else the line needs "
    "from me, I can send it.",
    "I was nervous at first, I admit.",
    "The questions you asked were fair.",
    "The news was good, and the tools I use have changed.",
    "Because of the drill, I stayed late.",
    "I used to plan the rota, and I am used to planning it.",
    "There is a lot to like, and there are many reasons to stay.",
    "Were I to join, I would start with the drill.",
    "I would like to say more later.",
    "It made me think; let me know.",
    "I am interested in the role and grateful for your time.",
    "I moved to Bristol in May.",
    "The interview with you and Piotr was a real pleasure.",
    "I liked that maths is taught in sets and that the stats team has a seat at the table.",
    "I wanted to thank you again.",
    "I said on Monday I would send the audit log, and I could of course send it sooner.",
    "Of course I understand.",
    "Thanks for lunch, and thank you for everything.",
])
def test_their_grammatical_look_alikes_are_not_flagged(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == []


# ---- whose "our" and "we" --------------------------------------------------------------------------

FUNDERS = "funders want to see the audit trail before they look at the budget"
TO_LENA_FUNDERS = ProofContext(**{**TO_LENA.__dict__, "reader_notes": (FUNDERS,), "recorded_words": (FUNDERS,)})


@pytest.mark.parametrize("sentence", [
    "Your point that our funders want to see the audit trail first is one I will keep in mind.",
    "You were right that most of our drills run at night, and I would like to help with that.",
    "I liked hearing how our night shift runs the recall drill.",
])
def test_our_inside_the_readers_reported_words_is_the_employers(sentence):
    assert errors(sentence, TO_LENA_FUNDERS, check="perspective")


@pytest.mark.parametrize("sentence", [
    "Your point that the audit trail comes first matched my experience exactly: at Bramble, a nightly check cut "
    "our audit findings by half.",
    "Your point that our conversation ran long is fair, and I enjoyed it.",
    "Your idea that audits should change what we build stayed with me.",
    "Your point about lines outgrowing anyone's checks matches what I saw before we added a log to our audit "
    "project.",
])
def test_our_of_the_candidates_own_work_or_shared_with_the_reader_is_not(sentence):
    assert errors(sentence, TO_LENA_FUNDERS, check="perspective") == []


def test_the_readers_we_with_a_contraction_typed_again_is_the_employers():
    remark = "we'd rather run a plain drill people follow than a clever one they can't"
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": (remark,), "recorded_words": (remark,)})
    assert errors("I really liked that we'd rather run a plain drill people follow than a clever one they can't.",
                  ctx, check="perspective")


def test_see_my_cv_attached_with_nothing_attached_is_an_error_but_attached_to_a_team_is_not():
    assert errors(f"{SPECIFIC} Please see my updated CV attached, with my audit log.", FOLLOW_UP,
                  check="attachment")
    assert errors(f"{SPECIFIC} I would enjoy seeing the team attached to the night line.", FOLLOW_UP,
                  check="attachment") == []


@pytest.mark.parametrize("sentence, pay", [
    ("Would the post carry a responsibility payment?", True),
    ("Is the pension employer contribution the standard one?", True),
    ("The bid must include a budget allowance for evaluation.", False),
    ("The grant came with a payment schedule I kept to.", False),
])
def test_asking_what_a_post_pays_is_salary_talk_but_a_budget_line_is_not(sentence, pay):
    assert bool(errors(f"{SPECIFIC} {sentence}", check="salary")) is pay


def test_we_both_typed_from_the_readers_remark_is_the_candidate_and_the_reader():
    remark = "we both trained at the same plant in Bergen"
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": (remark,), "recorded_words": (remark,)})
    assert errors("We both trained at the same plant in Bergen.", ctx, check="perspective") == []


def test_an_adjectives_noun_in_the_plural_is_counted():
    assert errors(f"{SPECIFIC} The greenhouse grows exotics and natives.", check="grammar") == []


# ---- careful English a rule must not read as a slip ------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "It was, I must say, the best tour I have had.",
    "I enjoyed the tour, I have to say.",
    "It was, I am told, the oldest plant in the county.",
    "It was a long day, we agreed, but a worthwhile one.",
    "It was a hard question, I realised later, and a fair one.",
    "I have read the report, I should add, and I agree with it.",
    "I started on the line, she told me, and stayed for twenty years.",
])
def test_an_aside_of_saying_or_noticing_inside_a_sentence_is_no_comma_splice(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == []


@pytest.mark.parametrize("sentence", [
    "I met the team in March I think, at the open day.",
    "We met on 3 May I believe.",
    "I ran the drill in 2021 I remember, and again in 2022.",
])
def test_a_hedge_after_a_date_is_no_second_sentence_run_in(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == []


@pytest.mark.parametrize("sentence", [
    "I am grateful for the many kindnesses you showed me.",
    "I have two enthusiasms: food safety and training.",
    "I shared my key learnings from the audit.",
    "The plant's many wisdoms are passed on at the shift change.",
])
def test_the_plural_of_a_quality_or_an_act_is_a_real_plural(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == []


@pytest.mark.parametrize("sentence", [
    "There was 20 minutes to spare.",
    "There is five minutes' walk from the station to the plant.",
    "Why? Because it works.",
    "Thank you for water and a seat.",
    "Thanks for pizza with the team.",
    'My grandmother would say "hakuna matata" about it.',
    'Your motto "semper paratus" fits a recall team.',
])
def test_an_amount_an_answer_a_mass_noun_and_a_quoted_phrase_are_careful_english(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == []


@pytest.mark.parametrize("sentence", [
    "You were right that our approach at Alder Foods was too slow.",
    "I loved hearing how our two plants differ.",
])
def test_our_before_the_candidates_former_workplace_or_of_two_sides_is_not_the_employers(sentence):
    assert errors(sentence, TO_LENA_FUNDERS, check="perspective") == []


@pytest.mark.parametrize("sentence", [
    "You're right that our funders want to see the audit trail first.",
    "You're absolutely right that most of our drills run at night.",
    "Your remarks about our drills stayed with me.",
    "You emphasised that our drills run at night.",
    "You were saying that our drills run at night.",
    "You were right that our drills at Fernhill run too late.",
])
def test_our_after_other_ways_of_reporting_the_readers_words_is_the_employers(sentence):
    assert errors(sentence, TO_LENA_FUNDERS, check="perspective")


@pytest.mark.parametrize("sentence", [
    "The façade of the old plant is listed.",
    "I worked vis-à-vis the auditors.",
    "I had a sense of déjà vu on the line.",
    "It was the raison d'être of the team.",
    "The rôle suits me.",
])
def test_a_loan_word_written_with_its_accent_is_a_warning_not_a_misspelling(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="spelling") == []
    assert [f for f in findings(f"{SPECIFIC} {sentence}") if f.check == "spelling"]


def test_a_typo_beside_a_loan_word_is_still_a_misspelling():
    assert errors(f"{SPECIFIC} I recieved the façade plans.", check="spelling")
