"""What the user does to mailflow's drafts in their own mail client, and what mailflow then
believes (issue 11: what the mailbox says is what mailflow believes), through the command
line, on every mailbox backend: a subclass of ``UserActionScenarios`` in ``tests/backends``
per backend (``backend`` names its ``mailflow.registry.MAILBOXES`` entry).

The story: the Acme onsite panel on Wed 24 Nov 2021 (``onsite_panel``: Ana Lima, Zoë Müller
and Raj Patel interview; Sam Lee, the recruiter, organised it), in the home's calendar file;
``NOW`` is the next evening, past the deadline of every thank-you (dates lie in the past
because an IMAP server files a message dated in the future under the current time).

Mail clients send a draft as a message of their own: a Message-ID and Date of their own,
our X-Mailflow-Key dropped, the subject as the user left it (API_FACTS §8). A draft that
left the drafts is sent when the sent mail holds a message to the same recipient, written
after it, with the same subject up to Re:/Fwd: or in the same thread; it is deleted only
when none turns up within the grace period (``policy.sent_grace_hours``, 6 h).

A backend's class gives ``home`` (a ``Home`` on its mailbox, the panel in its calendar
file), ``client`` (its ``harness/mail_clients.py`` client), ``reply_folders`` (where that
client can file a reply) and ``sent_evidence`` (how ``status`` says a note sent from the
client was found).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.harness.calendars import ME, onsite_panel, vevent
from tests.harness.home import status
from tests.harness.hostile_mail import good_message
from tests.harness.mail_clients import moment

NOW = "2021-11-25T18:00"  # New York time; the panel ended 26.5 h earlier
SENT_AT = datetime(2021, 11, 25, 23, 42, tzinfo=UTC)  # Thu 18:42 in New York
DUE = "2021-12-02"  # five business days later
ANA, ZOE, RAJ = "ana.lima@acme.example", "zoe.muller@acme.example", "raj.patel@acme.example"
ACME_CONTACT_ANA = '\n[companies."Acme"]\ncontact = "ana.lima@acme.example"\n'
#: the issue's example: one interviewer at Kestrel Robotics, on the day of the Acme panel
SOFIA = "sofia.lindqvist@kestrelrobotics.example"
KESTREL = vevent(
    "dpe-1@kestrelrobotics.example", "Kestrel Robotics — Data Platform Engineer interview",
    ";TZID=America/New_York:20211124T100000", ";TZID=America/New_York:20211124T110000",
    organizer=f";CN=Sofia Lindqvist:mailto:{SOFIA}",
    attendees=(f";CN=Sofia Lindqvist;PARTSTAT=ACCEPTED:mailto:{SOFIA}", f";PARTSTAT=ACCEPTED:mailto:{ME}"),
    extra="DESCRIPTION:Role: Data Platform Engineer")
#: the kind of subject the note is written with (the words vary from note to note)
KESTREL_SUBJECT = "Thank you, Sofia: our conversation about the Data Platform Engineer role at Kestrel Robotics"


def mailflow(home, client, *args: str, now: str):
    """``mailflow ARGS --now NOW``, the mail service's clock at ``now`` too."""
    client.clock(moment(now))
    return home.cli(*args, "--now", now)


