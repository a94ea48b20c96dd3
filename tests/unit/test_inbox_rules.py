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
