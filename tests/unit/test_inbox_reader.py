"""The second inbox reader (``rules.reader``, shipped as ``mailflow/inbox_model.json``): it reads
what the rules leave unsure, never makes a rejection or an offer without a rule's weak cue of
the same class, is opened only when needed, and is the model the labelled sets train."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mailflow import inbox_model
from mailflow.model import MailClass
from mailflow.rules import reader
from mailflow.rules.inbox import classify, message_features, second_reading, weak_cue
from mailflow.rules.letter import Letter

REPO = Path(__file__).resolve().parents[2]
WHEN = datetime(2026, 11, 16, 10, 0, tzinfo=timezone.utc)


def letter(text: str, subject: str = "Re: your application", sender: str = "dana.moss@acme.example",
           **headers: str) -> Letter:
    return Letter(sender=sender, sender_name="Dana Moss", subject=subject, date=WHEN,
                  headers={k.lower().replace("_", "-"): v for k, v in headers.items()}, text=text)


def model() -> reader.Model:
    found = inbox_model.load()
    assert found is not None, "mailflow/inbox_model.json is missing: run bench/inbox/train.py"
    return found


# ---- messages written for these tests, in none of the labelled sets --------------------------

HELD_OUT = [
    (MailClass.SCHEDULING, "Hi Alex, the panel would like to meet you for the final round. Could you pick a slot "
                           "on Tuesday or Wednesday afternoon and send me two options?\n\nBest, Dana"),
    (MailClass.TIMELINE, "Hi Alex, a quick update: the hiring committee meets again on Thursday and we expect to "
                         "come back to you with a decision by the end of next week.\n\nDana"),
    (MailClass.RECEIPT, "Thank you for applying to Acme. This is to confirm that we have received your "
                        "application for the Data Engineer position. Our team will review it carefully."),
    (MailClass.AUTOREPLY, "I am out of the office with limited access to email until Monday 23 November. For "
                          "urgent matters please contact recruiting@acme.example."),
    (MailClass.PAUSED, "Hi Alex, I wanted to let you know that the Data Engineer requisition has been put on hold "
                       "for budget reasons. We will reach out if it reopens in the new year."),
    (MailClass.BULK, "Acme Careers weekly: 12 new jobs this week in Berlin and remote. Read our engineering blog, "
                     "meet our people and manage your job alert preferences here."),
]


@pytest.mark.parametrize("want, text", HELD_OUT, ids=[k.value for k, _ in HELD_OUT])
def test_the_classifier_reads_a_message_it_was_not_trained_on_as_its_class(want, text):
    said = reader.guess(model(), message_features(letter(text)))
    assert said.kind == want.value, said


@pytest.mark.parametrize("want, text", [
    (MailClass.REJECTION, "Dear Alex,\n\nthank you for the time you gave us. Unfortunately the team has chosen to "
                          "continue with a candidate whose experience is closer to what the role needs right now.\n\n"
                          "Kind regards, Dana"),
    (MailClass.OFFER, "Dear Alex,\n\nI am delighted to send you our offer for the Data Engineer role: the contract "
                      "and the salary details are attached, with a start date of 4 January.\n\nBest, Dana"),
], ids=["rejection", "offer"])
def test_the_classifier_reads_a_rejection_and_an_offer_it_was_not_trained_on(want, text):
    said = reader.guess(model(), message_features(letter(text)))
    assert said.kind == want.value, said
    assert weak_cue(want, text)


# ---- never a rejection or an offer without a corroborating cue ----------------------------------

def confident(kind: MailClass) -> reader.Guess:
    return reader.Guess(kind.value, 0.999, ("x",), {kind.value: 0.999})


@pytest.mark.parametrize("kind, text", [
    (MailClass.OFFER, "We are unable to offer you a time this week; would Monday work instead?"),
    (MailClass.OFFER, "Thanks Alex, I will pass your notes on to the team."),
    (MailClass.OFFER, "If we decide to make you an offer, we will call you first."),
    (MailClass.REJECTION, "If you are not selected for the next round, we will keep your profile on file."),
    (MailClass.REJECTION, "We have not made a decision yet on your application."),
    (MailClass.REJECTION, "Thanks for the note, talk soon!"),
], ids=["unable-to-offer-a-time", "no-offer-word", "offer-in-a-condition", "if-not-selected", "not-yet",
        "no-cue"])
def test_a_sure_classifier_still_needs_a_weak_cue_for_a_rejection_or_an_offer(kind, text):
    assert second_reading(confident(kind), text, {kind.value: 0.5}) is None


def test_a_cue_and_a_probability_over_the_threshold_make_the_rejection():
    text = "Unfortunately we will continue with other people for this role."
    assert second_reading(confident(MailClass.REJECTION), text, {"rejection": 0.9}) == MailClass.REJECTION
    assert second_reading(confident(MailClass.REJECTION), text, {"rejection": 0.9999}) is None


@pytest.mark.parametrize("text, headers", [
    ("We are unable to offer a time on Friday. Could you do Monday at 10:00 instead?\n\nDana", {}),
    ("Thanks for applying! If you are not selected, keep an eye on our jobs page for new openings.", {}),
    ("Acme is hiring! This month we offer 40 new roles and welcome engineers to join our team: "
     "see the open positions and unsubscribe below.", {"List_Unsubscribe": "<https://acme.example/u>"}),
    ("Thanks Dana, speaking on Monday works for me.\n\n", {"In_Reply_To": "<thanks@alex.example>"}),
], ids=["unable-to-offer-a-time", "if-not-selected", "newsletter-about-hiring", "rejection-in-quoted-history"])
def test_the_traps_are_neither_a_rejection_nor_an_offer_with_the_classifier(text, headers):
    mail = letter(text, **headers)
    if "quoted" in text or headers.get("In_Reply_To"):
        mail = Letter(**{**mail.__dict__, "history": "> Unfortunately we have decided not to offer you the role."})
    reading = classify(mail, second=model)
    assert reading.kind not in (MailClass.REJECTION, MailClass.OFFER), reading


def test_a_rules_rejection_or_offer_is_never_overruled_and_the_model_is_not_asked():
    asked = []

    def second():
        asked.append(1)
        return model()

    reading = classify(letter("Unfortunately we have decided not to move forward with your application."), second=second)
    assert reading.kind == MailClass.REJECTION and asked == []
    reading = classify(letter("We are delighted to offer you the position of Data Engineer."), second=second)
    assert reading.kind == MailClass.OFFER and asked == []
    classify(letter("Thanks Alex, good to hear from you."), second=second)
    assert asked == [1]


@pytest.mark.parametrize("kind, text", [
    (MailClass.REJECTION, "The panel has picked someone else: they chose a candidate with more years in payments."),
    (MailClass.REJECTION, "Am Ende haben wir uns für eine andere Kandidatin entschieden."),
    (MailClass.REJECTION, "Nous vous souhaitons une belle réussite dans vos recherches."),
    (MailClass.OFFER, "We invite you to read the attached paperwork and sign it by Friday."),
], ids=["chosen-elsewhere-en", "chosen-elsewhere-de", "goodbye-wish-fr", "paperwork-to-sign"])
def test_a_choice_made_elsewhere_a_goodbye_wish_and_papers_to_sign_are_weak_cues(kind, text):
    assert weak_cue(kind, text)


@pytest.mark.parametrize("text", [
    "We decided to schedule another interview with you next week.",
    "If we choose another candidate, we will let you know.",
    "Could you sign the NDA before the onsite?",
])
def test_neither_another_interview_nor_a_condition_nor_a_question_is_a_rejection_or_offer_cue(text):
    assert not weak_cue(MailClass.REJECTION, text) and not weak_cue(MailClass.OFFER, text)


@pytest.mark.parametrize("kind, text", [
    # an offer without its word: the reader wanted on the team, chosen, the post theirs, the papers
    (MailClass.OFFER, "Everyone agreed: we want you on the platform team as our next analyst."),
    (MailClass.OFFER, "We would love for you to be our first data hire in Lisbon."),
    (MailClass.OFFER, "Wir möchten Sie gern als Analystin bei uns begrüßen."),
    (MailClass.OFFER, "Nous serions heureux de vous accueillir dans l'équipe produit."),
    (MailClass.OFFER, "Nos encantaría contar contigo: te queremos en el equipo de datos."),
    (MailClass.OFFER, "Le comunico que ha sido seleccionada para el puesto de analista."),
    (MailClass.OFFER, "Das Team hat sich für dich entschieden, herzlichen Glückwunsch!"),
    (MailClass.OFFER, "Great news. The written offer follows tomorrow with the details."),
    (MailClass.OFFER, "Dein Arbeitsvertrag liegt zur Unterschrift bereit."),
    (MailClass.OFFER, "Nos alegra poder ofrecerle la plaza de analista."),
    # an offer word after a denied one in the same sentence
    (MailClass.OFFER, "Although we could not offer you the lead role, we would like to offer you the analyst post."),
    # a rejection without regret: the post filled, others chosen, the application turned down, goodbye
    (MailClass.REJECTION, "We wanted to let you know that the analyst position has now been filled."),
    (MailClass.REJECTION, "La plaza de analista ya fue cubierta por otra persona."),
    (MailClass.REJECTION, "Le poste a été pourvu en interne."),
    (MailClass.REJECTION, "Wir haben die Stelle mit einer anderen Bewerberin besetzt."),
    (MailClass.REJECTION, "After review, other applicants more closely match what the team needs."),
    (MailClass.REJECTION, "The team is going to go in a different direction for this role."),
    (MailClass.REJECTION, "Wir haben uns für jemanden entschieden, der noch mehr Erfahrung mit Spark mitbringt."),
    (MailClass.REJECTION, "Die Firma hat deine Bewerbung als Analystin abgelehnt."),
    (MailClass.REJECTION, "With best wishes for the rest of your search, Dana"),
], ids=["wanted-on-team-en", "love-for-you-to-be-en", "begruessen-de", "accueillir-fr", "te-queremos-es",
        "seleccionada-es", "fuer-dich-entschieden-de", "written-offer-en", "arbeitsvertrag-de", "ofrecerle-es",
        "second-offer-word-counts", "filled-en", "cubierta-es", "pourvu-fr", "besetzt-de", "more-closely-en",
        "different-direction-en", "jemanden-noch-mehr-de", "abgelehnt-de", "wishes-for-search-en"])
def test_offers_and_rejections_said_without_their_obvious_words_have_a_weak_cue(kind, text):
    assert weak_cue(kind, text)


@pytest.mark.parametrize("kind, text", [
    (MailClass.OFFER, "We would like you to join us for a call on Monday at 10:00."),
    (MailClass.OFFER, "Nous serions ravis de vous accueillir pour un entretien jeudi."),
    (MailClass.OFFER, "If you are selected for the role, the written offer follows within a week."),
    (MailClass.OFFER, "Do we want you on the team as a lead or as a senior?"),
    (MailClass.OFFER, "We are not able to send the formal paperwork before January."),
    (MailClass.REJECTION, "The position has not been filled yet, and your interviews go on."),
    (MailClass.REJECTION, "We have temporarily closed the requisition while we review headcount."),
    (MailClass.REJECTION, "If the role is filled by someone else, we will let you know."),
    (MailClass.REJECTION, "Otra candidata se retiró del proceso, así que seguimos con usted."),
    (MailClass.REJECTION, 'Our newsletter decodes "the position has been filled" this week.'),
    (MailClass.REJECTION, "Good luck with the interview tomorrow!"),
], ids=["join-us-for-a-call", "accueillir-pour-un-entretien", "offer-in-a-condition", "question", "papers-denied",
        "not-filled-yet", "requisition-closed-for-now", "filled-in-a-condition", "other-withdrew-you-go-on",
        "filled-in-a-quotation", "luck-for-an-interview"])
def test_the_new_cue_families_stay_out_of_meetings_conditions_questions_denials_and_quotations(kind, text):
    assert not weak_cue(kind, text)


# ---- a very sure classifier overrules the rules' other classes ---------------------------------

#: a receipt by the rules' phrases
RECEIPT = "Thank you for applying. We have received your application and will review it carefully."


def hand_model(kind: MailClass, score: float, overrule: float) -> reader.Model:
    """A model written for the test: RECEIPT's features lean to ``kind``, by ``score`` in all."""
    classes = [k.value for k in MailClass if k != MailClass.AUTOMATED]
    found = message_features(letter(RECEIPT))
    weight = score / len(found) ** 0.5  # the reader divides the sum by the square root of their number
    weights = {f: tuple(weight if c == kind.value else 0.0 for c in classes) for f in found}
    return reader.Model(tuple(classes), tuple(0.0 for _ in classes), weights, {c: 0.5 for c in classes},
                        {c: overrule for c in classes})


