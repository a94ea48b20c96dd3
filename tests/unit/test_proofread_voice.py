"""The proofreader reads who a note speaks to and whether it says anything of this
conversation, and catches grammar faults by the shape of the sentence: the reader's name
in the third person, "she" for the reader, "our" for the employer, a note that could go to
anyone, fragments, fused constructions, a lost verb. Clean notes that look like them stay
clean. The examples are written for these tests."""

from __future__ import annotations

import pytest

from mailflow.config import Policy, ProofreadConfig
from mailflow.proofread import ProofContext, proofread

TO_LENA = ProofContext(kind="thank_you", recipient_name="Lena Okoro", recipient_email="lena.okoro@fernhill.example",
                       company="Fernhill Foods", role="Quality Manager", signature="Sam Reyes",
                       known_words=("Lena Okoro", "Piotr Nowak", "Fernhill Foods", "Quality Manager", "Sam Reyes"))


def errors(body: str, ctx: ProofContext = TO_LENA, check: str | None = None, subject: str = "Thank you") -> list:
    found = proofread(subject, f"Dear Lena,\n\n{body}\n\nBest regards,\nSam Reyes\n", ctx, ProofreadConfig(), Policy())
    return [f for f in found if f.severity == "error" and (check is None or f.check == check)]


SPECIFIC = "Your point that a recall drill is only useful when the night shift runs it has stayed with me."


# ---- the reader in the third person ------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Lena's point that a recall drill only counts when the night shift runs it has stayed with me.",
    "As Lena put it, a recall drill only counts when the night shift runs it.",
    "Please pass on my thanks to Lena for the tour of the line.",
    "Ms Okoro mentioned that the audit is in March, and I would be glad to help prepare it.",
])
def test_the_readers_own_name_in_the_third_person_is_an_error(sentence):
    assert [f.excerpt for f in errors(sentence, check="perspective")]


@pytest.mark.parametrize("sentence", [
    f"{SPECIFIC} Thanks again, Lena.",
    f"Lena, thank you again. {SPECIFIC}",
    f"{SPECIFIC} Please pass my thanks to Piotr as well.",
])
def test_the_readers_name_said_to_them_or_another_persons_name_is_fine(sentence):
    assert errors(sentence, check="perspective") == []


def test_she_for_the_reader_is_an_error_but_not_when_someone_else_was_named_first():
    assert errors("I enjoyed the tour she gave me of the packing line, and I would bring the same care.",
                  check="perspective")
    assert errors("Piotr showed me the packing line, and she explained the allergen plan; "
                  f"{SPECIFIC}", check="perspective") == []
    assert errors(f"{SPECIFIC} My manager says she has never seen a cleaner audit.", check="perspective") == []


# ---- "our" for the employer ------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "I would love to help our line hit its audit targets.",
    "I hope our inspectors find the right person soon.",
    f"{SPECIFIC} Our suppliers deserve a clearer specification.",
])
def test_our_for_the_employer_in_a_candidates_voice_is_an_error(sentence):
    assert errors(sentence, check="perspective")


@pytest.mark.parametrize("sentence", [
    "I enjoyed our conversation about recall drills and hope our paths cross again.",
    "At my current plant we cut our complaint rate by a third, and I would bring that habit.",
    "Last year we moved our audits to a rolling schedule, which halved the backlog.",
    "I would be glad to share our allergen checklist if it helps.",
    "I think our profession undersells how much of quality is training.",
    "I would also add: at Oakridge I cut our waste spend by a third in one quarter.",
])
def test_our_that_is_the_candidates_own_or_shared_is_fine(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="perspective") == []


def test_quoted_words_are_the_readers_and_are_not_read_for_perspective():
    assert errors('You said "our suppliers deserve better specifications", and I agree.', check="perspective") == []


# ---- a note that could go to anyone ---------------------------------------------------------

def test_a_thank_you_that_could_go_to_anyone_is_an_error():
    body = ("Thank you for taking the time to meet me today. I enjoyed learning more about the position, "
            "and I believe I would be a great fit. I look forward to hearing from you.")
    assert [f.check for f in errors(body)] == ["generic"]


@pytest.mark.parametrize("body", [
    SPECIFIC,
    "Thank you for today. You described how the night shift owns the recall drill, and that is how I run mine.",
    "Thank you for today. On my last team we ran a recall drill every quarter, and I would bring that to Fernhill Foods.",
])
def test_a_thank_you_about_the_conversation_or_the_candidates_own_work_is_not_generic(body):
    assert errors(body, check="generic") == []


def test_words_shared_with_the_recorded_remark_make_a_note_specific():
    ctx = ProofContext(**{**TO_LENA.__dict__, "recorded_words": ("allergen labelling is where most recalls start",)})
    body = "Thank you for today. I enjoyed hearing about allergen labelling, and I hope to hear from you soon."
    assert errors(body, ctx, check="generic") == []
    assert errors(body.replace("allergen labelling", "the role"), ctx, check="generic")