def run(home, client, now: str) -> dict:
    result = mailflow(home, client, "run", "--json", now=now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def thank_yous(home, now: str) -> dict[str, str]:
    """Status of each thank-you, by recipient."""
    return {m["to"]: m["status"] for m in status(home, now)["messages"] if m["kind"] == "thank_you"}


def follow_up_written(report: dict) -> bool:
    return any(d["kind"] == "follow_up" and d["written"] for d in report["drafts"])


def to(message) -> str:
    return message["To"].addresses[0].addr_spec


def recipients(client) -> list[str]:
    return sorted(to(m) for m in client.drafts())


def draft_to(client, who: str, kind: str = ""):
    """The draft to ``who`` (whose key starts with ``kind``, when given: an edited Gmail
    draft has lost its key)."""
    (draft,) = [m for m in client.drafts() if to(m) == who and str(m["X-Mailflow-Key"] or "").startswith(kind)]
    return draft


def key_to(client, who: str, kind: str = "thank_you") -> str:
    return str(draft_to(client, who, kind)["X-Mailflow-Key"])


def keys(client) -> list[str]:
    return sorted(str(m["X-Mailflow-Key"]) for m in client.drafts())


class UserActionScenarios:
    """The scenarios, each on every backend whose class runs it."""

    #: the backend's name in ``mailflow.registry.MAILBOXES``
    backend: str
    #: where the backend's client can file a company's reply (``client.receive(folder=...)``):
    #: a reply the user read and deleted (``"trash"``) still counts: the company answered
    reply_folders: tuple[str, ...] = ("inbox", "junk", "filed", "trash")
    #: how ``status`` says a note sent from the client, under a Message-ID of its own, was found
    sent_evidence: str = "same recipient"

    def test_the_home_is_on_the_registered_backend(self, home):
        assert home.load_config().mail.backend == self.backend

    # ---- written once -----------------------------------------------------------------------

    def test_a_rerun_writes_nothing_and_a_draft_the_user_deleted_is_not_written_again(self, home, client):
        first_run = mailflow(home, client, "run", now=NOW)
        assert first_run.exit_code == 0, first_run.output
        first = keys(client)
        assert len(first) == 3 and recipients(client) == [ANA, RAJ, ZOE]
        before = client.snapshot()

        again = mailflow(home, client, "run", now=NOW)

        assert again.exit_code == 0 and "drafted" not in again.output
        assert keys(client) == first and client.snapshot() == before
        client.delete(key_to(client, RAJ))
        later = mailflow(home, client, "run", now="2021-11-26T09:00")
        assert later.exit_code == 0, later.output
        assert "now deleted" in later.output
        assert recipients(client) == [ANA, ZOE]
        assert thank_yous(home, "2021-11-26T09:00")[RAJ] == "deleted"
        assert mailflow(home, client, "run", now="2021-11-27T09:00").exit_code == 0
        assert recipients(client) == [ANA, ZOE]

    def test_a_lost_state_writes_no_second_draft(self, home, client):
        run(home, client, NOW)
        first = keys(client)
        before = client.snapshot()
        for state in home.root.glob("state.db*"):
            state.unlink()

        again = run(home, client, "2021-11-25T19:00")

        assert again["drafts"] and all(d["recovered"] for d in again["drafts"])
        assert keys(client) == first and client.snapshot() == before

    def test_a_lost_state_after_notes_were_sent_from_the_client_writes_none_of_them_again(self, home, client):
        # sent from the client (a Message-ID of its own, no key), one with an edited subject and one
        # in a thread of its own; then the state is lost: each is found by another rule, none rewritten
        run(home, client, NOW)
        client.send_from_client(key_to(client, ANA), at=SENT_AT)
        client.send_from_client(key_to(client, RAJ), at=SENT_AT + timedelta(minutes=3), subject="Thanks, Raj",
                                new_thread=True)
        client.send_from_client(key_to(client, ZOE), at=SENT_AT + timedelta(minutes=6), new_thread=True)
        assert client.drafts() == []
        for state in home.root.glob("state.db*"):
            state.unlink()

        again = run(home, client, "2021-11-26T09:00")

        assert len(again["drafts"]) == 3 and all(d["recovered"] for d in again["drafts"]), again["drafts"]
        assert client.drafts() == []
        assert thank_yous(home, "2021-11-26T09:00") == {ANA: "sent", RAJ: "sent", ZOE: "sent"}
        assert not run(home, client, "2021-11-27T09:00")["drafts"] and client.drafts() == []

    # ---- sent ------------------------------------------------------------------------------------

    def test_a_draft_sent_as_written_is_sent_at_the_time_it_was_filed_and_the_follow_up_falls_due(
            self, home, client):
        run(home, client, NOW)
        sent_at = datetime(2021, 11, 25, 18, 42, 7, tzinfo=timezone(timedelta(hours=-5)))
        client.send_as_written(key_to(client, ANA), at=sent_at)

        result = mailflow(home, client, "run", now="2021-11-25T19:00")

        assert result.exit_code == 0, result.output
        assert "now sent" in result.output
        (ana,) = [m for m in status(home, "2021-11-25T19:00")["messages"] if m["to"] == ANA]
        assert ana["status"] == "sent" and datetime.fromisoformat(ana["sent_at"]) == sent_at
        assert recipients(client) == [RAJ, ZOE]
        assert status(home, "2021-11-25T19:00")["follow_up"]["due"] == DUE

    def test_a_draft_sent_from_the_client_with_a_new_message_id_and_no_key_is_sent_and_the_follow_up_replies_to_it(
            self, home, client):
        # the follow-up goes to someone who received a thank-you: it replies to the copy that left
        home.config.write_text(home.config.read_text() + ACME_CONTACT_ANA)
        iv = home.interview_id(now=NOW)
        home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", NOW)
        home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", NOW)
        run(home, client, NOW)
        copies = {who: client.send_from_client(key_to(client, who), at=SENT_AT + timedelta(minutes=minutes))
                  for minutes, who in ((0, ANA), (5, RAJ))}

        report = run(home, client, "2021-11-25T19:00")

        sent = [u for u in report["updates"] if u.get("change") == "sent"]
        assert sorted(u["to"] for u in sent) == [ANA, RAJ]
        assert all(self.sent_evidence in u["evidence"] for u in sent), sent
        assert thank_yous(home, "2021-11-25T19:00") == {ANA: "sent", ZOE: "draft", RAJ: "sent"}
        (ana,) = [m for m in status(home, "2021-11-25T19:00")["messages"] if m["to"] == ANA]
        assert self.sent_evidence in ana["evidence"]
        assert self.sent_evidence in home.cli("status", "--now", "2021-11-25T19:00").output
        assert status(home, "2021-11-25T19:00")["follow_up"]["due"] == DUE
        written = run(home, client, f"{DUE}T08:00")
        assert [(d["kind"], d["to"], d["written"]) for d in written["drafts"]] == [("follow_up", ANA, True)]
        follow_up = key_to(client, ANA, "follow_up")
        assert client.in_thread_of(follow_up, copies[ANA])  # a reply to what really left, in its thread

    @pytest.mark.parametrize("edit", [lambda s: f"Re:  {s} ", lambda s: "RE: " + s.upper()],
                             ids=["re-and-spaces", "re-in-capitals"])
    def test_a_draft_sent_with_an_edited_subject_in_a_new_thread_is_sent(self, home, client, edit):
        run(home, client, NOW)
        subject = str(draft_to(client, ANA)["Subject"])
        client.send_from_client(key_to(client, ANA), at=SENT_AT, subject=edit(subject), new_thread=True)

        run(home, client, "2021-11-25T19:00")

        assert thank_yous(home, "2021-11-25T19:00")[ANA] == "sent"

    def test_a_message_to_someone_else_with_the_same_subject_does_not_pass_for_ours(self, home, client):
        run(home, client, NOW)
        subject = str(draft_to(client, ANA)["Subject"])
        client.delete(key_to(client, ANA))
        client.send_new(ME, subject, at=SENT_AT)  # to me, not to Ana

        run(home, client, "2021-11-29T09:00")

        assert thank_yous(home, "2021-11-29T09:00")[ANA] == "deleted"

    def test_a_note_sent_with_a_shortened_subject_is_sent_and_the_follow_up_replies_to_the_copy_that_left(
            self, home, client):
        # the example: the user shortened the subject before pressing Send (a new thread on
        # services that thread by subject); only the recipient and the words say it is ours
        home.write_calendar(onsite_panel("20211124"), KESTREL)
        run(home, client, NOW)
        assert "Kestrel Robotics" in str(draft_to(client, SOFIA)["Subject"])  # e.g. KESTREL_SUBJECT
        copy = client.send_from_client(key_to(client, SOFIA), at=SENT_AT, subject="Thank you, Sofia",
                                       new_thread=True)

        report = run(home, client, "2021-11-26T09:00")  # past the grace period

        assert [u["to"] for u in report["updates"] if u.get("change") == "sent"] == [SOFIA]
        assert not [u for u in report["updates"] if u.get("change") == "deleted"]
        (note,) = [m for m in status(home, "2021-11-26T09:00", "Kestrel Robotics")["messages"]]
        assert note["status"] == "sent" and "mostly the same words" in note["evidence"]
        assert status(home, "2021-11-26T09:00", "Kestrel Robotics")["follow_up"]["due"] == DUE

        later = run(home, client, "2021-12-08T10:00")

        assert follow_up_written(later)
        follow_up = draft_to(client, SOFIA, "follow_up")
        assert follow_up["In-Reply-To"] == copy["Message-ID"]
        assert str(follow_up["Subject"]) == "Re: Thank you, Sofia"
        assert client.in_thread_of(key_to(client, SOFIA, "follow_up"), copy)

    def test_a_note_marked_sent_with_no_copy_found_gets_a_follow_up_of_its_own(self, home, client):
        # sent where mailflow cannot see (another client or account), then `mark-sent`: the follow-up
        # must not reply to a Message-ID that never left, under a subject the recipient never saw
        home.write_calendar(onsite_panel("20211124"), KESTREL)
        run(home, client, NOW)
        key = key_to(client, SOFIA)
        never_sent = str(draft_to(client, SOFIA)["Message-ID"])
        client.clock(SENT_AT)
        client.delete(key, permanently=True)
        run(home, client, "2021-11-26T09:00")
        assert status(home, "2021-11-26T09:00", "Kestrel Robotics")["messages"][0]["status"] == "deleted"
        iv = next(i["id"] for i in status(home, "2021-11-26T09:00", "Kestrel Robotics")["interviews"])
        marked = mailflow(home, client, "mark-sent", iv, "--at", "2021-11-25T18:42", now="2021-11-26T10:00")
        assert marked.exit_code == 0, marked.output
        (note,) = status(home, "2021-11-26T10:00", "Kestrel Robotics")["messages"]
        assert note["status"] == "sent" and "marked sent by you" in note["evidence"]
        assert "neither in the drafts" not in home.cli("status", "--now", "2021-11-26T10:00").output

        later = run(home, client, "2021-12-08T10:00")

        assert follow_up_written(later)
        follow_up = draft_to(client, SOFIA, "follow_up")
        assert not follow_up["In-Reply-To"] and never_sent not in str(follow_up["References"] or "")
        assert str(follow_up["Subject"]) == "Following up: Data Platform Engineer at Kestrel Robotics"

    # ---- deleted ---------------------------------------------------------------------------------

    def test_a_draft_the_user_edited_then_discarded_is_deleted(self, home, client):
        run(home, client, NOW)
        key = key_to(client, ANA)
        client.edit(key, "Dear Ana,\n\nThank you; here is the article on queues I mentioned.\n")
        run(home, client, "2021-11-25T19:00")
        assert thank_yous(home, "2021-11-25T19:00")[ANA] == "draft"
        client.clock(SENT_AT)
        client.delete(key)
        before = client.snapshot()

        report = run(home, client, "2021-11-26T08:00")  # the next morning

        assert [u["to"] for u in report["updates"] if u.get("change") == "deleted"] == [ANA]
        assert thank_yous(home, "2021-11-26T08:00")[ANA] == "deleted"
        assert not run(home, client, "2021-11-28T18:00")["drafts"] and client.snapshot() == before

    def test_a_draft_the_user_discarded_is_deleted_once_the_grace_period_is_over(self, home, client):
        run(home, client, NOW)
        client.clock(SENT_AT)
        client.delete(key_to(client, ANA))
        before = client.snapshot()

        report = run(home, client, "2021-11-26T08:00")  # the next morning

        assert [u["to"] for u in report["updates"] if u.get("change") == "deleted"] == [ANA]
        assert thank_yous(home, "2021-11-26T08:00") == {ANA: "deleted", ZOE: "draft", RAJ: "draft"}
        assert not report["drafts"] and client.snapshot() == before  # never written again
        assert not run(home, client, "2021-11-28T18:00")["drafts"]  # nor three days later
        assert ANA not in recipients(client) and client.snapshot() == before

    @pytest.mark.parametrize("folder", ["drafts", "sent"])
    def test_a_folder_that_cannot_be_read_is_an_error_and_never_a_deletion(self, home, client, folder):
        run(home, client, NOW)
        client.send_from_client(key_to(client, ANA), at=SENT_AT)
        client.unreadable(folder)
        before = client.snapshot()

        for now in ("2021-11-26T09:00", "2021-11-27T09:00"):  # well past the grace period
            result = mailflow(home, client, "run", now=now)
            assert result.exit_code == 1, result.output
            assert "now deleted" not in result.output
            assert thank_yous(home, now)[ANA] == "draft"  # as last seen: nothing is believed
            assert client.snapshot() == before  # and nothing is written again

    def test_a_draft_that_just_left_the_drafts_is_not_called_deleted_yet(self, home, client):
        run(home, client, NOW)
        client.clock(SENT_AT)
        client.delete(key_to(client, ANA), permanently=True)
        before = client.snapshot()

        for now in ("2021-11-25T18:52", "2021-11-25T19:42"):  # its sent copy may be on its way
            report = run(home, client, now)
            assert thank_yous(home, now)[ANA] != "deleted"
            assert not [u for u in report["updates"] if u.get("change") == "deleted"]
            assert not report["drafts"] and client.snapshot() == before

    # ---- edited ----------------------------------------------------------------------------------

    def test_a_draft_the_user_edited_stays_a_draft_and_is_left_alone(self, home, client):
        run(home, client, NOW)
        client.edit(key_to(client, ANA), "Dear Ana,\n\nThank you; here is the article on queues I mentioned.\n")
        before = client.snapshot()

        run(home, client, "2021-11-25T19:00")

        assert thank_yous(home, "2021-11-25T19:00")[ANA] == "draft"
        assert client.snapshot() == before
        assert "article on queues" in draft_to(client, ANA).get_content()

    def test_a_draft_opened_and_saved_unchanged_is_not_edited_and_still_takes_a_remark(self, home, client):
        run(home, client, NOW)
        assert "[REMARK:" in draft_to(client, RAJ).get_content()
        client.open_and_save(key_to(client, RAJ))

        report = run(home, client, "2021-11-25T19:00")

        assert not [u for u in report["updates"] if u.get("change") == "edited"]
        assert thank_yous(home, "2021-11-25T19:00")[RAJ] == "draft"
        remark = "latency budgets are a product decision"
        said = home.cli("remark", home.interview_id(now=NOW), "--by", RAJ, remark, "--now", "2021-11-25T19:00")
        assert said.exit_code == 0, said.output
        result = mailflow(home, client, "run", now="2021-11-25T20:00")
        assert result.exit_code == 0 and "updated in place: a remark arrived" in result.output, result.output
        raj = draft_to(client, RAJ).get_content()
        assert remark in raj and "[REMARK:" not in raj and len(client.drafts()) == 3

    def test_a_placeholder_draft_the_user_filled_in_survives_a_remark_and_a_debrief(self, home, client, tmp_path):
        run(home, client, NOW)  # no remark recorded: the notes carry a placeholder
        assert "[REMARK:" in draft_to(client, RAJ).get_content()
        mine = "Dear Raj,\n\nThank you; your point that on-call is shared stayed with me.\n"
        client.edit(key_to(client, RAJ), mine)
        first = run(home, client, "2021-11-25T19:00")
        assert [u["change"] for u in first["updates"] if u.get("to") == RAJ] == ["edited"]
        before = client.snapshot()
        iv = home.interview_id(now=NOW)
        said = home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now",
                        "2021-11-25T19:00")
        assert said.exit_code == 0, said.output

        after_remark = run(home, client, "2021-11-25T20:00")

        assert not after_remark["drafts"]
        assert any(u.get("change") == "kept" for u in after_remark["updates"])
        assert client.snapshot() == before
        raj = draft_to(client, RAJ).as_bytes()
        # the debrief form: a remark for the first interviewer through the editor
        form = tmp_path / "form.py"
        form.write_text("import sys\np = sys.argv[1]\nt = open(p).read()\n"
                        "t = t.replace('remarks = []', 'remarks = [\"we rebuild the pager rota\"]', 1)\n"
                        "open(p, 'w').write(t)\n")
        debrief = home.cli("debrief", iv, "--now", "2021-11-25T21:00", env={"EDITOR": f"{sys.executable} {form}"})
        assert debrief.exit_code == 0, debrief.output
        run(home, client, "2021-11-25T22:00")
        assert draft_to(client, RAJ).as_bytes() == raj
        assert draft_to(client, RAJ).get_content().replace("\r\n", "\n") == mine
        preview = home.cli("preview", iv, "--now", "2021-11-25T22:00")
        assert "on-call is shared by every team" in preview.output  # what mailflow would write now

    def test_an_unedited_draft_is_updated_in_place_when_a_remark_arrives(self, home, client):
        run(home, client, NOW)
        assert "[REMARK:" in draft_to(client, RAJ).get_content()
        ids = client.ids()
        remark = "latency budgets are a product decision"
        said = home.cli("remark", home.interview_id(now=NOW), "--by", "raj.patel@acme.example", remark, "--now", NOW)
        assert said.exit_code == 0, said.output

        result = mailflow(home, client, "run", now="2021-11-25T19:00")

        assert result.exit_code == 0, result.output
        assert "updated in place: a remark arrived" in result.output
        assert len(client.drafts()) == 3  # the old draft is gone, not only flagged
        raj = draft_to(client, RAJ).get_content()
        assert remark in raj and "[REMARK:" not in raj
        assert client.ids() == ids

    def test_redraft_brings_a_deleted_note_back_and_replaces_an_edited_one_only_when_asked(self, home, client):
        run(home, client, NOW)
        iv = home.interview_id(now=NOW)
        client.delete(key_to(client, ANA))
        run(home, client, "2021-11-26T12:00")  # deleted
        assert ANA not in recipients(client)

        back = mailflow(home, client, "redraft", iv, "--by", "Ana Lima", now="2021-11-26T13:00")

        assert back.exit_code == 0 and "drafted thank-you -> Ana Lima" in back.output
        assert ANA in recipients(client)
        raj = draft_to(client, RAJ).get_content()
        assert "Dear Raj," in raj
        client.edit(key_to(client, RAJ), raj.replace("Dear Raj,", "Hi Raj, Warm regards first,"))
        run(home, client, "2021-11-26T14:00")  # seen as edited
        kept = mailflow(home, client, "redraft", iv, "--by", "Raj Patel", now="2021-11-26T15:00")
        assert "you edited it" in kept.output and "Warm regards" in draft_to(client, RAJ).get_content()
        replaced = mailflow(home, client, "redraft", iv, "--by", "Raj Patel", "--yes", now="2021-11-26T15:00")
        assert "rewrote thank-you -> Raj Patel" in replaced.output
        assert "Warm regards" not in draft_to(client, RAJ).get_content()
        assert recipients(client) == [ANA, RAJ, ZOE]

    # ---- answered --------------------------------------------------------------------------------

    def test_a_company_reply_stops_the_follow_up_wherever_it_is_filed(self, home, client, reply_folder):
        run(home, client, NOW)
        sent = client.send_as_written(key_to(client, ANA), at=SENT_AT)
        run(home, client, "2021-11-25T19:00")
        client.receive("Ana Lima <ana.lima@acme.example>", f"Re: {sent['Subject']}", "2021-11-29T10:00",
                       folder=reply_folder, in_reply_to=str(sent["Message-ID"]))

        report = run(home, client, f"{DUE}T08:00")

        assert not follow_up_written(report)
        assert status(home, f"{DUE}T08:00")["follow_ups"]["state"] == "answered"

    # ---- what recruiters wrote (PRODUCT.md I1-I3) ----------------------------------------------

    def _thanked(self, home, client) -> None:
        run(home, client, NOW)
        client.send_as_written(key_to(client, ANA), at=SENT_AT)
        run(home, client, "2021-11-25T19:00")

    def test_an_ats_rejection_means_no_follow_up_and_a_proposal_to_answer_it(self, home, client):
        self._thanked(home, client)
        client.receive("Acme Hiring Team <no-reply@us.greenhouse-mail.io>", "Your application to Acme",
                       "2021-11-29T10:00", "Dear Alex,\n\nThank you for your interest in Acme. After careful "
                       "consideration, we have decided not to move forward with your application.\n\n"
                       "Best wishes,\nAcme Talent\n")

        report = run(home, client, f"{DUE}T08:00")

        assert not follow_up_written(report)
        replied = next(u for u in report["updates"] if u.get("change") == "replied")
        assert replied["from"] == "no-reply@us.greenhouse-mail.io" and 'mailflow rejected "Acme"' in replied["why"]
        state = status(home, f"{DUE}T08:00")
        assert state["status"] == "active"  # the outcome changes only by the user's command
        assert state["follow_ups"]["state"] == "answered" and "mailflow rejected" in state["follow_ups"]["why"]

    def test_a_reply_whose_message_id_is_an_open_bracket_is_read_and_the_run_goes_on(self, home, client):
        self._thanked(home, client)
        raw = good_message("Ana Lima <ana.lima@acme.example>", moment("2021-11-29T10:00"), "Re: Thank you",
                           "Hi Alex,\n\nThanks for your note: we will be in touch soon.\n\nAna\n")
        client.receive_raw(raw.replace(b"Message-ID: <reply.", b"Message-ID: <\r\nX-Was: <reply."),
                           "Ana Lima <ana.lima@acme.example>", "2021-11-29T10:00")

        report = run(home, client, f"{DUE}T08:00")  # exit 0: one stranger's header stops nothing

        assert not follow_up_written(report)
        assert status(home, f"{DUE}T08:00")["follow_ups"]["state"] == "answered"

    def test_a_revised_decision_date_is_the_timeline_and_the_follow_up_comes_a_business_day_after_it(
            self, home, client):
        self._thanked(home, client)
        client.receive("Sam Lee <sam.lee@acme.example>", "Update on your application", "2021-11-29T10:00",
                       "Hi Alex,\n\nOur decision is taking longer than planned: we now expect to get back to "
                       "you by Friday, December 10.\n\nSam\n")

        assert not follow_up_written(run(home, client, f"{DUE}T08:00"))
        assert not follow_up_written(run(home, client, "2021-12-10T17:00"))
        assert status(home, "2021-12-10T17:00")["follow_up"]["due"] == "2021-12-13"
        assert follow_up_written(run(home, client, "2021-12-13T08:00"))

    def test_a_receipt_is_not_an_answer_and_the_follow_up_still_comes(self, home, client):
        self._thanked(home, client)
        client.receive("Acme Careers <no-reply@hire.lever.co>", "Thank you for your documents, Acme",
                       "2021-11-29T10:00", "Hi Alex,\n\nWe have received your documents for the Staff "
                       "Engineer role at Acme. If you are not selected, we will keep your details on file.\n")

        report = run(home, client, f"{DUE}T08:00")

        assert follow_up_written(report)
        assert not [u for u in report["updates"] if u.get("change") == "replied"]

    def test_an_automated_message_mailflow_cannot_read_is_not_an_answer_and_the_follow_up_still_comes(
            self, home, client):
        self._thanked(home, client)
        # a tracking system's no-reply address, the company only in its tenant, wording no rule knows
        client.receive("Careers <no-reply@acme.teamtailor-mail.com>", "Status of your file", "2021-11-29T10:00",
                       "Hi Alex,\n\nYour file now sits with the people who look after this opening. "
                       "There is nothing you need to do at this point.\n")

        report = run(home, client, f"{DUE}T08:00")

        assert follow_up_written(report)
        assert not [u for u in report["updates"] if u.get("change") == "replied"]
        assert any("Acme: an automated message" in w for w in report["warnings"])
        listed = json.loads(mailflow(home, client, "inbox", "--json", now=f"{DUE}T08:00").output)["messages"]
        (mail,) = [m for m in listed if m["from"] == "no-reply@acme.teamtailor-mail.com"]
        assert mail["class"] == "automated" and mail["company"] == "Acme" and "not an answer" in mail["did"]
        again = run(home, client, f"{DUE}T09:00")  # read once: said once
        assert not any("automated message" in w for w in again["warnings"])

    def test_an_out_of_office_with_a_return_date_holds_the_follow_up_until_the_return(self, home, client):
        self._thanked(home, client)
        client.receive("Ana Lima <ana.lima@acme.example>", "Automatic reply: Thank you", "2021-11-26T09:00",
                       "I am out of the office and will be back on Wednesday, December 8.\n",
                       Auto_Submitted="auto-replied")

        assert not follow_up_written(run(home, client, f"{DUE}T08:00"))
        assert status(home, f"{DUE}T08:00")["follow_up"]["due"] == "2021-12-08"
        assert follow_up_written(run(home, client, "2021-12-08T08:00"))

    def test_an_offer_drafts_one_timing_note_to_each_other_application_and_accept_withdraws_them(self, home, client):
        kim = "kim.park@globex.example"
        home.write_calendar(onsite_panel("20211124"), vevent(
            "screen-1@globex.example", "Globex — Technical interview", ";TZID=America/New_York:20211123T100000",
            ";TZID=America/New_York:20211123T110000", organizer=f";CN=Kim Park:mailto:{kim}",
            attendees=(f";CN=Kim Park;PARTSTAT=ACCEPTED:mailto:{kim}", f";PARTSTAT=ACCEPTED:mailto:{ME}")))
        run(home, client, NOW)
        client.send_as_written(key_to(client, ANA), at=SENT_AT)
        run(home, client, "2021-11-25T19:00")
        client.receive("Sam Lee <sam.lee@acme.example>", "Your offer from Acme", "2021-11-29T10:00",
                       "Hi Alex,\n\nWe are delighted to offer you the position of Senior Backend Engineer. "
                       "Please find your offer letter attached.\n\nSam\n")
        report = run(home, client, "2021-11-29T12:00")
        assert any("mailflow accept" in u.get("why", "") for u in report["updates"] if u.get("change") == "replied") \
            or "mailflow accept" in status(home, "2021-11-29T12:00")["follow_ups"]["why"]

        result = mailflow(home, client, "offer", "Acme", "--respond-by", "2021-12-03", "--json", now="2021-11-29T12:00")

        assert result.exit_code == 0, result.output
        (note,) = [m for m in client.drafts() if str(m["X-Mailflow-Key"] or "").startswith("offer_timing")]
        assert to(note) == kim
        text = note.get_content() + str(note["Subject"])
        assert "Acme" not in text and "December 3" in text and "Globex" in text
        again = mailflow(home, client, "offer", "Acme", "--respond-by", "2021-12-03", "--json", now="2021-11-29T13:00")
        assert again.exit_code == 0 and json.loads(again.output)["drafts"] == []
        assert len([m for m in client.drafts() if str(m["X-Mailflow-Key"] or "").startswith("offer_timing")]) == 1

        accepted = mailflow(home, client, "accept", "Acme", now="2021-11-29T14:00")

        assert accepted.exit_code == 0, accepted.output
        assert not [m for m in client.drafts() if str(m["X-Mailflow-Key"] or "").startswith("offer_timing")]
        assert f"to {kim}: Timing for the" in accepted.output

    def test_the_follow_up_joins_the_thread_of_the_sent_note_and_a_reply_withdraws_it(self, home, client):
        # the main contact got a thank-you: the follow-up joins its thread
        home.config.write_text(home.config.read_text() + ACME_CONTACT_ANA)
        run(home, client, NOW)
        note = client.send_as_written(key_to(client, ANA), at=SENT_AT)

        result = mailflow(home, client, "run", now="2021-12-08T10:00")  # 5 business days later

        assert result.exit_code == 0, result.output
        follow_up = draft_to(client, ANA)
        assert follow_up["In-Reply-To"] == note["Message-ID"]
        assert follow_up["Subject"] == f"Re: {note['Subject']}"
        assert client.in_thread_of(key_to(client, ANA, "follow_up"), note)
        client.receive("Sam Lee <sam.lee@acme.example>", f"Re: {note['Subject']}", "2021-12-08T11:05",
                       in_reply_to=str(note["Message-ID"]))
        report = run(home, client, "2021-12-08T12:00")
        assert {"application": "Acme", "change": "replied", "from": "sam.lee@acme.example"}.items() <= next(
            u for u in report["updates"] if u.get("change") == "replied").items()
        assert ANA not in recipients(client)  # deleted from the drafts
        follow_ups = [m["status"] for m in status(home, "2021-12-08T12:00")["messages"] if m["kind"] == "follow_up"]
        assert follow_ups == ["cancelled"]
