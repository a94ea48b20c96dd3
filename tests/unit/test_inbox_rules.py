"""Reading recruiters' mail (PRODUCT.md I1-I2): the pure rules, on messages built here."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from mailflow.model import MailClass
from mailflow.rules.inbox import Target, attribute, classify, read_date
from mailflow.rules.letter import read_letter

ME = "jordan@example.org"
KESTREL = [Target("1", "Kestrel Robotics", "Data Platform Engineer", ("kestrelrobotics.com",),
                  ("mia.chen@kestrelrobotics.com",), ("<ty-1@example.org>",)),
           Target("2", "Kestrel Robotics", "Machine Learning Engineer, Perception", ("kestrelrobotics.com",),
                  ("mia.chen@kestrelrobotics.com",), ("<ty-2@example.org>",)),
           Target("3", "Nova Health", "Analytics Engineer", ("novahealth.com",)),
           Target("4", "Lindenwerk Energie GmbH", "Data Engineer (m/w/d)", ("lindenwerk.de",))]


def letter(sender: str, subject: str, text: str, *, html: bool = False, date_: str = "Mon, 02 Nov 2026 10:00:00 +0000",
           **headers: str):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, ME, subject, date_
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    if html:
        msg.set_content("View this email in your browser: https://example.org/m/1")
        msg.add_alternative(text, subtype="html")
    else:
        msg.set_content(text)
    return read_letter(msg.as_bytes())


@pytest.mark.parametrize(("text", "kind"), [
    ("Unfortunately, we are unable to offer you the position at this time.", MailClass.REJECTION),
    ("We would love to extend an offer to meet the team next week.", MailClass.SCHEDULING),
    ("We're delighted to offer you the position of Data Engineer.", MailClass.OFFER),
    ("Leider müssen wir Ihnen mitteilen, dass wir uns für eine:n andere:n Bewerber:in entschieden haben.",
     MailClass.REJECTION),
    ("Nous ne sommes pas en mesure de vous proposer le poste.", MailClass.REJECTION),
    ("Hemos recibido tu candidatura. Si no eres seleccionado, te avisaremos.", MailClass.RECEIPT),
    ("We've received your application. If you are not selected, keep an eye on our jobs page.", MailClass.RECEIPT),
    ("The hiring for this role has been put on hold.", MailClass.PAUSED),
    ("Thanks, I'll forward this to the team.", MailClass.REPLY),
])
def test_a_message_is_classed_by_its_deciding_phrase_with_negation_read(text, kind):
    assert classify(letter("Mia Chen <mia.chen@kestrelrobotics.com>", "Your application", text)).kind == kind


def test_the_users_quoted_thank_you_never_counts():
    text = ("Thanks so much for the kind note!\n\nOn Wed, Oct 14, 2026 at 6:00 PM Jordan <jordan@example.org> wrote:\n"
            "> I look forward to the offer and next steps.\n")
    reading = classify(letter("mia.chen@kestrelrobotics.com", "Re: Thank you", text))
    assert reading.kind == MailClass.REPLY and "offer" not in reading.evidence


def test_html_only_mail_is_read_as_text_even_when_markup_splits_the_phrase():
    html = "<p>Hi Jordan,</p><p>we have <strong>decided not to move</strong>&nbsp;forward with your application.</p>"
    reading = classify(letter("Kestrel <no-reply@us.greenhouse-mail.io>", "Kestrel Robotics", html, html=True))
    assert reading.kind == MailClass.REJECTION


def test_an_ats_message_goes_to_the_company_it_names_and_the_role_decides_between_two():
    mle = letter("Kestrel Robotics <no-reply@us.greenhouse-mail.io>", "Machine Learning Engineer at Kestrel Robotics",
                 "We've decided to pursue other candidates.")
    both = letter("Kestrel Robotics <no-reply@us.greenhouse-mail.io>", "Your application to Kestrel Robotics",
                  "We've decided to pursue other candidates.")
    other = letter("Nova Healthcare Group <no-reply@hire.lever.co>", "Nova Healthcare Group", "We received it.")
    assert attribute(mle, KESTREL).id == "2"
    assert attribute(both, KESTREL) is None  # never guessed between two
    assert attribute(other, KESTREL) is None


def test_a_reply_in_the_thread_of_a_thank_you_goes_to_its_application():
    reply = letter("mia.chen@kestrelrobotics.com", "Re: Thank you", "Thanks!", In_Reply_To="<ty-1@example.org>")
    assert attribute(reply, KESTREL).id == "1"


@pytest.mark.parametrize(("text", "day"), [
    ("we now expect to confirm the outcome by Friday 13 November", date(2026, 11, 13)),
    ("We will get back to you the week of 16 November.", date(2026, 11, 20)),
    ("Sie hören innerhalb der nächsten zwei Wochen von uns.", date(2026, 11, 16)),
    ("Nous vous donnerons une réponse d'ici la fin du mois.", date(2026, 11, 30)),
    ("Te daremos una respuesta a más tardar el 30 de noviembre.", date(2026, 11, 30)),
])
def test_a_timeline_is_read_in_four_languages(text, day):
    assert read_date(text, date(2026, 11, 2)) == day


def test_an_out_of_office_gives_its_first_day_back():
    reading = classify(letter("ana@kestrelrobotics.com", "Automatic reply: Thank you",
                              "I am on leave from 19 October and returning on Tuesday 3rd November.",
                              Auto_Submitted="auto-replied", date_="Mon, 19 Oct 2026 10:00:00 +0000"))
    assert reading.kind == MailClass.AUTOREPLY and reading.date == date(2026, 11, 3)


PERSON = "Mia Chen <mia.chen@kestrelrobotics.com>"
SYSTEM = "Kestrel Robotics <no-reply@us.greenhouse-mail.io>"


# wordings written apart from both corpora: the rules read meaning (a verb in any
# inflection, someone else, negation), not a corpus's sentences
@pytest.mark.parametrize(("sender", "kind", "text"), [
    (PERSON, MailClass.REJECTION, "After much deliberation, the team has decided to move ahead with other applicants whose experience more closely matches our needs."),
    (PERSON, MailClass.REJECTION, "We will not be progressing your application to the next stage."),
    (SYSTEM, MailClass.REJECTION, "Unfortunately the role has now been filled."),
    (SYSTEM, MailClass.REJECTION, "We have chosen to proceed with a candidate whose background is a closer fit."),
    (PERSON, MailClass.REJECTION, "We won't be moving ahead with your candidacy."),
    (SYSTEM, MailClass.REJECTION, "Leider haben wir uns entschieden, die Stelle mit einer anderen Person zu besetzen."),
    (SYSTEM, MailClass.REJECTION, "Wir haben uns für eine andere Kandidatin entschieden."),
    (PERSON, MailClass.REJECTION, "Leider können wir Ihre Bewerbung nicht weiter berücksichtigen."),
    (PERSON, MailClass.REJECTION, "Nach reiflicher Überlegung haben wir entschieden, dir keine Zusage zu geben."),
    (SYSTEM, MailClass.REJECTION, "Nous avons le regret de vous informer que votre candidature n'a pas été retenue."),
    (PERSON, MailClass.REJECTION, "Nous avons décidé de poursuivre avec un autre candidat."),
    (PERSON, MailClass.REJECTION, "Après réflexion, nous ne donnerons pas suite à votre candidature."),
    (SYSTEM, MailClass.REJECTION, "Lamentablemente hemos decidido continuar el proceso con otros candidatos."),
    (PERSON, MailClass.REJECTION, "En esta ocasión no seguiremos adelante con tu candidatura."),
    (SYSTEM, MailClass.REJECTION, "Te informamos que el puesto ya ha sido cubierto."),
    (PERSON, MailClass.OFFER, "I'm thrilled to let you know we'd like to offer you the Data Platform Engineer role!"),
    (PERSON, MailClass.OFFER, "Attached you'll find the offer letter with the compensation details."),
    (PERSON, MailClass.OFFER, "Wir freuen uns, dir die Stelle anbieten zu können."),
    (PERSON, MailClass.OFFER, "Anbei erhalten Sie Ihren Arbeitsvertrag zur Unterschrift."),
    (PERSON, MailClass.OFFER, "Nous avons le plaisir de vous faire une proposition d'embauche."),
    (PERSON, MailClass.OFFER, "Nos complace ofrecerte el puesto de Ingeniero de Datos."),
    (PERSON, MailClass.PAUSED, "We've had to pause this search until the new fiscal year."),
    (PERSON, MailClass.PAUSED, "The requisition has been put on hold due to budget changes."),
    (PERSON, MailClass.PAUSED, "Die Besetzung der Stelle ist vorerst gestoppt."),
    (PERSON, MailClass.PAUSED, "Le recrutement est suspendu pour le moment."),
    (PERSON, MailClass.PAUSED, "Hemos pausado el proceso de selección por ahora."),
    (PERSON, MailClass.SCHEDULING, "Could you let me know a couple of times that suit you next week for a call with our CTO?"),
    (PERSON, MailClass.SCHEDULING, "Please use this link to book your onsite interview: https://cal.example/x"),
    (PERSON, MailClass.SCHEDULING, "Passt Ihnen Donnerstag um 14 Uhr für das nächste Gespräch?"),
    (PERSON, MailClass.SCHEDULING, "Pourriez-vous m'indiquer vos créneaux pour un entretien la semaine prochaine ?"),
    (PERSON, MailClass.SCHEDULING, "¿Qué día te viene mejor para la entrevista con el equipo?"),
    (PERSON, MailClass.TIMELINE, "We expect to make a final decision by December 4."),
    (PERSON, MailClass.TIMELINE, "You should hear from us within the next ten business days."),
    (PERSON, MailClass.TIMELINE, "Wir melden uns bis Ende nächster Woche bei Ihnen."),
    (PERSON, MailClass.TIMELINE, "Nous reviendrons vers vous d'ici le 20 novembre."),
    (PERSON, MailClass.TIMELINE, "Te daremos una respuesta antes del 15 de diciembre."),
    (PERSON, MailClass.TIMELINE, "Our decision has been delayed; we now hope to decide by November 30."),
    (SYSTEM, MailClass.RECEIPT, "Thanks for your application to Kestrel Robotics! Our team will review it."),
    (SYSTEM, MailClass.RECEIPT, "This is to confirm that we received your application."),
    (SYSTEM, MailClass.RECEIPT, "Wir bestätigen den Eingang Ihrer Bewerbung."),
    (SYSTEM, MailClass.RECEIPT, "Nous avons bien reçu votre candidature et nous vous en remercions."),
    (SYSTEM, MailClass.RECEIPT, "Confirmamos la recepción de tu solicitud."),
    (PERSON, MailClass.AUTOREPLY, "I'm out of the office until December 2 with limited access to email."),
    (PERSON, MailClass.AUTOREPLY, "Ich bin bis zum 3. Dezember im Urlaub."),
    (PERSON, MailClass.AUTOREPLY, "Je suis absente jusqu'au 4 décembre."),
    (PERSON, MailClass.AUTOREPLY, "Estoy de vacaciones hasta el 5 de diciembre."),
    (PERSON, MailClass.REPLY, "Thanks Jordan, great to hear from you. I've passed your note along to the team."),
    (PERSON, MailClass.REPLY, "Danke für deine Nachricht, ich gebe sie an Lena weiter."),
    (PERSON, MailClass.REPLY, "Merci pour votre message, je transmets à l'équipe."),
    (PERSON, MailClass.REPLY, "Gracias por tu mensaje, se lo paso al equipo."),
    (PERSON, MailClass.SCHEDULING, "We'd like to offer you a final interview with our VP."),
    (PERSON, MailClass.REJECTION, "Sadly we cannot offer you the role."),
    (SYSTEM, MailClass.RECEIPT, "We received your application. Should we decide not to move forward, we will let you know."),
    (PERSON, MailClass.REPLY, "Unfortunately I missed your call yesterday; happy to talk whenever suits."),
    (PERSON, MailClass.REJECTION, "I'm afraid we've gone with someone whose experience is a closer match."),
    (SYSTEM, MailClass.REJECTION, "At this time, we will be moving forward with other candidates."),
    (PERSON, MailClass.REJECTION, "We have decided that we will not be moving to the next step with you."),
    (SYSTEM, MailClass.REJECTION, "Your application was not successful on this occasion."),
    (PERSON, MailClass.REJECTION, "The hiring team has selected a different applicant for the position."),
    (SYSTEM, MailClass.REJECTION, "Wir haben uns leider für andere Bewerberinnen und Bewerber entschieden."),
    (PERSON, MailClass.REJECTION, "Ich muss Ihnen leider mitteilen, dass wir Ihre Kandidatur nicht weiterverfolgen."),
    (SYSTEM, MailClass.REJECTION, "Die Position wurde inzwischen besetzt."),
    (SYSTEM, MailClass.REJECTION, "Malheureusement, nous ne pouvons pas donner une suite favorable à votre candidature."),
    (PERSON, MailClass.REJECTION, "Le poste a été pourvu en interne."),
    (SYSTEM, MailClass.REJECTION, "Tras revisar tu perfil, hemos decidido no avanzar con tu candidatura."),
    (PERSON, MailClass.REJECTION, "Hemos seleccionado a otra persona para el puesto."),
    (PERSON, MailClass.OFFER, "We are excited to make you a formal offer to join Kestrel Robotics as Data Platform Engineer."),
    (PERSON, MailClass.OFFER, "Congratulations! The team would like to offer you the job."),
    (PERSON, MailClass.OFFER, "Wir möchten Ihnen gerne ein Angebot für die Position Data Engineer machen."),
    (PERSON, MailClass.OFFER, "J'ai le plaisir de vous proposer le poste d'ingénieur data."),
    (PERSON, MailClass.OFFER, "Tenemos el gusto de ofrecerle el puesto de ingeniero de datos."),
    (PERSON, MailClass.PAUSED, "The position is on hold for now while we finalise next year's budget."),
    (PERSON, MailClass.PAUSED, "We are temporarily pausing recruitment for this team."),
    (PERSON, MailClass.PAUSED, "Der Bewerbungsprozess ruht derzeit."),
    (PERSON, MailClass.PAUSED, "Nous mettons le recrutement en pause jusqu'en janvier."),
    (PERSON, MailClass.PAUSED, "La vacante está congelada hasta nuevo aviso."),
    (PERSON, MailClass.SCHEDULING, "Are you free on Tuesday afternoon for a quick call with the hiring manager?"),
    (PERSON, MailClass.SCHEDULING, "Here is my calendar link to set up the technical interview: https://cal.example/y"),
    (PERSON, MailClass.SCHEDULING, "Können Sie mir ein paar Termine für ein zweites Gespräch nennen?"),
    (PERSON, MailClass.SCHEDULING, "Seriez-vous disponible jeudi à 15h pour un échange avec l'équipe ?"),
    (PERSON, MailClass.SCHEDULING, "¿Podrías indicarme tu disponibilidad para una llamada esta semana?"),
    (PERSON, MailClass.TIMELINE, "We're aiming to have a decision for you by the end of next week."),
    (PERSON, MailClass.TIMELINE, "Expect to hear back by Friday."),
    (PERSON, MailClass.TIMELINE, "Eine Entscheidung erwarten wir bis zum 10. Dezember."),
    (PERSON, MailClass.TIMELINE, "Nous devrions pouvoir vous donner une réponse sous dix jours."),
    (PERSON, MailClass.TIMELINE, "Esperamos darte noticias a más tardar el 9 de diciembre."),
    (SYSTEM, MailClass.RECEIPT, "We've got your application for Data Platform Engineer and will be in touch if there's a match."),
    (SYSTEM, MailClass.RECEIPT, "Your CV has been successfully submitted to Kestrel Robotics."),
    (SYSTEM, MailClass.RECEIPT, "Vielen Dank für Ihre Bewerbung als Data Engineer!"),
    (SYSTEM, MailClass.RECEIPT, "Votre candidature a bien été enregistrée."),
    (SYSTEM, MailClass.RECEIPT, "Gracias por enviar tu solicitud para el puesto."),
    (PERSON, MailClass.AUTOREPLY, "I'm travelling this week and will reply when I'm back on Monday."),
    (PERSON, MailClass.AUTOREPLY, "Ich bin derzeit nicht im Büro und ab dem 7. Dezember wieder erreichbar."),
    (PERSON, MailClass.REPLY, "Sounds good, talk soon!"),
    (PERSON, MailClass.REPLY, "Thanks for the quick turnaround on the exercise, much appreciated."),
    (PERSON, MailClass.REPLY, "Merci beaucoup, c'était un plaisir d'échanger avec vous."),
    (PERSON, MailClass.REPLY, "We are not able to share feedback on individual interviews, but thank you for asking."),
    (PERSON, MailClass.SCHEDULING, "We'd love to offer you a chance to meet the wider team next week — when would suit?"),
    (PERSON, MailClass.REPLY, "Unfortunately Tom is off sick today, so I'll answer your question myself: yes, the role is hybrid."),
    (PERSON, MailClass.REPLY, "Our offer for the role is not final yet; we are still talking to you and one other candidate."),
    (SYSTEM, MailClass.BULK, "New jobs matching your profile: Data Engineer at Kestrel Robotics. Unsubscribe here."),
    (PERSON, MailClass.REPLY, "No decision yet, but you're still very much in the running."),
])
def test_wordings_no_corpus_holds_are_read_by_their_meaning(sender, kind, text):
    reading = classify(letter(sender, "Your application", f"Hi Jordan,\n\n{text}\n\nBest,\nMia\n"))
    assert reading.kind == kind, reading.evidence


def test_software_that_writes_what_no_rule_explains_is_automated_not_a_person_answering():
    notice = letter("Careers <no-reply@fuchsbau.teamtailor-mail.com>", "Status update",
                    "Your file now sits with the people who look after this opening.")
    generated = letter("Ridgeline <talent@ridgeline.example>", "Update", "Your file is with the team.",
                       Auto_Submitted="auto-generated")
    relayed = letter("Leo Marchetti via Ashby <no-reply@ashbyhq.com>", "Quick note",
                     "Loved chatting with you yesterday, the team is still buzzing about your demo.")
    person = letter(PERSON, "Quick note", "Your file now sits with the people who look after this opening.")
    assert classify(notice).kind == MailClass.AUTOMATED and "no-reply@" in classify(notice).evidence
    assert classify(generated).kind == MailClass.AUTOMATED  # auto-generated is not an out-of-office
    assert classify(relayed).kind == MailClass.REPLY  # a person's words relayed by the tracking system
    assert classify(person).kind == MailClass.REPLY


def test_an_auto_generated_acknowledgement_is_read_by_its_text_and_an_auto_reply_is_an_autoreply():
    ack = letter("Ridgeline <noreply@jobvite.com>", "We received your message",
                 "Your message to Ridgeline Software has been received and added to your candidate profile.",
                 Auto_Submitted="auto-generated")
    away = letter(PERSON, "Away", "Back on 9 November.", Auto_Submitted="auto-replied")
    assert classify(ack).kind == MailClass.RECEIPT
    assert classify(away).kind == MailClass.AUTOREPLY


def test_a_person_saying_got_it_in_the_thread_is_a_reply_and_a_systems_acknowledgement_a_receipt():
    person = letter(PERSON, "Re: Thank you", "Bien reçu, merci ! Je fais suivre à Camille.",
                    In_Reply_To="<ty-1@example.org>")
    system = letter(SYSTEM, "Re: Thank you", "Nous avons bien reçu votre message.", In_Reply_To="<ty-1@example.org>")
    assert classify(person).kind == MailClass.REPLY
    assert classify(system).kind == MailClass.RECEIPT


TENANTS = [Target("5", "Fuchsbau Mobility", "Backend Engineer", ("fuchsbau.io",)),
           Target("6", "Lindenwerk Energie GmbH", "Data Engineer (m/w/d)", ("lindenwerk.de",)),
           Target("7", "Lindenwerk Energie GmbH", "Analytics Engineer (m/w/d)", ("lindenwerk.de",))]


def test_a_tracking_systems_address_names_the_company_when_nothing_else_does():
    fuchsbau = letter("Hiring <noreply@fuchsbau.teamtailor-mail.com>", "Deine Bewerbung",
                      "Wir haben uns diesmal gegen dich entschieden.")
    netze = letter("Personal <lindenwerk-netze-jobs@m.personio.de>", "Ihre Bewerbung als Data Engineer (m/w/d)",
                   "Wir haben uns für eine andere Person entschieden.")
    energie = letter("Personal <lindenwerk-jobs@m.personio.de>", "Ihre Bewerbung als Data Engineer (m/w/d)",
                     "Wir haben uns für eine andere Person entschieden.")
    assert attribute(fuchsbau, TENANTS).id == "5"
    assert attribute(netze, TENANTS) is None  # another company of a similar name
    assert attribute(energie, TENANTS).id == "6"  # the tenant, then the role


def test_when_two_roles_are_named_the_one_in_the_deciding_sentence_has_the_news():
    both = letter("stefan.hartmann@lindenwerk.de", "Ihre Bewerbungen",
                  "Das Verfahren für die Position Analytics Engineer (m/w/d) ist vorübergehend ausgesetzt.\n\n"
                  "Ihr Verfahren als Data Engineer (m/w/d) läuft davon unberührt weiter.")
    reading = classify(both)
    assert reading.kind == MailClass.PAUSED
    assert attribute(both, TENANTS, sentence=reading.sentence).id == "7"
    assert attribute(both, TENANTS) is None  # without the sentence: never guessed


@pytest.mark.parametrize("text", [
    "Können wir auf Montag, 2. November, 11 Uhr ausweichen?",  # "2." does not end the sentence
    "Hätten Sie am Dienstag, 3.11., um 10 Uhr Zeit?",
    "Would Thursday at 3pm work for the panel?",
    "¿Te vendría bien el jueves a las 16:00?",
])
def test_a_question_that_names_a_day_and_an_hour_books_an_interview(text):
    assert classify(letter(PERSON, "Termin", text)).kind == MailClass.SCHEDULING


def test_an_iso_date_and_a_spanish_term_in_business_days_are_read():
    assert read_date("returning 2026-11-23", date(2026, 11, 2), kind="autoreply") == date(2026, 11, 23)
    assert read_date("Le daremos respuesta en un plazo de diez días hábiles.", date(2026, 11, 17)) == date(2026, 12, 1)


def test_a_refusal_until_someone_signs_off_is_a_wait_and_even_if_is_no_condition():
    wait = letter(PERSON, "Update", "I can't make you an offer until our VP signs off, which should happen by "
                                    "Friday, December 4.")
    assert classify(wait).kind == MailClass.TIMELINE
    no = letter(PERSON, "Update", "Ich mach's kurz, auch wenn's mir schwerfällt: ich muss dir leider absagen.")
    assert classify(no).kind == MailClass.REJECTION
