"""The golden file of composed sentences: what mailflow writes from remarks typed every way people
type them, input beside output, committed so a reader can review the wording at a glance
(``tests/data/letters_golden.md``). A change of wording fails here until the file is written
again on purpose: ``MAILFLOW_UPDATE_GOLDEN=1 pytest tests/unit/test_letters_golden.py``."""

from __future__ import annotations

import os

from mailflow.compose import sentences
from tests.harness.calendars import DATA

GOLDEN = DATA / "letters_golden.md"
READER = "Sofia Lindqvist"

#: (kind, --as, what the user typed)
CASES = [
    ("remark", "question", "how would you cut our warehouse costs"),
    ("remark", "question", "Tell me about a deal you lost."),
    ("remark", "question", "walk me through a DCF"),
    ("remark", "question", "What's your biggest weakness? And be honest."),
    ("remark", "question", "what I'd do if a parent complained about a grade on facebook"),
    ("remark", "question", "how do you keep calm when a caller is screamign at you"),
    ("remark", "question", "Convince me you'd stay longer than 18 months."),
    ("remark", "question", "why deputy and not manager"),
    ("remark", "question", "did you ever run a night shift alone?"),
    ("remark", "", "she asked how I'd handle low-level disruption without shouting — loved that question"),
    ("remark", "", "How do we get tenants to actually read the newsletter?"),
    ("remark", "", "Describe a time you turned an angry guest into a regular."),
    ("remark", "point", "Sofia's view that every fixture should be printable overnight"),
    ("remark", "point", "pro bono hours count toward billable targets at the firm"),
    ("remark", "point", "our fleet is 40 years old and the spares are cannibalised"),
    ("remark", "point", "half the kids read below grade level"),
    ("remark", "point", "that most students who leave decide in week one"),
    ("remark", "point", "the real cost of a bad hire in a 12-person clinic"),
    ("remark", "point", "Design for the learner on a phone on a bus"),
    ("remark", "point", "Vaccines pay the rent. Counselling keeps the patients!"),
    ("remark", "point", "his take on exit interviews being 6 months too late"),
    ("remark", "", "she said my biggest headache is sites that enter data a month late"),
    ("remark", "", "they run 180 trucks out of 3 yards, dispatch still on whiteboards"),
    ("remark", "", "Really sharp. Wants the new SM to fix scheduling before Black Friday"),
    ("remark", "", "Dr. Besson wants hygienists doing more perio education with patients"),
    ("remark", "", "clinic sees 60 pts a day w/ 3 NPs and one MD"),
    ("remark", "", "he talked alot about the recieving side of hospital discharges"),
    ("remark", "", "she wants 80% of the menu prepped before 10am!!"),
    ("remark", "", 'She said "ship small, ship often" — and she meant it!'),
    ("remark", "", "the team is split between London and Lisbon"),
    ("remark", "point", "sofia's point that dry hopping is where most of our oxygen pickup happens"),
    ("remark", "", "the hiring team sent the case study brief two days early"),
    ("remark", "", "summer reading numbers doubled after they dropped the sign-up form... amazing"),
    ("remark", "question", "Our branches close at 5. How would you reach kids whose parents work till 6?"),
    ("remark", "note", "the buddy scheme for newly arrived families"),
    ("remark", "quote", '"policy is what survives the budget" — Emeka'),
    ("remark", "quote", "'if you wouldn't let your kid do it, stop the job'"),
    ("remark", "quote", 'he said "consultation is not a survey, it\'s a conversation"'),
    ("remark", "note", "her story about the first eviction clinic in the church basement"),
    ("remark", "note", "the tour of the cross-dock, esp the reefer bay"),
    ("remark", "note", "crawling under a Class 158 with a torch"),
    ("remark", "note", "we both trained at the same teaching hospital"),
    ("remark", "note", "what he'd do if it rained on the Boston rooftop event"),
    ("remark", "note", "Great walk around Eastside Park. The new splash pad opens in June."),
    ("strength", "", "designing idempotent, replayable pipelines"),
    ("strength", "", "calm with anxious families, fluent in Spanish"),
    ("strength", "", "I led the migration to Kafka"),
    ("strength", "", "a food handler cert, a forklift ticket and 6 yrs on a 3am start"),
    ("amplify", "", "at Oakridge I cut our Snowflake spend by 30% in one quarter"),
    ("amplify", "", "my answer on classroom management was a bit thin — I use a 3-strike reset, not detentions"),
    ("amplify", "", "I should've said I hold the ABYC electrical cert"),
    ("amplify", "", "falls: at Beech House we cut them from 11 to 4 a month with hip protectors"),
    ("amplify", "", "my answer on complaints: I forgot to say I've handled 2 CQC inspections"),
    ("amplify", "", "re the prioritisation question - i'd use RICE but weight the R by clinical risk"),
    ("amplify", "", "correction: the tour numbers I quoted were 38,000 a year, not 83,000"),
    ("amplify", "", "designing replayable pipelines at Medlark"),
    ("promised", "", "my notes on testing dbt models"),
    ("promised", "", "I said I'd send my food cost sheets for the wedding menus"),
    ("link", "", "my write-up on cutting a 40-min module to 12 https://medium.example/@mirak/cutting-modules"),
    ("link", "", "the run-of-show deck from the Halcyon gala"),
    ("availability", "", "free Tue/Thu after 2pm ET"),
    ("availability", "", "can start 1 June, need 2 wks notice at current job"),
    ("availability", "", "out 3-7 April, otherwise flexible"),
]


def composed(kind: str, form: str, text: str) -> str:
    if kind == "remark":
        return sentences.remark_sentence(text, form, 0, reader=READER)
    if kind == "strength":
        return sentences.strength_sentence(text, 0)
    if kind == "amplify":
        return sentences.amplify_sentence(text, 0)
    if kind == "promised":
        return " ".join(sentences.promised_sentences([text], 0))
    if kind == "link":
        return sentences.links_sentence([text])
    return sentences.availability_sentence(text, 0)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        "# Composed sentences, input beside output",
        "",
        f"Written by `tests/unit/test_letters_golden.py` (variant 0; the note goes to {READER}).",
        "Regenerate on purpose with `MAILFLOW_UPDATE_GOLDEN=1 pytest tests/unit/test_letters_golden.py`.",
        "",
        "| kind | --as | typed | the letter says |",
        "|---|---|---|---|",
    ]
    lines += [f"| {kind} | {form or '-'} | {_cell(text)} | {_cell(composed(kind, form, text))} |"
              for kind, form, text in CASES]
    return "\n".join(lines) + "\n"


def test_the_golden_file_holds_at_least_forty_sentences_as_composed_now():
    assert len(CASES) >= 40
    now = render()
    if os.environ.get("MAILFLOW_UPDATE_GOLDEN"):
        GOLDEN.write_text(now, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == now, (
        "the composed wording changed: review it, then MAILFLOW_UPDATE_GOLDEN=1 to write the golden file")
