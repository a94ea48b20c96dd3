"""Recognising a sent copy of ours: by its words when the user edited the subject (rules.sent)."""

from __future__ import annotations

import dataclasses
import textwrap
from datetime import datetime, timedelta, timezone

from mailflow.model import DraftRef, Evidence, Filed, Written
from mailflow.rules.sent import SAME_WORDS, body_candidates, fingerprint, recognise, resemblance

WRITTEN_AT = datetime(2026, 11, 3, 18, 0, tzinfo=timezone.utc)
SOFIA = "sofia.lindqvist@kestrelrobotics.com"
THANKS = """Dear Sofia,

Many thanks for your time on Tuesday and for the conversation about the Data Platform Engineer role at Kestrel Robotics.
I enjoyed your question about how I would cut your warehouse costs, and I have kept thinking about it since. I would be glad to bring to the team my experience with designing idempotent, replayable pipelines.
I remain interested in working with you at Kestrel Robotics; please let me know if anything else would be useful.

Best regards,
Alex Candidate
"""
FOLLOW_UP = """Dear Sofia,

I hope you are well. I am writing to follow up on the Data Platform Engineer role at Kestrel Robotics; you mentioned a decision by Friday, and I remain very interested. Please let me know if there is anything else I can share.

Best regards,
Alex Candidate
"""


def written(body: str = THANKS, subject: str = "Thank you, Sofia: our conversation about the Data Platform Engineer role") -> Written:
    return Written("thanks-1", DraftRef("draft-1", "<ours@mailflow>"), SOFIA, subject, WRITTEN_AT, fingerprint(body))


def filed(body: str, *, subject: str = "Thanks, Sofia", to: str = SOFIA, hours: float = 2) -> Filed:
    return Filed(f"sent-{abs(hash((body, subject, to, hours)))}", "<client-new-id@mail>", "", (to,), subject,
                 WRITTEN_AT + timedelta(hours=hours), body_print=fingerprint(body))


def test_a_copy_sent_with_an_edited_subject_is_recognised_by_its_words():
    found = recognise([written()], [filed(THANKS)])
    assert found["thanks-1"][1] == Evidence.RECIPIENT_BODY


def test_words_survive_rewrapping_a_rewritten_sentence_and_a_quoted_thread():
    edited = THANKS.replace("I have kept thinking about it since", "it stayed with me all week")
    wrapped = textwrap.fill(edited, 72) + "\n\nOn Tue, 3 Nov 2026, Sofia wrote:\n> See you soon\n"
    assert resemblance(fingerprint(THANKS), fingerprint(wrapped)) >= SAME_WORDS
    assert recognise([written()], [filed(wrapped)])["thanks-1"][1] == Evidence.RECIPIENT_BODY


def test_another_letter_to_the_same_person_quoting_ours_is_not_it():
    quoting = FOLLOW_UP + "\nFrom: Alex Candidate\nSent: Tuesday\n\n" + THANKS
    assert resemblance(fingerprint(THANKS), fingerprint(quoting)) < SAME_WORDS
    assert recognise([written()], [filed(quoting)]) == {}


def test_the_same_words_to_someone_else_or_before_it_was_written_are_not_it():
    assert recognise([written()], [filed(THANKS, to="priya.r@kestrelrobotics.com")]) == {}
    assert recognise([written()], [filed(THANKS, hours=-5)]) == {}


def test_with_no_words_known_nothing_is_claimed_by_them():
    no_print = Written("thanks-1", DraftRef("draft-1", "<ours@mailflow>"), SOFIA, "Thank you", WRITTEN_AT)
    assert recognise([no_print], [filed(THANKS)]) == {}
    assert fingerprint("Thanks!") == "" and resemblance("", fingerprint(THANKS)) == 0.0


def test_the_subject_rule_wins_over_the_words_when_both_could_claim():
    same_subject = filed(THANKS, subject="Re: Thank you, Sofia: our conversation about the Data Platform Engineer role",
                         hours=3)
    by_words = filed(THANKS, hours=2)
    found = recognise([written()], [by_words, same_subject])
    assert found["thanks-1"] == (same_subject, Evidence.RECIPIENT_SUBJECT)


def test_only_the_few_messages_rule_5_needs_have_their_words_read():
    """Bodies are read only for what could be the copy of a message not found otherwise:
    to its recipient, after it was written, not claimed, at most ``limit``, the closest first."""
    unread = [dataclasses.replace(filed(THANKS, hours=h), body_print="") for h in (1, 5, 3, -5)]
    elsewhere = dataclasses.replace(filed(THANKS, to="priya.r@kestrelrobotics.com"), body_print="")
    theirs = dataclasses.replace(filed(THANKS, hours=4), key="follow_up.other", body_print="")
    wanted = body_candidates([written()], [*unread, elsewhere, theirs], limit=2)
    assert [f.date - WRITTEN_AT for f in wanted] == [timedelta(hours=1), timedelta(hours=3)]
    same_subject = dataclasses.replace(filed(THANKS, subject="Re: " + written().subject), body_print="")
    assert body_candidates([written()], [same_subject, *unread]) == []  # found by its subject: nothing to read
    no_print = Written("thanks-1", DraftRef("draft-1", "<ours@mailflow>"), SOFIA, "Thank you", WRITTEN_AT)
    assert body_candidates([no_print], unread) == []  # no words of ours to compare with


def test_a_note_only_marked_sent_is_not_replied_to_under_its_message_id():
    from mailflow.model import MessageRecord
    from mailflow.rules.followups import was_received

    def record(evidence: str) -> MessageRecord:
        return MessageRecord("thanks-1", "thank_you", SOFIA, "maildir", "sent", message_id="<ours@mailflow>",
                             subject="Thank you", evidence=evidence)

    assert was_received(record(Evidence.RECIPIENT_BODY)) and was_received(record(Evidence.KEY))
    assert was_received(record(""))  # recorded before evidence was kept: as before
    assert not was_received(record(Evidence.MARKED)) and not was_received(record(Evidence.ABSENT))


def test_a_flowed_draft_reads_as_the_text_that_was_written():
    """RFC 3676: soft line breaks (a trailing space) are joined, stuffing removed; a
    signature separator and hard breaks stay; with DelSp=yes the space is dropped."""
    import email
    import email.policy

    from mailflow.model import body_digest, plain_text, words_digest

    def part(body: str, params: str = "format=flowed") -> str:
        raw = f"Content-Type: text/plain; charset=utf-8; {params}\r\n\r\n{body}".encode()
        return plain_text(email.message_from_bytes(raw, policy=email.policy.default))

    flowed = "Dear Sofia,\r\n\r\nMany thanks for your time \r\non Tuesday.\r\n From here on.\r\n\r\n-- \r\nAlex\r\n"
    assert part(flowed) == "Dear Sofia,\n\nMany thanks for your time on Tuesday.\nFrom here on.\n\n-- \nAlex\n"
    assert part("Many thanks for your ti \r\nme.\r\n", "format=flowed; delsp=yes") == "Many thanks for your time.\n"
    assert part(flowed, "format=fixed").replace("\r\n", "\n").startswith(
        "Dear Sofia,\n\nMany thanks for your time \non Tuesday.")  # not flowed: as it is
    assert words_digest("Dear Sofia,\n\n\n\xa0Many thanks\r\n") == words_digest("Dear Sofia, Many thanks")
    assert body_digest("Dear Sofia,\n\n\nMany thanks") != body_digest("Dear Sofia,\nMany thanks")
