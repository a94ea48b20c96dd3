"""Detection on realistic invites (PRODUCT.md §3)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars.ics import parse_events
from mailflow.config import loads
from mailflow.model import Attendee, Event
from mailflow.rules.detect import (Detector, company_from_domain, company_from_title, detect, name_from_address,
                                   role_from_text, role_in_foreign_title)

from tests.harness.calendars import ME, vcalendar, vevent

UTC = ZoneInfo("UTC")
CONFIG = loads(f'[profile]\nemail = "{ME}"\nname = "Alex Candidate"\n')
ME_ATTENDING = f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}"
AT = (":20261103T150000Z", ":20261103T160000Z")


def verdicts(*events: str, config=CONFIG):
    text = vcalendar(*events)
    result = parse_events(text, datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC),
                          source="test", zone=UTC, me=config.my_addresses)
    return {d.event.uid: d for d in detect(result.events, config)}


def test_panel_with_a_meeting_room_gets_one_interviewer_each_and_no_room():
    d = verdicts(vevent("panel", "Acme — Onsite panel", *AT, organizer=";CN=Sam Lee:mailto:sam@acme.example", attendees=(
        ME_ATTENDING,
        ";CN=Ana Lima;PARTSTAT=ACCEPTED:mailto:ana@acme.example",
        ";CN=Zoë Müller;PARTSTAT=ACCEPTED:mailto:zoe@acme.example",
        ";CN=Raj Patel:mailto:raj@acme.example",
        ";CN=Room 4B;CUTYPE=ROOM:mailto:room4b@acme.example",
        ";CN=Big Room:mailto:c_188abc@resource.calendar.google.com",
    )))["panel"]
    assert d.is_interview and "title says 'Onsite'" in d.reasons[0]
    assert d.interview.company == "Acme"
    assert [p.email for p in d.interview.interviewers] == ["ana@acme.example", "zoe@acme.example", "raj@acme.example"]
    assert d.interview.interviewers[1].name == "Zoë Müller"


@pytest.mark.parametrize("address, tracking", [
    ("no-reply@greenhouse.io", True), ("invites@us.greenhouse.io", True), ("x@eu.mail.greenhouse.io", True),
    ("x@notgreenhouse.io", False), ("x@greenhouse.io.example", False), ("x@io", False),
])
def test_a_tracking_system_is_known_by_its_domain_or_one_under_it(address, tracking):
    d = verdicts(vevent("ats", "Conversation with Tom", *AT, organizer=f";CN=Initech Recruiting:mailto:{address}",
                        attendees=(ME_ATTENDING, ";CN=Tom O'Brien:mailto:tom.obrien@initech.example")))["ats"]
    assert ("greenhouse.io" in " ".join(d.reasons)) is tracking


def test_recruiter_phone_screen_whose_only_other_party_is_the_organizer():
    d = verdicts(vevent("screen", "Phone screen", *AT, organizer=";CN=María García:mailto:maria@globex.example",
                        attendees=(ME_ATTENDING,)))["screen"]
    assert d.is_interview
    assert [(p.email, p.name) for p in d.interview.interviewers] == [("maria@globex.example", "María García")]
    assert d.interview.company == "Globex"  # from the domain, the title names none
    assert any("domain globex.example" in r for r in d.reasons)


def test_event_organized_by_an_applicant_tracking_system():
    d = verdicts(vevent("ats", "Conversation with Tom", *AT, organizer=";CN=Initech Recruiting:mailto:no-reply@greenhouse.io",
                        attendees=(ME_ATTENDING, ";CN=Tom O'Brien:mailto:tom.obrien@initech.example")))["ats"]
    assert d.is_interview and "greenhouse.io" in d.reasons[0]
    assert d.interview.company == "Initech"  # never the tracking system's domain
    assert [p.email for p in d.interview.interviewers] == ["tom.obrien@initech.example"]


def test_cancelled_interview_is_not_taken():
    events = (
        vevent("c1", "Interview with Hooli", *AT, organizer=":mailto:gavin@hooli.example", extra="STATUS:CANCELLED"),
        vevent("c2", "Canceled: Interview with Hooli", *AT, organizer=":mailto:gavin@hooli.example"),
    )
    result = verdicts(*events)
    assert not result["c1"].is_interview and result["c1"].reasons == ("cancelled",)
    assert not result["c2"].is_interview and result["c2"].reasons == ("cancelled",)


def test_declined_interview_is_not_taken():
    d = verdicts(vevent("dec", "Interview with Umbrella", *AT, organizer=":mailto:ada@umbrella.example",
                        attendees=(f";PARTSTAT=DECLINED:mailto:{ME}",)))["dec"]
    assert not d.is_interview and d.reasons == ("you declined it",)


def test_all_day_interview_prep_block_is_not_taken():
    d = verdicts(vevent("prep", "Interview prep", ";VALUE=DATE:20261103", ";VALUE=DATE:20261104"))["prep"]
    assert not d.is_interview and "all-day" in d.reasons[0]


def test_timed_interview_prep_block_is_not_taken():
    d = verdicts(vevent("prep2", "Interview prep for Acme", *AT))["prep2"]
    assert not d.is_interview and "preparation" in d.reasons[0]


def test_weekly_team_standup_is_not_taken():
    d = verdicts(vevent("standup", "Team standup", *AT, organizer=f":mailto:{ME}",
                        attendees=(":mailto:kim@current.example",), extra="RRULE:FREQ=WEEKLY"))["standup"]
    assert not d.is_interview and "no interview keyword" in d.reasons[0]


def test_dentist_appointment_is_not_taken():
    d = verdicts(vevent("dentist", "Dentist appointment", *AT, extra="LOCATION:Main St 5"))["dentist"]
    assert not d.is_interview


def test_user_rules_include_and_exclude():
    config = loads(f'[profile]\nemail = "{ME}"\n[detect]\ninclude = ["^Chat with"]\nexclude = ["mock"]\n')
    result = verdicts(
        vevent("inc", "Chat with Ana", *AT, organizer=";CN=Ana Lima:mailto:ana@acme.example"),
        vevent("exc", "Mock interview with Acme", *AT, organizer=":mailto:ana@acme.example"),
        config=config,
    )
    assert result["inc"].is_interview and "include" in result["inc"].reasons[0]
    assert not result["exc"].is_interview and "exclude" in result["exc"].reasons[0]


def test_company_mapping_from_config_wins_over_domain():
    config = loads(f'[profile]\nemail = "{ME}"\n[companies."Acme Robotics"]\ndomains = ["acme.example"]\nrole = "SRE"\n')
    d = verdicts(vevent("m", "Technical interview", *AT, organizer=";CN=Ana:mailto:ana@mail.acme.example"),
                 config=config)["m"]
    assert d.interview.company == "Acme Robotics" and d.interview.role == "SRE"


def test_interviewer_without_a_name_is_named_from_the_address_with_a_warning():
    d = verdicts(vevent("n", "Interview with Acme", *AT, attendees=(ME_ATTENDING, ":mailto:jane.o-neil@acme.example")))["n"]
    (person,) = d.interview.interviewers
    assert person.name == "Jane O-neil" and person.named_from == "address"
    assert any("derived from the address" in w for w in d.warnings)


def test_system_addresses_and_ignored_addresses_are_not_interviewers():
    config = loads(f'[profile]\nemail = "{ME}"\n[detect]\nignore_addresses = ["assistant@acme.example"]\n')
    d = verdicts(vevent("s", "Interview with Acme", *AT, attendees=(
        ME_ATTENDING, ":mailto:noreply@acme.example", ":mailto:assistant@acme.example", ";CN=Ana:mailto:ana@acme.example",
    )), config=config)["s"]
    assert [p.email for p in d.interview.interviewers] == ["ana@acme.example"]


def test_crlf_in_names_stays_out_of_interviewer_names():
    d = verdicts(vevent("x", "Interview with Acme", *AT, attendees=(ME_ATTENDING, ';CN="Ana\\nBcc: evil@x.example":mailto:ana@acme.example')))["x"]
    assert "\n" not in d.interview.interviewers[0].name


@pytest.mark.parametrize("title,company", [
    ("Interview with Acme", "Acme"),
    ("Acme — Onsite", "Acme"),
    ("Acme: Phone Screen", "Acme"),
    ("Phone screen - Globex", "Globex"),
    ("Onsite at Initech for Senior Engineer", "Initech"),
    ("Technical interview: Umbrella Corp (Backend Engineer)", "Umbrella Corp"),
    ("Final round interview at Hooli", "Hooli"),
    ("Acme Corp - Hiring Manager Interview", "Acme Corp"),
    ("Interview with Jane Doe", ""),  # a person, not a company
    ("Weekly standup", ""),
    ("Interview: Senior Engineer at Stripe", "Stripe"),
    ("Stripe Interview - Alex Candidate", "Stripe"),
    ("Phone Interview with Jane from Stripe", "Stripe"),
    ("[Stripe] Technical Interview", "Stripe"),
    ("Zoom: Stripe / Alex - recruiter call", "Stripe"),
    ("Final Interview - Senior SWE - Stripe", "Stripe"),
    ("Stripe: Alex Candidate - Coding Interview (60 min)", "Stripe"),
    ("Interview for Backend Engineer role", ""),
    ("Procter & Gamble interview", "Procter & Gamble"),
    ("Interview - Ernst & Young", "Ernst & Young"),
    ("AT&T phone screen", "AT&T"),
    ("Updated invitation: Interview with Acme", "Acme"),
    ("Rescheduled: Fwd: Acme — Onsite", "Acme"),
])
def test_company_from_title(title, company):
    assert company_from_title(title, {"jane doe", "jane", "alex candidate", "alex"}) == company


def test_of_two_names_in_a_title_the_one_matching_the_domain_wins():
    assert company_from_title("Globex x Initech - Interview", set(), "initech.example") == "Initech"
    assert company_from_title("Globex x Initech - Interview", set()) == "Globex"


def test_company_and_name_from_addresses():
    assert company_from_domain("acme-robotics.co.uk") == "Acme Robotics"
    assert company_from_domain("careers.globex.com") == "Globex"
    assert name_from_address("jane.doe+jobs@x.example") == "Jane Doe"


def test_rooms_without_cutype_are_known_by_name_or_address():
    from mailflow.model import Attendee
    from mailflow.rules.detect import Detector

    detector = Detector(loads(""))
    rooms = [("Room 4B", "x@acme.example"), ("Conf Room - Floor 2", "c@acme.example"), ("HQ-3", "hq3@acme.example"),
             ("Boardroom", "b@acme.example"), ("Sam", "room-4b@acme.example"), ("", "conf.5@acme.example")]
    people = [("Person 0", "p0@acme.example"), ("Rooney Mara", "rooney@acme.example"),
              ("Mr. Smith", "mr.smith@acme.example"), ("Ana Lima", "ana.lima@acme.example")]
    assert all(detector.why_not_thanked(Attendee(e, n)) == "a room or resource" for n, e in rooms)
    assert all(detector.why_not_thanked(Attendee(e, n)) == "" for n, e in people)


def test_an_event_with_more_people_than_any_interview_is_not_one():
    from mailflow.model import Attendee, Event

    start = datetime(2026, 11, 24, 14, tzinfo=ZoneInfo("UTC"))
    event = Event("allhands@acme.example", "Acme panel interview (all hands)", start, start.replace(hour=15),
                  attendees=(Attendee(ME, is_self=True),
                             *(Attendee(f"p{i}@acme.example", f"Person {i}") for i in range(40))))
    (verdict,) = detect([event], loads(f'[profile]\nemail = "{ME}"\n'))
    assert verdict.interview is None and "max_interviewers = 12" in verdict.reasons[-1]
    (allowed,) = detect([event], loads(f'[profile]\nemail = "{ME}"\n[detect]\nmax_interviewers = 50\n'))
    assert allowed.interview is not None


@pytest.mark.parametrize("title", ["Dunmore Council – Housing Officer – second stage (case exercise)",
                                   "Pelagic Games | Level Designer | Design test review",
                                   "Coldharbour Museum — practical task + meet the Director"])
def test_a_later_stage_or_an_assessment_task_is_read_as_an_interview(title):
    d = verdicts(vevent("stage", title, *AT, organizer=";CN=Yetunde Afolabi:mailto:yetunde@dunmore.example",
                        attendees=(ME_ATTENDING, ";CN=Hamza Iqbal:mailto:hamza@dunmore.example")))["stage"]
    assert d.is_interview


@pytest.mark.parametrize("title", ["Design review", "Sprint review", "Stage lighting check"])
def test_a_work_review_is_not_an_assessment(title):
    d = verdicts(vevent("work", title, *AT, organizer=";CN=Yetunde Afolabi:mailto:yetunde@dunmore.example",
                        attendees=(ME_ATTENDING, ";CN=Hamza Iqbal:mailto:hamza@dunmore.example")))["work"]
    assert not d.is_interview


def test_a_kind_of_interview_before_the_word_interview_names_no_company():
    from mailflow.rules.detect import company_from_title

    assert company_from_title("Board interview (Zoom) – NTU Program Coordinator") == ""
    assert company_from_title("Leadership interview: Orbit Labs") == "Orbit Labs"
    assert company_from_title("Acme Board interview") == "Acme"


def test_a_title_naming_a_role_beside_the_invited_peoples_company_is_an_interview():
    kiln = ";CN=Marisol Ibarra:mailto:marisol@kilnworks.example"
    d = verdicts(
        vevent("brand", "Kilnworks Studio <> Brand Designer", *AT, organizer=kiln, attendees=(ME_ATTENDING, kiln)),
        vevent("store", "Fjellsport - Assistant Store Manager (Bergen)", *AT,
               organizer=";CN=Sigrun Haugland:mailto:sigrun@fjellsport.example", attendees=(ME_ATTENDING,)),
        vevent("sales", "Kilnworks Studio <> Northwind", *AT, organizer=kiln, attendees=(ME_ATTENDING, kiln)),
        vevent("mine", "Acme - Product Manager sync", *AT, organizer=f";CN=Alex Candidate:mailto:{ME}",
               attendees=(ME_ATTENDING, ";CN=Pat Roe:mailto:pat@gmail.com")),
    )
    assert d["brand"].is_interview and "role beside 'Kilnworks Studio'" in d["brand"].reasons[0]
    assert d["brand"].interview.company == "Kilnworks Studio" and d["brand"].interview.role == "Brand Designer"
    assert d["store"].is_interview and d["store"].interview.company == "Fjellsport"
    assert not d["sales"].is_interview  # two companies, no role: a meeting
    assert not d["mine"].is_interview  # free mail is nobody's company


def test_an_assessment_day_is_a_stage_of_selection():
    d = verdicts(vevent("day", "Northstar Regional Airlines — First Officer assessment day", *AT,
                        organizer=";CN=Rolf Amundsen:mailto:rolf@northstarair.example", attendees=(ME_ATTENDING,)))
    assert d["day"].is_interview


def test_a_company_named_with_more_words_than_its_domain_still_names_it_beside_a_role():
    d = verdicts(
        vevent("joiner", "Pellham & Daughters Joinery: Bench Joiner trial day", *AT,
               organizer=";CN=Maggie Pellham:mailto:maggie@pellhamjoinery.example", attendees=(ME_ATTENDING,)),
        vevent("tech", "Harmon Street Pharmacy: Pharmacy Technician", *AT,
               organizer=";CN=Sunita Dhillon:mailto:sunita@harmonpharmacy.example", attendees=(ME_ATTENDING,)),
        vevent("weft", "Weft & Warp Textiles - Textile Designer", *AT,
               organizer=";CN=Camille Rousseau:mailto:camille@weftandwarp.example", attendees=(ME_ATTENDING,)),
    )
    assert d["joiner"].is_interview and d["joiner"].interview.company == "Pellham & Daughters Joinery"
    assert d["tech"].is_interview and d["tech"].interview.role == "Pharmacy Technician"
    assert d["weft"].is_interview and d["weft"].interview.company == "Weft & Warp Textiles"


LATER = (":20261110T150000Z", ":20261110T160000Z")


def test_an_invite_naming_a_company_the_user_is_in_a_process_with_is_a_further_stage():
    harrow = ";CN=Jenna McAllister:mailto:jenna@harrowvale.example"
    d = verdicts(
        vevent("first", "Harrow Vale Medical Practice — Practice Pharmacist interview", *AT, organizer=harrow,
               attendees=(ME_ATTENDING, harrow)),
        vevent("partners", "Harrow Vale Medical Practice: meet the partners", *LATER, organizer=harrow,
               attendees=(ME_ATTENDING, harrow, ";CN=Dr Priti Chauhan:mailto:priti@harrowvale.example")),
    )
    assert d["partners"].is_interview and "already have an application" in d["partners"].reasons[0]
    assert d["partners"].interview.company == "Harrow Vale Medical Practice"
    assert [p.email for p in d["partners"].interview.interviewers] == ["jenna@harrowvale.example",
                                                                       "priti@harrowvale.example"]


def test_a_stored_application_makes_its_companys_next_invite_a_stage_but_not_a_lunch_or_anothers_call():
    detector = Detector(CONFIG, pipeline=["fennimores.example", "quillonbio.example"])
    at = datetime(2026, 11, 10, 15, tzinfo=UTC)

    def event(title, *people):
        return Event(uid=title, summary=title, start=at, end=at, attendees=(
            Attendee(ME, "Alex Candidate", response="accepted"), *(Attendee(a, n) for n, a in people)))

    walk = detector.detect(event("Fennimore's Grocers - store walk", ("Halima Yusuf", "hyusuf@fennimores.example")))
    assert walk.is_interview and walk.interview.company == "Fennimore's Grocers"
    assert detector.detect(event("Quillon Biotherapeutics - follow-up call",
                                 ("Reuben Adeyemi", "reuben@quillonbio.example"))).is_interview
    # the user's own colleagues on a store walk: their company is no application of the user's
    assert not detector.detect(event("Brightwell Foods - store walk", ("Sam Okafor", "sam@brightwellfoods.example"),
                                     ("Lee Chan", "lee@brightwellfoods.example"))).is_interview
    # a dentist's follow-up call
    assert not detector.detect(event("Smile Dental - follow-up call",
                                     ("Dr Ana Ruiz", "ana@smiledental.example"))).is_interview
    # a company in the process whose title does not name it: a lunch is not a stage
    assert not detector.detect(event("Lunch", ("Halima Yusuf", "hyusuf@fennimores.example"))).is_interview
    # the company named, its people not invited (a friend's "Fennimore's Grocers - store walk")
    assert not detector.detect(event("Fennimore's Grocers - store walk", ("Pat Roe", "pat@gmail.com"))).is_interview


def test_a_company_whose_name_ends_as_a_role_does_is_still_the_company_when_its_people_are_invited():
    assert company_from_title("Strathmore Civil Engineering — Graduate Structural Engineer interview",
                              domain="strathmorecivil.example") == "Strathmore Civil Engineering"
    assert company_from_title("Deputy Public Defender interview — Riverside County Public Defender",
                              domain="riversidepd.example") == "Riverside County Public Defender"
    # without the domain to say so, a piece ending as a role does is the role
    assert company_from_title("Interview — Graduate Structural Engineer") == ""


def test_a_further_stage_whose_invite_names_no_role_has_its_applications_role():
    detector = Detector(CONFIG, pipeline={"fennimores.example": "Assistant Store Manager"})
    at = datetime(2026, 11, 10, 15, tzinfo=UTC)
    walk = detector.detect(Event(uid="walk", summary="Fennimore's Grocers - store walk", start=at, end=at, attendees=(
        Attendee(ME, "Alex Candidate", response="accepted"), Attendee("hyusuf@fennimores.example", "Halima Yusuf"))))
    assert walk.interview.role == "Assistant Store Manager"


def _first_invite(title, description, *people, organizer=None, config=CONFIG):
    detector = Detector(config)
    at = datetime(2026, 11, 10, 15, tzinfo=UTC)
    return detector.detect(Event(uid=title, summary=title, description=description, start=at, end=at,
                                 organizer=organizer, attendees=(
                                     Attendee(config.profile.email, "Alex Candidate", response="accepted"),
                                     *(Attendee(a, n) for n, a in people))))


@pytest.mark.parametrize("title, description, people, role", [
    ("Trial bake – Saltmarsh Bakery", "Come in at 4am for a trial bake with the early shift for the Baker vacancy.",
     (("Jonas Ekberg", "jonas@saltmarshbakery.example"), ("", "hello@saltmarshbakery.example")), "Baker"),
    ("Quick call – Stonechat Bookkeeping", "Phone call about the Payroll Officer position. Hine will call you.",
     (("Hine Parata", "hine@stonechatbooks.example"),), "Payroll Officer"),
    ("Brae Marine Lab — boat day", "A day on the RV Selkie, as the practical stage for the Research Technician post.",
     (("Iain MacAskill", "iain@braemarine.example"), ("Saki Watanabe", "saki@braemarine.example")),
     "Research Technician"),
    ("Halden Core — seminar + 1:1s", "Seminar (30 min) on your previous work, then 1:1s. Bioinformatician post.",
     (("Aditi Kulkarni-Shaw", "aditi@haldencore.example"),), "Bioinformatician"),
    ("Probetag in der Küche", "Ein Probetag für die Stelle als Koch. Bitte Messer mitbringen.",
     (("Jonas Weber", "jonas@gasthaus-linde.example"),), "Koch"),
    ("Prueba en cocina", "Una mañana de prueba para el puesto de camarero en la terraza.",
     (("Lucía Ortega", "lucia@casaortega.example"),), "camarero"),
    ("Coffee", "A chat about the role over coffee; you'll meet Bea's team too.",
     (("Bea Salgado", "bea@quilloncapital.example"),), ""),
    ("Teach a lesson – Maths", "You'll teach a Year 9 lesson observed by the Head of Maths, then a conversation.",
     (("Lanre Adebayo", "l.adebayo@kittiwakeacademy.example"),), ""),
])
def test_a_first_invite_with_no_interview_word_is_one_when_its_text_names_the_job_and_one_organisation_invites(
        title, description, people, role):
    d = _first_invite(title, description, *people)
    assert d.is_interview, d.reasons
    assert "not your own organisation" in d.reasons[0] and people[0][1].split("@")[1] in d.reasons[0]
    assert d.interview.role == role


def test_the_reason_for_a_first_invite_says_which_evidence_decided():
    d = _first_invite("Ride-along", "Ride-along with a crew as part of the assessment for the Emergency Care "
                      "Assistant vacancy.", ("Shona MacLeod", "shona@ridgeline-ambulance.example"))
    assert d.reasons[0] == ("the description names the job on offer ('Emergency Care Assistant') and everyone "
                            "invited from outside is from ridgeline-ambulance.example, not your own organisation: "
                            "an interview for it")


def test_meetings_that_mention_a_job_or_look_like_a_first_stage_stay_meetings():
    colleague = ("Sam Okafor", "sam@brightwell.example")
    at_work = loads('[profile]\nemail = "alex@brightwell.example"\nname = "Alex Candidate"\n')
    # the user's own colleagues on the role they are hiring for
    assert not _first_invite("Catch-up", "What we want from the Senior Engineer role before it goes out.",
                             colleague, config=at_work).is_interview
    # the same, when the user's own address is not at work: the hiring side's words say so
    assert not _first_invite("Catch-up", "Let's agree the shortlist for the Senior Engineer role.",
                             colleague).is_interview
    # a dentist's follow-up call, a landlord's walk round the flat
    assert not _first_invite("Follow-up call", "A follow-up call about your crown; have your notes ready.",
                             ("Dr Ana Ruiz", "ana@smiledental.example")).is_interview
    assert not _first_invite("Walk round the flat", "I'll show you round the flat before you sign the tenancy.",
                             ("Mo Landlord", "mo@harbourlets.example")).is_interview
    # a webinar about a role from a newsletter or no-reply sender
    for sender in ("news@prodschool.example", "no-reply@prodschool.example"):
        assert not _first_invite("Breaking into product", "A live session about the Product Manager role.",
                                 ("Prod School", sender)).is_interview
    assert not _first_invite("Webinar: breaking into product", "A live session about the Product Manager role.",
                             ("Kim Lee", "kim@prodschool.example")).is_interview
    # a recruiter's job fair, and jobs in the plural
    assert not _first_invite("Job fair – Northside Recruitment", "Meet us about the Warehouse Operative job.",
                             ("Jo Bell", "jo@northside.example")).is_interview
    assert not _first_invite("Drop-in at Northside", "We have Warehouse Operative jobs and Driver roles open.",
                             ("Jo Bell", "jo@northside.example")).is_interview
    # a job named, but two organisations, or a friend at free mail
    assert not _first_invite("Coffee", "Talk about the Credit Analyst opening.", ("Bea Salgado", "bea@quillon.example"),
                             ("Tom Ray", "tom@otherco.example")).is_interview
    assert not _first_invite("Coffee", "Talk about the Credit Analyst opening.",
                             ("Bea Salgado", "bea.salgado@gmail.com")).is_interview
    # a role word with no job title beside it, and "job" as a modifier
    assert not _first_invite("Lunch", "Lunch near the payroll office; bring the job sheet.",
                             ("Hine Parata", "hine@stonechatbooks.example")).is_interview


def test_a_room_named_for_the_people_in_it_is_their_mailbox_not_a_room():
    from mailflow.rules.detect import _looks_like_a_room

    assert not _looks_like_a_room(Attendee("clerks@chambers.example", "Clerks Room"))
    assert _looks_like_a_room(Attendee("r4b@acme.example", "Room 4B"))
    assert _looks_like_a_room(Attendee("room.concorde@acme.example", "Meeting Room Concorde"))


@pytest.mark.parametrize("description", [
    "Your lesson will be observed by\n\n(panel TBC)",
    "Teach a Year 9 class. Assessed by ",
    "Your demo will be judged by  — panel",
])
def test_a_watched_phrase_with_no_one_after_by_is_read_without_stopping_the_run(description):
    d = _first_invite("Trial lesson", description, ("Head", "head@school.example"), ("", "maths@school.example"))
    assert not d.is_interview


@pytest.mark.parametrize("title, description", [
    ("Sync with VendorCo", "Agenda: your rollout plan, and the role of AI in logistics."),
    ("Weekly catch-up", "Can you check why the job is stuck? Your pipeline failed."),
    ("Board meeting", "Minutes: the job is done; see you there."),
    ("Lunch with Sam", "Please bring your laptop. The opening at 5pm."),
    ("Onboarding call", "Welcome! This call walks you through the tool. The post on LinkedIn at 3pm."),
    ("Project kickoff", "We'll go over your requirements for the Project Manager role on our side."),
    ("Quarterly review", "Your account manager will cover the role of the new Support Engineer."),
    ("Contract review", "Your contract for the Senior Developer position we discussed."),
    ("Handover", "Your tasks, handover from the outgoing Office Manager role."),
])
def test_a_meeting_with_one_organisation_that_names_a_job_it_does_not_offer_stays_a_meeting(title, description):
    d = _first_invite(title, description, ("Pat", "pm@vendorco.example"), ("", "dev@vendorco.example"))
    assert not d.is_interview, d.reasons


def test_the_job_on_offer_is_read_in_a_long_description_with_work_bounded_by_its_length():
    from mailflow.rules.detect import _LOOK_BACK, named_vacancy

    assert named_vacancy("role of " * 10_000) == ""
    assert named_vacancy("x role. " * 5_000 + "Phone call about the Payroll Officer position.") == "Payroll Officer"
    # each noun is read from a bounded stretch of text before it, whatever comes earlier
    assert _LOOK_BACK <= 400
    long = "Notes on the day. " * 2_000 + "A trial shift for the Baker vacancy."
    assert named_vacancy(long) == "Baker"


def test_a_room_named_for_its_people_is_a_room_when_its_address_says_room():
    from mailflow.rules.detect import _looks_like_a_room

    assert _looks_like_a_room(Attendee("teachersroom@school.example", "Teachers Room"))
    assert _looks_like_a_room(Attendee("nurses.room@hosp.example", "Nurses Room"))
    assert not _looks_like_a_room(Attendee("clerks@chambers.example", "Clerks Room"))


def test_who_is_not_thanked_is_worked_out_once_per_person_however_many_events_invite_them(monkeypatch):
    from mailflow.rules import detect as rules

    looked: list[str] = []
    original = rules._looks_like_a_room
    monkeypatch.setattr(rules, "_looks_like_a_room", lambda a: looked.append(a.email) or original(a))
    people = (Attendee("ana@acme.example", "Ana Lima", response="accepted"),
              Attendee("ana@acme.example", "Ana Lima", response="declined"),  # her answer is not asked
              Attendee("b4@acme.example", "Room 4B"), Attendee("b4@acme.example", "Bea Four"))
    start = datetime(2026, 11, 3, 15, tzinfo=UTC)
    events = [Event(f"weekly-{i}", f"Standup {i}", start, start, organizer=people[0], attendees=people)
              for i in range(50)]
    detector = Detector(CONFIG)
    for event in events:
        detector.detect(event)
    assert [detector.why_not_thanked(a) for a in people] == ["", "", "a room or resource", ""]
    # the same address under another name is another answer ("Room 4B" is a room, "Bea Four" a person)
    assert sorted(looked) == ["ana@acme.example", "b4@acme.example", "b4@acme.example"]


@pytest.mark.parametrize("title", ["Entrevista – Profesor/a de Ciencias (Secundaria)",
                                   "Vorstellungsgespräch Projektingenieur (m/w/d)",
                                   "Colloquio di lavoro - Sviluppatore backend",
                                   "Entretien d'embauche – Vendeuse"])
def test_an_invite_that_says_interview_in_another_language_is_an_interview(title):
    d = verdicts(vevent("es", title, *AT, organizer=";CN=Ana Ruiz:mailto:ana@colegio.example",
                        attendees=(ME_ATTENDING, ";CN=Ana Ruiz:mailto:ana@colegio.example")))["es"]
    assert d.is_interview


def test_an_appliance_service_in_french_stays_a_meeting():
    d = verdicts(vevent("boiler", "Entretien chaudière", *AT, organizer=";CN=Service:mailto:rdv@chauffage.example",
                        attendees=(ME_ATTENDING,)))["boiler"]
    assert not d.is_interview


def test_a_title_that_names_no_company_takes_it_from_the_description_when_the_domain_spells_it():
    d = verdicts(vevent("iv", "Interview", *AT, extra="DESCRIPTION:" + "Benítez Legal Aid Society - Staff Attorney, Housing Unit. "
                                                            "Please bring a writing sample.",
                        attendees=(ME_ATTENDING, ";CN=Carmen Ruiz:mailto:cruiz@benitezlegalaid.example")))["iv"]
    assert d.interview.company == "Benítez Legal Aid Society"
    assert d.interview.role == "Staff Attorney"


def test_a_company_whose_domain_is_its_initials_is_named_from_the_description():
    d = verdicts(vevent("iv", "Interview confirmation", *AT,
                        extra="DESCRIPTION:" + "You are confirmed for an interview for the High School Math Teacher position at "
                                    "Orchard Valley Unified School District, Jefferson High campus.",
                        attendees=(ME_ATTENDING, ";CN=Theo Papadakis:mailto:tp@ovusd.example")))["iv"]
    assert d.interview.company == "Orchard Valley Unified School District"
    assert d.interview.role == "High School Math Teacher"


def test_a_job_title_with_its_grade_is_the_role_not_the_company():
    d = verdicts(vevent("iv", "Final round — Epidemiologist II", *AT,
                        extra="DESCRIPTION:" + "Provincial Public Health Laboratory. Panel interview, second round.",
                        attendees=(ME_ATTENDING, ";CN=Mei-Ling Tsao:mailto:meiling@pphl.example")))["iv"]
    assert d.interview.company == "Provincial Public Health Laboratory"
    assert d.interview.role == "Epidemiologist II"


def test_a_role_named_in_the_descriptions_sentence_about_the_interview_is_the_role():
    d = verdicts(vevent("iv", "Otterburn Credit Union interview", *AT,
                        extra="DESCRIPTION:" + "Loan Officer interview. Panel: branch manager, chief lending officer, HR.",
                        attendees=(ME_ATTENDING, ";CN=Marisol Etxeberria:mailto:me@otterburncu.example")))["iv"]
    assert d.interview.company == "Otterburn Credit Union"
    assert d.interview.role == "Loan Officer"


def test_a_company_name_with_accents_matches_its_plain_domain():
    d = verdicts(vevent("iv", "Kōwhai Kura — Te Reo Māori Teacher (Years 7–10) hui", *AT,
                        attendees=(ME_ATTENDING, ";CN=Hēmi Walker:mailto:hemi.walker@kowhaikura.example")))["iv"]
    assert d.is_interview and d.interview.company == "Kōwhai Kura"
    assert d.interview.role == "Te Reo Māori Teacher"


def test_small_words_and_ordinals_of_a_title_are_no_company():
    assert company_from_title("JATC oral interview", set(), "jatc417.example") == "JATC"
    assert company_from_title("Digital Archivist - 2nd round", set(), "arcadia-archives.example") == ""


def test_a_title_word_the_description_calls_the_post_is_the_job_not_the_company():
    d = verdicts(vevent("iv", "Interview day (SENCo)", *AT,
                        extra="DESCRIPTION:Summit Learning Trust interview day for the SENCo post: tour\\, data task.",
                        attendees=(ME_ATTENDING, ";CN=Helga Sørensen:mailto:h.sorensen@summitlearningtrust.example")))["iv"]
    assert d.interview.company == "Summit Learning Trust"


def test_a_role_in_brackets_after_a_name_is_no_part_of_the_name():
    d = verdicts(vevent("iv", "Ashgrove Primary — Year 4 teacher interview", *AT, attendees=(
        ME_ATTENDING, ";CN=Mrs Hilary Odum (Headteacher):mailto:head@ashgrove.example",
        ";CN=Sqn Ldr (ret.) Alistair Munro:mailto:amunro@ashgrove.example",
        ";CN=Wei Zhang (David):mailto:wzhang@ashgrove.example")))["iv"]
    assert [p.name for p in d.interview.interviewers] == ["Mrs Hilary Odum", "Sqn Ldr Alistair Munro",
                                                          "Wei Zhang (David)"]


def test_a_role_line_ends_with_its_sentence():
    d = verdicts(vevent("iv", "Interview with Greenleaf Co-operative Grocers", *AT,
                        extra="DESCRIPTION:Role: Fresh Produce Lead. Meet at the loading dock\\, wear closed-toe shoes.",
                        attendees=(ME_ATTENDING, ";CN=Arjun Mehta:mailto:arjun@greenleafcoop.example")))["iv"]
    assert d.interview.role == "Fresh Produce Lead"


@pytest.mark.parametrize("title, company, role", [
    ("Entrevista – Ingeniera de Procesos (Química Andina)", "Química Andina", "Ingeniera de Procesos"),
    ("Entrevista con RRHH – Analista de Datos", "Grupo Vértice", "Analista de Datos"),
    ("Vorstellungsgespräch Projektingenieur (m/w/d)", "Brückner Anlagenbau", "Projektingenieur"),
    ("Entrevista – Clínica Dental Sonrisa", "Clínica Dental Sonrisa", ""),
])
def test_a_title_in_another_language_names_the_role_by_its_head_words_ending(title, company, role):
    assert (role_from_text(title, company) or role_in_foreign_title(title, company)) == role


def test_a_title_word_the_description_calls_the_post_is_the_role():
    d = verdicts(vevent("iv", "Interview day (SENCo)", *AT,
                        extra="DESCRIPTION:Summit Learning Trust interview day for the SENCo post: tour\\, data task.",
                        attendees=(ME_ATTENDING, ";CN=Helga Sørensen:mailto:h.sorensen@summitlearningtrust.example")))["iv"]
    assert d.interview.role == "SENCo"


def test_a_role_the_description_names_in_english_wins_over_the_titles_other_language():
    d = verdicts(vevent("iv", "Vorstellungsgespräch Projektingenieur (m/w/d)", *AT,
                        extra="DESCRIPTION:Brückner Anlagenbau GmbH – second interview for the Project Engineer "
                              "(Process Plants) position.",
                        attendees=(ME_ATTENDING, ";CN=Jürgen Brückner:mailto:j.brueckner@brueckner-anlagenbau.example")))["iv"]
    assert d.interview.role == "Project Engineer" and d.interview.company == "Brückner Anlagenbau GmbH"


@pytest.mark.parametrize("title", ["Lunch 🍕 - Acme", "Kaffee - Straße", "Встреча - Иван", "会議 - Acme",
                                   "Interview - Łódź 🚀", "Straße Bau <> Projektleiter"])
def test_a_title_with_letters_that_have_no_ascii_form_is_judged_like_any_other(title):
    d = verdicts(vevent("t", title, *AT, organizer=";CN=Lars Holm:mailto:lars.holm@acme.example",
                        attendees=(ME_ATTENDING, ";CN=Lars Holm:mailto:lars.holm@acme.example")))["t"]
    assert d.is_interview is title.startswith("Interview")


def test_a_name_with_sharp_s_or_other_scripts_matches_a_domain_only_by_its_ascii_letters():
    from mailflow.rules.detect import names_domain
    assert names_domain("Straße Bau", "strassebau.example")
    assert not names_domain("Straße Bau", "x.example")
    assert not names_domain("Встреча", "acme.example")
    assert names_domain("Acme 🍕", "acme.example")


@pytest.mark.parametrize("title, organizer, description", [
    ("Colloquio con i genitori", "maestra.rossi@scuola.example", ""),
    ("Colloquio con il commercialista", "studio@bianchi.example", ""),
    ("Entretien individuel annuel avec votre manager", "chef@acme.example", ""),
    ("Entretien technique - contrôle technique voiture", "atelier@garage-leroy.example", ""),
    ("Entretien final - appartement", "contact@agenceimmo.example", ""),
    ("Entretien chaudière - Technicien Dupont", "rdv@chauffage.example", ""),
    ("Entrevue avec le notaire", "notaire@etude.qc.example", ""),
])
def test_an_italian_or_french_word_for_any_talk_without_a_job_beside_it_is_no_interview(title, organizer, description):
    d = verdicts(vevent("t", title, *AT, organizer=f";CN=X Y:mailto:{organizer}",
                        attendees=(ME_ATTENDING, f";CN=X Y:mailto:{organizer}")))["t"]
    assert not d.is_interview


@pytest.mark.parametrize("title, email, company, role", [
    ("Entretien d'embauche - Développeur Python", "marc.petit@doctolib.example", "Doctolib", "Développeur Python"),
    ("Colloquio di lavoro - Responsabile Acquisti", "hr@ferretti.example", "Ferretti", ""),
    ("Entrevista - Jefe de Ventas", "rrhh@mercadona.example", "Mercadona", ""),
    ("Vorstellungsgespräch - Projektleiter Bau", "personal@hochtief.example", "Hochtief", "Projektleiter Bau"),
    ("Colloquio - Sviluppatore Backend", "hr@ferretti.example", "Ferretti", "Sviluppatore Backend"),
    ("Entretien : Ingénieur Procédés", "rh@saint-gobain.example", "Saint Gobain", "Ingénieur Procédés"),
])
def test_a_job_title_in_another_language_is_the_role_never_the_company(title, email, company, role):
    d = verdicts(vevent("t", title, *AT, organizer=f";CN=Marc Petit:mailto:{email}",
                        attendees=(ME_ATTENDING, f";CN=Marc Petit:mailto:{email}")))["t"]
    assert d.is_interview
    assert d.interview.company == company
    if role:
        assert d.interview.role == role


def test_a_foreign_title_takes_the_company_the_description_names_and_the_domain_spells():
    d = verdicts(vevent("t", "Entretien de recrutement - Ingénieur Procédés", *AT,
                        extra="DESCRIPTION:Saint-Gobain Recherche vous invite à un entretien.",
                        organizer=";CN=Julie Martin:mailto:julie.martin@saint-gobain.example",
                        attendees=(ME_ATTENDING, ";CN=Julie Martin:mailto:julie.martin@saint-gobain.example")))["t"]
    assert d.is_interview and d.interview.company.startswith("Saint-Gobain")
    assert d.interview.role == "Ingénieur Procédés"