def test_a_very_sure_classifier_overrules_a_rules_receipt_and_says_so():
    sure = hand_model(MailClass.SCHEDULING, 30.0, 0.9)
    reading = classify(letter(RECEIPT), second=lambda: sure)
    assert reading.kind == MailClass.SCHEDULING
    assert reading.evidence.startswith("classifier 1.00: words ") and "over the rules' receipt" in reading.evidence
    assert "classifier" in reading.seen


def test_a_classifier_below_the_overrule_threshold_leaves_the_rules_reading():
    unsure = hand_model(MailClass.SCHEDULING, 3.0, 0.9)  # e^3 / (e^3 + 8): about 0.72
    said = reader.guess(unsure, message_features(letter(RECEIPT)))
    assert 0.5 < said.probability < 0.9
    assert classify(letter(RECEIPT), second=lambda: unsure).kind == MailClass.RECEIPT


def test_a_sure_classifier_overrules_a_receipt_into_a_rejection_only_with_a_cue():
    sure = hand_model(MailClass.REJECTION, 30.0, 0.9)
    assert classify(letter(RECEIPT), second=lambda: sure).kind == MailClass.RECEIPT  # no cue of a no
    assert second_reading(confident(MailClass.REJECTION), "Unfortunately we will not continue with your application.",
                          {}, {"rejection": 0.9}, ruled=MailClass.RECEIPT) == MailClass.REJECTION
    assert second_reading(confident(MailClass.REJECTION), "Unfortunately we will not continue with your application.",
                          {}, {"rejection": 0.9}, ruled=MailClass.OFFER) is None