def test_a_rarer_word_from_what_was_recorded_about_this_reader_makes_a_note_specific():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("freezer storage is checked twice a shift",)})
    body = "Thank you for today. I enjoyed hearing about the freezer checks, and I hope to hear from you soon."
    assert errors(body, ctx, check="generic") == []
    assert errors(body, TO_LENA, check="generic")


def test_a_follow_up_or_a_note_with_a_slot_for_the_remark_is_not_judged_generic():
    follow_up = ProofContext(**{**TO_LENA.__dict__, "kind": "follow_up"})
    assert errors("I remain very interested in the role and happy to send anything useful.", follow_up,
                  check="generic") == []
    assert errors("Thank you for today. I enjoyed [REMARK: what Lena said].", check="generic") == []


# ---- grammar by the shape of the sentence -------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "You said allergens cause most recalls. Which is exactly what I saw at my last plant.",
    "I decided to accepting another offer.",
    "I look forward hearing from you.",
    "Thank you for let me know.",
    "I would like to add to my answer on at the panel about audits.",
    "Thank you for the time you and Piotr.",
    "I keep thinking about your point about night shifts own the drill for the whole site.",
    "Your comment that a good audit is one the floor team actually reads really resonate with me.",
])
def test_grammar_faults_of_sentence_shape_are_errors(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar")


@pytest.mark.parametrize("sentence", [
    "I look forward to hearing from you.",
    "The audit tool I worked on at my last plant is one I would gladly show you.",
    "I have run recall drills for at least five years.",
    "Thank you for showing me the packing line.",
    "I would be happy to bring the checklist I mentioned.",
    "Which shift runs the drill?",
    "It was a pleasure to meet you and Piotr.",
    "Your point that a good audit is one the floor team reads really resonates with me.",
])
def test_grammatical_sentences_of_the_same_shapes_are_not_flagged(sentence):
    assert errors(f"{SPECIFIC} {sentence}", check="grammar") == []


# ---- clean notes that looked like faults -------------------------------------------------------

FOLLOW_UP = ProofContext(kind="follow_up", recipient_name="Lena Okoro", recipient_email="lena.okoro@fernhill.example",
                         company="Fernhill Foods", role="Quality Manager", signature="Sam Reyes")


def test_the_candidate_offering_their_own_speed_is_no_pressure_on_the_reader():
    assert errors("I remain keen on the role; I will be pleased to send my references without delay.", FOLLOW_UP,
                  check="banned-phrase") == []
    assert errors("My food safety and urgent care certificates were renewed in May.", FOLLOW_UP,
                  check="banned-phrase") == []
    assert errors("Please reply without delay.", FOLLOW_UP, check="banned-phrase")


def test_a_capitalised_word_inside_a_run_of_acronyms_is_not_shouting():
    assert errors("My HACCP PIN and BRC cards are current.", FOLLOW_UP, check="shouting") == []
    assert errors("I am VERY keen on the role.", FOLLOW_UP, check="shouting")


def test_a_signature_after_a_dash_line_is_not_counted_as_the_note():
    body = (f"Dear Lena,\n\n{SPECIFIC}\n\nBest wishes,\nSam\n\u2014\nSam Reyes | Quality Lead\n"
            "T: 0117 496 0000 | M: 07700 900000\n")
    found = proofread("Thank you", body, TO_LENA, ProofreadConfig(), Policy())
    assert [f for f in found if f.check == "length"] == []


def test_the_company_inside_an_email_address_is_not_a_misspelling():
    body = f"{SPECIFIC}\n\nOn Mon, Lena Okoro <lena@fernhillfoods.example> wrote:\n> Thanks Sam"
    assert errors(body, ProofContext(**{**TO_LENA.__dict__, "company": "Fernhillfoods"}), check="company") == []


def test_a_compensation_claim_is_not_pay_talk():
    assert errors(f"{SPECIFIC} I have handled a supplier compensation claim end to end.", check="salary") == []
    assert errors(f"{SPECIFIC} What is the compensation for the role?", check="salary")


def test_see_the_attached_with_nothing_attached_is_an_error():
    assert errors(f"{SPECIFIC} Please see the attached audit plan.", check="attachment")
    assert errors(f"{SPECIFIC} The plan is attached to the shift rota on the wall.", check="attachment") == []


def test_asking_for_an_answer_as_soon_as_they_possibly_can_is_pressure():
    assert errors("I remain keen on the role; please tell me the outcome as soon as you possibly can.", FOLLOW_UP,
                  check="banned-phrase")


def test_pleading_after_a_rejection_is_desperate():
    rejection = ProofContext(**{**FOLLOW_UP.__dict__, "kind": "rejection_reply"})
    assert errors("Thank you for letting me know. Is there anything at all I can do to change your mind?", rejection,
                  check="banned-phrase")
    assert errors("Thank you for letting me know. I really need this.", rejection, check="banned-phrase")


def test_a_curly_single_quote_left_open_is_an_error_but_an_apostrophe_is_not():
    assert errors(f"{SPECIFIC} Your \u2018audit first, fix later approach is one I'd be glad to help with.",
                  check="grammar")
    assert errors(f"{SPECIFIC} Your \u2018audit first\u2019 approach is one I'd be glad to help with.",
                  check="grammar") == []


def test_a_title_keeps_the_particle_of_a_surname():
    ctx = ProofContext(kind="withdrawal", recipient_name="Owen ap Rhys", recipient_email="owen@school.example",
                       company="Hillside School", role="Teacher", signature="Sam Reyes")
    found = proofread("Withdrawal", "Dear Mr Rhys,\n\nI have accepted another post.\n\nKind regards,\nSam Reyes\n",
                      ctx, ProofreadConfig(), Policy())
    assert [f.check for f in found if f.severity == "error"] == ["name"]
    found = proofread("Withdrawal", "Dear Mr ap Rhys,\n\nI have accepted another post.\n\nKind regards,\nSam Reyes\n",
                      ctx, ProofreadConfig(), Policy())
    assert [f for f in found if f.check == "name"] == []


def test_in_a_rejection_reply_the_call_this_morning_is_the_companys_news():
    from datetime import date, datetime, timezone

    ctx = ProofContext(kind="rejection_reply", recipient_name="Lena Okoro", company="Fernhill Foods",
                       role="Quality Manager", signature="Sam Reyes", interview_days=(date(2026, 3, 2),),
                       now=datetime(2026, 3, 9, 12, 0, tzinfo=timezone.utc))
    assert errors("Thanks for the call this morning; I'd welcome any feedback.", ctx, check="wrong-date") == []
    assert errors("Thank you for meeting me this morning; I'd welcome any feedback.", ctx, check="wrong-date")


def test_a_role_with_an_ordinal_names_no_date():
    from datetime import date

    ctx = ProofContext(**{**TO_LENA.__dict__, "role": "2nd Officer", "interview_days": (date(2026, 5, 7),)})
    assert errors(f"Thank you for speaking with me about the 2nd Officer role. {SPECIFIC}", ctx,
                  check="wrong-date") == []
    assert errors(f"Thank you for speaking with me on the 2nd about the role. {SPECIFIC}", ctx, check="wrong-date")


def test_a_word_the_user_recorded_about_this_reader_is_only_a_warning_in_their_note():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("my zim run in the fog scenario",)})
    body = f"{SPECIFIC} I enjoyed my zim run in the fog scenario."
    assert errors(body, ctx, check="spelling") == []
    assert errors(body, TO_LENA, check="spelling")


