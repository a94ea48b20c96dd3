"""Never a false rejection, never false good news: guards on the inbox reading (rules and the
classifier together, ``rules.inbox.classify`` with the shipped model) for shapes that look like a
no but are not one, headers that decide alone, and dates written day first per message. Each
case is a message written for these tests; none is in a labelled set."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from mailflow import inbox_model
from mailflow.model import MailClass
from mailflow.rules.inbox import classify, read_date, weak_cue
from mailflow.rules.letter import read_letter

MIA = "Mia Chen <mia.chen@kestrelrobotics.com>"
LISTED = {"List_Unsubscribe": "<https://example.org/unsubscribe>"}


def letter(text: str, subject: str = "Your application", sender: str = MIA, **headers: str):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, "jordan@example.org", subject, \
        "Mon, 02 Nov 2026 10:00:00 +0000"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    return read_letter(msg.as_bytes())


def read(text: str, subject: str = "Your application", sender: str = MIA, **headers: str):
    return classify(letter(text, subject, sender, **headers), second=inbox_model.load)


# ---- a pause told in the passive is fresh news; a refusal limited in time is its consequence ----

@pytest.mark.parametrize("text", [
    "The role was put on hold this morning. This means we are unable to offer you the position right now; "
    "we will come back to you as soon as it reopens.",
    "Die Stelle wurde vorerst auf Eis gelegt, daher können wir Ihnen derzeit kein Angebot machen.",
    "Le recrutement a été suspendu, nous ne pouvons donc pas vous faire d'offre pour le moment.",
    "Hiring for this role was paused by finance, so we cannot make you an offer for now.",
    # written for this test
    "The requisition was frozen yesterday by the board, so at the moment we cannot offer you the role.",
    "Die Besetzung wurde gestern ausgesetzt; wir können dir im Moment leider kein Angebot machen.",
    "Le poste a été mis en attente hier : nous ne pouvons pas vous faire d'offre pour l'instant.",
    "El proceso fue suspendido ayer, así que por ahora no podemos ofrecerte el puesto.",
])
def test_a_pause_announced_in_the_passive_before_no_offer_for_now_is_a_pause_not_a_rejection(text):
    assert read(text).kind == MailClass.PAUSED


@pytest.mark.parametrize("text", [
    "While the role was on hold we kept your file open. The hiring has now resumed and we are unable to offer you "
    "the position.",
    "Thank you for waiting while the position was on hold. Now that it has been reopened as a senior role, we are "
    "unable to offer you the position.",
])
def test_a_pause_marked_as_over_still_gives_way_to_the_refusal_that_follows(text):
    assert read(text).kind == MailClass.REJECTION


# ---- "not ... any candidates" limited in time is a wait ------------------------------------------

@pytest.mark.parametrize("text", [
    "We won't be moving forward with any candidates before the holidays; expect news on January 8.",
    "We are not proceeding with any applicants yet, the panel meets next week.",
    "We're not moving forward with any candidates until the budget is approved in January.",
    "We will not be moving forward with any candidates this week, but we'll be in touch soon.",
    "Our hiring is paused: we won't be moving forward with any candidates until Q2.",
    # written for this test
    "We are currently not progressing with any applicants; the hiring manager is back on 30 November.",
])
def test_not_moving_forward_with_any_candidates_for_a_time_is_no_rejection(text):
    assert read(text).kind != MailClass.REJECTION


def test_not_moving_forward_with_any_candidates_before_a_date_gives_that_timeline():
    reading = read("We won't be moving forward with any candidates before the holidays; expect news on January 8.")
    assert (reading.kind, reading.date) == (MailClass.TIMELINE, date(2027, 1, 8))


def test_not_moving_forward_with_any_candidates_with_a_pause_in_the_sentence_is_a_pause():
    assert read("Our hiring is paused: we won't be moving forward with any candidates until Q2.").kind == MailClass.PAUSED
    assert read("Hiring is frozen and we will not proceed with any applicants for the moment.").kind == MailClass.PAUSED


def test_not_moving_forward_with_any_candidates_for_good_is_still_a_rejection():
    assert read("We have cancelled the requisition and will not move forward with any applicants for it.").kind \
        == MailClass.REJECTION


# ---- the classifier's rejection needs a cue of THIS candidate's outcome ----------------------------

@pytest.mark.parametrize("text", [
    "Hi Jordan, we decided to also interview other applicants. Talk soon!",
    "Hola Jordan, hemos decidido entrevistar también a otros candidatos. Te deseo mucha suerte.",
    "Hallo Jordan, wir haben uns entschieden, noch andere Bewerber einzuladen. Ich wünsche dir viel Erfolg beim "
    "nächsten Gespräch!",
    "Bonjour Jordan, nous avons choisi de rencontrer d'autres candidats également avant de décider. Je vous "
    "souhaite une bonne continuation dans le processus.",
    "Hi Jordan, thanks for your note. The team decided to meet a few other candidates as well, so it will take a "
    "little longer. Best of luck with everything!",
    "Hi Jordan, thanks for letting me know that you accepted another offer. We wish you every success in your new role!",
    # written for this test
    "Hi Jordan, we decided to interview other applicants as well. Catch up soon!",
    "Hola Jordan, hemos decidido reunirnos también con otros candidatos. Te deseo mucha suerte.",
    "Hallo Jordan, wir haben uns entschieden, auch andere Bewerber einzuladen. Ich wünsche dir viel Erfolg beim "
    "Gespräch morgen!",
    "Bonjour Jordan, nous avons décidé de voir aussi d'autres profils. Je vous souhaite bonne chance pour l'entretien.",
    "Hi Jordan, sorry to hear you have accepted the offer from another company. We wish you all the best for the future!",
])
def test_others_added_to_the_process_or_a_farewell_to_the_readers_own_withdrawal_is_no_rejection(text):
    assert read(text).kind != MailClass.REJECTION


@pytest.mark.parametrize("text", [
    "Ich wünsche dir viel Erfolg beim nächsten Gespräch!",
    "I wish you luck!",
    "Te deseo mucha suerte.",
    "Je vous souhaite une bonne continuation dans le processus.",
    "We decided to also interview other applicants.",
])
def test_a_wish_for_the_next_step_or_others_added_to_the_process_is_no_weak_cue_of_a_rejection(text):
    assert weak_cue(MailClass.REJECTION, text) == ""


@pytest.mark.parametrize("text", [
    "We wish you every success in your job search.",
    "Nous vous souhaitons plein de succès dans vos recherches.",
    "Wir wünschen Ihnen für Ihre berufliche Zukunft alles Gute.",
    "Te deseamos mucho éxito en tu búsqueda.",
    "We decided to go with another candidate.",
])
def test_a_goodbye_beyond_this_process_and_a_choice_made_elsewhere_are_still_weak_cues_of_a_rejection(text):
    assert weak_cue(MailClass.REJECTION, text)


# ---- phrases too broad for a no --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Vous pouvez faire un autre choix de créneau dans le lien ci-dessous.",
    "The conversation went a different direction than I expected, in a good way! Can we talk Tuesday?",
    "The company went a different direction with the office move, so we meet downtown. Can we talk Tuesday?",
    "The team is looking for a candidate whose experience more closely matches the platform work, and we think "
    "that's you! Can you talk Tuesday?",
    "Our team lead Kevin was not selected for the panel, so Mia will interview you on Thursday at 10am.",
    "Votre recruteuse n'est plus en lice pour ce dossier : je reprends votre candidature.",
    "Tu reclutadora Ana ya no está en el proceso; yo me encargo de tu candidatura a partir de hoy.",
    # written for this test
    "Vous pouvez faire un autre choix de date dans le formulaire.",
    "Our interview went a different direction from the usual script, which we liked. Are you free on Monday?",
    "We are hiring a candidate whose skills better match the platform roadmap, and we think it is you! Free on Monday?",
    "The team lead Anna was not chosen for the panel, so Mia will meet you on Thursday at 11am.",
    "Votre contact Paul n'est plus en lice pour ce recrutement ; c'est moi qui suis votre dossier désormais.",
    "Su reclutador ya no sigue en el proceso; yo llevo su candidatura desde hoy.",
])
def test_a_phrase_that_only_looks_like_a_no_is_no_rejection(text):
    assert read(text).kind != MailClass.REJECTION


@pytest.mark.parametrize("text", [
    "Après réflexion, notre choix s'est porté sur un profil : le vôtre ! Nous avons le plaisir de vous proposer le poste.",
    # written for this test
    "Notre choix s'est porté sur une candidature : la vôtre. Nous sommes heureux de vous proposer le poste.",
])
def test_a_choice_that_fell_on_the_reader_is_an_offer(text):
    assert read(text).kind == MailClass.OFFER


@pytest.mark.parametrize("text", [
    "Après réflexion, le comité a fait un autre choix pour ce poste.",
    "Au terme du processus, notre choix s'est porté sur un profil plus orienté data.",
    "After the final panel we decided to go a different direction with this role.",
    "The panel has chosen a candidate whose background more closely matches the brief.",
    "L'entreprise a décidé de ne pas donner suite à votre candidature.",
    "Nous vous informons que votre dossier n'est plus en lice.",
    "Lamentablemente tu candidatura ya no está en el proceso.",
])
def test_the_narrowed_phrases_still_read_a_real_no(text):
    assert read(text).kind == MailClass.REJECTION


# ---- a newsletter whose subject says "your application" ----------------------------------------------

@pytest.mark.parametrize(("sender", "subject", "text"), [
    ("Jobs Weekly <news@indeed.com>", "Your application toolkit: 5 tips",
     "This week's guide: what to do when the company has decided to move forward with other candidates."),
    ("StepStone <news@stepstone.de>", "Ihre Bewerbung: 5 Tipps für die Absage",
     "Das Unternehmen hat sich für andere Bewerber entschieden. So reagieren Sie richtig."),
    ("LinkedIn <news@linkedin.com>", "Your application market report",
     "Recruiters went a different direction this quarter as budgets tightened."),
    # written for this test
    ("Welcome to the Jungle <news@welcometothejungle.com>", "Votre candidature : le guide du mois",
     "Quand l'entreprise a fait un autre choix, voici comment rebondir."),
    ("InfoJobs <news@infojobs.net>", "Tu candidatura, paso a paso",
     "Qué hacer cuando la empresa se decide por otros candidatos."),
])
def test_a_job_boards_newsletter_that_names_your_application_in_its_subject_stays_bulk(sender, subject, text):
    assert read(text, subject, sender, **LISTED).kind == MailClass.BULK


@pytest.mark.parametrize("subject", ["Your application to Kestrel Robotics", "Update on your application",
                                     "Statut de votre candidature"])
def test_a_job_boards_status_mail_about_the_readers_application_is_still_a_rejection(subject):
    text = "The company has decided to move forward with other candidates."
    assert read(text, subject, "Jobs <noreply@jobs.example>", **LISTED).kind == MailClass.REJECTION


# ---- headers that decide are never overruled into an answer -------------------------------------------

@pytest.mark.parametrize(("subject", "text", "headers", "kind"), [
    ("Re: Thank you", "Thanks for your note Jordan, really appreciate it! I'll get back to you as soon as I can. "
     "Best, Mia", {"Auto_Submitted": "auto-replied"}, MailClass.AUTOREPLY),
    ("Kestrel monthly", "Hi Jordan, quick personal note from me: thanks for your time last week, the team really "
     "enjoyed it. Let me know if you have questions! Mia", LISTED, MailClass.BULK),
    # written for this test
    ("Re: Thank you", "Thanks for your message Jordan, really appreciate it! I'll reply as soon as I can. Best, Mia",
     {"X_Autoreply": "yes"}, MailClass.AUTOREPLY),
    ("Kestrel people news", "Hi Jordan, a short personal note from me: it was great to talk last week, the team "
     "loved it. Happy to answer any question! Mia", {"Precedence": "bulk"}, MailClass.BULK),
])
def test_an_autoreply_or_bulk_reading_decided_by_headers_is_never_overruled(subject, text, headers, kind):
    reading = read(text, subject, **headers)
    assert reading.kind == kind
    assert "classifier" not in reading.seen


# ---- "4/12" read day first by the message's language, not one sentence's ----------------------------

def test_a_german_message_gives_a_slash_date_day_first_even_when_its_sentence_has_no_german_small_word():
    text = "Hallo Jordan,\n\nvielen Dank für das nette Gespräch! Eine Entscheidung gibt es spätestens am 4/12.\n\nViele Grüße\nMia"
    reading = read(text, "Ihre Bewerbung")
    assert (reading.kind, reading.date) == (MailClass.TIMELINE, date(2026, 12, 4))


def test_a_french_message_gives_a_slash_date_day_first_in_its_timeline():
    # written for this test
    text = "Bonjour Jordan,\n\nmerci pour votre patience et pour l'échange de jeudi. Décision finale : 7/12.\n\nBien à vous\nMia"
    reading = read(text, "Votre candidature")
    assert reading.date == date(2026, 12, 7)


@pytest.mark.parametrize(("text", "kind", "day"), [
    ("Zurück am 4/12.", "autoreply", date(2026, 12, 4)),
    ("Ab 7/12 wieder im Büro.", "autoreply", date(2026, 12, 7)),
    ("Feedback kommt am 4/12.", "timeline", date(2026, 12, 4)),
    ("Rückmeldung: 4/12", "timeline", date(2026, 12, 4)),
    ("Décision finale : 4/12", "timeline", date(2026, 12, 4)),
    ("Respuesta: 4/12", "timeline", date(2026, 12, 4)),
    ("Respuesta a principios de diciembre, como muy tarde 4/12.", "autoreply", date(2026, 12, 4)),
    # written for this test
    ("Wieder erreichbar ab 9/12.", "autoreply", date(2026, 12, 9)),
    ("Retour prévu : 8/12.", "autoreply", date(2026, 12, 8)),
    ("Regreso: 10/12.", "autoreply", date(2026, 12, 10)),
    ("I will be back on 12/4.", "autoreply", date(2026, 12, 4)),
])
def test_a_slash_date_is_read_by_the_texts_language(text, kind, day):
    assert read_date(text, date(2026, 11, 2), kind=kind) == day


def test_an_english_message_with_one_german_sentence_keeps_reading_slash_dates_month_first():
    # written for this test: a quoted German closing does not turn an English message's "12/4" around
    text = ("Hi Jordan, thanks for the chat. We will make the final decision by 12/4 and let you know. "
            "Mit freundlichen Grüßen")
    assert read(text).date == date(2026, 12, 4)


# ---- a newsletter's numbered headline is no news to the reader ------------------------------------

@pytest.mark.parametrize("text", [
    "This week on our jobs letter:\n\n1. We regret to inform you... how to read a rejection email\n"
    "2. Your offer letter, decoded\n\nUnsubscribe",
    "In this issue:\n\n- We regret to inform you... the seven words that end a search\n"
    "- Salary bands explained\n\nManage your subscription",
])
def test_a_numbered_or_bulleted_headline_of_a_listed_newsletter_is_no_rejection(text):
    assert read(text, subject="Rejected after the final round? Read this", sender="Jobs Letter <hello@jobsletter.example>",
                **LISTED).kind == MailClass.BULK


def test_a_listed_status_mail_that_says_no_in_a_sentence_of_its_own_is_still_a_rejection():
    text = ("Hello Jordan,\n\nThank you for applying. We regret to inform you that we will not be moving forward "
            "with your application.\n\nThe Kestrel Robotics team")
    assert read(text, subject="Update on your application to Kestrel Robotics", sender="Kestrel Robotics "
                "<no-reply@kestrel.jobs.example>", **LISTED).kind == MailClass.REJECTION
