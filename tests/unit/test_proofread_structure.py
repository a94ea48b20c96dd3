"""The proofreader reads a clause's structure with the lexicon's parts of speech: the verb
form a modal, "to", "do" or "have" demands; agreement with a subject that is certain; a
question's word order; "an" before a vowel letter said as a consonant; the preposition a
verb or an adjective governs; a sentence with no verb of its own. A thank-you is measured
against what was recorded of its reader, and "desperate" said of someone else is not the
candidate's tone. Each rule is shown with its grammatical look-alikes. The examples are
written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailflow.config import Policy, ProofreadConfig
from mailflow.proofread import ProofContext, proofread
from mailflow.proofread.dictionary import load_dictionary
from tests.harness.proofread_notes import SPECIFIC, Notes
from tests.harness.proofread_notes import TO_LENA_RECORDED as TO_LENA

CLEAN_SENTENCES = [line for line in (Path(__file__).parents[1] / "data" / "clean_sentences.txt").read_text(
    encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
FOLLOW_UP = ProofContext(kind="follow_up", recipient_name="Mia Chen", recipient_email="mia.chen@acme.example",
                         company="Acme", role="Data Analyst", signature="Ana Lima")

findings, errors = Notes(TO_LENA).findings, Notes(TO_LENA).errors


@pytest.mark.parametrize("sentence", [
    # the verb after a modal, "do", "have", "be", "to" and a preposition
    "I would glad to help with the night drills.",
    "I must to say the recall board was the clearest I have seen.",
    "I can helps the night shift with the recall drill.",
    "I have always approach an audit by walking the line first.",
    "I would be grateful to know whether the panel have make a decision.",
    "I have spoke with the night shift about recall drills before.",
    "I hope the week has went well for the quality team.",
    "I didn't realised how much the night shift owns the recall drill.",
    "Hearing about the night shift was remind me of my first audit.",
    "Thank you for consider my application for the Quality Manager post.",
    "I look forward to hear from you about the recall drill.",
    "I am writing to asking whether the panel has decided.",
    # agreement with a subject that is certain
    "It make me glad that the night shift runs the recall drill.",
    "I will send the audit notes if you needs them.",
    "Nobody on my current line own the recall drill either.",
    "Aoife and Tendai was both so welcoming on the night shift.",
    "My manager and I was both surprised by the recall drill.",
    "Your view that the night shift should own the drills nobody else can were exactly right.",
    # word order
    "When you will decide about the Quality Manager post?",
    "Could you let me know when is the decision expected?",
    "I wondered how do night shifts run the recall drill.",
    "Is very good to hear that the night shift runs the recall drill.",
    # articles, comparatives, counting
    "Your point about the night shift was an useful reminder for my audits.",
    "A drill the night shift runs is more better than one the day shift watches.",
    "I have seen recall drills fail in many factory.",
    # the preposition a verb or an adjective governs
    "You explained me why the night shift runs the recall drill.",
    "I would be glad to discuss about how I ran recall drills at my last site.",
    "I am still very interested the Quality Manager post.",
    "I am very interested on running recall drills with the night shift.",
    "I remain keen of joining the quality team.",
    "Since three years I am running recall drills on night shifts.",
    # two sentences run together, a subject said twice, no verb of its own
    "Your point about the night shift stayed with me I have already changed my audit plan.",
    "Your point about the night shift it made me rethink my audit plan.",
    "Your description of the monthly recall drill on the night shift and of the way it keeps everyone sharp.",
])
def test_clauses_broken_in_their_structure_are_grammar_errors(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar"), sentence


@pytest.mark.parametrize("sentence", [
    "I would really welcome the chance to work with the night shift.",
    "Promoting people from the line whenever you can says a great deal about Fernhill Foods.",
    "I have learnt a lot from recall drills, and I had had three audits before mine.",
    "What the night shift did changed how I plan an audit.",
    "I look forward to hearing from you, and I am used to designing audits for night shifts.",
    "I am contributing to building a recall plan at my current site.",
    "It was helpful to hear how the drill works; let it run as it is.",
    "Could you let me know when you expect to decide?",
    "I asked whether the night shift ever minds the drill, and you said it rarely does.",
    "I know what is expected of a Quality Manager at Fernhill Foods.",
    "Had I known about the drill, I would have asked more.",
    "An SEN plan, a one-page summary, a unique audit, a European site, an hour and an unusual drill.",
    "The number of recalls the night shift catches is striking.",
    "Treating the night shift as part of the team is what drew me to Fernhill Foods.",
    "Marks and Spencer has run recall drills for years.",
    "I am afraid the audit ran late, and I am keen on drills.",
    "I have been running recall drills for three years, since 2021.",
    "The drill is better than anything I have seen, and it is the best I know.",
    "I have seen recall drills in many factories, in several plants and in these.",
    "The simulated recall on the night shift was the most useful hour of my visit.",
    "Your point that the night shift should own the drill, not the day shift, is one I share.",
])
def test_grammatical_clauses_of_those_structures_are_not_flagged(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == [], sentence


# ---- a note that names nothing of this reader -------------------------------------------------

@pytest.mark.parametrize("body", [
    "I really appreciated the insights you shared about the work of the team and the challenges of the role.",
    "Thank you for your interesting questions. It was great to learn more about the department's approach.",
    "I valued hearing your perspective, and our discussion was very helpful in understanding the role.",
    "I am a caring, hard-working manager with strong communication skills and would be an asset to your site.",
    "I have long admired Fernhill Foods' mission and the important work you do.",
])
def test_praise_that_names_nothing_the_reader_said_is_generic_when_their_remark_is_known(body):
    assert errors(body, check="generic"), body


@pytest.mark.parametrize("body", [
    SPECIFIC,
    "You said the night shift should run the recall drill, and I agree.",
    "The allergen swab rota you sketched on the whiteboard is what I would like to build on.",
    "At my current site I moved our audits to the night shift.",
])
def test_a_note_about_what_the_reader_said_or_the_candidates_own_work_is_not_generic(body):
    assert errors(body, check="generic") == [], body


def test_with_nothing_recorded_of_the_reader_a_rare_word_is_taken_as_the_conversations():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": (), "recorded_words": ()})
    body = "I'm sorry my answer on chromatography was so short."
    assert errors(body, ctx, check="generic") == []
    assert errors(body, TO_LENA, check="generic")


# ---- desperate, said of someone else ------------------------------------------------------------

@pytest.mark.parametrize("body, error", [
    ("I am desperate for this job.", True),
    ("I desperately want to join the quality team.", True),
    ("You are right that most recalls reach us late, and the customers are usually desperate by then.", False),
    ("The small suppliers I audited were often desperate for work and cut corners.", False),
])
def test_desperate_is_the_candidates_tone_only_when_said_of_the_candidate(body, error):
    found = [f for f in findings(f"{SPECIFIC} {body}") if f.check == "banned-phrase"]
    assert found and (found[0].severity == "error") == error


# ---- spelling: a derivation two letters from a common word is its typo --------------------------

@pytest.mark.parametrize("word, known", [("greatful", False), ("truely", False), ("hopeful", True),
                                         ("truly", True), ("rotaless", True)])
def test_a_derived_word_near_a_common_one_is_a_typo(word, known):
    dictionary = load_dictionary("en")
    assert (dictionary.known_form(word) or dictionary.derived(word)) == known


def test_a_modal_ending_its_clause_is_not_read_with_the_next_verb_but_a_past_after_it_is_an_error():
    assert errors(f"{SPECIFIC} Running drills whenever you can says a lot about a site.", check="grammar") == []
    assert errors(f"{SPECIFIC} I would be grateful if you could shared any feedback.", check="grammar")


def test_a_sentence_cut_at_an_abbreviation_is_not_read_as_one_with_no_verb():
    assert errors(f"{SPECIFIC} The Quality Manager role at Fernhill Foods Ltd. is the work I want to do next.",
                  check="grammar") == []


def test_a_word_doubled_across_a_line_break_and_two_capitals_before_a_hyphen_are_errors():
    assert [f.check for f in errors(f"{SPECIFIC} Owning the drill is the\nthe right goal.")] == ["doubled-word"]
    assert errors(f"{SPECIFIC} Running MIxed-shift drills is what I know.", check="spelling")
    assert errors(f"{SPECIFIC} I will bring the plan.\nThe plan is ready.", check="doubled-word") == []


def test_the_readers_own_our_or_we_written_again_is_the_employers_unless_the_candidates_workplace_is_named():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("our night shift runs the recall drill, and we audit "
                                                               "every line monthly",)})
    assert errors("Having our night shift run the recall drill is the right call.", ctx, check="perspective")
    assert errors("Because we audit every line monthly, the drill stays honest.", ctx, check="perspective")
    assert errors("At my current site our night shift runs a drill as well.", ctx, check="perspective") == []
    assert errors("I enjoyed our conversation about the recall drill.", ctx, check="perspective") == []


def test_the_readers_own_we_inside_their_reported_idea_is_left_alone():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("we audit every line monthly",)})
    assert errors("I liked your idea that a drill should change how we audit every line.", ctx,
                  check="perspective") == []


def test_the_whole_recorded_remark_repeated_with_its_we_is_a_warning_in_a_composed_draft_an_error_by_hand():
    remark = "every line we audit has to pass twice"
    composed = ProofContext(**{**TO_LENA.__dict__, "reader_notes": (remark,), "recorded": (remark,)})
    found = [f for f in findings("I keep thinking back to every line we audit has to pass twice.", composed)
             if f.check == "perspective"]
    assert found and all(f.severity == "warning" for f in found)
    typed = ProofContext(**{**TO_LENA.__dict__, "reader_notes": (remark,)})
    assert errors("I keep thinking back to every line we audit has to pass twice.", typed, check="perspective")


def test_a_we_in_a_past_story_recorded_for_the_reader_is_the_candidates_own():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("in 2021 we audited 300 lines in a month",)})
    assert errors("I would also add that in 2021 we audited 300 lines in a month.", ctx, check="perspective") == []


@pytest.mark.parametrize("sentence", CLEAN_SENTENCES)
def test_a_careful_sentence_raises_no_grammar_error(sentence):
    found = proofread("Following up", f"Dear Mia,\n\n{sentence}\n\nBest regards,\nAna Lima\n", FOLLOW_UP,
                      ProofreadConfig(), Policy(timezone="UTC"))
    assert [f for f in found if f.check == "grammar" and f.severity == "error"] == []