def test_a_title_on_the_invite_is_a_title_in_the_greeting():
    ctx = ProofContext(kind="thank_you", recipient_name="Cllr. Patrick Mulvaney", company="Dunmore Council",
                       role="Housing Officer", signature="Sam Reyes")
    found = proofread("Thank you", f"Dear Cllr. Mulvaney,\n\n{SPECIFIC}\n\nKind regards,\nSam Reyes\n", ctx,
                      ProofreadConfig(), Policy())
    assert [f for f in found if f.check == "name"] == []


def test_a_recorded_word_typed_with_two_capitals_in_the_note_is_still_an_error():
    ctx = ProofContext(**{**TO_LENA.__dict__, "reader_notes": ("the maths of a freezer check",)})
    assert errors(f"{SPECIFIC} I enjoyed the MAths of it.", ctx, check="spelling")


def _spelling(body: str, ctx: ProofContext) -> list:
    found = proofread("Thank you", f"Dear Lena,\n\n{body}\n\nBest regards,\nSam Reyes\n", ctx, ProofreadConfig(), Policy())
    return [f for f in found if f.check == "spelling"]


def test_a_word_the_user_was_warned_about_when_recording_it_is_not_warned_about_again_in_the_draft():
    from mailflow.proofread.checks import check_recorded

    remark = "the taxa list from the Incheon survey"
    told = {f.excerpt for f in check_recorded(remark, ProofContext(), ProofreadConfig())}
    assert {"taxa", "Incheon"} <= told  # said once, when the user recorded it
    ctx = ProofContext(**{**TO_LENA.__dict__, "recorded": (remark,)})
    body = f"{SPECIFIC} I keep thinking about the taxa list from the Incheon survey."
    assert _spelling(body, ctx) == []
    assert {f.excerpt for f in _spelling(body, TO_LENA)} == {"taxa", "Incheon"}  # not recorded: warned


def test_a_likely_typo_the_user_recorded_is_said_once_when_recorded_and_not_again_in_the_draft():
    from mailflow.proofread.checks import check_recorded

    remark = "the recal drill on nights"
    assert [f.excerpt for f in check_recorded(remark, ProofContext(), ProofreadConfig())] == ["recal"]
    ctx = ProofContext(**{**TO_LENA.__dict__, "recorded": (remark,)})
    assert _spelling(f"{SPECIFIC} I keep thinking about the recal drill on nights.", ctx) == []
    assert [f.excerpt for f in _spelling(f"{SPECIFIC} I keep thinking about the recal drill.", TO_LENA)] == ["recal"]