def test_what_the_classifier_decides_says_so_with_its_probability_and_words():
    text = ("Hi Alex, the panel would like to meet you for the final round. Could you pick a slot on Tuesday or "
            "Wednesday afternoon and send me two options?\n\nBest, Dana")
    said = reader.guess(model(), message_features(letter(text)))
    assert said.evidence().startswith(f"classifier {said.probability:.2f}: words ")
    assert said.words and all(w.lower() in text.lower() for w in said.words)


# ---- the shipped model --------------------------------------------------------------------------

def test_the_shipped_model_was_trained_on_the_labelled_sets_as_they_are():
    # a label or message changed without retraining fails here: run bench/inbox/train.py
    done = subprocess.run([sys.executable, str(REPO / "bench" / "inbox" / "train.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_shipped_model_is_small_and_decides_rejection_and_offer_only_with_thresholds():
    data = json.loads(inbox_model.MODEL_FILE.read_text(encoding="utf-8"))
    assert inbox_model.MODEL_FILE.stat().st_size < 3_000_000
    assert set(data["classes"]) == {k.value for k in MailClass} - {"automated"}
    assert all(len(w) == len(data["classes"]) for w in data["weights"].values())
    assert "reply" not in data["thresholds"]
    assert all(0.5 <= t for t in data["thresholds"].values())
    # overruling the rules asks more of the classifier than deciding where they fall through
    assert all(data["overrule"][k] >= data["thresholds"].get(k, 0.5) for k in data["overrule"])


def test_the_inbox_text_says_whether_the_classifier_overruled_the_rules_or_read_where_they_fell_through():
    from types import SimpleNamespace

    from mailflow import show

    def line(evidence: str) -> str:
        m = {"at": "2026-11-16T10:00", "company": "Acme", "role": "", "class": "timeline", "date": "", "did": "",
             "from": "dana.moss@acme.example", "subject": "Update", "evidence": evidence, "decided_by": "classifier"}
        return show.inbox(SimpleNamespace(messages=[m]))

    over = line("classifier 0.91: words decision, friday; over the rules' autoreply ('back on')")
    assert "(the classifier was very sure)" in over and "found no phrase" not in over
    assert "(the rules found no phrase that decides)" in line("classifier 0.61: words decision, friday")
