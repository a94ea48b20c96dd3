"""The proofreader reads a note as a careful writer would: a courtesy apology, the
candidate's own workplace and a rank on the invite are not faults; the reader's "our"
reported back, a part of the day that does not fit the interview, and grammar broken in
its shape are. The examples are written for these tests."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from mailflow.config import Policy, ProofreadConfig
from mailflow.proofread import ProofContext, proofread
from tests.harness.proofread_notes import SPECIFIC, TO_LENA, Notes

FOLLOW_UP = ProofContext(**{**TO_LENA.__dict__, "kind": "follow_up"})
found = Notes(TO_LENA).errors


# ---- apology and "our" ---------------------------------------------------------------------

def test_apologising_for_the_short_notice_is_courtesy_but_for_an_answer_is_an_error():
    assert found("I remain keen on the role. I apologise for the short notice, but I am away next week.",
                 FOLLOW_UP, check="apology") == []
    assert found("I remain keen on the role. I apologise for my answer on audits.", FOLLOW_UP, check="apology")
    assert found("I remain keen on the role. I apologise for the rambling answer on audits.", FOLLOW_UP,
                 check="apology")


def test_our_at_a_place_the_candidate_names_is_their_own_workplace():
    assert found(f"{SPECIFIC} At Brookside our line only runs a drill once a year.", check="perspective") == []
    assert found(f"{SPECIFIC} In Year 7 our pupils would need a quieter start.", check="perspective")


def test_our_in_what_the_reader_said_is_the_employers():
    assert found("You said most of our suppliers send their audits late, and I have been thinking about it.",
                 check="perspective")
    assert found("You said our conversation ran long, and I enjoyed every minute.", check="perspective") == []


# ---- titles ---------------------------------------------------------------------------------

def test_a_rank_on_the_invite_known_by_its_shape_greets_and_is_read_as_the_reader():
    ctx = ProofContext(**{**TO_LENA.__dict__, "recipient_name": "DCI Lena Okoro"})
    assert found(SPECIFIC, ctx, check="name", greeting="Dear DCI Okoro,") == []
    assert found(f"{SPECIFIC} DCI Okoro mentioned the audit.", ctx, check="perspective")


def test_any_title_of_the_shared_list_is_accepted_before_the_family_name():
    assert found(SPECIFIC, check="name", greeting="Dear Cllr Okoro,") == []
    assert found(SPECIFIC, check="name", greeting="Dear Dr. Okoro,") == []
    assert found(SPECIFIC, check="name", greeting="Dear Dr Okro,")


# ---- the part of the day --------------------------------------------------------------------

AFTERNOON = ProofContext(**{**TO_LENA.__dict__, "interview_days": (date(2026, 3, 2),),
                            "interview_times": ((datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc),
                                                 datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)),),
                            "now": datetime(2026, 3, 2, 19, 0, tzinfo=timezone.utc)})


def test_this_morning_for_an_afternoon_interview_is_an_error():
    assert found(f"Thank you for meeting me this morning. {SPECIFIC}", AFTERNOON, check="wrong-date")
    assert found(f"Thank you for this morning's interview. {SPECIFIC}", AFTERNOON, check="wrong-date")
    assert found(f"Thank you for meeting me this afternoon. {SPECIFIC}", AFTERNOON, check="wrong-date") == []
    assert found(f"Thank you for meeting me today. {SPECIFIC}", AFTERNOON, check="wrong-date") == []


def test_an_interview_running_past_noon_fits_this_afternoon():
    ctx = ProofContext(**{**AFTERNOON.__dict__,
                          "interview_times": ((datetime(2026, 3, 2, 11, 0, tzinfo=timezone.utc),
                                               datetime(2026, 3, 2, 12, 30, tzinfo=timezone.utc)),)})
    assert found(f"Thank you for meeting me this afternoon. {SPECIFIC}", ctx, check="wrong-date") == []
    assert found(f"Thank you for meeting me this morning. {SPECIFIC}", ctx, check="wrong-date") == []


def test_thanking_again_for_this_mornings_call_in_a_rejection_reply_is_the_interview():
    ctx = ProofContext(kind="rejection_reply", recipient_name="Lena Okoro", company="Fernhill Foods",
                       role="Quality Manager", signature="Sam Reyes", interview_days=(date(2026, 3, 2),),
                       now=datetime(2026, 3, 9, 12, 0, tzinfo=timezone.utc))
    assert found("Thank you for letting me know, and again for this morning's call.", ctx, check="wrong-date")
    assert found("Thanks for the call this morning; I'd welcome any feedback.", ctx, check="wrong-date") == []


# ---- the dictionary -----------------------------------------------------------------------

@pytest.mark.parametrize("word", ["wireframes", "paediatric", "haematology", "safeguarding", "dashboarding"])
def test_words_the_lexicon_knows_or_built_of_known_words_are_not_errors(word):
    assert found(f"{SPECIFIC} I would welcome feedback on my {word} work.", check="spelling") == []


@pytest.mark.parametrize("word", ["occured", "begining", "commited", "desing", "dissapointed", "arguement"])
def test_a_word_one_slip_from_a_dictionary_word_is_still_an_error(word):
    assert found(f"{SPECIFIC} I was {word} about it.", check="spelling")


def test_a_word_nothing_knows_and_no_typo_of_one_is_a_warning():
    out = proofread("Thank you", f"Dear Lena,\n\n{SPECIFIC} I use the zqxplor method.\n\nBest regards,\nSam Reyes\n",
                    TO_LENA, ProofreadConfig(), Policy())
    assert [(f.check, f.severity) for f in out if f.excerpt == "zqxplor"] == [("spelling", "warning")]


# ---- grammar by the shape of the sentence ------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "I have accept another offer.",
    "I would accepted the post gladly.",
    "I hope to helped the team with audits.",
    "Thank you for the time you spent to interview me.",
    "I enjoyed to meet the night shift.",
    "I am very interesting in the audit work.",
    "I would bring my designing accessible forms to the role.",
    "I admire a manager who promote its own staff.",
    "Your point that the audit budget by the slowest site, not the average.",
    "I keep thinking about your point about night shifts only count if the drill is real.",
    "It was a honour to meet you.",
])
def test_grammar_faults_of_verb_form_agreement_and_shape_are_errors(sentence):
    assert found(f"{SPECIFIC} {sentence}", check="grammar")


@pytest.mark.parametrize("sentence", [
    "I have accepted another offer.",
    "I have work to finish first.",
    "I would accept the post gladly.",
    "I hope to help the team with audits.",
    "Thank you for the time you spent interviewing me.",
    "I enjoyed meeting the night shift.",
    "I am very interested in the audit work.",
    "I am working in a team of four.",
    "I would bring my teaching experience to the role.",
    "I admire a manager who promotes her own staff.",
    "Your point that the audit budget is set by the slowest site stayed with me.",
    "It was an honour to meet you, and a useful hour.",
    "We will see how our meeting last week shapes the plan.",
])
def test_grammatical_sentences_of_those_shapes_are_not_flagged(sentence):
    assert found(f"{SPECIFIC} {sentence}", check="grammar") == []


# ---- a note that could go to anyone -------------------------------------------------------------

def test_the_values_you_described_is_no_point_of_theirs():
    body = "Many thanks for meeting me. The position would be a great fit, and the values you described are ones I share."
    assert found(body, check="generic")
    assert found("Thank you for meeting me. You said a recall drill needs the night shift, and I agree.",
                 check="generic") == []


def test_a_place_or_company_name_is_no_topic_of_the_conversation():
    body = "I enjoyed our conversation and the chance to join Fernhill Foods at Brookmere Park."
    assert found(body, check="generic")
    assert found("I enjoyed our conversation about allergen labelling at Brookmere Park.", check="generic") == []


def test_asking_about_the_pay_point_or_annual_leave_in_a_thank_you_is_pay_talk():
    assert found(f"{SPECIFIC} Could you tell me which pay point I would start on?", check="salary")
    assert found(f"{SPECIFIC} How much annual leave comes with the post?", check="salary")
    assert found(f"{SPECIFIC} I would pay attention to the night shift first.", check="salary") == []


def test_days_proposed_for_a_call_are_not_the_interview_but_a_wrong_day_for_it_is():
    ctx = ProofContext(**{**FOLLOW_UP.__dict__, "interview_days": (date(2026, 3, 2),),
                          "now": datetime(2026, 3, 16, 9, 0, tzinfo=timezone.utc)})
    assert found("I apologise for the short notice, but I will be away from Monday to Wednesday next week, so a call "
                 "on Thursday or Friday would suit best if you need me.", ctx, check="wrong-date") == []
    assert found("A call on Thursday suits me best, if that helps.", ctx, check="wrong-date") == []
    assert found("Thank you again for the call on Thursday; I remain keen on the role.", ctx, check="wrong-date")


def test_a_decision_date_the_recorded_timeline_does_not_say_is_an_error():
    ctx = ProofContext(**{**FOLLOW_UP.__dict__, "interview_days": (date(2026, 3, 2),),
                          "timeline_days": (date(2026, 3, 13),), "now": datetime(2026, 3, 16, 9, 0, tzinfo=timezone.utc)})
    assert found("You mentioned a decision by Friday 6 March, so I wanted to say I remain keen.", ctx,
                 check="wrong-date")
    assert found("You mentioned a decision by Friday 13 March, so I wanted to say I remain keen.", ctx,
                 check="wrong-date") == []
    assert found("I will be away from Monday 23 March, so any day before then suits me.", ctx,
                 check="wrong-date") == []


def test_what_they_asked_named_from_the_recorded_remark_is_specific():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("Tell me about a deal you lost.",)})
    assert found("I appreciated the chance to tell you about a deal I lost when you asked.", ctx,
                 check="generic") == []


# ---- what mailflow's own drafts say, read as the words they are ---------------------------------

def test_a_word_of_the_company_name_near_the_role_is_the_company_not_the_role_misspelt():
    pharmacy = ProofContext(**{**TO_LENA.__dict__, "company": "Bluefin Pharmacy", "role": "Pharmacist",
                               "known_words": ("Lena Okoro", "Bluefin Pharmacy", "Pharmacist", "Sam Reyes")})
    assert found(f"Thank you for the Pharmacist interview at Bluefin Pharmacy. {SPECIFIC}", pharmacy, "role") == []
    assert found(f"Thank you for the Pharmacsit interview at Bluefin Pharmacy. {SPECIFIC}", pharmacy, "role")


def test_the_role_in_the_plural_is_the_role_and_a_slip_in_it_is_an_error():
    assert found(f"Thank you for the Quality Manager interview. {SPECIFIC} Quality Managers there must be busy.",
                 check="role") == []
    assert found(f"Thank you for the Quality Manger interview. {SPECIFIC}", check="role")


def test_the_everyday_word_a_company_is_named_for_is_not_its_name_miswritten():
    board = ProofContext(**{**TO_LENA.__dict__, "company": "Board"})
    assert found(f"Thank you for the Quality Manager interview at Board. {SPECIFIC} The board wants a plan.",
                 board, "company") == []
    assert found(f"Thank you for the interview at Fernhill Foods. {SPECIFIC} fernhill foods was kind.",
                 check="company")


def test_a_day_the_candidate_is_available_is_not_the_interview_day_miswritten():
    days = ProofContext(**{**TO_LENA.__dict__, "interview_days": (date(2026, 3, 17),),
                           "now": datetime(2026, 3, 17, 20, tzinfo=timezone.utc)})
    assert found(f"{SPECIFIC} I am available from 1 April if a further conversation would help.", days,
                 "wrong-date") == []
    assert found(f"{SPECIFIC} I am available Thursday and Friday afternoons if a further conversation would help.",
                 days, "wrong-date") == []
    assert found(f"Thank you for speaking with me on 18 March. {SPECIFIC}", days, "wrong-date")


def test_a_word_in_capitals_is_said_as_the_word_when_the_article_is_chosen():
    from mailflow.proofread.grammar import check_sentence

    assert check_sentence("Your question about a LEFT JOIN and a NOT EXISTS has stayed with me.") == []
    assert check_sentence("We signed a NDA before the call.")
