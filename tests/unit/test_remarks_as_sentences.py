"""Every example of what the letters got wrong, each now a sentence a careful writer would send:
remarks read by their shape, turned toward the reader, and never claiming what is not so."""

from __future__ import annotations

import pytest

from mailflow.compose import sentences
from mailflow.compose.remarks import is_clause
from mailflow.proofread.dictionary import load_dictionary
from mailflow.rules.detect import company_from_title, role_from_text
from mailflow.rules.names import is_role_mailbox

VARIANTS = range(4)


def every(build, *args, **kwargs) -> str:
    return " | ".join(build(*args, variant, **kwargs) for variant in VARIANTS)


def test_a_strength_typed_as_a_gerund_phrase_is_the_candidates_experience():
    found = every(sentences.strength_sentence, "designing idempotent, replayable pipelines")
    assert "my designing" not in found
    assert "my experience with designing idempotent, replayable pipelines" in found


def test_an_amplification_opening_with_a_place_is_added_as_a_clause():
    found = every(sentences.amplify_sentence, "at Oakridge I cut our Snowflake spend by 30% in one quarter")
    assert "answer on at Oakridge" not in found
    assert ": at Oakridge I cut our Snowflake spend by 30% in one quarter." in found


def test_a_promise_without_a_file_never_says_it_is_attached():
    found = " ".join(s for v in VARIANTS for s in sentences.promised_sentences(["my notes on testing dbt models"], v))
    assert "attach" not in found.lower() and "here is" not in found.lower()
    assert "I will send my notes on testing dbt models separately" in found


def test_a_promise_with_its_file_says_it_is_attached():
    item = "my notes on testing dbt models"
    found = " ".join(sentences.promised_sentences([item], 0, attached=(item,)))
    assert found == "I've attached my notes on testing dbt models, as promised."


def test_their_question_keeps_their_words_from_their_side_our_becomes_your():
    found = every(sentences.remark_sentence, "how would you cut our warehouse costs", "question")
    assert "your question about how I would cut your warehouse costs" in found
    assert " our warehouse" not in found and "?" not in found


def test_the_readers_own_name_in_a_point_becomes_you():
    found = every(sentences.remark_sentence, "Ngozi's view that every fixture should be printable overnight",
                  "point", reader="Ngozi Adeyemi")
    assert "Ngozi" not in found
    assert "your view that every fixture should be printable overnight" in found


def test_a_clause_typed_as_a_point_is_a_point_that_not_a_point_about():
    found = every(sentences.remark_sentence, "pro bono hours count toward billable targets at the firm", "point")
    assert "point about pro bono" not in found
    assert "your point that pro bono hours count toward billable targets at the firm" in found
    assert is_clause("half the kids read below grade level")
    assert not is_clause("her story about the first night she ran the unit alone")


def test_an_imperative_question_is_not_given_a_question_mark():
    found = every(sentences.remark_sentence, "Tell me about a deal you lost.", "question")
    assert "?" not in found and "lost?" not in found
    assert "you asked me to tell you about a deal I lost" in found


def test_a_noun_phrase_note_is_never_left_as_a_fragment():
    for variant in VARIANTS:
        sentence = sentences.remark_sentence("her story about the first eviction clinic in the church basement",
                                             "note", variant)
        assert sentence != "Your story about the first eviction clinic in the church basement."
        assert sentence.startswith("I ") and "your story about the first eviction clinic" in sentence


def test_reported_speech_with_its_own_quote_keeps_the_quote_and_drops_the_aside():
    found = every(sentences.remark_sentence, 'She said "ship small, ship often" — and she meant it!', "")
    assert "meant it" not in found and "you meant" not in found and "!" not in found
    assert '"ship small, ship often"' in found


def test_a_strength_after_an_unrelated_fact_is_not_hung_on_it():
    fact = sentences.remark_sentence("the team is split between London and Lisbon", "", 0)
    strength = every(sentences.strength_sentence, "streaming pipelines")
    assert "your point that the team is split between London and Lisbon" in fact
    assert "confirmed my sense" not in strength and "that work" not in strength and "which is why" not in strength


@pytest.mark.parametrize("text", ["idk", "???", "https://example.com/careers", "Kubernetes", "n/a", "TODO", "🙂",
                                  "x" * 450])
def test_text_that_cannot_make_a_sentence_is_refused(text):
    assert sentences.remark_problem(text)


def test_roles_and_companies_are_read_from_the_common_title_shapes():
    assert role_from_text("thanks for applying to the Senior Data Engineer role", phrase_only=True) == (
        "Senior Data Engineer")
    title = "Northgate Legal Aid - Staff Attorney interview"
    assert company_from_title(title) == "Northgate Legal Aid"
    assert role_from_text(title, "Northgate Legal Aid") == "Staff Attorney"
    assert role_from_text("Interview – ICU Staff Nurse (Nights) – St. Brigid's Hospital") == "ICU Staff Nurse"
    assert company_from_title("Phone screen with Larkspur Labs") == "Larkspur Labs"


def test_role_mailboxes_are_told_from_people():
    assert is_role_mailbox("jobs@pinecrest.example") and is_role_mailbox("office@northside.example")
    assert not is_role_mailbox("joan.smith@pinecrest.example")


