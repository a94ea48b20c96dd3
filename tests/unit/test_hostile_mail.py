"""A stranger's message never stops mailflow reading the inbox (issue 23, item 1): the
examples of the issue and what the inbox fuzz (``bench/fuzz_inbox.py``) found, each read
by ``rules.letter`` with its sender and date kept where the message still gives them, and
within bounded time and memory (the figures are measured by the bench, not here)."""

from __future__ import annotations

import random

import pytest

from mailflow.mailboxes.sync import incoming_from_raw
from mailflow.rules.letter import MAX_PARTS, bounded, parse, parts, read_letter
from tests.harness.hostile_mail import MUTATIONS, REPRODUCERS, good_message, hostile


@pytest.mark.parametrize("name", sorted(REPRODUCERS))
def test_each_reproducer_is_read_without_an_error(name):
    letter = read_letter(REPRODUCERS[name])

    assert isinstance(letter.text, str) and isinstance(letter.subject, str)
    assert "\n" not in letter.subject and "\r" not in letter.subject


def test_a_message_id_that_is_only_an_open_bracket_is_read_with_its_sender_and_text():
    letter = read_letter(REPRODUCERS["message_id_open_bracket"])

    assert letter.sender == "sam.lee@acme.example" and letter.message_id == "<"
    assert "Thanks for your note." in letter.text


def test_a_doubled_from_is_read_as_the_first_one_and_a_broken_one_gives_no_sender():
    assert read_letter(b"From: Eve <eve@evil.example>\r\n" + good_message()).sender == "eve@evil.example"
    assert read_letter(REPRODUCERS["from_open_bracket"]).sender == ""


def test_an_encoded_display_name_holding_a_comma_is_not_taken_for_an_address():
    raw = good_message(sender="=?utf-8?q?M=C3=BCller=2C_Anna?= <anna@acme.example>")

    letter = read_letter(raw)

    assert (letter.sender_name, letter.sender) == ("Müller, Anna", "anna@acme.example")


def test_an_encoded_word_that_decodes_to_a_line_break_stays_on_one_line():
    subject = read_letter(REPRODUCERS["nested_encoded_words"]).subject

    assert "\n" not in subject and "\r" not in subject


@pytest.mark.parametrize("charset", ["idna", "x-no-such-charset", "zlib", "rot13", "utf-16", ""])
def test_a_body_in_any_charset_or_none_is_read(charset):
    letter = read_letter(good_message().replace(b"charset=utf-8", f"charset={charset}".encode()))

    assert letter.sender == "sam.lee@acme.example" and letter.text


def test_a_bomb_is_cut_to_the_limits_and_the_text_before_it_is_kept():
    deep = parse(REPRODUCERS["deep_nesting_5000"])
    many = parse(REPRODUCERS["many_parts_20000"])

    assert len(list(parts(many))) <= MAX_PARTS
    assert read_letter(REPRODUCERS["many_parts_20000"]).text.startswith("Hi")
    assert list(parts(deep)) is not None
    assert len(bounded(REPRODUCERS["huge_subject_20mb"])) < 1_000_000


def test_a_message_within_the_limits_is_read_unchanged():
    raw = good_message()

    assert bounded(raw) == raw


@pytest.mark.parametrize("seed", range(40))
def test_seeded_hostile_messages_are_read_into_an_incoming_message(seed):
    raw, names = hostile(random.Random(seed))

    message = incoming_from_raw(raw)

    assert isinstance(message.sender, str), names
    for value in [message.sender, message.subject, *message.headers.values()]:
        value.encode("utf-8")  # never a lone surrogate: it is stored as UTF-8


def test_every_mutation_is_in_the_fuzz():
    assert len(MUTATIONS) >= 20


def test_a_message_skipped_as_unreadable_is_said_once_not_on_every_run(tmp_path):
    from mailflow.config import Shared
    from mailflow.mailboxes.maildir import MaildirMailbox
    from mailflow.model import SyncCache
    from mailflow.settings.mailboxes import MaildirSettings

    cache = SyncCache()
    runs = []
    for _ in range(3):  # three runs keeping the mailbox's cache between them
        box = MaildirMailbox(MaildirSettings(path="drafts"), Shared(base_dir=tmp_path), cache)
        box.note_unreadable("inbox", "1700000000.M1.host", ValueError("a stranger's text"))
        box.note_unreadable("inbox", "1700000000.M1.host", ValueError("again in the same run"))
        runs.append(box.take_unreadable())

    (line,) = runs[0]
    assert "inbox (1700000000.M1.host)" in line and "ValueError" in line and "stranger" not in line
    assert runs[1:] == [[], []]
