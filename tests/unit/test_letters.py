"""What the notes say: each written for its reader, remarks made into punctuated sentences,
promises, links and availability read as the candidate would write them."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from mailflow.compose import Composer, letters, sentences
from mailflow.config import Config, PersonConfig, Policy, Profile, ProofreadConfig
from mailflow.model import Application, Interview, Interviewer, Remark, RemarkForm
from mailflow.proofread import ProofContext, proofread
from mailflow.model import Planned

NY = ZoneInfo("America/New_York")
START = datetime(2026, 3, 10, 14, tzinfo=NY)
PANEL = (
    Interviewer("ana.lima@acme.example", "Ana Lima"),
    Interviewer("lan.nguyen@acme.example", "Nguyễn Thị Lan"),
    Interviewer("kwame.mensah@acme.example", "Dr. Kwame Mensah"),
)
INTERVIEW = Interview("iv0001", "uid|", "Acme", "Senior Data Engineer", "Acme - Onsite panel", START,
                      START.replace(hour=16), PANEL)
CONFIG = Config(profile=Profile(name="Alex Candidate", email="alex@candidate.example",
                                signature="Alex Candidate\n+1 555 0100"),
                policy=Policy(timezone="America/New_York", locale="en_US"))
REMARKS = {
    "ana.lima@acme.example": "we deploy forty times a day",
    "lan.nguyen@acme.example": "the hardest part of a migration is reloading the history",
    "kwame.mensah@acme.example": "clinical data is only useful if the clinicians trust it",
}


def notes(*extra: Remark) -> list[Remark]:
    return [Remark("iv0001", email, text) for email, text in REMARKS.items()] + list(extra)


def render(person: Interviewer, found: list[Remark], debrief: dict | None = None, *, now: datetime | None = None,
           config: Config = CONFIG):
    item = Planned("thank_you", f"thank_you.{person.email}", INTERVIEW, Application(1, "Acme"), person)
    context, _ = letters.context_for(item, config, found, debrief, NY, now=now or START.replace(hour=18))
    msg = Composer(config).build("thank_you", context, key=item.key, to=(person.name, person.email),
                                 date=now or START.replace(hour=18))
    return msg, context


def words_outside_quotes_and_names(text: str) -> str:
    text = re.sub(r'"[^"]*"', '""', text)
    for p in PANEL:
        for word in (*p.name.split(), "Lan", "Dr. Mensah", "Ana"):
            text = text.replace(word, "")
    return text


def test_a_panel_of_three_gets_three_different_notes_outside_the_quotes_and_names():
    messages = [render(p, notes())[0] for p in PANEL]
    bodies = [m.get_content() for m in messages]
    stripped = [words_outside_quotes_and_names(b) for b in bodies]
    assert len(set(stripped)) == 3
    # not only one sentence: the opening, the remark sentence and the closing each differ
    for line in range(2, 5):
        assert len({b.split("\n")[line] for b in stripped}) == 3, [b.split("\n")[line] for b in stripped]
    assert len({str(m["Subject"]) for m in messages}) == 3
    assert [b.split("\n")[0] for b in bodies] == ["Dear Ana,", "Dear Lan,", "Dear Dr. Mensah,"]
    # a rerun writes the same notes, word for word
    assert [render(p, notes())[0].get_content() for p in PANEL] == bodies


def test_every_thank_you_names_role_and_company_restates_interest_and_offers_more():
    for person in PANEL:
        msg, _ = render(person, notes())
        body = msg.get_content()
        lines = [ln for ln in body.split("\n")[2:] if ln.strip()][:-3]
        assert len(lines) <= 5 and sum(len(ln.split()) for ln in lines) <= 120
        assert "Senior Data Engineer" in body and "Acme" in body
        closing = lines[-1]
        assert "Acme" in closing and re.search(r"interested|excited|kind of work I want", closing)
        assert re.search(r"anything (else|more)", closing)


def test_the_notes_of_a_panel_pass_the_proofreader():
    for person in PANEL:
        msg, context = render(person, notes(
            Remark("iv0001", "", "experience with streaming ingestion", "strength"),
            Remark("iv0001", "", "the caching question: a write-through cache would also cut the cold start", "amplify"),
        ))
        ctx = ProofContext(kind="thank_you", recipient_name=person.name, recipient_email=person.email,
                           company="Acme", role="Senior Data Engineer", known_words=(person.name,),
                           signature="Alex Candidate\n+1 555 0100", interview_days=(date(2026, 3, 10),),
                           now=START.replace(hour=18))
        findings = proofread(str(msg["Subject"]), msg.get_content(), ctx, ProofreadConfig(), CONFIG.policy)
        assert [f for f in findings if f.severity == "error"] == [], msg.get_content()


def test_debrief_wide_strengths_are_shared_out_and_its_amplify_goes_to_one_note():
    debrief = {"strengths": ["experience with streaming ingestion", "habit of writing things down"],
               "amplify": "testing: I now write the data checks before the pipeline itself."}
    bodies = [render(p, notes(), debrief)[0].get_content() for p in PANEL]
    assert "streaming ingestion" in bodies[0] and "writing things down" in bodies[1]
    assert "streaming ingestion" in bodies[2]  # three people, two strengths: worded differently
    assert sum("data checks before the pipeline itself." in b for b in bodies) == 1
    own = Remark("iv0001", "lan.nguyen@acme.example", "my dbt testing work", "strength")
    lan = render(PANEL[1], notes(own), debrief)[0].get_content()
    assert "my dbt testing work" in lan and "writing things down" not in lan and "my my" not in lan


@pytest.mark.parametrize(("remark", "form", "expected"), [
    # a quote with inner quotes: they turn single, the stop goes outside
    ('we call it the "golden path" for new services', "quote",
     """"we call it the 'golden path' for new services"."""),
    # unquoted, their words are their point, turned toward them
    ('we call it the "golden path" for new services', "",
     'your point that you call it the "golden path" for new services'),
    # wrapping quotes are a pair, not characters to strip
    ('"the runbook is the product."', "", '"the runbook is the product".'),
    # no final stop
    ("we ship daily", "quote", '"we ship daily".'),
    ("we ship daily", "", "your point that you ship daily."),
    # two sentences: quoted whole, one stop after
    ("We ship daily. Our tests gate everything", "quote", '"We ship daily. Our tests gate everything".'),
    ("We ship daily. Our tests gate everything", "", "your point that you ship daily, and your tests gate everything"),
    # first person plural, their words
    ("we want incident reviews that change what we build", "quote",
     '"we want incident reviews that change what we build".'),
    ("we want incident reviews that change what we build", "",
     "your point that you want incident reviews that change what you build"),
    # a question is theirs to ask, not to be quoted back as a statement
    ("How would you shard the ledger?", "", "your question about how I would shard the ledger"),
    ("What does reliability mean to you?", "", "your question about what reliability means to me"),
    # third person: their point, said to them
    ("She said the team is rebuilding her data platform", "", "your point that the team is rebuilding your data platform."),
    ("She said that she leads the migration", "", "your point that you lead the migration."),
    # the candidate's own words
    ("we talked about the on-call rotation", "", "We talked about the on-call rotation."),
    ("I mentioned my dbt work and she seemed interested", "", "I mentioned my dbt work and you seemed interested."),
    # told how to read it
    ("trusting the metrics", "point", "your point about trusting the metrics."),
])
def test_every_kind_of_remark_becomes_a_punctuated_sentence(remark, form, expected):
    for variant in range(4):
        sentence = sentences.remark_sentence(remark, form, variant)
        assert sentence[0].isupper() and (sentence[-1] in ".?" or sentence.endswith('?"'))
        assert '" ' not in sentence or re.search(r'"[,.?] |" has|" have|" for', sentence) or '", ' in sentence
        assert sentence.count('"') % 2 == 0 and ".." not in sentence and " ." not in sentence
    assert expected in " ".join(sentences.remark_sentence(remark, form, v) for v in range(4))


def test_the_form_of_a_remark_is_read_from_its_words():
    assert sentences.read_form("Why did you leave your last job?") == RemarkForm.QUESTION
    assert sentences.read_form("He said they are hiring two more engineers") == RemarkForm.POINT
    assert sentences.read_form("We talked about the migration") == RemarkForm.NOTE
    assert sentences.read_form("I told her about the backfill") == RemarkForm.NOTE
    assert sentences.read_form("our customers care about latency") == RemarkForm.POINT
    assert sentences.read_form('"ship small, ship often"') == RemarkForm.QUOTE
    assert sentences.read_form("Walk me through a DCF") == RemarkForm.QUESTION
    assert sentences.read_form("her story about the first eviction clinic") == RemarkForm.NOTE


def test_a_long_remark_is_cut_not_pasted_whole():
    long = ("the hardest part of the migration was reloading the history, not building the new pipeline, "
            "and it took us three months of careful work with the clinicians to finish it properly")
    sentence = sentences.remark_sentence(long, "quote", 0)
    assert "not building the new pipeline…" in sentence and "three months" not in sentence
    assert sentence.endswith('…".')


@pytest.mark.parametrize(("items", "expected"), [
    (["send the dashboard screenshots"], "As promised, I will send the dashboard screenshots separately."),
    (["dashboard screenshots", "the design doc"], "the dashboard screenshots and the design doc"),
    (["write-up: https://alex.example/incident-reviews"],
     "Here is the write-up I promised: https://alex.example/incident-reviews"),
    # nothing is said to be attached when no file is: it is offered
    (["here is the design document I mentioned"], "I will send the design document separately"),
])
def test_promised_items_read_as_what_the_candidate_does(items, expected):
    found = " ".join(s for v in range(3) for s in sentences.promised_sentences(items, v))
    assert expected in found
    assert "As promised, send" not in found and "attached" not in found and "Here is the design" not in found


def test_links_and_availability_read_naturally():
    assert sentences.links_sentence(["https://alex.example/case"]) == "Here is the link I mentioned: https://alex.example/case"
    assert sentences.links_sentence(["case study: https://alex.example/case"]) == (
        "Here is the case study I mentioned: https://alex.example/case")
    both = sentences.links_sentence(["https://a.example/1", "https://b.example/2"])
    assert both == "Here are the links I mentioned: https://a.example/1 and https://b.example/2"
    assert sentences.availability_sentence("any afternoon next week", 0) == (
        "I am available any afternoon next week if a further conversation would help.")
    msg, _ = render(PANEL[0], notes(Remark("iv0001", "ana.lima@acme.example", "any afternoon next week",
                                           "availability")))
    line = next(ln for ln in msg.get_content().split("\n") if "afternoon" in ln)
    assert not line.startswith(" ")


def test_strength_and_amplify_sentences_end_properly():
    assert sentences.strength_sentence("I led the migration to Kafka", 0) == (
        "I led the migration to Kafka, and I would be glad to bring that experience to the team.")
    assert "my my" not in sentences.strength_sentence("my habit of writing things down", 1)
    assert sentences.amplify_sentence("the caching question: a write-through cache would cut the cold start", 0) == (
        "I would like to add to my answer on the caching question that a write-through cache would cut the cold "
        "start.")


def test_dates_are_relative_and_in_the_users_locale():
    assert letters.when(date(2026, 3, 10), date(2026, 3, 10)) == "today"
    assert letters.when(date(2026, 3, 10), date(2026, 3, 11)) == "yesterday"
    assert letters.when(date(2026, 3, 10), date(2026, 3, 13)) == "on Tuesday"
    assert letters.when(date(2026, 3, 10), date(2026, 3, 20), us=True) == "on Tuesday, March 10"
    assert letters.when(date(2026, 3, 10), date(2026, 3, 20), us=False) == "on Tuesday 10 March"
    same_day, _ = render(PANEL[0], notes())
    # a draft names the day, so an unedited one written Tuesday is still true on Thursday
    assert "on Tuesday" in same_day.get_content() and "today" not in same_day.get_content()
    british = Config(profile=CONFIG.profile, policy=Policy(timezone="America/New_York", locale="en_GB"))
    assert letters.month_first(CONFIG) and not letters.month_first(british)
    later, _ = render(PANEL[0], notes(), now=datetime(2026, 3, 20, 9, tzinfo=NY), config=british)
    assert "on Tuesday 10 March" in later.get_content()


def test_a_configured_greeting_wins():
    config = Config(profile=CONFIG.profile, policy=CONFIG.policy,
                    people={"kwame.mensah@acme.example": PersonConfig(greeting="Kwame")})
    msg, _ = render(PANEL[2], notes(), config=config)
    assert msg.get_content().startswith("Dear Kwame,")


def test_subjects_already_used_at_the_company_are_not_used_again():
    item = Planned("thank_you", "k", INTERVIEW, Application(1, "Acme"), PANEL[0])
    first, _ = letters.context_for(item, CONFIG, notes(), None, NY, now=START)
    item = dataclasses.replace(item, extra={"taken_subjects": (first["subject"],)})
    second, _ = letters.context_for(item, CONFIG, notes(), None, NY, now=START)
    assert second["subject"] != first["subject"] and "Ana" in second["subject"]


# A display name shaped as a person's (a given name, then a family name that the address spells, or
# the initials, or first.last) greets its given name, whatever its words: a surname that is a trade
# ("Baker", "Turner") is no office and its address (baker@) no team's mailbox.
PEOPLE_BY_GIVEN_NAME = [
    ("Grace Baker", "baker@", "Grace"), ("Faith Cook", "cook@", "Faith"), ("Amber Carpenter", "carpenter@", "Amber"),
    ("Hope Steward", "steward@", "Hope"), ("Mark Turner", "turner@", "Mark"), ("Rose Mason", "mason@", "Rose"),
    ("Will Hunter", "hunter@", "Will"), ("Joy Walker", "walker@", "Joy"), ("Amy Fisher", "fisher@", "Amy"),
    ("John Smith", "smith@", "John"), ("Ann Taylor", "taylor@", "Ann"), ("Pat Miller", "miller@", "Pat"),
    ("Sam Porter", "porter@", "Sam"), ("Dan Cooper", "cooper@", "Dan"), ("Bill Butler", "butler@", "Bill"),
    ("Ivy Weaver", "weaver@", "Ivy"), ("Rowan Shepherd", "shepherd@", "Rowan"), ("Mark Turner", "mt@", "Mark"),
    ("Grace Baker", "gb@", "Grace"), ("Rose Mason", "rm@", "Rose"), ("Joy Walker", "jw@", "Joy"),
    ("Pat Miller", "pm@", "Pat"), ("Faith Cook", "faith.cook@", "Faith"), ("Will Hunter", "will.hunter@", "Will"),
    ("Hope Steward", "hope.steward@", "Hope"), ("Dawn Archer", "dawn.archer@", "Dawn"),
    ("Grace Baker", "gbaker@", "Grace"), ("Mark Turner", "mturner@", "Mark"), ("Rose Mason", "r.mason@", "Rose"),
    ("Joy Walker", "j.walker@", "Joy"), ("Ella Brooks", "brooks@", "Ella"), ("Priya Raman", "raman@", "Priya"),
    ("Tomás Ortega", "tortega@", "Tomás"), ("Aoife Byrne", "aoife.byrne@", "Aoife"), ("Kwame Mensah", "km@", "Kwame"),
    ("Sofia Lindqvist", "lindqvist@", "Sofia"), ("Grace Baker", "training@", "Grace"),
    ("Faith Cook", "director@", "Faith"), ("Nguyễn Thị Lan", "lan.nguyen@", "Lan"), ("Tanaka Hiroshi", "hiroshi.tanaka@",
                                                                                  "Hiroshi"),
    ("Park Jae-won", "jw.park@", "Jae-won"), ("Watanabe Sakura", "s.watanabe@", "Sakura"),
    ("Chen Jing", "jing.chen@", "Jing"), ("Zoë Müller", "contact@", "Zoë"),
]


@pytest.mark.parametrize("name, local, greeting", PEOPLE_BY_GIVEN_NAME)
def test_a_name_shaped_as_a_persons_greets_the_given_name_whatever_its_words_and_address(name, local, greeting):
    found = letters.person(Interviewer(local + "acme.example", name), company="Acme")["first_name"]
    assert found == greeting


# An office or a team, by positive evidence: a post or a mailbox's word at the display name's head,
# an activity first, or an address naming a function with a display name of that function's words.
OFFICES = [
    ("Training", "training@", "Acme team"), ("Practice Manager", "pm@", "Acme team"),
    ("Faculty Affairs", "facultyaffairs@", "Acme team"), ("Graduate Recruitment", "graduates@", "Acme team"),
    ("Training Director", "director@", "Acme team"), ("", "reception@", "Acme team"),
    ("recrutement", "recrutement@", "Acme team"), ("Pinecrest Careers", "careers@", "Acme team"),
    ("Admissions Officer", "admissions@", "Acme team"), ("Tenancy Services", "tenancy@", "Acme team"),
    ("Harbour Master's Office", "hmo@", "Harbour Master's Office"), ("Training Director", "td@", "Training Director"),
    ("Recruitment Team", "rt@", "Recruitment Team"), ("Clinic Manager", "clinic.manager@", "Clinic Manager"),
    ("Office Manager", "om@", "Office Manager"), ("Head Teacher", "ht@", "Head Teacher"),
    ("Team Leader", "tl@", "Team Leader"), ("Volunteer Coordinator", "vc@", "Volunteer Coordinator"),
    ("Human Resources", "hr@", "Acme team"), ("CMWA Human Resources", "hr@", "Acme team"),
    ("Human Resources", "hresources@", "Human Resources"),
]


@pytest.mark.parametrize("name, local, greeting", OFFICES)
def test_an_office_or_a_team_is_known_by_positive_evidence_not_by_common_words(name, local, greeting):
    found = letters.person(Interviewer(local + "acme.example", name), company="Acme")["first_name"]
    assert found == greeting


def test_a_title_before_a_name_still_greets_with_the_family_name():
    dean = letters.person(Interviewer("mwhitehorse@acme.example", "Dean Marcus Whitehorse"), company="Acme")
    assert dean["first_name"] == "Dean Whitehorse"


@pytest.mark.parametrize("word", ["director", "manager", "officer", "coordinator", "administrator", "secretary",
                                  "registrar", "supervisor", "pm"])
def test_an_administrative_post_is_known_by_its_form(word):
    from mailflow.rules.names import is_post

    assert is_post(word)


@pytest.mark.parametrize("word", ["baker", "cook", "carpenter", "turner", "mason", "hunter", "walker", "fisher",
                                  "steward", "smith", "taylor", "miller", "porter", "cooper"])
def test_a_trade_that_is_also_a_family_name_is_no_post(word):
    from mailflow.rules.names import is_post, is_role_mailbox

    assert not is_post(word) and not is_role_mailbox(f"{word}@acme.example")