@pytest.mark.parametrize("word", ["occured", "begining", "commited", "desing", "refered", "writting", "untill"])
def test_a_misspelt_form_of_a_short_word_is_not_taken_for_a_word(word):
    assert not load_dictionary("en").known_form(word)


@pytest.mark.parametrize("word", ["occurred", "beginning", "committed", "referred", "writing", "app", "onboarding",
                                  "backfilled", "modelling", "funders"])
def test_real_forms_and_workplace_words_are_known(word):
    assert load_dictionary("en").known_form(word)


def test_a_question_reported_as_asked_for_something_says_what_they_asked_for():
    found = every(sentences.remark_sentence, "she asked for an example of keeping a group together under pressure",
                  "", reader="Parveen Akhtar")
    assert "about for" not in found
    assert "you asked for an example of keeping a group together under pressure" in found


def test_a_quantity_of_them_is_the_subject_of_its_verb_and_their_our_becomes_your():
    text = "most of our housing clients come to us a week before the hearing, not a month"
    assert is_clause(text) and sentences.read_form(text) == "point"
    found = every(sentences.remark_sentence, text, "", reader="Cáit Ó Briain")
    assert "appreciated most of" not in found and " our " not in found
    assert "your point that most of your housing clients come to you a week before the hearing" in found


def test_a_strength_that_is_a_bare_noun_gets_its_determiner():
    found = every(sentences.strength_sentence, "habit of writing things down")
    assert "team habit" not in found and "my habit of writing things down" in found
    assert "a forklift ticket" in every(sentences.strength_sentence, "a forklift ticket")


def test_a_question_with_whats_asks_for_the_thing_itself_from_the_candidates_side():
    found = every(sentences.remark_sentence, "what's a level you love that breaks every rule", "", reader="Kenta Ito")
    assert "what's a level" not in found and "what a is" not in found
    assert "your question about a level I love that breaks every rule" in found
    assert "the hardest bug I ever fixed" in sentences.remark_sentence("what is the hardest bug you ever fixed?", "", 0,
                                                                       "Kenta Ito")


def test_by_finds_an_interviewer_whose_invite_name_carries_a_title():
    from mailflow.commands.common import find_person
    from mailflow.model import Interviewer

    cllr = Interviewer("patrick@dunmore.example", "Cllr. Patrick Mulvaney")
    capt = Interviewer("ingvild@ferries.example", "Capt. Ingvild Sørensen")
    assert find_person([cllr, capt], "Patrick Mulvaney").value == cllr
    assert find_person([cllr, capt], "Ingvild Sørensen").value == capt


def test_a_rank_is_known_by_its_shape_and_never_taken_for_a_name():
    from mailflow.commands.common import find_person
    from mailflow.model import Interviewer
    from mailflow.rules.names import read_name

    supt = Interviewer("ruth.okafor@constabulary.example", "Supt. Ruth Okafor")
    dci = Interviewer("tom.rees@constabulary.example", "DCI Tom Rees")
    assert find_person([supt, dci], "Ruth Okafor").value == supt
    assert find_person([supt, dci], "Tom Rees").value == dci
    assert read_name(dci.name, dci.email).greeting == "DCI Rees"
    # two capitals the address spells are a given name; a family name in capitals comes first
    assert read_name("AJ Patel Shah", "aj.patel@firm.example").title == ""
    assert read_name("LEE Min Ho", "minho.lee@firm.example").family == "Lee"
    assert read_name("J. Smith Jones", "j.smith@firm.example").title == ""  # an initial


def test_a_possessive_with_a_compound_noun_is_a_noun_phrase_not_a_clause():
    assert not is_clause("her reading shed in the playground with the beanbags")
    assert is_clause("her reading improved in a term")
    found = every(sentences.remark_sentence, "her reading shed in the playground with the beanbags", "note",
                  reader="Eleri Jones")
    assert "Your reading shed in the playground with the beanbags." not in found
    assert "enjoyed your reading shed in the playground" in found


def test_a_note_about_their_worry_turns_their_our_to_your():
    found = every(sentences.remark_sentence, "his worry about our loans backlog before the reopening", "note",
                  reader="Alasdair Munro")
    assert " our loans" not in found and "your worry about your loans backlog" in found
    assert "our chat" in sentences.remark_sentence("our chat about the loans backlog", "note", 0, "Alasdair Munro")


def test_the_candidates_agreement_tacked_on_a_quote_is_left_out():
    found = every(sentences.remark_sentence, 'he said "a bookshop is a place, not a warehouse" and I agree', "",
                  reader="Cassius Bell")
    assert "and I agree" not in found and "a bookshop is a place, not a warehouse" in found


def test_a_relative_clause_inside_a_noun_phrase_does_not_make_it_a_clause():
    assert not is_clause("Ffion's spreadsheet of every object that's ever been lost and found again")
    found = every(sentences.remark_sentence, "Ffion's spreadsheet of every object that's ever been lost", "note",
                  reader="Ffion Jones")
    assert "Your spreadsheet of every object that's ever been lost." not in found
